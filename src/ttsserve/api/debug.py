"""Memory diagnostics, off by default (`debug_memory: true` / TTSSERVE_DEBUG_MEMORY=1): the routes exist only
then. They answer "what grows?" under a soak without a debugger:

- GET /debug/memory?top=25: tracemalloc's allocations by source line, diffed against the previous call (the
  first call sets the baseline), plus the live object counts by type that changed most and the process RSS.
- POST /debug/malloc_trim: glibc's `malloc_trim(0)` (memory malloc holds free but has not returned) and the
  RSS before and after: what it gives back is allocator slack, not live objects.

tracemalloc costs CPU on every allocation (it starts when the app is built, with `debug_memory_frames` frames
per trace): for diagnosis, not for serving. API keys apply like on any route.
"""

from __future__ import annotations

import ctypes
import gc
import sys
import threading
import tracemalloc
from collections import Counter

from fastapi import APIRouter, Query
from starlette.concurrency import run_in_threadpool

router = APIRouter(prefix="/debug", include_in_schema=False)
_lock = threading.Lock()
_state: dict = {"snapshot": None, "types": None}


def start(frames: int) -> None:
    if not tracemalloc.is_tracing():
        tracemalloc.start(frames)


def rss_bytes() -> int | None:
    try:
        with open("/proc/self/status") as f:
            return next(int(line.split()[1]) for line in f if line.startswith("VmRSS:")) * 1024
    except (OSError, StopIteration):
        return None


def _type_counts() -> Counter:
    return Counter(type(o).__qualname__ for o in gc.get_objects())


def memory_diff(top: int) -> dict:
    with _lock:
        gc.collect()
        snap = tracemalloc.take_snapshot().filter_traces(
            [tracemalloc.Filter(False, tracemalloc.__file__), tracemalloc.Filter(False, "<frozen importlib._bootstrap>")])
        types = _type_counts()
        prev, prev_types = _state["snapshot"], _state["types"]
        _state["snapshot"], _state["types"] = snap, types
        current, peak = tracemalloc.get_traced_memory()
        out: dict = {"rss_bytes": rss_bytes(), "traced_bytes": current, "traced_peak_bytes": peak,
                     "baseline": prev is None}
        if prev is None:
            stats = snap.statistics("lineno")[:top]
            out["top"] = [{"where": str(s.traceback), "bytes": s.size, "count": s.count} for s in stats]
            return out
        diff = snap.compare_to(prev, "traceback")[:top]
        out["growth"] = [{"where": [str(f) for f in s.traceback][-6:], "size_diff_bytes": s.size_diff,
                          "bytes": s.size, "count_diff": s.count_diff, "count": s.count} for s in diff]
        changed = {t: types[t] - prev_types.get(t, 0) for t in types}
        out["object_count_growth"] = dict(sorted(((t, d) for t, d in changed.items() if d),
                                                 key=lambda kv: -abs(kv[1]))[:top])
        return out


def malloc_trim() -> dict:
    before = rss_bytes()
    if not sys.platform.startswith("linux"):
        return {"available": False, "rss_before_bytes": before, "rss_after_bytes": before}
    try:
        libc = ctypes.CDLL("libc.so.6")
        libc.malloc_trim(0)
    except (OSError, AttributeError):  # not glibc (musl, ...)
        return {"available": False, "rss_before_bytes": before, "rss_after_bytes": before}
    return {"available": True, "rss_before_bytes": before, "rss_after_bytes": rss_bytes()}


@router.get("/memory")
async def debug_memory(top: int = Query(25, ge=1, le=200)) -> dict:
    if not tracemalloc.is_tracing():
        return {"error": "tracemalloc is not running"}
    return await run_in_threadpool(memory_diff, top)


@router.post("/malloc_trim")
async def debug_malloc_trim() -> dict:
    return await run_in_threadpool(malloc_trim)
