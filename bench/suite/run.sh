#!/usr/bin/env bash
# Benchmark of the whole conformance suite against the embedded reference:
# wall time of `jobsconf run` with --jobs 1 and --jobs 4 (median, best and
# worst of N runs each), the number of scenarios and of HTTP requests made
# (which a speed-up must not reduce). Targets: the whole suite in <= 1.0 s
# with --jobs 1 and <= 0.6 s with --jobs 4 (median).
# Usage: bench/suite/run.sh [RUNS]   (expects build/default, or $BUILD;
#        JOBS="1 4" to choose the --jobs values)
set -euo pipefail
cd "$(dirname "$0")/../.."
build=${BUILD:-build/default}
runs=${1:-5}
jobsconf="$build/runners/jobsconf"
[ -x "$jobsconf" ] || { echo "bench/suite: build first ($jobsconf missing)" >&2; exit 2; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 - "$jobsconf" "$tmp" "$runs" "${JOBS:-1 4}" <<'PY'
import json, os, statistics, subprocess, sys, time
jobsconf, tmp, runs, jobs_list = sys.argv[1], sys.argv[2], int(sys.argv[3]), [int(j) for j in sys.argv[4].split()]
targets = {1: 1.0, 4: 0.6}
print("bench/suite: the full conformance suite against the embedded jobsref")
print(f"  machine              {os.cpu_count()} cpus, load average {' '.join(open('/proc/loadavg').read().split()[:3])}")
for jobs in jobs_list:
    times = []
    for i in range(runs):
        t0 = time.monotonic()
        rc = subprocess.run([jobsconf, "run", "--jobs", str(jobs), "--report-dir", f"{tmp}/j{jobs}r{i}", "--format", "json",
                             "--transcripts", "all"], stdout=subprocess.DEVNULL).returncode
        times.append(time.monotonic() - t0)
        if rc != 0:
            print(f"bench/suite: --jobs {jobs} run {i + 1} exited {rc} (figures below still measured)")
    res = json.load(open(f"{tmp}/j{jobs}r0/results.json"))
    scen = res["scenarios"]
    requests = sum(len(s.get("transcript", [])) for s in scen)
    reqs = {r["id"] for r in res["requirements"] if r.get("covered")}
    med = statistics.median(times)
    target = targets.get(jobs)
    verdict = "" if target is None else f"   (target <= {target} s: {'met' if med <= target else 'MISSED'})"
    # where the time goes: the scenarios' summed durations by suite, the top ones
    by_suite = {}
    for s in scen:
        by_suite[s["suite"]] = by_suite.get(s["suite"], 0.0) + s.get("durationMs", 0.0) / 1000
    top = sorted(by_suite.items(), key=lambda kv: -kv[1])[:3]
    slowest = sorted(scen, key=lambda s: -s.get("durationMs", 0.0))[:3]
    print(f"  --jobs {jobs}")
    print(f"    runs                 {len(times)}")
    print(f"    wall time median     {med:.2f} s  [best {min(times):.2f} - worst {max(times):.2f}]{verdict}")
    print(f"    scenarios            {len(scen)}  ({res['counts']})")
    print(f"    requirements covered {len(reqs)} of {len(res['requirements'])}")
    print(f"    HTTP requests        {requests}  (transcripts; at most 200 recorded per scenario)")
    print(f"    summed durations     {sum(by_suite.values()):.2f} s; by suite: "
          + ", ".join(f"{k} {v:.2f} s" for k, v in top))
    print("    slowest scenarios    " + ", ".join(f"{s['id']} {s['durationMs'] / 1000:.2f} s" for s in slowest))
PY
