#!/usr/bin/env bash
# One device-machine run for the Sambert/HiFiGAN stages: GPU tests, then the memory/latency table
# (bounded vs naive, fp32 vs fp16) and the CUDA-graph decode benchmark. Needs .whl/ (wheels of the serving stack for CPython 3.12: `pip download --only-binary=:all: --python-version 3.12 -d .whl fastapi uvicorn ...`).
set -uo pipefail
OUT=${OUT:-/tmp/out}; mkdir -p "$OUT"
python3 -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade --target /tmp/site .whl/*.whl 2>&1 | tail -2
export PYTHONPATH=/tmp/site:src:.
nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv | tee "$OUT/gpu.txt"
echo "=== gpu tests ($(date +%T))"
timeout 240 python3 -m pytest -q -s -m gpu tests/gpu/test_sambert_gpu.py tests/gpu/test_sambert_graph_gpu.py -p no:cacheprovider 2>&1 | tail -25 | tee "$OUT/gpu_tests.txt"
echo "=== memory table ($(date +%T))"
timeout 300 python3 bench/sambert_memory.py --out "$OUT/sambert_memory.json" 2>&1 | tail -25
if [ -f bench/sambert_decode.py ]; then
echo "=== decode: eager vs CUDA graph ($(date +%T))"
timeout 120 python3 bench/sambert_decode.py --out "$OUT/sambert_decode.json" 2>&1 | tail -15
fi
echo "=== done ($(date +%T))"
