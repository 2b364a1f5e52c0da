#!/usr/bin/env bash
# Memory benchmark of the runner against a server that answers every request
# with an 8 MB JSON body (tests/selftest broken_server --mode bigjson): the
# peak RSS of `jobsconf run` (target <= 200 MB), its wall time, and the size
# of each report; every report must parse (xmllint --noout, JSON load).
# Usage: bench/memory/run.sh [jobsconf run options, e.g. --suite describejob]
#        (expects build/default, or $BUILD; default: the whole suite)
set -euo pipefail
cd "$(dirname "$0")/../.."
build=${BUILD:-build/default}
jobsconf="$build/runners/jobsconf"
server="$build/tests/selftest/selftest_broken_server"
for b in "$jobsconf" "$server"; do
    [ -x "$b" ] || { echo "bench/memory: build first ($b missing)" >&2; exit 2; }
done
command -v xmllint >/dev/null || { echo "bench/memory: xmllint missing (libxml2-utils)" >&2; exit 2; }

tmp=$(mktemp -d)
"$server" --mode bigjson --lifetime 3600 >"$tmp/server.out" 2>"$tmp/server.err" &
spid=$!
trap 'kill $spid 2>/dev/null; wait $spid 2>/dev/null; rm -rf "$tmp"' EXIT
for _ in $(seq 50); do grep -q '^data ' "$tmp/server.out" && break; sleep 0.1; done
control=$(sed -n 's/^control //p' "$tmp/server.out")
data=$(sed -n 's/^data //p' "$tmp/server.out")

python3 - "$jobsconf" "$control" "$data" "$tmp" "$@" <<'PY'
import json, os, subprocess, sys, time
jobsconf, control, data, tmp, extra = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5:]
rdir = os.path.join(tmp, "reports")
argv = [jobsconf, "run", "--endpoint", control, "--data-endpoint", data, "--timeout", "30",
        "--report-dir", rdir, *extra]
t0 = time.monotonic()
p = subprocess.Popen(argv, stdout=open(os.path.join(tmp, "stdout"), "wb"), stderr=subprocess.STDOUT)
_, status, usage = os.wait4(p.pid, 0)
secs = time.monotonic() - t0
rc = os.waitstatus_to_exitcode(status)
peak_mb = usage.ru_maxrss / 1024
ok = True
print(f"bench/memory: jobsconf run {' '.join(extra) or '(whole suite)'} against 8 MB answers")
print(f"  exit code        {rc}")
print(f"  wall time        {secs:.1f} s")
print(f"  peak RSS         {peak_mb:.1f} MB   (target <= 200 MB: {'met' if peak_mb <= 200 else 'NOT MET'})")
ok = ok and peak_mb <= 200
for name in ("junit.xml", "results.json", "report.html", "summary.md"):
    path = os.path.join(rdir, name)
    if not os.path.exists(path):
        print(f"  {name:16} MISSING")
        ok = False
        continue
    parses = True
    if name == "junit.xml":
        parses = subprocess.run(["xmllint", "--noout", path]).returncode == 0
    elif name == "results.json":
        try:
            res = json.load(open(path, encoding="utf-8"))
            print(f"  scenarios        {len(res['scenarios'])} ({res['counts']})")
        except ValueError:
            parses = False
    print(f"  {name:16} {os.path.getsize(path) / 1024:.0f} KB{'' if parses else '  DOES NOT PARSE'}")
    ok = ok and parses
sys.exit(0 if ok else 1)
PY
