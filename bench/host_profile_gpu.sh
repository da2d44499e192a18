#!/usr/bin/env bash
# One device run (issue 20): where a whole distill-baker response's host time goes. The duration kernel's GPU
# test, then bench/whole_request_profile_gpu.py --cprofile (the worker thread's iterations under cProfile) with the
# memory probe waiting for the device after every stage (TTSSERVE_STAGE_SYNC=1, as before) and without (CUDA events),
# whole and streamed. Results in $OUT.   usage: OUT=/tmp/out bash bench/host_profile_gpu.sh   (wheels: bench/gpu_lib.sh)
set -uo pipefail
source bench/gpu_lib.sh
record_device
[ -z "${SKIP_TESTS:-}" ] && step "duration kernel tests" &&
timeout 120 python3 -m pytest -q -rf -m gpu tests/gpu/test_sambert_duration_gpu.py -p no:cacheprovider 2>&1 | tail -3
for sync in ${SYNCS:-1 0}; do
  for mode in "" "--stream"; do
    step "profile: stage sync $sync $mode"
    TTSSERVE_STAGE_SYNC=$sync timeout 150 python3 bench/whole_request_profile_gpu.py --voice distill-baker $mode --cprofile \
      --out "$OUT/profile_sync${sync}${mode/--/_}.json" 2>&1 | grep -v -i warn | grep -v "^ *[0-9].*{built-in\|^USDT" | head -16
  done
done
step "done"
