#!/usr/bin/env python3
"""Checks the results of a fault sweep (see fault_selftest.sh) against
fault-map.txt. Standard library only.

fault-map.txt: `fault-name  scenario-id scenario-id ...`; a fault may take
several lines (their scenarios add up); `#` starts a comment. The scenarios of
a fault are the ones allowed (and expected) to FAIL or ERROR when jobsref runs
with that fault.

Fails (exit 1) when, for a fault: jobsconf did not exit 1; no scenario failed
(the fault is caught by nothing); a scenario outside the fault's list failed
(collateral damage); jobsref died under the run. Also when the map names an
unknown fault or scenario, or when a fault has no line in the map.

--suggest prints a map made of what actually failed, to start from when a
fault or a scenario is added; every line must be vetted by reading the
failure messages before it is committed.
"""
import argparse
import json
import os
import sys


def read_lines(path):
    with open(path, encoding="utf-8") as f:
        return [l.strip() for l in f if l.strip()]


def parse_map(path):
    """Returns ({fault: set(scenarios)}, [problems])."""
    m, problems = {}, []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.split("#", 1)[0].split()
            if not line:
                continue
            fault, scenarios = line[0], line[1:]
            if not scenarios:
                problems.append(f"{path}:{n}: fault '{fault}' names no scenario")
            m.setdefault(fault, set()).update(scenarios)
    return m, problems


def first_lines(msg, k=3, width=300):
    lines = (msg or "(no message)").splitlines()
    out = [l[:width] for l in lines[:k]]
    if len(lines) > k:
        out.append(f"... ({len(lines) - k} more line(s))")
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--map", required=True)
    ap.add_argument("--list", required=True, help="output of jobsconf list --json")
    ap.add_argument("--faults", required=True, help="every fault name, one a line")
    ap.add_argument("--selected", help="the faults that were run (default: all)")
    ap.add_argument("--results", required=True, help="directory with one subdirectory per fault")
    ap.add_argument("--suggest", action="store_true")
    a = ap.parse_args()

    with open(a.list, encoding="utf-8") as f:
        known = {s["id"] for s in json.load(f)["scenarios"]}
    faults = read_lines(a.faults)
    selected = read_lines(a.selected) if a.selected else faults
    fmap, problems = parse_map(a.map)

    for fault, scs in sorted(fmap.items()):
        if fault not in faults:
            problems.append(f"map: '{fault}' is not a fault of jobsref (see jobsref --help)")
        for s in sorted(scs - known):
            problems.append(f"map: {fault}: '{s}' is not a scenario (see jobsconf list)")
    for fault in faults:
        if fault not in fmap:
            problems.append(f"map: fault '{fault}' has no line in {os.path.basename(a.map)}")

    suggestion = {}
    for fault in selected:
        d = os.path.join(a.results, fault)
        rc_path = os.path.join(d, "rc")
        rc = open(rc_path).read().strip() if os.path.exists(rc_path) else "(not run)"
        res_path = os.path.join(d, "results.json")
        header = f"{fault}: "
        if rc == "startup":
            problems.append(header + "jobsref did not start (see jobsref.log)")
            continue
        if not os.path.exists(res_path):
            problems.append(header + f"jobsconf exit {rc} and no results.json; its output:")
            out = os.path.join(d, "jobsconf.out")
            if os.path.exists(out):
                problems.extend("    " + l for l in read_lines(out)[-10:])
            continue
        with open(res_path, encoding="utf-8") as f:
            res = json.load(f)
        # BLOCKED (a setup operation broke) is a failure the map must list too
        failed = [s for s in res["scenarios"] if s["status"] in ("FAIL", "ERROR", "BLOCKED")]
        suggestion[fault] = [s["id"] for s in failed]
        allowed = fmap.get(fault, set())
        server = open(os.path.join(d, "server")).read().strip() if os.path.exists(os.path.join(d, "server")) else "?"
        for log in ("jobsref.log", "jobsconf.out"):
            lp = os.path.join(d, log)
            text = open(lp, encoding="utf-8", errors="replace").read() if os.path.exists(lp) else ""
            if "Sanitizer" in text or "runtime error:" in text:
                problems.append(header + f"a sanitizer report in {log} (see {lp})")
        if server != "alive":
            problems.append(header + "jobsref was not running at the end of the run (crashed? see jobsref.log)")
        if rc != "1":
            problems.append(header + f"jobsconf exited {rc}, expected 1 (failures found)")
        if not failed:
            problems.append(header + "caught by no scenario: every scenario passed (a coverage gap)")
        collateral = [s for s in failed if s["id"] not in allowed]
        for s in collateral:
            problems.append(header + f"{s['id']} {s['status']} but is not listed for this fault (collateral damage "
                            "or an unvetted new catch):")
            problems.extend("    " + l for l in first_lines(s.get("message")))
        caught = [s["id"] for s in failed if s["id"] in allowed]
        quiet = sorted(allowed & known - {s["id"] for s in failed})
        print(f"{'ok  ' if failed and not collateral and rc == '1' and server == 'alive' else 'BAD '}{fault}: "
              f"{len(caught)} listed scenario(s) failed, {len(collateral)} unlisted"
              + (f"; listed but passed: {' '.join(quiet)}" if quiet else ""))

    if a.suggest:
        print("\n# suggested map (vet every line against the failure messages)")
        for fault in selected:
            if fault in suggestion:
                print(f"{fault:30} {' '.join(suggestion[fault])}")

    if problems:
        print(f"\n{len(problems)} problem line(s):")
        for p in problems:
            print(p)
        return 1
    print(f"\nall {len(selected)} fault(s) caught, with no collateral failures")
    return 0


if __name__ == "__main__":
    sys.exit(main())
