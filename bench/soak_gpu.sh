#!/usr/bin/env bash
# The GPU soak of issue 18 in one device command (at most 10 minutes): one server on the GPU (default profile),
# then bench/load.py with 32 clients and 10% hostile traffic: WARMUP_S (default 60) s of warm-up and MEASURE_S (default 420) s
# measured, every 10 s the server's RSS (process and frontend processes, from /proc), torch allocated / reserved
# (/v1/memory), queue depth. Results in $OUT (soak JSON with the time series, /v1/memory at the end, server log).
# Needs the wheels in .whl/ (the device image has no package registry), like bench/websocket_gpu.sh.
# usage: OUT=/tmp/out bash bench/soak_gpu.sh
# A 10-minute soak plus warm-up does not fit one 10-minute device command: PHASE=start runs this script detached
# (setsid, so it outlives the command; results in /tmp/soak) and returns after WAIT_S seconds; PHASE=collect, the
# next command on the same warm machine, waits for it to end and copies /tmp/soak into $OUT as soak.tgz:
#   PHASE=start MEASURE_S=600 WAIT_S=560 bash bench/soak_gpu.sh ; then PHASE=collect OUT=$OUT bash bench/soak_gpu.sh
set -uo pipefail
if [ "${PHASE:-}" = start ]; then
  mkdir -p /tmp/soak
  OUT=/tmp/soak PHASE= setsid nohup bash "$0" > /tmp/soak/run.log 2>&1 < /dev/null &
  sleep "${WAIT_S:-560}"; tail -3 /tmp/soak/run.log; exit 0
fi
if [ "${PHASE:-}" = collect ]; then
  for _ in $(seq 1 "${COLLECT_TRIES:-120}"); do grep -q "^=== done" /tmp/soak/run.log && break; sleep 5; done
  tail -75 /tmp/soak/run.log; mkdir -p "${OUT:-/tmp/out}"; tar czf "${OUT:-/tmp/out}/soak.tgz" -C /tmp soak; exit 0
fi
source bench/gpu_lib.sh
nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader | tee "$OUT/gpu.txt"
SERVER_QUEUE= start_server "$OUT/server.log"
echo "=== load ($(date +%T))"
timeout $(( ${MEASURE_S:-420} + 120 )) python3 bench/load.py --url http://127.0.0.1:$PORT --clients 32 \
  --seconds ${MEASURE_S:-420} --warmup-s ${WARMUP_S:-60} --hostile-fraction 0.1 --server-pid $SERVER \
  --json "$OUT/soak_gpu_hostile.json" | tail -70
curl -s localhost:$PORT/v1/memory > "$OUT/memory.json"
stop_server 40
echo "=== done ($(date +%T))"
