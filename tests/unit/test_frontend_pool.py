"""The frontend in separate processes: the same FrontendOutput as in the worker thread, the same errors,
the same audio through the engine, and a fallback to the worker thread when the pool breaks."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from ttsserve.engine.engine import Engine, SynthesisRequest
from ttsserve.engine.frontend_pool import MAX_RESTARTS, FrontendPool, auto_processes
from ttsserve.errors import QueueFullError, RequestTimeoutError, ShuttingDownError, TextError
from ttsserve.frontend import MandarinFrontend
from ttsserve.settings import load_settings
from ttsserve.telemetry import Telemetry

OPTIONS = {"type": "mandarin", "max_sentence_chars": 60}
TEXTS = ["今天是2024年3月15日，气温零下5度。", "银行行长说：“还[huan2]钱要还。”", "一" * 130]


def test_auto_counts():
    assert auto_processes("cpu", 16) == 0
    assert auto_processes("cuda:0", 2) == 1
    assert auto_processes("cuda", 16) == 4
    assert auto_processes("cuda", 128) == 4


def test_settings_accept_auto_or_a_count():
    assert load_settings(frontend_processes=3).frontend_processes == 3
    assert load_settings().frontend_processes == "auto"
    with pytest.raises(Exception, match="frontend_processes"):
        load_settings(frontend_processes=-1)


@pytest.fixture(scope="module")
def pool():
    p = FrontendPool(1, OPTIONS, max_pending=64, timeout_s=60)
    p.warm()
    yield p
    p.shutdown()


def test_same_output_and_errors_as_in_process(pool):
    local = MandarinFrontend(max_sentence_chars=60)

    async def run():
        loop = asyncio.get_running_loop()
        outs = [await pool.process(loop, t) for t in TEXTS]
        with pytest.raises(TextError, match="nothing speakable") as err:
            await pool.process(loop, "。。。")
        return outs, err.value

    outs, err = asyncio.run(run())
    for text, (front, seconds) in zip(TEXTS, outs):
        assert front == local.process(text) and seconds > 0
    assert err.code == "invalid_text"


def test_engine_audio_identical_with_and_without_processes():
    def run(n):
        e = Engine(load_settings(device="cpu", warmup=False, torch_threads=2, frontend_processes=n,
                                 frontend_inline_when_idle=False), Telemetry())
        e.start()
        try:
            assert (e.frontend_pool is not None) == (n > 0)

            async def go():
                whole = await e.synthesize(SynthesisRequest(text=TEXTS[0], voice="baker"))
                streamed = [p async for p in e.stream(SynthesisRequest(text=TEXTS[1], voice="baker"))]
                with pytest.raises(TextError) as err:
                    await e.synthesize(SynthesisRequest(text="……", voice="baker"))
                inspections.append(await e.inspect(TEXTS[0]))  # /v1/frontend: in a process when there are some
                return whole, streamed, err.value.body()

            whole, streamed, error = asyncio.run(go())
            if n:  # a process dies: its text goes to the worker thread, the next texts to new processes
                pool = e.frontend_pool
                for attempt in range(MAX_RESTARTS + 1):
                    for proc in list(pool._pool._processes.values()):
                        proc.kill()
                        proc.join()
                    again = asyncio.run(e.synthesize(SynthesisRequest(text=TEXTS[0], voice="baker")))
                    assert np.array_equal(again.audio, whole.audio)
                    if attempt < MAX_RESTARTS:
                        assert asyncio.run(_one(pool, TEXTS[0]))[0] == MandarinFrontend().process(TEXTS[0])
                assert pool.broken and pool.restarts == MAX_RESTARTS
            return whole, np.concatenate([p for p in streamed[:-1]]), error
        finally:
            e.stop()

    inspections: list[dict] = []
    a_whole, a_stream, a_err = run(0)
    b_whole, b_stream, b_err = run(1)
    assert inspections[0] == inspections[1] and inspections[0]["sentences"][0]["phones"]
    assert np.array_equal(a_whole.audio, b_whole.audio) and np.array_equal(a_stream, b_stream)
    assert a_err == b_err == {"error": {"code": "invalid_text", "message": "text contains nothing speakable"}}
    assert b_whole.stats.stages["frontend"].seconds > 0


def test_idle_worker_runs_the_text_itself_a_busy_one_leaves_it_to_the_processes():
    e = Engine(load_settings(device="cpu", warmup=False, torch_threads=2, frontend_processes=1), Telemetry())
    e.start()
    try:
        async def go():
            req = SynthesisRequest(text=TEXTS[0], voice="baker")
            idle = await e.prepare(req)  # nothing queued or running
            busy_job = e.submit(SynthesisRequest(text="今天天气不错，我们去公园散步吧。" * 6, voice="baker"))
            busy = await e.prepare(req)  # a job is queued or running
            await busy_job.future
            while e.queue.unfinished_tasks:  # the worker marks the job done just after resolving it
                await asyncio.sleep(0.01)
            after = await e.prepare(req)
            long_text = await e.prepare(SynthesisRequest(text="今天天气不错。" * 50, voice="baker"))  # > 300 chars
            return idle, busy, after, long_text

        idle, busy, after, long_text = asyncio.run(go())
        assert idle is None and after is None
        assert long_text is not None  # a long text goes to a process even when the worker is idle
        front, seconds = busy
        assert front == MandarinFrontend().process(TEXTS[0]) and seconds > 0
    finally:
        e.stop()


def test_full_pool_slow_text_and_shutdown_are_clear_errors():
    pool = FrontendPool(1, OPTIONS, max_pending=4, timeout_s=60)
    pool.warm()
    long_text = "今天天气不错，我们去公园散步吧。" * 300

    async def run():
        loop = asyncio.get_running_loop()
        # one process takes 2 texts into its call queue; the other 2 wait in the pool and can be cancelled
        busy = [asyncio.ensure_future(pool.process(loop, long_text)) for _ in range(4)]
        await asyncio.sleep(0)  # all four are pending now
        with pytest.raises(QueueFullError) as full:
            await pool.process(loop, "你好。")
        pool.shutdown()  # the server stops while texts are still waiting
        outcomes = await asyncio.gather(*busy, return_exceptions=True)
        return full.value, outcomes

    full, outcomes = asyncio.run(run())
    assert full.headers == {"Retry-After": "1"} and full.status == 503
    # the running text may finish; a waiting one is told the server is going away, never a bare cancel
    assert all(isinstance(o, tuple) or isinstance(o, ShuttingDownError) for o in outcomes)
    assert any(isinstance(o, ShuttingDownError) for o in outcomes)

    slow = FrontendPool(1, OPTIONS, max_pending=2, timeout_s=0.01)
    slow.warm()
    try:
        with pytest.raises(RequestTimeoutError, match="did not finish within 0.01 s"):
            asyncio.run(_one(slow, long_text))
    finally:
        slow.shutdown()


async def _one(pool, text):
    return await pool.process(asyncio.get_running_loop(), text)


def test_processes_leave_with_a_killed_server(tmp_path):
    """A server killed hard cannot shut its pool down: the frontend processes must not stay as orphans."""
    script = tmp_path / "server.py"
    script.write_text(
        "import os, signal\n"
        "from ttsserve.engine.frontend_pool import FrontendPool\n"
        "if __name__ == '__main__':\n"
        f"    p = FrontendPool(2, {OPTIONS!r}, max_pending=4, timeout_s=60)\n"
        "    p.warm()\n"
        "    print(' '.join(str(pid) for pid in p._pool._processes), flush=True)\n"
        "    os.kill(os.getpid(), signal.SIGKILL)\n"
    )
    out = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=120)
    children = [int(pid) for pid in out.stdout.split()]
    assert len(children) == 2, out.stderr
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(_alive(pid) for pid in children):
        time.sleep(0.1)
    assert not any(_alive(pid) for pid in children)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return Path(f"/proc/{pid}/stat").is_file() and Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"
