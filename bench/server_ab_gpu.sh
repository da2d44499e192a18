#!/usr/bin/env bash
# One device run: the same levels on several servers that differ only in their environment (settings, allocator,
# or an older copy of the code), one after another and PASSES times round (A B C A B C ...), so that a difference
# can be told from the spread between servers on one machine (session 13: 1.8x in warm mixed traffic between two
# servers of the same code) and between machines. Per server: default voice 32 streams equal and mixed, each
# twice (cold, warm), distill-baker 1 and 32 streams; /v1/memory sampled every 0.2 s beside the levels and kept at
# the end (graphs per kind, phase clocks, allocator high-water). Results in $OUT/server_ab.tgz (NAME_PASS_*).
# SERVERS: "NAME [VAR=value ...]" entries separated by ';'. Session 14 compared the settings of then with
# expandable allocator segments (now the default: high-water 1.15 GB vs 1.8-1.9) and with CUDA graphs captured
# at a shape's first meeting:
#   SERVERS="base PYTORCH_CUDA_ALLOC_CONF=;alloc PYTORCH_CUDA_ALLOC_CONF=expandable_segments:True;capture1 ..."
# (an empty PYTORCH_CUDA_ALLOC_CONF: torch's own defaults). Session 15's default compared the shipped settings with a
# 1 GiB budget (a per-process memory fraction: the worker frees cached blocks near it, an overrun is a recovered
# OOM) and with that budget plus the allocator's own collection of cached blocks above 60% of it (session 15's
# run of these two did not start: the budget was below max_gpu_bytes' 2 GiB default; a budget alone now sizes it):
#   SERVERS="base;budget1g $B1G;gc $B1G PYTORCH_CUDA_ALLOC_CONF=expandable_segments:True,garbage_collection_threshold:0.6"
# Session 16 ran those (the budget cut distill-baker streams) and fewer vocoder windows a pass (8: 0.80 GB, mixed
# traffic slower); session 17 ran 16 / 8 / 8 a pass with 32 an iteration: the last kept the speed at 0.77-0.80 GB and
# became the default. The default now re-checks it against the old 16 a pass:
# Older code: `git archive COMMIT src | tar x -C .old` here (.old/ is ignored: carry it in this same call; an
# ignored path carried by an earlier call was gone in session 13's next call), then an entry
#   "old PYTHONPATH=/tmp/site:.old/src:. TTSSERVE_WEIGHTS_DIR=$PWD/weights"
# usage: [SERVERS=...] [PASSES=2] [REQ=8] OUT=/tmp/out bash bench/server_ab_gpu.sh      (wheels: bench/gpu_lib.sh)
set -uo pipefail
source bench/gpu_lib.sh
record_device
B1G=TTSSERVE_GPU_MEMORY_BUDGET_BYTES=1073741824
IFS=';' read -r -a servers <<< "${SERVERS:-base;w16 TTSSERVE_VOCODER_MAX_WINDOWS=16}"
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
