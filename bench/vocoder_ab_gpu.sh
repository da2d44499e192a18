#!/usr/bin/env bash
# One device run: the same load (distill-baker and mixed default-voice traffic, 32 streaming clients, each level
# twice: cold then warm) on three servers: float32, float32 + cuDNN autotuning, float16 + cuDNN autotuning,
# with the scheduler's phase times (not synced). Results in $OUT.
# usage: OUT=/tmp/out bash bench/vocoder_ab_gpu.sh      (needs the wheels in .whl/, see bench/scheduler_gpu.sh)
set -uo pipefail
OUT=${OUT:-/tmp/out}; mkdir -p "$OUT"; PORT=${PORT:-8123}
[ -d /tmp/site/fastapi ] || python3 -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade --target /tmp/site .whl/*.whl 2>&1 | tail -2
export PYTHONPATH=/tmp/site:src:. PATH=/tmp/site/bin:$PATH
for cfg in "fp32 float32 false" "fp32_cudnn float32 true" "fp16_cudnn float16 true"; do
  set -- $cfg
  echo "=== $1 ($(date +%T))"
  TTSSERVE_DTYPE=$2 TTSSERVE_CUDNN_BENCHMARK=$3 TTSSERVE_MAX_QUEUE_SIZE=128 python3 -m ttsserve serve --device cuda --port $PORT --config configs/default.yaml > "$OUT/server_$1.log" 2>&1 &
  SERVER=$!
  for i in $(seq 1 240); do curl -fs localhost:$PORT/readyz >/dev/null 2>&1 && break; sleep 0.5; done
  L="timeout 100 python3 bench/latency.py --url http://127.0.0.1:$PORT --procs 4 --requests 8"
  $L --levels 1,32,32 --voice distill-baker --json "$OUT/distill_$1.json" | tail -3
  $L --levels 32,32 --mixed --json "$OUT/mixed_$1.json" | tail -2
  curl -s localhost:$PORT/v1/memory | python3 -c "import json,sys; d=json.load(sys.stdin); print(d['scheduler'], d['allocator']['max_reserved_bytes'])"
  kill -TERM $SERVER; timeout 20 tail --pid=$SERVER -f /dev/null || kill -9 $SERVER
done
tar czf "$OUT/ab.tgz" -C "$OUT" --exclude ab.tgz . && find "$OUT" -type f ! -name ab.tgz -delete
