"""Where the scheduler's per-iteration GPU time goes outside the decoder steps (issue 16): the vocoder on stacked
windows and the slots' `begin`, eager vs CUDA-graphed, at the shapes the scheduler uses.

- vocoder: the shipped vocoders (distill-baker's HiFiGAN, baker's MB-MelGAN) on G stacked windows (G = 1 .. 32)
  of the widths the scheduler plans for a streamed call (first chunk 24 frames, later chunks 96 frames, each with
  its context), forward only: eager, and one CUDA graph replay of the same shapes; float32 and float16.
- begin: `SlotDecoder.begin` of 1 and 8 calls (42-character sentences' symbol counts), wall time and a profile.

usage: PYTHONPATH=src python bench/stage_micro_gpu.py --json bench/results/stage_micro_h200.json
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

import torch
import yaml

from ttsserve.pipeline.base import StageSpec

ROOT = Path(__file__).resolve().parents[1]


def vocoder(voice: str, dtype: str):
    manifest = yaml.safe_load((ROOT / "weights" / voice / "voice.yaml").read_text())
    section = manifest["vocoder"]
    kind = section["type"]
    opts = {k: v for k, v in section.items() if k != "type"}
    mod = __import__(f"ttsserve.pipeline.{kind}", fromlist=["load"])
    return mod.load(StageSpec(kind, ROOT / "weights" / voice, opts), device="cuda", dtype=dtype)


def timed(fn, reps: int = 20) -> float:
    """Median wall ms of fn() with a device sync (what the worker's iteration pays)."""
    out = []
    for _ in range(reps):
        torch.cuda.synchronize()
        t0 = time.perf_counter()
        fn()
        torch.cuda.synchronize()
        out.append(1e3 * (time.perf_counter() - t0))
    return statistics.median(out)


@torch.inference_mode()
def bench_vocoder(voice: str, dtype: str) -> list[dict]:
    stage = vocoder(voice, dtype)
    n_mels = 80
    mel = torch.randn(800, n_mels, device="cuda") * 0.5 - 4
    rows = []
    for chunk, first in ((24, True), (96, False)):
        wins = stage.plan_windows(mel, chunk_frames=chunk, equal_length=not first)
        width = wins[1].mel.shape[-1] if not first else wins[0].mel.shape[-1]
        one = (wins[1] if not first else wins[0]).mel
        for g in (1, 4, 8, 16, 32):
            x = one[None].expand(g, -1, -1).contiguous()
            eager = timed(lambda: stage.module(x))
            static = x.clone()
            s = torch.cuda.Stream()
            s.wait_stream(torch.cuda.current_stream())
            with torch.cuda.stream(s):
                for _ in range(2):
                    stage.module(static)
            torch.cuda.current_stream().wait_stream(s)
            graph = torch.cuda.CUDAGraph()
            with torch.cuda.graph(graph):
                out = stage.module(static)
            graphed = timed(graph.replay)
            audio_s = g * (chunk * stage.hop_length) / 24000
            rows.append(dict(voice=voice, dtype=dtype, chunk=chunk, width=width, windows=g,
                             eager_ms=round(eager, 3), graphed_ms=round(graphed, 3),
                             graph_x_realtime=round(audio_s / (graphed / 1e3), 1),
                             eager_x_realtime=round(audio_s / (eager / 1e3), 1)))
            print(f"{voice:14s} {dtype:8s} chunk {chunk:3d} (width {width:3d}) x{g:2d}: eager {eager:7.3f} ms, "
                  f"graphed {graphed:7.3f} ms", flush=True)
            del graph, out
    return rows


@torch.inference_mode()
def bench_begin(dtype: str) -> dict:
    import bench.sambert_slots as bs

    stage = bs.shipped(dtype)
    sd = stage.decoder_slots(slots=32, steps_per_advance=8)
    res = {}
    for n in (1, 8):
        times = []
        batches = [bs.inputs(n, 60, seed=rep) for rep in range(8)]  # made before the clock starts
        for rep in range(8):
            torch.cuda.synchronize()
            t0 = time.perf_counter()
            calls = sd.begin(batches[rep])
            torch.cuda.synchronize()
            times.append(1e3 * (time.perf_counter() - t0))
            for c in calls:
                sd.cancel(c)
        res[f"begin_{n}_ms"] = round(statistics.median(times[2:]), 2)
        print(f"begin of {n} calls ({dtype}): {res[f'begin_{n}_ms']} ms", flush=True)
    acts = [torch.profiler.ProfilerActivity.CPU, torch.profiler.ProfilerActivity.CUDA]
    batch = bs.inputs(8, 60, seed=99)
    with torch.profiler.profile(activities=acts) as prof:
        calls = sd.begin(batch)
        torch.cuda.synchronize()
    table = prof.key_averages().table(sort_by="cpu_time_total", row_limit=30, max_name_column_width=50)
    print(table)
    res["profile_top"] = table
    return res


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--json", default=None)
    args = ap.parse_args()
    result = {"device": torch.cuda.get_device_name(), "torch": torch.__version__, "vocoder": [], "begin": {}}
    for voice in ("distill-baker", "baker"):
        for dtype in ("float32", "float16"):
            result["vocoder"] += bench_vocoder(voice, dtype)
    for dtype in ("float32", "float16"):
        result["begin"][dtype] = bench_begin(dtype)
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
