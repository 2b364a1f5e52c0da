#!/usr/bin/env bash
# Benchmark of the whole conformance suite against the embedded reference:
# wall time of `jobsconf run` (best and median of N runs), the number of
# scenarios and of HTTP requests made. Target: the whole suite in <= 5 s.
# Usage: bench/suite/run.sh [RUNS]   (expects build/default, or $BUILD)
set -euo pipefail
cd "$(dirname "$0")/../.."
build=${BUILD:-build/default}
runs=${1:-5}
jobsconf="$build/runners/jobsconf"
[ -x "$jobsconf" ] || { echo "bench/suite: build first ($jobsconf missing)" >&2; exit 2; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 - "$jobsconf" "$tmp" "$runs" <<'PY'
import json, statistics, subprocess, sys, time
jobsconf, tmp, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
times = []
for i in range(runs):
    t0 = time.monotonic()
    rc = subprocess.run([jobsconf, "run", "--report-dir", f"{tmp}/r{i}", "--format", "json", "--transcripts", "all"],
                        stdout=subprocess.DEVNULL).returncode
    times.append(time.monotonic() - t0)
    if rc != 0:
        print(f"bench/suite: run {i + 1} exited {rc} (figures below still measured)")
res = json.load(open(f"{tmp}/r0/results.json"))
times.sort()
scen = res["scenarios"]
requests = sum(len(s.get("transcript", [])) for s in scen)
reqs = {r["id"] for r in res["requirements"] if r.get("covered")}
print("bench/suite: the full conformance suite against the embedded jobsref")
print(f"  runs                 {len(times)}")
print(f"  wall time best       {times[0]:.2f} s")
print(f"  wall time median     {statistics.median(times):.2f} s   (target <= 5 s)")
print(f"  scenarios            {len(scen)}  ({res['counts']})")
print(f"  requirements covered {len(reqs)} of {len(res['requirements'])}")
print(f"  HTTP requests        {requests}  (transcripts; at most 200 recorded per scenario)")
PY
