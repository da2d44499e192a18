#!/usr/bin/env bash
# The multi-speaker student between sessions (issue 19), kept in git history and not in the tree.
# Why: the lent GPU machine and this one may both start bare (sessions 13-15's checkpoints, kept on the machines,
# were lost), so a training session's student must land in git; but every device command carries the tracked tree
# and at most 64 MiB in all (the tree is ~49 MiB; the Kokoro parts, 12 MiB each, travel one a command beside it),
# so a 14-20 MB student in the tree would leave no room for anything else to travel.
#   save DIR [MESSAGE]  DIR is a weights folder holding distill-zh/ (`distill.py export --run RUN --kokoro
#                       weights/kokoro --weights DIR`) and, if the run brought it back, kokoro_stats.json (each
#                       Kokoro speaker's pitch/energy scale, so that the next session's targets keep it): commit
#                       them under recipes/distill/ckpt/, then commit their removal together with
#                       recipes/distill/ckpt.ref, the first commit's hash
#   restore [DEST]      what the commit in ckpt.ref saved, into DEST (default .ckpt-from, ignored): DEST/distill-zh
#                       and DEST/kokoro_stats.json; carry [".ckpt-from"] to the GPU machine; train_ms_gpu.sh
#                       starts from it (FROM)
# Both work on the repository this script is in, from its root; save needs a clean index.
set -euo pipefail
cd "$(git -C "$(dirname "$0")" rev-parse --show-toplevel)"
REF=recipes/distill/ckpt.ref
STORE=recipes/distill/ckpt
case "${1:-}" in
  save)
    src=${2:?usage: ckpt_git.sh save DIR [MESSAGE]}
    [ -f "$src/distill-zh/voice.yaml" ] || { echo "no distill-zh/voice.yaml in $src" >&2; exit 2; }
    git diff --cached --quiet || { echo "the index has staged changes: commit them first" >&2; exit 2; }
    rm -rf "$STORE" && mkdir -p "$STORE" && cp -r "$src/distill-zh" "$STORE/"
    if [ -f "$src/kokoro_stats.json" ]; then cp "$src/kokoro_stats.json" "$STORE/"; fi
    git add -f "$STORE"
    msg=${3:-"distill: the multi-speaker student, checkpoint"}
    git commit -q -m "$msg" -m "Kept in history only: the next commit removes it from the tree; recipes/distill/ckpt_git.sh restore gets it back."
    hash=$(git rev-parse HEAD)
    git rm -r -q "$STORE"
    echo "$hash" > "$REF" && git add "$REF"
    git commit -q -m "distill: the student's checkpoint out of the tree again (recipes/distill/ckpt.ref -> ${hash:0:10})"
    echo "saved in $hash; $REF names it"
    ;;
  restore)
    dest=${2:-.ckpt-from}
    [ -f "$REF" ] || { echo "no $REF: nothing saved yet" >&2; exit 2; }
    hash=$(cat "$REF")
    rm -rf "$dest/distill-zh" "$dest/kokoro_stats.json" && mkdir -p "$dest"
    git archive "$hash" "$STORE" | tar x --strip-components=3 -C "$dest"
    echo "restored $hash:$STORE into $dest: $(ls "$dest" | tr '\n' ' ')"
    ;;
  *) echo "usage: ckpt_git.sh save DIR [MESSAGE] | restore [DEST]" >&2; exit 2 ;;
esac
