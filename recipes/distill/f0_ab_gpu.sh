#!/usr/bin/env bash
# Issue 19, session 26: do the Kokoro teachers' token f0 curves make a student that reads better? Session 25 (CPU,
# two speakers, ~400 steps) saw token-curve labels -1.3 points of syllable errors against the labels as before
# (95% interval -2.9 .. +0.2) and tone-curve labels +1.2. This runs the arms side by side on the one GPU, each from
# the same checkpoint (.ckpt/am.pth: the last session's student, as ms_setup.sh unexports it), the same sentences
# (one SEED), settings and minutes, each on its own labels:
#   served  the labels as before (DISTILL_TOKEN_F0 unset)          .ckpt/data
#   token   DISTILL_TOKEN_F0=token (one f0 value a token)          .ckpt/data_tokenf0
#   tone    DISTILL_TOKEN_F0=tone (a token follows its tone's mean contour)   .ckpt/data_tonef0
# Every arm validates on the same fixed set (the served teacher's targets: what the student is meant to match) and
# starts from one pitch/energy scale (the student's kokoro_stats.json). The judge is the recognizer on the CPU
# afterwards (`asr_eval.py`, all nine speakers), not the validation error: the token arms learn other targets.
# Back in $OUT: each arm's last checkpoint (<arm>_am_last.pth: the same minutes for every arm), the logs
# (f0ab.log, logs.tgz), kokoro_stats.json.
# Carry first as train_ms_gpu.sh's header says (the stack, misaki and the corpus, the Kokoro parts, the student).
# usage: SEED=11 MINUTES=7 [ARMS="served token tone"] [KSENT=600] [BSENT=600] OUT=/tmp/out bash recipes/distill/f0_ab_gpu.sh
set -uo pipefail
source recipes/distill/ms_setup.sh
ARMS=${ARMS:-"served token tone"}
dir_of() { case $1 in served) echo .ckpt/data;; token) echo .ckpt/data_tokenf0;; tone) echo .ckpt/data_tonef0;; esac; }
f0_of() { case $1 in served) echo "";; *) echo "$1";; esac; }
common=(--stage am --device cuda --resume .ckpt --kokoro weights/kokoro --kokoro-sentences "${KSENT:-600}"
        --kokoro-per-sentence 2 --baker-sentences "${BSENT:-600}" --seed "${SEED:-11}" --held 128
        --eval-every "${EVAL_EVERY:-60}" --self-fed)
export DISTILL_BF16=0 DISTILL_AM_FRAMES=${AM_FRAMES:-3000} DISTILL_AM_LR=${AM_LR:-0.0003} DISTILL_SELF_FED_PASSES=2
step "label each arm's data side by side (each its own fixed validation set; the served one replaces the others below)"
# one pitch/energy scale for every arm: the student's (else each arm's labelling would set its own)
[ -f .ckpt/data/kokoro_stats.json ] || { echo "no .ckpt/data/kokoro_stats.json: carry the student first" >&2; exit 2; }
pids=()
for arm in $ARMS; do
  d=$(dir_of "$arm"); mkdir -p "$d"
  [ "$d" != .ckpt/data ] && cp .ckpt/data/kokoro_stats.json "$d/" 2>/dev/null
  env DISTILL_TOKEN_F0="$(f0_of "$arm")" python3 recipes/distill/distill.py train --out "/tmp/f0ab_label_$arm" \
    --minutes 0 --data-cache "$d" "${common[@]}" > "/tmp/f0ab_label_$arm.log" 2>&1 &
  pids+=($!)
done
wait "${pids[@]}"
for arm in $ARMS; do echo "--- $arm"; grep -E "items|fixed validation|Error|error" "/tmp/f0ab_label_$arm.log" | tail -4; done
# one validation set for all: the served teacher's (a token arm labelled its own with its curve: replaced)
for arm in $ARMS; do d=$(dir_of "$arm"); [ "$d" != .ckpt/data ] && cp .ckpt/data/val_fixed.pt "$d/"; done
step "train side by side for ${MINUTES:-7} minutes: $ARMS"
pids=()
for arm in $ARMS; do
  rm -rf "/tmp/f0ab/$arm"
  env DISTILL_TOKEN_F0="$(f0_of "$arm")" timeout $(( ${MINUTES:-7} * 60 + 120 )) python3 recipes/distill/distill.py \
    train --out "/tmp/f0ab/$arm" --minutes "${MINUTES:-7}" --data-cache "$(dir_of "$arm")" "${common[@]}" \
    > "/tmp/f0ab_$arm.log" 2>&1 &
  pids+=($!)
done
wait "${pids[@]}"
for arm in $ARMS; do
  { echo "--- $arm"; grep -E "validation|done|Error|error" "/tmp/f0ab_$arm.log" | tail -8; } | tee -a "$OUT/f0ab.log"
  [ -f "/tmp/f0ab/$arm/am_last.pth" ] && cp "/tmp/f0ab/$arm/am_last.pth" "$OUT/${arm}_am_last.pth"
done
# at most 8 files come back: each arm's last checkpoint, the logs, the scale, gpu.txt (the best-by-validation
# am.pth stays in /tmp/f0ab/<arm>/: session 26's were all the starting point)
cp .ckpt/data/kokoro_stats.json "$OUT/" 2>/dev/null
tar czf "$OUT/logs.tgz" -C /tmp $(cd /tmp && ls f0ab_*.log)
ls -la "$OUT"
step done
