#!/usr/bin/env bash
# Installs the Debian 12 packages the project builds, tests and fuzzes with.
# Idempotent: does nothing (and asks no registry) when all are present.
# Called by both README commands and by .ci/run.
set -euo pipefail

packages=(
  # build
  build-essential cmake pkg-config git
  # libraries (DESIGN.md "Dependencies")
  libcurl4-openssl-dev libcjson-dev libcunit1-dev libmicrohttpd-dev libssl-dev
  uthash-dev libxml2-dev
  # fuzzing: clang with libFuzzer and sanitizer runtimes, AFL++, llvm-cov
  clang llvm libfuzzer-14-dev libclang-rt-14-dev afl++
  # tests: AWS CLI interop, report validation and rendering, leak checks
  awscli libxml2-utils python3-junitparser python3-jsonschema chromium valgrind
  # selftest.leaves-nothing and selftest.moto: SigV4 requests from python
  python3-botocore
  # device MQTT API: broker, client library, interop clients
  mosquitto libmosquitto-dev mosquitto-clients
  # selftest.safety: a self-signed certificate for the TLS checks
  openssl
  # benchmarks and campaign tooling
  wrk zip fonts-dejavu-core
)

# moto (selftest.moto: the suite against moto's server) is not packaged for
# Debian 12 (`apt-cache policy python3-moto` finds nothing). This machine image has
# moto 5.2.1 from PyPI in its pyenv python3 (`pip install 'moto[server]==5.2.1'`);
# without it selftest.moto is SKIPped, loudly. Said here, not installed: the
# project takes its dependencies from Debian only.
if ! python3 -c 'import moto.server' 2>/dev/null && ! /usr/bin/python3 -c 'import moto.server' 2>/dev/null; then
  echo "install-deps: moto is not installed (not a Debian 12 package): selftest.moto will be SKIPPED" >&2
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "install-deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
