# Shared helpers of runners/fuzz-campaign.sh and runners/fuzz-smoke.sh (sourced
# from fuzz/, which the fuzzing part owns).

FUZZ_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
FUZZ_ALL_HARNESSES=(request_decoder state_machine route roundtrip response_decoder)

fuzz_log() { printf '%s %s\n' "[$(date +%H:%M:%S)]" "$*" >&2; }

# Configures a preset (once) and builds the given targets.
fuzz_build() {
  local preset="$1"; shift
  local dir="$FUZZ_ROOT/build/$preset"
  if [ ! -f "$dir/CMakeCache.txt" ]; then
    cmake --preset "$preset" -S "$FUZZ_ROOT" >/dev/null
  else
    cmake "$dir" >/dev/null
  fi
  cmake --build "$dir" -j"${FUZZ_JOBS:-2}" --target "$@" >/dev/null
}

# The harnesses the current tree can build (fuzz/CMakeLists.txt skips those
# whose code has not landed); needs a configured build dir.
fuzz_available() {
  local dir="$1"
  cmake --build "$dir" --target help 2>/dev/null | sed -n 's/^\.\.\. replay_\(.*\)$/\1/p' | sort
}

# llvm tool detection: plain name or the highest -NN suffix.
fuzz_llvm_tool() {
  local t="$1" v
  if command -v "$t" >/dev/null 2>&1; then echo "$t"; return; fi
  for v in 19 18 17 16 15 14 13; do
    if command -v "$t-$v" >/dev/null 2>&1; then echo "$t-$v"; return; fi
  done
  echo "fuzz: $t not found (apt-get install llvm)" >&2
  return 1
}

# Stack hash of a crashing input: replays it with the ASan replay binary and
# hashes the function names of the top 5 frames (sanitizer, abort and
# harness-failure frames left out). Prints "<hash> <stackfile>".
fuzz_stack_hash() {
  local replay="$1" input="$2" stackfile="$3"
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:handle_abort=1:symbolize=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    timeout 60 "$replay" "$input" >"$stackfile" 2>&1 || true
  local frames
  # First stack only (the crash, not the allocation / free stacks).
  frames=$(awk '/^ +#[0-9]+ /{f=1; print; next} f{exit}' "$stackfile" | sed -n 's/.* in \([^ ]*\).*/\1/p' \
           | grep -vE '^(__pthread|pthread_kill|gsignal|__GI_|__asan|__sanitizer|__ubsan|__interceptor|abort|raise|jrf_fail|__libc|malloc|calloc|realloc|free|strdup|_start|main|run_file|run_dir|LLVMFuzzerTestOneInput)' \
           | head -5 | tr '\n' ' ' || true)
  # A harness invariant: its message (digits dropped) tells the checks apart.
  local inv
  inv=$(grep -m1 'INVARIANT VIOLATED' "$stackfile" | sed 's/.*INVARIANT VIOLATED: //; s/[0-9]//g' || true)
  [ -n "$inv" ] && frames="$frames| $inv"
  if [ -z "$frames" ]; then
    frames="nostack:$(grep -m1 -E 'ERROR|INVARIANT|SUMMARY' "$stackfile" | sed 's/0x[0-9a-f]*//g' || true)"
  fi
  printf '%s %s\n' "$(printf '%s' "$frames" | sha1sum | cut -c1-12)" "$frames"
}
