#!/usr/bin/env bash
# One device run: the same server levels on two versions of the code, alternating on one machine (A B A B), so a
# change in throughput between device runs can be told from the spread between machines (which is 10-30%).
# OLD_SRC: the older code's src/ (`git archive COMMIT src | tar x -C .old` here; `.old/` is ignored: name it in
# the same call's carry, an ignored path carried by an earlier call was gone in session 13's second call); it
# serves this checkout's weights/ and configs/ (the script checks that it imports before the first server). Levels per server: default voice equal length at 1, 32, 32
# streams and mixed lengths at 32, 32; distill-baker at 1, 32. Results in $OUT (NAME_PASS_*.json).
# usage: OLD_SRC=.old/src OUT=/tmp/out bash bench/code_ab_gpu.sh      (wheels: bench/gpu_lib.sh)
set -uo pipefail
source bench/gpu_lib.sh
record_device
PYTHONPATH=/tmp/site:$OLD_SRC:. python3 -c "import ttsserve, sys; print('old code:', ttsserve.__file__)" || exit 1
for pass in 1 2; do
  for name in old new; do
    src=src; [ $name = old ] && src=$OLD_SRC
    step "$name, pass $pass ($src)"
    start_server "$OUT/server_${name}_$pass.log" PYTHONPATH=/tmp/site:$src:. TTSSERVE_WEIGHTS_DIR=$PWD/weights
    L="timeout 60 python3 bench/latency.py --url http://127.0.0.1:$PORT --procs 4 --requests 8"
    $L --levels 1,32,32 --json "$OUT/${name}_${pass}_equal.json" | tail -3
    $L --levels 32,32 --mixed --json "$OUT/${name}_${pass}_mixed.json" | tail -2
    $L --levels 1,32 --voice distill-baker --json "$OUT/${name}_${pass}_distill.json" | tail -2
    # which graphs the levels left, the scheduler's phase clocks, the allocator: two servers of one code differed
    # 1.8x in warm mixed traffic in session 13, and these say whether the captured buckets or the machine did it
    curl -s localhost:$PORT/v1/memory > "$OUT/${name}_${pass}_memory.json"
    stop_server
  done
done
