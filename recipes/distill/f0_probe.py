"""Does a Kokoro teacher stay intelligible when its f0 carries only what the student is given? (issue 19, a CPU probe)

The student Sambert is given one pitch value per KAN-TTS token (the mean log f0 over the token's voiced frames),
while Kokoro's decoder draws its harmonics from a frame-level f0 curve that its own predictor makes. Where that
curve moves within a token, the harmonics in the teacher's mel are not a function of what the student sees, and an
L1-trained decoder smears them (session 25: the student's mel has 1.5-3x less detail along frequency than its
male teachers' below ~2 kHz, `gv_probe.py`). If the teacher spoke from a curve made only of its token means
(constant over each token's voiced frames, then smoothed), its mel would be learnable exactly; this probe writes,
for each sentence and speaker, the teacher as served and the teacher re-vocoded from that curve (`tokenf0`), and
from that curve with each token following its tone's template (`tonef0`: the tone's typical movement, which the
token curve flattens 3-4 fold), for `asr_eval.py transcribe` to score side by side.

usage: PYTHONPATH=src python recipes/distill/f0_probe.py --weights DIR --speakers zm_yunyang,zf_xiaoni \
    --texts recipes/distill/fresh_test.txt --out OUT [--smooth 5] [--variants served,tokenf0,tonef0]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))
import distill  # noqa: E402  (puts ROOT/src on sys.path)
import kokoro_teacher  # noqa: E402


@torch.inference_mode()
def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--weights", required=True, help="a folder holding kokoro/")
    ap.add_argument("--speakers", required=True)
    ap.add_argument("--texts", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--smooth", type=int, default=5, help="moving average of the token curve, student frames")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--variants", default="served,tokenf0,tonef0",
                    help="served (as labelled), tokenf0 (token means), tonef0 (token means + tone templates)")
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    import soundfile as sf

    from ttsserve.pipeline.base import AcousticInput, Prosody

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    texts = distill.read_texts(args.texts)
    per_text = [distill.sentences([t]) for t in texts]
    teacher = kokoro_teacher.KokoroTeacher(Path(args.weights) / "kokoro", f0_curve="served")
    c = teacher.acoustic.cfg.hidden_dim
    hop = teacher.vocoder.hop_length
    rows, t0 = [], time.perf_counter()
    tags = args.variants.split(",")
    for speaker in args.speakers.split(","):
        for i, sents in enumerate(per_text):
            if len(sents) != 1:
                continue
            sentence = sents[0]
            inp = AcousticInput(symbol_ids=tuple(teacher.symbols.encode(sentence)),
                                speaker_id=teacher.speakers[speaker], prosody=Prosody())
            res = teacher.acoustic.infer([inp])[0]
            a, b = res.edges
            lead, durs = teacher.aligned(sentence, res)
            end = res.mel.shape[0] - b
            f0 = res.mel[a:end, c : c + 2].reshape(-1).float().cpu()
            flat = kokoro_teacher.token_curve(f0, lead, durs, args.smooth)
            toned = kokoro_teacher.token_curve(f0, lead, durs, args.smooth, tones=[t[1] for t in
                                               teacher.kantts.tokens(sentence)],
                                               templates=teacher.tone_templates(teacher.speakers[speaker]))
            curves = {"served": None, "tokenf0": flat, "tonef0": toned}
            variants = []
            for tag in tags:
                changed = res.mel
                if curves[tag] is not None:
                    changed = res.mel.clone()
                    changed[a:end, c : c + 2] = curves[tag].view(-1, 2).to(changed.dtype)
                variants.append(changed)
            # as `label_many` makes a label: the whole call vocoded, its silent edges cut from the waveform
            wavs = teacher.vocoder.infer_batch([m.to(teacher.acoustic.device) for m in variants])
            for tag, wav in zip(tags, wavs):
                wav = wav.float().flatten().cpu()[a * hop : end * hop].numpy()
                voice = f"{tag}:{speaker}"
                name = f"{tag}-{speaker}_neutral_{i:02d}.wav"
                sf.write(out / name, wav, distill.SR, subtype="PCM_16")
                rows.append(dict(file=name, voice=voice, emotion="neutral", index=i, text=texts[i],
                                 seconds=round(len(wav) / distill.SR, 3)))
            for row, tag in zip(rows[-len(tags):], tags):
                if curves[tag] is None:
                    continue
                moved = (f0 - curves[tag]).abs()[f0 > kokoro_teacher.VOICED_HZ]
                row["f0_moved_hz_median"] = round(float(moved.median()), 2) if moved.numel() else 0.0
        print(f"{speaker}: {len(texts)} sentences ({time.perf_counter() - t0:.0f} s)", flush=True)
    voices = sorted({r["voice"] for r in rows})
    (out / "manifest.json").write_text(json.dumps(dict(
        texts=texts, voices=voices, emotions=["neutral"], sample_rate_hz=distill.SR, clips=rows,
        synth=dict(command=" ".join([sys.executable, *sys.argv]), device=f"cpu ({args.threads} threads)",
                   engine="Kokoro teacher (recipes/distill/kokoro_teacher.py), edges cut as served")),
        indent=1, ensure_ascii=False))
    print(f"{len(rows)} WAVs + manifest.json in {out}")


if __name__ == "__main__":
    main()
