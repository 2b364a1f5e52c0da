"""results.json of every fixture run validates against results.schema.json,
and documents that break the schema are rejected by it."""
import copy
import json
import sys

import jsonschema

out, schema_path = sys.argv[1], sys.argv[2]
schema = json.load(open(schema_path, encoding="utf-8"))
cls = jsonschema.validators.validator_for(schema)
cls.check_schema(schema)
validator = cls(schema, format_checker=cls.FORMAT_CHECKER)

docs = {}
for run in ("normal", "hostile", "passing", "verdicts"):
    doc = json.load(open(f"{out}/{run}/results.json", encoding="utf-8"))
    errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.path))
    for e in errors:
        print(f"{run}: {list(e.path)}: {e.message}", file=sys.stderr)
    assert not errors, f"{run}: results.json does not validate"
    docs[run] = doc
    print(f"{run}: valid")

# The hostile run carries base64-encoded bodies and text.
hostile = json.dumps(docs["hostile"])
assert '"base64"' in hostile, "hostile run has no base64 member"

def must_fail(name, mutate):
    doc = copy.deepcopy(docs["normal"])
    mutate(doc)
    if validator.is_valid(doc):
        raise AssertionError(f"schema accepted a document with {name}")
    print(f"rejected: {name}")

must_fail("schemaVersion 1", lambda d: d.update(schemaVersion=1))
must_fail("a raw status XPASS", lambda d: d["scenarios"][0].update(rawStatus="XPASS"))
must_fail("a check without passed", lambda d: d["scenarios"][0]["checks"].append({"requirement": None, "where": None, "message": None}))
must_fail("a requirement without counts", lambda d: d["requirements"][0].pop("counts"))
must_fail("counts without BLOCKED", lambda d: d["counts"].pop("BLOCKED"))

# The verdicts run: per-requirement verdicts and counts as the writer documents them.
v = docs["verdicts"]
by = {s["id"]: s for s in v["scenarios"]}
assert {x["requirement"]: x["status"] for x in by["associate.should-only"]["verdicts"]} == {"AT-001": "PASS", "AT-005": "FAIL"}
assert by["associate.should-only"]["warning"] is True and by["associate.must-fails"]["warning"] is False
assert by["associate.blocked"]["status"] == "BLOCKED" and by["associate.blocked"]["blockedOperation"] == "CreateThing"
assert by["createjob.xfail"]["status"] == "XFAIL" and by["createjob.xpass"]["status"] == "XPASS"
assert v["counts"]["XFAIL"] == 1 and v["counts"]["XPASS"] == 1 and v["counts"]["BLOCKED"] == 1 and v["warnings"] == 1
at1 = next(r for r in v["requirements"] if r["id"] == "AT-001")
assert (at1["counts"]["PASS"], at1["counts"]["FAIL"], at1["counts"]["BLOCKED"]) == (1, 1, 1), at1["counts"]
print("verdicts: per-requirement verdicts and counts ok")
must_fail("a bad status", lambda d: d["scenarios"][0].update(status="OK"))
must_fail("a missing scenario id", lambda d: d["scenarios"][0].pop("id"))
must_fail("a bad level", lambda d: d["requirements"][0].update(level="must"))
must_fail("an unknown member", lambda d: d.update(extra=1))
must_fail("a body object without base64", lambda d: d["scenarios"][0]["transcript"][0].update(requestBody={"hex": "00"}))
must_fail("a negative count", lambda d: d["counts"].update(PASS=-1))
must_fail("a string exit code", lambda d: d["run"].update(exitCode="1"))
