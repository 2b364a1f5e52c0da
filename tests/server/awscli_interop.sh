#!/bin/bash
# AWS CLI interop: the Debian AWS CLI (/usr/bin/aws, 2.9.19) against the
# jobsref binary. Drives every control-plane job operation, the registry
# operations the suites use, and every data-plane operation; checks the
# outputs and the error codes the CLI reports. jobsref runs with --auth sigv4:
# every call of the CLI and every helper call of curl (--aws-sigv4, libcurl's
# signer) is a live signature it must accept; the last section checks that
# wrong secrets, unknown keys, unsigned requests and wrong session tokens are
# refused with the error codes the CLI reports. The first failed step fails the
# test (exit 1, printing the command and its output); exit 77 = skipped (no
# /usr/bin/aws).
#
# usage: awscli_interop.sh PATH/TO/jobsref
set -u

BIN=${1:?usage: awscli_interop.sh PATH/TO/jobsref}
AWS=/usr/bin/aws
PY=/usr/bin/python3
if [ ! -x "$AWS" ]; then
    echo "SKIP: $AWS is missing"
    exit 77
fi
ACCOUNT=123456789012
REGION=us-east-1
thing_arn() { echo "arn:aws:iot:$REGION:$ACCOUNT:thing/$1"; }
group_arn() { echo "arn:aws:iot:$REGION:$ACCOUNT:thinggroup/$1"; }

export AWS_ACCESS_KEY_ID=AKIDEXAMPLE AWS_SECRET_ACCESS_KEY=dummysecret AWS_DEFAULT_REGION=$REGION
export AWS_MAX_ATTEMPTS=1 AWS_PAGER="" AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null
unset AWS_PROFILE AWS_SESSION_TOKEN

WORK=$(mktemp -d)
PID=""
cleanup() {
    if [ -n "$PID" ]; then
        kill "$PID" 2>/dev/null
        wait "$PID" 2>/dev/null
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT

printf '# interop keys\nAKIDEXAMPLE dummysecret\nASIATEMPEXAMPLE tempsecret FwoGZXIvYXdzEXAMPLE+token/==\n' >"$WORK/creds"
"$BIN" --admin --clock virtual --deletion-delay 500 --quiet --auth sigv4 --credentials "$WORK/creds" \
    >"$WORK/urls" 2>"$WORK/server.log" &
PID=$!
for _ in $(seq 100); do
    [ "$(grep -cE '^(control|data) http://' "$WORK/urls")" -ge 2 ] && break
    kill -0 "$PID" 2>/dev/null || break
    sleep 0.1
done
CTL=$(awk '$1 == "control" {print $2}' "$WORK/urls")
DAT=$(awk '$1 == "data" {print $2}' "$WORK/urls")
TOKEN=$(awk '$1 == "admin-token" {print $2}' "$WORK/urls")
# curl with libcurl's SigV4 signer (control plane scope)
SIGN=(--aws-sigv4 "aws:amz:$REGION:execute-api" -u "$AWS_ACCESS_KEY_ID:$AWS_SECRET_ACCESS_KEY")
if [ -z "$CTL" ] || [ -z "$DAT" ]; then
    echo "FAIL: jobsref did not print its URLs"
    cat "$WORK/server.log"
    exit 1
fi
echo "jobsref: control $CTL, data $DAT"

FAILS=0
STEPS=0
OUT=""
fail() {
    echo "FAIL: $*"
    FAILS=$((FAILS + 1))
    echo "$STEPS steps, stopped at the first failure"
    exit 1
}

# ok SERVICE ARGS...: the call must succeed; its stdout goes to $OUT.
ok() {
    local svc=$1 url=$CTL
    shift
    [ "$svc" = iot-jobs-data ] && url=$DAT
    STEPS=$((STEPS + 1))
    if OUT=$("$AWS" --endpoint-url "$url" --output json "$svc" "$@" 2>"$WORK/err"); then
        echo "ok:   $svc $*"
    else
        fail "$svc $* exited $?: $(cat "$WORK/err")"
        OUT="{}"
    fi
}

# err CODE SERVICE ARGS...: the call must fail with the error code CODE.
err() {
    local code=$1 svc=$2 url=$CTL
    shift 2
    [ "$svc" = iot-jobs-data ] && url=$DAT
    STEPS=$((STEPS + 1))
    if "$AWS" --endpoint-url "$url" --output json "$svc" "$@" >"$WORK/out" 2>"$WORK/err"; then
        fail "$svc $* succeeded, expected $code: $(cat "$WORK/out")"
    elif grep -q "($code)" "$WORK/err"; then
        echo "ok:   $svc $* -> $code"
    else
        fail "$svc $*: expected $code, got: $(cat "$WORK/err")"
    fi
}

# check DESCRIPTION PYTHON-EXPRESSION: evaluated with d = json of $OUT.
check() {
    local what=$1 expr=$2
    STEPS=$((STEPS + 1))
    if ! printf '%s' "$OUT" | "$PY" -c "
import json, sys, datetime
iso = datetime.datetime.fromisoformat
d = json.load(sys.stdin)
sys.exit(0 if ($expr) else 1)
" 2>"$WORK/pyerr"; then
        fail "check '$what' ($expr) on: $OUT $(cat "$WORK/pyerr")"
    fi
}

# value PYTHON-EXPRESSION: prints it, evaluated with d = json of $OUT.
value() {
    printf '%s' "$OUT" | "$PY" -c "import json, sys; d = json.load(sys.stdin); print($1)"
}

# Seeds things over plain HTTP (the CLI takes a second per call).
seed_thing() {
    local code
    code=$(curl -s "${SIGN[@]}" -o /dev/null -w '%{http_code}' -X POST -H 'Content-Type: application/json' -d '{}' "$CTL/things/$1")
    [ "$code" = 200 ] || fail "seeding thing $1: HTTP $code"
}

# Waits over plain HTTP (bounded) until GET /jobs/JOB answers 404.
wait_deleted_http() {
    local job=$1 i code
    STEPS=$((STEPS + 1))
    for i in $(seq 5); do
        advance 300
        code=$(curl -s "${SIGN[@]}" -o /dev/null -w '%{http_code}' "$CTL/jobs/$job")
        if [ "$code" = 404 ]; then
            echo "ok:   job $job deleted"
            return
        fi
    done
    fail "job $job still exists after deletion (HTTP $code)"
}

# Advances the virtual clock by MS milliseconds through the admin route.
advance() {
    local code
    code=$(curl -s -o "$WORK/adv" -w '%{http_code}' -X POST -H 'Content-Type: application/json' -H "x-jobsref-admin-token: $TOKEN" \
        -d "{\"ms\": $1}" "$CTL/_jobsref/clock/advance")
    [ "$code" = 200 ] || fail "advancing the virtual clock by $1 ms: HTTP $code $(cat "$WORK/adv")"
}

# Polls DescribeJob until ResourceNotFoundException (bounded), advancing the
# virtual clock past the deletion delay (500 ms) between polls.
wait_deleted() {
    local job=$1 i
    STEPS=$((STEPS + 1))
    for i in $(seq 5); do
        if ! "$AWS" --endpoint-url "$CTL" iot describe-job --job-id "$job" >/dev/null 2>"$WORK/err"; then
            if grep -q '(ResourceNotFoundException)' "$WORK/err"; then
                echo "ok:   job $job deleted"
                return
            fi
            fail "describe-job $job while waiting for deletion: $(cat "$WORK/err")"
            return
        fi
        advance 600
    done
    fail "job $job still exists after deletion"
}

T1=$(thing_arn t1)
T3=$(thing_arn t3)
G1=$(group_arn g1)

# ---- registry --------------------------------------------------------------
seed_thing t1
seed_thing t2
ok iot create-thing --thing-name t3
check "create-thing output" "d['thingName'] == 't3' and d['thingArn'] == '$T3'"
ok iot describe-thing --thing-name t1
check "describe-thing" "d['thingName'] == 't1' and d['thingArn'] == '$T1'"
ok iot create-thing-group --thing-group-name g1
check "create-thing-group" "d['thingGroupName'] == 'g1' and d['thingGroupArn'] == '$G1'"
ok iot add-thing-to-thing-group --thing-group-name g1 --thing-name t2
ok iot list-things-in-thing-group --thing-group-name g1
check "group members" "d['things'] == ['t2']"

# ---- job lifecycle -----------------------------------------------------------
ok iot create-job --job-id j1 --targets "$T1" --document '{"step":"one"}' --description "first job"
check "create-job" "d['jobId'] == 'j1' and d['jobArn'] == 'arn:aws:iot:$REGION:$ACCOUNT:job/j1'"
err ResourceAlreadyExistsException iot create-job --job-id j1 --targets "$T1" --document '{}'
# jobId is at most 64 characters (the CLI does not check the length).
ID64=$(printf 'j%.0s' $(seq 64))
err InvalidRequestException iot create-job --job-id "${ID64}x" --targets "$T1" --document '{}'
ok iot describe-job --job-id j1
check "describe-job" "d['job']['jobId'] == 'j1' and d['job']['status'] == 'IN_PROGRESS' and d['job']['targets'] == ['$T1']"
check "describe-job timestamps" "iso(d['job']['createdAt']) <= iso(d['job']['lastUpdatedAt'])"
check "describe-job counters" "d['job']['jobProcessDetails']['numberOfQueuedThings'] == 1"
err ResourceNotFoundException iot describe-job --job-id nosuchjob
ok iot get-job-document --job-id j1
check "get-job-document" "json.loads(d['document']) == {'step': 'one'}"
ok iot list-jobs
check "list-jobs" "[j['jobId'] for j in d['jobs']] == ['j1'] and iso(d['jobs'][0]['createdAt']).year >= 2020"
ok iot update-job --job-id j1 --description "updated"
ok iot describe-job --job-id j1
check "update-job applied" "d['job']['description'] == 'updated'"
ok iot list-job-executions-for-job --job-id j1
check "list-job-executions-for-job" "len(d['executionSummaries']) == 1 and d['executionSummaries'][0]['thingArn'] == '$T1' and d['executionSummaries'][0]['jobExecutionSummary']['status'] == 'QUEUED'"
ok iot list-job-executions-for-thing --thing-name t1
check "list-job-executions-for-thing" "[e['jobId'] for e in d['executionSummaries']] == ['j1'] and iso(d['executionSummaries'][0]['jobExecutionSummary']['queuedAt']).year >= 2020"
ok iot describe-job-execution --job-id j1 --thing-name t1
check "describe-job-execution (control)" "d['execution']['status'] == 'QUEUED' and d['execution']['executionNumber'] == 1 and iso(d['execution']['queuedAt']).year >= 2020"

# ---- data plane -------------------------------------------------------------
ok iot-jobs-data get-pending-job-executions --thing-name t1
check "get-pending-job-executions" "[j['jobId'] for j in d['queuedJobs']] == ['j1'] and d['inProgressJobs'] == []"
ok iot-jobs-data describe-job-execution --thing-name t1 --job-id '$next' --include-job-document
check "describe-job-execution \$next" "d['execution']['jobId'] == 'j1' and json.loads(d['execution']['jobDocument']) == {'step': 'one'}"
ok iot-jobs-data start-next-pending-job-execution --thing-name t1 --status-details progress=10
check "start-next-pending-job-execution" "d['execution']['jobId'] == 'j1' and d['execution']['status'] == 'IN_PROGRESS' and d['execution']['statusDetails'] == {'progress': '10'}"
VERSION=$(value "d['execution']['versionNumber']")
ok iot-jobs-data describe-job-execution --thing-name t1 --job-id j1
check "describe-job-execution (data)" "d['execution']['status'] == 'IN_PROGRESS' and d['execution']['versionNumber'] == $VERSION"
err VersionConflictException iot-jobs-data update-job-execution --thing-name t1 --job-id j1 --status SUCCEEDED --expected-version $((VERSION + 7))
err InvalidRequestException iot-jobs-data update-job-execution --thing-name t1 --job-id j1 --status QUEUED
ok iot-jobs-data update-job-execution --thing-name t1 --job-id j1 --status SUCCEEDED --expected-version "$VERSION" --include-job-execution-state
check "update-job-execution" "d['executionState']['status'] == 'SUCCEEDED' and d['executionState']['versionNumber'] > $VERSION"
ok iot describe-job --job-id j1
check "SNAPSHOT job completes" "d['job']['status'] == 'COMPLETED' and d['job']['jobProcessDetails']['numberOfSucceededThings'] == 1"

# ---- executions: cancel and delete, force rules ----------------------------
ok iot create-job --job-id j2 --targets "$T1" --document '{}'
err InvalidStateTransitionException iot delete-job --job-id j2
ok iot-jobs-data start-next-pending-job-execution --thing-name t1
check "j2 started" "d['execution']['jobId'] == 'j2'"
err InvalidStateTransitionException iot cancel-job-execution --job-id j2 --thing-name t1
ok iot cancel-job-execution --job-id j2 --thing-name t1 --force
ok iot describe-job-execution --job-id j2 --thing-name t1
check "execution canceled" "d['execution']['status'] == 'CANCELED'"
ok iot delete-job-execution --job-id j2 --thing-name t1 --execution-number 1
err ResourceNotFoundException iot describe-job-execution --job-id j2 --thing-name t1

# ---- CONTINUOUS job: groups, associate-targets and its limit ---------------
ok iot create-job --job-id jc --targets "$G1" --document '{}' --target-selection CONTINUOUS
ok iot list-job-executions-for-job --job-id jc
check "CONTINUOUS job reaches the group" "[e['thingArn'] for e in d['executionSummaries']] == ['$(thing_arn t2)']"
ok iot associate-targets-with-job --job-id jc --targets "$T3"
check "associate-targets-with-job" "d['jobId'] == 'jc'"
ok iot list-job-executions-for-job --job-id jc
check "associated target has an execution" "len(d['executionSummaries']) == 2"
# 2 targets so far; 98 more reach the limit of 100, one more is over it.
MORE=()
for i in $(seq 1 99); do
    seed_thing "bulk$i"
    MORE+=("$(thing_arn "bulk$i")")
done
ok iot associate-targets-with-job --job-id jc --targets "${MORE[@]:0:98}"
ok iot describe-job --job-id jc
check "100 targets" "len(d['job']['targets']) == 100"
err LimitExceededException iot associate-targets-with-job --job-id jc --targets "${MORE[98]}"
err InvalidRequestException iot associate-targets-with-job --job-id j2 --targets "$T3"
ok iot remove-thing-from-thing-group --thing-group-name g1 --thing-name t2
ok iot list-things-in-thing-group --thing-group-name g1
check "group empty" "d['things'] == []"
ok iot cancel-job --job-id jc --reason-code DONE --comment "interop test"
check "cancel-job" "d['jobId'] == 'jc'"
ok iot describe-job --job-id jc
check "job canceled" "d['job']['status'] == 'CANCELED' and d['job'].get('reasonCode') == 'DONE'"

# ---- deletion -----------------------------------------------------------------
ok iot delete-job --job-id jc
wait_deleted_http jc
ok iot delete-job --job-id j1
wait_deleted_http j1
ok iot delete-job --job-id j2 --force
wait_deleted j2
ok iot list-jobs
check "no jobs left" "d['jobs'] == []"

ok iot delete-thing --thing-name t3
err ResourceNotFoundException iot describe-thing --thing-name t3
ok iot delete-thing-group --thing-group-name g1
err ResourceNotFoundException iot list-things-in-thing-group --thing-group-name g1

# ---- authentication -------------------------------------------------------------
AWS_SECRET_ACCESS_KEY=not-the-secret err InvalidSignatureException iot list-jobs
AWS_SECRET_ACCESS_KEY=not-the-secret err InvalidSignatureException iot-jobs-data get-pending-job-executions --thing-name t1
AWS_ACCESS_KEY_ID=AKIDUNKNOWN err UnrecognizedClientException iot list-jobs
err MissingAuthenticationTokenException iot list-jobs --no-sign-request
AWS_DEFAULT_REGION=eu-west-1 err InvalidSignatureException iot list-jobs
AWS_ACCESS_KEY_ID=ASIATEMPEXAMPLE AWS_SECRET_ACCESS_KEY=tempsecret AWS_SESSION_TOKEN='FwoGZXIvYXdzEXAMPLE+token/==' \
    ok iot list-jobs
AWS_ACCESS_KEY_ID=ASIATEMPEXAMPLE AWS_SECRET_ACCESS_KEY=tempsecret AWS_SESSION_TOKEN=wrong-token \
    err UnrecognizedClientException iot list-jobs
AWS_ACCESS_KEY_ID=ASIATEMPEXAMPLE AWS_SECRET_ACCESS_KEY=tempsecret err UnrecognizedClientException iot list-jobs
# libcurl's signer on the data plane (its own scope), with an encoded label and a query
STEPS=$((STEPS + 1))
code=$(curl -s -o "$WORK/out" -w '%{http_code}' --aws-sigv4 "aws:amz:$REGION:iot-jobs-data" \
    -u "$AWS_ACCESS_KEY_ID:$AWS_SECRET_ACCESS_KEY" "$DAT/things/t1/jobs/%24next?includeJobDocument=true")
[ "$code" = 200 ] || fail "curl --aws-sigv4 data plane \$next: HTTP $code $(cat "$WORK/out")"
echo "ok:   curl --aws-sigv4 iot-jobs-data GET /things/t1/jobs/%24next"
STEPS=$((STEPS + 1))
code=$(curl -s -o "$WORK/out" -w '%{http_code}' "$CTL/jobs")
[ "$code" = 403 ] || fail "unsigned curl GET /jobs: HTTP $code, expected 403"
code=$(curl -s -o "$WORK/out" -w '%{http_code}' "$CTL/_jobsref/info")
[ "$code" = 403 ] || fail "admin route without the token: HTTP $code, expected 403"
echo "ok:   unsigned request and admin route without token refused (403)"

if ! kill -0 "$PID" 2>/dev/null; then
    fail "jobsref died during the test"
fi
echo "$STEPS steps, $FAILS failures"
[ "$FAILS" -eq 0 ] || exit 1
exit 0
