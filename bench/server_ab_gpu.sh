#!/usr/bin/env bash
# One device run: the same levels on several servers that differ only in their environment (settings, allocator,
# or an older copy of the code), one after another and PASSES times round (A B C A B C ...), so that a difference
# can be told from the spread between servers on one machine (session 13: 1.8x in warm mixed traffic between two
# servers of the same code) and between machines. Per server: default voice 32 streams equal and mixed, each
# twice (cold, warm), distill-baker 1 and 32 streams; /v1/memory sampled every 0.2 s beside the levels and kept at
# the end (graphs per kind, phase clocks, allocator high-water). Results in $OUT/server_ab.tgz (NAME_PASS_*).
# SERVERS: "NAME [VAR=value ...]" entries separated by ';'. The default compares the shipped settings with
# expandable allocator segments and with CUDA graphs captured at a shape's first meeting:
#   SERVERS="base;alloc PYTORCH_CUDA_ALLOC_CONF=expandable_segments:True;capture1 TTSSERVE_CUDA_GRAPH_CAPTURE_AFTER=1"
# Older code: `git archive COMMIT src | tar x -C .old` here (.old/ is ignored: carry it in this same call; an
# ignored path carried by an earlier call was gone in session 13's next call), then an entry
#   "old PYTHONPATH=/tmp/site:.old/src:. TTSSERVE_WEIGHTS_DIR=$PWD/weights"
# usage: [SERVERS=...] [PASSES=2] [REQ=8] OUT=/tmp/out bash bench/server_ab_gpu.sh      (wheels: bench/gpu_lib.sh)
set -uo pipefail
source bench/gpu_lib.sh
record_device
IFS=';' read -r -a servers <<< "${SERVERS:-base;alloc PYTORCH_CUDA_ALLOC_CONF=expandable_segments:True;capture1 TTSSERVE_CUDA_GRAPH_CAPTURE_AFTER=1}"
for pass in $(seq 1 "${PASSES:-2}"); do
  for spec in "${servers[@]}"; do
    set -- $spec; name=$1; shift
    step "$name, pass $pass: $*"
    start_server "$OUT/${name}_$pass.log" "$@"
    curl -fs "localhost:$PORT/readyz" >/dev/null || { echo "$name did not start"; continue; }
    python3 bench/memory_poll.py --url "http://127.0.0.1:$PORT" --out "$OUT/${name}_${pass}_timeline.jsonl" & poller=$!
    L="timeout 60 python3 bench/latency.py --url http://127.0.0.1:$PORT --procs 4 --requests ${REQ:-8}"
    $L --levels 32,32 --json "$OUT/${name}_${pass}_equal.json" | tail -2
    $L --levels 32,32 --mixed --json "$OUT/${name}_${pass}_mixed.json" | tail -2
    $L --levels 1,32,32 --voice distill-baker --json "$OUT/${name}_${pass}_distill.json" | tail -3
    kill "$poller"
    curl -s "localhost:$PORT/v1/memory" > "$OUT/${name}_${pass}_memory.json"
    python3 -c "import json,sys; d=json.load(open(sys.argv[1])); a=d['allocator']; print('reserved', a.get('reserved_bytes'), 'high-water', a.get('max_reserved_bytes'), 'graphs', a.get('cuda_graph_cache_entries'), d['scheduler']['phase_seconds'])" "$OUT/${name}_${pass}_memory.json"
    stop_server
  done
done
# at most 8 files come back from a device call: one archive
tar czf /tmp/server_ab.tgz -C "$OUT" . && find "$OUT" -type f -delete && mv /tmp/server_ab.tgz "$OUT/"
