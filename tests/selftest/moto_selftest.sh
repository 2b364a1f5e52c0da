#!/bin/bash
# moto_selftest.sh JOBSCONF OUTDIR [--regenerate]
# selftest.moto: runs the whole suite against a fresh moto server
# (python3 -m moto.server; the control plane signed as `iot`, no data plane)
# and checks that every verdict is the one tests/selftest/moto-baseline.txt
# gives (strict: an unexpected pass fails too), and that the run left no job,
# thing or thing group of its own on moto (counted through the API before and
# after). --regenerate rewrites the baseline from the run instead of checking
# it (keeping the reasons of unchanged lines). Exits 77 (ctest SKIP), loudly,
# when no python3 here can import moto.server.
set -u
if [ $# -lt 2 ]; then
    echo "usage: moto_selftest.sh JOBSCONF OUTDIR [--regenerate]" >&2
    exit 2
fi
JOBSCONF=$1 OUTDIR=$2 MODE=${3:-}
HERE=$(cd "$(dirname "$0")" && pwd)
BASELINE=$HERE/moto-baseline.txt

# moto is not a Debian 12 package: use the first python3 that has it
PY=""
for p in ${MOTO_PYTHON:-} python3 /usr/bin/python3; do
    if command -v "$p" >/dev/null 2>&1 && "$p" -c 'import moto.server, botocore' 2>/dev/null; then
        PY=$(command -v "$p")
        break
    fi
done
if [ -z "$PY" ]; then
    echo "##########################################################################" >&2
    echo "selftest.moto SKIPPED: no python3 here imports moto.server (moto 5.2.1)." >&2
    echo "moto is not packaged for Debian 12; see runners/install-deps.sh." >&2
    echo "##########################################################################" >&2
    exit 77
fi

rm -rf "$OUTDIR"
mkdir -p "$OUTDIR"
PORT=$("$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
URL=http://127.0.0.1:$PORT
"$PY" -m moto.server -H 127.0.0.1 -p "$PORT" >"$OUTDIR/moto.log" 2>&1 &
MOTO=$!
trap 'kill $MOTO 2>/dev/null; wait $MOTO 2>/dev/null' EXIT
trap 'exit 130' INT TERM
for _ in $(seq 1 300); do
    curl -s -o /dev/null "$URL/" && break
    kill -0 $MOTO 2>/dev/null || { echo "selftest.moto: moto did not start:" >&2; tail -5 "$OUTDIR/moto.log" >&2; exit 1; }
    sleep 0.1
done
"$PY" "$HERE/leftovers.py" count "$URL" >"$OUTDIR/before.json" || { echo "selftest.moto: counting before the run failed" >&2; exit 1; }

PREFIX=mt$$
export AWS_ACCESS_KEY_ID=AKIDEXAMPLE AWS_SECRET_ACCESS_KEY=secret
unset AWS_SESSION_TOKEN
start=$(date +%s)
"$JOBSCONF" run --endpoint "$URL" --data-endpoint none --signing-name iot --timeout 10 --poll-deadline 2 \
    --prefix "$PREFIX" --format json --transcripts all --report-dir "$OUTDIR/report" >"$OUTDIR/run.log" 2>&1
rc=$?
echo "selftest.moto: jobsconf exited $rc after $(( $(date +%s) - start )) s; $(tail -1 "$OUTDIR/run.log")"
if [ ! -s "$OUTDIR/report/results.json" ]; then
    echo "selftest.moto: no results.json" >&2
    tail -20 "$OUTDIR/run.log" >&2
    exit 1
fi
status=0
if [ "$MODE" = "--regenerate" ]; then
    "$PY" "$HERE/moto_baseline.py" write "$OUTDIR/report/results.json" "$BASELINE" || status=1
else
    "$PY" "$HERE/moto_baseline.py" compare "$OUTDIR/report/results.json" "$BASELINE" || status=1
fi
"$PY" "$HERE/leftovers.py" check "$URL" "$OUTDIR/report/results.json" "$OUTDIR/before.json" "jc$PREFIX" || status=1
exit $status
