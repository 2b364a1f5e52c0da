#!/bin/bash
# The jobsref server benchmark: wrk against a bare libmicrohttpd responder
# (the ceiling: same daemon settings, a fixed body the size of the
# DescribeJob answer, no work) and against jobsref (quiet, virtual clock) for
# DescribeJob and a mixed read/write load on both planes.
#
# The server and the load generator are pinned to separate cores (taskset):
# SERVER_CPUS for the servers, LOAD_CPUS for wrk, so that they do not trade
# one core between them, which made the bare responder swing from 136k to
# 199k req/s between two rounds. Both servers run with the same MHD settings
# (THREADS I/O threads, idle timeout 15 s, MAX_CONNECTIONS per listener; the
# output states them). Prints requests/s, p50 and p99 as the median of ROUNDS
# rounds with the spread (min-max) of the rounds, and the ratio to the bare
# responder, with the targets: DescribeJob >= 0.7 x bare, mixed >= 0.5 x
# bare, p99 <= 10 ms.
#
# Builds nothing: expects a configured and built tree (default build/default;
# override with BUILD=... or BUILD_DIR=...). Needs wrk, curl and taskset.
#
# usage: [ROUNDS=3] [THREADS=1] [SERVER_CPUS=0] [LOAD_CPUS=1] bench/server/run.sh [duration, default 10s]
set -u

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BUILD_DIR=${BUILD_DIR:-${BUILD:-$ROOT/build/default}}
DURATION=${1:-10s}
BARE=$BUILD_DIR/bench/bench_server_bare
JOBSREF=$BUILD_DIR/reference/server/jobsref
LUA_DIR=$ROOT/bench/server
export SEED_JOBS=20 SEED_THINGS=32 BENCH_RUN=$$
THREADS=${THREADS:-1}
MAX_CONNECTIONS=${MAX_CONNECTIONS:-1024}
NCPU=$(nproc)
SERVER_CPUS=${SERVER_CPUS:-0}
LOAD_CPUS=${LOAD_CPUS:-$((NCPU > 1 ? 1 : 0))}

for bin in "$BARE" "$JOBSREF"; do
    if [ ! -x "$bin" ]; then
        echo "run.sh: $bin not found; build first (cmake --preset default && cmake --build build/default)" >&2
        exit 2
    fi
done
command -v wrk >/dev/null || { echo "run.sh: wrk not installed" >&2; exit 2; }
command -v curl >/dev/null || { echo "run.sh: curl not installed" >&2; exit 2; }
command -v taskset >/dev/null || { echo "run.sh: taskset not installed (util-linux)" >&2; exit 2; }
[ "$SERVER_CPUS" != "$LOAD_CPUS" ] || echo "run.sh: warning: one core for both the servers and wrk ($SERVER_CPUS)" >&2

WORK=$(mktemp -d)
PIDS=()
cleanup() {
    for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done
    for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null; done
    rm -rf "$WORK"
}
trap cleanup EXIT

taskset -c "$SERVER_CPUS" "$BARE" --threads "$THREADS" --max-connections "$MAX_CONNECTIONS" \
    >"$WORK/bare.urls" 2>"$WORK/bare.log" &
PIDS+=($!)
taskset -c "$SERVER_CPUS" "$JOBSREF" --quiet --clock virtual --deletion-delay 2000 --threads "$THREADS" \
    --max-connections "$MAX_CONNECTIONS" >"$WORK/jobsref.urls" 2>"$WORK/jobsref.log" &
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
        taskset -c "$LOAD_CPUS" wrk -t2 -c32 -d"$DURATION" --latency -s "$lua" "$url" >"$WORK/$name.wrk" 2>&1
    else
        taskset -c "$LOAD_CPUS" wrk -t2 -c32 -d"$DURATION" --latency "$url" >"$WORK/$name.wrk" 2>&1
    fi
}

ROUNDS=${ROUNDS:-3}
BODY_BYTES=$(curl -s "$BARE_URL/jobs/bench" | wc -c)
DESC_BYTES=$(curl -s "$CTL/jobs/describe" | wc -c)
echo "servers on cpu $SERVER_CPUS, wrk on cpu $LOAD_CPUS (taskset; $NCPU cpus, load average $(cut -d' ' -f1-3 /proc/loadavg))"
echo "both servers: libmicrohttpd thread pool of $THREADS, internal polling thread, idle timeout 15 s," \
    "$MAX_CONNECTIONS connections per listener; response body: bare $BODY_BYTES bytes, DescribeJob $DESC_BYTES bytes"
echo "wrk -t2 -c32 -d$DURATION --latency (mixed: -t1 -c16 per plane), $ROUNDS rounds: median [min-max]"
# Rounds interleave the loads so that a slow spell of this shared machine
# hits all of them, and the medians keep one such spell out of the ratios.
for r in $(seq "$ROUNDS"); do
    run_wrk "bare.$r" "$BARE_URL/jobs/bench"
    run_wrk "describe.$r" "$CTL/jobs/describe"
    # Mixed: both planes at once, 16 connections each (one wrk per listener).
    # (CreateJob ids carry BENCH_RUN: a new one per round, or round 2 would repeat round 1's ids)
    BENCH_RUN="$$-$r" taskset -c "$LOAD_CPUS" wrk -t1 -c16 -d"$DURATION" --latency -s "$LUA_DIR/mixed_control.lua" "$CTL" \
        >"$WORK/mixed_control.$r.wrk" 2>&1 &
    W1=$!
    taskset -c "$LOAD_CPUS" wrk -t1 -c16 -d"$DURATION" --latency -s "$LUA_DIR/mixed_data.lua" "$DAT" >"$WORK/mixed_data.$r.wrk" 2>&1 &
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
# spread of the rounds: "[min-max]"
spread() { sort -g | awk 'NR == 1 {lo = $1} {hi = $1} END {if (NR) printf "[%g-%g]", lo, hi}'; }
s_rps() { for r in $(seq "$ROUNDS"); do rps_of "$WORK/$1.$r.wrk"; done | spread; }
s_pct() { for r in $(seq "$ROUNDS"); do echo "$(pct_of "$WORK/$1.$r.wrk" "$2")"; done | spread; }
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

printf '\n%-24s %22s %20s %20s %6s %s\n' "load" "requests/s" "p50 ms" "p99 ms" "x bare" "non-2xx"
row() { # LABEL NAME RPS RATIO
    printf '%-24s %9s %-12s %6s %-13s %6s %-13s %6s %s\n' "$1" "$3" "$(s_rps "$2")" "$(m_pct "$2" 50)" \
        "$(s_pct "$2" 50)" "$(m_pct "$2" 99)" "$(s_pct "$2" 99)" "$4" "$(m_err "$2")"
}
row "bare responder" bare "$BARE_RPS" "1.00"
row "DescribeJob" describe "$DESC_RPS" "$(ratio "$DESC_RPS")"
row "mixed: control plane" mixed_control "$MC_RPS" ""
row "mixed: data plane" mixed_data "$MD_RPS" ""
printf '%-24s %9s %-12s %6s %-13s %6s %-13s %6s\n' "mixed: both (sum / max)" "$MIX_RPS" \
    "$(for r in $(seq "$ROUNDS"); do cat "$WORK/mixed.$r.rps"; done | spread)" "$MIX_P50" "" "$MIX_P99" "" \
    "$(ratio "$MIX_RPS")"

JOBS=$(curl -s "$CTL/jobs?maxResults=1" >/dev/null && echo ok)
[ -n "$JOBS" ] || echo "warning: jobsref did not answer after the run" >&2

echo
echo "targets:"
echo "  DescribeJob >= 0.70 x bare: $(ratio "$DESC_RPS") $(verdict "$(ratio "$DESC_RPS")" ">=" 0.7)"
echo "  mixed       >= 0.50 x bare: $(ratio "$MIX_RPS") $(verdict "$(ratio "$MIX_RPS")" ">=" 0.5)"
echo "  p99 <= 10 ms: DescribeJob $(m_pct describe 99) $(verdict "$(m_pct describe 99)" "<=" 10)," \
    "mixed $MIX_P99 $(verdict "$MIX_P99" "<=" 10)"
