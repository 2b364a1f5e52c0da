#!/usr/bin/env bash
# The README's test command: installs what is missing, then builds and runs
# the whole test suite twice, in the default build and under ASan+UBSan, and
# finally the fuzzing smoke test (every harness built with libFuzzer and
# AFL++, corpora replayed, a short libFuzzer run of each harness).
set -euo pipefail
cd "$(dirname "$0")/.."
bash runners/install-deps.sh

jobs=$(nproc 2>/dev/null || echo 2)
status=0
for preset in default asan; do
  echo "== $preset build =="
  cmake --preset "$preset" >/dev/null
  cmake --build --preset "$preset" -j"$jobs"
  echo "== $preset tests =="
  if ! ctest --preset "$preset" -j"$jobs"; then
    status=1
  fi
done
echo "== fuzzing smoke test =="
if ! bash runners/fuzz-smoke.sh; then
  status=1
fi
exit $status
