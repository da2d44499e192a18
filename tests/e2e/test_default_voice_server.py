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
