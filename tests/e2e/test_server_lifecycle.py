"""A real uvicorn process: requests over TCP, and SIGTERM while jobs are in flight."""

from __future__ import annotations

import signal
import threading
import time

import httpx


def test_real_server_serves_and_drains_on_sigterm(server_process, tmp_path):
    base, proc = server_process(["-m", "tests.e2e.serve_tone", str(tmp_path / "w"), "{port}", "0.4"])
    r = httpx.post(f"{base}/synthesize", json={"text": "你好"}, timeout=10)
    assert r.status_code == 200 and r.content[:4] == b"RIFF"

    results: list[int] = []

    def call():
        try:
            results.append(httpx.post(f"{base}/synthesize", json={"text": "慢", "voice": "slow"}, timeout=20).status_code)
        except httpx.HTTPError as exc:  # a lost response would show up here
            results.append(repr(exc))

    threads = [threading.Thread(target=call) for _ in range(3)]
    for t in threads:
        t.start()
    time.sleep(0.2)  # all three are queued or running
    keepalive = httpx.Client(base_url=base, timeout=20)
    assert keepalive.get("/healthz").status_code == 200  # a connection opened before the signal
    proc.send_signal(signal.SIGTERM)
    time.sleep(0.2)
    try:  # a new job on that connection during the drain: refused with 503, or the connection is closed
        late = keepalive.post("/synthesize", json={"text": "你好"})
        assert late.status_code == 503 and late.json()["error"]["code"] == "shutting_down"
        assert "retry-after" in late.headers
    except httpx.ConnectError:
        pass  # uvicorn closed the idle connection and stopped listening: refused, never a half answer
    keepalive.close()
    for t in threads:
        t.join(timeout=30)
    assert results == [200, 200, 200]  # in-flight jobs finished despite the SIGTERM
    # uvicorn shuts down gracefully, then re-raises the signal so the exit status says SIGTERM
    assert proc.wait(timeout=30) in (0, -signal.SIGTERM)
    # after shutdown nothing listens any more
    try:
        httpx.get(f"{base}/healthz", timeout=2)
        raise AssertionError("server still answering after SIGTERM")
    except httpx.ConnectError:
        pass
