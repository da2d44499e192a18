"""The narrow-convolution kernel (pipeline/narrow_conv.py) run by Triton's interpreter on the CPU against
F.conv1d (the shapes it is admitted for and others; fp32 within 1e-5, fp16 within 5e-3; with and without bias; a
length that is not a multiple of the block), and compiled for sm_90 (Triton's bundled ptxas, no GPU) without
spilling. Skipped without Triton (CI has none); see tests/triton_interp.py for running it."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest
import torch
import torch.nn.functional as F

if importlib.util.find_spec("triton") is None:
    pytest.skip("Triton is not installed", allow_module_level=True)

from tests import triton_interp  # noqa: E402
from ttsserve.pipeline import narrow_conv  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]


@triton_interp.outside
def test_under_the_interpreter():
    triton_interp.run_module(__file__, exclude="test_under_the_interpreter or test_kernel_compiles", min_passed=10,
                             timeout_s=600)


@triton_interp.outside
@pytest.mark.parametrize("c, k", [(8, 3), (8, 7), (8, 11), (16, 3)])
def test_kernel_compiles_for_an_h100_without_spilling(c, k):
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        from sambert_fused_compile import compile_kernel
    finally:
        sys.path.remove(str(ROOT / "bench"))
    signature = {"x_ptr": "*fp32", "w_ptr": "*fp32", "b_ptr": "*fp32", "y_ptr": "*fp32", "t_len": "i32",
                 "dilation": "i32", "C": "constexpr", "K": "constexpr", "HAS_BIAS": "constexpr", "BLOCK": "constexpr"}
    row = compile_kernel(narrow_conv._causal_conv, signature, {"C": c, "K": k, "HAS_BIAS": True, "BLOCK": 512},
                         arch=90, num_warps=4)
    print(row)
    assert 0 < row["registers"] <= 255 and row["stack_bytes"] == 0 and row["local_bytes"] == 0, row


@triton_interp.interpreted
@pytest.mark.parametrize("dtype", [torch.float32, torch.float16], ids=["fp32", "fp16"])
@pytest.mark.parametrize("c, k, d", [(8, 3, 1), (8, 7, 3), (8, 11, 5), (16, 3, 5), (4, 5, 2)])
def test_kernel_equals_conv1d(c, k, d, dtype):
    g = torch.Generator().manual_seed(c * k + d)
    x = torch.randn(3, c, 301, generator=g).to(dtype)
    w = (torch.randn(c, c, k, generator=g) / (c * k) ** 0.5).to(dtype)
    b = torch.randn(c, generator=g).to(dtype)
    want = F.conv1d(F.pad(x.float(), ((k - 1) * d, 0)), w.float(), b.float(), dilation=d)
    got = narrow_conv.causal_conv1d(x, w, b, d, block=128)  # 301 samples: three blocks, the last one partial
    bare = narrow_conv.causal_conv1d(x, w, None, d, block=128)
    tol = 1e-5 if dtype == torch.float32 else 5e-3
    assert got.dtype == dtype and got.shape == x.shape
    assert (got.float() - want).abs().max().item() < tol
    assert (bare.float() + b.float()[:, None] - want).abs().max().item() < tol
