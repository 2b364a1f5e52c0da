#!/usr/bin/env python3
"""The strict moto baseline (tests/selftest/moto-baseline.txt).

One line per scenario that does not PASS against moto:

    <scenario-id> <VERDICT> <reason>

VERDICT is FAIL, ERROR, BLOCKED or SKIP (the raw verdict, before any
--baseline); the reason says the rule moto breaks (requirement id and its
statement) or the operation it lacks. A scenario not listed must PASS.

  moto_baseline.py compare RESULTS_JSON BASELINE
      exit 0 when every verdict of the run is the baseline's, exactly: an
      unexpected pass fails as an unexpected failure does; so does a listed
      scenario that was not run.
  moto_baseline.py write RESULTS_JSON BASELINE
      rewrites BASELINE from the run; a line whose scenario and verdict did
      not change keeps its reason (reasons can be edited by hand)."""
import json
import re
import sys

HEADER = """\
# Strict baseline of `jobsconf run` against moto 5.2.1 (python3 -m moto.server),
# control plane signed as `iot`, --data-endpoint none (moto has no data plane).
# Checked by tests/selftest/moto_selftest.sh (ctest selftest.moto): every
# scenario's verdict must be the one below, a scenario not listed must PASS.
# Regenerate: tests/selftest/moto_selftest.sh build/default/runners/jobsconf OUTDIR --regenerate
# <scenario-id> <VERDICT> <reason>
"""


def load(path):
    out = {}
    for n, line in enumerate(open(path, encoding="utf-8"), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        parts = line.split(None, 2)
        if len(parts) < 3 or parts[1] not in ("FAIL", "ERROR", "BLOCKED", "SKIP"):
            sys.exit(f"{path}:{n}: expected '<scenario-id> FAIL|ERROR|BLOCKED|SKIP <reason>'")
        if parts[0] in out:
            sys.exit(f"{path}:{n}: {parts[0]} listed twice")
        out[parts[0]] = (parts[1], parts[2])
    return out


def verdicts(results):
    return {s["id"]: s.get("rawStatus") or s["status"] for s in results["scenarios"]}


def normalize(text):
    """One line, no run-specific names, bounded."""
    text = (text or "").split("\n")[0]
    text = re.sub(r"jc[0-9a-zA-Z]*-\d+-\d+-?", "<name>-", text)
    text = re.sub(r"\s+", " ", text).strip()
    text = re.sub(r"(.)\1{7,}", r"\1\1\1...", text)  # long test values vary with the prefix's length
    return text[:220]


def reason(sc, statements):
    status = sc.get("rawStatus") or sc["status"]
    text = sc.get("message") or ""
    # the line that gave the verdict: an ERROR or BLOCKED ends a message that
    # may start with earlier failed checks
    for line in text.split("\n"):
        if status in ("ERROR", "BLOCKED") and line.startswith(status + ":"):
            text = line
            break
    msg = normalize(text)
    msg = re.sub(r"^(FAIL|ERROR|BLOCKED|SKIP)( \[[^\]]*\])?: ", "", msg)
    if "<!doctype html>" in msg.lower():
        msg = re.split(r"<!doctype html>", msg, flags=re.I)[0].strip()
        msg = f"moto answers {msg.replace('unexpected ', '')} an HTML error page, no Jobs error type " \
              "(not implemented or a crash in moto)"
    if status == "BLOCKED":
        return f"moto lacks {sc.get('blockedOperation') or 'an operation'}: {msg}"
    if status == "FAIL":
        failed = [v["requirement"] for v in sc.get("verdicts", []) if v.get("status") == "FAIL"] or \
            sc.get("requirements", [])
        rules = "; ".join(f"{r}: {statements.get(r, '')[:160]}" for r in failed)
        return f"breaks {rules} | {msg}"
    return msg or status


def compare(results_path, baseline_path):
    base = load(baseline_path)
    got = verdicts(json.load(open(results_path)))
    bad = []
    for sid, st in sorted(got.items()):
        want = base.get(sid, ("PASS", ""))[0]
        if st != want:
            kind = "unexpected PASS" if st == "PASS" else f"unexpected {st}"
            bad.append(f"{sid}: {kind} (baseline: {want})")
    for sid in sorted(set(base) - set(got)):
        bad.append(f"{sid}: listed in the baseline but not run")
    for b in bad:
        print("moto-baseline: " + b)
    n = len(got)
    counts = {}
    for st in got.values():
        counts[st] = counts.get(st, 0) + 1
    print(f"moto-baseline: {n} scenarios, " + ", ".join(f"{v} {k}" for k, v in sorted(counts.items())) +
          f"; {len(bad)} differ from {baseline_path}")
    return 1 if bad else 0


def write(results_path, baseline_path):
    try:
        old = load(baseline_path)
    except OSError:
        old = {}
    results = json.load(open(results_path))
    statements = {r["id"]: r.get("statement", "") for r in results.get("requirements", [])}
    lines = []
    for sc in sorted(results["scenarios"], key=lambda s: s["id"]):
        st = sc.get("rawStatus") or sc["status"]
        if st == "PASS":
            continue
        keep = old.get(sc["id"])
        why = keep[1] if keep and keep[0] == st else reason(sc, statements)
        lines.append(f"{sc['id']} {st} {why}")
    with open(baseline_path, "w", encoding="utf-8") as f:
        f.write(HEADER)
        f.write("\n".join(lines) + "\n")
    print(f"moto-baseline: wrote {len(lines)} lines to {baseline_path}")
    return 0


def main():
    if len(sys.argv) == 4 and sys.argv[1] == "compare":
        return compare(sys.argv[2], sys.argv[3])
    if len(sys.argv) == 4 and sys.argv[1] == "write":
        return write(sys.argv[2], sys.argv[3])
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
