#!/usr/bin/env bash
# One device run for the split fused decoder step (issue 20): bench/sambert_fused_sweep.py (each FusedStep layout,
# step alone, distill-baker and the official 12-layer sizes, fp32 and fp16), the fused and slot GPU tests, then one
# server (default profile; the split step is the default) measured with bench/latency.py on distill-baker: the
# 42-character sentence streamed at 1, 1, 32, 32 clients, and whole responses at 1, 1 client. Results in $OUT.
# usage: OUT=/tmp/out bash bench/fused_split_gpu.sh        (needs the wheels in .whl/, see bench/gpu_lib.sh)
set -uo pipefail
source bench/gpu_lib.sh
record_device
python3 -c "import triton; print('triton', triton.__version__)" | tee -a "$OUT/gpu.txt"
step sweep
timeout ${SWEEP_S:-260} python3 bench/sambert_fused_sweep.py --reps 3 --out "$OUT/fused_sweep.json" 2>&1 | grep -v -i warn | tail -24
step tests
timeout 170 python3 -m pytest -q -rf tests/gpu/test_sambert_fused_gpu.py tests/gpu/test_sambert_slots_gpu.py \
  -p no:cacheprovider > "$OUT/gpu_tests.txt" 2>&1
tail -3 "$OUT/gpu_tests.txt"
step server
READY_TRIES=360 start_server "$OUT/server.log"
step "distill streamed"
timeout 100 python3 bench/latency.py --url http://127.0.0.1:$PORT --procs 4 --requests 8 --levels 1,1,32,32 \
  --voice distill-baker --json "$OUT/distill_split.json" | tail -5
step "distill whole"
timeout 40 python3 bench/latency.py --url http://127.0.0.1:$PORT --requests 8 --levels 1,1 --no-stream \
  --voice distill-baker --json "$OUT/distill_split_whole.json" | tail -3
curl -s localhost:$PORT/v1/memory > "$OUT/memory.json"
stop_server
grep -iE "error|traceback|switched off|fused" "$OUT/server.log" | head -5
step done
