"""Audio contract of the shipped default voice on CPU: 24 kHz, plausible length and loudness, prosody
controls that act, deterministic by default."""

from __future__ import annotations

import asyncio

import numpy as np
import pytest

from ttsserve.engine.engine import Engine, SynthesisRequest
from ttsserve.settings import load_settings
from ttsserve.telemetry import Telemetry


@pytest.fixture(scope="module")
def engine():
    e = Engine(load_settings(device="cpu", warmup=False, torch_threads=2), Telemetry())
    e.start()
    yield e
    e.stop()


def say(engine, text, **kw):
    return asyncio.run(engine.synthesize(SynthesisRequest(text=text, voice="baker", **kw)))


def test_sentence_becomes_24khz_speech(engine):
    r = say(engine, "今天天气不错，我们去公园散步吧。")
    assert r.sample_rate_hz == 24000 and r.audio.dtype == np.float32
    seconds = len(r.audio) / 24000
    assert 1.5 < seconds < 5.0  # 14 syllables at a normal pace
    rms = float(np.sqrt(np.mean(r.audio**2)))
    assert 0.02 < rms < 0.5 and np.abs(r.audio).max() <= 1.0
    # speech has pauses and voiced parts: frame energies vary a lot
    frames = r.audio[: len(r.audio) // 480 * 480].reshape(-1, 480)
    energy = np.sqrt((frames**2).mean(axis=1))
    assert energy.max() > 10 * np.percentile(energy, 10)


def test_deterministic_by_default_and_seeded_when_asked(engine):
    a, b = say(engine, "你好，世界。"), say(engine, "你好，世界。")
    assert np.array_equal(a.audio, b.audio)
    s1, s2 = say(engine, "你好，世界。", seed=7), say(engine, "你好，世界。", seed=7)
    assert np.array_equal(s1.audio, s2.audio) and not np.array_equal(s1.audio, a.audio)


def test_speed_and_emotion_presets_change_the_audio(engine):
    base = say(engine, "欢迎使用语音合成服务。")
    fast = say(engine, "欢迎使用语音合成服务。", speed=1.5)
    assert len(fast.audio) < 0.8 * len(base.audio)
    for emotion in engine.voices["baker"].emotions:
        r = say(engine, "欢迎使用语音合成服务。", emotion=emotion)
        assert r.emotion == emotion and len(r.audio) > 0


def test_batched_requests_get_their_own_audio(engine):
    texts = ["欢迎使用语音合成服务。", "今天天气不错。", "请问有什么可以帮您？"]
    alone = [say(engine, t) for t in texts]

    async def together():
        blocker = engine.submit(SynthesisRequest(text="这是一段比较长的文字，" * 25, voice="baker"))
        # queued while the worker is busy with the long text: drained together as one batch
        jobs = [engine.submit(SynthesisRequest(text=t, voice="baker")) for t in texts]
        rs = await asyncio.gather(*(j.future for j in jobs))
        await blocker.future
        return rs

    batch_before = engine.telemetry.registry.get_sample_value("ttsserve_batch_jobs_sum") or 0
    for a, b in zip(alone, asyncio.run(together())):
        assert a.audio.shape == b.audio.shape
        # same model, windows cut differently: float rounding, plus the odd sub-band sample that lands on
        # the other side of a 1/128 rounding step (one such step is ~50 dB below the signal)
        err = float(np.sum((a.audio - b.audio) ** 2))
        assert err == 0 or 10 * np.log10(np.sum(a.audio**2) / err) > 40
    assert (engine.telemetry.registry.get_sample_value("ttsserve_batch_jobs_sum") or 0) - batch_before >= 3


def test_a_response_starts_speaking_after_at_most_50_ms_of_its_leading_silence(engine):
    """The voice's `response_lead`: 要 (y) gets ~0.2 s of `sil` from the model; the response keeps 0.05 s of it,
    while the same sentence after another keeps its own pause (timestamps count the heard frames)."""
    alone = say(engine, "要保护隐私。", timestamps=True)
    own = [c for c in alone.timings.characters if c["pinyin"]]
    first = own[0]
    assert first["start_s"] == pytest.approx(0.05)
    after = say(engine, "好的。要保护隐私。", timestamps=True)
    spoken = [c for c in after.timings.characters if c["pinyin"]]
    second = next(c for c in spoken if c["char"] == "要")
    ends_first = next(c for c in spoken if c["char"] == "的")["end_s"]
    assert second["start_s"] - ends_first > 0.2 + 0.1  # the sentence pause plus the model's own sil before 要
    # the sentence itself is the same either way: from 要's start to the last syllable's end
    assert spoken[-1]["end_s"] - second["start_s"] == pytest.approx(own[-1]["end_s"] - first["start_s"])
