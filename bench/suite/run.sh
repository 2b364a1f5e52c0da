#!/usr/bin/env bash
# Benchmark of the whole conformance suite against the embedded reference:
# wall time of `jobsconf run` with --jobs 1 and --jobs 4 (median, best and
# worst of N runs each), CPU time of the runs (runner + embedded jobsref +
# its mosquitto), the number of scenarios and of HTTP requests made (which
# a speed-up must not reduce). Targets: the whole suite in <= 1.0 s with
# --jobs 1 and <= 0.6 s with --jobs 4 (median).
#
# The timed runs are plain runs (`--format json`, the default
# `--transcripts failures`). The HTTP requests are counted in one more run
# with `--transcripts all` (every request's transcript, at most 200 per
# scenario; its wall time is printed too, it is not part of the medians),
# and from the operation table of the timed runs (API calls, without the
# admin calls that move jobsref's virtual clock).
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
import json, os, resource, statistics, subprocess, sys, time
jobsconf, tmp, runs, jobs_list = sys.argv[1], sys.argv[2], int(sys.argv[3]), [int(j) for j in sys.argv[4].split()]
targets = {1: 1.0, 4: 0.6}


def load():
    return " ".join(open("/proc/loadavg").read().split()[:3])


def run(jobs, report_dir, extra=()):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.monotonic()
    rc = subprocess.run([jobsconf, "run", "--jobs", str(jobs), "--report-dir", report_dir, "--format", "json", *extra],
                        stdout=subprocess.DEVNULL).returncode
    wall = time.monotonic() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    if rc != 0:
        print(f"bench/suite: --jobs {jobs} run exited {rc} (figures below still measured)")
    return wall, cpu


print("bench/suite: the full conformance suite against the embedded jobsref")
print(f"  machine              {os.cpu_count()} cpus, load average {load()} (before)")
for jobs in jobs_list:
    times, cpus = [], []
    for i in range(runs):
        w, c = run(jobs, f"{tmp}/j{jobs}r{i}")
        times.append(w)
        cpus.append(c)
    res = json.load(open(f"{tmp}/j{jobs}r0/results.json"))
    scen = res["scenarios"]
    calls = sum(o.get("calls", 0) for o in res.get("operations", []))
    reqs = {r["id"] for r in res["requirements"] if r.get("covered")}
    all_wall, _ = run(jobs, f"{tmp}/j{jobs}all", ("--transcripts", "all"))
    full = json.load(open(f"{tmp}/j{jobs}all/results.json"))
    requests = sum(len(s.get("transcript", [])) for s in full["scenarios"])
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
    print(f"    CPU time median      {statistics.median(cpus):.2f} s  [{min(cpus):.2f} - {max(cpus):.2f}] "
          "(runner + jobsref + mosquitto, user + system)")
    print(f"    scenarios            {len(scen)}  ({res['counts']})")
    print(f"    requirements covered {len(reqs)} of {len(res['requirements'])}")
    print(f"    HTTP requests        {requests}  (transcripts of a --transcripts all run, {all_wall:.2f} s; "
          "at most 200 recorded per scenario)")
    print(f"    API calls            {calls}  (operation table of the timed runs)")
    print(f"    summed durations     {sum(by_suite.values()):.2f} s; by suite: "
          + ", ".join(f"{k} {v:.2f} s" for k, v in top))
    print("    slowest scenarios    " + ", ".join(f"{s['id']} {s['durationMs'] / 1000:.2f} s" for s in slowest))
print(f"  load average after   {load()}")
PY
