"""The shipped distilled Sambert-HiFiGAN voices: listed with their speakers and emotions, each emotion speaks
through POST /synthesize, and switching between them and the default voice goes through the voice cache."""

from __future__ import annotations

import io
import time

import numpy as np
import pytest
import soundfile as sf

from tests.conftest import PROJECT, running_client
from ttsserve.settings import load_settings

VOICES = {"distill-baker": "baker", "distill-baker-low": "baker-low"}
EMOTIONS = ["neutral", "happy", "sad", "serious"]
TEXT = "今天天气不错，我们去公园散步吧。"


@pytest.fixture
def client(monkeypatch):
    for var in [k for k in __import__("os").environ if k.startswith("TTSSERVE_")]:
        monkeypatch.delenv(var)
    # a byte budget of 1 GB for the voice cache on the compute device: all three voices fit together
    settings = load_settings(weights_dir=PROJECT / "weights", warmup=False, device="cpu", max_gpu_bytes=2**30)
    with running_client(settings) as c:
        yield c


def test_listed_with_speakers_and_emotions(client):
    voices = {v["name"]: v for v in client.get("/v1/voices").json()["voices"]}
    for name, speaker in VOICES.items():
        v = voices[name]
        assert v["speakers"] == [speaker]
        assert v["sample_rate_hz"] == 24000
        assert [e["name"] for e in v["emotions"]] == EMOTIONS
        assert all(e["kind"] == "native" for e in v["emotions"])


def test_every_voice_and_emotion_speaks_and_switching_uses_the_cache(client):
    lengths = {}
    for name in VOICES:
        for emotion in EMOTIONS:
            r = client.post("/synthesize", json={"text": TEXT, "voice": name, "emotion": emotion})
            assert r.status_code == 200, r.text
            audio, rate = sf.read(io.BytesIO(r.content))
            assert rate == 24000
            seconds = len(audio) / rate
            assert 1.5 < seconds < 8.0, (name, emotion, seconds)  # 15 characters of speech
            rms = np.sqrt(np.mean(audio**2))
            assert rms > 0.01, (name, emotion, rms)  # not silence
            lengths[(name, emotion)] = seconds
        r = client.post("/synthesize", json={"text": TEXT})  # back to the default voice
        assert r.status_code == 200
    for name in VOICES:  # the sad style speaks slower than the happy one, as the teacher's presets do
        assert lengths[(name, "sad")] > lengths[(name, "happy")]
    # /v1/memory shows the state the worker last published (every PUBLISH_EVERY_S): wait for the last request's
    deadline = time.monotonic() + 10
    while (counters := client.get("/v1/memory").json()["voice_cache"]["counters"])["hits"] < 8:
        assert time.monotonic() < deadline, counters
        time.sleep(0.02)
    assert counters["misses_from_disk"] == 3  # baker + the two distilled voices, each loaded once
    assert counters["hits"] == 8  # 3 more requests per distilled voice, and twice back to baker
