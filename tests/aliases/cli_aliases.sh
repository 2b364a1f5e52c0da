#!/bin/sh
# End-to-end check of the alias table through the real binary and the bundled
# reference: a baseline written against old scenario ids applies to the new
# ids (with a notice naming each new id), and `jobsconf diff` compares an old
# results.json (old ids) with a new one without reporting renames as removed.
# usage: cli_aliases.sh JOBSCONF WORKDIR
set -eu
J=$1
W=$2
HERE=$(dirname "$0")
rm -rf "$W"
mkdir -p "$W"

cat > "$W/baseline.txt" <<'B'
# written against the ids before the split suite files were merged
!describe.document-after-cancel   disabled under its old id
!protocol.data-plane-request-id              disabled under its old id
B

# 1. the baseline: old ids disable the renamed scenarios
"$J" run --suite describe --suite protocol --baseline "$W/baseline.txt" --report-dir "$W/new" \
    >"$W/run.out" 2>"$W/run.err" || { echo "run failed"; cat "$W/run.err"; exit 1; }
grep -q "scenario 'describe.document-after-cancel' is now 'describejob.document-after-cancel'" "$W/run.err" ||
    { echo "no notice for describe.document-after-cancel"; cat "$W/run.err"; exit 1; }
grep -q "scenario 'protocol.data-plane-request-id' is now 'wire.data-plane-request-id'" "$W/run.err" ||
    { echo "no notice for protocol.data-plane-request-id"; cat "$W/run.err"; exit 1; }
python3 - "$W/new/results.json" <<'P'
import json, sys
d = json.load(open(sys.argv[1]))
st = {s["id"]: s["status"] for s in d["scenarios"]}
for sid in ("describejob.document-after-cancel", "wire.data-plane-request-id"):
    assert st.get(sid) == "DISABLED", (sid, st.get(sid))
assert not any(i.startswith(("describe.", "protocol.")) for i in st), "old ids in new results"
assert sum(1 for v in st.values() if v == "PASS") > 30, st
P

# 2. an old results.json: the same run with every renamed id written back to
# its old id (from the alias table itself)
python3 - "$HERE/../../suites/support/jc_aliases.c" "$W/new/results.json" "$W/old.json" <<'P'
import json, re, sys
pairs = dict((n, o) for o, n in re.findall(r'\{"([a-z]+\.[^"]+)", "([a-z]+\.[^"]+)"\}', open(sys.argv[1]).read()))
d = json.load(open(sys.argv[2]))
n = 0
for s in d["scenarios"]:
    if s["id"] in pairs:
        s["id"] = pairs[s["id"]]
        n += 1
assert n == 20, n  # 7 describe.* and 13 protocol.* ids
json.dump(d, open(sys.argv[3], "w"))
P
"$J" diff "$W/old.json" "$W/new/results.json" >"$W/diff.out" ||
    { echo "diff of old ids reported a regression"; cat "$W/diff.out"; exit 1; }
grep -q "note: scenario describe.document-after-cancel is now describejob.document-after-cancel" "$W/diff.out" ||
    { echo "no rename notice in diff"; cat "$W/diff.out"; exit 1; }
grep -q "No status changes." "$W/diff.out" || { echo "renames shown as changes"; cat "$W/diff.out"; exit 1; }
if grep -q "Removed" "$W/diff.out"; then echo "renamed ids shown as removed"; cat "$W/diff.out"; exit 1; fi
echo "aliases.cli: ok"
