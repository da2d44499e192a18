#!/usr/bin/env bash
# The Kokoro voice on the GPU machine (issue 19), after its parts have arrived: the machine has no network and one
# command carries at most 64 MiB with the repository, so the voice travels as `recipes/distill/kokoro_parts.py pack
# weights/kokoro .kparts` parts (6 of 18 MB), one command each, on one warm machine (ignored paths an earlier
# command left there stay): carry [".kparts/count", ".kparts/partNN"] with a command such as `ls -la .kparts`;
# then misaki's wheels the same way (carry [".whl"] holding only misaki, pypinyin_dict, addict, ordered_set, regex,
# installed into /tmp/site with the serving stack's). This script then: joins the parts into weights/kokoro, runs
# the Kokoro GPU tests, bench/stage_rtf.py on the GPU (fp32; batches 1 only: calls run one at a time), and two
# minutes of `distill.py train --kokoro` (acoustic stage) to measure the labelling speed there. Results in $OUT.
# usage: OUT=/tmp/out bash bench/kokoro_gpu.sh
set -uo pipefail
source bench/gpu_lib.sh
record_device
step join
python3 recipes/distill/kokoro_parts.py join .kparts weights/kokoro && ls -la weights/kokoro
step tests
timeout 200 python3 -m pytest -q -rf tests/gpu/test_kokoro_gpu.py -p no:cacheprovider > "$OUT/kokoro_gpu_tests.txt" 2>&1
tail -3 "$OUT/kokoro_gpu_tests.txt"
step rtf
timeout 150 python3 bench/stage_rtf.py --voice kokoro --device cuda --batches 1 --repeats 5 \
  --json "$OUT/stage_rtf_kokoro_gpu.json" 2>&1 | tail -4
step "multi-speaker labelling and training, 2 minutes"
printf '我们明天去公园散步。\n今天天气很好，我们去爬山吧。\n银行行长明天到访，讨论新的合作计划。\n' > /tmp/texts.txt
timeout 200 python3 recipes/distill/distill.py train --out /tmp/ms_run --minutes 2 --stage am --device cuda \
  --texts /tmp/texts.txt --kokoro weights/kokoro --kokoro-sentences 3 --kokoro-per-sentence 8 2>&1 | tail -6
step done
