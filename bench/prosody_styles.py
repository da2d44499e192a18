"""What `pitch` and the emotion styles do to the audio: per voice, 10 sentences written for this benchmark,
synthesized through the engine in-process on the CPU (`ttsserve.engine.engine.Engine`, as a request arrives)
for every emotion of the voice and for pitch 0.8 / 1.0 / 1.2 / 1.5 (neutral), then measured
(bench/prosody_metrics.py: Praat autocorrelation f0):

    median f0 (Hz) and its ratio to neutral, f0 range (semitones, p10-p90 of voiced frames) and its ratio,
    level (dBFS RMS over active frames) and its difference, duration (s) and its ratio.

The emotions' `pitch_range` reaches the acoustic model through `plan_calls` in src/ttsserve/pipeline/voice.py
(since 3b2e05c). On an older tree this script wraps `plan_calls` in-process so that it does (the JSON records
`plan_calls_patched`: whether the wrapper changed anything); everything else is the engine as served.

usage: python bench/prosody_styles.py [--voices baker,distill-baker,kokoro:zm_yunjian,...] [--threads 2]
           [--pitches 0.8,1.0,1.2,1.5] [--weights DIR] [--json bench/results/prosody_styles_cpu.json]
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import json
import sys
import time
from pathlib import Path

import torch

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from prosody_metrics import relative, summarize  # noqa: E402

# Written for this benchmark (not from any corpus a voice was trained or calibrated on): statements, questions
# and exclamations of 9-24 characters, one frontend sentence each.
SENTENCES = [
    "今天下午的风有点大，出门记得多穿一件外套。",
    "你昨天借给我的那本小说，我已经看完了。",
    "这条路晚上很安静，路灯也比以前亮多了。",
    "我们下个月打算带孩子去海边住几天。",
    "请问去火车站应该坐哪一路公交车？",
    "真没想到，你做的红烧鱼这么好吃！",
    "他每天早上六点起床，先跑步再上班。",
    "会议推迟到周四上午，请大家互相转告。",
    "窗外的桂花开了，整个院子都是香味。",
    "别担心，事情总会慢慢好起来的。",
]
PITCHES = [0.8, 1.0, 1.2, 1.5]


def patch_plan_calls() -> bool:
    """Make `plan_calls` pass the emotion's pitch_range on (idempotent). True when the installed function did
    not already do so."""
    from ttsserve.engine import scheduler
    from ttsserve.pipeline import voice as voice_mod
    from ttsserve.pipeline.base import Prosody

    patch_plan_calls.needed = False
    if "pitch_range" not in Prosody.__dataclass_fields__:  # a tree from before pitch_range (the "before" table)
        return False
    original = voice_mod.plan_calls

    def plan_calls(voice, frontend_output, options, **kwargs):
        plan = original(voice, frontend_output, options, **kwargs)
        _, emotion = voice.manifest.emotion(options.emotion)
        first = len(kwargs["after"].inputs) if kwargs.get("after") else 0  # a later piece's plan holds the earlier
        inputs = plan.inputs[:first] + [
            dataclasses.replace(i, prosody=dataclasses.replace(i.prosody, pitch_range=emotion.pitch_range))
            for i in plan.inputs[first:]]
        needed = any(a.prosody != b.prosody for a, b in zip(inputs, plan.inputs))
        patch_plan_calls.needed |= needed
        return dataclasses.replace(plan, inputs=inputs)

    voice_mod.plan_calls = plan_calls
    scheduler.plan_calls = plan_calls
    return True


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--voices", default="baker,distill-baker,distill-baker-low",
                    help="comma-separated voices, `voice:speaker` for one speaker of a multi-speaker voice")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--sentences", type=int, default=len(SENTENCES))
    ap.add_argument("--pitches", default=",".join(map(str, PITCHES)), help="pitch values on neutral ('' = none)")
    ap.add_argument("--weights", type=Path, default=ROOT / "weights", help="the voices' folder (a scratch export)")
    ap.add_argument("--json")
    args = ap.parse_args(argv)

    from ttsserve.engine.engine import Engine, SynthesisRequest
    from ttsserve.settings import load_settings
    from ttsserve.telemetry import Telemetry
    from ttsserve.voices import load_manifest

    torch.set_num_threads(args.threads)
    patch_plan_calls()
    texts = SENTENCES[: args.sentences]
    engine = Engine(load_settings(device="cpu", warmup=False, torch_threads=args.threads, weights_dir=args.weights),
                    Telemetry())
    engine.start()
    t0 = time.time()
    results = []
    try:
        for entry in args.voices.split(","):
            voice, _, speaker = entry.partition(":")
            manifest = load_manifest(args.weights / voice)
            sr = manifest.sample_rate_hz

            def measure(emotion: str, pitch: float) -> dict:
                wavs = [asyncio.run(engine.synthesize(SynthesisRequest(text=t, voice=voice, speaker=speaker or None,
                                                                       emotion=emotion, pitch=pitch))).audio
                        for t in texts]
                return summarize(wavs, sr)

            neutral = measure(manifest.default_emotion, 1.0)
            rows = []
            for emotion, spec in manifest.emotions.items():
                row = neutral if emotion == manifest.default_emotion else measure(emotion, 1.0)
                rows.append({"voice": entry, "emotion": emotion, "pitch": 1.0,
                             "preset": {k: getattr(spec, k, 1.0) for k in ("speed", "pitch", "pitch_range", "energy")},
                             **row, **relative(row, neutral)})
                print_row(rows[-1])
            for pitch in [float(p) for p in args.pitches.split(",") if p]:
                row = neutral if pitch == 1.0 else measure(manifest.default_emotion, pitch)
                rows.append({"voice": entry, "emotion": manifest.default_emotion, "pitch": pitch, **row,
                             **relative(row, neutral)})
                print_row(rows[-1])
            results += rows
    finally:
        engine.stop()
    if args.json:
        out = {"command": "python " + " ".join([sys.argv[0], *(argv if argv is not None else sys.argv[1:])]),
               "device": "cpu", "threads": args.threads, "torch": torch.__version__, "sentences": texts,
               "git_head": git_head(), "plan_calls_patched": patch_plan_calls.needed, "seconds": round(time.time() - t0, 1), "rows": results}
        Path(args.json).write_text(json.dumps(out, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


def git_head() -> str:
    import subprocess

    try:
        return subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                              check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return ""


def print_row(r: dict) -> None:
    print(f"{r['voice']:18s} {r['emotion']:8s} pitch {r['pitch']:.1f}: f0 {r['median_f0_hz']:6.1f} Hz "
          f"(x{r['median_f0_ratio']:.3f})  range {r['f0_range_st']:5.2f} st (x{r['f0_range_ratio']:.3f})  "
          f"level {r['level_dbfs']:6.2f} dBFS ({r['level_db']:+.2f} dB)  duration {r['duration_s']:6.2f} s "
          f"(x{r['duration_ratio']:.3f})  2-6/0-1 kHz {r['balance_change_db']:+.2f} dB", flush=True)


if __name__ == "__main__":
    sys.exit(main())
