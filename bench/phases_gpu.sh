#!/usr/bin/env bash
# One device run: the GPU tests, then where a scheduler iteration's time goes under distill-baker load (32
# streaming clients; TTSSERVE_PHASE_SYNC=1 makes the phase times device times). Results in $OUT.
# usage: OUT=/tmp/out bash bench/phases_gpu.sh      (needs the wheels in .whl/, see bench/scheduler_gpu.sh)
set -uo pipefail
source bench/gpu_lib.sh
record_device
echo "=== gpu tests ($(date +%T))"
timeout 240 python3 -m pytest -q -rf -m gpu tests/gpu -p no:cacheprovider > "$OUT/gpu_tests.txt" 2>&1; tail -3 "$OUT/gpu_tests.txt"
echo "=== server, phase times synced ($(date +%T))"
start_server "$OUT/server.log" TTSSERVE_PHASE_SYNC=1
L="timeout 120 python3 bench/latency.py --url http://127.0.0.1:$PORT --procs 4 --requests 8"
$L --levels 32 --voice distill-baker > /dev/null 2>&1   # warm
curl -s localhost:$PORT/v1/memory > "$OUT/memory_before.json"
$L --levels 32 --voice distill-baker --json "$OUT/distill_phases.json" | tail -2
curl -s localhost:$PORT/v1/memory > "$OUT/memory_after.json"
python3 - "$OUT" <<'PY'
import json, sys
a = json.load(open(f"{sys.argv[1]}/memory_before.json"))["scheduler"]; b = json.load(open(f"{sys.argv[1]}/memory_after.json"))["scheduler"]
n = b["iterations"] - a["iterations"]
d = {k: b["phase_seconds"][k] - a["phase_seconds"][k] for k in b["phase_seconds"]}
print("iterations", n, {k: f"{v:.2f} s ({1e3 * v / max(n, 1):.2f} ms/it)" for k, v in d.items()})
json.dump({"iterations": n, "phase_seconds": d}, open(f"{sys.argv[1]}/phases.json", "w"))
PY
stop_server
grep -iE "traceback|switched off" "$OUT/server.log" | head -3
