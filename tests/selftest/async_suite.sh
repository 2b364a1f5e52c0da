#!/bin/bash
# async_suite.sh JOBSREF JOBSCONF OUTDIR MODE
# selftest.async (MODE=poll): the whole suite against `jobsref --profile
# async` (reads lag every change, a share of requests is throttled; virtual
# clock, admin routes, SigV4 with a credential made for the run) with the
# runner's defaults (polling, --max-retries 3) must give no FAIL, ERROR or
# BLOCKED, and the server must have throttled and lagged (its counters).
# selftest.async-nopoll (MODE=nopoll): the same server with polling and
# retries off (--poll-deadline 0.001, --max-retries 0) must FAIL or ERROR
# scenarios: the profile is real, and the first run passed because the
# suite polls and retries, not because nothing was lagged.
# selftest.async-throttle (MODE=throttle): every first request is throttled
# (--throttle-permille 1000, no lag); the CreateJob suite must pass with the
# default --max-retries, each scenario's transcript showing the throttled
# exchange and its retry, and must fail with --max-retries 0.
# Every wait is bounded; jobsref and jobsconf are stopped on any exit.
set -u
. "$(dirname "$0")/jobsref_endpoints.sh"
if [ $# -ne 4 ]; then echo "usage: async_suite.sh JOBSREF JOBSCONF OUTDIR poll|nopoll" >&2; exit 2; fi
JOBSREF=$1 JOBSCONF=$2 OUTDIR=$3 MODE=$4
LIMIT=${SELFTEST_RUN_LIMIT:-300}
LAG_MS=${SELFTEST_ASYNC_LAG_MS:-300}
THROTTLE=${SELFTEST_ASYNC_THROTTLE_PERMILLE:-50}
case "$MODE" in
poll) runner_opts=(--poll-deadline 10 --jobs 2) ;;
nopoll) runner_opts=(--poll-deadline 0.001 --max-retries 0 --jobs 2) ;;
throttle) runner_opts=(--suite createjob --transcripts all); LAG_MS=0; THROTTLE=1000 ;;
throttle-off) runner_opts=(--suite createjob --max-retries 0); LAG_MS=0; THROTTLE=1000 ;;
*) echo "async_suite.sh: MODE must be poll, nopoll, throttle or throttle-off" >&2; exit 2 ;;
esac
rm -rf "$OUTDIR"
mkdir -p "$OUTDIR"
server_pid="" runner_pid=""
stop() {
    local p=$1
    [ -n "$p" ] || return 0
    kill "$p" 2>/dev/null || return 0
    for _ in $(seq 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$p" 2>/dev/null
    wait "$p" 2>/dev/null
}
cleanup() { stop "$runner_pid"; stop "$server_pid"; }
trap cleanup EXIT
trap 'exit 130' INT TERM

akid="AKIDAS$(od -An -N7 -tx1 /dev/urandom | tr -d ' \n' | tr a-f A-F)"
secret=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
printf '%s %s\n' "$akid" "$secret" >"$OUTDIR/credentials"
timeout -k 5 $((LIMIT + 60)) "$JOBSREF" --profile async --async-lag-ms "$LAG_MS" --throttle-permille "$THROTTLE" \
    --async-seed 12 --clock virtual --admin --auth sigv4 --credentials "$OUTDIR/credentials" \
    --control-port 0 --data-port 0 --deletion-delay 1000 --quiet >"$OUTDIR/jobsref.out" 2>"$OUTDIR/jobsref.log" &
server_pid=$!
if ! jobsref_endpoints "$OUTDIR/jobsref.out" "$server_pid"; then
    echo "async_suite.sh: jobsref --profile async did not print its endpoints" >&2
    cat "$OUTDIR/jobsref.log" >&2
    exit 1
fi
admin_token=$(sed -n 's/^admin-token \([^ ]*\)$/\1/p' "$OUTDIR/jobsref.out")
AWS_ACCESS_KEY_ID=$akid AWS_SECRET_ACCESS_KEY=$secret JOBSCONF_ADMIN_TOKEN=$admin_token \
    timeout -k 5 "$LIMIT" "$JOBSCONF" run --endpoint "$control" --data-endpoint "$data" \
    --report-dir "$OUTDIR/reports" --format json --prefix "as${MODE//-/}" "${runner_opts[@]}" \
    >"$OUTDIR/jobsconf.out" 2>&1 &
runner_pid=$!
wait "$runner_pid" 2>/dev/null
rc=$?
runner_pid=""
stop "$server_pid" # its counters go to jobsref.log when it stops
server_pid=""
tail -2 "$OUTDIR/jobsconf.out"
python3 - "$OUTDIR" "$rc" "$MODE" <<'PY'
import json, os, re, sys
out, rc, mode = sys.argv[1], int(sys.argv[2]), sys.argv[3]
path = os.path.join(out, "reports", "results.json")
if not os.path.exists(path):
    print(f"async: no results.json (jobsconf exited {rc}); the end of its output:")
    with open(os.path.join(out, "jobsconf.out"), errors="replace") as f:
        print("".join(f.readlines()[-15:]))
    sys.exit(1)
res = json.load(open(path, encoding="utf-8"))
bad = [s for s in res["scenarios"] if s["status"] in ("FAIL", "ERROR", "BLOCKED")]
count = {k: sum(s["status"] == k for s in res["scenarios"]) for k in ("PASS", "FAIL", "ERROR", "BLOCKED", "SKIP")}
log = open(os.path.join(out, "jobsref.log"), errors="replace").read()
m = re.search(r"profile async: (\d+) stale reads?, (\d+) throttled", log)
stale, throttled = (int(m.group(1)), int(m.group(2))) if m else (None, None)
print(f"async-{mode}: {count}, server: {stale} stale reads, {throttled} throttled")
problems = []
for name in ("jobsref.log", "jobsconf.out"):
    with open(os.path.join(out, name), errors="replace") as f:
        if any("Sanitizer" in l or "runtime error:" in l for l in f):
            problems.append(f"a sanitizer report in {name}")
if stale is None:
    problems.append("jobsref did not report its async counters (see jobsref.log)")
elif throttled == 0 or (stale == 0 and not mode.startswith("throttle")):
    problems.append("the profile lagged or throttled nothing: the run proves nothing")
def throttled_then_retried(t):
    # a throttled exchange followed by the same request again
    for a, b in zip(t, t[1:]):
        if '"Rate exceeded' in (a.get("responseBody") or "") and (a["method"], a["url"]) == (b["method"], b["url"]):
            return True
    return False
if mode == "throttle":
    if rc != 0:
        problems.append(f"jobsconf exited {rc}, expected 0: every request was retried once and must pass")
    for s in res["scenarios"]:
        if s["status"] != "PASS":
            problems.append(f"{s['status']} {s['id']}")
            problems.extend("    " + l[:300] for l in (s.get("message") or "").splitlines()[:6])
        elif not throttled_then_retried(s.get("transcript") or []):
            problems.append(f"{s['id']}: its transcript shows no throttled exchange followed by its retry")
    if count["PASS"] < 10:
        problems.append(f"only {count['PASS']} scenarios passed")
elif mode == "throttle-off":
    # the run's own preparation may already fail (exit 3), or the scenarios do (exit 1)
    if rc == 0:
        problems.append("with --max-retries 0 and every first request throttled, the CreateJob suite still passed")
    else:
        print(f"async-throttle-off: jobsconf exited {rc} as it must ({len(bad)} scenario(s) failed)")
elif mode == "poll":
    if rc != 0:
        problems.append(f"jobsconf exited {rc}, expected 0")
    for s in bad:
        problems.append(f"{s['status']} {s['id']}")
        problems.extend("    " + l[:300] for l in (s.get("message") or "").splitlines()[:6])
    if count["PASS"] < 300:
        problems.append(f"only {count['PASS']} scenarios passed")
else:  # nopoll
    if rc == 0 or not bad:
        problems.append("with polling and retries off the suite still passed: the async profile is not real")
    else:
        print(f"async-nopoll: {len(bad)} scenario(s) failed as they must, e.g. " +
              ", ".join(s["id"] for s in bad[:5]))
if problems:
    print("\n".join(problems))
    sys.exit(1)
PY
