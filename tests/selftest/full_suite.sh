#!/bin/bash
# full_suite.sh JOBSCONF OUTDIR
# selftest.full-suite: `jobsconf run` against the bundled reference (no
# --endpoint) must exit 0 with every scenario PASS: no FAIL, no ERROR, and no
# SKIP either (the bundled jobsref has a virtual clock and admin routes, so
# every need of every scenario is met), and every listed scenario must have run.
set -u
if [ $# -ne 2 ]; then echo "usage: full_suite.sh JOBSCONF OUTDIR" >&2; exit 2; fi
JOBSCONF=$1 OUTDIR=$2
LIMIT=${SELFTEST_RUN_LIMIT:-300}
rm -rf "$OUTDIR"
mkdir -p "$OUTDIR"
runner_pid=""
cleanup() { [ -n "$runner_pid" ] && kill "$runner_pid" 2>/dev/null; wait 2>/dev/null; }
trap cleanup EXIT
trap 'exit 130' INT TERM

"$JOBSCONF" list --json >"$OUTDIR/list.json" || { echo "full_suite: jobsconf list --json failed" >&2; exit 1; }
timeout -k 5 "$LIMIT" "$JOBSCONF" run --report-dir "$OUTDIR/reports" >"$OUTDIR/jobsconf.out" 2>&1 &
runner_pid=$!
wait "$runner_pid" 2>/dev/null
rc=$?
runner_pid=""
tail -3 "$OUTDIR/jobsconf.out"
python3 - "$OUTDIR" "$rc" <<'PY'
import json, os, sys
out, rc = sys.argv[1], int(sys.argv[2])
problems = []
with open(os.path.join(out, "jobsconf.out"), errors="replace") as f:
    if any("Sanitizer" in l or "runtime error:" in l for l in f):
        problems.append("a sanitizer report in jobsconf's output (see jobsconf.out)")
if rc != 0:
    problems.append(f"jobsconf run exited {rc}, expected 0" + (" (killed by the time limit)" if rc in (124, 137) else ""))
path = os.path.join(out, "reports", "results.json")
if not os.path.exists(path):
    problems.append("no results.json was written; the end of jobsconf's output:")
    with open(os.path.join(out, "jobsconf.out"), errors="replace") as f:
        problems.extend("    " + l.rstrip() for l in f.readlines()[-15:])
else:
    res = json.load(open(path, encoding="utf-8"))
    listed = {s["id"] for s in json.load(open(os.path.join(out, "list.json"), encoding="utf-8"))["scenarios"]}
    ran = {s["id"] for s in res["scenarios"]}
    for s in res["scenarios"]:
        if s["status"] != "PASS":
            problems.append(f"{s['status']} {s['id']}")
            problems.extend("    " + l[:300] for l in (s.get("message") or "(no message)").splitlines()[:5])
    for sid in sorted(listed - ran):
        problems.append(f"NOT RUN {sid}")
    print(f"full-suite: {len(ran)} scenario(s) run, {sum(s['status'] == 'PASS' for s in res['scenarios'])} passed")
if problems:
    print("\n".join(problems))
    sys.exit(1)
PY
