"""A Triton kernel for narrow, long causal convolutions on a GPU (a HiFiGAN's last upsampling stages).

A causal HiFiGAN's last stage runs its residual blocks with 8 channels over every output sample (43,200 per
1.8 s window). For these shapes cuDNN picks `conv2d_grouped_direct_kernel`, measured on an H100 at 0.53-0.77 ms
a call (32 windows) where the tensors take ~0.03 ms to read and write: 9 of the 16.7 ms that distill-baker's
generator spent in convolutions (bench/hifigan_layers_gpu.py, bench/narrow_conv_gpu.py; docs/benchmarks.md,
session 34). This kernel computes a block of samples of one window for every output channel at once, the
input channels and taps unrolled, the causal left padding read as zeros (no padded copy): 0.04-0.07 ms for 8
channels and kernels of 3 or 7, 0.10 against 0.27 ms for 11; for 16 channels only kernels of 3 win clearly
(0.05 against 0.17 ms). `eligible` admits those measured shapes and no others.

Modes (the `vocoder_narrow_kernels` setting): "off" (cuDNN everywhere), "auto" (the kernel where Triton and a
CUDA device are present and a one-off check against F.conv1d passes, else cuDNN), "on" (required: an error
where it cannot run).
"""

from __future__ import annotations

import logging

import torch
import torch.nn.functional as F

log = logging.getLogger(__name__)

MODES = ("auto", "on", "off")
MAX_IN_TAPS = 88  # c_in * kernel of the measured wins: 8 x 11 (8 channels, every kernel), 16 x 3
MAX_CHANNELS = 16

try:  # Triton is optional: without it cuDNN runs every convolution
    import triton
    import triton.language as tl
except ImportError:  # pragma: no cover - depends on the installation
    triton = None
    tl = None


class Unsupported(RuntimeError):
    """The kernel cannot run here (no Triton, no CUDA, or its check against F.conv1d failed)."""


def eligible(conv: torch.nn.Conv1d) -> bool:
    """A convolution of the measured kind: as many outputs as inputs (a power of two, at most 16), stride 1, one
    group, and input channels x taps at most MAX_IN_TAPS."""
    c_out, c_in, k = conv.weight.shape
    return (c_in == c_out and c_out <= MAX_CHANNELS and c_out & (c_out - 1) == 0 and conv.stride == (1,)
            and conv.groups == 1 and c_in * k <= MAX_IN_TAPS)


def check_mode(mode: str) -> str:
    if mode not in MODES:
        raise ValueError(f"vocoder_narrow_kernels must be one of {', '.join(MODES)}, not {mode!r}")
    if mode == "on" and triton is None:
        raise Unsupported("vocoder_narrow_kernels is 'on' but Triton is not installed")
    return mode


if triton is not None:
    # The length and the dilation are runtime arguments Triton must not specialize (by default it compiles apart an
    # integer equal to 1 or divisible by 16): one compiled kernel per channel count and kernel size, four for
    # distill-baker. Specialized, they made ~3 times as many compiles: a fresh host's first distill-baker request took
    # 54 s against 19 s without the kernel; unspecialized, 43 against 32 s on another H100 (bench/first_use_gpu.sh).
    @triton.jit(do_not_specialize=["t_len", "dilation"])
    def _causal_conv(x_ptr, w_ptr, b_ptr, y_ptr, t_len, dilation, C: tl.constexpr, K: tl.constexpr,
                     HAS_BIAS: tl.constexpr, BLOCK: tl.constexpr):
        pid = tl.program_id(0)
        row = tl.program_id(1).to(tl.int64)  # the window
        t = pid * BLOCK + tl.arange(0, BLOCK)
        o = tl.arange(0, C)
        ok = t < t_len
        acc = tl.zeros((C, BLOCK), dtype=tl.float32)
        for c in tl.static_range(C):
            base = x_ptr + (row * C + c) * t_len
            for j in tl.static_range(K):
                src = t + (j - (K - 1)) * dilation  # causal: tap K-1 reads sample t
                xv = tl.load(base + src, mask=ok & (src >= 0), other=0.0).to(tl.float32)
                wv = tl.load(w_ptr + o * (C * K) + c * K + j).to(tl.float32)
                acc += wv[:, None] * xv[None, :]
        if HAS_BIAS:
            acc += tl.load(b_ptr + o).to(tl.float32)[:, None]
        out = y_ptr + (row * C + o[:, None]) * t_len + t[None, :]
        tl.store(out, acc.to(y_ptr.dtype.element_ty), mask=ok[None, :])


def causal_conv1d(x: torch.Tensor, weight: torch.Tensor, bias: torch.Tensor | None, dilation: int,
                  block: int = 512) -> torch.Tensor:
    """F.conv1d(F.pad(x, ((k - 1) * dilation, 0)), weight, bias, dilation=dilation) for x (B, C, T) on a GPU,
    weight (C, C, k): the kernel above (float32 accumulation, the input's dtype out)."""
    b, c, t = x.shape
    x = x.contiguous()
    y = torch.empty_like(x)
    k = weight.shape[-1]
    _causal_conv[(triton.cdiv(t, block), b)](x, weight.contiguous(), bias if bias is not None else weight, y, t,
                                             dilation, C=c, K=k, HAS_BIAS=bias is not None, BLOCK=block)
    return y


def self_check(conv: torch.nn.Conv1d) -> None:
    """Compile the kernel for this convolution (outside any graph capture) and compare it with F.conv1d on a
    random input, TF32 off; raise Unsupported when they disagree."""
    if triton is None:
        raise Unsupported("Triton is not installed")
    w = conv.weight
    if w.device.type != "cuda":
        raise Unsupported(f"no CUDA device ({w.device.type})")
    d, k = conv.dilation[0], w.shape[-1]
    gen = torch.Generator(device=w.device).manual_seed(0)
    x = torch.randn(3, w.shape[1], 700, device=w.device, generator=gen).to(w.dtype)
    with torch.inference_mode(), torch.backends.cudnn.flags(enabled=True, allow_tf32=False):
        want = F.conv1d(F.pad(x, ((k - 1) * d, 0)), w, conv.bias, dilation=d).float()
        got = causal_conv1d(x, w, conv.bias, d).float()
    worst = float((got - want).abs().max() / want.abs().max().clamp_min(1.0))
    if not worst <= (1e-4 if w.dtype == torch.float32 else 2e-2):
        raise Unsupported(f"narrow convolution kernel disagrees with F.conv1d: {worst:.3g} (relative)")
