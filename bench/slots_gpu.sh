#!/usr/bin/env bash
# One device run for the Sambert decoder slots (issue 16): their GPU tests, bench/sambert_slots.py, and one server
# (default profile, all voices) measured with bench/latency.py on distill-baker (1 and 32 streaming clients,
# each level twice: cold, then warm) and on mixed default-voice traffic. Results in $OUT.
# usage: OUT=/tmp/out bash bench/slots_gpu.sh        (needs the wheels in .whl/, see bench/scheduler_gpu.sh)
set -uo pipefail
source bench/gpu_lib.sh
nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader | tee "$OUT/gpu.txt"
step tests; timeout 150 python3 -m pytest -q -s -rf ${TESTS:-tests/gpu/test_sambert_slots_gpu.py} -p no:cacheprovider > "$OUT/gpu_tests.txt" 2>&1; grep -E "relative|passed|failed|Error" "$OUT/gpu_tests.txt" | tail -8
if [ -z "${SKIP_MICRO:-}" ]; then
  step micro; timeout 200 python3 bench/sambert_slots.py --reps 3 ${MICRO_ARGS:-} --out "$OUT/sambert_slots.json" 2>&1 | grep -v -i warn | tail -10
fi
step server
start_server "$OUT/server.log"
L="timeout 120 python3 bench/latency.py --url http://127.0.0.1:$PORT --procs 4 --requests ${REQ:-8}"
step distill; $L --levels 1,1,32,32 --voice distill-baker --json "$OUT/distill.json" | tail -5
[ -n "${MIXED:-}" ] && { step mixed; $L --levels 1,32,32 --mixed --json "$OUT/mixed.json" | tail -4; }
curl -s localhost:$PORT/v1/memory > "$OUT/memory.json"
stop_server
grep -iE "error|traceback|switched off" "$OUT/server.log" | head -5
step done
