#!/usr/bin/env bash
# One device run (issue 16, session 31): how many passes of a level a server needs before it stops capturing CUDA
# graphs, and its throughput then. Session 31's load profile found the "warm" mixed level (the second pass on a
# server) capturing 12 new graphs (encoder 3 -> 8, decoder 4 -> 8, vocoder 1 -> 4) at 60-200 ms each, every
# active job stalled meanwhile: the second pass is not the steady state. Per server in SERVERS (as in
# server_ab_gpu.sh: "NAME [VAR=value ...]" separated by ';'): the default voice at 32 streams with mixed lengths,
# PASSES times in a row, then distill-baker at 32 streams PASSES times; /v1/memory after every pass (graph counts
# by kind). Results in $OUT/steady.tgz; the summary (x real time, first audio p95, graphs) printed per pass.
# usage: [SERVERS=...] [PASSES=6] [LEVELS="tag:latency.py args;..."] OUT=/tmp/out bash bench/steady_gpu.sh
# (LEVELS default "mixed:--mixed;distill:--voice distill-baker"; wheels: bench/gpu_lib.sh)
set -uo pipefail
source bench/gpu_lib.sh
record_device
IFS=';' read -r -a servers <<< "${SERVERS:-base}"
for spec in "${servers[@]}"; do
  set -- $spec; name=$1; shift
  step "$name: $*"
  start_server "$OUT/${name}.log" "$@"
  curl -fs "localhost:$PORT/readyz" >/dev/null || { echo "$name did not start"; continue; }
  IFS=';' read -r -a levels <<< "${LEVELS:-mixed:--mixed;distill:--voice distill-baker}"
  prev=""
  for level in "${levels[@]}"; do
    tag=${level%%:*} args=${level#*:}
    for pass in $(seq 1 "${PASSES:-6}"); do
      timeout 60 python3 bench/latency.py --url "http://127.0.0.1:$PORT" --procs 4 --requests "${REQ:-8}" --levels 32 \
        $args --json "$OUT/${name}_${tag}_${pass}.json" > /dev/null 2>&1
      curl -s "localhost:$PORT/v1/memory" > "$OUT/${name}_${tag}_${pass}_memory.json"
      python3 - "$OUT/${name}_${tag}_${pass}.json" "$OUT/${name}_${tag}_${pass}_memory.json" "$name $tag pass $pass" \
        "${prev:-}" <<'PY'
import json, sys
row = json.load(open(sys.argv[1]))["rows"][0]
mem = json.load(open(sys.argv[2]))
if sys.argv[4]:  # the worker's phases over this pass (wall / CPU seconds), from the previous pass's /v1/memory
    a, b = json.load(open(sys.argv[4]))["scheduler"], mem["scheduler"]
    ph = " ".join(f"{k} {b['phase_seconds'][k] - a['phase_seconds'].get(k, 0):.2f}/"
                  f"{b['phase_cpu_seconds'][k] - a['phase_cpu_seconds'].get(k, 0):.2f}" for k in b["phase_seconds"])
    print(f"  phases (s wall/CPU, {b['iterations'] - a['iterations']} iterations): {ph}")
graphs = {k: v.get("graphs") for k, v in mem.get("cuda_graphs_by_kind", {}).items()}
st = mem.get("cuda_graph_stats", {})  # counters since start (cumulative: the passes' differences tell each pass)
count = " ".join(f"{k} {st[k]}" for k in ("replays", "fallbacks", "deferred", "captures", "evictions") if k in st)
print(f"{sys.argv[3]}: {row['throughput_x_realtime']:.1f}x, first audio p50 / p95 {1000 * row['ttfa_p50_s']:.0f} / "
      f"{1000 * row['ttfa_p95_s']:.0f} ms, {row['failed']} failed; graphs {sum(graphs.values())} {graphs}; {count}")
PY
      prev="$OUT/${name}_${tag}_${pass}_memory.json"
    done
  done
  stop_server 60
done
tar czf /tmp/steady.tgz -C "$OUT" . && find "$OUT" -type f -delete && mv /tmp/steady.tgz "$OUT/"
step done
