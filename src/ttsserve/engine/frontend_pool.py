"""The text frontend in worker processes, beside the HTTP event loop.

Normalization, sentence splitting and G2P (jieba, pypinyin) are pure Python. Run in the GPU worker thread,
they share one interpreter lock with the models' kernel launches and with the event loop: under load the
worker spends a quarter of its time on text. Here each process builds its own frontend from
`settings.frontend` once (the lexicon file is still re-read when it changes), and a request's text becomes a
`FrontendOutput` before its job is queued, so the worker only runs models. No torch is imported here.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import time
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

log = logging.getLogger(__name__)

_FRONTEND: Any = None  # one per pool process


def auto_processes(compute_device: str, cpu_count: int | None = None) -> int:
    """`frontend_processes: auto`: none on a CPU-only deployment, else a quarter of the cores (1 to 4)."""
    if not compute_device.startswith("cuda"):
        return 0
    return max(1, min(4, (cpu_count or os.cpu_count() or 1) // 4))


def _init(options: dict) -> None:
    global _FRONTEND
    from ttsserve.pipeline.base import get_frontend_loader

    options = dict(options)
    _FRONTEND = get_frontend_loader(options.pop("type"))(options)


def _process(text: str):
    return _FRONTEND.process(text)


class FrontendPool:
    def __init__(self, processes: int, options: dict) -> None:
        self.processes = processes
        self._pool = ProcessPoolExecutor(processes, mp_context=multiprocessing.get_context("spawn"),
                                         initializer=_init, initargs=(options,))
        self.broken = False

    def warm(self) -> None:
        """Start every process and load its dictionaries now, not on the first requests."""
        futures = [self._pool.submit(_process, "你好。") for _ in range(self.processes)]
        for f in futures:
            f.result(timeout=120)

    async def process(self, loop, text: str) -> tuple[Any, float] | None:
        """(FrontendOutput, seconds), or None when the pool is unusable (the worker thread then runs the
        frontend itself). Text errors (`TextError`) raise, as they would in the worker."""
        if self.broken:
            return None
        t0 = time.perf_counter()
        try:
            front = await loop.run_in_executor(self._pool, _process, text)
        except (BrokenProcessPool, RuntimeError) as exc:  # a process died; or the pool was shut down
            if not isinstance(exc, BrokenProcessPool) and "after shutdown" not in str(exc):
                raise
            self.broken = True
            log.error("the frontend process pool broke; the worker thread runs the frontend from now on")
            return None
        return front, time.perf_counter() - t0

    def shutdown(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)
