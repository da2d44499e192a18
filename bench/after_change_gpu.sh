#!/usr/bin/env bash
# One device run after a change to the scheduler or the graph paths (issues 16, 20, 22): the whole GPU suite,
# bench/recheck_gpu.sh's server levels (default voice equal / mixed, distill-baker streamed equal / mixed and whole;
# /v1/memory sampled every 0.2 s beside them: recheck/memory_timeline.jsonl),
# then bench/websocket_gpu.sh on a fresh server (default voice, warm-up of 5 first clauses only, 32 connections over
# 4 client processes, the server's histograms and graph captures around the pass). Results in $OUT. (Settings
# A/B'd against each other on one machine: bench/server_ab_gpu.sh.)
# usage: OUT=/tmp/out bash bench/after_change_gpu.sh      (wheels in .whl/: bench/gpu_lib.sh)
set -uo pipefail
source bench/gpu_lib.sh
record_device
step "gpu tests"
timeout 200 python3 -m pytest -q -rf -m gpu tests/gpu -p no:cacheprovider > "$OUT/gpu_tests_all.txt" 2>&1
tail -3 "$OUT/gpu_tests_all.txt"
POLL=1 TESTS=tests/gpu/test_budget_gpu.py OUT=$OUT/recheck bash bench/recheck_gpu.sh | grep -v "^=== gpu tests"
SKIP_TESTS=1 WARM_ONLY=1 VOICES=baker PROCS=4 SECONDS_LOAD=15 OUT=$OUT/ws bash bench/websocket_gpu.sh
