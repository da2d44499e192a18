#!/usr/bin/env bash
# Session 7's device run after the host-time changes (issue 20: the probe's waits, module walks, a post-net-only
# last advance): the worker's cProfile for a whole and a streamed distill-baker request (bench/host_profile_gpu.sh,
# no stage sync), then bench/after_change_gpu.sh (the whole GPU suite, the server levels of both voices, the
# WebSocket pass). Results in $OUT.   usage: OUT=/tmp/out bash bench/session7_gpu.sh   (wheels: bench/gpu_lib.sh)
set -uo pipefail
SKIP_TESTS=1 SYNCS=0 OUT=$OUT/profile bash bench/host_profile_gpu.sh
OUT=$OUT bash bench/after_change_gpu.sh
