"""The text frontend in worker processes, beside the HTTP event loop.

Normalization, sentence splitting and G2P (jieba, pypinyin) are pure Python. Run in the GPU worker thread,
they share one interpreter lock with the models' kernel launches and with the event loop: under load the
worker spends a quarter of its time on text. Here each process builds its own frontend from
`settings.frontend` once (the lexicon file is still re-read when it changes), and a request's text becomes a
`FrontendOutput` before its job is queued, so the worker only runs models. No torch is imported here.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import multiprocessing.connection
import os
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from ttsserve.errors import InternalError, QueueFullError, RequestTimeoutError, ShuttingDownError, TTSError

log = logging.getLogger(__name__)

_FRONTEND: Any = None  # one per pool process
MAX_RESTARTS = 3


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
    # A server killed hard (OOM killer, SIGKILL) cannot shut the pool down: leave with it, not as an orphan.
    parent = multiprocessing.parent_process()
    if parent is not None:
        threading.Thread(target=_exit_with, args=(parent.sentinel,), daemon=True).start()


def _exit_with(sentinel: int) -> None:
    multiprocessing.connection.wait([sentinel])
    os._exit(0)


def _process(text: str):
    return _FRONTEND.process(text)


class FrontendPool:
    """`processes` frontend processes. At most `max_pending` texts wait or run in them at once (beyond that a
    request is refused like a full queue), and each gets `timeout_s`."""

    def __init__(self, processes: int, options: dict, *, max_pending: int, timeout_s: float,
                 retry_after_s: int = 1) -> None:
        self.processes = processes
        self.retry_after_s = retry_after_s
        self.max_pending = max_pending
        self.timeout_s = timeout_s
        self.pending = 0
        self.broken = False
        self.closed = False
        self.restarts = 0
        self._options = options
        self._pool = self._new_pool()

    def _new_pool(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(self.processes, mp_context=multiprocessing.get_context("spawn"),
                                   initializer=_init, initargs=(self._options,))

    def warm(self) -> None:
        """Start every process and load its dictionaries now, not on the first requests."""
        futures = [self._pool.submit(_process, "你好。") for _ in range(self.processes)]
        for f in futures:
            f.result(timeout=120)

    async def process(self, loop, text: str) -> tuple[Any, float] | None:
        """(FrontendOutput, seconds), or None when the pool is unusable (the worker thread then runs the
        frontend itself). Text errors (`TextError`) raise as they would in the worker; a full pool is a
        `QueueFullError`, a text that takes longer than the request timeout a `RequestTimeoutError`, a pool
        shut down under the request a `ShuttingDownError`, anything else an `InternalError`."""
        if self.broken or self.closed:
            return None
        if self.pending >= self.max_pending:
            raise QueueFullError(f"the text frontend has {self.pending} texts waiting; retry later",
                                 headers={"Retry-After": str(self.retry_after_s)})
        self.pending += 1
        t0 = time.perf_counter()
        pool = self._pool
        try:
            front = await asyncio.wait_for(loop.run_in_executor(pool, _process, text), self.timeout_s)
        except TTSError:
            raise
        except asyncio.TimeoutError:
            raise RequestTimeoutError(f"the text frontend did not finish within {self.timeout_s:g} s") from None
        except asyncio.CancelledError:
            task = asyncio.current_task()
            if self.closed and task is not None and not task.cancelling():
                raise ShuttingDownError("the server is shutting down") from None
            raise  # the request itself was cancelled (client gone)
        except BrokenProcessPool:
            self._restart(pool)
            return None  # this text goes to the worker thread
        except RuntimeError as exc:
            if self.closed or "shutdown" in str(exc):  # submitted while the pool was shutting down
                return None
            log.error("frontend process error", exc_info=exc)
            raise InternalError(f"the text frontend failed ({type(exc).__name__})") from None
        except Exception as exc:
            log.error("frontend process error", exc_info=exc)
            raise InternalError(f"the text frontend failed ({type(exc).__name__})") from None
        finally:
            self.pending -= 1
        return front, time.perf_counter() - t0

    def _restart(self, broken: ProcessPoolExecutor) -> None:
        """A process died (the OOM killer, a crash): start a new pool, up to MAX_RESTARTS times; after that the
        worker thread runs the frontend for good."""
        if broken is not self._pool:  # another request restarted it already
            return
        broken.shutdown(wait=False, cancel_futures=True)
        if self.restarts >= MAX_RESTARTS:
            self.broken = True
            log.error("frontend processes died %d times; the worker thread runs the frontend from now on",
                      self.restarts + 1)
            return
        self.restarts += 1
        self._pool = self._new_pool()
        log.warning("a frontend process died; started new frontend processes (restart %d of %d)",
                    self.restarts, MAX_RESTARTS)

    def shutdown(self) -> None:
        self.closed = True
        self._pool.shutdown(wait=False, cancel_futures=True)
