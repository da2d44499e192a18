#!/usr/bin/env bash
# A/B on one machine (issues 16 and 22): the default vocoder step against TTSSERVE_FIRST_AUDIO_PASS=1 (jobs without
# audio yet get a vocoder pass of their own, launched first; asynchronous device -> host copies). For each, one
# server: bench/latency.py at 32 streaming clients (equal and mixed lengths, each level twice), then
# bench/websocket.py with 32 connections at 20 tokens/s (default voice). Results in $OUT/{off,on}_*.json.
# usage: OUT=/tmp/out bash bench/first_pass_ab_gpu.sh     (wheels in .whl/: bench/gpu_lib.sh)
set -uo pipefail
source bench/gpu_lib.sh
record_device
for flag in 0 1; do
  tag=$([ $flag = 1 ] && echo on || echo off)
  step "server, first-audio pass $tag"
  start_server "$OUT/server_$tag.log" TTSSERVE_FIRST_AUDIO_PASS=$flag
  timeout 60 python3 bench/latency.py --url http://127.0.0.1:$PORT --procs 4 --requests 8 --levels 1,32,32 \
    --json "$OUT/${tag}_equal.json" | tail -2
  timeout 60 python3 bench/latency.py --url http://127.0.0.1:$PORT --procs 4 --requests 8 --levels 32,32 --mixed \
    --json "$OUT/${tag}_mixed.json" | tail -2
  timeout 60 python3 bench/websocket.py --url ws://127.0.0.1:$PORT/v1/audio/speech/stream --connections 32 \
    --seconds 15 --voice baker --only first --first-trials 5 > /dev/null
  timeout 90 python3 bench/websocket.py --url ws://127.0.0.1:$PORT/v1/audio/speech/stream --connections 32 \
    --seconds 15 --voice baker --json "$OUT/${tag}_ws.json" | grep -E "first clause|32 connections" | cut -c1-240
  curl -s localhost:$PORT/v1/memory > "$OUT/${tag}_memory.json"
  stop_server
done
step done
