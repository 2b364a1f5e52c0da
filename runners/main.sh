#!/usr/bin/env bash
# The README's main command: installs what is missing, builds, and runs the
# conformance suite against the embedded reference server, writing reports.
# Extra arguments go to `jobsconf run` (e.g. --endpoint URL to test a server).
set -euo pipefail
cd "$(dirname "$0")/.."
bash runners/install-deps.sh
cmake --preset default >/dev/null
cmake --build --preset default -j"$(nproc 2>/dev/null || echo 2)"

if [ -x build/default/runners/jobsconf ]; then
  exec build/default/runners/jobsconf run --report-dir "${JOBSCONF_REPORT_DIR:-jobsconf-reports}" "$@"
fi
# Until the runner lands, show the reference that it will test.
exec build/default/reference/server/jobsref --version
