"""summary.md of the fixture runs: verdict, counts, failing scenario IDs, and
table rows never broken by a raw newline or an unescaped pipe."""
import json
import re
import sys

out = sys.argv[1]
for run in ("normal", "hostile", "passing", "verdicts"):
    md = open(f"{out}/{run}/summary.md", encoding="utf-8").read()
    res = json.load(open(f"{out}/{run}/results.json", encoding="utf-8"))
    verdict = "PASS" if res["run"]["exitCode"] == 0 else "FAIL"
    assert f"**{verdict}**" in md.splitlines()[0], f"{run}: verdict missing from the first line"
    for status, n in res["counts"].items():
        assert f"| {status} | {n} |" in md, f"{run}: count of {status} missing"
    failing = [s for s in res["scenarios"] if s["status"] in ("FAIL", "ERROR", "BLOCKED", "XPASS")]
    for s in res["scenarios"]:
        if s["status"] == "XFAIL" and isinstance(s["id"], str) and re.fullmatch(r"[A-Za-z0-9.\-]+", s["id"]):
            assert f"| {s['id']} | {s['rawStatus']} | " in md, f"{run}: XFAIL {s['id']} missing from the expected failures"
    for r in res["requirements"]:
        if r["covered"] and isinstance(r["id"], str) and re.fullmatch(r"[A-Za-z0-9\-]+", r["id"]):
            c = dict.fromkeys(("PASS", "FAIL", "SKIP", "DISABLED", "ERROR", "BLOCKED", "XFAIL", "XPASS"), 0) | r["counts"]  # sparse in v3
            row = (f"| {r['id']} | {r['level']} | {r['status']} | {c['PASS']} | {c['FAIL']} | {c['XFAIL']} | {c['ERROR']} | "
                   f"{c['BLOCKED']} | {c['SKIP'] + c['DISABLED']} |")
            assert row in md, f"{run}: matrix row {row} missing"
    rows = [l for l in md.splitlines() if l.startswith("|")]
    # every table row has the same number of unescaped pipes as its header
    tables, cur = [], []
    for line in md.splitlines() + [""]:
        if line.startswith("|"):
            cur.append(line)
        elif cur:
            tables.append(cur)
            cur = []
    for t in tables:
        cells = [len(re.findall(r"(?<!\\)\|", l)) for l in t]
        assert len(set(cells)) == 1, f"{run}: ragged table {t}"
        for l in t:
            assert l.endswith("|"), f"{run}: row does not end with a pipe: {l!r}"
    for s in failing:
        if isinstance(s["id"], str) and re.fullmatch(r"[A-Za-z0-9.\-]+", s["id"]):
            assert any(l.startswith(f"| {s['id']} |") for l in rows), f"{run}: failing {s['id']} missing"
    assert "](" not in md and "<a " not in md, f"{run}: summary contains a link"
    assert len(md) < 20000, f"{run}: summary too long"
    print(f"{run}: ok ({len(rows)} table rows)")
