#!/usr/bin/env bash
# A short device run after a fix (issue 16): the vocoder-graph and fused-step GPU tests, then one server
# (default profile) measured with bench/latency.py at 1 and 32 streams (equal-length, mixed, distill-baker),
# each level twice (cold, warm). Results in $OUT. usage: OUT=/tmp/out bash bench/recheck_gpu.sh
set -uo pipefail
OUT=${OUT:-/tmp/out}; mkdir -p "$OUT"; PORT=${PORT:-8123}
[ -d /tmp/site/fastapi ] || python3 -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade --target /tmp/site .whl/*.whl 2>&1 | tail -2
export PYTHONPATH=/tmp/site:src:. PATH=/tmp/site/bin:$PATH
step() { echo "=== $1 ($(date +%T))"; }
step "gpu tests (vocoder graphs, fused step)"
timeout 90 python3 -m pytest -q -rf -m gpu tests/gpu/test_vocoder_graph_gpu.py tests/gpu/test_sambert_fused_gpu.py -p no:cacheprovider > "$OUT/gpu_tests.txt" 2>&1; tail -3 "$OUT/gpu_tests.txt"
step "server"
TTSSERVE_MAX_QUEUE_SIZE=128 python3 -m ttsserve serve --device cuda --port $PORT --config configs/default.yaml > "$OUT/server.log" 2>&1 &
SERVER=$!
for i in $(seq 1 240); do curl -fs localhost:$PORT/readyz >/dev/null 2>&1 && break; sleep 0.5; done
L="timeout 60 python3 bench/latency.py --url http://127.0.0.1:$PORT --procs 4 --requests ${REQ:-8}"
step "equal length"; $L --levels 1,32,32 --json "$OUT/equal.json" | tail -3
step "mixed";        $L --levels 1,32,32 --mixed --json "$OUT/mixed.json" | tail -3
step "distill-baker"; $L --levels 1,32,32 --voice distill-baker --json "$OUT/distill.json" | tail -3
curl -s localhost:$PORT/v1/memory > "$OUT/memory.json"
curl -s localhost:$PORT/metrics | grep -E "^ttsserve_cuda_graph" > "$OUT/graphs.txt"; cat "$OUT/graphs.txt"
kill -TERM $SERVER; timeout 20 tail --pid=$SERVER -f /dev/null || kill -9 $SERVER
step "done"
