"""One log line per synthesis request: id, voice, characters, audio seconds, queue wait, synthesis seconds,
status and code, for whole and streamed answers and for refused requests."""

from __future__ import annotations

import logging
import re

from tests.conftest import running_client

LINE = re.compile(r"request (?P<id>\S+) voice=(?P<voice>\S+) chars=(?P<chars>\d+) audio_s=(?P<audio>[\d.]+) "
                  r"wait_s=(?P<wait>[\d.]+|-) synth_s=(?P<synth>[\d.]+|-) status=(?P<status>\d+) code=(?P<code>\S+) "
                  r"stream=(?P<stream>yes|no)$")


def lines(caplog) -> list[dict]:
    return [LINE.match(r.getMessage()).groupdict() for r in caplog.records if r.name == "ttsserve.requests"]


def test_one_line_per_request(tone_settings, caplog):
    caplog.set_level(logging.INFO, logger="ttsserve.requests")
    with running_client(tone_settings()) as client:
        r = client.post("/synthesize", json={"text": "你好世界"}, headers={"X-Request-ID": "whole-1"})
        assert r.status_code == 200
        s = client.post("/synthesize", json={"text": "你好", "stream": True, "format": "pcm"},
                        headers={"X-Request-ID": "stream-1"})
        assert s.status_code == 200
        bad = client.post("/synthesize", json={"text": "你好", "emotion": "furious"}, headers={"X-Request-ID": "bad-1"})
        assert bad.status_code == 422
    whole, streamed, refused = lines(caplog)
    assert (whole["id"], whole["voice"], whole["chars"], whole["status"], whole["code"], whole["stream"]) == \
        ("whole-1", "tone", "4", "200", "ok", "no")
    assert float(whole["audio"]) == float(r.headers["x-audio-seconds"]) > 0
    assert whole["wait"] != "-" and whole["synth"] != "-"
    assert (streamed["id"], streamed["status"], streamed["stream"]) == ("stream-1", "200", "yes")
    assert abs(float(streamed["audio"]) - len(s.content) / 2 / int(s.headers["x-sample-rate-hz"])) < 1e-3
    assert (refused["id"], refused["status"], refused["code"], refused["wait"], refused["audio"]) == \
        ("bad-1", "422", "unknown_emotion", "-", "0.000")


def test_a_client_cannot_write_a_huge_or_forged_log_line(tone_settings, caplog):
    """Found by the 10-minute GPU soak (hostile traffic): every 100,000-character voice name was logged in full
    (1,347 lines of 100 KB, 135 MB of the 159 MB log). Client values are now shortened and escaped."""
    caplog.set_level(logging.INFO, logger="ttsserve.requests")
    with running_client(tone_settings()) as client:
        huge = client.post("/synthesize", json={"text": "你好", "voice": "v" * 100_000})
        forged = client.post("/synthesize", json={"text": "你好", "voice": "x\nrequest fake voice=tone"},
                             headers={"X-Request-ID": "a b"})
    assert huge.status_code == forged.status_code == 404
    records = [r.getMessage() for r in caplog.records if r.name == "ttsserve.requests"]
    assert len(records) == 2 and all("\n" not in m and len(m) < 300 for m in records)
    first, second = (LINE.match(m).groupdict() for m in records)
    assert first["voice"] == repr("v" * 64 + "…") and first["code"] == "unknown_voice"
    assert second["voice"] == r"'x\nrequest\x20fake\x20voice=tone'"  # one line, escaped, no space
    assert second["id"] == r"'a\x20b'"
