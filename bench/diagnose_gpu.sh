#!/usr/bin/env bash
# One device run of diagnostics (issues 20 and 22): bench/whole_request_profile_gpu.py for distill-baker (whole and
# streamed) and the default voice (whole), then bench/websocket_gpu.sh with the 32 connections spread over 4 client
# processes and the server's own histograms saved (default voice, warm). Results in $OUT.
# usage: OUT=/tmp/out bash bench/diagnose_gpu.sh      (wheels in .whl/: bench/gpu_lib.sh)
set -uo pipefail
source bench/gpu_lib.sh
record_device
for args in "--voice distill-baker" "--voice distill-baker --stream" "--voice baker"; do
  tag=$(echo "$args" | sed 's/--voice //; s/ --/_/g; s/ /_/g')
  step "whole-request profile: $args"
  timeout 120 python3 bench/whole_request_profile_gpu.py $args --out "$OUT/profile_$tag.json" 2>&1 | grep -v -i warn | tail -26
done
SKIP_TESTS=1 WARM_ONLY=1 VOICES=baker PROCS=4 SECONDS_LOAD=15 bash bench/websocket_gpu.sh
