"""The worker's coalesced hand-overs to the event loop (engine.Handover): one wake for a burst, the order kept,
a failing action not losing the others, nothing raised towards the worker when the loop is gone; and a server's
streams through it end to end (in order, every piece, each job its own)."""

from __future__ import annotations

import asyncio
import threading

import numpy as np

from ttsserve.engine.engine import Handover, SynthesisRequest, SynthesisResult


class CountingLoop:
    """An event loop stand-in that counts wakes and runs the callbacks when told."""

    def __init__(self, closed: bool = False) -> None:
        self.callbacks, self.closed = [], closed

    def call_soon_threadsafe(self, fn) -> None:
        if self.closed:
            raise RuntimeError("Event loop is closed")
        self.callbacks.append(fn)

    def run(self) -> None:
        callbacks, self.callbacks = self.callbacks, []
        for fn in callbacks:
            fn()


def test_a_burst_wakes_the_loop_once_and_keeps_its_order():
    loop, seen = CountingLoop(), []
    handover = Handover(loop)
    for k in range(32):
        handover.put(lambda k=k: seen.append(k))
    assert len(loop.callbacks) == 1 and seen == []
    loop.run()
    assert seen == list(range(32))
    handover.put(lambda: seen.append("next"))  # after the loop ran them: a new wake, at once
    assert len(loop.callbacks) == 1
    loop.run()
    assert seen[-1] == "next"


def test_an_action_put_while_the_loop_runs_the_batch_gets_its_own_wake():
    loop, seen = CountingLoop(), []
    handover = Handover(loop)
    handover.put(lambda: (seen.append("a"), handover.put(lambda: seen.append("b"))))
    loop.run()
    assert seen == ["a"] and len(loop.callbacks) == 1
    loop.run()
    assert seen == ["a", "b"]


def test_a_failing_action_does_not_lose_the_others(caplog):
    loop, seen = CountingLoop(), []
    handover = Handover(loop)
    handover.put(lambda: seen.append(1))
    handover.put(lambda: 1 / 0)
    handover.put(lambda: seen.append(3))
    loop.run()
    assert seen == [1, 3] and "handing a job its result failed" in caplog.text


def test_a_closed_loop_raises_nothing_towards_the_worker():
    handover = Handover(CountingLoop(closed=True))
    handover.put(lambda: None)
    handover.put(lambda: None)  # (already marked scheduled: no second attempt either)


def test_from_another_thread_every_action_arrives_in_order():
    async def main():
        handover, seen, done = Handover(asyncio.get_running_loop()), [], asyncio.Event()

        def worker():
            for k in range(2000):
                handover.put(lambda k=k: seen.append(k))
            handover.put(done.set)

        thread = threading.Thread(target=worker)
        thread.start()
        await asyncio.wait_for(done.wait(), 10)
        thread.join()
        return seen

    assert asyncio.run(main()) == list(range(2000))


def test_interleaved_streams_each_get_all_their_audio_in_order(engine_factory):
    """Eight streams at once through the engine: every piece of each arrives, in order, at its own stream, and
    the pieces join to the same audio as the job alone."""
    engine = engine_factory()

    async def collect(text: str):
        pieces, result = [], None
        async for item in engine.stream(SynthesisRequest(text=text, voice="tone")):
            if isinstance(item, SynthesisResult):
                result = item
            elif isinstance(item, np.ndarray):
                pieces.append(item)
        return np.concatenate(pieces), result

    texts = ["你好。", "今天天气不错，我们去公园散步吧。" * 3, "好的。", "请在下午三点半之前把报告发给我。" * 2] * 2

    async def main():
        together = await asyncio.gather(*(collect(t) for t in texts))
        alone = [await collect(t) for t in texts[:4]]
        return together, alone

    together, alone = asyncio.run(main())
    for (audio, result), (solo, _) in zip(together, alone * 2):
        assert result is not None and len(audio) > 0
        np.testing.assert_array_equal(audio, solo)
