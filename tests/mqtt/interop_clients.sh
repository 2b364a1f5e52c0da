#!/bin/bash
# Interop with real MQTT clients: Debian's mosquitto_pub / mosquitto_sub
# drive the jobsref binary through a private mosquitto broker. A device flow
# from get to SUCCEEDED (start-next, update IN_PROGRESS, update SUCCEEDED),
# notify / notify-next after a job created over HTTPS, the execution read
# back over HTTPS, and a rejected update (InvalidStateTransition with
# executionState, clientToken echoed). Exit 77 when mosquitto is missing.
#
# usage: interop_clients.sh PATH/TO/jobsref [jobsref options, e.g. --fault NAME]
set -u
BIN=${1:?usage: interop_clients.sh PATH/TO/jobsref}
. "$(dirname "$0")/mqtt_env.sh"
shift
mqtt_env_start "$BIN" "$@"

THING=interop-dev-1
T="\$aws/things/$THING/jobs"
# Checks are collected and evaluated by one python3 run at the end (python
# start-up is slow on a loaded machine). check NAME PAYLOAD EXPR, where EXPR
# is a python expression over j, the parsed payload.
: >"$WORK/checks"
check() {
    printf '%s\n%s\n%s\n' "$1" "$2" "$3" >>"$WORK/checks"
}
pub() { mosquitto_pub -p "$BROKER_PORT" -q 1 -t "$1" -m "$2"; }

curl -sf -X POST "$CTL/things/$THING" -d '{}' >/dev/null || { echo "FAIL: CreateThing"; exit 1; }
start_subscriber "$THING"

pub "$T/get" '{"clientToken":"g0"}'
P=$(wait_line "$T/get/accepted" 1) || { echo "FAIL: no get/accepted"; exit 1; }
check "get with nothing pending" "$P" 'j["clientToken"]=="g0" and j["inProgressJobs"]==[] and j["queuedJobs"]==[]'

curl -sf -X PUT "$CTL/jobs/interop-job-1" \
    -d "{\"targets\":[\"arn:aws:iot:us-east-1:123456789012:thing/$THING\"],\"document\":\"{\\\"op\\\":\\\"install\\\"}\"}" \
    >/dev/null || { echo "FAIL: CreateJob"; exit 1; }
P=$(wait_line "$T/notify" 1) || { echo "FAIL: no notify after CreateJob"; exit 1; }
check "notify after CreateJob" "$P" 'j["jobs"]["QUEUED"][0]["jobId"]=="interop-job-1" and "IN_PROGRESS" not in j["jobs"] and "clientToken" not in j'
P=$(wait_line "$T/notify-next" 1) || { echo "FAIL: no notify-next after CreateJob"; exit 1; }
check "notify-next after CreateJob" "$P" 'j["execution"]["jobId"]=="interop-job-1" and j["execution"]["jobDocument"]=={"op":"install"}'

pub "$T/start-next" '{"clientToken":"s1","statusDetails":{"phase":"download"}}'
P=$(wait_line "$T/start-next/accepted" 1) || { echo "FAIL: no start-next/accepted"; exit 1; }
check "start-next" "$P" 'j["clientToken"]=="s1" and j["execution"]["status"]=="IN_PROGRESS" and j["execution"]["versionNumber"]==2 and j["execution"]["statusDetails"]=={"phase":"download"}'

pub "$T/interop-job-1/update" '{"status":"IN_PROGRESS","expectedVersion":"2","statusDetails":{"phase":"install"},"clientToken":"u1"}'
P=$(wait_line "$T/interop-job-1/update/accepted" 1) || { echo "FAIL: no update/accepted"; exit 1; }
check "update IN_PROGRESS (expectedVersion as a string)" "$P" 'j["clientToken"]=="u1" and isinstance(j["timestamp"], int)'

# the same execution read over the HTTPS data plane
H=$(curl -sf "$DAT/things/$THING/jobs/interop-job-1")
check "HTTPS sees the MQTT update" "$H" 'j["execution"]["versionNumber"]==3 and j["execution"]["statusDetails"]=={"phase":"install"}'

pub "$T/interop-job-1/update" '{"status":"SUCCEEDED","includeJobExecutionState":true,"clientToken":"u2"}'
P=$(wait_line "$T/interop-job-1/update/accepted" 2) || { echo "FAIL: no second update/accepted"; exit 1; }
check "update SUCCEEDED" "$P" 'j["clientToken"]=="u2" and j["executionState"]["status"]=="SUCCEEDED" and j["executionState"]["versionNumber"]==4'
P=$(wait_line "$T/notify" 2) || { echo "FAIL: no notify after SUCCEEDED"; exit 1; }
check "notify after SUCCEEDED" "$P" 'j["jobs"]=={}'
P=$(wait_line "$T/notify-next" 2) || { echo "FAIL: no notify-next after SUCCEEDED"; exit 1; }
check "notify-next after SUCCEEDED" "$P" '"execution" not in j and "timestamp" in j'

pub "$T/interop-job-1/update" '{"status":"IN_PROGRESS","clientToken":"u3"}'
P=$(wait_line "$T/interop-job-1/update/rejected" 1) || { echo "FAIL: no update/rejected"; exit 1; }
check "rejected update" "$P" 'j["code"]=="InvalidStateTransition" and j["clientToken"]=="u3" and j["executionState"]["status"]=="SUCCEEDED" and j["message"]'

pub "$T/get" 'not json'
P=$(wait_line "$T/get/rejected" 1) || { echo "FAIL: no get/rejected"; exit 1; }
check "InvalidJson" "$P" 'j["code"]=="InvalidJson" and "clientToken" not in j'

kill "$SUB_PID" 2>/dev/null
if ! kill -0 "$SERVER_PID" 2>/dev/null; then
    echo "FAIL: jobsref died during the run"
    cat "$WORK/server.log"
    exit 1
fi
python3 - "$WORK/checks" <<'PY'
import json, sys
lines = open(sys.argv[1]).read().split("\n")
fails = 0
for i in range(0, len(lines) - 2, 3):
    name, payload, expr = lines[i], lines[i + 1], lines[i + 2]
    try:
        j = json.loads(payload)
        ok = bool(eval(expr, {}, {"j": j}))
    except Exception as e:  # a missing member is a failure, not a crash
        ok = False
    print(("ok: " if ok else "FAIL: ") + name + ("" if ok else ": %s (wanted %s)" % (payload, expr)))
    fails += not ok
print("all checks passed" if fails == 0 else "%d check(s) failed" % fails)
sys.exit(1 if fails else 0)
PY
