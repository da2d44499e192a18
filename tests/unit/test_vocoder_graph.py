"""Which vocoder windows get a CUDA graph (pipeline/vocoder_graph.py), on the CPU: the shipped vocoders' standard
widths (a stream's first chunk, its interior chunks, with context), how a window's width maps to a captured one,
and that without CUDA the forward is the module's own. The replays themselves: tests/gpu/test_vocoder_graph_gpu.py."""

from __future__ import annotations

from pathlib import Path

import numpy as np
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
    # a causal window up to the rounded width runs at it, and a window already padded to it maps to itself (the
    # stacking pads causal windows first: a padded width that missed the graphs ran every such window eagerly)
    assert vg.graph_width(135, (24, 134), causal=True) == 144
    assert vg.graph_width(144, (24, 134), causal=True) == 144
    assert vg.graph_width(145, (24, 134), causal=True) is None
    for w in range(1, 145):
        padded = vg.graph_width_or_own(w, (24, 134))
        assert vg.graph_width(padded, (24, 134), causal=True) == padded
    assert [vg.bucket_windows(g) for g in (1, 3, 5, 7, 9, 13, 16, 17)] == [1, 3, 6, 8, 12, 16, 16, None]


def test_without_cuda_the_module_runs_as_it_is():
    stage = vocoder("distill-baker")
    x = torch.randn(3, 80, 134)
    cache = CudaGraphCache()
    with torch.inference_mode():
        got = vg.forward(stage.module, x, hop=stage.hop_length, causal=True, cache=cache, widths=stage.graph_widths())
        assert torch.equal(got, stage.module(x))
    assert cache.stats()["captures"] == 0 and len(cache) == 0


def test_padded_widths_and_the_width_a_window_runs_at():
    widths = vg.padded_widths((52, 152))
    assert widths == (52, 152, 304, 456, 608)  # the standard ones, then 2x .. 4x the widest
    assert vg.run_width(152, widths, 64) == 152
    assert vg.run_width(150, widths, 64) == 152
    assert vg.run_width(153, widths, 64) == 304
    assert vg.run_width(428, widths, 64) == 456  # a whole mel's 400-frame chunk with its context
    assert vg.run_width(44, widths, 64) == 44  # narrower than the minimum: its own width (eagerly)
    assert vg.run_width(52, widths, 64) == 52  # a standard width stays one
    assert vg.run_width(700, widths, 64) == 700  # wider than any: its own
    assert vg.graph_width_or_own(40, (24, 134)) == 144 and vg.graph_width_or_own(200, (24, 134)) == 200


def test_windows_are_stacked_and_padded_as_one_by_one():
    from ttsserve.pipeline.torch_stage import _pad_right, _stack_padded

    torch.manual_seed(0)
    windows = [torch.randn(4, n) for n in (5, 5, 9, 2, 12, 9, 1)]
    got = _stack_padded(windows, 12)
    assert got.shape == (7, 4, 12)
    assert torch.equal(got, torch.stack([_pad_right(w, 12) for w in windows]))


def test_pad_right_mirrors_then_repeats():
    from ttsserve.pipeline.torch_stage import _pad_right

    w = torch.arange(12.0).reshape(2, 6)  # frames 0..5 of two channels
    assert torch.equal(_pad_right(w, 6), w)
    got = _pad_right(w, 9)
    assert torch.equal(got[0], torch.tensor([0.0, 1, 2, 3, 4, 5, 4, 3, 2]))  # mirrored after the end
    got = _pad_right(w, 14)
    assert torch.equal(got[0], torch.tensor([0.0, 1, 2, 3, 4, 5, 4, 3, 2, 1, 0, 0, 0, 0]))  # ... then repeated
    assert torch.equal(_pad_right(w[:, :1], 3)[1], torch.tensor([6.0, 6, 6]))  # one frame: repeated


def test_windows_of_several_widths_stack_at_their_run_width():
    from ttsserve.pipeline.torch_stage import _pad_right, vocode_windows_batched

    stage = vocoder("baker")
    g = torch.Generator().manual_seed(3)
    mels = [torch.randn(80, t, generator=g) * 0.6 - 4.0 for t in (100, 120, 150, 44)]
    jobs = [(i, m, 0, m.shape[-1]) for i, m in enumerate(mels)]
    widths = vg.padded_widths(stage.graph_widths())
    calls = []

    def forward(x):
        calls.append(tuple(x.shape))
        return stage.module(x)

    with torch.inference_mode():
        got = vocode_windows_batched(stage.module, jobs, hop=stage.hop_length, n_items=4, max_windows=8,
                                     forward=forward, width_of=lambda w: vg.run_width(w, widths, 64))
        assert sorted(calls) == [(1, 80, 44), (3, 80, 152)]  # three widths in one pass; the short one alone
        hop = stage.hop_length
        for m, wav in zip(mels[:3], got[:3]):
            alone = stage.module(_pad_right(m, 152)[None])[0, : m.shape[-1] * hop]
            assert wav.shape == alone.shape
            assert float((wav - alone).abs().max()) <= 1e-2  # (one pass of three vs alone: float rounding, and
            # a sub-band sample on the other side of a 1/128 step)
        assert torch.equal(got[3], stage.module(mels[3][None])[0])


def test_a_pass_of_wide_padded_windows_stacks_fewer_of_them():
    """`frames_per_pass`: padded windows of a wide width go in smaller passes (no more frames a pass than the
    standard widths' passes hold), each window's audio the same as in one big pass (up to float rounding)."""
    from ttsserve.pipeline.torch_stage import vocode_windows_batched

    stage = vocoder("baker")
    g = torch.Generator().manual_seed(5)
    mels = [torch.randn(80, t, generator=g) * 0.6 - 4.0 for t in (400, 410, 420, 430, 440, 100)]
    jobs = [(i, m, 0, m.shape[-1]) for i, m in enumerate(mels)]
    widths = vg.padded_widths(stage.graph_widths())
    shapes = []

    def forward(x):
        shapes.append(tuple(x.shape))
        return stage.module(x)

    def run(frames_per_pass):
        shapes.clear()
        return vocode_windows_batched(stage.module, jobs, hop=stage.hop_length, n_items=len(mels), max_windows=8,
                                      forward=forward, width_of=lambda w: vg.run_width(w, widths, 64),
                                      frames_per_pass=frames_per_pass)

    with torch.inference_mode():
        whole = run(None)
        assert sorted(shapes) == [(1, 80, 152), (5, 80, 456)]
        capped = run(8 * 152)  # 1,216 frames: two 456-frame windows a pass
        assert sorted(shapes) == [(1, 80, 152), (1, 80, 456), (2, 80, 456), (2, 80, 456)]
    for a, b in zip(whole, capped):
        assert a.shape == b.shape and float((a - b).abs().max()) <= 1e-2


def test_baker_on_a_gpu_pads_its_windows_and_the_audio_stays_close(monkeypatch):
    """What `run_windows` does on a GPU with graphs and `vocoder_pad_windows` (the device faked: the tensors stay on the CPU, so the forward
    runs eagerly on the padded stack): a real call's mel, whole, padded to a captured width; its audio within
    30 dB SNR of the unpadded window's (bench/vocoder_padding.py: 34.1 dB at worst over 138 calls, median 48.5)."""
    from ttsserve.frontend import MandarinFrontend
    from ttsserve.pipeline.voice import LoadedVoice, Placement, SynthesisOptions, plan_calls
    from ttsserve.voices import load_manifest

    voice = LoadedVoice.load(load_manifest(WEIGHTS / "baker"), Placement("cpu", "cpu", "float32"))
    stage = voice.vocoder
    assert not stage.pad_windows  # Placement's default (the setting's is on: the worker passes it)
    padded = LoadedVoice.load(load_manifest(WEIGHTS / "baker"), Placement("cpu", "cpu", "float32", vocoder_pad_windows=True))
    assert padded.vocoder.pad_windows
    plan = plan_calls(voice, MandarinFrontend().process("今天天气不错，我们一起去公园散步吧。"), SynthesisOptions())
    with torch.inference_mode():
        mel = voice.acoustic.infer([plan.inputs[0]])[0].mel
    mel = mel[: 2 * len(mel) // 3]  # a call that ends in speech (this one's silent end is not changed at all)
    windows = stage.plan_windows(mel, equal_length=True)
    width = windows[0].mel.shape[-1]
    assert len(windows) == 1 and width not in stage.graph_widths()  # a whole call: one window, no standard width
    ref = torch.cat(stage.run_windows(windows)).numpy()  # the CPU's: unpadded
    monkeypatch.setattr(stage, "graphs", CudaGraphCache())
    monkeypatch.setattr(stage, "device", torch.device("cuda"))
    seen = []
    real = vg.forward
    monkeypatch.setattr(vg, "forward", lambda module, x, **kw: seen.append(x.shape[-1]) or real(module, x, **kw))
    assert np.array_equal(torch.cat(stage.run_windows(windows)).numpy(), ref) and seen == [width]  # setting off
    seen.clear()
    monkeypatch.setattr(stage, "pad_windows", True)
    got = torch.cat(stage.run_windows(windows)).numpy()
    assert seen == [vg.run_width(width, vg.padded_widths(stage.graph_widths()), 64)] and seen[0] > width
    assert got.shape == ref.shape
    snr = 10 * np.log10((ref.astype(np.float64) ** 2).sum() / ((ref - got).astype(np.float64) ** 2).sum())
    print(f"padded to {seen[0]} frames from {width}: SNR {snr:.1f} dB")
    assert 30 < snr < 200  # padded (not bitwise the unpadded window), and close to it
