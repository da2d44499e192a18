#!/usr/bin/env bash
# FastSpeech2's attention on the GPU, fused (`scaled_dot_product_attention`, the default) against written out
# (TTSSERVE_FS2_FUSED_ATTENTION=0), on one machine: the GPU tests that cover it (unless SKIP_TESTS=1), the acoustic
# call alone (bench/fastspeech2_graph.py, fp32 and fp16, batches 1 / 8 / 16), then two servers per setting, alternating,
# measured with bench/latency.py (default voice equal and mixed lengths at 1, 32, 32 streams; distill-baker at one
# stream, which runs no FastSpeech2: the machine's own spread) and their /v1/memory.
# Results in $OUT (attn1/, attn0/, attn1b/, attn0b/, fs2_graph_attn{1,0}.json). usage: OUT=/tmp/out bash bench/fs2_attention_ab_gpu.sh
set -uo pipefail
source bench/gpu_lib.sh
record_device
if [ -z "${SKIP_TESTS:-}" ]; then
  step "gpu tests (slots, FastSpeech2 graphs)"
  timeout 200 python3 -m pytest -q -rf -s tests/gpu/test_sambert_slots_gpu.py tests/gpu/test_fastspeech2_graph_gpu.py \
    tests/gpu/test_sambert_fused_gpu.py -p no:cacheprovider > "$OUT/gpu_tests.txt" 2>&1
  grep -E "passed|failed|relative|max \|" "$OUT/gpu_tests.txt" | tail -30
fi
for v in 1 0; do
  step "acoustic call alone, fused attention $v"
  TTSSERVE_FS2_FUSED_ATTENTION=$v timeout 120 python3 bench/fastspeech2_graph.py --batches 1,8,16 --reps 20 \
    --json "$OUT/fs2_graph_attn$v.json" 2>&1 | tail -8
done
L="timeout 60 python3 bench/latency.py --url http://127.0.0.1:$PORT --procs 4 --requests 8"
for v in 1 0 1 0; do  # alternating: two servers per setting
  [ -d "$OUT/attn$v" ] && d="$OUT/attn${v}b" || d="$OUT/attn$v"; mkdir -p "$d"
  step "server, fused attention $v ($d)"
  start_server "$d/server.log" TTSSERVE_FS2_FUSED_ATTENTION=$v
  $L --levels 1,32,32 --json "$d/equal.json" | tail -3
  $L --levels 1,32,32 --mixed --json "$d/mixed.json" | tail -3
  $L --levels 1 --voice distill-baker --json "$d/distill.json" | tail -1  # (no FastSpeech2: the machine's spread)
  curl -s localhost:$PORT/v1/memory > "$d/memory.json"
  stop_server
  python3 -c "import json; m=json.load(open('$d/memory.json')); a=m['allocator']; print('reserved', a['reserved_bytes'], 'max', a['max_reserved_bytes']); print(json.dumps(m['cuda_graphs_by_kind']))"
done
step done
