"""Hostile clients against a real uvicorn server (in this process, on loopback): what a misbehaving or
malicious client does must not cost other clients their answers."""

from __future__ import annotations

import contextlib
import http.client
import json
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
    from ttsserve.app import create_app

    app = create_app(tone_settings())

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
