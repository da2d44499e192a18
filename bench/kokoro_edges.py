"""The silence Kokoro puts around each call, and what the served voice keeps of it (`edge_silence_s`).

Two parts, on the CPU, from the converted voice (`weights/kokoro`):

1. Calls: every speaker says `--sentences` sentences of a text file (default: the distillation recipe's 50 fresh
   test sentences) plus a few short ones that start with a fricative or an aspirate and end with a particle (the
   places a trim could cut into sound). For each call: the model's own silence before the first and after the last
   10 ms frame within `--floor-db` of the call's loudest (what a listener hears as silence), the seconds the
   stage's edges leave out, and the loudest 10 ms frame among the samples left out, in dB relative to the call's
   loudest frame (how much sound the trim could have cut). For the first `--cut-probe` calls of each speaker, the
   other way it could be done: the decoder given only the heard frames' features. Its speech (frames within 30 dB
   of the loudest) against the served one: the level difference in dB and the mean log-mel distance.
2. A text of three sentences per speaker through the engine, once with every frame heard (a copy of the voice with
   `edge_silence_s: null`) and once as served: the audio's length, its silence before the first and after the
   last sound, and the pauses between the sentences (`intelligibility.pause_runs`), the other voices beside them.

    python bench/kokoro_edges.py --json bench/results/kokoro_edges_cpu.json

`--clips DIR...` measures only the silence before the first and after the last sound of every wav in each folder
(e.g. `recipes/distill/asr_eval.py synth` output), per voice (the file name up to its last `_`).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import platform
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import torch
import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "recipes" / "distill"))  # melspace: the distillation's log mel

SHORT = ["是的。", "谢谢你。", "去吗？", "好吧。", "出发了吗？", "辛苦了。", "可以啊。", "她说什么？"]
PARAGRAPH = "今天天气不错。我们出去走走吧。你觉得怎么样？"


def frame_power(audio: np.ndarray, rate: int, frame_s: float = 0.01) -> np.ndarray:
    """Mean power of each `frame_s` frame."""
    hop = int(rate * frame_s)
    n = len(audio) // hop
    return np.mean(np.asarray(audio[: n * hop], dtype=np.float64).reshape(n, hop) ** 2, axis=1)


def frame_db(audio: np.ndarray, rate: int) -> np.ndarray:
    return 10 * np.log10(frame_power(audio, rate) + 1e-20)


def ends_s(audio: np.ndarray, rate: int, floor_db: float) -> tuple[float, float]:
    """Seconds of silence before the first and after the last frame within `floor_db` of the loudest."""
    db = frame_db(audio, rate)
    sound = np.flatnonzero(db >= db.max() + floor_db)
    if len(sound) == 0:
        return 0.0, 0.0
    return round(float(sound[0]) * 0.01, 3), round(float(len(db) - 1 - sound[-1]) * 0.01, 3)


def cut_probe(served: np.ndarray, cut: np.ndarray, rate: int) -> dict:
    """The decoder given only the heard frames (`cut`) against the served audio, over the served speech frames."""
    import melspace

    n = min(len(served), len(cut))
    a, b = (melspace.log_mel(torch.from_numpy(x[:n]).float()) for x in (served, cut))
    power = frame_power(served[:n], rate)
    speech = power >= power.max() * 1e-3  # within 30 dB of the loudest frame
    level = 10 * np.log10(np.mean(frame_power(cut[:n], rate)[speech]) / np.mean(power[speech]))
    loud = a.mean(1) > a.mean(1).max() - 3
    return {"cut_level_db": round(float(level), 2), "cut_log_mel_distance": round(float((a - b).abs()[loud].mean()), 3)}


def calls(args, voice_dir: Path) -> dict:
    from ttsserve.frontend import MandarinFrontend
    from ttsserve.pipeline.voice import LoadedVoice, Placement, SynthesisOptions, plan_calls
    from ttsserve.voices import load_manifest

    voice = LoadedVoice.load(load_manifest(voice_dir), Placement("cpu", "cpu", "float32"))
    hop, rate = voice.vocoder.hop_length, voice.vocoder.sample_rate_hz
    texts = [t.strip() for t in Path(args.texts).read_text(encoding="utf-8").splitlines() if t.strip()]
    texts = texts[: args.sentences] + SHORT
    fe = MandarinFrontend()
    rows = {}
    for speaker in voice.manifest.speakers:
        per = []
        for text in texts:
            plan = plan_calls(voice, fe.process(text), SynthesisOptions(speaker=speaker))
            for inp in plan.inputs:
                out = voice.acoustic.infer([inp])[0]
                wav = voice.vocoder.infer(out.mel).numpy()
                lead, tail = out.edges
                kept = wav[lead * hop : len(wav) - tail * hop]
                dropped = np.concatenate([wav[: lead * hop], wav[len(wav) - tail * hop :]])
                loudest = frame_db(wav, rate).max()
                before, after = ends_s(wav, rate, args.floor_db)
                kb, ka = ends_s(kept, rate, args.floor_db)
                probe = {}
                if len([r for r in per if "cut_level_db" in r]) < args.cut_probe and (lead or tail):
                    cut = voice.vocoder.infer(out.mel[lead : out.mel.shape[0] - tail]).numpy()
                    probe = cut_probe(kept, cut, rate)
                per.append({**probe,
                    "text": text, "seconds": round(len(wav) / rate, 3), "kept_s": round(len(kept) / rate, 3),
                    "silence_before_s": before, "silence_after_s": after, "kept_before_s": kb, "kept_after_s": ka,
                    "left_out_s": [round(lead * hop / rate, 3), round(tail * hop / rate, 3)],
                    "loudest_left_out_db": (round(float(frame_db(dropped, rate).max() - loudest), 1)
                                            if len(dropped) >= rate // 100 else None),
                })
        left = [r["loudest_left_out_db"] for r in per if r["loudest_left_out_db"] is not None]
        probes = [r for r in per if "cut_level_db" in r]
        rows[speaker] = {
            "calls": len(per),
            **{f"{k}_mean": round(float(statistics.mean(r[k] for r in per)), 3)
               for k in ("silence_before_s", "silence_after_s", "kept_before_s", "kept_after_s")},
            "audio_s": round(sum(r["seconds"] for r in per), 2),
            "kept_audio_s": round(sum(r["kept_s"] for r in per), 2),
            "loudest_left_out_db_max": max(left) if left else None,
            "features_cut_level_db": [r["cut_level_db"] for r in probes],
            "features_cut_log_mel_distance": [r["cut_log_mel_distance"] for r in probes],
            "per_call": per,
        }
        print(speaker, {k: v for k, v in rows[speaker].items() if k != "per_call"}, flush=True)
    return rows


def paragraphs(args, weights: Path, voices: list[tuple[str, str | None]]) -> dict:
    from intelligibility import pause_runs

    from ttsserve.engine.engine import Engine, SynthesisRequest
    from ttsserve.settings import load_settings
    from ttsserve.telemetry import Telemetry

    out = {}
    for label, folder in (("every_frame", args.plain_dir), ("served", weights)):
        engine = Engine(load_settings(device="cpu", warmup=False, weights_dir=folder, torch_threads=args.threads,
                                      default_voice="kokoro"), Telemetry())
        engine.start()
        try:
            for voice, speaker in voices:
                if label == "every_frame" and voice != "kokoro":
                    continue
                r = asyncio.run(engine.synthesize(SynthesisRequest(text=PARAGRAPH, voice=voice, speaker=speaker)))
                before, after = ends_s(r.audio, r.sample_rate_hz, args.floor_db)
                key = f"{voice}:{speaker}" if speaker else voice
                out.setdefault(key, {})[label] = {
                    "seconds": round(len(r.audio) / r.sample_rate_hz, 3), "silence_before_s": before,
                    "silence_after_s": after,
                    "pauses_s": [p[1] for p in pause_runs(r.audio, r.sample_rate_hz, floor_db=args.floor_db)]}
                print(key, label, out[key][label], flush=True)
        finally:
            engine.stop()
    return out


def clips(args) -> dict:
    import soundfile as sf

    out = {}
    for folder in args.clips:
        per: dict[str, list] = {}
        for path in sorted(Path(folder).glob("*.wav")):
            audio, rate = sf.read(path, dtype="float32")
            per.setdefault(path.stem.rsplit("_", 1)[0], []).append(ends_s(audio, rate, args.floor_db))
        out[folder] = {voice: {"clips": len(v), "silence_before_s_mean": round(float(np.mean([b for b, _ in v])), 3),
                               "silence_after_s_mean": round(float(np.mean([a for _, a in v])), 3)}
                       for voice, v in per.items()}
        for voice, row in out[folder].items():
            print(folder, voice, row, flush=True)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--weights", default=str(ROOT / "weights"))
    ap.add_argument("--texts", default=str(ROOT / "recipes" / "distill" / "fresh_test.txt"))
    ap.add_argument("--sentences", type=int, default=20)
    ap.add_argument("--floor-db", type=float, default=-45.0, help="silence: this far below the loudest 10 ms frame")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--cut-probe", type=int, default=4, help="calls per speaker also decoded from the heard frames only")
    ap.add_argument("--json")
    ap.add_argument("--clips", nargs="+", help="only: the silence at both ends of every wav in these folders")
    args = ap.parse_args()
    if args.clips:
        result = {"command": "python bench/kokoro_edges.py " + " ".join(sys.argv[1:]), "floor_db": args.floor_db,
                  "clips": clips(args)}
        if args.json:
            Path(args.json).write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        return
    torch.set_num_threads(args.threads)
    weights = Path(args.weights)
    t0 = time.time()
    with tempfile.TemporaryDirectory() as tmp:
        plain = Path(tmp) / "kokoro"  # the same weights, every frame heard
        shutil.copytree(weights / "kokoro", plain, symlinks=True)
        manifest = yaml.safe_load((plain / "voice.yaml").read_text(encoding="utf-8"))
        manifest["acoustic"]["edge_silence_s"] = None
        (plain / "voice.yaml").write_text(yaml.safe_dump(manifest, allow_unicode=True, sort_keys=False),
                                          encoding="utf-8")
        args.plain_dir = Path(tmp)
        result = {
            "command": "python bench/kokoro_edges.py " + " ".join(sys.argv[1:]),
            "machine": f"{platform.machine()} {platform.processor() or ''}".strip() + f", torch {torch.__version__}, "
                       f"{args.threads} threads",
            "floor_db": args.floor_db,
            "calls": calls(args, weights / "kokoro"),
            "paragraph": PARAGRAPH,
            "paragraphs": paragraphs(args, weights, [("kokoro", s) for s in ("zf_xiaobei", "zm_yunjian")]
                                     + [("baker", None), ("distill-baker", None)]),
        }
    result["seconds"] = round(time.time() - t0, 1)
    if args.json:
        Path(args.json).write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
