"""Timestamps: what they cost and how well they sit on the audio.

1. Frontend cost of tracking spans (frontend/align.py + the syllables' spans): the median time of the Mandarin
   frontend on two long texts, with and without the span tracking (switched off by patching it out).
2. On each voice, over the intelligibility set's [short], [mid] and [long] sentences sent two at a time (so
   that each request has a pause between sentences): the time a request takes with and without timestamps,
   the level (RMS, relative to the request's whole audio) inside every spoken entry (lowest and 1st
   percentile) and in the middle of every pause between two sentences (highest and 99th percentile), and
   |last end_s - audio_seconds|.

usage: python bench/timestamps.py [--voices baker,distill-baker] [--device cpu] [--threads 1] [--json out.json]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import time
from pathlib import Path

import numpy as np
import torch

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import ttsserve.frontend as frontend_module  # noqa: E402
from ttsserve.engine.engine import Engine, SynthesisRequest  # noqa: E402
from ttsserve.settings import load_settings  # noqa: E402
from ttsserve.telemetry import Telemetry  # noqa: E402

LONG_TEXTS = {
    "numbers": "我们在2024年3月15日上午10:30，花了¥5,000.50买了3台iPhone，增长了50%，电话是13812345678。" * 30,
    "plain": "今天天气不错，我们去公园散步吧！银行行长说这个问题很重要。" * 60,
}


def sentences() -> list[str]:
    out, section = [], None
    for line in (ROOT / "bench" / "data" / "intelligibility_zh.txt").read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("["):
            section = line
            continue
        if section in ("[short]", "[mid]", "[long]"):
            out.append(line)
    return out


def frontend_cost(repeats: int = 5) -> dict:
    fe = frontend_module.MandarinFrontend()

    def median_s(text: str) -> float:
        fe.process(text)
        runs = []
        for _ in range(repeats):
            t0 = time.perf_counter()
            fe.process(text)
            runs.append(time.perf_counter() - t0)
        return statistics.median(runs)

    out = {}
    for name, text in LONG_TEXTS.items():
        with_spans = median_s(text)
        align, with_spans_fn = frontend_module.align, frontend_module._with_spans
        frontend_module.align = lambda src, norm: [(0, 0)] * len(norm)
        frontend_module._with_spans = lambda sylls, *rest: sylls
        try:
            without = median_s(text)
        finally:
            frontend_module.align, frontend_module._with_spans = align, with_spans_fn
        out[name] = {"chars": len(text), "without_ms": round(without * 1000, 1), "with_ms": round(with_spans * 1000, 1)}
    return out


def rms(audio: np.ndarray, rate: int, a_s: float, b_s: float) -> float:
    seg = audio[int(round(a_s * rate)) : int(round(b_s * rate))].astype(np.float64)
    return float(np.sqrt(np.mean(seg**2))) if len(seg) else 0.0


def voice_figures(engine: Engine, voice: str, texts: list[str]) -> dict:
    inside, pauses, ends, plain_s, timed_s = [], [], [], [], []
    for text in texts:
        for timestamps in (False, True):
            t0 = time.perf_counter()
            result = asyncio.run(engine.synthesize(SynthesisRequest(text=text, voice=voice, timestamps=timestamps)))
            (timed_s if timestamps else plain_s).append(time.perf_counter() - t0)
        audio, rate = result.audio, result.sample_rate_hz
        level = rms(audio, rate, 0, result.audio_seconds)
        chars = result.timings.characters
        spoken = [c for c in chars if c["pinyin"]]
        inside += [rms(audio, rate, c["start_s"], c["end_s"]) / level for c in spoken]
        for a, b in zip(spoken, spoken[1:]):  # a pause between two sentences: the gap the scheduler inserts
            if b["start_s"] - a["end_s"] >= 0.15:
                mid = (a["end_s"] + b["start_s"]) / 2
                pauses.append(rms(audio, rate, mid - 0.05, mid + 0.05) / level)
        ends.append(abs(chars[-1]["end_s"] - result.audio_seconds))
    return {
        "requests": len(texts), "spoken_entries": len(inside), "pauses": len(pauses),
        "inside_level_min": round(min(inside), 3), "inside_level_p1": round(float(np.percentile(inside, 1)), 3),
        "pause_level_max": round(max(pauses), 4) if pauses else None,
        "pause_level_p99": round(float(np.percentile(pauses, 99)), 4) if pauses else None,
        "last_end_error_s_max": round(max(ends), 5),
        "request_s_median_without": round(statistics.median(plain_s), 4),
        "request_s_median_with": round(statistics.median(timed_s), 4),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--voices", default="baker,distill-baker")
    ap.add_argument("--device", default="cpu")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--json")
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    report = {"device": args.device, "threads": args.threads, "frontend": frontend_cost()}
    for name, row in report["frontend"].items():
        print(f"frontend, {name} ({row['chars']} chars): {row['without_ms']} ms without spans, {row['with_ms']} ms with")
    lines = sentences()
    pairs = [lines[i] + lines[i + 1] for i in range(0, len(lines) - 1, 2)]
    settings = load_settings(None, warmup=False, frontend_processes=0, device=args.device, max_gpu_bytes=2**30)
    engine = Engine(settings, Telemetry())
    engine.start()
    try:
        for voice in args.voices.split(","):
            report[voice] = row = voice_figures(engine, voice, pairs)
            print(f"{voice}: {row}")
    finally:
        engine.stop()
    if args.json:
        Path(args.json).write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
