"""Allocator settings for a long-running server: glibc malloc's arenas and trimming, and torch's CUDA allocator.

glibc gives threads that allocate at the same time their own malloc arenas (up to 8 per core). Each arena keeps
the memory its threads freed for its own later use, and a heap can only give back what is free at its top, so
with several threads allocating buffers of changing sizes (audio, WAV bytes, torch CPU tensors) the resident
memory climbs in steps while each arena reaches its own high-water mark. Under the CPU soak with hostile traffic
this was the growth after warm-up (docs/reliability.md, memory under the soak): 2 arenas kept it flat.
"""

from __future__ import annotations

import ctypes
import logging
import os
import sys
import time

log = logging.getLogger(__name__)

_M_ARENA_MAX = -8  # mallopt parameter (malloc.h)
_LIBC: ctypes.CDLL | None = None


def _libc() -> ctypes.CDLL | None:
    global _LIBC
    if _LIBC is None and sys.platform.startswith("linux"):
        try:
            _LIBC = ctypes.CDLL("libc.so.6")
        except OSError:
            return None
    return _LIBC


def rss_bytes() -> int | None:
    """This process's resident memory (Linux), None elsewhere."""
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return None


class Trimmer:
    """glibc's `malloc_trim(0)` every `interval_s`, called between the worker's iterations: hands back to the
    system what malloc holds free in its arenas (with 2 arenas, still a third of the resident memory under the
    CPU soak: docs/reliability.md). `stats` for /v1/memory: how often, how long it took, what it gave back."""

    def __init__(self, interval_s: float | None) -> None:
        self.interval_s = interval_s
        self._libc = _libc() if interval_s else None
        self._last = time.monotonic()
        self.stats = {"count": 0, "last_seconds": None, "last_released_bytes": None, "released_bytes": 0}

    def maybe_trim(self, now: float) -> bool:
        if self._libc is None or now - self._last < self.interval_s:
            return False
        self._last = now
        before = rss_bytes()
        t0 = time.perf_counter()
        try:
            self._libc.malloc_trim(0)
        except AttributeError:  # not glibc
            self._libc = None
            return False
        after = rss_bytes()
        released = max(before - after, 0) if before is not None and after is not None else None
        self.stats.update(count=self.stats["count"] + 1, last_seconds=round(time.perf_counter() - t0, 4),
                          last_released_bytes=released, released_bytes=self.stats["released_bytes"] + (released or 0))
        return True


def limit_malloc_arenas(n: int | None) -> bool:
    """At most `n` malloc arenas from now on (glibc's `mallopt(M_ARENA_MAX, n)`; arenas made before stay).
    Not applied when `n` is None, when MALLOC_ARENA_MAX is set in the environment (glibc read it at start: the
    operator's choice wins), or off glibc. True when applied."""
    if n is None or "MALLOC_ARENA_MAX" in os.environ or not sys.platform.startswith("linux"):
        return False
    try:
        libc = _libc()
        return bool(libc is not None and libc.mallopt(_M_ARENA_MAX, int(n)))
    except AttributeError:  # musl or another libc: nothing to set
        log.debug("mallopt is not available; malloc_arena_max not applied")
        return False


CUDA_ALLOC_ENV = "PYTORCH_CUDA_ALLOC_CONF"


def configure_cuda_allocator(conf: str | None) -> str | None:
    """torch's CUDA caching allocator settings (`PYTORCH_CUDA_ALLOC_CONF`) for this process, set before the worker
    first touches CUDA (torch reads them when its allocator starts). The default, `expandable_segments:True`, lets
    a segment grow in place instead of caching one block per size met: under session 14's 32-stream load on an
    H200 the reserved high-water was 1.15 GB against 1.80-1.92 GB without it, at the same throughput within the
    server-to-server spread (docs/benchmarks.md). Not applied when `conf` is None or when the variable is already
    in the environment (the operator's choice wins). Returns the settings in force afterwards (None: torch's own)."""
    if conf and CUDA_ALLOC_ENV not in os.environ:
        os.environ[CUDA_ALLOC_ENV] = conf
    return os.environ.get(CUDA_ALLOC_ENV)
