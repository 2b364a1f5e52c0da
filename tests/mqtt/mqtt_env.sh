# Shared by the MQTT shell tests: a private mosquitto broker on a free
# loopback port (generated config, no persistence, stopped at exit) and the
# jobsref binary attached to it. Source it, then call mqtt_env_start BIN
# [jobsref options...]. Sets BROKER_PORT, CTL, DAT, WORK. Exit 77 (skipped)
# when mosquitto or its clients are not installed.
MOSQUITTO=${MOSQUITTO:-/usr/sbin/mosquitto}
for tool in "$MOSQUITTO" mosquitto_pub mosquitto_sub python3 curl; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "SKIP: $tool is missing (apt-get install mosquitto mosquitto-clients)"
        exit 77
    fi
done

WORK=$(mktemp -d)
BROKER_PID=""
SERVER_PID=""
mqtt_env_cleanup() {
    for p in $SERVER_PID $BROKER_PID; do
        kill "$p" 2>/dev/null
        wait "$p" 2>/dev/null
    done
    [ -n "${KEEP_WORK:-}" ] && cp -r "$WORK" "$KEEP_WORK"
    rm -rf "$WORK"
}
trap mqtt_env_cleanup EXIT

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

mqtt_env_start() {
    local bin=$1
    shift
    for _ in 1 2 3 4 5; do
        BROKER_PORT=$(free_port)
        printf 'listener %s 127.0.0.1\nallow_anonymous true\npersistence false\nmax_packet_size 200000\nset_tcp_nodelay true\n' \
            "$BROKER_PORT" >"$WORK/mosquitto.conf"
        "$MOSQUITTO" -c "$WORK/mosquitto.conf" >"$WORK/broker.log" 2>&1 &
        BROKER_PID=$!
        for _ in $(seq 50); do
            (exec 3<>"/dev/tcp/127.0.0.1/$BROKER_PORT") 2>/dev/null && break
            sleep 0.1
        done
        kill -0 "$BROKER_PID" 2>/dev/null && break
        BROKER_PID=""
    done
    if [ -z "$BROKER_PID" ]; then
        echo "FAIL: mosquitto did not start"
        cat "$WORK/broker.log"
        exit 1
    fi
    "$bin" --admin --clock virtual --quiet --mqtt "mqtt://127.0.0.1:$BROKER_PORT" "$@" >"$WORK/urls" \
        2>"$WORK/server.log" &
    SERVER_PID=$!
    for _ in $(seq 100); do
        [ "$(grep -cE '^(control|data) http://' "$WORK/urls")" -ge 2 ] && break
        kill -0 "$SERVER_PID" 2>/dev/null || break
        sleep 0.1
    done
    CTL=$(awk '$1 == "control" {print $2}' "$WORK/urls")
    DAT=$(awk '$1 == "data" {print $2}' "$WORK/urls")
    if [ -z "$CTL" ]; then
        echo "FAIL: jobsref did not start"
        cat "$WORK/server.log"
        exit 1
    fi
}

# A subscriber to one thing's Jobs topics, logging "topic payload" lines to
# $WORK/sub.log; returns once a probe message proves it is subscribed.
start_subscriber() {
    local thing=$1
    mosquitto_sub -p "$BROKER_PORT" -v -q 1 -t "\$aws/things/$thing/jobs/#" -t "jobsconf-probe/$thing" \
        >"$WORK/sub.log" 2>&1 &
    SUB_PID=$!
    for _ in $(seq 50); do
        mosquitto_pub -p "$BROKER_PORT" -t "jobsconf-probe/$thing" -m probe
        sleep 0.1
        grep -q "^jobsconf-probe/$thing " "$WORK/sub.log" && return 0
    done
    echo "FAIL: the subscriber never saw its probe"
    exit 1
}

# wait_line TOPIC N: waits (5 s at most) until TOPIC has N lines in the log;
# prints the payload of the Nth.
wait_line() {
    local topic=$1 n=$2
    for _ in $(seq 100); do
        local got
        got=$(awk -v t="$topic" '$1 == t' "$WORK/sub.log" | sed -n "${n}p")
        if [ -n "$got" ]; then
            printf '%s\n' "${got#"$topic" }"
            return 0
        fi
        sleep 0.05
    done
    return 1
}
