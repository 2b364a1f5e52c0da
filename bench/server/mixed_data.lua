-- Mixed data-plane load for jobsref: 70% reads (GetPendingJobExecutions,
-- DescribeJobExecution, DescribeJobExecution $next), 30%
-- UpdateJobExecution. run.sh started seed0 on every thing t0..t{SEED_THINGS-1},
-- so updates keep an IN_PROGRESS execution IN_PROGRESS with new details.
local SEED_JOBS = tonumber(os.getenv("SEED_JOBS") or "20")
local SEED_THINGS = tonumber(os.getenv("SEED_THINGS") or "32")

local counter = 0
function setup(thread)
   counter = counter + 1
   thread:set("wrk_tid", counter)
end

local my_id, n
function init(args)
   my_id = tonumber(wrk_tid) or 0
   n = 0
   math.randomseed(os.time() + my_id * 104729)
end

local json_headers = { ["Content-Type"] = "application/json" }

function request()
   local r = math.random(100)
   local thing = "t" .. math.random(0, SEED_THINGS - 1)
   if r <= 30 then
      return wrk.format("GET", "/things/" .. thing .. "/jobs")
   elseif r <= 55 then
      local job = "seed" .. math.random(0, SEED_JOBS - 1)
      return wrk.format("GET", "/things/" .. thing .. "/jobs/" .. job)
   elseif r <= 70 then
      return wrk.format("GET", "/things/" .. thing .. "/jobs/%24next")
   else
      n = n + 1
      local body = '{"status":"IN_PROGRESS","statusDetails":{"step":"' .. my_id .. '-' .. n .. '"}}'
      return wrk.format("POST", "/things/" .. thing .. "/jobs/seed0", json_headers, body)
   end
end
-- No response() callback: it would slow wrk down; run.sh reads wrk's
-- "Non-2xx or 3xx responses" count instead.
