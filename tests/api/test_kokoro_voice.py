"""The Kokoro voice family through the API: a tiny random-weight folder laid out as `ttsserve convert kokoro` writes
the real one (tests/kokoro_voice.py), listed with its 8 speakers and their genders, speaking through
POST /synthesize and the OpenAI route; the real converted voice (weights/kokoro) when it exists."""

from __future__ import annotations

import io
import os
import shutil

import pytest
import soundfile as sf

from tests.conftest import PROJECT, running_client
from tests.kokoro_voice import write_kokoro_voice
from ttsserve.convert.kokoro import SPEAKERS
from ttsserve.settings import load_settings

pytest.importorskip("misaki")  # the voice's symbol set (extra `kokoro`)

REAL = PROJECT / "weights" / "kokoro"


@pytest.fixture
def weights(tmp_path, monkeypatch):
    for var in [k for k in os.environ if k.startswith("TTSSERVE_")]:
        monkeypatch.delenv(var)
    root = tmp_path / "weights"
    write_kokoro_voice(root)
    shutil.copytree(PROJECT / "weights" / "baker", root / "baker")
    return root


def test_listed_with_speakers_and_genders(weights):
    settings = load_settings(weights_dir=weights, default_voice="baker", warmup=False, device="cpu")
    with running_client(settings) as client:
        voices = {v["name"]: v for v in client.get("/v1/voices").json()["voices"]}
        k = voices["kokoro"]
        assert k["speakers"] == list(SPEAKERS) and k["sample_rate_hz"] == 24000
        assert [(d["name"], d["gender"]) for d in k["speaker_details"]] == list(SPEAKERS.items())
        assert sum(d["gender"] == "male" for d in k["speaker_details"]) == 4
        assert voices["baker"]["speaker_details"] == [{"name": "baker", "gender": "female", "description": ""}]


def test_speaks_through_synthesize_and_the_openai_route(weights):
    settings = load_settings(weights_dir=weights, default_voice="baker", warmup=False, device="cpu")
    with running_client(settings) as client:
        r = client.post("/synthesize", json={"text": "你好，世界！今天天气很好。", "voice": "kokoro",
                                             "speaker": "zm_yunxi", "emotion": "happy"})
        assert r.status_code == 200, r.text
        audio, rate = sf.read(io.BytesIO(r.content))
        assert rate == 24000 and len(audio) > 24000 * 0.2 and r.headers["x-voice"] == "kokoro"
        r = client.post("/v1/audio/speech", json={"model": "tts-1", "input": "你好。", "voice": "kokoro",
                                                  "speaker": "zf_xiaoyi", "response_format": "wav"})
        assert r.status_code == 200, r.text
        assert sf.read(io.BytesIO(r.content))[1] == 24000
        r = client.post("/v1/audio/speech", json={"model": "tts-1", "input": "你好。", "voice": "kokoro",
                                                  "speaker": "nobody", "response_format": "wav"})
        assert r.status_code == 422 and r.json()["error"]["code"] == "unknown_speaker"


def test_timestamps_streaming_and_the_frontend_route(weights):
    settings = load_settings(weights_dir=weights, default_voice="baker", warmup=False, device="cpu")
    with running_client(settings) as client:
        r = client.post("/synthesize", json={"text": "你好，世界！", "voice": "kokoro", "timestamps": True})
        assert r.status_code == 200, r.text
        chars = [c for c in r.json()["characters"] if c["pinyin"]]  # punctuation is listed too, without pinyin
        assert [(c["char"], c["pinyin"]) for c in chars] == [("你", "ni2"), ("好", "hao3"), ("世", "shi4"), ("界", "jie4")]
        starts = [c["start_s"] for c in chars]
        assert starts == sorted(starts) and all(c["end_s"] > c["start_s"] for c in chars)
        whole = client.post("/synthesize", json={"text": "你好，世界！", "voice": "kokoro"}).content
        streamed = client.post("/synthesize", json={"text": "你好，世界！", "voice": "kokoro", "stream": True,
                                                    "format": "pcm"})
        assert streamed.status_code == 200
        audio, _ = sf.read(io.BytesIO(whole))
        assert len(streamed.content) == 2 * len(audio)  # the same samples, s16le, whole calls as they finish
        r = client.post("/v1/frontend", json={"text": "你好", "voice": "kokoro"})
        assert r.status_code == 200, r.text
        assert r.json()["sentences"][0]["phones"] == ["<pad>", "n", "i", "↗", "x", "a", "u", "↓", ".", "<pad>"]


@pytest.mark.skipif(not (REAL / "voice.yaml").is_file(), reason="weights/kokoro not built (README, Kokoro)")
def test_the_converted_voice_speaks_with_every_speaker(monkeypatch):
    for var in [k for k in os.environ if k.startswith("TTSSERVE_")]:
        monkeypatch.delenv(var)
    settings = load_settings(weights_dir=PROJECT / "weights", default_voice="baker", warmup=False, device="cpu")
    with running_client(settings) as client:
        for speaker in SPEAKERS:
            r = client.post("/synthesize", json={"text": "你好。", "voice": "kokoro", "speaker": speaker})
            assert r.status_code == 200, r.text
            audio, rate = sf.read(io.BytesIO(r.content))
            assert rate == 24000 and 0.3 < len(audio) / rate < 3 and abs(audio).max() > 0.05
