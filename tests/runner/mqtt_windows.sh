#!/usr/bin/env bash
# runner.mqtt-windows: the DeviceMQTT suite against the embedded jobsref with
# --mqtt-windows, so the quiet-window path of jc_mqtt_settle (the one taken
# against endpoints without jobsref's ordering guarantee) keeps working:
# every scenario passes, and the three that judge a message that must not
# arrive did wait out their window (--quiet-window 0.2: at least 200 ms each;
# a lower bound that load cannot break). Exit 77 (skipped) without mosquitto.
# Usage: mqtt_windows.sh JOBSCONF WORKDIR
set -euo pipefail
jobsconf=$1 work=$2
rm -rf "$work"
mkdir -p "$work"
set +e
"$jobsconf" run --suite DeviceMQTT --mqtt-windows --quiet-window 0.2 --format json --report-dir "$work" >"$work/out.txt" 2>&1
rc=$?
set -e
python3 - "$work/results.json" "$rc" <<'PY'
import json, sys
res = json.load(open(sys.argv[1]))
rc = int(sys.argv[2])
scen = {s["id"]: s for s in res["scenarios"]}
if scen and all(s["status"] == "SKIP" for s in scen.values()):
    print("runner.mqtt-windows: every DeviceMQTT scenario SKIPs (no mosquitto): skipped")
    sys.exit(77)
bad = [f"{i} {s['status']}: {s.get('message', '')[:200]}" for i, s in scen.items() if s["status"] != "PASS"]
if rc != 0 or bad or len(scen) < 20:
    print(f"runner.mqtt-windows: exit {rc}, {len(scen)} scenarios; not passing:", *bad, sep="\n  ")
    sys.exit(1)
for i in ("mqtt.notify-create", "mqtt.next-update", "mqtt.notify-rollout"):
    if scen[i]["durationMs"] < 200:
        print(f"runner.mqtt-windows: {i} took {scen[i]['durationMs']:.0f} ms: no quiet window was waited")
        sys.exit(1)
print(f"runner.mqtt-windows: {len(scen)} scenarios pass with quiet windows of 0.2 s")
PY
