"""Narrow, long convolutions on a GPU (distill-baker's HiFiGAN, last stages): ways to run them, timed: a diagnostic.

bench/hifigan_layers_gpu.py (session 34, H100) found the last upsampling stage's residual blocks (8 channels,
~43,200 samples a window, 32 windows) taking 9 of the generator's 16.7 ms of convolutions: cuDNN runs them as
`conv2d_grouped_direct_kernel` at ~0.5-0.8 ms a call where reading and writing the tensors takes ~0.03 ms. For
each (channels, kernel, dilation) of the last two stages this times, on inputs padded as `CausalConv` pads them:
  cudnn        F.conv1d (what runs today)
  nhwc         conv2d on (B, C, 1, T) in channels_last memory format
  taps         one small matmul per tap, summed (einsum over channels)
  half         F.conv1d in float16
  triton       a Triton kernel: a block of samples of one window, every output channel, taps and input channels
               unrolled (float32), on the padded input, its dilation a compile-time constant (session 34's run)
  narrow       the kernel ttsserve ships (pipeline/narrow_conv.py): the same, reading the causal padding as
               zeros from the unpadded input, its dilation a runtime argument (added after session 34's run)
and checks each against cudnn (max |difference|). -> JSON (--out) and a table.

usage: PYTHONPATH=src python bench/narrow_conv_gpu.py [--batch 32] [--only cudnn,narrow] [--out FILE.json]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import torch
import torch.nn.functional as F

try:
    import triton
    import triton.language as tl
except ImportError:  # pragma: no cover - the device image has it
    triton = None

if triton is not None:
    @triton.jit
    def _narrow_conv(x_ptr, w_ptr, b_ptr, y_ptr, t_in, t_out, C: tl.constexpr, K: tl.constexpr, D: tl.constexpr,
                     BLOCK: tl.constexpr):
        pid, b = tl.program_id(0), tl.program_id(1)
        t = pid * BLOCK + tl.arange(0, BLOCK)
        o = tl.arange(0, C)
        ok = t < t_out
        acc = tl.zeros((C, BLOCK), dtype=tl.float32)
        for c in tl.static_range(C):
            for j in tl.static_range(K):
                xv = tl.load(x_ptr + (b * C + c) * t_in + t + j * D, mask=ok, other=0.0)
                wv = tl.load(w_ptr + o * (C * K) + c * K + j)
                acc += wv[:, None] * xv[None, :]
        acc += tl.load(b_ptr + o)[:, None]
        tl.store(y_ptr + (b * C + o[:, None]) * t_out + t[None, :], acc, mask=ok[None, :])


def triton_conv(xp: torch.Tensor, w: torch.Tensor, bias: torch.Tensor, d: int, block: int = 512) -> torch.Tensor:
    b, c, t_in = xp.shape
    k = w.shape[-1]
    t_out = t_in - (k - 1) * d
    y = torch.empty(b, c, t_out, device=xp.device, dtype=xp.dtype)
    _narrow_conv[(triton.cdiv(t_out, block), b)](xp, w.contiguous(), bias, y, t_in, t_out, C=c, K=k, D=d, BLOCK=block)
    return y


def timed(fn, reps: int = 20) -> float:
    fn()
    torch.cuda.synchronize()
    a, b = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
    a.record()
    for _ in range(reps):
        fn()
    b.record()
    torch.cuda.synchronize()
    return a.elapsed_time(b) / reps


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--samples", type=int, default=43200)  # 144 frames x 300 samples
    ap.add_argument("--only", help="comma-separated variants to time (default: all), e.g. cudnn,narrow")
    ap.add_argument("--out")
    a = ap.parse_args()
    torch.manual_seed(0)
    rows = []
    for c, t in ((8, a.samples), (16, a.samples // 2)):
        for k in (3, 7, 11):
            for d in (1, 3, 5):
                x = torch.randn(a.batch, c, t, device="cuda")
                w = torch.randn(c, c, k, device="cuda") / (c * k) ** 0.5
                bias = torch.randn(c, device="cuda")
                xp = F.pad(x, ((k - 1) * d, 0))
                ref = F.conv1d(xp, w, bias, dilation=d)
                variants = {
                    "cudnn": lambda: F.conv1d(xp, w, bias, dilation=d),
                    "nhwc": lambda: F.conv2d(xp4, w4, bias, dilation=(1, d)),
                    "taps": lambda: sum(torch.einsum("oc,bct->bot", w[:, :, j], xp[..., j * d: j * d + t])
                                        for j in range(k)) + bias[:, None],
                    "half": lambda: F.conv1d(xph, wh, bh, dilation=d),
                }
                xp4 = xp[:, :, None].contiguous(memory_format=torch.channels_last)
                w4 = w[:, :, None].contiguous(memory_format=torch.channels_last)
                xph, wh, bh = xp.half(), w.half(), bias.half()
                if triton is not None:
                    from ttsserve.pipeline import narrow_conv

                    variants["triton"] = lambda: triton_conv(xp, w, bias, d)
                    variants["narrow"] = lambda: narrow_conv.causal_conv1d(x, w, bias, d)
                if a.only:
                    variants = {n: f for n, f in variants.items() if n in a.only.split(",")}
                row = {"channels": c, "samples": t, "kernel": k, "dilation": d}
                with torch.inference_mode():
                    for name, fn in variants.items():
                        try:
                            out = fn().float().reshape(ref.shape)
                            row[name] = {"ms": round(timed(fn), 4), "max_diff": float((out - ref).abs().max())}
                        except Exception as exc:  # noqa: BLE001 - a variant that does not run is reported
                            row[name] = {"error": f"{type(exc).__name__}: {str(exc)[:200]}"}
                rows.append(row)
                print(f"C {c:2d} k {k:2d} d {d}: " + "  ".join(
                    f"{n} {v['ms']:.3f} ms ({v['max_diff']:.1e})" if "ms" in v else f"{n} {v['error'][:60]}"
                    for n, v in row.items() if isinstance(v, dict)))
    res = {"device": torch.cuda.get_device_name(), "torch": torch.__version__, "batch": a.batch, "rows": rows,
           "command": f"PYTHONPATH=src python bench/narrow_conv_gpu.py --batch {a.batch}"}
    if a.out:
        Path(a.out).write_text(json.dumps(res, indent=1))


if __name__ == "__main__":
    main()
