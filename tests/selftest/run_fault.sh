#!/bin/bash
# run_fault.sh JOBSREF JOBSCONF OUTDIR FAULT
# Starts `jobsref --fault FAULT` (virtual clock, admin routes, SigV4
# authentication with a credential made for the run, ephemeral ports), runs the whole conformance suite against it, and leaves in
# OUTDIR/FAULT/:
#   results.json   jobsconf's results (--format json)
#   jobsconf.out   jobsconf's stdout and stderr
#   jobsref.log    jobsref's stderr (sanitizer reports land here)
#   rc             jobsconf's exit code, `startup` when jobsref did not come up
#   server         `alive` when jobsref was still running after the run, else
#                  `died` (it crashed or exited under the run)
# Every wait is bounded; jobsref and jobsconf are stopped on any exit.
set -u
. "$(dirname "$0")/jobsref_endpoints.sh"
if [ $# -ne 4 ]; then
    echo "usage: run_fault.sh JOBSREF JOBSCONF OUTDIR FAULT" >&2
    exit 2
fi
JOBSREF=$1 JOBSCONF=$2 OUTDIR=$3 FAULT=$4
RUN_LIMIT=${SELFTEST_RUN_LIMIT:-300}   # seconds for one jobsconf run
# The server runs on the virtual clock and answers every read at once, so a
# poll of a correct answer succeeds at its first read; the deadline only
# bounds how long a faulted answer is waited for (error-status-400, where
# no deletion is ever seen to finish, spent ~5 minutes at 2 s). MQTT
# replies are waited for up to the same deadline, so the MQTT faults keep 2 s.
if [[ "$FAULT" == mqtt-* ]]; then
    POLL_DEADLINE=${SELFTEST_POLL_DEADLINE:-2}
else
    POLL_DEADLINE=${SELFTEST_POLL_DEADLINE:-1}
fi
dir="$OUTDIR/$FAULT"
rm -rf "$dir"
mkdir -p "$dir"
server_pid="" runner_pid=""

stop() { # stop PID: TERM, up to 5 s, then KILL
    local p=$1
    [ -n "$p" ] || return 0
    kill "$p" 2>/dev/null || return 0
    for _ in $(seq 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$p" 2>/dev/null
    wait "$p" 2>/dev/null
}
broker_pid="" mqtt_server=() mqtt_runner=()
cleanup() {
    stop "$runner_pid"
    stop "$server_pid"
    stop "$broker_pid"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# The MQTT faults need a broker (a private mosquitto on a free loopback
# port); for the others the DeviceMQTT scenarios SKIP, which keeps the sweep
# short.
if [[ "$FAULT" == mqtt-* ]] && command -v mosquitto_sub >/dev/null && [ -x /usr/sbin/mosquitto ]; then
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    printf 'listener %s 127.0.0.1\nallow_anonymous true\npersistence false\nset_tcp_nodelay true\n' "$port" >"$dir/mosquitto.conf"
    timeout -k 5 $((RUN_LIMIT + 60)) /usr/sbin/mosquitto -c "$dir/mosquitto.conf" >"$dir/mosquitto.log" 2>&1 &
    broker_pid=$!
    for _ in $(seq 50); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done
    mqtt_server=(--mqtt "mqtt://127.0.0.1:$port")
    mqtt_runner=(--mqtt-endpoint "mqtt://127.0.0.1:$port")
fi

# `timeout` bounds jobsref's life even if this script is killed with SIGKILL.
# A credential for this run: jobsref verifies it, jobsconf signs with it.
akid="AKIDST$(od -An -N7 -tx1 /dev/urandom | tr -d ' \n' | tr a-f A-F)"
secret=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
printf '%s %s\n' "$akid" "$secret" >"$dir/credentials"
timeout -k 5 $((RUN_LIMIT + 60)) "$JOBSREF" --clock virtual --admin --fault "$FAULT" \
    --auth sigv4 --credentials "$dir/credentials" \
    --control-port 0 --data-port 0 --deletion-delay 1000 --quiet "${mqtt_server[@]}" \
    >"$dir/jobsref.out" 2>"$dir/jobsref.log" &
server_pid=$!
if ! jobsref_endpoints "$dir/jobsref.out" "$server_pid"; then
    echo startup >"$dir/rc"
    echo "run_fault.sh: jobsref --fault $FAULT did not print its endpoints" >&2
    cat "$dir/jobsref.log" >&2
    exit 1
fi

admin_token=$(sed -n 's/^admin-token \([^ ]*\)$/\1/p' "$dir/jobsref.out")
prefix=st$(printf '%s' "$FAULT" | tr -cd 'a-z0-9' | cut -c1-12)
# In the background so that a TERM to this script is handled at once.
# --strict: a fault caught only by SHOULD checks (rollout-unlimited) exits 1 too.
AWS_ACCESS_KEY_ID=$akid AWS_SECRET_ACCESS_KEY=$secret JOBSCONF_ADMIN_TOKEN=$admin_token \
    timeout -k 5 "$RUN_LIMIT" "$JOBSCONF" run --endpoint "$control" --data-endpoint "$data" \
    --report-dir "$dir" --format json --prefix "$prefix" --poll-deadline "$POLL_DEADLINE" --strict "${mqtt_runner[@]}" \
    >"$dir/jobsconf.out" 2>&1 &
runner_pid=$!
wait "$runner_pid" 2>/dev/null
echo $? >"$dir/rc"
runner_pid=""
if kill -0 "$server_pid" 2>/dev/null; then echo alive >"$dir/server"; else echo died >"$dir/server"; fi
exit 0
