#!/usr/bin/env python3
"""`jobsconf list`: tags, needs, requirement levels and declared operations,
in text and in --json (the same data), filtered by --suite/--tag/--requirement
exactly as `run` selects (checked against the selection of a real run).

    check_list.py JOBSCONF WORKDIR
"""
import json
import os
import re
import shutil
import subprocess
import sys

jobsconf, work = sys.argv[1], sys.argv[2]
shutil.rmtree(work, ignore_errors=True)
os.makedirs(work)
problems = []


def check(cond, what):
    if not cond:
        problems.append(what)
        print("BAD ", what)
    return cond


def run(*args):
    p = subprocess.run([jobsconf, *args], capture_output=True, text=True, timeout=120)
    return p.returncode, p.stdout, p.stderr


def listing(*args):
    rc, out, err = run("list", "--json", *args)
    check(rc == 0, f"list --json {' '.join(args)} exits {rc}: {err}")
    return json.loads(out) if rc == 0 else {"scenarios": [], "requirements": []}


everything = listing()
scs = everything["scenarios"]
levels = {r["id"]: r["level"] for r in everything["requirements"]}
check(len(scs) > 100, f"only {len(scs)} scenarios listed")
for s in scs:
    for key in ("id", "suite", "title", "requirements", "requirementLevels", "tags", "needs", "operationsDeclared",
                "operations", "setupOperations"):
        check(key in s, f"{s.get('id')}: no {key} in --json")
    check(set(s["requirementLevels"]) == set(s["requirements"]), f"{s['id']}: levels for other requirements")
    for rid, lv in s["requirementLevels"].items():
        check(lv == levels.get(rid, "?"), f"{s['id']}: {rid} listed as {lv}, the catalogue says {levels.get(rid)}")
    # a declaration may be empty (a scenario that calls only unknown routes);
    # what it names must be operation names
    for op in (s["operations"] or []) + (s["setupOperations"] or []):
        check(re.fullmatch(r"(iot-jobs-data )?[A-Z][A-Za-z]+", op) is not None, f"{s['id']}: bad operation name {op!r}")

# the text listing carries the same data, line by line
rc, text, _ = run("list")
check(rc == 0, "list exits non-zero")
lines = {ln.split()[0]: ln for ln in text.splitlines() if ln.startswith("  ") and "." in ln.split()[0]}
check(len(lines) == len(scs), f"text lists {len(lines)} scenarios, --json {len(scs)}")
check(f"Scenarios ({len(scs)} of {len(scs)})" in text, "text header does not count the scenarios")
for s in scs:
    ln = lines.get(s["id"], "")
    check(s["suite"] in ln, f"text line of {s['id']} lacks its suite")
    for rid, lv in s["requirementLevels"].items():
        check(f"{rid} {lv}" in ln, f"text line of {s['id']} lacks '{rid} {lv}'")
    check(not s["tags"] or f"tags={','.join(s['tags'])}" in ln, f"text line of {s['id']} lacks its tags")
    check(not s["needs"] or f"needs={s['needs']}" in ln, f"text line of {s['id']} lacks its needs")
    check(not s["operations"] or f"ops={','.join(s['operations'])}" in ln, f"text line of {s['id']} lacks its operations")

# filters: each alone, then together (an intersection), case-insensitive as for run
ids = lambda d: [s["id"] for s in d["scenarios"]]
by_suite = listing("--suite", "CREATEJOB")
check(by_suite["scenarios"] and all(s["id"].startswith("createjob.") for s in by_suite["scenarios"]),
      "--suite createjob lists other scenarios")
check(len(by_suite["scenarios"]) == sum(1 for s in scs if s["id"].startswith("createjob.")), "--suite createjob misses some")
by_tag = listing("--tag", "negative")
check(set(ids(by_tag)) == {s["id"] for s in scs if "negative" in s["tags"]}, "--tag negative is not the tagged set")
by_req = listing("--requirement", "cj-004")
check(set(ids(by_req)) == {s["id"] for s in scs if "CJ-004" in s["requirements"]}, "--requirement cj-004 is not its set")
# the requirements of a filtered listing are those its scenarios name (CJ-004 and
# what the same scenarios also prove), each with only selected scenarios
named = {q for s in by_req["scenarios"] for q in s["requirements"]}
check("CJ-004" in [r["id"] for r in by_req["requirements"]], "a --requirement listing lacks its requirement")
check({r["id"] for r in by_req["requirements"]} == named, "a filtered listing shows requirements its scenarios do not name")
check(all(set(r["scenarios"]) <= set(ids(by_req)) for r in by_req["requirements"]),
      "a filtered listing counts scenarios it did not select")
both = listing("--suite", "createjob", "--tag", "negative")
check(set(ids(both)) == set(ids(by_suite)) & set(ids(by_tag)) and ids(both), "--suite with --tag is not the intersection")
two = listing("--tag", "negative", "--tag", "limits")
check(set(ids(two)) == {s["id"] for s in scs if {"negative", "limits"} & set(s["tags"])}, "two --tag values are not a union")

# the same selection as run: a run with the same options plans the same scenarios
rc, out, _ = run("run", "--suite", "createjob", "--tag", "negative", "--report-dir", os.path.join(work, "run"), "--jobs", "2")
m = re.search(r"^jobsconf [^:]+: (\d+) scenario\(s\) against", out, re.M)
check(m is not None and int(m.group(1)) == len(ids(both)), f"run selects {m and m.group(1)}, list {len(ids(both))}")

# errors: unknown values and an empty selection are usage errors, as for run
for args, want in ((("--tag", "no-such-tag"), "--tag: no scenario has the tag 'no-such-tag'"),
                   (("--suite", "nosuchsuite"), "--suite: no suite named 'nosuchsuite'"),
                   (("--requirement", "ZZ-999"), "matches no scenario")):
    rc, out, err = run("list", *args)
    check(rc == 2 and want in err, f"list {' '.join(args)}: exit {rc}, stderr {err!r}")

if problems:
    print(f"list: FAILED ({len(problems)} problem(s))")
    sys.exit(1)
print(f"list: ok ({len(scs)} scenarios)")
