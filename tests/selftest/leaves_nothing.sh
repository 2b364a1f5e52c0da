#!/bin/bash
# leaves_nothing.sh JOBSREF JOBSCONF OUTDIR
# selftest.leaves-nothing: runs the whole suite against a standalone jobsref
# (real clock, deletions lasting 200 ms) and checks through the API that the
# run left no job, thing or thing group of its own: each scenario deletes
# what it created when it ends, the end sweep the rest
# (tests/selftest/leftovers.py; jobsref does not list things, so each thing
# and group the run created is asked for by name).
set -u
if [ $# -ne 3 ]; then
    echo "usage: leaves_nothing.sh JOBSREF JOBSCONF OUTDIR" >&2
    exit 2
fi
JOBSREF=$1 JOBSCONF=$2 OUTDIR=$3
HERE=$(cd "$(dirname "$0")" && pwd)
PY=""
for p in python3 /usr/bin/python3; do
    if command -v "$p" >/dev/null 2>&1 && "$p" -c 'import botocore' 2>/dev/null; then PY=$(command -v "$p"); break; fi
done
if [ -z "$PY" ]; then
    echo "selftest.leaves-nothing SKIPPED: no python3 here imports botocore (Debian: python3-botocore)" >&2
    exit 77
fi
rm -rf "$OUTDIR"
mkdir -p "$OUTDIR"
"$JOBSREF" --deletion-delay 200 --quiet >"$OUTDIR/jobsref.out" 2>"$OUTDIR/jobsref.err" &
JR=$!
trap 'kill $JR 2>/dev/null; wait $JR 2>/dev/null' EXIT
trap 'exit 130' INT TERM
for _ in $(seq 1 100); do
    grep -q '^data ' "$OUTDIR/jobsref.out" 2>/dev/null && break
    sleep 0.05
done
CONTROL=$(awk '$1=="control"{print $2}' "$OUTDIR/jobsref.out")
DATA=$(awk '$1=="data"{print $2}' "$OUTDIR/jobsref.out")
[ -n "$CONTROL" ] && [ -n "$DATA" ] || { echo "leaves-nothing: jobsref did not start" >&2; cat "$OUTDIR/jobsref.err" >&2; exit 1; }
"$PY" "$HERE/leftovers.py" count "$CONTROL" >"$OUTDIR/before.json" || exit 1
PREFIX=ln$$
export AWS_ACCESS_KEY_ID=AKIDEXAMPLE AWS_SECRET_ACCESS_KEY=secret
unset AWS_SESSION_TOKEN
start=$(date +%s)
"$JOBSCONF" run --endpoint "$CONTROL" --data-endpoint "$DATA" --prefix "$PREFIX" --format json --transcripts all \
    --report-dir "$OUTDIR/report" >"$OUTDIR/run.log" 2>&1
rc=$?
echo "leaves-nothing: jobsconf exited $rc after $(( $(date +%s) - start )) s; $(grep -E '^jobsconf: [0-9]+ passed' "$OUTDIR/run.log")"
grep "cleanup" "$OUTDIR/run.log"
[ -s "$OUTDIR/report/results.json" ] || { echo "leaves-nothing: no results.json" >&2; tail -20 "$OUTDIR/run.log" >&2; exit 1; }
"$PY" "$HERE/leftovers.py" check "$CONTROL" "$OUTDIR/report/results.json" "$OUTDIR/before.json" "jc$PREFIX"
