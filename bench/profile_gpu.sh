#!/usr/bin/env bash
# One device run for issue 8: start the server on the GPU with the given settings (environment:
# TTSSERVE_*), measure latency/throughput with 4 client processes, streamed and whole, and optionally
# sample the server with py-spy (SPY=1; needs the py-spy wheel in .whl/); MIXED=1 sends texts of mixed
# lengths. Results in $OUT/<TAG>_*.
set -uo pipefail
OUT=${OUT:-/tmp/out}; mkdir -p "$OUT"; TAG=${TAG:-run}; PORT=${PORT:-8123}
if [ ! -d /tmp/site/fastapi ]; then
  python3 -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade --target /tmp/site .whl/*.whl 2>&1 | tail -2
fi
export PYTHONPATH=/tmp/site:src:. PATH=/tmp/site/bin:$PATH
python3 -m ttsserve serve --device cuda --port $PORT --config configs/default.yaml > "$OUT/${TAG}_server.log" 2>&1 &
SERVER=$!
for i in $(seq 1 240); do curl -fs localhost:$PORT/readyz >/dev/null 2>&1 && break; sleep 0.5; done
B="timeout 200 python3 bench/latency.py --url http://127.0.0.1:$PORT --procs 4 --requests ${REQ:-8} ${MIXED:+--mixed}"
$B --levels ${LEVELS:-1,4,16,32,64} --json "$OUT/${TAG}_stream.json" | tail -6
$B --levels ${LEVELS:-1,4,16,32,64} --no-stream --json "$OUT/${TAG}_whole.json" | tail -6
if [ -n "${SPY:-}" ]; then
  (sleep 4; timeout 20 py-spy record -p $SERVER -d 8 -r 200 -f raw --threads -o "$OUT/${TAG}_spy.txt" >/dev/null 2>&1) &
  $B --levels 32 --requests 24 --no-stream | tail -1
  wait
fi
curl -s localhost:$PORT/metrics > "$OUT/${TAG}_metrics.txt"
kill -TERM $SERVER; timeout 20 tail --pid=$SERVER -f /dev/null || kill -9 $SERVER
