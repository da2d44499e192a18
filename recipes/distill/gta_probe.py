"""Probe: does fine-tuning a multi-speaker student's vocoder on its acoustic model's own aligned mels ("GTA":
teacher durations, pitch and energy, the decoder free-running) lower the whole student's syllable errors? Runs on a
CPU in about 45 minutes (session 12 had no GPU time); `distill.py train --gta` is the same idea inside the recipe.

1. N composed sentences (`textgen.py`, seed 77), each said by Baker (one of its four styles at random) and by one
   Kokoro speaker (--speaker, random styles), every mel from the waveform in the shared space;
2. the voice folder's acoustic model on each item, given the teacher's durations, pitch and energy (as
   `asr_eval.py`'s `am-tf:` mode), the teacher's lead-in before it;
3. the vocoder resumed from --resume (voc.pth, mpd.pth) trained for --minutes on every item twice, once with the
   teacher's mel and once with the model's (batch DISTILL_VOC_BATCH, default 8 here; adversarial from the start);
   the checkpoints land in OUT/run. `--control`: the same with the teacher's mel both times.

usage: PYTHONPATH=src python recipes/distill/gta_probe.py --voice WEIGHTS/distill-zh-s11 --resume RUN --out DIR
then:  cp RUN/am.pth DIR/run/ && python recipes/distill/distill.py export --run DIR/run --weights WEIGHTS
       --kokoro weights/kokoro --name distill-zh-gta, and asr_eval.py's synth/transcribe on the two speakers
       (whole, `copy:`, `am-tf:`) beside the same on the voice it started from.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).parent))
import distill  # noqa: E402
import kokoro_teacher  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--voice", required=True, help="the exported multi-speaker voice folder whose AM makes the mels")
    ap.add_argument("--resume", required=True, help="the run folder with its voc.pth and mpd.pth")
    ap.add_argument("--out", required=True)
    ap.add_argument("--kokoro", default="weights/kokoro")
    ap.add_argument("--speaker", default="zm_yunjian")
    ap.add_argument("--sentences", type=int, default=100)
    ap.add_argument("--minutes", type=float, default=35.0)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--control", action="store_true",
                    help="the control run: every item twice with the teacher's mel (the same data, no model mels)")
    args = ap.parse_args()
    from ttsserve.pipeline import sambert
    from ttsserve.pipeline.base import StageSpec
    from ttsserve.voices import load_manifest

    torch.set_num_threads(args.threads)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)

    def log(msg: str) -> None:
        print(f"[{time.strftime('%H:%M:%S')}] {msg}", flush=True)

    space = json.loads(Path(__file__).with_name("melspace.json").read_text())["slaney"]
    data = out / "items.pt"
    if not data.exists():
        sents = distill.composed_sentences(args.sentences, 77, log)
        rng = random.Random(5)
        items = distill.baker_items(distill.Teacher("cpu"), sents, rng, space)
        teacher = kokoro_teacher.KokoroTeacher(Path(args.kokoro), "cpu")
        names = list(teacher.speakers)
        styles = {i: rng.choice(list(distill.EMOTIONS)) for i in range(len(sents))}
        items += kokoro_teacher.to_items(teacher, sents, [args.speaker], space,
                                         speaker_base=1 + names.index(args.speaker), styles=styles)
        log(f"{len(items)} items")
        torch.save([it.__dict__ for it in items], data)
    items = [distill.Item(**d) for d in torch.load(data)]
    gta = out / "gta.pt"
    if not gta.exists():
        m = load_manifest(Path(args.voice))
        am = sambert.load(StageSpec(type=m.acoustic.type, voice_dir=m.dir, options=m.acoustic.options()), device="cpu")
        mels = distill.gta_mels(am.module, items, "cpu")  # what `train --gta` computes
        torch.save(mels, gta)
        log(f"the acoustic model's mels for {len(mels)} items")
    mels = torch.load(gta)
    both = []
    for it, g in zip(items, mels):
        both += [it, it if args.control else distill.Item(**{**it.__dict__, "mel_full": g})]
    run = out / "run"
    run.mkdir(exist_ok=True)
    os.environ.setdefault("DISTILL_VOC_BATCH", "8")
    os.environ.setdefault("DISTILL_ADV_FROM", "0")
    distill.train_voc(both, run, args.minutes, "cpu", Path(args.resume), log)


if __name__ == "__main__":
    main()
