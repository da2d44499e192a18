#!/usr/bin/env bash
# Issue 19, session 19: which of the device's training settings spoils the acoustic model's decoder? Session 18
# found that GPU calls made its free-running (served) decoder worse call after call while ten minutes of a CPU
# fine-tune (float32, 3,000-frame batches, peak 3e-4) mended it; the GPU calls differ in bfloat16 autocast and in
# their batch (12,000 frames, peak 1e-3). This runs VARIANTS side by side on the one GPU, every one from the same
# checkpoint (.ckpt/am.pth: the last session's student, as train_ms_gpu.sh unexports it), on the same data and
# batches' order (one SEED), each checking the fixed validation set every EVAL_EVERY seconds. The variant with the
# lowest validation error leaves its best am.pth (and its optimizer moments) in .ckpt/ for the next call, and in
# $OUT/best_am.pth; every variant's lines are in $OUT/ab.log.
# Carry first as train_ms_gpu.sh's header says (the stack, misaki and the corpus, the Kokoro parts, .ckpt-from).
# usage: SEED=5 MINUTES=6 [VARIANTS="name:bf16:frames:lr[:flags] ..."] [VOC_MINUTES=N] [LAST=1] [DEEPEN=12:1024] OUT=/tmp/out bash recipes/distill/ab_am_gpu.sh
# (flags: extra `distill.py train` arguments joined by "+", e.g. "sf:0:3000:0.0003:--self-fed"; with a DISTILL_*
# setting among them, "DISTILL_PRENET_DROPOUT=0.2+--self-fed", it goes to that variant's environment instead)
# A later call on the same machine goes on with a variant where it stopped, its last step and moments, by a new
# name: "ctl2:0:3000:0.0003:--resume+/tmp/ab/ctl/last" (/tmp/ab/ctl itself holds its best checkpoint, which may
# be the start: session 28)
set -uo pipefail
source recipes/distill/ms_setup.sh
VARIANTS=${VARIANTS:-"bf16_12k_1e-3:1:12000:0.001 fp32_12k_1e-3:0:12000:0.001 bf16_3k_3e-4:1:3000:0.0003 fp32_3k_3e-4:0:3000:0.0003"}
common=(--stage am --device cuda --resume .ckpt --kokoro weights/kokoro --kokoro-sentences "${KSENT:-600}"
        --kokoro-per-sentence 2 --baker-sentences "${BSENT:-1500}" --data-cache .ckpt/data --seed "${SEED:-5}"
        --held 128 --eval-every "${EVAL_EVERY:-60}")
step "label the data and the fixed validation set once (a one-step run, thrown away)"
python3 recipes/distill/distill.py train --out /tmp/ab_label --minutes 0 "${common[@]}" 2>&1 | grep -v "^\[.*am step" | tail -5
# DEEPEN=BLOCKS:INNER (session 27): .ckpt_deep/ gets the same student with its decoder deepened (`distill.py
# deepen`: the same mels to start with), for a variant that resumes from it: flags "--resume+.ckpt_deep"
if [ -n "${DEEPEN:-}" ]; then
  rm -rf .ckpt_deep && mkdir -p .ckpt_deep && cp .ckpt/am.pth .ckpt_deep/ \
    && python3 recipes/distill/distill.py deepen --run .ckpt_deep --layers "${DEEPEN%%:*}" --ffn "${DEEPEN##*:}" || exit 1
fi
step "train side by side for ${MINUTES:-6} minutes: $VARIANTS"
pids=()
# VOC_MINUTES=N: the vocoder (.ckpt/voc.pth) also trains beside them on the same data for N minutes, float32, 48
# windows a batch as train_ms_gpu.sh's STAGE=voc (session 23: one call where a lent machine may not last two); it
# stays in .ckpt/voc.pth and comes back as $OUT/voc.pth
if [ "${VOC_MINUTES:-0}" != 0 ]; then
  rm -rf /tmp/ab/voc; vargs=(); for a in "${common[@]}"; do [ "$a" = am ] && a=voc; vargs+=("$a"); done
  env DISTILL_BF16=0 DISTILL_VOC_BATCH="${VOC_BATCH:-48}" timeout $(( VOC_MINUTES * 60 + 120 )) \
    python3 recipes/distill/distill.py train --out /tmp/ab/voc --minutes "$VOC_MINUTES" "${vargs[@]}" \
    > /tmp/ab_voc.log 2>&1 &
  pids+=($!)
fi
for v in $VARIANTS; do
  IFS=: read -r name bf16 frames lr flags <<< "$v"
  envs=() args=()
  for f in ${flags//+/ }; do case $f in DISTILL_*=*) envs+=("$f");; *) args+=("$f");; esac; done
  rm -rf "/tmp/ab/$name"
  env DISTILL_BF16="$bf16" DISTILL_AM_FRAMES="$frames" DISTILL_AM_LR="$lr" "${envs[@]}" timeout $(( ${MINUTES:-6} * 60 + 120 )) \
    python3 recipes/distill/distill.py train --out "/tmp/ab/$name" --minutes "${MINUTES:-6}" "${common[@]}" "${args[@]}" \
    > "/tmp/ab_$name.log" 2>&1 &
  pids+=($!)
done
wait "${pids[@]}"
best="" best_l1=""
for v in $VARIANTS; do
  name=${v%%:*}
  { echo "--- $name ($v)"; grep -E "validation|done|Error|error" "/tmp/ab_$name.log"; grep " critic d " "/tmp/ab_$name.log" | tail -3
  } | tee -a "$OUT/ab.log"
  # LAST=1: every variant's last checkpoint too (<name>_am_last.pth: the same minutes each), for a judge other
  # than the validation error (the recognizer; session 27's mel critic sharpens what an L1 validation counts against)
  [ "${LAST:-0}" = 1 ] && [ -f "/tmp/ab/$name/am_last.pth" ] && cp "/tmp/ab/$name/am_last.pth" "$OUT/${name}_am_last.pth"
  l1=$(grep -o "best validation mel L1 [0-9.]*" "/tmp/ab_$name.log" | awk '{print $NF}')
  if [ -n "$l1" ] && { [ -z "$best_l1" ] || awk "BEGIN{exit !($l1 < $best_l1)}"; }; then best=$name best_l1=$l1; fi
done
step "lowest validation error: $best ($best_l1)"
if [ -n "$best" ]; then
  cp "/tmp/ab/$best/am.pth" .ckpt/am.pth
  # (with LAST=1 the variants' last checkpoints come back instead: at most 8 files return from a call, session 28)
  [ "${LAST:-0}" = 1 ] || cp "/tmp/ab/$best/am.pth" "$OUT/best_am.pth"
  [ -f "/tmp/ab/$best/am_opt.pth" ] && cp "/tmp/ab/$best/am_opt.pth" .ckpt/
  echo "$best" > "$OUT/best.txt"
fi
if [ "${VOC_MINUTES:-0}" != 0 ]; then
  { echo "--- vocoder"; grep -E "resumed|voc step .*(000|500) |done|Error|error" /tmp/ab_voc.log | tail -12; } | tee -a "$OUT/ab.log"
  [ -f /tmp/ab/voc/voc.pth ] && cp /tmp/ab/voc/voc.pth .ckpt/ && cp /tmp/ab/voc/voc.pth "$OUT/"
  [ -f /tmp/ab/voc/mpd.pth ] && cp /tmp/ab/voc/mpd.pth .ckpt/
fi
[ -f .ckpt/data/kokoro_stats.json ] && cp .ckpt/data/kokoro_stats.json "$OUT/"
# a device call brings back files of at most 16 MiB: the deeper decoder's checkpoints are 18.7 MB (session 28), so
# larger ones come back in parts (`cat NAME.pth.0* > NAME.pth` on the workstation). With LAST=1 and three variants that was
# six parts beside ab.log, best.txt, gpu.txt and kokoro_stats.json: ten files, and a call brings back eight (session 47 lost
# one variant's parts and fetched them with a second call). So the variants' last checkpoints travel as one tar cut into
# 15 MB parts (three variants: four), `cat last_am.tar.0* | tar xf -` on the workstation.
if [ "${LAST:-0}" = 1 ] && ls "$OUT"/*_am_last.pth >/dev/null 2>&1; then
  (cd "$OUT" && tar cf - ./*_am_last.pth | split -b 15000000 -d - last_am.tar. && rm ./*_am_last.pth)
fi
for f in "$OUT"/*.pth; do
  [ -f "$f" ] && [ "$(stat -c %s "$f")" -gt 16000000 ] && split -b 15000000 -d "$f" "$f." && rm "$f"
done
step done
