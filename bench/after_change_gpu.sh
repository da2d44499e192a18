#!/usr/bin/env bash
# One device run after a change to the scheduler or the graph paths (issues 16, 20, 22): the whole GPU suite,
# bench/recheck_gpu.sh's server levels (default voice equal / mixed, distill-baker streamed equal / mixed and whole;
# /v1/memory sampled every 0.2 s beside them: recheck/memory_timeline.jsonl),
# then bench/websocket_gpu.sh on a fresh server (default voice, warm-up of 5 first clauses only, 32 connections over
# 4 client processes, the server's histograms and graph captures around the pass). ALLOC_AB=1: the levels again
# on a server with PYTORCH_CUDA_ALLOC_CONF=expandable_segments:True, /v1/memory polled (recheck_alloc/: session
# 13 found the reserved peak in the first cold pass's eager activations, not in the graphs). Results in $OUT.
# usage: OUT=/tmp/out bash bench/after_change_gpu.sh      (wheels in .whl/: bench/gpu_lib.sh)
set -uo pipefail
source bench/gpu_lib.sh
record_device
step "gpu tests"
timeout 200 python3 -m pytest -q -rf -m gpu tests/gpu -p no:cacheprovider > "$OUT/gpu_tests_all.txt" 2>&1
tail -3 "$OUT/gpu_tests_all.txt"
POLL=1 TESTS=tests/gpu/test_budget_gpu.py OUT=$OUT/recheck bash bench/recheck_gpu.sh | grep -v "^=== gpu tests"
SKIP_TESTS=1 WARM_ONLY=1 VOICES=baker PROCS=4 SECONDS_LOAD=15 OUT=$OUT/ws bash bench/websocket_gpu.sh
if [ -n "${ALLOC_AB:-}" ]; then
  SKIP_TESTS=1 POLL=1 SERVER_ENV=PYTORCH_CUDA_ALLOC_CONF=expandable_segments:True OUT=$OUT/recheck_alloc \
    bash bench/recheck_gpu.sh | grep -v "^=== gpu tests"
fi
