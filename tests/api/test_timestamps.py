"""Timestamps over HTTP: the JSON answer, NDJSON streaming (events equal the whole answer), captions, and on
the real voices (FastSpeech2 baker, Sambert distill-baker) the audio between two sentences' timings is near
silence while inside the syllables it is not."""

from __future__ import annotations

import base64
import io
import json

import numpy as np
import pytest
import soundfile as sf

from tests.conftest import PROJECT, running_client
from ttsserve.settings import load_settings

TEXT = "2024年花了¥500！“你好😀”长[chang2]江。"


def _decode(body: dict) -> tuple[np.ndarray, int]:
    audio, rate = sf.read(io.BytesIO(base64.b64decode(body["audio_base64"])), dtype="float32")
    return audio, rate


def _stream(client, payload: dict) -> list[dict]:
    with client.stream("POST", "/synthesize", json={**payload, "stream": True, "timestamps": True}) as r:
        assert r.status_code == 200 and r.headers["content-type"] == "application/x-ndjson"
        return [json.loads(line) for line in r.iter_lines() if line]


def _check(body: dict, text: str) -> None:
    chars = body["characters"]
    assert "".join(c["char"] for c in chars) == text
    assert all(a["end_s"] <= b["start_s"] for a, b in zip(chars, chars[1:]))
    assert all(c["start_s"] <= c["end_s"] for c in chars)
    hop_s = 300 / 24000 if body["sample_rate_hz"] else 0
    assert abs(chars[-1]["end_s"] - body["audio_seconds"]) <= max(hop_s, 0.0125)  # ends with punctuation


def test_tone_voice_json_stream_and_captions(tone_settings):
    with running_client(tone_settings()) as client:
        text = "你好世界。再见了。"
        r = client.post("/synthesize", json={"text": text, "timestamps": True})
        assert r.status_code == 200 and r.headers["content-type"] == "application/json"
        body = r.json()
        audio, rate = _decode(body)
        assert rate == body["sample_rate_hz"] == 8000 and abs(len(audio) / rate - body["audio_seconds"]) < 1e-6
        # the tone voice: 5 frames of 80 samples per character, 0.2 s between sentences
        assert [(c["char"], c["start_s"], c["end_s"]) for c in body["characters"]] == [
            ("你", 0.0, 0.05), ("好", 0.05, 0.1), ("世", 0.1, 0.15), ("界", 0.15, 0.2), ("。", 0.4, 0.4),
            ("再", 0.4, 0.45), ("见", 0.45, 0.5), ("了", 0.5, 0.55), ("。", 0.55, 0.55)]
        events = _stream(client, {"text": text})
        assert events[0]["type"] == "start" and events[-1]["type"] == "end"
        assert events[1]["type"] == "timing"  # before any audio
        assert [c for e in events if e["type"] == "timing" for c in e["characters"]] == body["characters"]
        assert [w for e in events if e["type"] == "timing" for w in e["words"]] == body["words"]
        pcm = b"".join(base64.b64decode(e["audio_base64"]) for e in events if e["type"] == "audio")
        assert len(pcm) // 2 == len(audio) and events[-1]["audio_seconds"] == body["audio_seconds"]
        # a timing event comes before the audio of the sentence it times
        kinds = [e["type"] for e in events]
        assert kinds.count("timing") >= 2 and kinds.index("audio") > kinds.index("timing")
        r = client.post("/synthesize", json={"text": text, "captions": "srt", "caption_max_chars": 4})
        assert r.json()["captions"] == ("1\n00:00:00,000 --> 00:00:00,400\n你好世界。\n\n"
                                        "2\n00:00:00,400 --> 00:00:00,550\n再见了。\n\n")
        # resampled: the same times, the audio at the new rate
        r = client.post("/synthesize", json={"text": text, "timestamps": True, "sample_rate_hz": 16000, "format": "flac"})
        assert r.json()["characters"] == body["characters"] and _decode(r.json())[1] == 16000
        # captions with a stream: refused
        r = client.post("/synthesize", json={"text": text, "captions": "vtt", "stream": True})
        assert r.status_code == 422
        # without timestamps: audio, as before; the OpenAI-compatible route gives the same bytes, and ignores a
        # timestamps field (its clients expect audio)
        r = client.post("/synthesize", json={"text": text})
        assert r.headers["content-type"] == "audio/wav"
        for extra in ({}, {"timestamps": True}):
            o = client.post("/v1/audio/speech", json={"model": "tts-1", "input": text, "voice": "tone",
                                                      "response_format": "wav", **extra})
            assert o.status_code == 200 and o.headers["content-type"] == "audio/wav"
            assert o.content[44:] == r.content[44:]  # the same samples (that route streams wav: its header says so)


@pytest.fixture(scope="module")
def real_client():
    settings = load_settings(weights_dir=PROJECT / "weights", warmup=False, device="cpu", max_gpu_bytes=2**30,
                             frontend_processes=0)
    with running_client(settings) as c:
        yield c


def _rms(audio: np.ndarray, rate: int, a_s: float, b_s: float) -> float:
    seg = audio[int(round(a_s * rate)) : int(round(b_s * rate))]
    return float(np.sqrt(np.mean(seg.astype(np.float64) ** 2))) if len(seg) else 0.0


@pytest.mark.parametrize("voice, text", [("baker", TEXT), ("distill-baker", "花了¥500！“你好”。")], ids=["baker", "distill-baker"])
def test_real_voice_silence_between_sentences_and_sound_inside_syllables(real_client, voice, text):
    r = real_client.post("/synthesize", json={"text": text, "voice": voice, "timestamps": True})
    assert r.status_code == 200
    body = r.json()
    _check(body, text)
    audio, rate = _decode(body)
    chars = body["characters"]
    peak = float(np.sqrt(np.mean(audio.astype(np.float64) ** 2)))
    spoken = [c for c in chars if c["pinyin"]]
    for c in spoken:  # inside each syllable stretch: sound
        assert _rms(audio, rate, c["start_s"], c["end_s"]) > 0.2 * peak, c
    # between the two sentences (after "¥500", before "你"): near silence
    end_first = next(c for c in chars if c["char"] == "¥500")["end_s"]
    start_next = next(c for c in chars if c["char"] == "你")["start_s"]
    assert start_next - end_first > 0.15
    assert _rms(audio, rate, end_first + 0.02, start_next - 0.02) < 0.05 * peak
    if voice != "baker":  # Sambert decodes slowly on a CPU: its stream is the same code path, timed once above
        return
    # a text that ends in a spoken character ends with the audio too (its syllable keeps the closing tail)
    body = real_client.post("/synthesize", json={"text": "你好", "voice": voice, "timestamps": True}).json()
    assert abs(body["characters"][-1]["end_s"] - body["audio_seconds"]) <= 300 / 24000
    # streamed: the same timings
    events = _stream(real_client, {"text": TEXT, "voice": voice})
    assert [c for e in events if e["type"] == "timing" for c in e["characters"]] == chars


def test_tone_voice_long_text_in_pieces_speed_and_cli(tone_settings, tmp_path, monkeypatch):
    """A text long enough to be planned piece by piece (offsets found piece by piece), at speed 1.25; and
    `ttsserve synth --captions`."""
    text = "".join(f"第{i}句话。" if i % 7 else "  \n" for i in range(400))[:2000]
    settings = tone_settings()
    with running_client(settings) as client:
        body = client.post("/synthesize", json={"text": text, "timestamps": True, "speed": 1.25}).json()
        chars = body["characters"]
        assert "".join(c["char"] for c in chars) == text
        assert all(a["end_s"] <= b["start_s"] for a, b in zip(chars, chars[1:]))
        spoken = [c for c in chars if c["pinyin"]]
        assert len(spoken) == sum(1 for ch in text if not ch.isspace() and ch != "。")
        assert {round(c["end_s"] - c["start_s"], 6) for c in spoken} == {0.04}  # round(5 / 1.25) = 4 frames of 10 ms
        assert chars[-1]["end_s"] == body["audio_seconds"]
    from ttsserve.cli import main

    monkeypatch.setenv("TTSSERVE_DEFAULT_VOICE", "tone")
    monkeypatch.setenv("TTSSERVE_FRONTEND__TYPE", "test-chars")
    srt = tmp_path / "out.srt"
    assert main(["synth", "你好。再见。", "-o", str(tmp_path / "out.wav"), "--captions", str(srt),
                 "--weights-dir", str(settings.weights_dir), "--device", "cpu"]) == 0
    assert srt.read_text(encoding="utf-8") == ("1\n00:00:00,000 --> 00:00:00,300\n你好。\n\n"
                                              "2\n00:00:00,300 --> 00:00:00,400\n再见。\n\n")


def test_long_text_through_the_frontend_processes(tone_settings):
    """A long text made by the Mandarin frontend in the frontend processes, piece by piece (FrontendOutput.source
    finds each piece in the request text): every character covered in order (the tone voice speaks it)."""
    settings = tone_settings(frontend={"type": "mandarin"}, frontend_processes=1, frontend_inline_when_idle=False)
    text = "\n\n" + "今天是2024年3月15日，我们花了¥500。你好😀！" * 12  # > 300 characters: planned in pieces
    with running_client(settings) as client:
        assert client.app.state.engine.frontend_pool is not None
        body = client.post("/synthesize", json={"text": text, "timestamps": True}).json()
    chars = body["characters"]
    assert "".join(c["char"] for c in chars) == text
    assert all(a["end_s"] <= b["start_s"] for a, b in zip(chars, chars[1:]))
    assert [c["offset"] for c in chars if c["char"] == "2024"] == [2 + 27 * i + 3 for i in range(12)]
    assert abs(chars[-1]["end_s"] - body["audio_seconds"]) < 1e-6
