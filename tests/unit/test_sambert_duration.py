"""Sambert's duration loop as one Triton kernel (pipeline/sambert_duration.py) against `DurationPredictor.infer`,
run by Triton's interpreter on the CPU: distill-baker's shipped predictor and a small random one, several rows,
lengths that are not a multiple of the kernel's length quantum; float32 within 1e-5 (log durations), frame counts
identical. And the kernel compiles for sm_90 (Triton's bundled ptxas, no GPU) without spilling. Skipped without
Triton (CI has none)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest
import torch
import yaml

if importlib.util.find_spec("triton") is None:
    pytest.skip("Triton is not installed", allow_module_level=True)

from tests import triton_interp  # noqa: E402
from tests.kantts_voice import small_sambert  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
interpreted = triton_interp.interpreted


@triton_interp.outside
def test_under_the_interpreter():
    """The checks below, in a process with Triton's interpreter (Triton picks it when imported)."""
    triton_interp.run_module(__file__, exclude="test_under_the_interpreter or test_kernel_compiles", min_passed=3)


@triton_interp.outside
def test_kernel_compiles_for_an_h100_without_spilling():
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        from sambert_fused_compile import compile_duration_kernel
    finally:
        sys.path.remove(str(ROOT / "bench"))
    row = compile_duration_kernel(90)
    print(row)
    assert 0 < row["registers"] <= 255 and row["stack_bytes"] == 0 and row["local_bytes"] == 0, row


def shipped_predictor():
    from ttsserve.pipeline.base import StageSpec
    from ttsserve.pipeline.sambert import load

    voice = ROOT / "weights/distill-baker"
    opts = {k: v for k, v in yaml.safe_load((voice / "voice.yaml").read_text())["acoustic"].items() if k != "type"}
    return load(StageSpec("sambert", voice, opts)).module.variance_adaptor.duration_predictor


@interpreted
@pytest.mark.parametrize("which,rows,symbols", [("small", 3, 12), ("shipped", 2, 33)])
def test_kernel_equals_the_loop(which, rows, symbols):
    from ttsserve.pipeline.sambert_duration import duration_loop

    pred = small_sambert(seed=3).variance_adaptor.duration_predictor if which == "small" else shipped_predictor()
    c = pred.lstm.input_size - pred.prenet(torch.zeros(1, 1)).shape[-1]
    cond = torch.randn(rows, symbols, c, generator=torch.Generator().manual_seed(rows))
    with torch.inference_mode():
        ref = pred.infer(cond, cells=False)
        got = duration_loop(pred, cond)
    assert got.shape == ref.shape == (rows, symbols)
    assert (got - ref).abs().max().item() < 1e-5
    assert torch.equal((torch.exp(got) - 1 + 0.5).long(), (torch.exp(ref) - 1 + 0.5).long())


@interpreted
def test_what_the_kernel_does_not_handle_is_refused():
    from ttsserve.pipeline.sambert_duration import Unsupported, duration_loop

    pred = small_sambert(seed=3).variance_adaptor.duration_predictor
    c = pred.lstm.input_size - pred.prenet(torch.zeros(1, 1)).shape[-1]
    with pytest.raises(Unsupported, match="float32"):
        duration_loop(pred, torch.zeros(1, 4, c, dtype=torch.float64))
    with pytest.raises(Unsupported, match="at most"):
        duration_loop(pred, torch.zeros(1, 600, c))
