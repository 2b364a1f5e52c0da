#!/usr/bin/env python3
"""selftest.must-coverage: reads `jobsconf list --json` (file argument or
stdin) and fails listing every MUST requirement of the catalogue that no
scenario names, and every requirement ID a scenario names that is not in the
catalogue."""
import json
import sys


def main():
    src = open(sys.argv[1], encoding="utf-8") if len(sys.argv) > 1 else sys.stdin
    d = json.load(src)
    reqs = {r["id"]: r for r in d.get("requirements", [])}
    problems = []
    if not reqs:
        problems.append("the catalogue is empty (jobsconf built without it?)")
    if not d.get("scenarios"):
        problems.append("no scenarios")
    must = [r for r in reqs.values() if r["level"] == "MUST"]
    uncovered = sorted(r["id"] for r in must if not r["scenarios"])
    for rid in uncovered:
        problems.append(f"MUST requirement {rid} has no scenario")
    for s in d.get("scenarios", []):
        if not s["requirements"]:
            problems.append(f"scenario {s['id']} names no requirement")
        for rid in s["requirements"]:
            if rid not in reqs:
                problems.append(f"scenario {s['id']} names '{rid}', which is not in the catalogue")
    print(f"must-coverage: {len(must) - len(uncovered)} of {len(must)} MUST requirement(s) covered "
          f"by {len(d.get('scenarios', []))} scenario(s)")
    if problems:
        print("\n".join(problems))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
