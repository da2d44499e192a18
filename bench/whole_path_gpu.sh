#!/usr/bin/env bash
# One device run for the whole-response path of distill-baker (issue 20) and its `begin` (issue 16):
# bench/begin_breakdown_gpu.py (begin's parts, one advance's kernels), then one server with TTSSERVE_PHASE_SYNC=1
# (device time per scheduler phase) for whole 42-character requests at one client, then the servers of
# bench/encoder_graph_gpu.sh (encoder graphs off / on: streamed 1,1,32,32 and whole 1,1).
# usage: OUT=/tmp/out bash bench/whole_path_gpu.sh      (wheels in .whl/: bench/gpu_lib.sh)
set -uo pipefail
source bench/gpu_lib.sh
record_device
step "begin / advance breakdown"
timeout 150 python3 bench/begin_breakdown_gpu.py --out "$OUT/begin_breakdown.json" 2>&1 | grep -v -i warn | tail -45
step "server, phases synced, whole responses"
READY_TRIES=360 start_server "$OUT/server_sync.log" TTSSERVE_PHASE_SYNC=1
curl -s localhost:$PORT/v1/memory > "$OUT/sync_memory_before.json"
timeout 60 python3 bench/latency.py --url http://127.0.0.1:$PORT --requests 8 --levels 1,1 --no-stream \
  --voice distill-baker --json "$OUT/sync_whole.json" | tail -2
curl -s localhost:$PORT/v1/memory > "$OUT/sync_memory_after.json"
stop_server
python3 - "$OUT" <<'PY'
import json, sys
a, b = (json.load(open(f"{sys.argv[1]}/sync_memory_{w}.json"))["scheduler"] for w in ("before", "after"))
n = b["iterations"] - a["iterations"]
ph = {k: round(1e3 * (b["phase_seconds"][k] - a["phase_seconds"].get(k, 0)) / 17, 2) for k in b["phase_seconds"]}
print(f"iterations {n} over 17 whole requests (1 warm-up + 16): {n / 17:.1f} per request; ms per request by phase: {ph}")
PY
grep -iE "error|traceback" "$OUT/server_sync.log" | head -3
SKIP_TESTS=1 SKIP_BEGIN=1 bash bench/encoder_graph_gpu.sh
