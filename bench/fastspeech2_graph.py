"""FastSpeech2 acoustic call on a GPU: eager forward vs CUDA graphs (`ttsserve.pipeline.fastspeech2_graph`).

For each dtype and batch of requests (each request the same text, by default the 42-character sentence),
runs the acoustic calls as the scheduler groups them on a GPU (all the requests' model calls in one group;
one group per iteration) with `cuda_graphs` off and on, and reports per mode the median of
--reps runs after one warm-up run:
  call_ms   until `infer` returns (the graph path has already synced once, to read the durations);
  ms        until the GPU is done (synchronized): the acoustic stage's share of the time to first audio;
  first_audio_ms (batch 1 only)  acoustic + the vocoder's first chunk at the server's chunk size, synchronized
            (the frontend runs in its own processes, before this).
The graph mode's warm-up includes the captures (`first_call_ms`); outputs are compared with the eager ones
(max |mel difference| over items with equal durations, and how many durations differ).

usage: PYTHONPATH=src python bench/fastspeech2_graph.py [--dtypes float32,float16] [--batches 1,8,32]
                                                       [--reps 20] [--json bench/results/fastspeech2_graph_h100.json]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

import torch

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from ttsserve.engine.graphs import CudaGraphCache  # noqa: E402
from ttsserve.pipeline.base import get_loader  # noqa: E402
from ttsserve.pipeline.voice import LoadedVoice, Placement, SynthesisOptions, prepare_inputs  # noqa: E402
from ttsserve.settings import Settings  # noqa: E402
from ttsserve.voices import load_manifest  # noqa: E402

TEXT_42 = "国家统计局今天发布数据，十月份全国居民消费价格同比上涨百分之零点二，环比下降零点一。"
CHUNK_FRAMES = Settings.model_fields["vocoder_chunk_frames"].default  # the server's default


def calls_for(inputs: list, batch: int) -> list[list]:
    """The acoustic call groups the scheduler makes on a GPU for `batch` requests of these calls: all of them
    in one group (the default symbol budget holds far more than this benchmark's calls)."""
    return [inputs]


def timed(fn, reps: int) -> tuple[float, float, list]:
    """Median ms until `fn` returns and until the GPU is done, and the last result."""
    calls, totals, out = [], [], None
    for _ in range(reps):
        torch.cuda.synchronize()
        t0 = time.perf_counter()
        out = fn()
        t1 = time.perf_counter()
        torch.cuda.synchronize()
        t2 = time.perf_counter()
        calls.append((t1 - t0) * 1e3)
        totals.append((t2 - t0) * 1e3)
    return statistics.median(calls), statistics.median(totals), out


def compare(got: list, ref: list) -> tuple[float, int]:
    worst, flipped = 0.0, 0
    for g, r in zip(got, ref):
        if not torch.equal(g.durations, r.durations):
            flipped += int((g.durations != r.durations).sum())
            continue
        worst = max(worst, (g.mel - r.mel).abs().max().item())
    return worst, flipped


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--voice", default="baker")
    ap.add_argument("--dtypes", default="float32,float16")
    ap.add_argument("--batches", default="1,8,32")
    ap.add_argument("--reps", type=int, default=20)
    ap.add_argument("--text", default=TEXT_42)
    ap.add_argument("--json")
    args = ap.parse_args(argv)
    if not torch.cuda.is_available():
        print("needs CUDA", file=sys.stderr)
        return 2
    frontend = get_loader("frontend", "mandarin")({})
    rows = []
    graphs = CudaGraphCache()  # what the worker makes without a GPU memory budget
    for dtype in args.dtypes.split(","):
        voice = LoadedVoice.load(load_manifest(ROOT / "weights" / args.voice),
                                 Placement(acoustic_device="cuda", vocoder_device="cuda", gpu_dtype=dtype), device="cuda",
                                 graphs=graphs)
        stage = voice.acoustic
        sentences = prepare_inputs(voice, frontend.process(args.text), SynthesisOptions())
        graphs.clear()
        for batch in [int(b) for b in args.batches.split(",")]:
            calls = calls_for([x for _ in range(batch) for x in sentences], batch)

            def acoustic() -> list:
                return [o for c in calls for o in stage.infer(c)]

            def first_audio() -> torch.Tensor:
                out = stage.infer(calls[0])
                return next(iter(voice.vocoder.stream(out[0].mel, chunk_frames=CHUNK_FRAMES)))

            row = {"dtype": dtype, "batch_requests": batch, "sentences": len(sentences) * batch,
                   "acoustic_calls": [len(c) for c in calls], "symbols": [len(x.symbol_ids) for x in sentences]}
            with torch.inference_mode():
                for mode in ("eager", "graph"):
                    stage.cuda_graphs = mode == "graph"
                    torch.cuda.synchronize()
                    t0 = time.perf_counter()
                    first = acoustic()  # warm-up; the graph mode captures here
                    torch.cuda.synchronize()
                    row[f"{mode}_first_call_ms"] = round((time.perf_counter() - t0) * 1e3, 2)
                    call_ms, ms, out = timed(acoustic, args.reps)
                    row[f"{mode}_call_ms"], row[f"{mode}_ms"] = round(call_ms, 3), round(ms, 3)
                    if batch == 1:
                        row[f"{mode}_first_audio_ms"] = round(timed(first_audio, args.reps)[1], 3)
                    row[f"{mode}_frames"] = [o.mel.shape[0] for o in first[: len(sentences)]]
                    if mode == "eager":
                        eager_out = out
                    else:
                        row["max_abs_diff"], row["durations_differ"] = compare(out, eager_out)
                stage.cuda_graphs = True
            row["speedup"] = round(row["eager_ms"] / row["graph_ms"], 2)
            rows.append(row)
            extra = (f"  first audio {row['eager_first_audio_ms']:.2f} -> {row['graph_first_audio_ms']:.2f} ms"
                     if batch == 1 else "")
            print(f"{dtype:8s} {batch:3d} request(s): eager {row['eager_ms']:7.2f} ms  graph {row['graph_ms']:7.2f} ms "
                  f"(returns at {row['graph_call_ms']:.2f})  x{row['speedup']:.1f}  capture+first "
                  f"{row['graph_first_call_ms']:.0f} ms  diff {row['max_abs_diff']:.2g} "
                  f"({row['durations_differ']} durations differ){extra}", flush=True)
    print()
    print("| dtype | requests | eager ms | graph ms | speed-up | first audio eager -> graph ms | max diff |")
    print("|---|---|---|---|---|---|---|")
    for r in rows:
        fa = f"{r['eager_first_audio_ms']:.2f} -> {r['graph_first_audio_ms']:.2f}" if "graph_first_audio_ms" in r else ""
        print(f"| {r['dtype']} | {r['batch_requests']} | {r['eager_ms']:.2f} | {r['graph_ms']:.2f} | {r['speedup']:.1f}x | "
              f"{fa} | {r['max_abs_diff']:.2g} |")
    result = {"device": torch.cuda.get_device_name(), "torch": torch.__version__, "voice": args.voice,
              "text": args.text, "reps": args.reps, "vocoder_chunk_frames": CHUNK_FRAMES,
              "graph_stats": graphs.stats(), "rows": rows}
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
