"""Sambert decoder slots on a GPU (pipeline/sambert_slots.py): the captured k-step graph gives what the
whole-call path gives, for calls that join at different times, in fp32 and fp16, with the official 12-layer
sizes (the slots' step is the fused one where Triton is installed); and the graph is captured once and replayed.
Skipped without CUDA."""

from __future__ import annotations

import pytest
import torch

pytestmark = [pytest.mark.gpu, pytest.mark.skipif(not torch.cuda.is_available(), reason="needs CUDA")]

from tests.unit.test_sambert_slots import call_input  # noqa: E402
from ttsserve.engine.graphs import CudaGraphCache  # noqa: E402
from ttsserve.pipeline.sambert import Sambert, SambertAcoustic, SambertConfig  # noqa: E402


@pytest.fixture(autouse=True)
def full_fp32():
    """fp32 convolutions in fp32, not cuDNN's default TF32: the slots' decoder step is the fused one on a GPU
    with Triton (pipeline/sambert_fused.py), which computes in fp32, and the whole-call path's is not."""
    from ttsserve.pipeline.sambert_fused import exact_fp32

    with exact_fp32():
        yield


def stage(dtype: str) -> SambertAcoustic:
    torch.manual_seed(0)
    model = Sambert(SambertConfig()).eval()
    with torch.no_grad():
        model.variance_adaptor.duration_predictor.fc.bias.fill_(1.8)
    return SambertAcoustic(model, device="cuda", dtype=dtype, graphs=CudaGraphCache())


def decode(sd, inputs) -> list[tuple]:
    """Calls joining at different times (the first alone for two advances); -> (durations, frames, mel) per call."""
    mels: dict[int, list] = {}
    calls = sd.begin(inputs[:1])
    for _ in range(2):
        for c, f in sd.advance():
            mels.setdefault(id(c), []).append(f)
    calls += sd.begin(inputs[1:])
    while not all(c.done for c in calls):
        for c, f in sd.advance():
            mels.setdefault(id(c), []).append(f)
    return [(c.durations, c.frames, torch.cat(mels[id(c)])) for c in calls]


@pytest.mark.parametrize("dtype,tol", [("float32", 1e-4), ("float16", 2e-2)])
def test_slots_on_gpu_equal_the_whole_call_path(dtype, tol):
    st = stage(dtype)
    inputs = [call_input(40, seed=1), call_input(12, seed=2), call_input(25, seed=3, emotion_id=5)]
    refs = [st.infer([inp])[0] for inp in inputs]
    sd = st.decoder_slots(slots=4, steps_per_advance=8)
    for (durations, _frames, got), ref in zip(decode(sd, inputs), refs):
        assert torch.equal(durations, ref.durations)
        assert got.shape == ref.mel.shape
        rel = ((got - ref.mel).norm() / ref.mel.norm()).item()
        print(f"slots vs whole call, {dtype}: relative error {rel:.2e}")
        assert rel < tol
    stats = st.graphs.stats()
    assert stats["captures"] >= 1 and stats["replays"] > 0


def test_graphed_duration_loop_equals_the_eager_one():
    from ttsserve.pipeline.sambert_graph import durations_graphed

    st = stage("float32")
    pred = st.module.variance_adaptor.duration_predictor
    cfg = st.cfg
    d_cond = cfg.encoder_projection + cfg.speaker_units + cfg.emotion_units
    g = torch.Generator().manual_seed(0)
    for b, n in ((1, 40), (3, 75), (1, 33)):
        cond = torch.randn(b, n, d_cond, generator=g).cuda()
        with torch.inference_mode():
            ref = pred.infer(cond)
            got = durations_graphed(pred, cond, st.graphs)
        assert got.shape == ref.shape
        assert (got - ref).abs().max().item() < 1e-5
    assert st.graphs.stats()["disabled"] == 0


def test_slot_graphs_share_the_pool_and_a_capture_mid_call_changes_nothing():
    """The slot decoder's graphs capture into the device's shared pool (charged its growth, like FastSpeech2's and
    the vocoders'), and a graph captured again while calls are half decoded (the cache cleared between advances:
    an eviction) warms up without moving any slot on: every call still equals the whole-call path."""
    st = stage("float32")
    inputs = [call_input(40, seed=1), call_input(12, seed=2), call_input(25, seed=3, emotion_id=5)]
    refs = [st.infer([inp])[0] for inp in inputs]
    sd = st.decoder_slots(slots=4, steps_per_advance=8)
    mels: dict[int, list] = {}
    calls = sd.begin(inputs[:1])
    for c, f in sd.advance():
        mels.setdefault(id(c), []).append(f)
    assert st.graphs.kinds()["sambert-slots"]["graphs"] == 1  # (the calls' encoder graphs are in the cache too)
    captures = st.graphs.stats()["captures"]
    calls += sd.begin(inputs[1:])
    for c, f in sd.advance():
        mels.setdefault(id(c), []).append(f)
    advances = 0
    while not all(c.done for c in calls):
        if advances % 3 == 0:
            st.graphs.clear()  # the next advance captures again, from the slots' state mid-call
        for c, f in sd.advance():
            mels.setdefault(id(c), []).append(f)
        if advances == 0:  # a slot graph alone in the cache, and the pool it made is a shared one
            assert list(st.graphs.kinds()) == ["sambert-slots"] and st.graphs.stats()["pool_bytes"] > 0
        advances += 1
    assert st.graphs.stats()["captures"] >= captures + 2
    for c, ref in zip(calls, refs):
        got = torch.cat(mels[id(c)])
        assert torch.equal(c.durations, ref.durations)
        assert got.shape == ref.mel.shape
        assert ((got - ref.mel).norm() / ref.mel.norm()).item() < 1e-4
