#!/bin/bash
# selftest.checkers: the checkers of the self-tests can fail. Feeds
# check_faults.py, must_coverage.py and check_broken.py made-up results, good
# and bad, and expects exit 0 for the good ones and 1 for each bad one.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fails=0
expect() { # expect RC DESCRIPTION COMMAND...
    local want=$1 what=$2
    shift 2
    "$@" >"$T/out" 2>&1
    local got=$?
    if [ "$got" -ne "$want" ]; then
        echo "FAIL: $what: exit $got, expected $want"; sed 's/^/    /' "$T/out"; fails=$((fails + 1))
    else
        echo "ok   $what"
    fi
}

python3 - "$T" <<'PY'
import json, os, sys
t = sys.argv[1]
def scen(i, st="PASS", msg=None, tr=None):
    return {"id": i, "status": st, "message": msg, "transcript": tr or []}
lst = {"scenarios": [{"id": i, "requirements": ["R-1"]} for i in ("a.one", "a.two", "b.three")],
       "requirements": [{"id": "R-1", "level": "MUST", "scenarios": ["a.one", "a.two", "b.three"]},
                        {"id": "R-2", "level": "SHOULD", "scenarios": []}]}
json.dump(lst, open(f"{t}/list.json", "w"))
open(f"{t}/faults.txt", "w").write("f-one\nf-two\n")
def fault_dir(root, fault, rc, scs, server="alive", log=""):
    d = f"{root}/{fault}"; os.makedirs(d)
    open(f"{d}/rc", "w").write(f"{rc}\n"); open(f"{d}/server", "w").write(server + "\n")
    open(f"{d}/jobsref.log", "w").write(log); open(f"{d}/jobsconf.out", "w").write("")
    json.dump({"scenarios": scs}, open(f"{d}/results.json", "w"))
good = f"{t}/good"
fault_dir(good, "f-one", 1, [scen("a.one", "FAIL", "x"), scen("a.two"), scen("b.three")])
fault_dir(good, "f-two", 1, [scen("a.one"), scen("a.two", "ERROR", "y"), scen("b.three")])
open(f"{t}/map.txt", "w").write("# c\nf-one a.one\nf-two a.two\nf-two b.three\n")
open(f"{t}/map-unknown.txt", "w").write("f-one a.one nope.x\nf-two a.two\nf-three a.one\n")
open(f"{t}/map-missing.txt", "w").write("f-one a.one\n")
bad = {
 "collateral": [("f-one", 1, [scen("a.one", "FAIL", "x"), scen("b.three", "FAIL", "z")])],
 "uncaught":   [("f-one", 1, [scen("a.one"), scen("a.two")])],
 "exit0":      [("f-one", 0, [scen("a.one", "FAIL", "x")])],
 "crashed":    [("f-one", 1, [scen("a.one", "FAIL", "x")], "died")],
 "asan":       [("f-one", 1, [scen("a.one", "FAIL", "x")], "alive", "==1==ERROR: AddressSanitizer: heap-use-after-free")],
}
for name, runs in bad.items():
    for r in runs:
        fault_dir(f"{t}/{name}", *r)
    fault_dir(f"{t}/{name}", "f-two", 1, [scen("a.two", "FAIL", "y")])
# must-coverage
json.dump(lst, open(f"{t}/cov-good.json", "w"))
l2 = json.loads(json.dumps(lst)); l2["requirements"].append({"id": "R-3", "level": "MUST", "scenarios": []})
json.dump(l2, open(f"{t}/cov-uncovered.json", "w"))
l3 = json.loads(json.dumps(lst)); l3["scenarios"][0]["requirements"] = ["R-9"]
json.dump(l3, open(f"{t}/cov-unknown.json", "w"))
# check_broken: a good html500 run, a killed one, a silent ERROR, a missing summary
def broken_dir(root, run, rc, scs, stdout="jobsconf: 0 passed, 1 failed, 0 skipped, 0 errors, 0 disabled (1 s)\n",
               server_err=""):
    d = f"{root}/{run}"; os.makedirs(f"{d}/reports")
    open(f"{d}/rc", "w").write(f"{rc}\n"); open(f"{d}/seconds", "w").write("1\n")
    open(f"{d}/stdout", "w").write(stdout); open(f"{d}/stderr", "w").write("")
    open(f"{d}/server.err", "w").write(server_err)
    json.dump({"scenarios": scs}, open(f"{d}/reports/results.json", "w"))
dead = [{"method": "GET", "url": "http://h/jobs/x", "status": 0, "transportError": "Couldn't connect to server"}]
def broken_set(root, html500_scs, rc=1, stdout=None):
    kw = {} if stdout is None else {"stdout": stdout}
    broken_dir(root, "mode-html500", rc, html500_scs, **kw)
    broken_dir(root, "rotate", 1, [scen("a.one", "FAIL", "f"), scen("a.two", "ERROR", "e")])
    broken_dir(root, "die", 1, [scen("a.one", "ERROR", "gone", dead)], server_err="dying\n")
broken_set(f"{t}/b-good", [scen("a.one", "ERROR", "unexpected 500"), scen("a.two", "SKIP", "needs a clock")])
broken_set(f"{t}/b-skip", [scen("a.one", "SKIP", "setup: odd", [{"method": "PUT", "url": "http://h/jobs/x", "status": 500}])])
broken_set(f"{t}/b-signal", [scen("a.one", "ERROR", "x")], rc=134)
broken_set(f"{t}/b-nomsg", [scen("a.one", "ERROR", "")])
broken_set(f"{t}/b-fail", [scen("a.one", "FAIL", "should have been an ERROR")])
broken_set(f"{t}/b-pass", [scen("a.one", "PASS")])
broken_set(f"{t}/b-nosummary", [scen("a.one", "ERROR", "x")], stdout="")
PY

CF=("$HERE/check_faults.py" --list "$T/list.json" --faults "$T/faults.txt")
expect 0 "check_faults: every fault caught, no collateral" python3 "${CF[@]}" --map "$T/map.txt" --results "$T/good"
for b in collateral uncaught exit0 crashed asan; do
    expect 1 "check_faults: $b is refused" python3 "${CF[@]}" --map "$T/map.txt" --results "$T/$b"
done
expect 1 "check_faults: unknown scenario or fault in the map" python3 "${CF[@]}" --map "$T/map-unknown.txt" --results "$T/good"
expect 1 "check_faults: a fault without a map line" python3 "${CF[@]}" --map "$T/map-missing.txt" --results "$T/good"
expect 0 "must_coverage: all MUSTs covered" python3 "$HERE/must_coverage.py" "$T/cov-good.json"
expect 1 "must_coverage: an uncovered MUST" python3 "$HERE/must_coverage.py" "$T/cov-uncovered.json"
expect 1 "must_coverage: an unknown requirement ID" python3 "$HERE/must_coverage.py" "$T/cov-unknown.json"
expect 0 "check_broken: clean runs" python3 "$HERE/check_broken.py" "$T/b-good" 60 html500
for b in signal nomsg fail pass nosummary skip; do
    expect 1 "check_broken: $b is refused" python3 "$HERE/check_broken.py" "$T/b-$b" 60 html500
done
[ "$fails" -eq 0 ] || { echo "$fails checker test(s) failed"; exit 1; }
