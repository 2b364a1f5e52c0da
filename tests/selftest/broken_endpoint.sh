#!/bin/bash
# broken_endpoint.sh JOBSCONF BROKEN_SERVER OUTDIR
# selftest.broken-endpoint: jobsconf against an endpoint that answers
# garbage. For each way of breaking (broken_server --mode M) a run of a small
# suite, then a run where the ways rotate per request, then a run where the
# endpoint dies in the middle. Each run must end within its time limit and
# without a signal, exit as documented (1 = failures; 3 only when the endpoint
# is gone before the start), write results.json, print the summary line, and
# report every affected scenario as FAIL or ERROR with a message.
# check_broken.py states the exact expectations.
set -u
if [ $# -ne 3 ]; then echo "usage: broken_endpoint.sh JOBSCONF BROKEN_SERVER OUTDIR" >&2; exit 2; fi
JOBSCONF=$1 BROKEN=$2 OUTDIR=$3
HERE=$(cd "$(dirname "$0")" && pwd)
PARALLEL=${SELFTEST_PARALLEL:-2}
RUN_LIMIT=${SELFTEST_RUN_LIMIT:-150}   # seconds for one jobsconf run
MODES="html500 garbage truncated reset hang huge wrongtypes redirect empty html400"
MODE_SUITE=describejob
ROTATE_SUITES="--suite dataplane --suite registry"
DIE_AFTER=6
# SELFTEST_EXTRA_ARGS: more jobsconf options for every run (for investigating)

rm -rf "$OUTDIR"
mkdir -p "$OUTDIR"
pids=()
cleanup() {
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
    for p in "${pids[@]}"; do wait "$p" 2>/dev/null; done
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# one_run NAME SERVER-ARGS -- JOBSCONF-ARGS: writes OUTDIR/NAME/{rc,seconds,stdout,stderr,server.*}
one_run() {
    local name=$1 dir="$OUTDIR/$1" server_pid="" runner_pid="" control="" data=""
    shift
    local sargs=() cargs=()
    while [ $# -gt 0 ] && [ "$1" != "--" ]; do sargs+=("$1"); shift; done
    shift
    cargs=("$@")
    mkdir -p "$dir"
    # the server bounds its own life (--lifetime); `timeout` backs that up
    timeout -k 2 $((RUN_LIMIT + 30)) "$BROKEN" --lifetime $((RUN_LIMIT + 20)) "${sargs[@]}" \
        >"$dir/server.out" 2>"$dir/server.err" &
    server_pid=$!
    trap 'kill $server_pid $runner_pid 2>/dev/null; exit 130' TERM INT
    for _ in $(seq 100); do
        control=$(sed -n 's/^control //p' "$dir/server.out")
        data=$(sed -n 's/^data //p' "$dir/server.out")
        [ -n "$control" ] && [ -n "$data" ] && break
        sleep 0.1
    done
    if [ -z "$control" ]; then echo startup >"$dir/rc"; kill "$server_pid" 2>/dev/null; return; fi
    local t0=$SECONDS
    timeout -k 5 "$RUN_LIMIT" "$JOBSCONF" run --endpoint "$control" --data-endpoint "$data" \
        --timeout 2 --poll-deadline 2 --format json --report-dir "$dir/reports" --prefix "stbroken" --transcripts all \
        ${SELFTEST_EXTRA_ARGS:-} "${cargs[@]}" >"$dir/stdout" 2>"$dir/stderr" &
    runner_pid=$!
    wait "$runner_pid" 2>/dev/null
    echo $? >"$dir/rc"
    echo $((SECONDS - t0)) >"$dir/seconds"
    kill "$server_pid" 2>/dev/null
    wait "$server_pid" 2>/dev/null
}

launch() {
    while [ "$(jobs -rp | wc -l)" -ge "$PARALLEL" ]; do wait -n; done
    one_run "$@" &
    pids+=($!)
}

start=$SECONDS
for m in $MODES; do
    launch "mode-$m" --mode "$m" --hang-ms 4000 -- --suite "$MODE_SUITE"
done
# shellcheck disable=SC2086
launch rotate --mode rotate -- $ROTATE_SUITES
launch die --mode rotate --die-after "$DIE_AFTER" -- --suite "$MODE_SUITE" --suite registry
for p in "${pids[@]}"; do wait "$p"; done
pids=()
echo "broken_endpoint: runs done in $((SECONDS - start)) s"

python3 "$HERE/check_broken.py" "$OUTDIR" "$RUN_LIMIT" $MODES
