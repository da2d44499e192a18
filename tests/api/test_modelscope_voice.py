"""A ModelScope-format Sambert-HiFiGAN voice folder dropped into weights/, described by
`ttsserve modelscope-manifest`, served through POST /synthesize with its speakers and emotions."""

from __future__ import annotations

import io
import shutil

import pytest
import soundfile as sf

from tests.conftest import PROJECT, running_client
from tests.kantts_voice import write_kantts_voice
from ttsserve.cli import main as cli
from ttsserve.settings import load_settings
from ttsserve.voices import load_manifest


@pytest.fixture
def weights(tmp_path, monkeypatch):
    for var in [k for k in __import__("os").environ if k.startswith("TTSSERVE_")]:
        monkeypatch.delenv(var)
    root = tmp_path / "weights"
    write_kantts_voice(root, "zhitian_emo")
    write_kantts_voice(root, "duo", speakers="F7,M3", seed=3)
    shutil.copytree(PROJECT / "weights" / "baker", root / "baker")
    assert cli(["modelscope-manifest", str(root / "zhitian_emo")]) == 0
    assert cli(["modelscope-manifest", str(root / "duo"), "--emotions", "neutral,happy"]) == 0
    return root


def test_manifest_describes_the_folder(weights):
    m = load_manifest(weights / "zhitian_emo")
    assert m.sample_rate_hz == 16000
    assert m.speakers == {"F7": 0}
    assert list(m.emotions) == ["neutral", "happy", "sad", "angry", "fear", "surprise", "disgust"]
    assert {n: e.id for n, e in m.emotions.items()} == {"neutral": 1, "happy": 5, "sad": 6, "angry": 2, "fear": 4,
                                                         "surprise": 7, "disgust": 3}
    assert all(e.kind == "native" for e in m.emotions.values())
    assert m.acoustic.options() == {"checkpoint": "am/ckpt/checkpoint_*.pth", "kantts_config": "am/config.yaml"}
    assert load_manifest(weights / "duo").speakers == {"F7": 0, "M3": 1}
    assert cli(["modelscope-manifest", str(weights / "duo")]) == 2  # exists: refused without --force


def test_a_modelscope_voice_speaks_through_the_api(weights):
    settings = load_settings(weights_dir=weights, default_voice="baker", warmup=False, device="cpu")
    with running_client(settings) as client:
        voices = {v["name"]: v for v in client.get("/v1/voices").json()["voices"]}
        assert set(voices) == {"baker", "duo", "zhitian_emo"}
        assert voices["duo"]["speakers"] == ["F7", "M3"]
        sizes = {}
        for voice, extra in (("zhitian_emo", {"emotion": "happy"}), ("duo", {"speaker": "M3"}),
                             ("baker", {}), ("zhitian_emo", {"emotion": "sad", "speed": 1.5})):
            r = client.post("/synthesize", json={"text": "今天天气不错，我们去公园散步吧。", "voice": voice, **extra})
            assert r.status_code == 200, r.text
            audio, rate = sf.read(io.BytesIO(r.content))
            assert rate == (24000 if voice == "baker" else 16000)
            assert r.headers["x-voice"] == voice
            sizes[(voice, extra.get("emotion"))] = len(audio)
        # speed 1.5 shortens the sentence (two sentences' silence gap excluded from the comparison's slack)
        assert sizes[("zhitian_emo", "sad")] < 0.8 * sizes[("zhitian_emo", "happy")]
        r = client.post("/synthesize", json={"text": "你好", "voice": "zhitian_emo", "emotion": "jealous"})
        assert r.status_code == 422
        assert r.json()["error"]["code"] == "unknown_emotion"
        r = client.post("/synthesize", json={"text": "你好", "voice": "duo", "speaker": "F9"})
        assert r.status_code == 422 and r.json()["error"]["code"] == "unknown_speaker"
        r = client.post("/v1/frontend", json={"text": "你好", "voice": "zhitian_emo"})
        assert r.json()["sentences"][0]["phones"] == [  # what ttsfrd would have written (tone sandhi applied)
            "{n_c$tone2$s_begin$word_begin}", "{i_c$tone2$s_end$word_middle}", "{h_c$tone3$s_begin$word_middle}",
            "{ao_c$tone3$s_end$word_end}", "{#4$tone_none$s_none$word_none}"]
        counters = client.get("/v1/memory").json()["voice_cache"]["counters"]
        assert counters["misses_from_disk"] == 3  # baker, zhitian_emo, duo: each loaded once
        assert counters["hits"] >= 2  # switching back to zhitian_emo and baker found them cached
