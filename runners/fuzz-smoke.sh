#!/usr/bin/env bash
# CI smoke test of the fuzzing part (a few minutes on 2 cores):
#   1. builds every harness with both engines (presets libfuzzer and afl);
#   2. replays every committed corpus (seed + regressions) under ASan+UBSan;
#   3. runs each harness ~20 s under libFuzzer (-max_total_time=20 -timeout=5
#      -rss_limit_mb=2048 -dict) on a scratch copy of its seeds.
# Fails on any build error, crash, leak, timeout or invariant violation.
# Prints exec/s per harness. Options: --seconds N (default 20), --no-afl.
set -euo pipefail
. "$(cd "$(dirname "$0")/.." && pwd)/fuzz/fuzz-lib.sh"

seconds=20
afl=1
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds="$2"; shift 2 ;;
    --no-afl) afl=0; shift ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) echo "fuzz-smoke: unknown option $1" >&2; exit 2 ;;
  esac
done

cd "$FUZZ_ROOT"
out="$FUZZ_ROOT/out/fuzz-smoke"
rm -rf "$out"
mkdir -p "$out"

fuzz_log "configuring the libfuzzer preset"
cmake --preset libfuzzer >/dev/null
mapfile -t harnesses < <(fuzz_available build/libfuzzer)
if [ ${#harnesses[@]} -eq 0 ]; then echo "fuzz-smoke: no harness can be built" >&2; exit 1; fi
fuzz_log "harnesses: ${harnesses[*]}"
targets=()
for h in "${harnesses[@]}"; do targets+=("fuzz_$h" "replay_$h"); done
fuzz_log "building libFuzzer harnesses (clang, ASan+UBSan)"
cmake --build build/libfuzzer -j2 --target "${targets[@]}" >/dev/null

if [ "$afl" = 1 ]; then
  if command -v afl-clang-fast >/dev/null 2>&1; then
    fuzz_log "building AFL++ harnesses (afl-clang-fast)"
    cmake --preset afl >/dev/null
    aflt=()
    for h in "${harnesses[@]}"; do aflt+=("fuzz_$h"); done
    AFL_QUIET=1 cmake --build build/afl -j2 --target "${aflt[@]}" >/dev/null
  else
    echo "fuzz-smoke: afl-clang-fast missing (runners/install-deps.sh installs afl++)" >&2
    exit 1
  fi
fi

fail=0
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
for h in "${harnesses[@]}"; do
  dirs=()
  for d in seed regressions; do [ -d "corpora/$h/$d" ] && dirs+=("corpora/$h/$d"); done
  if ! build/libfuzzer/fuzz/replay_$h "${dirs[@]}" >"$out/replay-$h.log" 2>&1; then
    echo "fuzz-smoke: replay of corpora/$h FAILED:" >&2
    tail -40 "$out/replay-$h.log" >&2
    fail=1
  else
    fuzz_log "replay $h: $(tail -1 "$out/replay-$h.log")"
  fi
done

printf '\n%-18s %12s %10s %s\n' harness exec/s execs result
for h in "${harnesses[@]}"; do
  work="$out/$h"
  mkdir -p "$work/corpus" "$work/artifacts"
  dict=()
  [ -f "corpora/$h.dict" ] && dict=(-dict="corpora/$h.dict")
  set +e
  build/libfuzzer/fuzz/fuzz_$h -max_total_time="$seconds" -timeout=5 -rss_limit_mb=2048 "${dict[@]}" \
    -print_final_stats=1 -artifact_prefix="$work/artifacts/" "$work/corpus" "corpora/$h/seed" \
    >"$work/fuzz.log" 2>&1
  rc=$?
  set -e
  eps=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$work/fuzz.log" | tail -1)
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/fuzz.log" | tail -1)
  result=ok
  if [ $rc -ne 0 ] || ls "$work/artifacts/" 2>/dev/null | grep -q .; then
    result="FAILED (rc=$rc, artifacts in $work/artifacts)"
    fail=1
  fi
  printf '%-18s %12s %10s %s\n' "$h" "${eps:-?}" "${runs:-?}" "$result"
  if [ "$result" != ok ]; then
    grep -E 'ERROR|INVARIANT|SUMMARY|==[0-9]+==' "$work/fuzz.log" | head -20 >&2 || true
  fi
done

if [ $fail -ne 0 ]; then
  echo "fuzz-smoke: FAILED (see $out)" >&2
  exit 1
fi
engines="libFuzzer"
[ "$afl" = 1 ] && engines="libFuzzer and AFL++"
echo "fuzz-smoke: ${#harnesses[@]} harnesses built with $engines, corpora replayed, no crash in ${seconds}s each"
