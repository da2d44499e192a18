"""Sambert decoder slots (pipeline/sambert_slots.py): calls that join a running decoder batch at different
times, leave it, are cancelled, and come out a few steps at a time give the mel of the whole-call path."""

from __future__ import annotations

import pytest
import torch

from tests.kantts_voice import small_sambert
from ttsserve.pipeline.base import AcousticInput, Prosody
from ttsserve.pipeline.sambert import SambertAcoustic

TOL = 1e-5  # float32 on the CPU: differently shaped passes of the same math


def call_input(n: int, seed: int, **kw) -> AcousticInput:
    g = torch.Generator().manual_seed(seed)
    rows = torch.stack([torch.randint(0, s, (n,), generator=g) for s in (140, 7, 5, 5)], dim=-1)
    return AcousticInput(symbol_ids=tuple(tuple(int(v) for v in r) for r in rows), **kw)


def collect(sd, calls, mels, *, until_done=True, max_advances=10_000):
    for _ in range(max_advances):
        for call, frames in sd.advance():
            mels.setdefault(id(call), []).append(frames)
        if not until_done or all(c.done for c in calls):
            return
    raise AssertionError("calls never finished")


@pytest.fixture(scope="module")
def stage():
    return SambertAcoustic(small_sambert(dur_bias=2.0))


def test_one_call_streamed_equals_infer(stage):
    inp = call_input(24, seed=3)
    ref = stage.infer([inp])[0]
    sd = stage.decoder_slots(slots=1, steps_per_advance=4)
    (call,) = sd.begin([inp])
    assert torch.equal(call.durations, ref.durations) and call.frames == ref.mel.shape[0]
    mels = {}
    pieces = 0
    while not call.done:
        out = sd.advance()
        pieces += len(out)
        for c, frames in out:
            mels.setdefault(id(c), []).append(frames)
    got = torch.cat(mels[id(call)])
    assert pieces > 3  # it really came out in pieces
    assert got.shape == ref.mel.shape
    assert (got - ref.mel).abs().max() < TOL
    assert sd.free == 1 and not sd.busy


def test_the_last_advance_only_finishes_the_post_net(stage):
    """Once a call's steps are all decoded, the advance that finishes its last chunk runs no decoder step: a call
    of `s` steps costs ceil(s / k) * k steps, not one advance more; its frames are unchanged."""
    from ttsserve.pipeline.sambert_slots import SlotDecoder

    inp = call_input(24, seed=3)
    ref = stage.infer([inp])[0]
    sd = SlotDecoder(stage, slots=1, steps_per_advance=4, fused_step="off")
    steps = []
    plain = sd.step_fn
    sd.step_fn = lambda *a: (steps.append(1), plain(*a))
    (call,) = sd.begin([inp])
    mels = {}
    collect(sd, [call], mels)
    assert len(steps) == -(-call.steps // 4) * 4 and call.advances == -(-call.steps // 4) + 1
    assert (torch.cat(mels[id(call)]) - ref.mel).abs().max() < TOL


def test_calls_join_and_leave_at_different_times(stage):
    """Three calls of different lengths and controls: one alone for a while, then two join; a fourth takes the
    slot the shortest frees. Each equals its own whole-call inference."""
    inputs = [call_input(30, seed=1), call_input(8, seed=2, prosody=Prosody(speed=1.3)),
              call_input(19, seed=4, emotion_id=5), call_input(12, seed=5)]
    refs = [stage.infer([inp])[0] for inp in inputs]
    sd = stage.decoder_slots(slots=3, steps_per_advance=5)
    mels: dict[int, list] = {}
    first = sd.begin(inputs[:1])
    for _ in range(3):
        collect(sd, first, mels, until_done=False)
    rest = sd.begin(inputs[1:3])
    calls = first + rest
    while not rest[0].done:  # the short one leaves first
        collect(sd, calls, mels, until_done=False)
    assert sd.free >= 1
    late = sd.begin(inputs[3:])
    calls += late
    collect(sd, calls, mels)
    for call, ref in zip(calls, refs):
        got = torch.cat(mels[id(call)])
        assert got.shape == ref.mel.shape
        assert (got - ref.mel).abs().max() < TOL


def test_cancel_frees_the_slot_and_leaves_the_others_exact(stage):
    inputs = [call_input(26, seed=7), call_input(22, seed=8)]
    ref = stage.infer(inputs[1:])[0]
    sd = stage.decoder_slots(slots=2, steps_per_advance=4)
    a, b = sd.begin(inputs)
    mels: dict[int, list] = {}
    collect(sd, [a, b], mels, until_done=False)
    sd.cancel(a)
    assert a.done and sd.free == 1
    collect(sd, [b], mels)
    got = torch.cat(mels[id(b)])
    assert (got - ref.mel).abs().max() < TOL


def test_too_many_calls_for_the_free_slots_is_refused(stage):
    sd = stage.decoder_slots(slots=1, steps_per_advance=4)
    with pytest.raises(ValueError, match="free decoder slots"):
        sd.begin([call_input(5, seed=1), call_input(5, seed=2)])


def test_a_band_wider_than_the_ring_is_decoded_whole(stage):
    """A call whose band does not fit the ring goes the ordinary way, in one piece, same result."""
    inp = call_input(10, seed=9, prosody=Prosody(speed=0.25))  # four times slower: long symbols, a wide band
    ref = stage.infer([inp])[0]
    from ttsserve.pipeline.sambert_slots import SlotDecoder

    sd = SlotDecoder(stage, slots=2, steps_per_advance=4, window=4)
    (call,) = sd.begin([inp])
    assert call.slot == -1 and sd.free == 2
    ((c, mel),) = sd.take_whole([call])
    assert c is call and call.done
    assert torch.equal(mel, ref.mel)


def test_no_slots_setting_decodes_calls_whole(engine_factory):
    """decoder_slots=0: Sambert calls go through `infer` (whole), with the same durations and length."""
    import asyncio
    import os
    from pathlib import Path

    from ttsserve.engine.engine import SynthesisRequest
    from ttsserve.settings import load_settings

    root = Path(__file__).resolve().parents[2]
    env = {k: os.environ.pop(k) for k in [k for k in os.environ if k.startswith("TTSSERVE_")]}
    try:
        audio = {}
        for slots in (1, 0):
            settings = load_settings(weights_dir=root / "weights", voices=["baker", "distill-baker"],
                                     default_voice="baker", device="cpu", warmup=False, frontend_processes=0,
                                     decoder_slots=slots)
            engine = engine_factory(settings)
            res = asyncio.run(engine.synthesize(SynthesisRequest(text="你好，世界。", voice="distill-baker")))
            audio[slots] = res.audio
        assert audio[0].shape == audio[1].shape
        assert abs(audio[0] - audio[1]).max() < 1e-3
    finally:
        os.environ.update(env)


def test_fused_step_setting(stage, monkeypatch):
    """`decoder_fused_step`: off and auto on a CPU decode with the ordinary step; on, where the fused step cannot
    run (a CPU, outside Triton's interpreter), is an error naming why; a bad value is refused."""
    from ttsserve.pipeline.sambert_fused import Unsupported
    from ttsserve.pipeline.sambert_slots import SlotDecoder, _step

    monkeypatch.delenv("TRITON_INTERPRET", raising=False)
    for mode in ("off", "auto"):
        sd = SlotDecoder(stage, slots=2, steps_per_advance=4, fused_step=mode)
        assert sd.step_fn is _step and not sd.fused
    sd = stage.decoder_slots(slots=1, steps_per_advance=4, fused_step="off")
    assert stage.decoder_slots(slots=1, steps_per_advance=4, fused_step="off") is sd
    assert sd.fused_mode == "off" and not sd.fused
    with pytest.raises(Unsupported, match="no CUDA device|Triton is not installed"):
        SlotDecoder(stage, slots=2, steps_per_advance=4, fused_step="on")
    with pytest.raises(ValueError, match="decoder_fused_step"):
        SlotDecoder(stage, slots=2, steps_per_advance=4, fused_step="yes")


def test_a_fused_step_that_does_not_capture_gives_way_to_the_ordinary_step(stage):
    """The capture with the fused step fails: the ordinary step is captured instead (graphs stay on); when that
    fails too, graphs are switched off and the advance runs eagerly with the ordinary step."""
    from ttsserve.engine.graphs import CudaGraphCache
    from ttsserve.pipeline.sambert_slots import KIND, SlotDecoder, _step

    def fused(dec, st, w):
        raise AssertionError("not called: only its capture is tried")

    for ordinary_captures in (True, False):
        sd = SlotDecoder(stage, slots=1, steps_per_advance=4, fused_step="off")
        sd.step_fn, sd.fused = fused, True  # as if the fused step had been chosen
        sd.use_graphs, sd.cache = True, CudaGraphCache()  # as on a GPU
        tried = []

        class Graph:
            def replay(self):
                tried.append("replay")

        def capture(decode=True, sd=sd, tried=tried, ok=ordinary_captures):
            tried.append(sd.step_fn)
            if sd.step_fn is fused or not ok:
                raise RuntimeError("operation not permitted when stream is capturing")
            return Graph()

        sd._graph = capture
        sd._run()
        assert not sd.fused and sd.step_fn is _step
        if ordinary_captures:
            assert tried == [fused, _step, "replay"] and sd.cache.disabled(KIND) is None
        else:
            assert tried == [fused, _step] and "not permitted" in sd.cache.disabled(KIND)


def test_the_stage_keeps_one_decoder_per_shape_and_longer_advances_give_the_same_mel(stage):
    """The scheduler asks for two decoders (streams' slots, and whole responses' slots with longer advances):
    each shape is its own decoder, kept between calls, and a call decoded 16 steps per advance (post-net chunks
    of 48 frames) gives the mel of the whole-call path, as one decoded 4 steps at a time does."""
    short = stage.decoder_slots(slots=2, steps_per_advance=4, fused_step="off")
    long = stage.decoder_slots(slots=1, steps_per_advance=16, fused_step="off")
    assert short is not long and (short.k, long.k) == (4, 16)
    assert stage.decoder_slots(slots=2, steps_per_advance=4, fused_step="off") is short
    assert stage.decoder_slots(slots=1, steps_per_advance=16, fused_step="off") is long
    inp = call_input(40, seed=11)
    ref = stage.infer([inp])[0]
    for sd in (short, long):
        (call,) = sd.begin([inp])
        mels: dict = {}
        collect(sd, [call], mels)
        sizes = [len(m) for m in mels[id(call)]]
        got = torch.cat(mels[id(call)])
        assert got.shape == ref.mel.shape and (got - ref.mel).abs().max() < TOL
        assert max(sizes) == sd.k * stage.cfg.outputs_per_step  # pieces of one advance's frames


def test_a_call_of_max_steps_finishes_while_another_still_decodes(stage):
    """A call of exactly `max_steps` steps (not a multiple of the advance) goes through a last advance that
    decodes for another slot: its memory window reaches past its steps and must stay inside the slot's bank.
    Both calls equal their whole-call inference."""
    from ttsserve.pipeline.sambert_slots import SlotDecoder

    inputs = [call_input(24, seed=3)] * 2  # the second joins one advance later: it decodes through a's last
    refs = [stage.infer([inp])[0] for inp in inputs]
    probe = SlotDecoder(stage, slots=1, steps_per_advance=4, fused_step="off")
    (steps,) = [c.steps for c in probe.begin(inputs[:1])]
    k = next(k for k in range(3, 9) if steps % k)
    sd = SlotDecoder(stage, slots=2, steps_per_advance=k, max_steps=steps, fused_step="off")
    mels: dict[int, list] = {}
    (a,) = sd.begin(inputs[:1])
    collect(sd, [a], mels, until_done=False)
    (b,) = sd.begin(inputs[1:])
    assert a.slot >= 0 and b.slot >= 0  # both decoded in slots, not whole
    while not a.done:
        collect(sd, [a, b], mels, until_done=False)
    assert not b.done and (b.advances - 1) * k < b.steps  # a's last advance decoded for b
    collect(sd, [a, b], mels)
    for call, ref in zip((a, b), refs):
        got = torch.cat(mels[id(call)])
        assert got.shape == ref.mel.shape
        assert (got - ref.mel).abs().max() < TOL
