#!/usr/bin/env bash
# Sourced by the multi-speaker student's device scripts (train_ms_gpu.sh, ab_am_gpu.sh): the serving stack, misaki
# and the corpus, the Kokoro voice joined from its carried parts, and .ckpt/ holding the student to start from
# (what each needs carried first: train_ms_gpu.sh's header).
source bench/gpu_lib.sh
record_device
[ -d .kparts/whl ] && python3 -m pip install -q --no-index --no-deps --no-compile --target /tmp/site .kparts/whl/*.whl 2>&1 | tail -2
[ -f weights/kokoro/voice.yaml ] || python3 recipes/distill/kokoro_parts.py join .kparts weights/kokoro || exit 1
# The first call starts from the last session's student when it was carried (FROM, default .ckpt-from: on the
# workstation `bash recipes/distill/ckpt_git.sh restore`, then carry it, 20 MB since the
# vocoder is 256 wide (session 20), as the parts below):
# every training session ends with `distill.py export --run RUN --kokoro weights/kokoro --weights DIR`,
# `cp RUN/kokoro_stats.json DIR/` and `ckpt_git.sh save DIR`, which keeps the student in git history but not in the tree (the lent machine and the
# workstation both start bare: sessions 13-15's checkpoints, kept only on machines, were lost; and a student in
# the tree would leave too little of a command's 64 MiB for the Kokoro parts). Else it starts from the shipped
# two-speaker distill-baker (its acoustic model warm-starts the 9-speaker one: Baker's row kept, new speakers
# beside it; its 128-wide vocoder goes on training), unless WARM=0.
FROM=${FROM:-.ckpt-from}
# Since session 23 the tracked tree (54 MiB) leaves no room for a 12 MB file beside it: the student travels as
# 8 MiB parts of one tar (`tar cf - .ckpt-from | split -b 8388608 -d - .kparts/stu.` on the workstation, each part
# carried alone, the last beside a small carry) and is put together here
if [ ! -d "$FROM" ] && ls .kparts/stu.* >/dev/null 2>&1; then cat .kparts/stu.* | tar xf - || exit 1; fi
if [ ! -f .ckpt/am.pth ] && [ -f "$FROM/distill-zh/voice.yaml" ]; then
  python3 recipes/distill/distill.py unexport --weights "$FROM" --voice distill-zh --out .ckpt
  # each Kokoro speaker's pitch/energy scale as the student learnt it (else the first labelling here sets a new one)
  if [ -f "$FROM/kokoro_stats.json" ] && [ ! -f .ckpt/data/kokoro_stats.json ]; then
    mkdir -p .ckpt/data && cp "$FROM/kokoro_stats.json" .ckpt/data/; fi
elif [ ! -f .ckpt/am.pth ] && [ "${WARM:-1}" = 1 ]; then python3 recipes/distill/distill.py unexport --out .ckpt; fi
