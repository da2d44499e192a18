#!/usr/bin/env bash
# One device run: the same load (distill-baker and mixed default-voice traffic, 32 streaming clients, each level
# twice: cold then warm) on three servers: float32, float32 + cuDNN autotuning, float16 + cuDNN autotuning,
# with the scheduler's phase times (not synced). Results in $OUT. CONFIGS picks other servers, "NAME DTYPE
# CUDNN_BENCHMARK" each: e.g. CONFIGS="fp32 float32 false;fp16 float16 false" for float16 without autotuning (the
# A/B issue 16 still owes: float16 kept the reserved high-water mark under 1 GB, its throughput untested alone).
# usage: OUT=/tmp/out bash bench/vocoder_ab_gpu.sh      (needs the wheels in .whl/, see bench/scheduler_gpu.sh)
set -uo pipefail
source bench/gpu_lib.sh
IFS=';' read -r -a configs <<< "${CONFIGS:-fp32 float32 false;fp32_cudnn float32 true;fp16_cudnn float16 true}"
for cfg in "${configs[@]}"; do
  set -- $cfg
  echo "=== $1 ($(date +%T))"
  start_server "$OUT/server_$1.log" TTSSERVE_DTYPE=$2 TTSSERVE_CUDNN_BENCHMARK=$3
  L="timeout 100 python3 bench/latency.py --url http://127.0.0.1:$PORT --procs 4 --requests 8"
  $L --levels 1,32,32 --voice distill-baker --json "$OUT/distill_$1.json" | tail -3
  $L --levels 32,32 --mixed --json "$OUT/mixed_$1.json" | tail -2
  curl -s localhost:$PORT/v1/memory | python3 -c "import json,sys; d=json.load(sys.stdin); print(d['scheduler'], d['allocator']['max_reserved_bytes'])"
  stop_server
done
tar czf "$OUT/ab.tgz" -C "$OUT" --exclude ab.tgz . && find "$OUT" -type f ! -name ab.tgz -delete
