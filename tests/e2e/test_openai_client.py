"""The official `openai` client against a real ttsserve process: /v1/audio/speech and /v1/models."""

from __future__ import annotations

import io

import pytest
import soundfile as sf

openai = pytest.importorskip("openai")

from tests.stages import TONE_RATE_HZ  # noqa: E402


@pytest.fixture(scope="module")
def server(module_server_process, tmp_path_factory):
    base, _ = module_server_process(["-m", "tests.e2e.serve_tone", str(tmp_path_factory.mktemp("w")), "{port}"],
                             env={"TTSSERVE_API_KEYS": '["sk-test-1", "sk-test-2"]'})
    return base


def client(base: str, key: str = "sk-test-1"):
    return openai.OpenAI(base_url=f"{base}/v1", api_key=key, max_retries=0, timeout=30)


def test_speech_non_streaming_formats(server):
    c = client(server)
    wav = c.audio.speech.create(model="tts-1", voice="alloy", input="你好世界", response_format="wav")
    data, rate = sf.read(io.BytesIO(wav.content))
    assert rate == TONE_RATE_HZ and len(data) > 0
    for fmt in ("mp3", "flac", "opus"):
        audio = c.audio.speech.create(model="ttsserve", voice="tone", input="你好", response_format=fmt).content
        decoded, _ = sf.read(io.BytesIO(audio))
        assert len(decoded) > 0, fmt


def test_speech_streaming(server):
    c = client(server)
    with c.audio.speech.with_streaming_response.create(model="tts-1", voice="tone", input="你好。世界",
                                                       response_format="wav") as resp:
        chunks = list(resp.iter_bytes())
    data, rate = sf.read(io.BytesIO(b"".join(chunks)))
    assert rate == TONE_RATE_HZ and len(data) > 0


def test_emotion_from_instructions_and_models(server):
    c = client(server)
    resp = c.audio.speech.with_raw_response.create(model="tts-1", voice="tone", input="你好", response_format="flac",
                                                  instructions="Please sound happy")
    assert resp.headers["x-emotion"] == "happy"
    assert {m.id for m in c.models.list()} >= {"ttsserve", "tts-1"}


def test_errors_reach_the_client(server):
    with pytest.raises(openai.AuthenticationError):
        client(server, key="wrong").audio.speech.create(model="tts-1", voice="tone", input="你好")
    with pytest.raises(openai.UnprocessableEntityError, match="outside the supported") as info:
        client(server).audio.speech.create(model="tts-1", voice="tone", input="你好", speed=3.0)
    assert info.value.body["code"] == "invalid_request"  # a request error, as on /synthesize
    assert info.value.body["message"].endswith("speed 3 is outside the supported 0.5-2.0")
    with pytest.raises(openai.NotFoundError, match="unknown voice"):
        client(server).audio.speech.create(model="tts-1", voice="nobody", input="你好")
    with pytest.raises(openai.UnprocessableEntityError, match="aac is not supported"):
        client(server).audio.speech.create(model="tts-1", voice="tone", input="你好", response_format="aac")


def sse_events(resp) -> list[dict]:
    """`data:` lines of a server-sent event stream, as JSON."""
    import json

    return [json.loads(line[len("data: "):]) for line in resp.iter_lines() if line.startswith("data: ")]


def test_speech_server_sent_events(server):
    import base64

    c = client(server)
    text = "你好。世界"
    for fmt in ("wav", "pcm", "flac"):  # wav streamed as made; pcm (24 kHz from an 8 kHz voice) and flac whole
        with c.audio.speech.with_streaming_response.create(model="ttsserve", voice="tone", input=text,
                                                           response_format=fmt, stream_format="sse") as resp:
            assert resp.headers["content-type"].startswith("text/event-stream")
            events = sse_events(resp)
        assert [e["type"] for e in events[:-1]] == ["speech.audio.delta"] * (len(events) - 1) and len(events) > 1
        assert events[-1] == {"type": "speech.audio.done",
                              "usage": {"input_tokens": len(text), "output_tokens": 0, "total_tokens": len(text)}}
        sse_bytes = b"".join(base64.b64decode(e["audio"]) for e in events[:-1])
        plain = c.audio.speech.create(model="ttsserve", voice="tone", input=text, response_format=fmt).content
        if fmt == "pcm":
            assert sse_bytes == plain and len(plain) > 0
        else:
            got, rate = sf.read(io.BytesIO(sse_bytes), dtype="int16")
            want, want_rate = sf.read(io.BytesIO(plain), dtype="int16")
            assert rate == want_rate and (got == want).all() and len(got) > 0
    with pytest.raises(openai.NotFoundError, match="unknown voice"):  # refused before the stream starts
        c.audio.speech.create(model="tts-1", voice="nobody", input="你好", stream_format="sse")
