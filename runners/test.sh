#!/usr/bin/env bash
# The README's test command: installs what is missing, then builds and runs
# the whole test suite three times, in the default build, under ASan+UBSan
# and under ThreadSanitizer (the server's thread pool, `jobsconf --jobs`),
# and finally the fuzzing smoke test (every harness built with libFuzzer and
# AFL++, corpora replayed, a short libFuzzer run of each harness).
# Ends with one line `tests: N passed, M failed` over all four stages.
set -euo pipefail
cd "$(dirname "$0")/.."
bash runners/install-deps.sh

jobs=$(nproc 2>/dev/null || echo 2)
status=0
passed=0
failed=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT

for preset in default asan tsan; do
  echo "== $preset build =="
  cmake --preset "$preset" >/dev/null
  cmake --build --preset "$preset" -j"$jobs"
  echo "== $preset tests =="
  if ! ctest --preset "$preset" -j"$jobs" 2>&1 | tee "$log"; then status=1; fi
  # "100% tests passed, 0 tests failed out of 38"
  line=$(grep -E 'tests passed, [0-9]+ tests? failed out of [0-9]+' "$log" | tail -1 || true)
  if [ -n "$line" ]; then
    f=$(sed -E 's/.* ([0-9]+) tests? failed out of ([0-9]+).*/\1/' <<<"$line")
    t=$(sed -E 's/.* failed out of ([0-9]+).*/\1/' <<<"$line")
    passed=$((passed + t - f))
    failed=$((failed + f))
  else
    failed=$((failed + 1))
    status=1
  fi
done

echo "== fuzzing smoke test =="
if bash runners/fuzz-smoke.sh; then
  passed=$((passed + 1))
else
  failed=$((failed + 1))
  status=1
fi

echo "tests: $passed passed, $failed failed"
exit $status
