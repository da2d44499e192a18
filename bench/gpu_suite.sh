#!/usr/bin/env bash
# One device-machine run: GPU tests, then latency/throughput, memory and soak benchmarks against the
# default voice on the GPU. Results land in $OUT (JSON + logs). Needs the wheels in .whl/ (see
# `pip download --only-binary=:all: --python-version 3.12 -d .whl fastapi uvicorn ...`) because the device image has no package registry.
set -uo pipefail
OUT=${OUT:-/tmp/out}; mkdir -p "$OUT"
python3 -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade --target /tmp/site .whl/*.whl 2>&1 | tail -2
export PYTHONPATH=/tmp/site:src:.
nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv | tee "$OUT/gpu.txt"
python3 -c "import torch; print('torch', torch.__version__, torch.cuda.get_device_name())" | tee -a "$OUT/gpu.txt"
step() { echo "=== $1 ($(date +%T))"; }

step "gpu tests"
timeout 300 python3 -m pytest -q -s -m gpu tests/gpu -p no:cacheprovider 2>&1 | tail -25 | tee "$OUT/gpu_tests.txt"

if [ -z "${SKIP_SERVER:-}" ]; then
step "server on GPU"
python3 -m ttsserve serve --device cuda --port 8123 --config configs/default.yaml > "$OUT/server.log" 2>&1 &
SERVER=$!
for i in $(seq 1 120); do curl -fs localhost:8123/readyz >/dev/null 2>&1 && break; sleep 0.5; done
curl -s -X POST localhost:8123/synthesize -H 'Content-Type: application/json' -d '{"text":"今天天气不错。"}' -D "$OUT/headers.txt" -o "$OUT/sample_gpu.wav"
step "latency"
timeout 400 python3 bench/latency.py --url http://127.0.0.1:8123 --procs 4 --levels 1,4,16,32,64 --requests ${LAT_REQUESTS:-6} --json "$OUT/latency.json" 2>&1 | tail -8
timeout 400 python3 bench/latency.py --url http://127.0.0.1:8123 --procs 4 --levels 16,32,64 --requests ${LAT_REQUESTS:-6} --no-stream --json "$OUT/latency_whole.json" 2>&1 | tail -5
if [ -z "${SKIP_SOAK:-}" ]; then
step "soak"
timeout 300 python3 bench/load.py --url http://127.0.0.1:8123 --clients 16 --seconds ${SOAK_S:-120} --json "$OUT/soak.json" > "$OUT/soak.txt" 2>&1; tail -30 "$OUT/soak.txt"
fi
curl -s localhost:8123/metrics > "$OUT/metrics.txt"
curl -s localhost:8123/v1/memory > "$OUT/memory_report.json"
kill -TERM $SERVER; wait $SERVER
fi

if [ -z "${SKIP_MEMORY:-}" ]; then
step "memory table"
timeout 580 python3 bench/memory.py --out "$OUT/memory.json" --cycle-s ${CYCLE_S:-90} ${MEMORY_ARGS:-} 2>&1 | tail -30
fi
step "done"
