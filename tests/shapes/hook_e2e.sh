#!/bin/bash
# hook_e2e.sh JOBSREF JOBSCONF OUTDIR
# shapes.hook: the shape check runs on every exchange of every scenario, by
# itself. Against `jobsref --fault error-status-400` (every error sent as
# HTTP 400), registry scenarios that receive a 404 must FAIL with the hook's
# shape violation naming the operation and the model's status; against the
# plain reference the same scenarios must all pass with no shape violation.
set -u
. "$(dirname "$0")/../selftest/jobsref_endpoints.sh"
if [ $# -ne 3 ]; then echo "usage: hook_e2e.sh JOBSREF JOBSCONF OUTDIR" >&2; exit 2; fi
JOBSREF=$1 JOBSCONF=$2 OUTDIR=$3
rm -rf "$OUTDIR"; mkdir -p "$OUTDIR"
server_pid=""
cleanup() { [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null; wait 2>/dev/null; }
trap cleanup EXIT
trap 'exit 130' INT TERM

run() { # run NAME [jobsref args...]: leaves OUTDIR/NAME/{results.json,rc}
    local name=$1; shift
    local dir="$OUTDIR/$name"; mkdir -p "$dir"
    timeout -k 5 120 "$JOBSREF" --clock virtual --admin --control-port 0 --data-port 0 --quiet "$@" \
        >"$dir/jobsref.out" 2>"$dir/jobsref.log" &
    server_pid=$!
    local control="" data=""
    if ! jobsref_endpoints "$dir/jobsref.out" "$server_pid"; then echo "hook_e2e: jobsref did not start" >&2; exit 1; fi
    timeout -k 5 100 "$JOBSCONF" run --endpoint "$control" --data-endpoint "$data" --suite registry \
        --format json --report-dir "$dir" --prefix sh"$name" >"$dir/jobsconf.out" 2>&1
    echo $? >"$dir/rc"
    kill "$server_pid" 2>/dev/null; wait "$server_pid" 2>/dev/null; server_pid=""
}
run plain
run bad --fault error-status-400

python3 - "$OUTDIR" <<'PY'
import json, os, sys
out = sys.argv[1]
problems = []
def load(name):
    rc = open(os.path.join(out, name, "rc")).read().strip()
    res = json.load(open(os.path.join(out, name, "results.json"), encoding="utf-8"))
    return rc, {s["id"]: s for s in res["scenarios"]}
rc, plain = load("plain")
if rc != "0":
    problems.append(f"against the plain reference jobsconf exited {rc}, expected 0")
for sid, s in plain.items():
    if "response shape" in (s.get("message") or ""):
        problems.append(f"plain reference: {sid} reports a shape violation: {s['message'][:300]}")
rc, bad = load("bad")
if rc != "1":
    problems.append(f"against error-status-400 jobsconf exited {rc}, expected 1")
# the hook's own message (these scenarios check the status too: the test is that
# the hook spoke, naming the operation and the model's status)
want = {
    "registry.describe-unknown": "DescribeThing: (error): ResourceNotFoundException comes with HTTP 400, the iot model gives it 404",
    "registry.list-unknown-group": "ListThingsInThingGroup: (error): ResourceNotFoundException comes with HTTP 400",
}
for sid, text in want.items():
    s = bad.get(sid)
    if not s:
        problems.append(f"{sid} did not run")
    elif s["status"] != "FAIL" or text not in (s.get("message") or "") or "(check: response shape)" not in s["message"]:
        problems.append(f"{sid}: expected a FAIL naming '{text}', got {s['status']}: {(s.get('message') or '')[:300]}")
for p in problems:
    print("shapes.hook:", p)
print("shapes.hook:", "ok" if not problems else f"{len(problems)} problem(s)")
sys.exit(1 if problems else 0)
PY
