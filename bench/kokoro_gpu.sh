#!/usr/bin/env bash
# The Kokoro voice on the GPU machine (issue 19), after its parts have arrived: the machine has no network and one
# command carries at most 64 MiB with the repository, so the voice travels as `recipes/distill/kokoro_parts.py pack
# weights/kokoro .kparts --part-mb 8` parts (13 since session 23: the tracked tree leaves ~10 MB a command), one
# command each, on one warm machine (ignored paths an earlier command left there stay; the carries in order:
# recipes/distill/train_ms_gpu.sh's header): carry [".kparts/count", ".kparts/partNN"] with a command such as `ls -la .kparts`;
# with the last part, misaki's wheels in .kparts/whl (misaki and ordered_set: what `misaki.transcription` needs
# beside the serving stack; installed into /tmp/site here). The serving stack itself comes from .whl/ (carried by
# the first command, installed by bench/gpu_lib.sh). This script then: joins the parts into weights/kokoro, runs
# the Kokoro GPU tests, bench/stage_rtf.py on the GPU (fp32; batches 1 only: calls run one at a time), one server
# measured with bench/latency.py like the other voices (1 stream cold and warm, 32 streams equal-length and mixed,
# whole responses at 1 client; /v1/memory sampled beside them, memory_timeline.jsonl), and two minutes of `distill.py train --kokoro` (acoustic stage) to measure the
# labelling speed there (SKIP_TRAIN=1: not; SERVER_ONLY=1: no tests or stage_rtf.py either). Results in $OUT.
# usage: OUT=/tmp/out bash bench/kokoro_gpu.sh
set -uo pipefail
source bench/gpu_lib.sh
record_device
[ -d .kparts/whl ] && python3 -m pip install -q --no-index --no-deps --no-compile --target /tmp/site .kparts/whl/*.whl 2>&1 | tail -2
step join
python3 recipes/distill/kokoro_parts.py join .kparts weights/kokoro && ls -la weights/kokoro
if [ -z "${SERVER_ONLY:-}" ]; then  # SERVER_ONLY=1: the server levels alone (session 20, short of device time)
step tests
timeout 200 python3 -m pytest -q -rf tests/gpu/test_kokoro_gpu.py -p no:cacheprovider > "$OUT/kokoro_gpu_tests.txt" 2>&1
tail -3 "$OUT/kokoro_gpu_tests.txt"
step rtf
timeout 150 python3 bench/stage_rtf.py --voice kokoro --device cuda --batches 1 --repeats 5 \
  --json "$OUT/stage_rtf_kokoro_gpu.json" 2>&1 | tail -4
fi
step "server: kokoro over HTTP"
start_server "$OUT/server.log"
python3 bench/memory_poll.py --url http://127.0.0.1:$PORT --out "$OUT/memory_timeline.jsonl" & POLLER=$!
L="timeout 90 python3 bench/latency.py --url http://127.0.0.1:$PORT --procs 4 --requests ${REQ:-8} --voice kokoro"
$L --levels 1,1,32,32 --json "$OUT/kokoro_equal.json" | tail -4
$L --levels 32,32 --mixed --json "$OUT/kokoro_mixed.json" | tail -2
$L --levels 1,1 --no-stream --json "$OUT/kokoro_whole.json" | tail -2
curl -s localhost:$PORT/v1/memory > "$OUT/memory.json"
kill "$POLLER"
python3 -c "import json; m=json.load(open('$OUT/memory.json'))['allocator']; print('reserved', m['reserved_bytes'], 'peak', m['max_reserved_bytes'])"
stop_server
[ -n "${SKIP_TRAIN:-}" ] && { step done; exit 0; }
step "multi-speaker labelling and training, 2 minutes"
printf '我们明天去公园散步。\n今天天气很好，我们去爬山吧。\n银行行长明天到访，讨论新的合作计划。\n' > /tmp/texts.txt
timeout 200 python3 recipes/distill/distill.py train --out /tmp/ms_run --minutes 2 --stage am --device cuda \
  --texts /tmp/texts.txt --kokoro weights/kokoro --kokoro-sentences 3 --kokoro-per-sentence 8 2>&1 | tail -6
step done
