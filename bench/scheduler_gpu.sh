#!/usr/bin/env bash
# One device run for the scheduler (issue 16): GPU tests, then one server on the GPU (default profile, all
# shipped voices) measured with bench/latency.py (equal-length and mixed traffic, 1 and 32 clients, streamed;
# distill-baker at 1 and 32), bench/fairness.py (short requests while a 5,000-character one streams) and the
# allocator's high-water mark from /v1/memory. Results in $OUT. Needs the wheels in .whl/ (the device image has
# no package registry). usage: OUT=/tmp/out bash bench/scheduler_gpu.sh
set -uo pipefail
source bench/gpu_lib.sh
record_device

if [ -z "${SKIP_TESTS:-}" ]; then
  step "gpu tests"
  timeout 240 python3 -m pytest -q -rf -m gpu tests/gpu -p no:cacheprovider > "$OUT/gpu_tests.txt" 2>&1; tail -12 "$OUT/gpu_tests.txt"
fi

step "server"
# room for 128 clients: 64 active + up to 64 waiting (queue and frontend processes)
start_server "$OUT/server.log"
L="timeout 150 python3 bench/latency.py --url http://127.0.0.1:$PORT --procs 4 --requests ${REQ:-8}"
# Each level runs twice: the first pass captures the CUDA graphs of the shapes it meets (cold), the second
# finds them cached (warm).
step "equal length"; $L --levels 1,32,32 --json "$OUT/equal.json" | tail -4
step "mixed";        $L --levels 1,32,32,128,128 --mixed --json "$OUT/mixed.json" | tail -6
step "distill-baker"; $L --levels 1,32,32 --voice distill-baker --json "$OUT/distill.json" | tail -4
step "fairness";     timeout 120 python3 bench/fairness.py --url http://127.0.0.1:$PORT --shorts ${SHORTS:-6} --json "$OUT/fairness.json" | tail -12
curl -s localhost:$PORT/v1/memory > "$OUT/memory.json"
curl -s localhost:$PORT/metrics > "$OUT/metrics.txt"
stop_server
step "done"
