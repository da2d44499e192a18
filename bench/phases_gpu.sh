#!/usr/bin/env bash
# One device run: the GPU tests, then where a scheduler iteration's time goes under distill-baker load (32
# streaming clients; TTSSERVE_PHASE_SYNC=1 makes the phase times device times). Results in $OUT.
# usage: OUT=/tmp/out bash bench/phases_gpu.sh      (needs the wheels in .whl/, see bench/scheduler_gpu.sh)
set -uo pipefail
OUT=${OUT:-/tmp/out}; mkdir -p "$OUT"; PORT=${PORT:-8123}
[ -d /tmp/site/fastapi ] || python3 -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade --target /tmp/site .whl/*.whl 2>&1 | tail -2
export PYTHONPATH=/tmp/site:src:. PATH=/tmp/site/bin:$PATH
nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader | tee "$OUT/gpu.txt"
python3 -c "import torch; print('torch', torch.__version__)" | tee -a "$OUT/gpu.txt"
echo "=== gpu tests ($(date +%T))"
timeout 240 python3 -m pytest -q -rf -m gpu tests/gpu -p no:cacheprovider > "$OUT/gpu_tests.txt" 2>&1; tail -3 "$OUT/gpu_tests.txt"
echo "=== server, phase times synced ($(date +%T))"
TTSSERVE_PHASE_SYNC=1 TTSSERVE_MAX_QUEUE_SIZE=128 python3 -m ttsserve serve --device cuda --port $PORT --config configs/default.yaml > "$OUT/server.log" 2>&1 &
SERVER=$!
for i in $(seq 1 240); do curl -fs localhost:$PORT/readyz >/dev/null 2>&1 && break; sleep 0.5; done
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
kill -TERM $SERVER; timeout 20 tail --pid=$SERVER -f /dev/null || kill -9 $SERVER
grep -iE "traceback|switched off" "$OUT/server.log" | head -3
