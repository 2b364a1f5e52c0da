#!/usr/bin/env bash
# Throughput of the state-machine fuzz harness under libFuzzer, in the ASan +
# UBSan build (preset libfuzzer: finds bugs) and the build without sanitizers
# (preset libfuzzer-fast: throughput campaigns), each with libFuzzer's
# entropic scheduling on (its default) and off. Each run starts from a fresh
# copy of the committed corpus with the same -seed and -runs, and the figure
# is executions per CPU second of the fuzzer process (user + system), which a
# busy shared machine does not divide the way it divides wall-clock exec/s;
# libFuzzer's own wall-clock exec/s is printed beside it. Target: >= 5,000.
# Builds nothing; the build trees are build/libfuzzer and build/libfuzzer-fast:
#   cmake --preset libfuzzer-fast && cmake --build build/libfuzzer-fast --target fuzz_state_machine
#   cmake --preset libfuzzer && cmake --build build/libfuzzer --target fuzz_state_machine
# usage: bench/fuzz/run.sh [RUNS, default 20000]
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-20000}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
seeds=$(ls corpora/state_machine/seed | wc -l)
echo "bench/fuzz: fuzz_state_machine, -seed=1 -runs=$runs from the committed corpus ($seeds inputs, replayed first)"
echo "  machine: $(nproc) cpus, load average $(cut -d' ' -f1-3 /proc/loadavg)"
printf '  %-16s %-9s %14s %16s %12s\n' build entropic "exec/cpu-s" "libFuzzer exec/s" "cpu s"
for build in libfuzzer libfuzzer-fast; do
    bin=build/$build/fuzz/fuzz_state_machine
    if [ ! -x "$bin" ]; then
        printf '  %-16s (not built: %s)\n' "$build" "$bin"
        continue
    fi
    for entropic in 1 0; do
        dir=$tmp/$build-$entropic
        mkdir -p "$dir"
        cp corpora/state_machine/seed/* "$dir/"
        /usr/bin/time -f '%U %S' -o "$tmp/time" "$bin" -seed=1 -runs="$runs" -entropic="$entropic" \
            -dict=corpora/state_machine.dict "$dir" >"$tmp/log" 2>&1 || {
            echo "  $build entropic=$entropic: the harness failed (see below)"
            tail -20 "$tmp/log"
            exit 1
        }
        cpu=$(awk '{printf "%.2f", $1 + $2}' "$tmp/time")
        rate=$(awk -v r="$runs" -v c="$cpu" 'BEGIN {printf "%.0f", (c > 0 ? r / c : 0)}')
        wall=$(grep -o 'exec/s: [0-9]*' "$tmp/log" | tail -1 | awk '{print $2}')
        printf '  %-16s %-9s %14s %16s %12s\n' "$build" "$entropic" "$rate" "${wall:-?}" "$cpu"
    done
done
