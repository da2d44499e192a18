"""The bad-input matrix: every case is a 4xx with a JSON error body, and the server keeps serving."""

from __future__ import annotations

import pytest

from tests.conftest import running_client


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    import os

    from tests.stages import write_tone_voice
    from ttsserve.settings import load_settings

    saved = {k: os.environ.pop(k) for k in list(os.environ) if k.startswith("TTSSERVE_")}
    w = tmp_path_factory.mktemp("w")
    write_tone_voice(w, "tone")
    settings = load_settings(weights_dir=w, default_voice="tone", frontend={"type": "test-chars"}, warmup=False,
                             device="cpu", max_text_chars=100)
    with running_client(settings) as c:
        yield c
    os.environ.update(saved)


def post_raw(client, content: bytes):
    return client.post("/synthesize", content=content, headers={"content-type": "application/json"})


CASES = {
    "empty": ({"text": ""}, 422, "invalid_text"),
    "whitespace": ({"text": " \t\n "}, 422, "invalid_text"),
    "over_limit": ({"text": "好" * 101}, 413, "text_too_long"),
    "wrong_type_text": ({"text": ["a"]}, 422, "invalid_request"),
    "wrong_type_speed": ({"text": "好", "speed": "fast"}, 422, "invalid_request"),
    "null_text": ({"text": None}, 422, "invalid_request"),
    "unknown_voice": ({"text": "好", "voice": "zhibei"}, 404, "unknown_voice"),
    "voice_dotdot": ({"text": "好", "voice": ".."}, 404, "unknown_voice"),
    "voice_path": ({"text": "好", "voice": "tone/../../etc"}, 404, "unknown_voice"),
    "voice_backslash": ({"text": "好", "voice": "..\\tone"}, 404, "unknown_voice"),
    "voice_nul": ({"text": "好", "voice": "tone\u0000"}, 404, "unknown_voice"),
    "unknown_emotion": ({"text": "好", "emotion": "furious"}, 422, "unknown_emotion"),
    "speed_low": ({"text": "好", "speed": 0.1}, 422, "invalid_request"),
    "pitch_high": ({"text": "好", "pitch": 9}, 422, "invalid_request"),
    "volume_negative": ({"text": "好", "volume": -1}, 422, "invalid_request"),
    "format": ({"text": "好", "format": "aiff"}, 422, "invalid_request"),
    "rate": ({"text": "好", "sample_rate_hz": 1}, 422, "invalid_request"),
    "ssml_unbalanced": ({"text": "<speak>你好<break time='1s'>"}, 422, "invalid_text"),
    "ssml_balanced": ({"text": "<speak>你好</speak>"}, 422, "invalid_text"),
    "not_an_object": ([1, 2], 422, "invalid_request"),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_input_matrix(client, name):
    body, status, code = CASES[name]
    r = client.post("/synthesize", json=body)
    assert r.status_code == status, r.text
    assert r.headers["content-type"] == "application/json"
    assert r.json()["error"]["code"] == code
    assert client.post("/synthesize", json={"text": "好"}).status_code == 200


@pytest.mark.parametrize(
    "raw,status,code",
    [
        (b"{\"text\": \"\xff\xfe\"}", 400, "invalid_request"),  # invalid UTF-8
        (b"{\"text\": \"\xe5\xa5\xbd\", \"pitch\": NaN}", 422, "invalid_request"),
        (b"{\"text\": \"\xe5\xa5\xbd\", \"speed\": Infinity}", 422, "invalid_request"),
        (b"{\"text\": ", 422, "invalid_request"),  # truncated JSON
        (b"", 422, "invalid_request"),
        (b"x" * (10 * 1024 * 1024), 413, "body_too_large"),  # 10 MB
    ],
    ids=["invalid_utf8", "nan", "infinity", "truncated", "empty_body", "10MB"],
)
def test_malformed_bodies(client, raw, status, code):
    r = post_raw(client, raw)
    assert r.status_code == status and r.json()["error"]["code"] == code
    assert client.post("/synthesize", json={"text": "好"}).status_code == 200


def test_markup_message_is_exact(client):
    r = client.post("/synthesize", json={"text": "你好<b>"})
    assert r.json() == {"error": {"code": "invalid_text", "message": "markup such as SSML is not supported; send plain text (or SSML with text_type: ssml)"}}
    # a lone comparison sign is ordinary text
    assert client.post("/synthesize", json={"text": "3<5"}).status_code == 200


@pytest.mark.parametrize("route,field", [("/synthesize", "text"), ("/v1/frontend", "text"),
                                         ("/v1/audio/speech", "input")])
def test_lone_surrogate_is_a_422_naming_its_place(client, route, field):
    # JSON may escape a lone surrogate; it is no Unicode character, and echoing it broke the response (500).
    extra = b', "model": "tts-1", "response_format": "wav"' if field == "input" else b""
    r = client.post(route, content=b'{"%s": "\\u4f60\\u597d\\ud800"%s}' % (field.encode(), extra),
                    headers={"content-type": "application/json"})
    assert r.status_code == 422, r.text
    assert r.json() == {"error": {"code": "invalid_text", "message":
                                  "text has a lone surrogate (U+D800) at character 2; send valid Unicode"}}
    assert client.post(route, json={field: "好", **({"model": "tts-1"} if field == "input" else {})}).status_code == 200
