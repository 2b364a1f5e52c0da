#!/usr/bin/env python3
"""selftest.unsupported: a server that lacks operations gets BLOCKED, not PASS.

  unsupported.py JOBSREF JOBSCONF OUTDIR

Starts `jobsref --unsupported UpdateJob,AssociateTargetsWithJob` (every call
of those operations answered 400 InvalidRequestException "Unsupported
path", as an emulator answers what it lacks), runs the UpdateJob and
AssociateTargetsWithJob suites against it, and checks:
  - no scenario whose operation under test is one of them PASSes, and every
    negative one (tag `negative`) is BLOCKED, naming the operation;
  - the operation table (results.json and summary.md) names each operation
    as refusing every call, with no 2xx;
  - with ListJobExecutionsForJob unsupported, the CancelJob and Rollout
    scenarios that read it only to observe their rule are BLOCKED on it;
  - the same suites against the plain reference have those operations
    implemented and no BLOCKED scenario (the check can tell the two apart).
"""
import json
import os
import re
import shutil
import subprocess
import sys
import time

OPS = ["UpdateJob", "AssociateTargetsWithJob"]
SUITES = ["updatejob", "associate"]


def start_jobsref(jobsref, outdir, extra):
    out = open(os.path.join(outdir, "jobsref.out"), "w")
    err = open(os.path.join(outdir, "jobsref.log"), "w")
    proc = subprocess.Popen([jobsref, "--clock", "virtual", "--admin", "--quiet", "--control-port", "0",
                             "--data-port", "0"] + extra, stdout=out, stderr=err)
    urls = {}
    for _ in range(300):
        with open(out.name) as f:
            for line in f:
                parts = line.split()
                if len(parts) == 2:
                    urls[parts[0]] = parts[1]
        if {"control", "data", "admin-token"} <= set(urls) or proc.poll() is not None:
            break
        time.sleep(0.1)
    if not {"control", "data"} <= set(urls):
        proc.kill()
        sys.exit("unsupported: jobsref did not print its endpoints (%s)" % open(err.name).read()[-500:])
    return proc, urls


def run_suites(jobsref, jobsconf, outdir, extra, suites=None):
    os.makedirs(outdir, exist_ok=True)
    proc, urls = start_jobsref(jobsref, outdir, extra)
    try:
        env = dict(os.environ, JOBSCONF_ADMIN_TOKEN=urls.get("admin-token", ""))
        cmd = [jobsconf, "run", "--endpoint", urls["control"], "--data-endpoint", urls["data"],
               "--report-dir", outdir, "--format", "json,md", "--poll-deadline", "2"]
        for s in suites or SUITES:
            cmd += ["--suite", s]
        res = subprocess.run(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                             timeout=300)
        with open(os.path.join(outdir, "jobsconf.out"), "w") as f:
            f.write(res.stdout)
    finally:
        proc.terminate()
        try:
            proc.wait(5)
        except subprocess.TimeoutExpired:
            proc.kill()
    with open(os.path.join(outdir, "results.json")) as f:
        results = json.load(f)
    with open(os.path.join(outdir, "summary.md")) as f:
        md = f.read()
    return results, md, res.stdout


def main():
    if len(sys.argv) != 4:
        sys.exit("usage: unsupported.py JOBSREF JOBSCONF OUTDIR")
    jobsref, jobsconf, outdir = sys.argv[1:]
    shutil.rmtree(outdir, ignore_errors=True)
    listing = json.loads(subprocess.run([jobsconf, "list", "--json"], stdout=subprocess.PIPE, text=True,
                                        check=True).stdout)
    tags = {s["id"]: s["tags"] for s in listing["scenarios"]}
    problems = []

    results, md, console = run_suites(jobsref, jobsconf, os.path.join(outdir, "unsupported"),
                                      ["--unsupported", ",".join(OPS)])
    rows = {r["operation"]: r for r in results["operations"]}
    blocked = 0
    for s in results["scenarios"]:
        under = [o for o in ((s.get("operations") or {}).get("underTest") or "").split(",") if o]
        lacking = [o for o in under if o in OPS]
        if not lacking:
            continue
        if s.get("rawStatus", s["status"]) == "PASS":
            problems.append("%s PASSes though %s answers every call with 400" % (s["id"], lacking[0]))
        if "negative" in tags.get(s["id"], []):
            if s.get("rawStatus", s["status"]) != "BLOCKED":
                # a negative scenario whose refusal is not the one expected
                # (404 for an unknown job) may FAIL: the server is wrong there
                if s.get("rawStatus", s["status"]) != "FAIL":
                    problems.append("negative %s is %s, expected BLOCKED" % (s["id"], s.get("rawStatus", s["status"])))
            elif s.get("blockedOperation") not in OPS:
                problems.append("%s is BLOCKED on %s, expected one of %s" % (s["id"], s.get("blockedOperation"),
                                                                            OPS))
            else:
                blocked += 1
    for op in OPS:
        row = rows.get(op)
        if not row:
            problems.append("the operation table has no row for %s" % op)
            continue
        if row["ok"] != 0 or not row["calls"]:
            problems.append("%s: %d calls, %d 2xx; expected calls and no 2xx" % (op, row["calls"], row["ok"]))
        if not (row.get("judgement") or "").startswith("refuses every call: 400 InvalidRequestException"):
            problems.append("%s is judged %r, expected 'refuses every call: 400 InvalidRequestException'" %
                            (op, row.get("judgement")))
        if not re.search(r"^\| %s \|.*\| refuses every call: 400 InvalidRequestException \|$" % op, md, re.M):
            problems.append("summary.md's operation table does not name %s as refusing every call" % op)
        if op not in console:
            problems.append("the console summary does not name %s" % op)
    if blocked == 0:
        problems.append("no negative scenario was BLOCKED")

    # a cross-check operation missing: scenarios that read
    # ListJobExecutionsForJob only to observe their rule are BLOCKED on it
    results, md, _ = run_suites(jobsref, jobsconf, os.path.join(outdir, "cross-check"),
                                ["--unsupported", "ListJobExecutionsForJob"], ["canceljob", "rollout"])
    on_it = [s for s in results["scenarios"] if s.get("rawStatus", s["status"]) == "BLOCKED"
             and s.get("blockedOperation") == "ListJobExecutionsForJob"]
    for s in results["scenarios"]:
        o = s.get("operations") or {}
        setup_only = "ListJobExecutionsForJob" in (o.get("setup") or "").split(",")
        if setup_only and s.get("rawStatus", s["status"]) == "ERROR":
            problems.append("cross-check: %s is ERROR, expected BLOCKED on ListJobExecutionsForJob" % s["id"])
    if "canceljob.continuous-no-new-executions" not in [s["id"] for s in on_it]:
        problems.append("cross-check: canceljob.continuous-no-new-executions is not BLOCKED on "
                        "ListJobExecutionsForJob")
    if len(on_it) < 5:
        problems.append("cross-check: only %d scenarios BLOCKED on ListJobExecutionsForJob" % len(on_it))

    # the control: the same suites against the plain reference
    results, md, _ = run_suites(jobsref, jobsconf, os.path.join(outdir, "plain"), [])
    rows = {r["operation"]: r for r in results["operations"]}
    for op in OPS:
        if rows.get(op, {}).get("judgement") != "implemented":
            problems.append("plain reference: %s judged %r" % (op, rows.get(op, {}).get("judgement")))
    n_blocked = sum(1 for s in results["scenarios"] if s.get("rawStatus", s["status"]) == "BLOCKED")
    if n_blocked:
        problems.append("plain reference: %d scenarios BLOCKED" % n_blocked)

    for p in problems:
        print("unsupported: " + p)
    print("unsupported: %d negative scenarios BLOCKED on %s, %d scenarios on a missing cross-check "
          "operation; %d problems" % (blocked, ", ".join(OPS), len(on_it), len(problems)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
