"""SSML over HTTP on the tone voice with the Mandarin frontend: the audio a <break> and <prosody> make, timestamps
over the text content, /v1/frontend's account of each element, the OpenAI route's switch, hostile XML."""

from __future__ import annotations

import base64
import io

import numpy as np
import pytest
import soundfile as sf

from tests.conftest import running_client
from tests.stages import FRAMES_PER_SYMBOL, TONE_HOP, TONE_RATE_HZ

HOP_S = TONE_HOP / TONE_RATE_HZ


@pytest.fixture
def client(tone_settings):
    with running_client(tone_settings(frontend={"type": "mandarin"})) as c:
        yield c


def _wav(r) -> np.ndarray:
    assert r.status_code == 200, r.text
    audio, rate = sf.read(io.BytesIO(r.content), dtype="float32")
    assert rate == TONE_RATE_HZ
    return audio


def _zero_runs(audio: np.ndarray, min_samples: int = 40) -> list[tuple[int, int]]:
    """[start, end) of the runs of exact zeros (16-bit) at least `min_samples` long."""
    zero = np.concatenate([[False], audio == 0, [False]])
    edges = np.flatnonzero(np.diff(zero.astype(np.int8)))
    return [(a, b) for a, b in zip(edges[::2], edges[1::2]) if b - a >= min_samples]


def ssml(body: str) -> dict:
    return {"text": f"<speak>{body}</speak>", "text_type": "ssml"}


def test_break_gives_its_silence_within_one_hop(client):
    audio = _wav(client.post("/synthesize", json=ssml('你好<break time="800ms"/>世界')))
    runs = _zero_runs(audio)
    assert len(runs) == 1
    a, b = runs[0]
    assert abs((b - a) / TONE_RATE_HZ - 0.8) <= HOP_S
    assert abs(a / TONE_RATE_HZ - 2 * FRAMES_PER_SYMBOL * HOP_S) <= HOP_S  # after 你好
    # at the end of the document: the audio ends with it
    tail = _wav(client.post("/synthesize", json=ssml('你好<break time="1.5s"/>')))
    a, b = _zero_runs(tail)[-1]
    assert b == len(tail) and abs((b - a) / TONE_RATE_HZ - 1.5) <= HOP_S


def test_prosody_rate_and_volume_change_the_span_only(client):
    plain = _wav(client.post("/synthesize", json=ssml("你好")))
    slow = _wav(client.post("/synthesize", json=ssml('<prosody rate="50%" volume="50%">你好</prosody>')))
    assert len(slow) == 2 * len(plain)  # the tone voice: frames = 5 / speed per syllable
    assert np.abs(slow).max() == pytest.approx(np.abs(plain).max() / 2, abs=2 / 32768)
    mixed = _wav(client.post("/synthesize", json=ssml('你好<prosody volume="silent">世界</prosody>')))
    assert np.abs(mixed[len(plain):]).max() == 0 and np.abs(mixed[: len(plain)]).max() > 0.4


def test_express_as_must_name_an_emotion_of_the_voice(client):
    happy = _wav(client.post("/synthesize", json=ssml('你好<express-as style="happy">你好</express-as>')))
    # the tone voice's happy preset speaks at 1.2x: 4 frames per syllable instead of 5, on that span only
    assert len(happy) == (2 * FRAMES_PER_SYMBOL + 2 * round(FRAMES_PER_SYMBOL / 1.2)) * TONE_HOP
    r = client.post("/synthesize", json=ssml('<express-as style="furious">你好</express-as>'))
    assert r.status_code == 422 and r.json()["error"]["code"] == "unknown_emotion"


def test_timestamps_index_the_text_content(client):
    r = client.post("/synthesize", json={**ssml('汤&amp;姆<break time="800ms"/><say-as interpret-as="telephone">110</say-as>'),
                                         "timestamps": True})
    body = r.json()
    chars = body["characters"]
    assert "".join(c["char"] for c in chars) == "汤&姆110"
    assert [(c["char"], c["offset"], c["pinyin"]) for c in chars] == [
        ("汤", 0, "tang1"), ("&", 1, "he2"), ("姆", 2, "mu3"), ("110", 3, "yao1 yao1 ling2")]
    assert chars[3]["start_s"] == pytest.approx(3 * FRAMES_PER_SYMBOL * HOP_S + 0.8, abs=HOP_S)


def test_frontend_route_shows_each_element(client):
    doc = '<speak>请拨<say-as interpret-as="telephone">110</say-as><break time="500ms"/>谢谢</speak>'
    r = client.post("/v1/frontend", json={"text": doc, "text_type": "ssml"})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["text_content"] == "请拨110谢谢"
    assert body["ssml"] == [
        {"element": "say-as", "position": 9, "interpret_as": "telephone", "text": "110", "read_as": "幺幺零"},
        {"element": "break", "position": 54, "silence_s": 0.5}]
    assert [s["original"] for s in body["sentences"]] == ["请拨110", "谢谢"]
    assert body["sentences"][1]["controls"]["gap_before_s"] == 0.5


def test_text_type_decides(client):
    doc = "<speak>你好</speak>"
    r = client.post("/synthesize", json={"text": doc})
    assert r.status_code == 422 and r.json() == {"error": {"code": "invalid_text", "message": (
        "markup such as SSML is not supported; send plain text (or SSML with text_type: ssml)")}}
    r = client.post("/synthesize", json={"text": "你好", "text_type": "ssml"})
    assert r.status_code == 422 and r.json() == {"error": {"code": "invalid_ssml", "message": (
        "text_type is ssml but the text does not start with <speak")}}
    r = client.post("/synthesize", json=ssml('你好<voice name="x">世界</voice>'))
    assert r.status_code == 422 and r.json() == {"error": {"code": "invalid_ssml", "message": (
        "unsupported SSML element <voice> at character 9")}}


def test_hostile_xml_is_refused_and_the_server_keeps_serving(client):
    laughs = ('<?xml version="1.0"?><!DOCTYPE speak [<!ENTITY a "哈哈哈哈哈哈哈哈哈哈">'
              + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(8))
              + ']><speak>&i;</speak>')
    external = '<?xml version="1.0"?><!DOCTYPE speak [<!ENTITY x SYSTEM "file:///etc/passwd">]><speak>&x;</speak>'
    for doc in (laughs, external):
        r = client.post("/synthesize", json={"text": doc, "text_type": "ssml"})
        assert r.status_code == 422 and r.json()["error"]["code"] == "invalid_ssml"
        assert "DTD" in r.json()["error"]["message"]
    deep = "<speak>" + "<p>" * 1000 + "你好" + "</p>" * 1000 + "</speak>"  # 7 kB: over the text limit
    r = client.post("/synthesize", json={"text": deep, "text_type": "ssml"})
    assert r.status_code == 413 and r.json()["error"]["code"] == "text_too_long"
    deep = "<speak>" + "<s>" * 600 + "你好" + "</s>" * 600 + "</speak>"  # within it: the depth bound
    r = client.post("/synthesize", json={"text": deep, "text_type": "ssml"})
    assert r.status_code == 422 and r.json()["error"]["message"] == "SSML nests deeper than 32 elements (at character 100)"
    mega = "<speak>" + "<p>" * 350_000 + "</speak>"  # 1 MB of nesting: over the body limit
    r = client.post("/synthesize", json={"text": mega, "text_type": "ssml"})
    assert r.status_code == 413
    assert client.post("/synthesize", json=ssml("你好")).status_code == 200


def test_openai_route_reads_ssml_only_behind_its_switch(tone_settings):
    payload = {"model": "tts-1", "input": '<speak>你好<break time="800ms"/>世界</speak>', "response_format": "wav"}
    with running_client(tone_settings(frontend={"type": "mandarin"})) as c:
        r = c.post("/v1/audio/speech", json=payload)
        assert r.status_code == 422 and r.json()["error"]["code"] == "invalid_text"
    with running_client(tone_settings(frontend={"type": "mandarin"}, openai_ssml=True)) as c:
        audio = _wav(c.post("/v1/audio/speech", json=payload))
        (a, b), = _zero_runs(audio)
        assert abs((b - a) / TONE_RATE_HZ - 0.8) <= HOP_S
        assert c.post("/v1/audio/speech", json={**payload, "input": "你好"}).status_code == 200


def test_streamed_timestamps_equal_the_whole_answer(client):
    import json as _json

    payload = {**ssml('<p>你好</p><break time="500ms"/><prosody rate="fast">世界</prosody>'), "timestamps": True}
    whole = client.post("/synthesize", json=payload).json()
    with client.stream("POST", "/synthesize", json={**payload, "stream": True}) as r:
        events = [_json.loads(line) for line in r.iter_lines() if line]
    assert [c for e in events if e["type"] == "timing" for c in e["characters"]] == whole["characters"]
    assert "".join(c["char"] for c in whole["characters"]) == "你好世界"
    assert events[-1]["audio_seconds"] == whole["audio_seconds"]


def test_ssml_through_the_frontend_processes(tone_settings):
    """The same document read in a frontend process (its FrontendOutput, markup and controls, pickled back) gives
    the same audio and the same /v1/frontend answer as the worker thread's frontend."""
    doc = ssml('你好<break time="800ms"/><prosody volume="50%">世界</prosody>')
    with running_client(tone_settings(frontend={"type": "mandarin"})) as c:
        inline = _wav(c.post("/synthesize", json=doc))
        report = c.post("/v1/frontend", json=doc).json()
    with running_client(tone_settings(frontend={"type": "mandarin"}, frontend_processes=1,
                                      frontend_inline_when_idle=False)) as c:
        assert np.array_equal(_wav(c.post("/synthesize", json=doc)), inline)
        assert c.post("/v1/frontend", json=doc).json() == report
