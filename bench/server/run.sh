#!/bin/bash
# The jobsref server benchmark: wrk against a bare libmicrohttpd responder
# (the ceiling: same daemon settings, fixed JSON body, no work) and against
# jobsref (quiet, virtual clock) for DescribeJob and a mixed read/write load.
# Prints requests/s, p50, p99 and the ratio to the bare responder, with the
# targets: DescribeJob >= 0.7 x bare, mixed >= 0.5 x bare, p99 <= 10 ms.
#
# Builds nothing: expects a configured and built tree (default build/default;
# override with BUILD=... or BUILD_DIR=...). Needs wrk and curl.
#
# usage: [ROUNDS=3] bench/server/run.sh [duration per load and round, default 10s]
set -u

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BUILD_DIR=${BUILD_DIR:-${BUILD:-$ROOT/build/default}}
DURATION=${1:-10s}
BARE=$BUILD_DIR/bench/bench_server_bare
JOBSREF=$BUILD_DIR/reference/server/jobsref
LUA_DIR=$ROOT/bench/server
export SEED_JOBS=20 SEED_THINGS=32 BENCH_RUN=$$

for bin in "$BARE" "$JOBSREF"; do
    if [ ! -x "$bin" ]; then
        echo "run.sh: $bin not found; build first (cmake --preset default && cmake --build build/default)" >&2
        exit 2
    fi
done
command -v wrk >/dev/null || { echo "run.sh: wrk not installed" >&2; exit 2; }
command -v curl >/dev/null || { echo "run.sh: curl not installed" >&2; exit 2; }

WORK=$(mktemp -d)
PIDS=()
cleanup() {
    for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done
    for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null; done
    rm -rf "$WORK"
}
trap cleanup EXIT

"$BARE" >"$WORK/bare.urls" 2>"$WORK/bare.log" &
PIDS+=($!)
"$JOBSREF" --quiet --clock virtual --deletion-delay 2000 >"$WORK/jobsref.urls" 2>"$WORK/jobsref.log" &
PIDS+=($!)
for _ in $(seq 100); do
    [ "$(grep -c http:// "$WORK/bare.urls")" -ge 1 ] && [ "$(grep -c http:// "$WORK/jobsref.urls")" -ge 2 ] && break
    sleep 0.05
done
BARE_URL=$(awk '$1 == "bare" {print $2}' "$WORK/bare.urls")
CTL=$(awk '$1 == "control" {print $2}' "$WORK/jobsref.urls")
DAT=$(awk '$1 == "data" {print $2}' "$WORK/jobsref.urls")
if [ -z "$BARE_URL" ] || [ -z "$CTL" ] || [ -z "$DAT" ]; then
    echo "run.sh: servers did not start" >&2
    cat "$WORK"/*.log >&2
    exit 1
fi

# ---- seed: things t0..t31 and sink, jobs seed0..seed19 on every thing, seed0 started everywhere
post() { # METHOD URL BODY
    local code
    code=$(curl -s -o /dev/null -w '%{http_code}' -X "$1" -H 'Content-Type: application/json' -d "$3" "$2")
    if [ "$code" != 200 ]; then
        echo "run.sh: seeding $1 $2 failed: HTTP $code" >&2
        exit 1
    fi
}
targets=""
for i in $(seq 0 $((SEED_THINGS - 1))); do
    post POST "$CTL/things/t$i" '{}'
    targets="$targets${targets:+,}\"arn:aws:iot:us-east-1:123456789012:thing/t$i\""
done
post POST "$CTL/things/sink" '{}'
for j in $(seq 0 $((SEED_JOBS - 1))); do
    post PUT "$CTL/jobs/seed$j" "{\"targets\":[$targets],\"document\":\"{\\\"seed\\\":$j}\"}"
done
for i in $(seq 0 $((SEED_THINGS - 1))); do
    post PUT "$DAT/things/t$i/jobs/%24next" '{}'
done
# DescribeJob reads a one-target job, whose answer has the bare responder's size.
post PUT "$CTL/jobs/describe" \
    '{"targets":["arn:aws:iot:us-east-1:123456789012:thing/sink"],"document":"{\"seed\":0}","description":"benchmark job"}'

echo "seeded: $SEED_THINGS things, $SEED_JOBS jobs, $((SEED_THINGS * SEED_JOBS)) executions"

# ---- wrk runs ----------------------------------------------------------------
# to_ms VALUE: wrk latency ("812.00us", "1.23ms", "1.02s") in milliseconds.
to_ms() {
    awk -v v="$1" 'BEGIN {
        if (v ~ /us$/) { sub(/us$/, "", v); printf "%.3f", v / 1000 }
        else if (v ~ /ms$/) { sub(/ms$/, "", v); printf "%.3f", v }
        else if (v ~ /m$/) { sub(/m$/, "", v); printf "%.3f", v * 60000 }
        else if (v ~ /s$/) { sub(/s$/, "", v); printf "%.3f", v * 1000 }
        else printf "nan" }'
}
rps_of() { awk '/^Requests\/sec:/ {print $2}' "$1"; }
pct_of() { to_ms "$(awk -v p="$2%" '$1 == p {print $2}' "$1")"; }
errors_of() {
    local non2xx sock
    non2xx=$(awk '/Non-2xx or 3xx responses:/ {print $NF}' "$1")
    sock=$(awk '/Socket errors:/ {print}' "$1")
    echo "${non2xx:-0}${sock:+ ($sock)}"
}

run_wrk() { # NAME URL [LUA]
    local name=$1 url=$2 lua=${3:-}
    if [ -n "$lua" ]; then
        wrk -t2 -c32 -d"$DURATION" --latency -s "$lua" "$url" >"$WORK/$name.wrk" 2>&1
    else
        wrk -t2 -c32 -d"$DURATION" --latency "$url" >"$WORK/$name.wrk" 2>&1
    fi
}

ROUNDS=${ROUNDS:-3}
echo "wrk -t2 -c32 -d$DURATION --latency, $ROUNDS rounds, medians (2 cores shared by the load generator and the server)"
# Rounds interleave the loads so that a slow spell of this shared machine
# hits all of them, and the medians keep one such spell out of the ratios.
for r in $(seq "$ROUNDS"); do
    run_wrk "bare.$r" "$BARE_URL/jobs/bench"
    run_wrk "describe.$r" "$CTL/jobs/describe"
    # Mixed: both planes at once, 16 connections each (one wrk per listener).
    # (CreateJob ids carry BENCH_RUN: a new one per round, or round 2 would repeat round 1's ids)
    BENCH_RUN="$$-$r" wrk -t1 -c16 -d"$DURATION" --latency -s "$LUA_DIR/mixed_control.lua" "$CTL" \
        >"$WORK/mixed_control.$r.wrk" 2>&1 &
    W1=$!
    wrk -t1 -c16 -d"$DURATION" --latency -s "$LUA_DIR/mixed_data.lua" "$DAT" >"$WORK/mixed_data.$r.wrk" 2>&1 &
    W2=$!
    wait $W1 $W2
    for f in mixed_control mixed_data; do
        rps_of "$WORK/$f.$r.wrk" >"$WORK/$f.$r.rps"
    done
    awk -v a="$(rps_of "$WORK/mixed_control.$r.wrk")" -v b="$(rps_of "$WORK/mixed_data.$r.wrk")" \
        'BEGIN {printf "%.2f\n", a + b}' >"$WORK/mixed.$r.rps"
    echo "  round $r: bare $(rps_of "$WORK/bare.$r.wrk"), DescribeJob $(rps_of "$WORK/describe.$r.wrk")," \
        "mixed $(cat "$WORK/mixed.$r.rps") req/s"
done

median() { sort -g | awk '{v[NR] = $1} END {if (NR == 0) print "nan"; else if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
m_rps() { for r in $(seq "$ROUNDS"); do rps_of "$WORK/$1.$r.wrk"; done | median; }
m_pct() { for r in $(seq "$ROUNDS"); do echo "$(pct_of "$WORK/$1.$r.wrk" "$2")"; done | median; }
m_err() { for r in $(seq "$ROUNDS"); do errors_of "$WORK/$1.$r.wrk"; done | tr '\n' ' '; }

BARE_RPS=$(m_rps bare)
DESC_RPS=$(m_rps describe)
MC_RPS=$(m_rps mixed_control)
MD_RPS=$(m_rps mixed_data)
MIX_RPS=$(for r in $(seq "$ROUNDS"); do cat "$WORK/mixed.$r.rps"; done | median)
MIX_P50=$(awk -v a="$(m_pct mixed_control 50)" -v b="$(m_pct mixed_data 50)" 'BEGIN {printf "%.3f", (a > b ? a : b)}')
MIX_P99=$(awk -v a="$(m_pct mixed_control 99)" -v b="$(m_pct mixed_data 99)" 'BEGIN {printf "%.3f", (a > b ? a : b)}')

ratio() { awk -v a="$1" -v b="$BARE_RPS" 'BEGIN {if (b > 0) printf "%.2f", a / b; else print "nan"}'; }
verdict() { # VALUE OP TARGET
    awk -v v="$1" -v t="$3" -v op="$2" 'BEGIN {ok = (op == ">=") ? (v >= t) : (v <= t); print ok ? "met" : "MISSED"}'
}

printf '\n%-26s %12s %10s %10s %8s %s\n' "load" "requests/s" "p50 ms" "p99 ms" "x bare" "non-2xx"
printf '%-26s %12s %10s %10s %8s %s\n' "bare responder" "$BARE_RPS" "$(m_pct bare 50)" \
    "$(m_pct bare 99)" "1.00" "$(m_err bare)"
printf '%-26s %12s %10s %10s %8s %s\n' "DescribeJob" "$DESC_RPS" "$(m_pct describe 50)" \
    "$(m_pct describe 99)" "$(ratio "$DESC_RPS")" "$(m_err describe)"
printf '%-26s %12s %10s %10s %8s %s\n' "mixed: control plane" "$MC_RPS" "$(m_pct mixed_control 50)" \
    "$(m_pct mixed_control 99)" "" "$(m_err mixed_control)"
printf '%-26s %12s %10s %10s %8s %s\n' "mixed: data plane" "$MD_RPS" "$(m_pct mixed_data 50)" \
    "$(m_pct mixed_data 99)" "" "$(m_err mixed_data)"
printf '%-26s %12s %10s %10s %8s\n' "mixed: both (sum / max)" "$MIX_RPS" "$MIX_P50" "$MIX_P99" "$(ratio "$MIX_RPS")"

JOBS=$(curl -s "$CTL/jobs?maxResults=1" >/dev/null && echo ok)
[ -n "$JOBS" ] || echo "warning: jobsref did not answer after the run" >&2

echo
echo "targets:"
echo "  DescribeJob >= 0.70 x bare: $(ratio "$DESC_RPS") $(verdict "$(ratio "$DESC_RPS")" ">=" 0.7)"
echo "  mixed       >= 0.50 x bare: $(ratio "$MIX_RPS") $(verdict "$(ratio "$MIX_RPS")" ">=" 0.5)"
echo "  p99 <= 10 ms: DescribeJob $(m_pct describe 99) $(verdict "$(m_pct describe 99)" "<=" 10)," \
    "mixed $MIX_P99 $(verdict "$MIX_P99" "<=" 10)"
