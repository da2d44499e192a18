#!/usr/bin/env bash
# One device-machine run after exporting the voices: GPU tests of the Sambert/HiFiGAN stages, the distilled
# voices' evaluation (mel L1, MCD, GPU real-time factor, samples) and the Sambert memory table. Needs .whl/
# (the serving stack downloaded for CPython 3.12 with `pip download --only-binary=:all: -d .whl`, plus hsk-sentences-audio).
set -uo pipefail
OUT=${OUT:-/tmp/out}; mkdir -p "$OUT"
python3 -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade --target /tmp/site .whl/*.whl >/dev/null 2>&1
export PYTHONPATH=/tmp/site:src:. PYTHONUNBUFFERED=1
nvidia-smi --query-gpu=name --format=csv,noheader
echo "=== gpu tests ($(date +%T))"
timeout 150 python3 -m pytest -q -s -m gpu tests/gpu/test_sambert_gpu.py tests/gpu/test_sambert_graph_gpu.py -p no:cacheprovider 2>&1 | grep -E "error|passed|failed|peak|fp16|graphed" | tee "$OUT/gpu_tests.txt"
echo "=== distilled voices ($(date +%T))"
timeout 200 python3 recipes/distill/distill.py evaluate --out "$OUT/distill_eval_gpu.json" ${EVAL_ARGS:-} 2>&1 | grep distill
echo "=== memory table, bounded rows ($(date +%T))"
timeout 200 python3 bench/sambert_memory.py --naive-max-chars float32:200,float16:50 --out "$OUT/sambert_memory.json" 2>&1 | grep "^|"
echo "=== done ($(date +%T))"
