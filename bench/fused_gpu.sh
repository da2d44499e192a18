#!/usr/bin/env bash
# One device run for the fused Sambert decoder step (issue 20): its GPU tests and the slot tests (whose decoder
# now takes the fused step by default), then bench/sambert_slots.py with the ordinary, torch.compile'd and fused
# steps (distill-baker, then the official 12-layer sizes), then one server (default profile, fused step: auto)
# measured with bench/latency.py on distill-baker at 1 and 32 streaming clients. Results in $OUT.
# Skip parts with SKIP_TESTS=1, SKIP_MICRO=1, SKIP_SERVER=1; OFFICIAL=0 leaves out the official sizes,
# DISTILL=0 the distill-baker micro-benchmark. Each part fits a 10-minute device call:
#   SKIP_MICRO=1 SKIP_SERVER=1 OUT=$OUT bash bench/fused_gpu.sh              (tests, ~3-5 min with compiles)
#   SKIP_TESTS=1 SKIP_SERVER=1 OFFICIAL=0 OUT=$OUT bash bench/fused_gpu.sh   (distill-baker micro)
#   SKIP_TESTS=1 SKIP_SERVER=1 DISTILL=0 OUT=$OUT bash bench/fused_gpu.sh    (official 12-layer micro)
#   SKIP_TESTS=1 SKIP_MICRO=1 OUT=$OUT bash bench/fused_gpu.sh               (server latency)
# usage: OUT=/tmp/out bash bench/fused_gpu.sh        (needs the wheels in .whl/, see bench/scheduler_gpu.sh)
set -uo pipefail
source bench/gpu_lib.sh
export TRITON_DEFAULT_FP_FUSION=1
nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader | tee "$OUT/gpu.txt"
python3 -c "import torch, triton; print('torch', torch.__version__, 'triton', triton.__version__)" 2>&1 | tee -a "$OUT/gpu.txt"
if [ -z "${SKIP_TESTS:-}" ]; then
  step tests
  timeout 400 python3 -m pytest -q -s -rf tests/gpu/test_sambert_fused_gpu.py tests/gpu/test_sambert_slots_gpu.py \
    -p no:cacheprovider > "$OUT/gpu_tests.txt" 2>&1
  grep -E "fused vs|relative|passed|failed|Error" "$OUT/gpu_tests.txt" | tail -30
fi
if [ -z "${SKIP_MICRO:-}" ]; then
  if [ "${DISTILL:-1}" != 0 ]; then
    step "micro distill-baker"
    timeout 540 python3 bench/sambert_slots.py --only distill-baker --compile --fused --reps 3 \
      --out "$OUT/sambert_fused_distill.json" 2>&1 | grep -v -i warn | tail -14
  fi
  if [ "${OFFICIAL:-1}" != 0 ]; then
    step "micro official-12-layer"
    timeout 540 python3 bench/sambert_slots.py --only official-12-layer --fused --reps 3 \
      --out "$OUT/sambert_fused_official.json" 2>&1 | grep -v -i warn | tail -10
  fi
fi
if [ -z "${SKIP_SERVER:-}" ]; then
  step server
  READY_TRIES=360 start_server "$OUT/server.log"
  step distill
  timeout 150 python3 bench/latency.py --url http://127.0.0.1:$PORT --procs 4 --requests ${REQ:-8} --levels 1,1,32,32 \
    --voice distill-baker --json "$OUT/distill_fused.json" | tail -5
  curl -s localhost:$PORT/v1/memory > "$OUT/memory.json"
  stop_server
  grep -iE "error|traceback|switched off|fused" "$OUT/server.log" | head -5
fi
step done
