"""Speaker identity of served voices (issue 19's target for the distilled speakers): is each speaker's voice
closer to its own reference than to any other speaker's?

    .venv/bin/pip install -e '.[speaker-eval]' -c constraints.txt  # Resemblyzer: weights in the wheel
    .venv/bin/python recipes/distill/speaker_eval.py --weights DIR \
        --speakers baker,distill-baker,distill-baker-low,kokoro:zf_xiaobei,... --json OUT.json

Each speaker (`voice` or `voice:speaker`) says the same sentences (recipes/distill/fresh_test.txt, never used in
training); the project's engine makes them on the CPU. A speaker-verification encoder (Resemblyzer's
VoiceEncoder: 256-d embeddings of 16 kHz speech, its own resampling and silence trimming) embeds every
utterance; the first half of a speaker's sentences make its reference (the normalized mean embedding), the other
half are its test utterances. For every test utterance: the cosine similarity to every reference. Reported per
speaker: which reference its test utterances are closest to on average, the similarity to its own reference
(`own`), the best other (`other`, `other_speaker`) and the margin. `--pairs student=teacher,...` adds, for a
student, the same figures against its teacher's reference instead of its own (the target: the teacher is the
closest reference of all the others), and against the teachers alone (`margin_teachers`: own teacher minus the
closest other teacher; students of one model share its artefacts and sit close to each other).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]


def read_texts(path: Path) -> list[str]:
    return [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip() and not ln.startswith("#")]


def synthesize(weights: Path, specs: list[str], texts: list[str], threads: int) -> dict[str, list[tuple]]:
    """spec -> [(audio float32, sample rate)] for every text, by the project's engine on the CPU."""
    import torch

    sys.path.insert(0, str(ROOT / "src"))
    from ttsserve.engine.engine import Engine, SynthesisRequest
    from ttsserve.settings import load_settings
    from ttsserve.telemetry import Telemetry

    torch.set_num_threads(threads)
    voices = sorted({s.split(":")[0] for s in specs})
    engine = Engine(load_settings(device="cpu", warmup=False, torch_threads=threads, weights_dir=weights,
                                  voices=voices, default_voice=voices[0], frontend_processes=0), Telemetry())
    engine.start()
    out: dict[str, list[tuple]] = {}
    try:
        for spec in specs:
            voice, _, speaker = spec.partition(":")
            t0 = time.perf_counter()
            out[spec] = []
            for text in texts:
                r = asyncio.run(engine.synthesize(SynthesisRequest(text=text, voice=voice, speaker=speaker or None)))
                out[spec].append((r.audio, r.sample_rate_hz))
            print(f"{spec}: {len(texts)} sentences in {time.perf_counter() - t0:.1f} s", flush=True)
    finally:
        engine.stop()
    return out


def scores(embeds: dict[str, np.ndarray], pairs: dict[str, str]) -> dict:
    """embeds: spec -> (n, 256) unit embeddings (first half reference, second half test)."""
    refs, tests = {}, {}
    for spec, e in embeds.items():
        half = len(e) // 2
        ref = e[:half].mean(0)
        refs[spec] = ref / np.linalg.norm(ref)
        tests[spec] = e[half:]
    names = list(embeds)
    matrix = {a: {b: float(np.mean(tests[a] @ refs[b])) for b in names} for a in names}
    rows = {}
    for a in names:
        own_name = pairs.get(a, a)
        others = {b: v for b, v in matrix[a].items() if b not in (a, own_name)}
        other = max(others, key=others.get)
        rows[a] = {"reference": own_name, "own": round(matrix[a][own_name], 4), "other": round(others[other], 4),
                   "other_speaker": other, "margin": round(matrix[a][own_name] - others[other], 4),
                   "closest": max((b for b in names if b != a or own_name == a), key=lambda b: matrix[a][b])}
        if a in pairs:  # a student: also against the real speakers alone (the teachers; other students left out)
            real = {b: v for b, v in others.items() if b not in pairs}
            if real:
                best = max(real, key=real.get)
                rows[a].update(other_teacher=best, other_teacher_sim=round(real[best], 4),
                               margin_teachers=round(matrix[a][own_name] - real[best], 4))
    return {"per_speaker": rows, "matrix": {a: {b: round(v, 4) for b, v in r.items()} for a, r in matrix.items()}}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--weights", default=str(ROOT / "weights"), help="a weights folder with every voice named")
    ap.add_argument("--speakers", required=True, help="comma-separated voice or voice:speaker")
    ap.add_argument("--pairs", default="", help="student=teacher,... (scored against the teacher's reference)")
    ap.add_argument("--texts", default=str(HERE / "fresh_test.txt"))
    ap.add_argument("--sentences", type=int, default=8, help="per speaker (half reference, half test)")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--json")
    args = ap.parse_args()
    from resemblyzer import VoiceEncoder, preprocess_wav

    specs = args.speakers.split(",")
    pairs = dict(p.split("=") for p in args.pairs.split(",") if p)
    texts = read_texts(Path(args.texts))[: args.sentences]
    audio = synthesize(Path(args.weights), specs, texts, args.threads)
    encoder = VoiceEncoder("cpu", verbose=False)
    embeds = {spec: np.stack([encoder.embed_utterance(preprocess_wav(a.astype(np.float32), source_sr=sr))
                              for a, sr in clips]) for spec, clips in audio.items()}
    result = scores(embeds, pairs)
    result.update(sentences=len(texts), texts=args.texts, speakers=specs, pairs=pairs,
                  encoder="Resemblyzer 0.1.4 VoiceEncoder (GE2E, 256-d, 16 kHz), cosine similarity",
                  command=" ".join([Path(sys.executable).name, *sys.argv]))
    for spec, row in result["per_speaker"].items():
        print(f"{spec:28s} own({row['reference']}) {row['own']:.3f}  best other {row['other']:.3f} "
              f"({row['other_speaker']})  margin {row['margin']:+.3f}"
              + (f"  | best other teacher {row['other_teacher_sim']:.3f} ({row['other_teacher']}) margin "
                 f"{row['margin_teachers']:+.3f}" if "margin_teachers" in row else ""))
    if args.json:
        Path(args.json).write_text(json.dumps(result, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
