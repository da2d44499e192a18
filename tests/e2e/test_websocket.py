"""The WebSocket route /v1/audio/speech/stream with a real client (the `websockets` package) against a real
uvicorn process on the tone voices (tests/stages.py: 8 kHz, 400 samples a character, deterministic)."""

from __future__ import annotations

import json
import re
import socket
import time
from pathlib import Path

import httpx
import pytest

websockets = pytest.importorskip("websockets")
from websockets.exceptions import ConnectionClosed, InvalidStatus  # noqa: E402
from websockets.sync.client import connect  # noqa: E402

ROUTE = "/v1/audio/speech/stream"
TEXT = "你好，世界！今天是2024年3月5日，价格1,000元。明天见"


def ws_url(base: str, query: str = "") -> str:
    return base.replace("http://", "ws://") + ROUTE + query


@pytest.fixture(scope="module")
def server(module_server_process, tmp_path_factory):
    base, _ = module_server_process(["-m", "tests.e2e.serve_tone", str(tmp_path_factory.mktemp("w")), "{port}",
                                     "0.2"])
    return base


@pytest.fixture
def own_server(server_process, tmp_path):
    """A server of the test's own (a test that counts the server's metrics from 0)."""
    base, _ = server_process(["-m", "tests.e2e.serve_tone", str(tmp_path / "w"), "{port}", "0.2"])
    return base


def send(ws, **msg) -> None:
    ws.send(json.dumps(msg, ensure_ascii=False))


def collect(ws, timeout_s: float = 20) -> tuple[bytes, list[dict]]:
    """Frames until a `done` event: (the PCM, the JSON events)."""
    pcm, events = bytearray(), []
    while True:
        m = ws.recv(timeout=timeout_s)
        if isinstance(m, bytes):
            pcm += m
            continue
        events.append(json.loads(m))
        if events[-1]["type"] == "done":
            return bytes(pcm), events


def speak(ws, deltas: list[str]) -> tuple[bytes, list[dict]]:
    for d in deltas:
        send(ws, type="text", text=d)
    send(ws, type="end")
    return collect(ws)


def sentences(events: list[dict]) -> list[tuple[int, int, str]]:
    return [(e["start"], e["end"], e["text"]) for e in events if e["type"] == "sentence"]


def metric(base: str, name: str, labels: str = "") -> float:
    text = httpx.get(f"{base}/metrics", timeout=10).text
    m = re.search(rf"^{re.escape(name)}{re.escape('{' + labels + '}') if labels else ''} (\S+)$", text, re.M)
    return float(m.group(1)) if m else 0.0


def test_token_by_token_equals_the_whole_text_and_speaks_before_the_text_is_complete(server):
    with connect(ws_url(server)) as ws:
        send(ws, type="config", voice="tone", timestamps=True)
        whole_pcm, whole_events = speak(ws, [TEXT])
        tok_pcm, tok_events = speak(ws, list(TEXT))  # one character a message
    assert sentences(whole_events) == sentences(tok_events) == [
        (0, 3, "你好，"), (3, 6, "世界！"), (6, 19, "今天是2024年3月5日，"), (19, 28, "价格1,000元。"), (28, 31, "明天见")]
    assert tok_pcm == whole_pcm and len(whole_pcm) > 0
    done = whole_events[-1]
    # 400 samples a character but 。 (the tone voice's sentence end: silent), + 0.2 s after each sentence end
    # (！ and 。) before the next clause, at 8 kHz
    assert done == {"type": "done", "utterance": 0, "clauses": 5, "audio_seconds": (30 * 400 + 2 * 1600) / 8000}
    assert len(whole_pcm) == 2 * (30 * 400 + 2 * 1600)
    # timestamps: offsets into the utterance text, times from its start, every character once, in order
    chars = [c for e in tok_events if e["type"] == "timestamps" for c in e["characters"]]
    assert "".join(c["char"] for c in chars) == TEXT
    assert [c["start_s"] for c in chars] == sorted(c["start_s"] for c in chars)
    assert chars[3] == {"char": "世", "offset": 3, "start_s": 0.15, "end_s": 0.2, "pinyin": "a1"}

    with connect(ws_url(server)) as ws:  # the first clause is spoken while the next one is still being written
        send(ws, type="config", voice="tone")
        for ch in "你好，世":
            send(ws, type="text", text=ch)
        first = [ws.recv(timeout=10) for _ in range(2)]
        assert json.loads(first[0])["type"] == "sentence" and isinstance(first[1], bytes)
        _, events = speak(ws, ["界。"])
        assert sentences([json.loads(first[0])] + events) == [(0, 3, "你好，"), (3, 6, "世界。")]


def test_cancel_stops_the_audio_and_keeps_the_connection(own_server):
    long_text = "。".join(["慢慢说"] * 8) + "。"  # voice "slow": 0.2 s per model call, one call per sentence
    with connect(ws_url(own_server)) as ws:
        send(ws, type="config", voice="tone")
        reference, _ = speak(ws, ["好的。"])
        send(ws, type="config", voice="slow")
        send(ws, type="text", text=long_text)
        got, rate, frame = bytearray(), None, 0
        while not got:
            m = ws.recv(timeout=10)
            if isinstance(m, bytes):
                got += m
                frame = max(frame, len(m) // 2)
            elif json.loads(m)["type"] == "sentence":
                rate = json.loads(m)["sample_rate_hz"]
        send(ws, type="cancel")
        while True:  # what was already on its way, then the acknowledgement
            m = ws.recv(timeout=10)
            if isinstance(m, bytes):
                got += m
                frame = max(frame, len(m) // 2)
            elif json.loads(m)["type"] == "done":
                done = json.loads(m)
                assert set(done) == {"type", "cancelled", "audio_after_cancel_s"} and done["cancelled"] is True
                # after the server read the cancel, at most the frame whose send was under way went out
                assert 0 <= done["audio_after_cancel_s"] * rate <= frame + 1
                break
        assert len(got) < 2 * 9 * 3 * 400  # far from the whole text
        send(ws, type="config", voice="tone")
        after, events = speak(ws, ["好的。"])  # nothing of the cancelled utterance arrives after the ack
        assert after == reference and sentences(events) == [(0, 3, "好的。")]
    time.sleep(1.0)  # a model call under way when the cancel came (0.2 s) finishes
    # of the 8 clauses only those in flight (the lookahead: 2 jobs at a time) ran; the rest never reached the engine
    # (a model call under way cannot be interrupted, so those in flight finish as "ok" or are reaped as cancelled)
    ran = sum(metric(own_server, "ttsserve_jobs_total", f'outcome="{o}"') for o in ("ok", "cancelled", "skipped_cancelled"))
    assert ran <= 2 + 6

    with connect(ws_url(own_server)) as ws:  # a client that goes away mid-utterance: its clauses stop the same way
        send(ws, type="config", voice="slow")
        send(ws, type="text", text=long_text)
        while not isinstance(ws.recv(timeout=10), bytes):
            pass
    deadline = time.monotonic() + 10  # the server's side of the close (not a guessed sleep)
    while metric(own_server, "ttsserve_websocket_closed_total", 'reason="client_closed"') < 2:
        assert time.monotonic() < deadline, "the server never saw the client go"
        time.sleep(0.05)
    assert metric(own_server, "ttsserve_websocket_closed_total", 'reason="client_closed"') == 2
    assert metric(own_server, "ttsserve_websocket_connections") == 0
    after_close = sum(metric(own_server, "ttsserve_jobs_total", f'outcome="{o}"')
                      for o in ("ok", "cancelled", "skipped_cancelled"))
    assert after_close - ran <= 6


def test_settings_change_between_utterances_not_within(server):
    with connect(ws_url(server)) as ws:
        send(ws, type="config", voice="tone")
        normal, _ = speak(ws, ["你好。"])
        send(ws, type="config", speed=2.0)  # only the fields sent change
        fast, _ = speak(ws, ["你好。"])
        assert len(fast) < len(normal) and len(fast) == 2 * 2 * 2 * 80  # 2 characters of round(5 / 2.0) frames of 80 samples
        send(ws, type="text", text="还没")
        send(ws, type="config", speed=1.0)
        err = json.loads(ws.recv(timeout=10))
        assert err == {"type": "error", "code": "invalid_request", "status": 422,
                       "message": "config changes apply between utterances: send it after 'end' (or 'cancel')"}
        pcm, events = speak(ws, ["完。"])  # still at speed 2.0
        assert len(pcm) == 2 * 3 * 2 * 80 and sentences(events) == [(0, 4, "还没完。")]


def test_bad_messages_get_error_events_and_the_connection_stays_usable(server):
    expected = [
        ("not json", "invalid_request", "message is not valid JSON"),
        (json.dumps({"type": "shout"}), "invalid_request",
         "unknown message type 'shout'; expected config, text, flush, end or cancel"),
        (json.dumps({"type": "text"}), "invalid_request", "a text message needs a string field 'text'"),
        (b"\x00\x01", "invalid_request", "binary frames are not accepted: send JSON text frames"),
        (json.dumps({"type": "config", "voice": "nobody"}), "unknown_voice", None),
        (json.dumps({"type": "config", "speed": 9}), "invalid_request", "speed: Input should be less than or equal to 2"),
        (json.dumps({"type": "config", "format": "mp3"}), "invalid_request", None),
        (json.dumps({"type": "config", "emotion": "furious"}), "unknown_emotion", None),
        (json.dumps({"type": "config", "sample_rate_hz": 16000}), "unsupported_format", None),
        ('{"type": "text", "text": "a\\ud800"}', "invalid_request",
         "text has a lone surrogate (U+D800) at character 1 of this message"),
        (json.dumps({"type": "x" * 5000}), "invalid_request", None),  # echoed shortened
    ]
    with connect(ws_url(server)) as ws:
        for raw, code, message in expected:
            ws.send(raw)
            err = json.loads(ws.recv(timeout=10))
            assert err["type"] == "error" and err["code"] == code, (raw, err)
            if message:
                assert err["message"] == message
            assert len(err["message"]) < 300
        send(ws, type="config", voice="tone")
        send(ws, type="text", text="<speak>，")  # markup: that clause fails, the utterance goes on
        pcm, events = speak(ws, ["好。"])
        errors = [e for e in events if e["type"] == "error"]
        assert [(e["code"], e["status"], e["clause"]) for e in errors] == [("invalid_text", 422, 0)]
        assert sentences(events) == [(8, 10, "好。")] and len(pcm) == 2 * 400  # 。 is silent


def test_api_keys_header_query_token_and_subprotocol(server_process, tmp_path, caplog):
    base, _ = server_process(["-m", "tests.e2e.serve_tone", str(tmp_path / "w"), "{port}"],
                             env={"TTSSERVE_API_KEYS": '["sk-ws-1"]'})
    for kwargs, query in [({}, ""), ({"additional_headers": {"Authorization": "Bearer wrong"}}, ""), ({}, "?token=no")]:
        with pytest.raises(InvalidStatus) as refused:
            connect(ws_url(base, query), **kwargs)
        assert refused.value.response.status_code == 401
        assert json.loads(refused.value.response.body) == {"error": {
            "code": "unauthorized", "message": "missing or invalid API key: send 'Authorization: Bearer <key>'"}}
    ways = [({"additional_headers": {"Authorization": "Bearer sk-ws-1"}}, "", None),
            ({}, "?token=sk-ws-1", None),
            ({"subprotocols": ["ttsserve", "bearer.sk-ws-1"]}, "", "ttsserve")]
    for kwargs, query, proto in ways:
        with connect(ws_url(base, query), **kwargs) as ws:
            assert ws.subprotocol == proto
            send(ws, type="config", voice="tone")
            pcm, _ = speak(ws, ["好。"])
            assert len(pcm) == 2 * 400


def test_a_client_that_never_reads_is_cut_off_without_memory_growth(server_process, tmp_path):
    base, proc = server_process(["-m", "tests.e2e.serve_tone", str(tmp_path / "w"), "{port}"],
                                env={"TTSSERVE_WS_SEND_TIMEOUT_S": "1.5", "TTSSERVE_WS_MAX_PENDING_CHARS": "100000"})

    def rss_bytes() -> int:
        status = Path(f"/proc/{proc.pid}/status").read_text()
        return int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1)) * 1024

    with connect(ws_url(base)) as ws:  # warm the code paths before the baseline
        send(ws, type="config", voice="tone")
        speak(ws, ["好" * 200 + "。"])
    before = rss_bytes()
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)  # a small window: the server's buffers fill soon
    sock.connect(("127.0.0.1", int(base.rsplit(":", 1)[1])))
    ws = connect(ws_url(base), sock=sock, max_queue=1)
    send(ws, type="config", voice="tone")
    utterance = "好" * 999 + "。"  # 800 kB of PCM each; 40 of them: 32 MB if the server produced it all
    sent = 0
    try:
        for _ in range(40):
            send(ws, type="text", text=utterance)
            send(ws, type="end")
            sent += 1
    except (ConnectionClosed, TimeoutError, OSError):
        pass
    deadline = time.monotonic() + 30
    while metric(base, "ttsserve_websocket_closed_total", 'reason="send_timeout"') < 1:
        assert time.monotonic() < deadline, "the server did not cut the client off"
        time.sleep(0.2)
    assert metric(base, "ttsserve_websocket_connections") == 0
    grown = rss_bytes() - before
    assert grown < 16 * 1024**2, f"server RSS grew by {grown / 1e6:.1f} MB"
    with pytest.raises(ConnectionClosed):  # the client finds the connection closed once it reads
        while True:
            ws.recv(timeout=30)
    ws.close()
    assert httpx.get(f"{base}/readyz", timeout=10).status_code == 200


def test_idle_connections_are_closed_and_oversized_messages_refused(server_process, tmp_path):
    base, _ = server_process(["-m", "tests.e2e.serve_tone", str(tmp_path / "w"), "{port}"],
                             env={"TTSSERVE_WS_IDLE_TIMEOUT_S": "1", "TTSSERVE_WS_MAX_MESSAGE_BYTES": "2048"})
    with connect(ws_url(base)) as ws:
        send(ws, type="config", voice="tone")
        t0 = time.monotonic()
        with pytest.raises(ConnectionClosed) as closed:
            ws.recv(timeout=10)
        assert 0.9 < time.monotonic() - t0 < 5
        assert (closed.value.rcvd.code, closed.value.rcvd.reason) == (1000, "idle timeout")
    with connect(ws_url(base)) as ws:
        send(ws, type="text", text="好" * 1000)  # 3,000 bytes of UTF-8
        with pytest.raises(ConnectionClosed) as closed:
            ws.recv(timeout=10)
        assert closed.value.rcvd.code == 1009
    assert metric(base, "ttsserve_websocket_closed_total", 'reason="idle_timeout"') == 1


def test_a_websocket_outlives_the_http_header_deadline(server_process, tmp_path):
    # the HTTP guards' header deadline applies to HTTP requests only: once upgraded, the route's own timeouts rule
    base, _ = server_process(["-m", "tests.e2e.serve_tone", str(tmp_path / "w"), "{port}"],
                             env={"TTSSERVE_HEADER_TIMEOUT_S": "1"})
    with connect(ws_url(base)) as ws:
        send(ws, type="config", voice="tone")
        time.sleep(2.5)
        pcm, events = speak(ws, ["你好。"])
        assert len(pcm) == 2 * 2 * 400 and events[-1]["type"] == "done"
