#!/usr/bin/env python3
"""Declares, in every scenario's table entry, the operations it calls.

Each entry of a suites/*.c table ends with
    JC_OPS("UpdateJob", "CreateThing,CreateJob,DescribeJob")
naming the operation(s) whose rule the scenario tests, then the others it
calls (setup and cross-checks). This script runs the suite against the
bundled jobsref (or reads a results.json of such a run), takes the
operations each scenario really called, and rewrites the entries.

It is idempotent and meant to be re-run whenever scenarios are added:
  - an entry that already declares operations under test keeps them (a
    choice made by hand stays); its setup list becomes what the run saw it
    call besides those (kept as declared when the scenario did not run to a
    verdict, SKIP/ERROR, so a partial run never shrinks it);
  - an entry without a declaration gets one: under test are the operations
    of its API area (CreateJob for createjob.c ...), else those its
    requirements are about (CJ -> CreateJob, DX -> DeleteJobExecution ...),
    else those whose answers the scenario's own checks read, else (protocol
    scenarios: WIRE, AUTH) those it provoked errors from; of those, only
    the ones it called. Behaviour scenarios (lifecycle, rollout, timers,
    MQTT) may end with none under test: all they call is setup.

  declare_ops.py [--jobsconf PATH] [--from results.json] [--check] [--dry-run]

--check writes nothing: it exits 1 when a scenario called an operation its
entry does not declare, or an entry lacks a declaration (the ctest).
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

# Operations in the model's order (suites/support/jc_shapes.c), for a stable
# listing.
ORDER = [
    "AssociateTargetsWithJob", "CancelJob", "CancelJobExecution", "CreateJob", "DeleteJob",
    "DeleteJobExecution", "DescribeJob", "DescribeJobExecution", "GetJobDocument",
    "ListJobExecutionsForJob", "ListJobExecutionsForThing", "ListJobs", "UpdateJob", "CreateThing",
    "DescribeThing", "DeleteThing", "CreateThingGroup", "DescribeThingGroup", "DeleteThingGroup",
    "AddThingToThingGroup", "RemoveThingFromThingGroup", "ListThingsInThingGroup",
    "iot-jobs-data GetPendingJobExecutions", "iot-jobs-data StartNextPendingJobExecution",
    "iot-jobs-data DescribeJobExecution", "iot-jobs-data UpdateJobExecution",
]
DATA = [o for o in ORDER if o.startswith("iot-jobs-data ")]
REGISTRY = ORDER[13:22]
LISTS = ["ListJobs", "ListJobExecutionsForJob", "ListJobExecutionsForThing"]

AREA_OPS = {
    "CreateJob": ["CreateJob"], "UpdateJob": ["UpdateJob"], "CancelJob": ["CancelJob"],
    "DeleteJob": ["DeleteJob"], "ListJobs": ["ListJobs"],
    "AssociateTargetsWithJob": ["AssociateTargetsWithJob"],
}
PREFIX_OPS = {
    "AT": ["AssociateTargetsWithJob"], "CJ": ["CreateJob"], "CN": ["CancelJob"], "DL": ["DeleteJob"],
    "DJ": ["DescribeJob"], "GD": ["GetJobDocument"], "UJ": ["UpdateJob"], "LJ": ["ListJobs"],
    "CE": ["CancelJobExecution"], "DE": ["DeleteJobExecution"], "DX": ["DescribeJobExecution"],
    "LX": ["ListJobExecutionsForJob", "ListJobExecutionsForThing"], "PG": LISTS, "DP": DATA,
    "RG": REGISTRY, "MQ": [],
}


def ordered(ops):
    ops = set(ops)
    return [o for o in ORDER if o in ops] + sorted(o for o in ops if o not in ORDER)


def split(text):
    return [x.strip() for x in (text or "").split(",") if x.strip()]


def run_suite(jobsconf, out):
    # --transcripts all: results.json keeps every scenario's operations
    # (a normal run keeps them only for scenarios that did not pass)
    cmd = [jobsconf, "run", "--jobs", "2", "--transcripts", "all", "--format", "json", "--report-dir", out]
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    path = os.path.join(out, "results.json")
    if not os.path.exists(path):
        sys.exit("declare_ops: %s wrote no results.json (exit %d):\n%s" % (" ".join(cmd), proc.returncode,
                                                                           proc.stdout[-3000:]))
    return path


def load(path):
    with open(path, encoding="utf-8") as f:
        run = json.load(f)
    if run.get("schemaVersion", 0) < 3:
        sys.exit("declare_ops: %s is schema version %s; version 3 records the operations" %
                 (path, run.get("schemaVersion")))
    return {s["id"]: s for s in run["scenarios"]}


# ---- the table entries of a suite file ------------------------------------

def skip_string(text, i):
    """Index after the C string literal starting at text[i] == '"'."""
    i += 1
    while text[i] != '"':
        i += 2 if text[i] == "\\" else 1
    return i + 1


def skip_literal(text, i):
    """Index after the string literal or comment starting at text[i]; i
    when none starts there."""
    if text[i] == '"':
        return skip_string(text, i)
    if text.startswith("/*", i):
        return text.index("*/", i) + 2
    if text.startswith("//", i):
        return text.index("\n", i)
    return i


def entries(text):
    """Yields (start, end, fields) of each entry of the scenario tables:
    text[start:end] is the entry's braces; fields are (start, end) of each
    top-level field inside them."""
    for m in re.finditer(r"static const jc_scenario \w+\[\]\s*=\s*\{", text):
        i = m.end()
        while True:
            j = skip_literal(text, i)
            if j != i:
                i = j
                continue
            c = text[i]
            if c == "{":
                start, depth, fields, fstart = i, 1, [], i + 1
                i += 1
                while depth:
                    j = skip_literal(text, i)
                    if j != i:
                        i = j
                        continue
                    c = text[i]
                    if c in "({":
                        depth += 1
                    elif c in ")}":
                        depth -= 1
                        if depth == 0:
                            fields.append((fstart, i))
                    elif c == "," and depth == 1:
                        fields.append((fstart, i))
                        fstart = i + 1
                    i += 1
                yield start, i, [f for f in fields if text[f[0]:f[1]].strip()]
                continue
            if c == "}":
                break
            i += 1


def c_string(field):
    """The value of a field made of C string literals ("a" "b")."""
    parts = re.findall(r'"((?:[^"\\]|\\.)*)"', field)
    return "".join(parts)


def declared(text, fields):
    """(under_test, setup) as declared in the entry, or None."""
    rest = ",".join(text[a:b] for a, b in fields[6:])
    m = re.search(r"JC_OPS\(\s*((?:\"(?:[^\"\\]|\\.)*\"\s*)+),\s*((?:\"(?:[^\"\\]|\\.)*\"\s*)+)\)", rest)
    if m:
        return split(c_string(m.group(1))), split(c_string(m.group(2)))
    if len(fields) >= 8:
        return split(c_string(text[fields[6][0]:fields[6][1]])), split(c_string(text[fields[7][0]:fields[7][1]]))
    return None


def choose_under_test(sc, called):
    reqs = sc.get("requirements") or []
    if reqs and all(r.startswith("AUTH-") for r in reqs):
        # the authentication front is under test; the operation is a vehicle
        return []
    area = AREA_OPS.get(sc.get("suite") or "", [])
    pick = [o for o in area if o in called]
    if not pick:
        want = set()
        for req in sc.get("requirements") or []:
            want.update(PREFIX_OPS.get(req.split("-")[0], []))
        pick = [o for o in ORDER if o in want and o in called]
    if not pick:
        checked = split((sc.get("operations") or {}).get("checked"))
        pick = [o for o in checked if o in called]
    if not pick and any(r.split("-")[0] in ("WIRE", "AUTH") for r in sc.get("requirements") or []):
        # a protocol scenario tests the operations it provokes errors from
        refused = split((sc.get("operations") or {}).get("refused"))
        pick = [o for o in refused if o in called]
    # Behaviour scenarios (lifecycle, rollout, timers, MQTT) are left with
    # none: every operation they call is setup or observation, and a broken
    # one BLOCKs them.
    return ordered(pick)


def rewrite(path, results, check, problems):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    out, last, changed = [], 0, 0
    for start, end, fields in entries(text):
        if len(fields) < 6:
            continue
        sid = c_string(text[fields[0][0]:fields[0][1]])
        sc = results.get(sid)
        old = declared(text, fields)
        if sc is None:
            if old is None:
                problems.append("%s: %s declares no operations and did not run" % (os.path.basename(path), sid))
            continue
        ops = sc.get("operations") or {}
        called = split(ops.get("called"))
        if check:
            if old is None:
                problems.append("%s: %s declares no operations (run tests/catalogue/declare_ops.py)" %
                                (os.path.basename(path), sid))
            else:
                extra = [o for o in called if o not in old[0] and o not in old[1]]
                if extra:
                    problems.append("%s: %s calls %s, which its entry does not declare (JC_OPS(\"%s\", \"%s\"))" %
                                    (os.path.basename(path), sid, ", ".join(extra), ",".join(old[0]),
                                     ",".join(old[1])))
            continue
        finished = sc.get("rawStatus", sc.get("status")) in ("PASS", "FAIL", "BLOCKED")
        if old is not None and (old[0] or old[1]):
            under = old[0]
            setup = [o for o in called if o not in under]
            if not finished:
                setup = setup + old[1]
        else:
            under = choose_under_test(sc, called)
            setup = [o for o in called if o not in under]
            if old is not None and not finished:
                setup = setup + old[1]
        decl = 'JC_OPS("%s", "%s")' % (",".join(ordered(under)), ",".join(ordered([o for o in setup if o not in under])))
        fn_end = fields[5][1]
        tail = text[fn_end:end - 1]
        new_tail = ",\n     %s" % decl
        if old is not None and tail.strip(" \n,") == decl:
            continue
        out.append(text[last:fn_end])
        out.append(new_tail)
        last = end - 1
        changed += 1
    out.append(text[last:])
    if changed and not check:
        with open(path, "w", encoding="utf-8") as f:
            f.write("".join(out))
    return changed


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--jobsconf", default=os.path.join(ROOT, "build", "default", "runners", "jobsconf"))
    ap.add_argument("--from", dest="results",
                    help="a results.json (schema 3) of a run against jobsref with --transcripts all")
    ap.add_argument("--suites", default=os.path.join(ROOT, "suites"))
    ap.add_argument("--check", action="store_true", help="write nothing; exit 1 on an undeclared operation")
    args = ap.parse_args()
    if args.results:
        results = load(args.results)
    else:
        with tempfile.TemporaryDirectory(prefix="declare-ops-") as out:
            results = load(run_suite(args.jobsconf, out))
    problems, total = [], 0
    for name in sorted(os.listdir(args.suites)):
        if not name.endswith(".c") or name == "requirements.c":
            continue
        total += rewrite(os.path.join(args.suites, name), results, args.check, problems)
    for p in problems:
        print("declare_ops: " + p)
    if args.check:
        print("declare_ops: %d scenarios checked, %d problems" % (len(results), len(problems)))
        return 1 if problems else 0
    print("declare_ops: %d table entries rewritten" % total)
    return 0


if __name__ == "__main__":
    sys.exit(main())
