"""The README's promise: `ttsserve serve` on a fresh clone speaks Mandarin from the committed weights."""

from __future__ import annotations

import io

import httpx
import numpy as np
import soundfile as sf


def test_cli_server_speaks_with_the_default_voice(server_process):
    base, _ = server_process(["-m", "ttsserve", "serve", "--port", "{port}", "--device", "cpu"])
    r = httpx.post(f"{base}/synthesize", json={"text": "今天天气不错"}, timeout=60)
    assert r.status_code == 200, r.text
    audio, rate = sf.read(io.BytesIO(r.content), dtype="float32")
    assert rate == 24000
    assert 0.8 < len(audio) / rate < 4.0  # six syllables
    rms = float(np.sqrt(np.mean(audio**2)))
    assert 0.02 < rms < 0.5
    voices = httpx.get(f"{base}/v1/voices").json()
    baker = next(v for v in voices["voices"] if v["name"] == "baker")
    assert baker["loaded"] and baker["sample_rate_hz"] == 24000
    assert {e["kind"] for e in baker["emotions"]} == {"prosody"}


def test_a_websocket_utterance_sounds_as_the_same_text_over_rest(server_process):
    """The WebSocket sends each clause as its own request; only the utterance's first opens a response (its
    leading silence trimmed, `response_lead`), so two sentences sound sample for sample as one REST request.
    (要 gets ~0.2 s of `sil` from the model: trimmed on the second clause, the pause would be shorter.)"""
    import json

    import pytest

    websockets = pytest.importorskip("websockets")
    from websockets.sync.client import connect

    base, _ = server_process(["-m", "ttsserve", "serve", "--port", "{port}", "--device", "cpu"])
    text = "好的。要保护隐私。"
    r = httpx.post(f"{base}/synthesize", json={"text": text, "format": "pcm"}, timeout=60)
    assert r.status_code == 200, r.text
    pcm = bytearray()
    with connect(base.replace("http://", "ws://") + "/v1/audio/speech/stream?voice=baker") as ws:
        ws.send(json.dumps({"type": "text", "text": text}, ensure_ascii=False))
        ws.send(json.dumps({"type": "end"}))
        while True:
            m = ws.recv(timeout=60)
            if isinstance(m, bytes):
                pcm += m
            elif json.loads(m)["type"] == "done":
                break
    assert len(pcm) > 24000 and bytes(pcm) == r.content
