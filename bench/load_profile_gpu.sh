#!/usr/bin/env bash
# One device run (issue 16, session 28): where the worker's time goes at the 32-stream levels that miss their
# targets. Sessions 23-27 read the worker's phase clocks (vocoder 14 s, acoustic 5, begin 3, advance 2, plan 1 over
# a run) as host time, but the vocoder phase begins by waiting for the previous pass: its clock holds device time
# too. Three servers, one after another, each with the same two levels (default voice 32 streams with mixed lengths;
# distill-baker 32 streams), each level once cold and then measured warm:
#   plain   - the phase clocks as served, and the GPU's busy share sampled by nvidia-smi every 100 ms meanwhile;
#   sync    - TTSSERVE_PHASE_SYNC=1: the worker waits for the device after each phase, so a phase's clock is its
#             own host and device time, nothing queued before it;
#   profile - TTSSERVE_WORKER_PROFILE: the worker's loop under cProfile (both levels, cold and warm), its top
#             functions by own time and by cumulative time.
# A GPU busy share well under 100% while the worker never idles means the host sets the level; phases that grow
# a lot under sync hold device time. Session 30 added, for every warm level, the worker thread's CPU seconds per
# phase (/v1/memory `phase_cpu_seconds`) and every server thread's CPU seconds from /proc over the level: a phase
# whose wall time is well above its CPU time waited (for the interpreter lock the event loop shares, or the
# device); event loop + worker CPU near the level's wall time means the one interpreter lock is the ceiling.
# Results in $OUT/load_profile.tgz (at most 8 files come back: one archive).
# usage: OUT=/tmp/out bash bench/load_profile_gpu.sh      (wheels: bench/gpu_lib.sh)
set -uo pipefail
source bench/gpu_lib.sh
record_device
threads() {  # threads FILE: the server's threads' CPU seconds (/proc) and the clock, as JSON
  python3 -c "import json, sys, time; from bench.http_host_cost import thread_cpu
print(json.dumps({'t': time.monotonic(), 'pid': int(sys.argv[1]), 'threads': thread_cpu(int(sys.argv[1]))}))" "$SERVER" > "$1"
}
levels() {  # levels NAME: each level cold, then warm with /v1/memory before and after and GPU samples beside it
  local name=$1 L="timeout 60 python3 bench/latency.py --url http://127.0.0.1:$PORT --procs 4 --requests ${REQ:-8}"
  for level in "mixed:--mixed" "distill:--voice distill-baker"; do
    local tag=${level%%:*} args=${level#*:}
    $L --levels 32 $args > /dev/null 2>&1
    curl -s "localhost:$PORT/v1/memory" > "$OUT/${name}_${tag}_before.json"
    threads "$OUT/${name}_${tag}_threads_before.json"
    nvidia-smi --query-gpu=utilization.gpu --format=csv,noheader,nounits -lms 100 > "$OUT/${name}_${tag}_util.txt" & smi=$!
    $L --levels 32 $args --json "$OUT/${name}_${tag}.json" | tail -1
    kill "$smi"
    threads "$OUT/${name}_${tag}_threads_after.json"
    curl -s "localhost:$PORT/v1/memory" > "$OUT/${name}_${tag}_after.json"
  done
}
for spec in "plain" "sync TTSSERVE_PHASE_SYNC=1" "profile TTSSERVE_WORKER_PROFILE=$OUT/worker.prof"; do
  set -- $spec; name=$1; shift
  step "$name: $*"
  start_server "$OUT/${name}_server.log" "$@"
  curl -fs "localhost:$PORT/readyz" >/dev/null || { echo "$name did not start"; continue; }
  levels "$name"
  stop_server 60  # (the profile is written when the worker stops)
done
python3 bench/load_profile_report.py "$OUT" --json "$OUT/report.json" | tee "$OUT/report.txt"
tar czf /tmp/load_profile.tgz -C "$OUT" . && find "$OUT" -type f -delete && mv /tmp/load_profile.tgz "$OUT/"
step done
