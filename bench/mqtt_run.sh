#!/bin/bash
# Runs bench_mqtt against a private mosquitto on a free loopback port.
# usage: bench/mqtt_run.sh [BUILD_DIR (build/default)] [ROUND_TRIPS (2000)]
set -eu
BUILD=${1:-build/default}
N=${2:-2000}
WORK=$(mktemp -d)
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
printf 'listener %s 127.0.0.1\nallow_anonymous true\npersistence false\nset_tcp_nodelay true\n' "$PORT" >"$WORK/mosquitto.conf"
/usr/sbin/mosquitto -c "$WORK/mosquitto.conf" >"$WORK/broker.log" 2>&1 &
BROKER=$!
trap 'kill $BROKER 2>/dev/null; wait $BROKER 2>/dev/null; rm -rf "$WORK"' EXIT
for _ in $(seq 50); do (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && break; sleep 0.1; done
"$BUILD/bench/bench_mqtt" "mqtt://127.0.0.1:$PORT" "$N"
