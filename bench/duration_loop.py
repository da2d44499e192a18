"""Sambert's duration loop (the autoregressive duration predictor, one step per symbol): one nn.LSTM call per
symbol against the LSTM written out (`DurationPredictor.infer(cells=True)`, the CPU default) and, on a GPU, the
Triton kernel (`pipeline/sambert_duration.py`), and what that does to a call's encoding (`SambertAcoustic.encode`, which the scheduler's `begin` runs before any decoder step).
distill-baker's shipped acoustic model, batch 1 and 8, symbols as given. Median of REPS.

usage: PYTHONPATH=src python bench/duration_loop.py [--device cpu|cuda] [--threads 2] [--out FILE.json]
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

import torch
import yaml

from ttsserve.pipeline.base import AcousticInput, StageSpec
from ttsserve.pipeline.sambert import load

ROOT = Path(__file__).resolve().parents[1]


def median_ms(fn, reps: int, sync) -> float:
    fn()
    out = []
    for _ in range(reps):
        sync()
        t0 = time.perf_counter()
        fn()
        sync()
        out.append(1e3 * (time.perf_counter() - t0))
    return statistics.median(out)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--device", default="cpu")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--symbols", type=int, default=100)
    ap.add_argument("--reps", type=int, default=15)
    ap.add_argument("--out")
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    sync = torch.cuda.synchronize if args.device == "cuda" else (lambda: None)
    voice = ROOT / "weights/distill-baker"
    opts = {k: v for k, v in yaml.safe_load((voice / "voice.yaml").read_text())["acoustic"].items() if k != "type"}
    stage = load(StageSpec("sambert", voice, {**opts, "cuda_graphs": False}), device=args.device)
    pred = stage.module.variance_adaptor.duration_predictor
    c = pred.lstm.input_size - pred.prenet(torch.zeros(1, 1, device=args.device)).shape[-1]
    rows = []
    with torch.inference_mode():
        for b in (1, 8):
            cond = torch.randn(b, args.symbols, c, device=args.device)
            row = {"batch": b, "symbols": args.symbols}
            for cells in (False, True):
                row[f"loop_ms_{'cells' if cells else 'lstm'}"] = median_ms(lambda: pred.infer(cond, cells=cells),
                                                                          args.reps, sync)
            if args.device == "cuda":  # the Triton kernel (pipeline/sambert_duration.py)
                from ttsserve.pipeline.sambert_duration import duration_loop

                row["loop_ms_kernel"] = median_ms(lambda: duration_loop(pred, cond), args.reps, sync)
            g = torch.Generator().manual_seed(b)
            inputs = [AcousticInput(symbol_ids=tuple(tuple(int(torch.randint(1, hi, (1,), generator=g)) for hi in
                                                           (60, 6, 4, 4)) for _ in range(args.symbols)))
                      for _ in range(b)]
            original = pred.infer
            for cells in (False, True):
                pred.infer = lambda x, _c=cells: original(x, cells=_c)
                row[f"encode_ms_{'cells' if cells else 'lstm'}"] = median_ms(lambda: stage.encode(inputs), args.reps, sync)
            pred.infer = original
            if args.device == "cuda":
                pred.kernel = True
                row["encode_ms_kernel"] = median_ms(lambda: stage.encode(inputs), args.reps, sync)
                pred.kernel = False
            rows.append(row)
            print(row)
    result = {"device": torch.cuda.get_device_name() if args.device == "cuda" else f"cpu, {args.threads} threads",
              "torch": torch.__version__, "rows": rows,
              "command": f"PYTHONPATH=src python bench/duration_loop.py --device {args.device} --threads {args.threads}"}
    if args.out:
        Path(args.out).write_text(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
