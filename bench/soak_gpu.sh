#!/usr/bin/env bash
# The GPU soak of issue 18 in one device command (at most 10 minutes): one server on the GPU (default profile),
# then bench/load.py with 32 clients and 10% hostile traffic: 60 s of warm-up and MEASURE_S (default 420) s
# measured, every 10 s the server's RSS (process and frontend processes, from /proc), torch allocated / reserved
# (/v1/memory), queue depth. Results in $OUT (soak JSON with the time series, /v1/memory at the end, server log).
# Needs the wheels in .whl/ (the device image has no package registry), like bench/websocket_gpu.sh.
# usage: OUT=/tmp/out bash bench/soak_gpu.sh
set -uo pipefail
OUT=${OUT:-/tmp/out}; mkdir -p "$OUT"; PORT=${PORT:-8123}
if [ ! -d /tmp/site/fastapi ]; then
  python3 -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade --target /tmp/site .whl/*.whl 2>&1 | tail -2
fi
export PYTHONPATH=/tmp/site:src:. PATH=/tmp/site/bin:$PATH
nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader | tee "$OUT/gpu.txt"
python3 -m ttsserve serve --device cuda --port $PORT --config configs/default.yaml > "$OUT/server.log" 2>&1 &
SERVER=$!
for i in $(seq 1 240); do curl -fs localhost:$PORT/readyz >/dev/null 2>&1 && break; sleep 0.5; done
echo "=== load ($(date +%T))"
timeout $(( ${MEASURE_S:-420} + 120 )) python3 bench/load.py --url http://127.0.0.1:$PORT --clients 32 \
  --seconds ${MEASURE_S:-420} --warmup-s 60 --hostile-fraction 0.1 --server-pid $SERVER \
  --json "$OUT/soak_gpu_hostile.json" | tail -70
curl -s localhost:$PORT/v1/memory > "$OUT/memory.json"
kill -TERM $SERVER; timeout 40 tail --pid=$SERVER -f /dev/null || kill -9 $SERVER
echo "=== done ($(date +%T))"
