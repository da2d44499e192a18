"""Which vocoder windows get a CUDA graph (pipeline/vocoder_graph.py), on the CPU: the shipped vocoders' standard
widths (a stream's first chunk, its interior chunks, with context), how a window's width maps to a captured one,
and that without CUDA the forward is the module's own. The replays themselves: tests/gpu/test_vocoder_graph_gpu.py."""

from __future__ import annotations

from pathlib import Path

import pytest
import torch
import yaml

from ttsserve.engine.graphs import CudaGraphCache
from ttsserve.pipeline import vocoder_graph as vg
from ttsserve.pipeline.base import StageSpec

WEIGHTS = Path(__file__).resolve().parents[2] / "weights"


def vocoder(voice: str):
    section = yaml.safe_load((WEIGHTS / voice / "voice.yaml").read_text())["vocoder"]
    mod = __import__(f"ttsserve.pipeline.{section['type']}", fromlist=["load"])
    return mod.load(StageSpec(section["type"], WEIGHTS / voice, {k: v for k, v in section.items() if k != "type"}))


@pytest.mark.parametrize("voice", ["distill-baker", "baker"])
def test_standard_widths_are_the_planned_windows_of_a_streamed_call(voice):
    stage = vocoder(voice)
    mel = torch.zeros(700, 80)
    first = stage.plan_windows(mel, chunk_frames=24)[0].mel.shape[-1]
    inner = stage.plan_windows(mel, chunk_frames=96, equal_length=True, start=24)[1].mel.shape[-1]
    assert stage.graph_widths() == tuple(sorted({first, inner}))


def test_width_mapping():
    assert vg.graph_width(152, (52, 152), causal=False) == 152
    assert vg.graph_width(150, (52, 152), causal=False) is None  # a non-causal window is never padded
    assert vg.graph_width(428, (52, 152), causal=False) is None
    assert vg.graph_width(24, (24, 134), causal=True) == 32
    assert vg.graph_width(40, (24, 134), causal=True) == 144  # a short tail joins the interior chunks' graph
    assert vg.graph_width(134, (24, 134), causal=True) == 144
    assert vg.graph_width(135, (24, 134), causal=True) is None
    assert [vg.bucket_windows(g) for g in (1, 3, 5, 7, 9, 13, 16, 17)] == [1, 3, 6, 8, 12, 16, 16, None]


def test_without_cuda_the_module_runs_as_it_is():
    stage = vocoder("distill-baker")
    x = torch.randn(3, 80, 134)
    cache = CudaGraphCache()
    with torch.inference_mode():
        got = vg.forward(stage.module, x, hop=stage.hop_length, causal=True, cache=cache, widths=stage.graph_widths())
        assert torch.equal(got, stage.module(x))
    assert cache.stats()["captures"] == 0 and len(cache) == 0
