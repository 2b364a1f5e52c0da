#!/bin/sh
# junit.xml of every fixture run: valid against reports/schema/junit.xsd, and a
# real JUnit consumer (junitparser) reads back the counts of results.json.
set -eu
out=$1
xsd=$2
for run in normal hostile passing verdicts; do
    xmllint --noout --nonet --schema "$xsd" "$out/$run/junit.xml"
done
# The schema must be able to fail: a testcase without a name is rejected.
bad=$(mktemp)
trap 'rm -f "$bad"' EXIT
sed 's/<testcase name="[^"]*"/<testcase/' "$out/normal/junit.xml" >"$bad"
if xmllint --noout --nonet --schema "$xsd" "$bad" 2>/dev/null; then
    echo "junit.xsd accepted a testcase without a name" >&2
    exit 1
fi
/usr/bin/python3 - "$out" <<'PY'
import json, sys
from junitparser import JUnitXml, Failure, Error, Skipped
out = sys.argv[1]
for run in ("normal", "hostile", "passing", "verdicts"):
    res = json.load(open(f"{out}/{run}/results.json", encoding="utf-8"))
    xml = JUnitXml.fromfile(f"{out}/{run}/junit.xml")
    # XFAIL shows as skipped, XPASS as a failure, BLOCKED as an error.
    want = {"tests": len(res["scenarios"]), "failures": 0, "errors": 0, "skipped": 0}
    for sc in res["scenarios"]:
        st = sc["status"]
        key = {"FAIL": "failures", "XPASS": "failures", "ERROR": "errors", "BLOCKED": "errors",
               "SKIP": "skipped", "DISABLED": "skipped", "XFAIL": "skipped"}.get(st)
        if key:
            want[key] += 1
    got = {"tests": xml.tests, "failures": xml.failures, "errors": xml.errors, "skipped": xml.skipped}
    assert got == want, f"{run}: testsuites attributes {got} != results.json {want}"
    # count the elements too, suite by suite
    n = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    for suite in xml:
        s = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
        for case in suite:
            s["tests"] += 1
            for r in case.result:
                key = {Failure: "failures", Error: "errors", Skipped: "skipped"}[type(r)]
                s[key] += 1
        assert s == {"tests": suite.tests, "failures": suite.failures, "errors": suite.errors,
                     "skipped": suite.skipped}, f"{run}: suite {suite.name}: elements {s}"
        for k in n:
            n[k] += s[k]
    assert n == want, f"{run}: elements {n} != results.json {want}"
    print(f"{run}: {got} ok")
PY
