"""A real uvicorn process: requests over TCP, and SIGTERM while jobs are in flight."""

from __future__ import annotations

import re
import signal
import threading
import time

import httpx


def metric(client: httpx.Client, name: str, labels: str = "") -> float:
    text = client.get("/metrics").text
    m = re.search(rf"^{re.escape(name)}{re.escape('{' + labels + '}') if labels else ''} (\S+)$", text, re.M)
    return float(m.group(1)) if m else 0.0


TAKEN = "ttsserve_queue_wait_seconds_count"  # jobs the worker has taken from the queue (a counter: only grows)


def wait_until_the_worker_took(client: httpx.Client, jobs: int, before: float) -> None:
    """Wait until the worker has taken `jobs` more jobs than `before`: the requests reached the engine before the
    signal (a request still on its way, its client or thread starting, is refused as one that came during the drain;
    a guessed sleep of 0.2 s was not always enough on a loaded machine)."""
    deadline = time.monotonic() + 20
    while metric(client, TAKEN) - before < jobs:
        assert time.monotonic() < deadline, "the requests never reached the engine"
        time.sleep(0.02)


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

    keepalive = httpx.Client(base_url=base, timeout=20)
    assert keepalive.get("/healthz").status_code == 200  # a connection opened before the signal
    taken = metric(keepalive, TAKEN)
    threads = [threading.Thread(target=call) for _ in range(3)]
    for t in threads:
        t.start()
    wait_until_the_worker_took(keepalive, 3, taken)  # all three are running (or done)
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


def test_sigterm_past_the_grace_period_fails_in_flight_work_cleanly(server_process, tmp_path):
    """Work that cannot finish within shutdown_grace_s gets a JSON 503 shutting_down (it got uvicorn's plain-text
    500 before), new connections during the drain get a JSON 503 (they were refused at TCP level), and the
    process exits within the grace period plus a few seconds."""
    base, proc = server_process(["-m", "tests.e2e.serve_tone", str(tmp_path / "w"), "{port}"],
                                env={"TTSSERVE_SHUTDOWN_GRACE_S": "1.5"})
    results: list = []

    def call():  # voice "crawl": 0.2 s of model time per symbol; 30 one-symbol sentences, longer than the grace
        try:
            r = httpx.post(f"{base}/synthesize", json={"text": "慢。" * 30, "voice": "crawl"}, timeout=30)
            results.append((r.status_code, r.headers.get("content-type"), r.json() if r.status_code != 200 else None))
        except httpx.HTTPError as exc:
            results.append(repr(exc))

    threads = [threading.Thread(target=call) for _ in range(4)]
    for t in threads:
        t.start()
    with httpx.Client(base_url=base, timeout=10) as probe:
        wait_until_the_worker_took(probe, 4, 0)  # all four are running (each takes 6 s)
    t0 = time.monotonic()
    proc.send_signal(signal.SIGTERM)
    time.sleep(0.3)
    late = httpx.post(f"{base}/synthesize", json={"text": "你好"}, timeout=5)  # a new connection, mid-drain
    assert late.status_code == 503 and late.json()["error"]["code"] == "shutting_down"
    assert late.headers["retry-after"] == "1"
    ready = httpx.get(f"{base}/readyz", timeout=5)
    assert ready.status_code == 503  # load balancers stop sending
    for t in threads:
        t.join(timeout=30)
    shutting = {"error": {"code": "shutting_down", "message": "the server shut down before this request finished"}}
    assert results == [(503, "application/json", shutting)] * 4
    assert proc.wait(timeout=30) in (0, -signal.SIGTERM)
    assert time.monotonic() - t0 < 1.5 + 8
