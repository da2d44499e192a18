"""Issue 19, session 44: what one vocoder training step costs on the GPU, and what makes it cheaper. Session 43
found the 256-wide student vocoder's step GPU-bound (96 windows a step made 528 windows a second, as 48 did), so a
session's device time buys about a point of copy-synthesis errors. This times `distill.voc_step` itself (the step
`train_voc` runs) on windows of random mels and waveforms (the cost depends on shapes, not values) under settings
that change no formula: cuDNN's algorithm search, bfloat16 for the discriminators alone or for everything, longer
windows for the same context (more frames scored for each frame computed), and prints steps, windows and scored
frames a second for each, with the spectral-only step (the generator alone) beside the adversarial one.

    python recipes/distill/voc_speed_probe.py [--voc .ckpt/voc.pth] [--seconds 20] [--json OUT]
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))
import distill as d  # noqa: E402

# name, environment, cudnn.benchmark, batch, adversarial step
VARIANTS = [
    ("base", {}, False, 96, True),
    ("base, generator alone", {}, False, 96, False),
    ("cudnn benchmark", {}, True, 96, True),
    ("cudnn benchmark, generator alone", {}, True, 96, False),
    ("cudnn benchmark, discriminators bf16", {"DISTILL_MPD_BF16": "1"}, True, 96, True),
    ("cudnn benchmark, all bf16", {"DISTILL_BF16": "1", "DISTILL_MPD_BF16": "1"}, True, 96, True),
    ("cudnn benchmark, 80 frames scored, 48 windows", {"DISTILL_VOC_SEG": "80"}, True, 48, True),
    ("cudnn benchmark, 80 frames scored, 96 windows", {"DISTILL_VOC_SEG": "80"}, True, 96, True),
    ("cudnn benchmark, 80 scored, 48 windows, discriminators bf16", {"DISTILL_VOC_SEG": "80", "DISTILL_MPD_BF16": "1"},
     True, 48, True),
]
KNOBS = ("DISTILL_BF16", "DISTILL_MPD_BF16", "DISTILL_VOC_SEG", "DISTILL_VOC_CTX")


def time_variant(gen, mpd, fb, env: dict, bench: bool, batch: int, adv: bool, seconds: float, device: str) -> dict:
    for k in KNOBS:
        os.environ.pop(k, None)
    os.environ.update(env)
    torch.backends.cudnn.benchmark = bench
    seg, ctx = d.voc_windows()
    opt_g = torch.optim.AdamW(gen.parameters(), lr=1e-9)  # the weights barely move: every variant sees the same net
    opt_d = torch.optim.AdamW(mpd.parameters(), lr=1e-9)
    g = torch.Generator(device=device).manual_seed(0)
    mel = torch.randn(batch, 80, ctx + seg, device=device, generator=g) - 4.0
    target = torch.randn(batch, seg * d.HOP, device=device, generator=g) * 0.1
    for _ in range(5):  # warm-up: allocator, cuDNN's search
        d.voc_step(gen, mpd, opt_g, opt_d, mel, target, fb, ctx, adv, device)
    torch.cuda.synchronize()
    steps, t0 = 0, time.perf_counter()
    while time.perf_counter() - t0 < seconds:
        d.voc_step(gen, mpd, opt_g, opt_d, mel, target, fb, ctx, adv, device)
        steps += 1
        if steps % 5 == 0:
            torch.cuda.synchronize()
    torch.cuda.synchronize()
    wall = time.perf_counter() - t0
    return {"batch": batch, "frames_scored": seg, "context": ctx, "adversarial": adv, "cudnn_benchmark": bench,
            "env": env, "steps": steps, "seconds": round(wall, 2), "steps_per_s": round(steps / wall, 2),
            "windows_per_s": round(steps * batch / wall, 1), "scored_frames_per_s": round(steps * batch * seg / wall),
            "peak_allocated_mb": round(torch.cuda.max_memory_allocated() / 2**20)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--voc", help="a vocoder checkpoint (its width; its weights): default a fresh 256-wide one")
    ap.add_argument("--seconds", type=float, default=20.0)
    ap.add_argument("--json")
    args = ap.parse_args()
    device = "cuda"
    torch.backends.cuda.matmul.allow_tf32 = True  # as `distill.py train` sets it
    from ttsserve.pipeline.hifigan import HiFiGAN

    width = d.voc_channels(Path(args.voc)) if args.voc else 256
    gen = HiFiGAN(d.voc_config(width)).to(device)
    if args.voc:
        d.load_weights(gen, Path(args.voc))
    mpd = torch.nn.ModuleList(d.PeriodDiscriminator(p) for p in (2, 3, 5, 7, 11)).to(device)
    fb = d.mel_basis(device)
    rows = []
    for name, env, bench, batch, adv in VARIANTS:
        torch.cuda.reset_peak_memory_stats()
        row = {"variant": name, **time_variant(gen, mpd, fb, env, bench, batch, adv, args.seconds, device)}
        print(json.dumps(row), flush=True)
        rows.append(row)
    result = {"device": torch.cuda.get_device_name(), "torch": torch.__version__, "width": width, "rows": rows,
              "command": "python recipes/distill/voc_speed_probe.py " + " ".join(sys.argv[1:])}
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
