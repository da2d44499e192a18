"""The fused Sambert decoder step's variants, step alone (issue 20): for distill-baker (the shipped weights) and
the official 12-layer sizes (random weights), fp32 and fp16, each `FusedStep` layout in VARIANTS (the per-slot
kernel, and the split step with several programs per slot: heads per attention program, hidden units per
feed-forward program, warps of the attention / feed-forward / output kernels): its largest difference from the
eager step on a random decoding state (`sambert_fused.compare`, fp32 eager reference), then ms per step in a CUDA
graph of 8 steps with 1 and with 32 of 32 slots busy (`bench/sambert_slots.py`'s "step alone").

usage: PYTHONPATH=src python bench/sambert_fused_sweep.py [--only distill-baker] [--reps 3] [--out sweep.json]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import torch

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

import sambert_slots as ss  # noqa: E402

VARIANTS = {
    "per-slot": dict(split=False),
    "split h2 u64 w4/8/8 (default)": dict(split=True),
    "split h1 u32 w4/4/8": dict(split=True, heads_per_program=1, units_per_program=32, split_warps=(4, 4, 8)),
    "split h2 u32 w4/4/8": dict(split=True, heads_per_program=2, units_per_program=32, split_warps=(4, 4, 8)),
    "split h4 u64 w8/8/8": dict(split=True, heads_per_program=4, units_per_program=64, split_warps=(8, 8, 8)),
}


def parity(stage, options: dict) -> float:
    """Largest difference of the variant from the eager step, relative to the values' scale (1.0 floor)."""
    from ttsserve.pipeline import sambert_fused as sf
    from ttsserve.pipeline.sambert_slots import SlotDecoder

    sd = SlotDecoder(stage, slots=32, steps_per_advance=8, graphs=stage.graphs, fused_step="off")
    st = sf.random_state(sd.st, seed=3)
    with torch.inference_mode():
        diff = sf.compare(sd.model.decoder, st, sd.w, sf.FusedStep(sd.model.decoder, **options), steps=3)
    if diff["indices"]:
        return float("inf")
    return max(diff[n] / max(1.0, diff[n + "_scale"]) for n in ("out", "prev", "ring_k", "ring_v"))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--only", default=None)
    ap.add_argument("--dtypes", default="float32,float16")
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--out", default=None)
    args = ap.parse_args()
    rows = []
    for name, make in (("distill-baker", ss.shipped), ("official-12-layer", ss.official)):
        if args.only and name != args.only:
            continue
        for dtype in args.dtypes.split(","):
            stage = make(dtype)
            for variant, options in VARIANTS.items():
                ss.FUSED_OPTIONS.clear()
                ss.FUSED_OPTIONS.update(options)
                row = {"model": name, "dtype": dtype, "variant": variant, "options": options,
                       "parity_rel": parity(stage, options)}
                for active in (1, 32):
                    row[f"step_ms_{active}"] = ss.step_only_ms(stage, slots=32, active=active, k=8, n_symbols=100,
                                                              reps=args.reps, compile_step=False, fused="on")
                rows.append(row)
                print(f"{name:18s} {dtype:8s} {variant:30s} step alone: {row['step_ms_1']:.3f} ms (1 busy), "
                      f"{row['step_ms_32']:.3f} ms (32 busy); parity {row['parity_rel']:.1e}", flush=True)
                stage.graphs.clear()
    result = {"device": torch.cuda.get_device_name(), "torch": torch.__version__,
              "command": "PYTHONPATH=src python bench/sambert_fused_sweep.py", "rows": rows}
    if args.out:
        Path(args.out).write_text(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
