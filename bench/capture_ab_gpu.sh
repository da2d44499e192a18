#!/usr/bin/env bash
# A/B on one machine (issue 22's 32-connection tail): the WebSocket load (default voice, 32 connections at 20
# tokens/s over 4 client processes, 20 s) twice on a fresh server (cold: shapes still being captured; warm), with
# cuda_graph_capture_after at each value in AFTER (default "4 16"); graph captures and the server's histograms
# around each pass. Results in $OUT/after_N/.  usage: OUT=/tmp/out bash bench/capture_ab_gpu.sh
set -uo pipefail
source bench/gpu_lib.sh
record_device
for n in ${AFTER:-4 16}; do
  O="$OUT/after_$n"; mkdir -p "$O"
  step "server, cuda_graph_capture_after $n"
  start_server "$O/server.log" TTSSERVE_CUDA_GRAPH_CAPTURE_AFTER=$n
  W="python3 bench/websocket.py --url ws://127.0.0.1:$PORT/v1/audio/speech/stream --connections 32 --seconds ${SECONDS_LOAD:-20} --procs 4 --voice baker --only load"
  M="ttsserve_websocket_first_audio_seconds|ttsserve_queue_wait_seconds|ttsserve_cuda_graph_captures"
  for pass in cold warm; do
    curl -s localhost:$PORT/metrics | grep -E "^($M)" > "$O/${pass}_before.txt"
    timeout 90 $W --json "$O/ws_$pass.json" | cut -c1-300
    curl -s localhost:$PORT/metrics | grep -E "^($M)" > "$O/${pass}_after.txt"
    grep -h "^ttsserve_cuda_graph_captures" "$O/${pass}_before.txt" "$O/${pass}_after.txt" | tr '\n' ' '; echo
    python3 bench/hist_diff.py "$O/${pass}_before.txt" "$O/${pass}_after.txt"
  done
  curl -s localhost:$PORT/v1/memory > "$O/memory.json"
  stop_server
done
step done
