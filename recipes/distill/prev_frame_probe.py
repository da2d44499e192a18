"""How much the student's decoder draws from the previous frame it is fed (issue 19, session 30).

Sessions 25 and 30 found the Kokoro students losing most of their words in one decoder step *given the teacher's own
previous frames and prosody* (`am-tfdec:` in asr_eval.py). This asks whether that step uses the previous frames at
all: the same teacher-forced decode with the previous frames as in training (`teacher`), replaced by zeros
(`zeros`), or by the teacher's frames from 30 frames earlier (`shifted`: the same speaker and sentence, the wrong
moment), beside the free-running decoder (`free`, its own frames). Per variant, over the speech frames of each
teacher item (the teacher's durations, pitch and energy given to every variant): the mean absolute difference from
the teacher's mel after the postnet (normalized shared-space units), and the teacher's spread of the mel's detail
along frequency (harmonics, formant peaks: gv_probe.freq_detail) over the output's. If `zeros` and `shifted` read as
`teacher`, the step draws its spectra from the text side alone.

usage: PYTHONPATH=src python recipes/distill/prev_frame_probe.py --weights DIR --folder NAME
           [--speakers zm_yunyang,...] [--texts recipes/distill/fresh_test.txt] [--sentences 20] [--json OUT]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

SHIFT_STEPS = 10  # decoder steps of 3 frames: `shifted` feeds the teacher's frames from 30 frames earlier


def main(argv: list[str] | None = None) -> int:
    import torch
    import torch.nn.functional as F

    import asr_eval
    import distill
    import gv_probe
    from ttsserve.pipeline import sambert
    from ttsserve.pipeline.base import StageSpec
    from ttsserve.voices import load_manifest

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--weights", required=True)
    ap.add_argument("--folder", required=True)
    ap.add_argument("--speakers", default="zm_yunyang,zf_xiaobei,zm_yunjian")
    ap.add_argument("--texts", default=str(HERE / "fresh_test.txt"))
    ap.add_argument("--sentences", type=int, default=20)
    ap.add_argument("--json")
    args = ap.parse_args(argv)
    torch.manual_seed(0)
    space = json.loads((HERE / "melspace.json").read_text())["slaney"]
    raw_mean, raw_std = torch.tensor(space["mean"]), torch.tensor(space["scale"])
    weights = Path(args.weights)
    texts = [t.strip() for t in Path(args.texts).read_text(encoding="utf-8").splitlines() if t.strip()][: args.sentences]
    per_text = [distill.sentences([t]) for t in texts]
    m = load_manifest(weights / args.folder)
    am = sambert.load(StageSpec(type=m.acoustic.type, voice_dir=m.dir, options=m.acoustic.options()), device="cpu")
    model = am.module
    report = {"command": "python recipes/distill/prev_frame_probe.py " + " ".join(argv if argv is not None else sys.argv[1:]),
              "folder": args.folder, "sentences": len(texts), "speakers": {}}
    for speaker in args.speakers.split(","):
        items = asr_eval.teacher_items(weights, speaker, "neutral", distill, per_text, {})
        sums: dict[str, list[float]] = {}
        for it in items:
            tok = it.tokens[None]
            n = tok.shape[1]
            full = lambda v: torch.full((1, n), v)  # noqa: E731
            with torch.inference_mode():
                enc = model.encode(tok, full(distill.EMOTION_IDS["neutral"]), full(m.speakers[speaker]),
                                   torch.tensor([n]), durations=it.durations[None], pitch=it.pitch[None].float(),
                                   energy=it.energy[None].float())
                frames = int(enc.frames[0])
                target = it.mel.float()[None, : enc.memory.shape[1] * 3]
                shifted = torch.cat([torch.zeros_like(target[:, : 3 * SHIFT_STEPS]), target], 1)[:, : target.shape[1]]
                fed = {"teacher": target, "zeros": torch.zeros_like(target), "shifted": shifted}
                outs = {name: distill.decode_teacher_forced(model, enc, mel).float().reshape(1, -1, 80)
                        for name, mel in fed.items()}
                outs["free"] = model.decode(enc)
                ref = it.mel.float()[:frames]
                speech = gv_probe.speech_frames(ref, raw_mean, raw_std)
                for name, dec in outs.items():
                    mel = model.postnet(dec, enc.frames)[0, :frames].float()
                    k = min(len(mel), len(ref))
                    a, b = mel[:k], ref[:k]
                    mask = speech[:k]
                    l1 = (a - b).abs()[mask].mean().item()
                    detail = (gv_probe.freq_detail(b)[mask].std() / gv_probe.freq_detail(a)[mask].std().clamp_min(1e-6)).item()
                    cos = F.cosine_similarity(a[mask], b[mask], dim=1).mean().item()
                    sums.setdefault(name, []).append((l1, detail, cos))
        report["speakers"][speaker] = {
            name: {"mel_l1": round(sum(v[0] for v in vals) / len(vals), 4),
                   "detail_ratio_teacher_over_output": round(sum(v[1] for v in vals) / len(vals), 3),
                   "frame_cosine": round(sum(v[2] for v in vals) / len(vals), 4)}
            for name, vals in sums.items()}
        print(speaker, json.dumps(report["speakers"][speaker]), flush=True)
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
