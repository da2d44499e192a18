"""The narrow-convolution Triton kernel (pipeline/narrow_conv.py) on a GPU: equal to F.conv1d for the shapes it
is admitted for (fp32 with TF32 off, fp16), and distill-baker's vocoder with it gives the samples cuDNN gives,
eager and replayed from CUDA graphs. Skipped without CUDA or Triton."""

from __future__ import annotations

from pathlib import Path

import pytest
import torch
import torch.nn.functional as F
import yaml

from ttsserve.pipeline import narrow_conv

pytestmark = [pytest.mark.gpu,
              pytest.mark.skipif(not torch.cuda.is_available(), reason="needs CUDA"),
              pytest.mark.skipif(narrow_conv.triton is None, reason="needs Triton")]

from ttsserve.engine.graphs import CudaGraphCache  # noqa: E402
from ttsserve.pipeline.base import StageSpec  # noqa: E402
from ttsserve.pipeline.hifigan import CausalConv  # noqa: E402

WEIGHTS = Path(__file__).resolve().parents[2] / "weights"


@pytest.mark.parametrize("dtype", [torch.float32, torch.float16], ids=["fp32", "fp16"])
@pytest.mark.parametrize("c, k, d", [(8, 3, 1), (8, 7, 3), (8, 11, 5), (16, 3, 5), (4, 5, 2)])
def test_kernel_equals_conv1d(c, k, d, dtype):
    torch.manual_seed(c * k + d)
    x = torch.randn(5, c, 3001, device="cuda").to(dtype)
    w = (torch.randn(c, c, k, device="cuda") / (c * k) ** 0.5).to(dtype)
    b = torch.randn(c, device="cuda").to(dtype)
    with torch.inference_mode(), torch.backends.cudnn.flags(enabled=True, allow_tf32=False):
        want = F.conv1d(F.pad(x, ((k - 1) * d, 0)), w, b, dilation=d).float()
        got = narrow_conv.causal_conv1d(x, w, b, d)
        none = narrow_conv.causal_conv1d(x, w, None, d).float()
    assert got.dtype == dtype and got.shape == x.shape
    tol = 1e-4 if dtype == torch.float32 else 2e-2
    assert (got.float() - want).abs().max().item() < tol
    assert (none + b.float()[:, None] - want).abs().max().item() < tol


def vocoder(mode: str):
    section = yaml.safe_load((WEIGHTS / "distill-baker" / "voice.yaml").read_text())["vocoder"]
    from ttsserve.pipeline import hifigan

    stage = hifigan.load(StageSpec("hifigan", WEIGHTS / "distill-baker", {k: v for k, v in section.items() if k != "type"}),
                         device="cuda", dtype="float32")
    stage.graphs = CudaGraphCache()
    stage.narrow_kernels = mode
    return stage


def chunks(stage, windows) -> list[torch.Tensor]:
    return [w.float().cpu() for w in stage.run_windows(windows, max_windows=16)]


def test_distill_baker_with_the_kernel_gives_cudnns_samples_eager_and_graphed():
    on, off = vocoder("on"), vocoder("off")
    mel = torch.randn(700, 80, generator=torch.Generator().manual_seed(3)) * 0.6 - 4.0
    windows = on.plan_windows(mel, chunk_frames=24)[:1] + on.plan_windows(mel, chunk_frames=96, equal_length=True,
                                                                           start=24)
    with torch.backends.cudnn.flags(enabled=True, allow_tf32=False):
        off.graphs = None
        want = chunks(off, windows)
        cache, on.graphs = on.graphs, None
        eager = chunks(on, windows)
        on.graphs = cache
        graphed = [chunks(on, windows) for _ in range(2)]  # captured, then replayed
    used = [m for m in on.module.modules() if isinstance(m, CausalConv) and m.narrow == "on"]
    assert len(used) == 24 and all(list(m._narrow_ok.values()) == [True] for m in used)
    for got in (eager, *graphed):
        worst = max(float((a - b).abs().max()) for a, b in zip(got, want))
        print(f"max |narrow - cudnn| {worst:.2e}")
        assert [len(a) for a in got] == [len(b) for b in want] and worst <= 1e-3
    assert on.graphs.stats()["replays"] >= 2
