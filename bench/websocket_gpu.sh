#!/usr/bin/env bash
# One device run for the WebSocket route (issue 22) and a check of the GPU tests: the GPU tests, then one server
# on the GPU (default profile, all shipped voices) measured with bench/websocket.py: first clause -> first audio
# at one connection, 32 connections streaming tokens at 20 tokens/s, and cancel, for the default voice and for
# distill-baker. Results in $OUT. Needs the wheels in .whl/ (the device image has no package registry).
# usage: OUT=/tmp/out bash bench/websocket_gpu.sh
set -uo pipefail
OUT=${OUT:-/tmp/out}; mkdir -p "$OUT"; PORT=${PORT:-8123}
if [ ! -d /tmp/site/fastapi ]; then
  python3 -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade --target /tmp/site .whl/*.whl 2>&1 | tail -2
fi
export PYTHONPATH=/tmp/site:src:. PATH=/tmp/site/bin:$PATH
step() { echo "=== $1 ($(date +%T))"; }
nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader | tee "$OUT/gpu.txt"
python3 -c "import torch; print('torch', torch.__version__)" | tee -a "$OUT/gpu.txt"
if [ -z "${SKIP_TESTS:-}" ]; then
  step "gpu tests"
  timeout 300 python3 -m pytest -q -rf -m gpu tests/gpu -p no:cacheprovider > "$OUT/gpu_tests.txt" 2>&1; tail -12 "$OUT/gpu_tests.txt"
fi
step "server"
TTSSERVE_MAX_QUEUE_SIZE=128 python3 -m ttsserve serve --device cuda --port $PORT --config configs/default.yaml > "$OUT/server.log" 2>&1 &
SERVER=$!
for i in $(seq 1 240); do curl -fs localhost:$PORT/readyz >/dev/null 2>&1 && break; sleep 0.5; done
W="python3 bench/websocket.py --url ws://127.0.0.1:$PORT/v1/audio/speech/stream --connections 32 --seconds ${SECONDS_LOAD:-20}"
for v in ${VOICES:-baker distill-baker}; do
  [ -z "${WARM_ONLY:-}" ] && { step "websocket $v (cold pass)"; timeout 150 $W --voice $v --json "$OUT/ws_${v}_cold.json" | tail -20; }
  [ -n "${WARM_ONLY:-}" ] && { step "websocket $v (warm-up)"; timeout 60 $W --voice $v --only first --first-trials 5 > /dev/null; }
  step "websocket $v (warm pass)"; timeout 150 $W --voice $v --json "$OUT/ws_${v}.json" | tail -20
done
curl -s localhost:$PORT/v1/memory > "$OUT/memory.json"
kill -TERM $SERVER; timeout 20 tail --pid=$SERVER -f /dev/null || kill -9 $SERVER
step "done"
