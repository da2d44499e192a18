#!/usr/bin/env bash
# One device run (issues 16 and 20): the whole GPU suite (SKIP_TESTS=1: not), then the pipelined vocoder passes (default) against
# TTSSERVE_PIPELINE=0 (each pass waited for at once) on one machine: the in-process whole-response figure of
# bench/whole_request_profile_gpu.py (distill-baker, 42 characters) and bench/recheck_gpu.sh's server levels (default
# voice equal / mixed, distill-baker streamed equal / mixed and whole). Results in $OUT.
# usage: OUT=/tmp/out bash bench/pipeline_ab_gpu.sh      (wheels in .whl/: bench/gpu_lib.sh)
set -uo pipefail
source bench/gpu_lib.sh
record_device
if [ -z "${SKIP_TESTS:-}" ]; then
step "gpu tests"
timeout 200 python3 -m pytest -q -rf -m gpu tests/gpu -p no:cacheprovider > "$OUT/gpu_tests_all.txt" 2>&1
tail -3 "$OUT/gpu_tests_all.txt"
fi
for p in 1 0; do
  step "in-process whole response, TTSSERVE_PIPELINE=$p"
  TTSSERVE_PIPELINE=$p timeout 100 python3 bench/whole_request_profile_gpu.py --voice distill-baker \
    --out "$OUT/profile_pipeline$p.json" 2>&1 | grep -o "'engine_ms_p50.*'iterations': [0-9]*"
  SKIP_TESTS=1 SERVER_ENV="TTSSERVE_PIPELINE=$p" OUT=$OUT/pipeline$p bash bench/recheck_gpu.sh
done
step done
