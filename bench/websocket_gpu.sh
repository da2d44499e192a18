#!/usr/bin/env bash
# One device run for the WebSocket route (issue 22) and a check of the GPU tests: the GPU tests, then one server
# on the GPU (default profile, all shipped voices) measured with bench/websocket.py: first clause -> first audio
# at one connection, 32 connections streaming tokens at 20 tokens/s, and cancel, for the default voice and for
# distill-baker. Results in $OUT. Needs the wheels in .whl/ (the device image has no package registry).
# PROCS=4 spreads the 32 connections over 4 client processes; the server's histograms (first audio, queue wait, stage
# seconds) are saved before and after each warm pass.
# usage: OUT=/tmp/out bash bench/websocket_gpu.sh
set -uo pipefail
source bench/gpu_lib.sh
record_device
if [ -z "${SKIP_TESTS:-}" ]; then
  step "gpu tests"
  timeout 300 python3 -m pytest -q -rf -m gpu tests/gpu -p no:cacheprovider > "$OUT/gpu_tests.txt" 2>&1; tail -12 "$OUT/gpu_tests.txt"
fi
step "server"
start_server "$OUT/server.log"
W="python3 bench/websocket.py --url ws://127.0.0.1:$PORT/v1/audio/speech/stream --connections 32 --seconds ${SECONDS_LOAD:-20} --procs ${PROCS:-1}"
M="ttsserve_websocket_first_audio_seconds|ttsserve_queue_wait_seconds|ttsserve_stage_seconds|ttsserve_cuda_graph_captures"
for v in ${VOICES:-baker distill-baker}; do
  [ -z "${WARM_ONLY:-}" ] && { step "websocket $v (cold pass)"; timeout 150 $W --voice $v --json "$OUT/ws_${v}_cold.json" | tail -20; }
  [ -n "${WARM_ONLY:-}" ] && { step "websocket $v (warm-up)"; timeout 60 $W --voice $v --only first --first-trials 5 > /dev/null; }
  curl -s localhost:$PORT/metrics | grep -E "^($M)" > "$OUT/ws_${v}_metrics_before.txt"
  step "websocket $v (warm pass)"; timeout 150 $W --voice $v --json "$OUT/ws_${v}.json" | tail -20
  # the server's own view of the same pass (histograms: the difference of the two files)
  curl -s localhost:$PORT/metrics | grep -E "^($M)" > "$OUT/ws_${v}_metrics_after.txt"
  grep -h "^ttsserve_cuda_graph_captures" "$OUT/ws_${v}_metrics_before.txt" "$OUT/ws_${v}_metrics_after.txt"
  python3 bench/hist_diff.py "$OUT/ws_${v}_metrics_before.txt" "$OUT/ws_${v}_metrics_after.txt"
done
curl -s localhost:$PORT/v1/memory > "$OUT/memory.json"
stop_server
step "done"
