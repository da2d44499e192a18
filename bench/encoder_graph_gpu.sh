#!/usr/bin/env bash
# One device run for Sambert's per-symbol encoder graph (stage option encoder_graphs; issues 16 and 20): the GPU
# test suite (or the files in TESTS), bench/sambert_slots.py's begin times without and with it (distill-baker, fp32),
# then two servers, distill-baker without and with `encoder_graphs: true` (patched into this copy's voice.yaml),
# each measured with bench/latency.py: the 42-character sentence streamed at 1, 1, 32, 32 clients and whole at
# 1, 1 (SKIP_TESTS=1, SKIP_BEGIN=1: only the servers). OPTION_LINE: another acoustic option for the "on" server,
# e.g. OPTION_LINE="duration_kernel: true" (encoder graphs are on by default since this script measured them).
# Results in $OUT.
# usage: OUT=/tmp/out bash bench/encoder_graph_gpu.sh   (wheels in .whl/: bench/gpu_lib.sh)
set -uo pipefail
source bench/gpu_lib.sh
record_device
if [ -z "${SKIP_TESTS:-}" ]; then
step tests
# the whole GPU suite (the encoder-graph, fused-step and slot tests among it), unless TESTS names files
timeout 300 python3 -m pytest -q -rf -m gpu ${TESTS:-tests/gpu} -p no:cacheprovider > "$OUT/gpu_tests.txt" 2>&1
tail -4 "$OUT/gpu_tests.txt"
fi
for eg in $([ -z "${SKIP_BEGIN:-}" ] && echo off on); do
  step "begin, encoder graphs $eg"
  timeout 150 python3 bench/sambert_slots.py --only distill-baker --dtypes float32 --fused --reps 3 \
    $([ $eg = on ] && echo --encoder-graphs) --out "$OUT/slots_encoder_$eg.json" 2>&1 | grep -v -i warn | tail -4
done
for eg in off on; do
  if [ $eg = on ]; then
    sed -i "s|^  kantts_config: am/config.yaml|  kantts_config: am/config.yaml\n  ${OPTION_LINE:-encoder_graphs: true}|" weights/distill-baker/voice.yaml
    grep -n "${OPTION_LINE:-encoder_graphs: true}" weights/distill-baker/voice.yaml
  fi
  step "server, encoder graphs $eg"
  READY_TRIES=360 start_server "$OUT/server_$eg.log"
  timeout 100 python3 bench/latency.py --url http://127.0.0.1:$PORT --procs 4 --requests 8 --levels 1,1,32,32 \
    --voice distill-baker --json "$OUT/distill_stream_$eg.json" | tail -4
  timeout 40 python3 bench/latency.py --url http://127.0.0.1:$PORT --requests 8 --levels 1,1 --no-stream \
    --voice distill-baker --json "$OUT/distill_whole_$eg.json" | tail -2
  curl -s localhost:$PORT/metrics | grep -E "^ttsserve_cuda_graph_(cache_entries|cache_bytes|captures) " | tee "$OUT/graphs_$eg.txt"
  stop_server
  grep -iE "error|traceback|switched off|disabled" "$OUT/server_$eg.log" | head -3
done
git checkout -- weights/distill-baker/voice.yaml 2>/dev/null || true
step done
