#!/usr/bin/env bash
# One device run (issue 16, sessions 39-40): `decoder_max_advances_per_iteration` 4 (the default since session 40) against 1
# in a server, distill-baker.
# Per server in SERVERS (as in server_ab_gpu.sh: "NAME [VAR=value ...]" separated by ';'; default adv4 / adv1 / adv4
# again, so that order shows): first audio at one stream (24 requests after a warm-up), then PASSES passes at 32
# streaming clients (`bench/latency.py --procs 4 --requests 8 --levels 32 --voice distill-baker`), one pass with
# `--mixed` lengths, and /v1/memory.
# The summary line per server is printed; the JSON goes to $OUT/advances.tgz. Then the GPU test of the setting.
# usage: [SERVERS=...] [PASSES=4] [MIXED=1] OUT=/tmp/out bash bench/advances_gpu.sh   (wheels: bench/gpu_lib.sh)
set -uo pipefail
source bench/gpu_lib.sh
record_device
T=/tmp/advances; mkdir -p "$T"
IFS=';' read -r -a servers <<< "${SERVERS:-adv4;adv1 TTSSERVE_DECODER_MAX_ADVANCES_PER_ITERATION=1;adv4b}"
for spec in "${servers[@]}"; do
  set -- $spec; name=$1; shift
  step "$name: $*"
  case "$name" in adv4*) set -- TTSSERVE_DECODER_MAX_ADVANCES_PER_ITERATION=4 "$@";; esac
  start_server "$T/$name.log" "$@"
  curl -fs "localhost:$PORT/readyz" >/dev/null || { echo "$name did not start"; continue; }
  timeout 40 python3 bench/latency.py --url "http://127.0.0.1:$PORT" --procs 1 --requests 4 --levels 1 \
    --voice distill-baker > /dev/null 2>&1
  timeout 40 python3 bench/latency.py --url "http://127.0.0.1:$PORT" --procs 1 --requests 24 --levels 1 \
    --voice distill-baker --json "$T/${name}_one.json" > /dev/null 2>&1
  for p in $(seq 1 "${PASSES:-4}"); do
    timeout 60 python3 bench/latency.py --url "http://127.0.0.1:$PORT" --procs 4 --requests 8 --levels 32 \
      --voice distill-baker --json "$T/${name}_32_$p.json" > /dev/null 2>&1
  done
  for p in $(seq 1 "${MIXED:-1}"); do
    timeout 60 python3 bench/latency.py --url "http://127.0.0.1:$PORT" --procs 4 --requests 8 --levels 32 \
      --voice distill-baker --mixed --json "$T/${name}_32_mixed$p.json" > /dev/null 2>&1
  done
  curl -s "localhost:$PORT/v1/memory" > "$T/${name}_memory.json"
  stop_server 60
  python3 - "$T" "$name" "${PASSES:-4}" <<'PY'
import json, sys
t, n, passes = sys.argv[1], sys.argv[2], int(sys.argv[3])
one = json.load(open(f"{t}/{n}_one.json"))["rows"][0]
rows = [json.load(open(f"{t}/{n}_32_{p}.json"))["rows"][0] for p in range(1, passes + 1)]
m = json.load(open(f"{t}/{n}_memory.json"))
import glob
mixed = [json.load(open(f))["rows"][0] for f in sorted(glob.glob(f"{t}/{n}_32_mixed*.json"))]
print(f"{n}: one stream first audio p50/p95 {1000 * one['ttfa_p50_s']:.1f}/{1000 * one['ttfa_p95_s']:.1f} ms; 32 streams "
      + ", ".join(f"{r['throughput_x_realtime']:.0f}x (p95 {1000 * r['ttfa_p95_s']:.0f} ms, {r['failed']} failed)"
                  for r in rows) + "; mixed lengths " + ", ".join(f"{x['throughput_x_realtime']:.0f}x (p95 {1000 * x['ttfa_p95_s']:.0f} ms)"
      for x in mixed) + f"; iterations {m['scheduler']['iterations']}")
PY
done
step "GPU test"
timeout 120 python3 -m pytest -q -m gpu tests/gpu/test_scheduler_advances_gpu.py -p no:cacheprovider 2>&1 | tail -3
tar czf "$OUT/advances.tgz" -C "$T" .
step done
