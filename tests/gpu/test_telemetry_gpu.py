"""The allocator figures the worker reads around every stage (`telemetry.cuda_allocator`, from torch's nested
counters) are torch's public ones."""

from __future__ import annotations

import pytest
import torch

pytestmark = pytest.mark.gpu
if not torch.cuda.is_available():
    pytest.skip("needs CUDA", allow_module_level=True)

from ttsserve.telemetry import cuda_allocator  # noqa: E402


def test_allocator_figures_are_torchs_own():
    torch.cuda.reset_peak_memory_stats()
    big = torch.empty(64 << 20, dtype=torch.uint8, device="cuda")
    del big
    keep = torch.empty(1 << 20, dtype=torch.uint8, device="cuda")
    got = cuda_allocator(torch, "cuda")
    assert got == {"allocated": torch.cuda.memory_allocated(), "peak_allocated": torch.cuda.max_memory_allocated(),
                   "reserved": torch.cuda.memory_reserved()}
    assert got["peak_allocated"] >= (64 << 20) + got["allocated"] - (1 << 20) and keep.numel() == 1 << 20
    assert cuda_allocator(torch, torch.device("cuda", 0)) == got
