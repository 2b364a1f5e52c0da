#!/bin/sh
# Renders a report.html to a PNG with headless Chromium:
#   screenshot.sh REPORT.html OUT.png [WIDTH,HEIGHT]
# Used to produce docs/report-screenshot.png from a run with failures.
set -eu
html=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
size=${3:-1280,2000}
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
timeout 90 "${CHROMIUM:-/usr/bin/chromium}" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync --hide-scrollbars \
    --user-data-dir="$profile" --screenshot="$2" --window-size="$size" "file://$html" 2>/dev/null
