#!/usr/bin/env bash
# Issue 19, part 2, on the lent GPU machine: one call of a training run spread over several calls and sessions.
# The multi-speaker student (Baker + the 8 Kokoro speakers, `distill.py train --kokoro`) trains for $MINUTES
# minutes (AM and vocoder side by side: STAGE=both), resumed from .ckpt/ (am.pth, voc.pth, mpd.pth) when it is
# there: the first call on a machine unexports the shipped distill-baker into it (WARM=0: start from nothing), and
# every call leaves its checkpoints there for the next call on the same warm machine. Its checkpoints also land
# in $OUT/run (voc.pth 8 MB at 256 wide; am.pth, am_last.pth and SNAPSHOTS's am_s*.pth, 18.7 MB each since session
# 28, as one tar in 15 MB parts $OUT/amp.NN, since a file may take back 16 MiB at most; the discriminator, mpd.pth,
# stays on the machine).
# What the warm machine needs first, one command each (what earlier commands left stays while it is warm).
# Session 26, five carries: move bench/results/ and weights/distill-baker/ out of the working tree while carrying
# (the device copies the working tree; training needs neither: the student comes from .ckpt-from, Baker's teacher
# is weights/baker), which leaves ~35 MiB a command: `kokoro_parts.py pack ... --part-mb 16` (7 parts), carried
# two a command; then [part06, count, whl, stu.00-02] in one; then [".whl", ".whl2"] with the training command
# itself (jieba as .whl2/jieba_small.tar.xz, below). Put both folders back before anything is committed.
# Since session 28 the student (12 decoder blocks of 1,024) is 26 MB, four parts: [part06, count, whl, stu.00-03].
# Session 43, three carries: weights/baker/ out too for the carry-only commands (the tree is then 7 MB), 16 MiB parts,
# [part00-02, count], [part03-05], [part06, whl, stu.00, stu.01, .whl, .whl2] (the student's tar split at 16 MiB), then
# weights/baker/ back for the training commands, which carry nothing.
# Until session 25, with the whole tree:
#   (session 23: the tracked tree is 54 MiB, 56.6 MB in disk blocks, which the limit counts; parts are 8 MiB)
#   carry [".whl2", ".kparts/stu.02"]     jieba's files (.whl2/jieba_small.tar.xz, 3.2 MiB) and the student's last part
#   carry [".whl"] and run `source bench/gpu_lib.sh` once (any bench/*_gpu.sh does): the serving stack into /tmp/site
#   carry [".kparts/whl", ".kparts/count", ".kparts/part12"]   misaki and the corpus (4.4 MB; installed below)
#                                        beside the last, small Kokoro part
#   carry [".kparts/partNN"] x 12        the Kokoro voice (`recipes/distill/kokoro_parts.py pack weights/kokoro .kparts
#                                        --part-mb 8`: 12 MiB parts no longer fit beside the tree, session 23)
#   carry [".kparts/stu.00"], [".kparts/stu.01"]   the last session's student (`bash recipes/distill/ckpt_git.sh
#                                        restore`, then `tar cf - .ckpt-from | split -b 8388608 -d - .kparts/stu.`;
#                                        20 MB with the 256-wide vocoder; ms_setup.sh puts it together)
#   carry [".ckpt/am.pth"], then [".ckpt/voc.pth", ".ckpt/mpd.pth"]   a previous call's checkpoints, if any
# MINUTES is the whole training command's time, labelling included (the data is labelled once per SEED into
# .ckpt/data and kept for later calls on the same machine); a device call may run 600 s: MINUTES=8 leaves ~60 s
# for the install, the join and the unexport.
# With STAGE=both the data also grows while they train (`--grow`: composed text labelled part after part into
# .ckpt/data by a third process, every part taken in by both trainers as it lands; GROW texts, 0 = off).
# KPER: Kokoro speakers a sentence (2 unless set); KSENT=4253 with KPER=3 gives each speaker ~1,600 of the corpus's
# training sentences in one seed (session 50: more data per speaker for the acoustic model's one-step loss)
# usage (SEED picks the Kokoro-labelled sentences and the composed texts: a new one per call):
#   SEED=1 MINUTES=8 STAGE=both [VOC_CHANNELS=256] GROW=20000 [GTA=0.5] OUT=/tmp/out bash recipes/distill/train_ms_gpu.sh
set -uo pipefail
source recipes/distill/ms_setup.sh  # the stack, misaki, the Kokoro voice, .ckpt/ from the last student
# VOC_CHANNELS wider than .ckpt/voc.pth: the vocoder is widened first (`distill.py widen`: the same waveform, its
# copied channels parted by training; session 19: the 128-wide one's copy-synthesis errors had stopped falling)
voc=(); if [ -n "${VOC_CHANNELS:-}" ]; then voc=(--voc-channels "$VOC_CHANNELS")
  [ -f .ckpt/voc.pth ] && { python3 recipes/distill/distill.py widen --run .ckpt --channels "$VOC_CHANNELS" || exit 1; }; fi
resume=()
[ -f .ckpt/am.pth ] || [ -f .ckpt/voc.pth ] && resume=(--resume .ckpt) && ls -la .ckpt
# STAGE=both: a third process labels GROW composed texts part after part while the two train (GROW=0: off)
grow=(); [ "${STAGE:-both}" = both ] && [ "${GROW:-20000}" != 0 ] && grow=(--grow "${GROW:-20000}")
# GTA=SHARE: that share of the vocoder's windows read the resumed acoustic model's own mels, aligned with the
# teacher's waveforms (`--gta resume`; the whole student's errors are the vocoder reading the AM's smoothed spectra).
# Session 45 (against session 44's calls as the control): GTA=0.5 twice, the whole student -0.64 points with copy
# synthesis unchanged; a third call at GTA=1.0, -0.95 in all with copy synthesis +0.5 (docs/benchmarks.md)
gta=(); [ -n "${GTA:-}" ] && [ "${GTA}" != 0 ] && [ -f .ckpt/am.pth ] && gta=(--gta resume --gta-share "$GTA")
# batches, as measured: session 11 (no growing data) ran the acoustic model at 12,000 frames a batch, 4.9 steps a
# second, the vocoder at 24 windows, 12 steps a second; session 13 doubled both (with the labeller beside them):
# the vocoder made 9.5 steps a second of 48 (+58% windows a second), the acoustic model 1.9 of 24,000 frames (-22%
# frames a second, its steps more than halved): the acoustic model is back at 12,000, the vocoder stays at 48.
# Session 14 at 12,000: 2.3 steps a second beside the vocoder and the labeller, 9.7 alone (STAGE=am on the data
# the first call left in .ckpt/data): once a machine has its data, the acoustic model trains faster alone
# ANNEAL=1: learning rates decay linearly to 5% over the call (`--anneal`; a later call without it goes on at the
# rate of the model's step count: the peak (AM_LR) falling linearly to a tenth of it at step 20,000)
extra=(); [ "${ANNEAL:-0}" = 1 ] && extra+=(--anneal)
# SELF_FED=1: the acoustic model also trains on a second pass fed its own frames (`--self-fed`, against exposure
# bias: session 13 measured 4.6-5.1 points of syllable errors between its teacher-fed and its free-running decoder;
# session 20, in float32: validation 0.2168 -> 0.2075 where the plain recipe stayed at 0.216). SELF_FED=2 (or more):
# that many passes, each fed the one before (DISTILL_SELF_FED_PASSES)
[ "${SELF_FED:-0}" != 0 ] && extra+=(--self-fed) && export DISTILL_SELF_FED_PASSES=$SELF_FED
# AM_LR: the acoustic model's peak learning rate (3e-4 since session 19; it falls with the model's step count). A call resumed on the
# same warm machine also resumes AdamW's moments (.ckpt/am_opt.pth, of the same step as .ckpt/am.pth; ~50 MB, so
# it stays on the machine and is not in $OUT). Session 18: the validation error rose with or without them, at 1e-3
# or 3e-4 (recipes/distill/README.md, "Session 18's device run").
# BF16=1: the trainers under bfloat16 autocast (the default until session 19); PRENET_DROPOUT: the decoder
# prenet's dropout in training (0.5). Session 19 (ab_am_gpu.sh, four variants side by side from one checkpoint):
# under bfloat16 the served decoder's validation error went 0.238 -> 0.60-0.70 within 200-400 steps at either batch
# and rate, teacher-forced too (0.135 -> 0.39-0.56); in float32 it fell (0.218 at 3,000 frames and 3e-4, 0.225 at
# 12,000 and 1e-3): bfloat16 was what spoiled sessions 14-18's calls. So float32, 3,000-frame batches, 3e-4.
# TOKEN_F0=1 (session 25): the Kokoro teachers speak from their token f0 curve (kokoro_teacher.token_curve), so
# their harmonics follow what the student is given; TOKEN_F0=tone: the same, each token following its tone's
# template (the tone's typical movement); labelled into a data cache of their own, on the same pitch scale
DATA=.ckpt/data
case "${TOKEN_F0:-0}" in
  0) ;;
  1|token) export DISTILL_TOKEN_F0=token; DATA=.ckpt/data_tokenf0 ;;
  tone) export DISTILL_TOKEN_F0=tone; DATA=.ckpt/data_tonef0 ;;
  *) echo "TOKEN_F0=$TOKEN_F0: 0, 1 (token) or tone" >&2; exit 2 ;;
esac
if [ "$DATA" != .ckpt/data ]; then
  mkdir -p "$DATA" && { [ -f "$DATA/kokoro_stats.json" ] || cp .ckpt/data/kokoro_stats.json "$DATA/" 2>/dev/null || true; }
fi
export DISTILL_BF16=${BF16:-0} DISTILL_PRENET_DROPOUT=${PRENET_DROPOUT:-0.5}
# The vocoder's window: DISTILL_VOC_SEG frames scored after DISTILL_VOC_CTX of causal context (40 and 32 unless set);
# DISTILL_MPD_BF16=1 runs the discriminators alone in bfloat16, DISTILL_CUDNN_BENCHMARK=1 lets cuDNN pick its
# algorithms. Session 44 (recipes/distill/voc_speed_probe.py, H100): 96 windows of 40 scored 21,180 frames a second,
# 48 of 80 26,923 (+27%), bfloat16 for everything 30,455 (+44%, untried on quality), the discriminators in bfloat16 +2%,
# cuDNN's search nothing; two calls at 48 x 80 (DISTILL_VOC_SEG=80 VOC_BATCH=48) left copy synthesis where it was
# SNAPSHOTS=N (STAGE=am): N-1 more acoustic checkpoints at even times through the call (am_sSTEP.pth, am_last.pth the N-th),
# brought back with am.pth and am_last.pth to be chosen among by the recognizer on this machine's CPU afterwards
# (`asr_choose.py` on `fresh_choose.txt`); the returned voc.pth is then left out (STAGE=am does not change it; it
# is the one resumed from), so that SNAPSHOTS=3 returns 4 checkpoints (75 MB) in 5 parts beside train.log,
# kokoro_stats.json and one file of the caller's: the 8 a call may take back
export DISTILL_AM_SNAPSHOTS=${SNAPSHOTS:-0}
export DISTILL_AM_FRAMES=${AM_FRAMES:-3000} DISTILL_VOC_BATCH=${VOC_BATCH:-48} DISTILL_AM_LR=${AM_LR:-0.0003}
step "train ${STAGE:-both}, ${MINUTES:-8} minutes (AM batch $DISTILL_AM_FRAMES frames, vocoder batch $DISTILL_VOC_BATCH)"
timeout $(( ${MINUTES:-8} * 60 + 60 )) python3 recipes/distill/distill.py train --out "$OUT/run" --device cuda \
  --minutes "${MINUTES:-8}" --stage "${STAGE:-both}" --kokoro weights/kokoro --kokoro-sentences "${KSENT:-600}" \
  --kokoro-per-sentence "${KPER:-2}" --baker-sentences "${BSENT:-1500}" --data-cache "$DATA" --seed "${SEED:-1}" "${voc[@]}" "${resume[@]}" "${grow[@]}" "${gta[@]}" "${extra[@]}" > "$OUT/train.log" 2>&1
tail -30 "$OUT/train.log"
ls -la "$OUT/run"
# the next call on this warm machine resumes from here without carrying anything
mkdir -p .ckpt && for f in am.pth voc.pth mpd.pth; do [ -f "$OUT/run/$f" ] && cp "$OUT/run/$f" .ckpt/; done
[ -f "$OUT/run/am_opt.pth" ] && mv "$OUT/run/am_opt.pth" .ckpt/  # the moments of .ckpt/am.pth (not brought back)
# the scale the targets were made on: bring it back with the checkpoints (`ckpt_git.sh save` keeps it beside the export)
[ -f "$DATA/kokoro_stats.json" ] && cp "$DATA/kokoro_stats.json" "$OUT/run/"
# at most 8 files come back: what stays on the machine (mpd.pth) and the per-process logs (train.log holds their
# lines) go, so that the acoustic parts, voc.pth and kokoro_stats.json do (session 18's first call lost voc.pth)
rm -f "$OUT/run/mpd.pth" "$OUT"/run/train_*.log
rm -rf "$OUT/run/last"  # (the last step with its moments: .ckpt/ keeps what the next call needs)
# since session 28 the acoustic model is 18.7 MB, over the 16 MiB a file may take back (session 50's first call lost its
# am.pth that way): the acoustic checkpoints travel as one tar in 15 MB parts, joined where they land with
# `cat amp.* | tar xf - -C RUN`
if [ "${SNAPSHOTS:-0}" -gt 1 ] && [ "${STAGE:-both}" = am ]; then rm -f "$OUT/run/voc.pth"; fi
if [ -f "$OUT/run/am.pth" ]; then
  (cd "$OUT/run" && tar cf - am.pth $(ls am_last.pth am_s*.pth 2>/dev/null) | split -b 15000000 -d - "$OUT/amp.") \
    && rm -f "$OUT/run/am.pth" "$OUT/run/am_last.pth" "$OUT"/run/am_s*.pth
fi
step done
