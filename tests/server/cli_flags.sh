#!/bin/bash
# The security flags of the jobsref binary: --admin on a non-loopback host
# needs --admin-any-host (then warns), --auth sigv4 needs --credentials, a bad
# credentials file or admin token stops the start, and the admin token is
# printed and required.
# usage: cli_flags.sh PATH/TO/jobsref
set -u
BIN=${1:?usage: cli_flags.sh PATH/TO/jobsref}
WORK=$(mktemp -d)
PID=""
cleanup() {
    [ -n "$PID" ] && kill "$PID" 2>/dev/null && wait "$PID" 2>/dev/null
    rm -rf "$WORK"
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; exit 1; }

# refused at start: exit 2 with a message naming the problem
expect_refused() { # WHAT PATTERN ARGS...
    local what=$1 pattern=$2
    shift 2
    timeout 10 "$BIN" --quiet "$@" >"$WORK/out" 2>"$WORK/err"
    local rc=$?
    [ "$rc" = 2 ] || [ "$rc" = 1 ] || fail "$what: exit $rc, expected a refusal"
    grep -q -- "$pattern" "$WORK/err" || fail "$what: no '$pattern' in: $(cat "$WORK/err")"
    echo "ok:   $what refused ($(head -c 100 "$WORK/err"))"
}
expect_refused "--admin on 0.0.0.0" "admin-any-host" --host 0.0.0.0 --admin
expect_refused "--auth sigv4 without --credentials" "credentials" --auth sigv4
expect_refused "--credentials without --auth" "only read with --auth" --credentials /dev/null
expect_refused "--auth other" "invalid value" --auth basic
printf 'AKIDONLY\n' >"$WORK/bad"
expect_refused "a credentials line without secret" "bad:1" --auth sigv4 --credentials "$WORK/bad"
expect_refused "a missing credentials file" "cannot read" --auth sigv4 --credentials "$WORK/none"
expect_refused "a short admin token" "admin token" --admin --admin-token short

# --admin-any-host: starts, warns; the token is printed and required
printf 'AKIDCLI secretcli\n' >"$WORK/creds"
JOBSREF_ADMIN_TOKEN=cli-admin-token-0123456789 "$BIN" --host 0.0.0.0 --admin --admin-any-host \
    --auth sigv4 --credentials "$WORK/creds" >"$WORK/urls" 2>"$WORK/log" &
PID=$!
for _ in $(seq 100); do
    grep -q '^admin-token ' "$WORK/urls" 2>/dev/null && break
    kill -0 "$PID" 2>/dev/null || break
    sleep 0.1
done
grep -q '^admin-token cli-admin-token-0123456789$' "$WORK/urls" || fail "admin-token line: $(cat "$WORK/urls" "$WORK/log")"
grep -q 'WARNING' "$WORK/log" || fail "no warning for --admin-any-host: $(cat "$WORK/log")"
PORT=$(sed -n 's/^control http:\/\/0\.0\.0\.0:\([0-9]*\)$/\1/p' "$WORK/urls")
[ -n "$PORT" ] || fail "no control URL: $(cat "$WORK/urls")"
code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/_jobsref/info")
[ "$code" = 403 ] || fail "admin route without token: HTTP $code"
code=$(curl -s -o /dev/null -w '%{http_code}' -H 'x-jobsref-admin-token: cli-admin-token-0123456789' \
    "http://127.0.0.1:$PORT/_jobsref/info")
[ "$code" = 200 ] || fail "admin route with the token: HTTP $code"
code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/jobs")
[ "$code" = 403 ] || fail "unsigned ListJobs: HTTP $code"
code=$(curl -s -o /dev/null -w '%{http_code}' --aws-sigv4 aws:amz:us-east-1:execute-api -u AKIDCLI:secretcli \
    "http://127.0.0.1:$PORT/jobs")
[ "$code" = 200 ] || fail "signed ListJobs: HTTP $code"
echo "ok:   --admin-any-host warns; admin token printed and required; --auth sigv4 from --credentials"
echo "all passed"
