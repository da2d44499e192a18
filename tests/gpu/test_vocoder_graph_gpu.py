"""The vocoders' stacked windows replayed from CUDA graphs (pipeline/vocoder_graph.py) give the chunks the eager
forward gives: both shipped vocoders (distill-baker's causal HiFiGAN, whose narrower windows are padded up to a
captured width, and baker's MB-MelGAN, captured at its standard widths only), window counts padded to a bucket,
fp32 and fp16;
the graphs are reused, and go stale when the module moves. Skipped without CUDA. Each stage gets its own cache.

Graphed vs eager run other shapes (padded rows, padded frames), so cuDNN may pick other kernels: chunks agree
within TOL (fp32 convolutions run in TF32 by default); the maxima are printed (-s) for the record."""

from __future__ import annotations

from pathlib import Path

import pytest
import torch
import yaml

pytestmark = [pytest.mark.gpu, pytest.mark.skipif(not torch.cuda.is_available(), reason="needs CUDA")]

from ttsserve.engine.graphs import CudaGraphCache  # noqa: E402
from ttsserve.pipeline import vocoder_graph  # noqa: E402
from ttsserve.pipeline.base import StageSpec  # noqa: E402

WEIGHTS = Path(__file__).resolve().parents[2] / "weights"
TOL = {torch.float32: 2e-3, torch.float16: 2e-2}  # on waveforms of magnitude <= 1


def vocoder(voice: str, dtype: torch.dtype):
    section = yaml.safe_load((WEIGHTS / voice / "voice.yaml").read_text())["vocoder"]
    kind = section["type"]
    mod = __import__(f"ttsserve.pipeline.{kind}", fromlist=["load"])
    stage = mod.load(StageSpec(kind, WEIGHTS / voice, {k: v for k, v in section.items() if k != "type"}),
                     device="cuda", dtype=str(dtype).removeprefix("torch."))
    stage.graphs = CudaGraphCache()
    return stage


def chunks(stage, windows, *, graphs: bool) -> list[torch.Tensor]:
    saved = stage.graphs
    if not graphs:
        stage.graphs = None
    try:
        return [w.float().cpu() for w in stage.run_windows(windows, max_windows=16)]
    finally:
        stage.graphs = saved


@pytest.mark.parametrize("dtype", [torch.float32, torch.float16], ids=["fp32", "fp16"])
@pytest.mark.parametrize("voice", ["distill-baker", "baker"])
def test_graphed_windows_equal_eager(voice, dtype):
    stage = vocoder(voice, dtype)
    g = torch.Generator().manual_seed(0)
    mels = [torch.randn(t, 80, generator=g) * 0.6 - 4.0 for t in (700, 520, 333)]
    windows = []
    for mel in mels:  # a streamed call's first chunk, then 96-frame chunks; and a whole mel's windows
        windows += stage.plan_windows(mel, chunk_frames=24)[:1]
        windows += stage.plan_windows(mel, chunk_frames=96, equal_length=True, start=24)
    ref = chunks(stage, windows, graphs=False)
    got = [chunks(stage, windows, graphs=True) for _ in range(2)]
    worst = max(float((a - b).abs().max()) for a, b in zip(got[1], ref))
    print(f"{voice} {dtype}: {len(windows)} windows, max |graphed - eager| = {worst:.2e}")
    assert [len(a) for a in got[1]] == [len(b) for b in ref]
    assert worst <= TOL[dtype]
    # (two replays are not bitwise equal in fp16: cuDNN's fp16 transposed convolutions may accumulate atomically;
    # measured on an H200: 1.6e-5 from eager at most)
    assert max(float((a - b).abs().max()) for a, b in zip(got[0], got[1])) <= TOL[dtype]
    stats = stage.graphs.stats()
    assert stats["captures"] >= 2 and stats["replays"] >= 4  # the first chunks' width and the interior one


def test_windows_padded_to_a_bucket_and_graphs_reused():
    stage = vocoder("distill-baker", torch.float32)
    mel = torch.randn(900, 80, generator=torch.Generator().manual_seed(1)) * 0.6 - 4.0
    wins = stage.plan_windows(mel, chunk_frames=96, equal_length=True, start=96)  # interior windows, one width
    ref = chunks(stage, wins[:5], graphs=False)
    got = chunks(stage, wins[:5], graphs=True)  # 5 windows -> the 6-window graph
    assert max(float((a - b).abs().max()) for a, b in zip(got, ref)) <= TOL[torch.float32]
    width = wins[0].mel.shape[-1]
    key = ("vocoder", id(stage.module), vocoder_graph.bucket_windows(5),
           -(-width // vocoder_graph.WIDTH_QUANTUM) * vocoder_graph.WIDTH_QUANTUM, torch.float32, 0)
    assert key in stage.graphs.keys()
    captures = stage.graphs.stats()["captures"]
    chunks(stage, wins[1:6], graphs=True)
    assert stage.graphs.stats()["captures"] == captures  # same bucket: replayed, not captured again


def test_graphs_go_stale_when_the_module_moves():
    stage = vocoder("distill-baker", torch.float32)
    mel = torch.randn(300, 80, generator=torch.Generator().manual_seed(2)) * 0.6 - 4.0
    wins = stage.plan_windows(mel, chunk_frames=96, equal_length=True)
    chunks(stage, wins, graphs=True)
    assert len(stage.graphs) >= 1
    stage.to("cpu")
    stage.to("cuda")  # new parameter addresses: the old graphs can never replay
    ref = chunks(stage, wins, graphs=False)
    got = chunks(stage, wins, graphs=True)
    assert max(float((a - b).abs().max()) for a, b in zip(got, ref)) <= TOL[torch.float32]
    assert stage.graphs.stats()["evictions"] >= 1


def test_baker_whole_mel_windows_are_padded_to_captured_widths():
    """MB-MelGAN's whole-mel windows (no standard width) stack at a padded width and replay graphs; each chunk is
    the eager forward's on the same padded window (closeness to the unpadded window: tests/unit/
    test_vocoder_graph.py, bench/vocoder_padding.py)."""
    from ttsserve.pipeline.torch_stage import _pad_right

    stage = vocoder("baker", torch.float32)
    stage.pad_windows = True  # the `vocoder_pad_windows` setting
    g = torch.Generator().manual_seed(4)
    mels = [torch.randn(t, 80, generator=g) * 0.6 - 4.0 for t in (120, 140, 200, 300, 700)]
    windows = [w for mel in mels for w in stage.plan_windows(mel, equal_length=True)]
    widths = vocoder_graph.padded_widths(stage.graph_widths())
    hop = stage.hop_length
    with torch.inference_mode():
        ref = []
        for w in windows:
            run = vocoder_graph.run_width(w.mel.shape[-1], widths, stage.pad_right_min_frames)
            ref.append(stage.module(_pad_right(w.mel, run)[None])[0, w.offset * hop : (w.offset + w.frames) * hop]
                       .float().cpu())
    got = [chunks(stage, windows, graphs=True) for _ in range(2)]
    worst = max(float((a - b).abs().max()) for a, b in zip(got[1], ref))
    print(f"baker padded windows: {len(windows)}, max |graphed - eager padded| = {worst:.2e}")
    assert [len(a) for a in got[1]] == [len(b) for b in ref]
    assert worst <= TOL[torch.float32]
    runs = {k[3] for k in stage.graphs.keys() if k[0] == "vocoder"}
    assert {152, 304, 456} <= runs  # 120 / 140 -> 152, 200 / 300 -> 304, a 700-frame mel's windows -> 456
    assert stage.graphs.stats()["replays"] >= 2 * len(runs)
