"""The shipped distilled Sambert-HiFiGAN voices: listed with their speakers and emotions, each emotion speaks
through POST /synthesize, and switching between them and the default voice goes through the voice cache. They are
one two-speaker model: distill-baker-low is an alias of distill-baker's speaker baker-low, loaded once."""

from __future__ import annotations

import io
import time

import numpy as np
import pytest
import soundfile as sf

from tests.conftest import PROJECT, running_client
from ttsserve.settings import load_settings

VOICES = {"distill-baker": ["baker", "baker-low"], "distill-baker-low": ["baker-low"]}
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
    for name, speakers in VOICES.items():
        v = voices[name]
        assert v["speakers"] == speakers
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
    while (counters := client.get("/v1/memory").json()["voice_cache"]["counters"])["hits"] < 9:
        assert time.monotonic() < deadline, counters
        time.sleep(0.02)
    assert counters["misses_from_disk"] == 2  # baker + the distilled model, once for both of its voice names
    assert counters["hits"] == 9  # 7 more requests to the distilled model, and twice back to baker
    cached = [row["voice"] for row in client.get("/v1/memory").json()["voice_cache"]["voices"]]
    assert sorted(cached) == ["baker", "distill-baker"]


def test_the_alias_is_the_speaker_of_the_shared_model(client):
    """distill-baker-low answers exactly as distill-baker with speaker baker-low; the other speaker is not offered
    under the alias's name; both names report the tier of the one loaded model."""
    body = {"text": TEXT, "emotion": "sad", "seed": 7}
    alias = client.post("/synthesize", json={**body, "voice": "distill-baker-low"})
    speaker = client.post("/synthesize", json={**body, "voice": "distill-baker", "speaker": "baker-low"})
    other = client.post("/synthesize", json={**body, "voice": "distill-baker"})
    assert alias.status_code == speaker.status_code == other.status_code == 200
    assert alias.content == speaker.content != other.content
    r = client.post("/synthesize", json={**body, "voice": "distill-baker-low", "speaker": "baker"})
    assert r.status_code == 422 and r.json()["error"]["code"] == "unknown_speaker", r.text
    assert "speakers: baker-low" in r.json()["error"]["message"]
    deadline = time.monotonic() + 10  # /v1/voices shows the state the worker last published
    while (tiers := {v["name"]: v["tier"] for v in client.get("/v1/voices").json()["voices"]})["distill-baker"] != "compute":
        assert time.monotonic() < deadline, tiers
        time.sleep(0.02)
    assert tiers["distill-baker-low"] == "compute"


def test_both_names_at_once_share_the_models_decoder(client):
    """Requests to the model under both names run together (one decoder, advanced once per iteration for both) and
    each gets its own speaker's audio, as when run alone."""
    from concurrent.futures import ThreadPoolExecutor

    body = {"text": TEXT, "emotion": "neutral", "seed": 3, "format": "pcm"}
    names = ["distill-baker-low", "distill-baker", "distill-baker-low", "distill-baker"]
    alone = {n: client.post("/synthesize", json={**body, "voice": n}).content for n in names[:2]}
    with ThreadPoolExecutor(len(names)) as pool:
        together = list(pool.map(lambda n: client.post("/synthesize", json={**body, "voice": n}), names))
    for name, r in zip(names, together):
        assert r.status_code == 200, r.text
        a, b = (np.frombuffer(x, dtype=np.int16).astype(np.float64) for x in (r.content, alone[name]))
        assert len(a) == len(b), name
        assert np.sqrt(np.mean((a - b) ** 2)) < 0.01 * np.sqrt(np.mean(b**2)), name  # batching: float rounding only
