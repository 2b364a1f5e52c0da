#!/bin/bash
# fault_selftest.sh JOBSREF JOBSCONF LIST_FAULTS MAP OUTDIR [FAULT...]
# selftest.faults: for every deliberate fault of jobsref (as printed by
# LIST_FAULTS, never a hard-coded list) runs the whole conformance suite
# against `jobsref --fault NAME` and checks, with check_faults.py, that the
# run exits 1, that some scenario catches the fault, and that every failing
# scenario is one MAP allows for that fault. With FAULT arguments only those
# faults are run (for investigating one). SELFTEST_PARALLEL (default 2) runs
# that many faults at once.
set -u
if [ $# -lt 5 ]; then
    echo "usage: fault_selftest.sh JOBSREF JOBSCONF LIST_FAULTS MAP OUTDIR [FAULT...]" >&2
    exit 2
fi
JOBSREF=$1 JOBSCONF=$2 LIST_FAULTS=$3 MAP=$4 OUTDIR=$5
shift 5
HERE=$(cd "$(dirname "$0")" && pwd)
PARALLEL=${SELFTEST_PARALLEL:-2}

rm -rf "$OUTDIR"
mkdir -p "$OUTDIR"
pids=()
cleanup() {
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done   # each stops its own jobsref
    for p in "${pids[@]}"; do wait "$p" 2>/dev/null; done
}
trap cleanup EXIT
trap 'exit 130' INT TERM

"$LIST_FAULTS" >"$OUTDIR/faults.txt" || { echo "fault_selftest: $LIST_FAULTS failed" >&2; exit 1; }
"$JOBSCONF" list --json >"$OUTDIR/list.json" || { echo "fault_selftest: jobsconf list --json failed" >&2; exit 1; }
if [ $# -gt 0 ]; then
    for f in "$@"; do
        grep -qx -- "$f" "$OUTDIR/faults.txt" || { echo "fault_selftest: no fault named '$f'" >&2; exit 2; }
    done
    printf '%s\n' "$@" >"$OUTDIR/selected.txt"
else
    cp "$OUTDIR/faults.txt" "$OUTDIR/selected.txt"
fi

start=$SECONDS
while read -r fault; do
    [ -n "$fault" ] || continue
    while [ "$(jobs -rp | wc -l)" -ge "$PARALLEL" ]; do wait -n; done
    "$HERE/run_fault.sh" "$JOBSREF" "$JOBSCONF" "$OUTDIR" "$fault" &
    pids+=($!)
done <"$OUTDIR/selected.txt"
for p in "${pids[@]}"; do wait "$p"; done
pids=()
echo "fault_selftest: $(wc -l <"$OUTDIR/selected.txt") fault run(s) in $((SECONDS - start)) s"

python3 "$HERE/check_faults.py" --map "$MAP" --list "$OUTDIR/list.json" --faults "$OUTDIR/faults.txt" \
    --selected "$OUTDIR/selected.txt" --results "$OUTDIR"
