"""Session 18's CPU probe: fine-tune the multi-speaker student's acoustic model on a few hundred items labelled
here, then read the fixed validation set (as `train_am` does on the device). It showed that the decoder the GPU
calls had trained decodes twice as far from the teacher as served (eval mode) as in training mode, and that ten
minutes of this fine-tune mend it (0.573 -> 0.24 on the fixed set, both text sources, both dropout rates).

    PYTHONPATH=src python recipes/distill/cpu_finetune.py --resume RUN --out OUT --data-cache DIR \\
        --kokoro weights/kokoro [--source corpus|composed] [--minutes 10] [--self-fed] [--eval-every-s S]

RUN holds am.pth; DIR holds kokoro_stats.json (the run's pitch/energy scale) and gets val_fixed.pt and the items
(ft_<source>_seed<seed>.pt, labelled once). DISTILL_AM_LR, DISTILL_PRENET_DROPOUT and DISTILL_BF16 apply as in
`train` (session 19: DISTILL_BF16=1, the CPU's bfloat16 autocast, trains as float32 does here); so does
DISTILL_TOKEN_F0=1 or tone (session 25: the Kokoro teachers speak from their token f0 curve,
`kokoro_teacher.token_curve`, with the tones' templates for `tone`; the items are cached under their own name).
"""
from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))
import distill as d  # noqa: E402


def label(args, folder: Path) -> list:
    import kokoro_teacher
    import textgen

    name = f"ft_{args.source}_seed{args.seed}" + (f"_baker{args.baker_from}" if args.baker_from else "")
    if args.speakers:
        name += "_" + "-".join(args.speakers.split(","))
    curve = kokoro_teacher.f0_curve_from_env()
    if curve != "served":  # the teacher's waveforms from its token f0 curve: cached apart
        name += f"_{curve}f0"
    path = folder / f"{name}.pt"
    if path.exists():
        return [d.Item(**x) for x in torch.load(path, map_location="cpu", weights_only=False)]
    stats = d.cache_stats(folder)
    space = d.melspace_params()
    train = d.splits()[0]
    if args.source == "corpus":  # the first of the sentences the device's labelling of this seed picks
        sents = d.sentences(train)  # (`label_multi` with train_ms_gpu.sh's KSENT=600 sentences; more: a larger
        pick = random.Random(args.seed).sample(range(len(sents)), max(600, args.kokoro_sentences))  # sample)
        ksents = [sents[i] for i in sorted(pick[:600]) + sorted(pick[600:])][: args.kokoro_sentences]
    else:  # composed texts, as the device's labeller grows the data
        ksents = d.sentences(textgen.compose(textgen.templates(train), 2 * args.kokoro_sentences, args.seed))
        ksents = ksents[: args.kokoro_sentences]
    items = []
    if ksents:
        teacher = kokoro_teacher.KokoroTeacher(Path(args.kokoro), "cpu")
        only = args.speakers.split(",") if args.speakers else None
        items = d.kokoro_items(teacher, ksents, 1 if only else 2, random.Random(args.seed), space, "cpu", stats,
                               only=only)
        del teacher
    baker = train[args.baker_from : args.baker_from + args.baker_sentences]
    items += d.baker_items(d.Teacher("cpu"), d.sentences(baker),
                           random.Random(args.seed + 1000), space)
    d.save_cached(items, path)
    return items


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--resume", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--data-cache", required=True)
    ap.add_argument("--kokoro", required=True)
    ap.add_argument("--source", choices=("corpus", "composed"), default="corpus")
    ap.add_argument("--kokoro-sentences", type=int, default=100, help="each said by 2 Kokoro speakers")
    ap.add_argument("--speakers", default=None, help="only these Kokoro speakers, one a sentence in turn")
    ap.add_argument("--baker-sentences", type=int, default=100)
    ap.add_argument("--baker-from", type=int, default=0, help="the Baker sentences start here in the training split")
    ap.add_argument("--seed", type=int, default=2)
    ap.add_argument("--minutes", type=float, default=10.0)
    ap.add_argument("--eval-every-s", type=float, default=1e9, help="validation checks (default: start and end)")
    ap.add_argument("--also", nargs="*", default=[], help="more labelled item files (ft_*.pt) to train on")
    ap.add_argument("--frames", type=int, default=3000, help="mel frames per batch")
    ap.add_argument("--self-fed", action="store_true", help="as `train --self-fed` (DISTILL_SELF_FED_PASSES passes)")
    args = ap.parse_args()
    folder, out = Path(args.data_cache), Path(args.out)
    folder.mkdir(parents=True, exist_ok=True)
    out.mkdir(parents=True, exist_ok=True)
    torch.manual_seed(0)
    random.seed(0)
    items = label(args, folder)
    for path in args.also:  # items another seed labelled (the sentences differ)
        items += [d.Item(**x) for x in torch.load(path, map_location="cpu", weights_only=False)]
    args.device = "cpu"
    held = d.fixed_validation(args)
    d.train_am(d.bucketed_batches(items, target_frames=args.frames), out, args.minutes, "cpu", Path(args.resume),
               log=print, held=held, eval_every_s=args.eval_every_s, n_speakers=9, self_fed=args.self_fed)


if __name__ == "__main__":
    main()
