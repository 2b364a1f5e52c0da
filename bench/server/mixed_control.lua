-- Mixed control-plane load for jobsref: 70% reads (DescribeJob, ListJobs,
-- DescribeJobExecution, ListJobExecutionsForThing) over the seeded jobs and
-- things, 30% CreateJob with ids unique per wrk thread and run.
-- Seeded by run.sh: jobs seed0..seed{SEED_JOBS-1}, each targeting things
-- t0..t{SEED_THINGS-1}; CreateJob targets the thing "sink" only, so reads do
-- not grow with the writes.
local SEED_JOBS = tonumber(os.getenv("SEED_JOBS") or "20")
local SEED_THINGS = tonumber(os.getenv("SEED_THINGS") or "32")
local RUN = os.getenv("BENCH_RUN") or tostring(os.time())
local SINK = "arn:aws:iot:us-east-1:123456789012:thing/sink"

local counter = 0

function setup(thread)
   counter = counter + 1
   thread:set("wrk_tid", counter)
end

local my_id, n

function init(args)
   my_id = tonumber(wrk_tid) or 0
   n = 0
   math.randomseed(os.time() + my_id * 7919)
end

local json_headers = { ["Content-Type"] = "application/json" }

function request()
   local r = math.random(100)
   local job = "seed" .. math.random(0, SEED_JOBS - 1)
   local thing = "t" .. math.random(0, SEED_THINGS - 1)
   if r <= 25 then
      return wrk.format("GET", "/jobs/" .. job)
   elseif r <= 40 then
      return wrk.format("GET", "/jobs?maxResults=25")
   elseif r <= 60 then
      return wrk.format("GET", "/things/" .. thing .. "/jobs/" .. job)
   elseif r <= 70 then
      return wrk.format("GET", "/things/" .. thing .. "/jobs?maxResults=25")
   else
      n = n + 1
      local id = "m" .. RUN .. "-" .. my_id .. "-" .. n
      local body = '{"targets":["' .. SINK .. '"],"document":"{\\"n\\":' .. n .. '}"}'
      return wrk.format("PUT", "/jobs/" .. id, json_headers, body)
   end
end
-- No response() callback: it would slow wrk down; run.sh reads wrk's
-- "Non-2xx or 3xx responses" count instead.
