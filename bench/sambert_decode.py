"""Sambert decoder: eager bounded `decode` vs CUDA-graph `decode_graphed` (random weights, durations ~5 frames).

For each dtype, batch size and utterance length (~50 and ~200 decoder steps), times whole decodes with CUDA
synchronization around them (median of --reps after a warm-up; the graphed warm-up includes the capture,
whose cost is reported separately as `first_call_ms`), and checks that both return the same output.

usage: PYTHONPATH=src python bench/sambert_decode.py --out bench/results/sambert_decode_h100.json
"""

from __future__ import annotations

import argparse
import json
import statistics
import time

import torch

from ttsserve.engine.graphs import CudaGraphCache
from ttsserve.pipeline.sambert import Sambert, SambertConfig
from ttsserve.pipeline.sambert_graph import decode_graphed

LIMITS = (140, 7, 5, 5)


def make_model(dtype: torch.dtype, device: str) -> Sambert:
    torch.manual_seed(0)
    model = Sambert(SambertConfig()).eval()
    with torch.no_grad():
        model.variance_adaptor.duration_predictor.fc.bias.fill_(1.8)
    return model.to(device, dtype)


def make_enc(model: Sambert, b: int, n: int, device: str, seed: int):
    g = torch.Generator().manual_seed(seed)
    ling = torch.stack([torch.randint(0, hi, (b, n), generator=g) for hi in LIMITS], dim=-1).to(device)
    emo = torch.ones(b, n, dtype=torch.long, device=device)
    spk = torch.zeros(b, n, dtype=torch.long, device=device)
    with torch.inference_mode():
        return model.encode(ling, emo, spk, torch.full((b,), n, device=device))


def timed(fn, reps: int) -> tuple[float, list[float]]:
    times = []
    for _ in range(reps):
        torch.cuda.synchronize()
        t0 = time.perf_counter()
        fn()
        torch.cuda.synchronize()
        times.append((time.perf_counter() - t0) * 1e3)
    return statistics.median(times), times


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--batches", default="1,4,16")
    ap.add_argument("--phones", default="30,120", help="phones per utterance (~5/3 decoder steps each)")
    ap.add_argument("--dtypes", default="float32,float16")
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--out", default=None)
    args = ap.parse_args()
    device = "cuda"
    rows = []
    graphs = CudaGraphCache()  # what the worker makes without a GPU memory budget
    for dtype_name in args.dtypes.split(","):
        dtype = getattr(torch, dtype_name)
        model = make_model(dtype, device)
        graphs.clear()
        for b in map(int, args.batches.split(",")):
            for n in map(int, args.phones.split(",")):
                enc = make_enc(model, b, n, device, seed=b * 1000 + n)
                s = enc.memory.shape[1]
                with torch.inference_mode():
                    eager = model.decode(enc)  # warm-up
                    torch.cuda.synchronize()
                    t0 = time.perf_counter()
                    graphed = decode_graphed(model, enc, graphs)  # includes the capture
                    torch.cuda.synchronize()
                    first_ms = (time.perf_counter() - t0) * 1e3
                    diff = (graphed.float() - eager.float()).abs().max().item()
                    e_ms, e_all = timed(lambda: model.decode(enc), args.reps)
                    g_ms, g_all = timed(lambda: decode_graphed(model, enc, graphs), args.reps)
                row = dict(dtype=dtype_name, batch=b, phones=n, steps=s, band=int(enc.band.max()),
                           eager_ms=e_ms, graphed_ms=g_ms, eager_ms_per_step=e_ms / s, graphed_ms_per_step=g_ms / s,
                           speedup=e_ms / g_ms, first_call_ms=first_ms, max_abs_diff=diff,
                           eager_runs_ms=e_all, graphed_runs_ms=g_all)
                rows.append(row)
                print(f"{dtype_name:8s} B={b:2d} S={s:3d}: eager {e_ms:8.1f} ms ({e_ms / s:.3f}/step)  graphed "
                      f"{g_ms:7.1f} ms ({g_ms / s:.3f}/step)  x{e_ms / g_ms:.1f}  first {first_ms:.0f} ms  "
                      f"diff {diff:.2g}", flush=True)
    print()
    print("| dtype | B | steps | eager ms | eager ms/step | graphed ms | graphed ms/step | speed-up | first call ms | max diff |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['dtype']} | {r['batch']} | {r['steps']} | {r['eager_ms']:.1f} | {r['eager_ms_per_step']:.3f} | "
              f"{r['graphed_ms']:.1f} | {r['graphed_ms_per_step']:.3f} | {r['speedup']:.1f}x | {r['first_call_ms']:.0f} | "
              f"{r['max_abs_diff']:.2g} |")
    result = dict(device=torch.cuda.get_device_name(), torch=torch.__version__, reps=args.reps,
                  graph_stats=graphs.stats(), rows=rows)
    if args.out:
        with open(args.out, "w") as f:
            json.dump(result, f, indent=2)


if __name__ == "__main__":
    main()
