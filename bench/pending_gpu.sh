#!/usr/bin/env bash
# One device run for what session 6 built after its device time ran out (issues 16, 20, 22): the whole GPU suite
# (with the duration kernel's GPU tests), bench/duration_loop.py on the GPU (the PyTorch loop, the written-out loop
# and the Triton kernel), bench/capture_ab_gpu.sh at the default capture threshold (idle-time captures: the cold
# WebSocket pass), and distill-baker's servers without and with `duration_kernel: true` (first audio, whole
# responses, 32 streams). Results in $OUT.  usage: OUT=/tmp/out bash bench/pending_gpu.sh   (wheels: bench/gpu_lib.sh)
set -uo pipefail
source bench/gpu_lib.sh
record_device
step "gpu tests"
timeout 240 python3 -m pytest -q -rf -m gpu tests/gpu -p no:cacheprovider > "$OUT/gpu_tests.txt" 2>&1
tail -4 "$OUT/gpu_tests.txt"
step "duration loop"
timeout 120 python3 bench/duration_loop.py --device cuda --out "$OUT/duration_loop_gpu.json" 2>&1 | grep -v -i warn | tail -3
AFTER=4 OUT=$OUT/capture bash bench/capture_ab_gpu.sh
SKIP_TESTS=1 SKIP_BEGIN=1 OPTION_LINE="duration_kernel: true" OUT=$OUT/duration_kernel bash bench/encoder_graph_gpu.sh
