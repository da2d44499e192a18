"""Hostile clients against a real uvicorn server (in this process, on loopback): what a misbehaving or
malicious client does must not cost other clients their answers."""

from __future__ import annotations

import contextlib
import http.client
import json
import socket
import threading
import time

import pytest

from tests.e2e.conftest import free_port


@contextlib.contextmanager
def serving(app, **uvicorn_kwargs):
    """uvicorn on a free loopback port in a thread; yields the port."""
    import uvicorn

    from ttsserve.app import uvicorn_config

    settings = app.state.settings
    port = free_port()
    config = uvicorn_config(app, settings, host="127.0.0.1", port=port, log_level="warning", **uvicorn_kwargs)
    server = uvicorn.Server(config)
    app.state.test_server = server
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("server did not start")
        time.sleep(0.02)
    try:
        yield port
    finally:
        server.should_exit = True
        thread.join(timeout=30)


@pytest.fixture
def app(tone_settings):
    return make_app(tone_settings())


def make_app(settings):
    from ttsserve.app import create_app

    app = create_app(settings)

    @app.get("/test-boom")
    async def boom():  # an unexpected bug in a handler
        raise RuntimeError("boom /home/secret/path")

    return app


def test_keep_alive_connection_survives_an_unexpected_error(app):
    with serving(app) as port:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        for _ in range(3):
            conn.request("GET", "/test-boom")
            r = conn.getresponse()
            body = r.read()
            assert r.status == 500
            assert json.loads(body) == {"error": {"code": "internal_error", "message": "internal server error"}}
            assert r.getheader("connection") != "close"
            conn.request("GET", "/healthz")  # same connection: it was reset after a 500 before
            r = conn.getresponse()
            assert (r.status, json.loads(r.read())["status"]) == (200, "ok")
        conn.close()


def read_all(sock: socket.socket, timeout_s: float) -> bytes:
    """Everything the server sends until it closes the connection (or the timeout)."""
    sock.settimeout(timeout_s)
    out = b""
    try:
        while chunk := sock.recv(65536):
            out += chunk
    except (socket.timeout, ConnectionResetError):
        pass
    return out


def json_error(raw: bytes) -> tuple[int, dict]:
    head, _, body = raw.partition(b"\r\n\r\n")
    assert b"content-type: application/json" in head.lower(), raw[:300]
    return int(head.split()[1]), json.loads(body)["error"]


def healthz(port: int) -> float:
    t0 = time.monotonic()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    conn.request("GET", "/healthz")
    r = conn.getresponse()
    assert r.status == 200 and json.loads(r.read()) == {"status": "ok", "detail": ""}
    conn.close()
    return time.monotonic() - t0


def test_idle_and_half_sent_connections_are_capped_and_closed(tone_settings):
    """300 sockets that send part of a request and stop, against max_connections 100: the server holds at
    most 100 (the rest get a JSON 503 at once), closes the half-sent ones with a JSON 408 when the header
    deadline passes, and answers /healthz afterwards."""
    app = make_app(tone_settings(max_connections=100, header_timeout_s=1.5))
    with serving(app) as port:
        server_conns = app.state.test_server.server_state.connections
        socks = []
        for _ in range(300):
            s = socket.create_connection(("127.0.0.1", port), timeout=5)
            s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
            socks.append(s)
        time.sleep(0.3)
        assert len(server_conns) <= 100
        t0 = time.monotonic()
        answers = [read_all(s, 5) for s in socks]
        elapsed = time.monotonic() - t0
        for s in socks:
            s.close()
        statuses = [json_error(a) for a in answers]
        refused = [e for st, e in statuses if st == 503]
        timed_out = [e for st, e in statuses if st == 408]
        assert len(refused) >= 200 and len(refused) + len(timed_out) == 300
        assert refused[0] == {"code": "too_many_connections",
                              "message": "the server holds its limit of 100 connections; retry later"}
        assert timed_out[0] == {"code": "client_timeout",
                                "message": "the request headers did not arrive within 1.5 s"}
        assert elapsed < 5
        assert healthz(port) < 1.0
        assert len(server_conns) <= 1
        closed = app.state.telemetry.registry.get_sample_value
        assert closed("ttsserve_connections_closed_total", {"reason": "too_many_connections"}) == len(refused)
        assert closed("ttsserve_connections_closed_total", {"reason": "header_timeout"}) == len(timed_out)


def test_slowloris_headers_hit_the_deadline_however_slow(tone_settings):
    app = make_app(tone_settings(header_timeout_s=1.0))
    with serving(app) as port:
        s = socket.create_connection(("127.0.0.1", port), timeout=5)
        t0 = time.monotonic()
        s.sendall(b"GET /healthz HTTP/1.1\r\n")
        try:
            for _ in range(20):  # a header line every 0.2 s would keep a per-read timeout from firing
                time.sleep(0.2)
                s.sendall(b"X-a: b\r\n")
        except OSError:
            pass
        status, error = json_error(read_all(s, 5))
        assert (status, error["code"]) == (408, "client_timeout")
        assert time.monotonic() - t0 < 2.5
        s.close()


def test_idle_keep_alive_connection_is_closed(tone_settings):
    app = make_app(tone_settings(keep_alive_timeout_s=0.5))
    with serving(app) as port:
        s = socket.create_connection(("127.0.0.1", port), timeout=5)
        s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        t0 = time.monotonic()
        raw = read_all(s, 5)
        assert raw.startswith(b"HTTP/1.1 200") and time.monotonic() - t0 < 2
        s.close()


@pytest.mark.parametrize("chunk", [b"ffffffffffffffffff", b"10"])
def test_body_that_never_arrives_gets_a_json_408(tone_settings, chunk):
    app = make_app(tone_settings(body_timeout_s=1.0))
    with serving(app) as port:
        s = socket.create_connection(("127.0.0.1", port), timeout=5)
        s.sendall(b"POST /synthesize HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                  b"Transfer-Encoding: chunked\r\n\r\n" + chunk + b"\r\n{\"text\"")
        t0 = time.monotonic()
        status, error = json_error(read_all(s, 5))
        assert (status, error) == (408, {"code": "client_timeout",
                                         "message": "the request body did not arrive within 1 s"})
        assert time.monotonic() - t0 < 3
        s.close()
        assert healthz(port) < 1.0


@pytest.mark.parametrize("raw", [
    b"GARBAGE\r\n\r\n",
    b"GET / HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n",
    b"GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 40_000,  # endless headers: cut at max_header_bytes
    b"POST /synthesize HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
], ids=["request_line", "header", "oversized_headers", "chunk_size"])
def test_unparsable_requests_get_json_400(app, raw):
    with serving(app) as port:
        s = socket.create_connection(("127.0.0.1", port), timeout=5)
        s.sendall(raw)
        status, error = json_error(read_all(s, 5))
        assert status == 400 and error["code"] in ("bad_request", "invalid_request"), error
        s.close()
        assert healthz(port) < 1.0


def test_websocket_upgrade_is_answered_as_json(app):
    with serving(app) as port:
        s = socket.create_connection(("127.0.0.1", port), timeout=5)
        s.sendall(b"GET /synthesize HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                  b"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
        s.settimeout(5)
        head = s.recv(65536)
        assert head.startswith(b"HTTP/1.1 405") and b"application/json" in head, head[:200]
        s.close()


def metric(port: int, name: str, labels: str) -> float:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    conn.request("GET", "/metrics")
    text = conn.getresponse().read().decode()
    conn.close()
    for line in text.splitlines():
        if line.startswith(f"{name}{{{labels}}}"):
            return float(line.split()[-1])
    return 0.0


def wait_for(condition, what: str, timeout_s: float = 10) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition():
        assert time.monotonic() < deadline, what
        time.sleep(0.01)


def test_queued_streams_whose_clients_leave_are_cancelled(tone_settings, capfd):
    from tests.stages import HoldWorker, counter

    app = make_app(tone_settings(max_active_jobs=1, slow_delay_s=0.5))
    with serving(app) as port:
        engine = app.state.engine
        # The busy job holds the worker until the leavers' jobs are queued and their clients gone (the server runs in
        # this process). Sleeps of 0.1 s guessed when the busy job had started and when the leavers were queued: a
        # leaver the server saw go later than the busy job's 0.5 s model call ended ran (and was not skipped).
        hold = HoldWorker(engine)
        busy = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        busy.request("POST", "/synthesize", body=json.dumps({"text": "慢", "voice": "slow"}),
                     headers={"content-type": "application/json"})
        assert hold.reached.wait(10), "the busy job never reached the worker"
        body = json.dumps({"text": "慢", "voice": "slow", "stream": True, "format": "pcm"}).encode()
        leavers = []
        for _ in range(4):
            s = socket.create_connection(("127.0.0.1", port), timeout=5)
            s.sendall(b"POST /synthesize HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                      b"Content-Length: %d\r\n\r\n%s" % (len(body), body))
            leavers.append(s)
        wait_for(lambda: engine.queue.qsize() == 4, "the leavers' jobs were never queued")
        for s in leavers:  # gone while their jobs wait behind the busy one
            s.close()
        wait_for(lambda: counter(engine, "ttsserve_jobs_total", {"outcome": "client_disconnected"}) == 4,
                 "the server did not see the leavers go")
        hold.release()
        assert busy.getresponse().status == 200
        deadline = time.monotonic() + 10
        while metric(port, "ttsserve_jobs_total", 'outcome="skipped_cancelled"') < 4 and time.monotonic() < deadline:
            time.sleep(0.1)
        assert metric(port, "ttsserve_jobs_total", 'outcome="skipped_cancelled"') == 4
        assert metric(port, "ttsserve_jobs_total", 'outcome="ok"') == 1
        # counted as clients that left (499), not as server errors; no traceback per leaver in the log
        assert metric(port, "ttsserve_requests_total", 'route="/synthesize",status="499"') == 4
        assert metric(port, "ttsserve_requests_total", 'route="/synthesize",status="500"') == 0
    assert "Exception in ASGI application" not in capfd.readouterr().err


def test_hostile_ssml_over_a_real_server(tone_settings):
    """Billion laughs, an external entity and a megabyte of nesting against a real server: each a 4xx JSON answer,
    and the server goes on serving (a small SSML document right after)."""
    laughs = ('<?xml version="1.0"?><!DOCTYPE speak [<!ENTITY a "哈哈哈哈哈哈哈哈哈哈">'
              + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(8))
              + ']><speak>&i;</speak>')
    external = '<?xml version="1.0"?><!DOCTYPE speak [<!ENTITY x SYSTEM "file:///etc/passwd">]><speak>&x;</speak>'
    mega = "<speak>" + "<p>" * 350_000 + "</speak>"
    with serving(make_app(tone_settings(frontend={"type": "mandarin"}))) as port:
        for doc, status in ((laughs, 422), (external, 422), (mega, 413)):
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            conn.request("POST", "/synthesize", body=json.dumps({"text": doc, "text_type": "ssml"}),
                         headers={"Content-Type": "application/json"})
            r = conn.getresponse()
            body = json.loads(r.read())
            assert r.status == status and set(body["error"]) == {"code", "message"}
            conn.close()
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        conn.request("POST", "/synthesize", body=json.dumps({"text": '<speak>你好<break time="300ms"/>世界</speak>',
                                                             "text_type": "ssml"}),
                     headers={"Content-Type": "application/json"})
        r = conn.getresponse()
        assert r.status == 200 and r.read()[:4] == b"RIFF"
