"""Where distill-baker's HiFiGAN spends its GPU time, layer by layer (issue 16's 1,000x at 32 streams): a diagnostic.

Session 34's 32-stream profile (bench/whole_request_profile_gpu.py) found one cuDNN kernel,
`conv2d_grouped_direct_kernel`, taking ~22% of the GPU's busy time at ~130 us a call, with neither the post-net's
depthwise convolutions nor the transposed convolutions behind it. This script runs the generator on a stack of
windows as the scheduler does (WINDOWS x WIDTH frames, fp32, eager) and times every convolution with CUDA events
around its forward, with cuDNN autotuning off (the server's default) and on, and lists the kernels of a whole
forward under torch.profiler for each. -> JSON (--out) and a table.

usage: PYTHONPATH=src python bench/hifigan_layers_gpu.py [--windows 32] [--width 144] [--out FILE.json]
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from pathlib import Path

import torch
import yaml

from ttsserve.pipeline.base import StageSpec

ROOT = Path(__file__).resolve().parents[1]


def load_generator(voice: str) -> torch.nn.Module:
    section = yaml.safe_load((ROOT / "weights" / voice / "voice.yaml").read_text())["vocoder"]
    mod = __import__(f"ttsserve.pipeline.{section['type']}", fromlist=["load"])
    stage = mod.load(StageSpec(section["type"], ROOT / "weights" / voice, {k: v for k, v in section.items() if k != "type"}),
                     device="cuda", dtype="float32")
    return stage.module


def per_layer(module: torch.nn.Module, mel: torch.Tensor, reps: int) -> dict[str, dict]:
    times: dict[str, list[float]] = defaultdict(list)
    shapes: dict[str, str] = {}
    pending: dict[str, torch.cuda.Event] = {}
    hooks = []
    for name, m in module.named_modules():
        if isinstance(m, (torch.nn.Conv1d, torch.nn.ConvTranspose1d)):
            def pre(mod, args, name=name):
                ev = torch.cuda.Event(enable_timing=True)
                ev.record()
                pending[name] = ev
                shapes[name] = f"in {tuple(args[0].shape)} k {mod.kernel_size[0]} d {mod.dilation[0]} s {mod.stride[0]}"

            def post(mod, args, out, name=name):
                ev = torch.cuda.Event(enable_timing=True)
                ev.record()
                times[name].append((pending.pop(name), ev))
            hooks += [m.register_forward_pre_hook(pre), m.register_forward_hook(post)]
    try:
        with torch.inference_mode():
            for _ in range(reps):
                module(mel)
        torch.cuda.synchronize()
    finally:
        for h in hooks:
            h.remove()
    out = {}
    for name, pairs in times.items():
        ms = sorted(a.elapsed_time(b) for a, b in pairs[1:])  # the first is a warm-up
        out[name] = {"ms_median": ms[len(ms) // 2], "shape": shapes[name]}
    return out


def kernels(module: torch.nn.Module, mel: torch.Tensor) -> list[dict]:
    from torch.profiler import ProfilerActivity, profile

    with torch.inference_mode():
        module(mel)
        torch.cuda.synchronize()
        with profile(activities=[ProfilerActivity.CUDA]) as prof:
            for _ in range(3):
                module(mel)
            torch.cuda.synchronize()
    rows = []
    for e in prof.key_averages():
        t = getattr(e, "device_time_total", None) or getattr(e, "cuda_time_total", 0)
        if t > 0:
            rows.append({"kernel": e.key[:120], "calls": e.count // 3, "us_per_forward": t / 3})
    return sorted(rows, key=lambda r: -r["us_per_forward"])[:25]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--voice", default="distill-baker")
    ap.add_argument("--windows", type=int, default=32)
    ap.add_argument("--width", type=int, default=144)
    ap.add_argument("--reps", type=int, default=11)
    ap.add_argument("--out")
    a = ap.parse_args()
    module = load_generator(a.voice)
    mel = torch.randn(a.windows, 80, a.width, device="cuda")
    res = {"device": torch.cuda.get_device_name(), "torch": torch.__version__, "voice": a.voice,
           "windows": a.windows, "width": a.width,
           "command": f"PYTHONPATH=src python bench/hifigan_layers_gpu.py --windows {a.windows} --width {a.width}"}
    for bench in (False, True):
        torch.backends.cudnn.benchmark = bench
        layers = per_layer(module, mel, a.reps)
        total = sum(v["ms_median"] for v in layers.values())
        res[f"benchmark_{bench}"] = {"layers": layers, "conv_ms_total": total, "kernels": kernels(module, mel)}
        print(f"== cudnn.benchmark={bench}: convolutions {total:.2f} ms a forward")
        for name, v in sorted(layers.items(), key=lambda kv: -kv[1]["ms_median"])[:12]:
            print(f"  {v['ms_median']:7.3f} ms  {name:40s} {v['shape']}")
        for r in res[f"benchmark_{bench}"]["kernels"][:8]:
            print(f"  {r['us_per_forward']:9.1f} us  x{r['calls']:<3d} {r['kernel'][:90]}")
    if a.out:
        Path(a.out).write_text(json.dumps(res, indent=1))


if __name__ == "__main__":
    main()
