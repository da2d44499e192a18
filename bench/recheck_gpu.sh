#!/usr/bin/env bash
# A short device run after a fix (issue 16): the vocoder-graph and fused-step GPU tests, then one server
# (default profile) measured with bench/latency.py at 1 and 32 streams (equal-length, mixed, distill-baker equal
# and mixed), each level twice (cold, warm), and distill-baker's whole responses (not streamed) at 1, 1 and 32,
# 32 clients. TESTS: other GPU test files (SKIP_TESTS=1: none); SERVER_ENV: VAR=value settings for the server; POLL=1: /v1/memory sampled every 0.2 s into memory_timeline.jsonl. Results in $OUT. usage: OUT=/tmp/out bash bench/recheck_gpu.sh
set -uo pipefail
source bench/gpu_lib.sh
if [ -z "${SKIP_TESTS:-}" ]; then
step "gpu tests (vocoder graphs, fused step)"
timeout 150 python3 -m pytest -q -rf -m gpu ${TESTS:-tests/gpu/test_vocoder_graph_gpu.py tests/gpu/test_sambert_fused_gpu.py} -p no:cacheprovider > "$OUT/gpu_tests.txt" 2>&1; tail -3 "$OUT/gpu_tests.txt"
fi
step "server ${SERVER_ENV:-}"
start_server "$OUT/server.log" ${SERVER_ENV:-}
if [ -n "${POLL:-}" ]; then  # /v1/memory every 0.2 s beside the levels (bench/memory_poll.py; its clock
  # times line up with the levels' step lines)
  python3 bench/memory_poll.py --url http://127.0.0.1:$PORT --out "$OUT/memory_timeline.jsonl" & POLLER=$!
fi
L="timeout 60 python3 bench/latency.py --url http://127.0.0.1:$PORT --procs 4 --requests ${REQ:-8}"
step "equal length"; $L --levels 1,32,32 --json "$OUT/equal.json" | tail -3
step "mixed";        $L --levels 1,32,32 --mixed --json "$OUT/mixed.json" | tail -3
step "distill-baker"; $L --levels 1,32,32 --voice distill-baker --json "$OUT/distill.json" | tail -3
step "distill-baker, mixed"; $L --levels 32,32 --mixed --voice distill-baker --json "$OUT/distill_mixed.json" | tail -2
step "distill-baker, whole"; $L --levels 1,1,32,32 --no-stream --voice distill-baker --json "$OUT/distill_whole.json" | tail -4
curl -s localhost:$PORT/v1/memory > "$OUT/memory.json"
curl -s localhost:$PORT/metrics | grep -E "^ttsserve_cuda_graph" > "$OUT/graphs.txt"; cat "$OUT/graphs.txt"
[ -n "${POLL:-}" ] && kill "$POLLER"
stop_server
step "done"
