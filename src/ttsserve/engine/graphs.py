"""One cache of captured CUDA graphs, owned by the worker and shared by every stage that captures graphs.

A captured graph holds device memory the allocator cannot reuse (its static input/output buffers, and the
memory pool its intermediates live in), so the graphs of every stage and voice sit in one LRU, bounded by a
count and by bytes, and the worker drops them all at once when it needs memory back (OOM recovery, near its
budget). The limits belong to the instance: two caches (two engines in one process, a test's own cache) never
change each other's limits.

The cache knows nothing about CUDA or models: an entry is any object, keyed by whatever its stage needs (the key
starts with the stage kind, e.g. ("fastspeech2-encoder", id(model), B, N, dtype, device) or ("sambert", ...)),
and reports its own bytes when it is put in. A stage uses it as

    entry = cache.get(key, valid)           # None: not cached, or stale (valid(entry) is False: dropped)
    if entry is None:
        if not cache.may_capture(key):     # busy: run this shape eagerly for now (see below)
            return eager(...)
        entry = capture(...)
        cache.put(key, entry, nbytes)       # may evict least recently used entries (never this one)

Capturing stalls every active job (warm-up runs, the capture, instantiation: 60-200 ms for a FastSpeech2 pair),
so while the worker is `busy` (it sets that flag: more than one job active) a shape met for the first time runs
eagerly, and is captured on its `capture_after`-th meeting: by then its eager runs have cost about what the
capture costs (a few ms each against one stall; ski rental), and a rare shape never stalls anyone. With the
worker quiet (one job, warm-up) every new shape is captured at once, as before. A stage may also hand over how to
capture the shape without the request (`may_capture(key, later=...)`): the worker runs such deferred captures,
one at a time, when it has no job at all (`capture_pending`), so that the shapes of a load are mostly captured
in its gaps rather than in the middle of an iteration that many jobs wait on.

Shared memory pools: FastSpeech2's graphs on one device allocate their intermediates from one pool
(`torch.cuda.graph(..., pool=...)`), which holds about the largest graph's intermediates, not their sum. The
cache keeps such a shared object under a name (`pool(name, create)`, e.g. ("fastspeech2", device index) ->
pool handle and capture stream) while any cached entry uses it; an entry is charged the pool growth its
capture caused (`put(..., pool=name, pool_growth=bytes)`), and the pool is forgotten (so its memory is freed
with its last graph) when no cached entry uses it any more.

Counters: captures (entries put), hits, evictions (least recently used, stale, purged), replays and fallbacks
(counted by the stages: graph replays, calls run at least partly eagerly), deferred (captures put off while busy),
and `disabled` (stage kinds that switched their graphs off after a capture the driver refused).

Thread safety: in the server the worker thread is the only user, but tests and benchmarks call stages from
other threads: every method takes the cache's lock. `replay_lock` is for stages whose graphs share buffers or
a pool and must not replay concurrently (FastSpeech2 holds it around a whole graphed call).
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any, Callable, Hashable

MiB = 2**20
log = logging.getLogger(__name__)

DEFAULT_MAX_GRAPHS = 96  # cached graphs, all stages together (FastSpeech2, Sambert, the vocoders) ...
DEFAULT_MAX_BYTES = 1280 * MiB  # ... and the bytes charged to them (was 1 GiB FastSpeech2 + 256 MiB Sambert)
DEFAULT_MAX_SCRATCH_BYTES = 512 * MiB  # one FastSpeech2 graph's estimated intermediates; larger shapes run eagerly

COUNTERS = ("captures", "hits", "evictions", "replays", "fallbacks", "deferred")
CAPTURE_AFTER = 4  # meetings of a new shape, while the worker is busy, before it is captured
SEEN_KEYS = 4096  # shapes whose meetings are counted (least recently met forgotten beyond)
PENDING_KEYS = 64  # deferred captures kept for an idle worker (least recently deferred dropped beyond)


@dataclass
class _Slot:
    entry: Any
    nbytes: int  # the entry's own bytes (static buffers, a private pool)
    pool: Hashable | None  # the shared pool its capture allocated from, if any
    pool_growth: int  # how much that pool grew during its capture (charged to this entry)

    @property
    def charged(self) -> int:
        return self.nbytes + self.pool_growth


class CudaGraphCache:
    """An LRU of captured graphs bounded by `max_graphs` entries and `max_bytes` charged bytes (the newest
    entry always stays, even alone over the limit), plus the limit stages apply before capturing
    (`max_scratch_bytes`: FastSpeech2's estimate of one graph's intermediates)."""

    def __init__(self, *, max_graphs: int = DEFAULT_MAX_GRAPHS, max_bytes: int = DEFAULT_MAX_BYTES,
                 max_scratch_bytes: int = DEFAULT_MAX_SCRATCH_BYTES) -> None:
        if max_graphs < 1 or max_bytes < 0 or max_scratch_bytes < 0:
            raise ValueError("graph cache limits must be positive")
        self.max_graphs = max_graphs
        self.max_bytes = max_bytes
        self.max_scratch_bytes = max_scratch_bytes
        self.replay_lock = threading.Lock()
        self._lock = threading.Lock()
        self._slots: "OrderedDict[Hashable, _Slot]" = OrderedDict()
        self._pools: dict[Hashable, Any] = {}  # name -> shared object (pool handle, capture stream, ...)
        self._pool_bytes: dict[Hashable, int] = {}  # name -> bytes the pool grew by during captures
        self._disabled: dict[str, str] = {}  # stage kind -> why its graphs were switched off
        self._counters = dict.fromkeys(COUNTERS, 0)
        self.busy = False  # set by the worker: other jobs would wait on a capture now
        self.capture_after = CAPTURE_AFTER
        self._seen: "OrderedDict[Hashable, int]" = OrderedDict()  # uncaptured shapes met while busy -> meetings
        self._pending: "OrderedDict[Hashable, Callable[[], Any]]" = OrderedDict()  # deferred captures

    @classmethod
    def for_budget(cls, budget_bytes: int | None) -> "CudaGraphCache":
        """The worker's cache: the defaults, or under a GPU memory budget at most a quarter of it for all graphs
        and an eighth for one FastSpeech2 graph's intermediates (the defaults are sized for large GPUs; a
        budget never raises them)."""
        if not budget_bytes:
            return cls()
        return cls(max_bytes=min(DEFAULT_MAX_BYTES, budget_bytes // 4),
                   max_scratch_bytes=min(DEFAULT_MAX_SCRATCH_BYTES, budget_bytes // 8))

    # ------------------------------------------------------------------ entries
    def get(self, key: Hashable, valid: Callable[[Any], bool] | None = None) -> Any | None:
        """The cached entry (now the most recently used; a hit), or None. An entry for which `valid` is False
        (its model is gone or its parameters moved) is dropped and None returned: the caller captures anew."""
        with self._lock:
            slot = self._slots.get(key)
            if slot is None:
                return None
            if valid is not None and not valid(slot.entry):
                del self._slots[key]
                self._counters["evictions"] += 1
                self._release_unused_pools()
                return None
            self._slots.move_to_end(key)
            self._counters["hits"] += 1
            return slot.entry

    def put(self, key: Hashable, entry: Any, nbytes: int, *, pool: Hashable | None = None,
            pool_growth: int = 0) -> None:
        """Cache a new capture (counted in `captures`), charged `nbytes` plus the `pool_growth` of the shared
        pool `pool` it allocated from; then evict least recently used entries while over a limit."""
        with self._lock:
            self._counters["captures"] += 1
            if key in self._slots:  # replaced (a concurrent capture of the same key): the old one goes
                del self._slots[key]
            self._slots[key] = _Slot(entry, int(nbytes), pool, int(pool_growth))
            if pool is not None:
                self._pool_bytes[pool] = self._pool_bytes.get(pool, 0) + int(pool_growth)
            while len(self._slots) > 1 and (len(self._slots) > self.max_graphs or self._charged() > self.max_bytes):
                self._slots.popitem(last=False)
                self._counters["evictions"] += 1
            self._release_unused_pools()

    def purge(self, stale: Callable[[Hashable, Any], bool]) -> int:
        """Drop every entry for which `stale(key, entry)` is True (graphs of models that are gone or moved: they
        can never replay again and hold memory). Returns how many went (counted as evictions)."""
        with self._lock:
            keys = [k for k, s in self._slots.items() if stale(k, s.entry)]
            for k in keys:
                del self._slots[k]
            self._counters["evictions"] += len(keys)
            self._release_unused_pools()
            return len(keys)

    def clear(self) -> int:
        """Drop every graph (and forget the shared pools, so their memory goes with the last graph) and the
        deferred captures; they are captured again on their next use. Returns how many graphs were dropped (not
        counted as evictions)."""
        with self._lock:
            dropped = len(self._slots)
            self._slots.clear()
            self._pending.clear()  # memory was wanted back: no capture ahead of need
            self._release_unused_pools()
            return dropped

    def __len__(self) -> int:
        with self._lock:
            return len(self._slots)

    def keys(self) -> list[Hashable]:
        """The cached keys, least recently used first."""
        with self._lock:
            return list(self._slots)

    def may_capture(self, key: Hashable, later: Callable[[], Any] | None = None) -> bool:
        """Whether a stage may capture a graph for `key` (not cached) now: always while the worker is quiet;
        while it is busy, on the `capture_after`-th meeting of the shape (before that the stage runs it eagerly,
        counted in `deferred`). `later`: what captures this shape without the request (the worker runs it when
        it has no job at all: `capture_pending`)."""
        with self._lock:
            if not self.busy:
                self._seen.pop(key, None)
                self._pending.pop(key, None)
                return True
            n = self._seen.pop(key, 0) + 1
            if n >= self.capture_after:
                self._pending.pop(key, None)
                return True
            self._seen[key] = n
            while len(self._seen) > SEEN_KEYS:
                self._seen.popitem(last=False)
            if later is not None:
                self._pending[key] = later
                while len(self._pending) > PENDING_KEYS:
                    self._pending.popitem(last=False)
            self._counters["deferred"] += 1
            return False

    @property
    def pending(self) -> int:
        """Deferred captures waiting for an idle worker."""
        with self._lock:
            return len(self._pending)

    def capture_pending(self) -> bool:
        """Run one deferred capture (the shape met most often while busy): the worker calls this when it has no
        job, so that no request waits on the capture. The capture function handles its own failures. False when
        none was pending."""
        with self._lock:
            if not self._pending:
                return False
            key = max(self._pending, key=lambda k: self._seen.get(k, 0))
            run = self._pending.pop(key)
            self._seen.pop(key, None)
            self.busy = False  # nothing else runs now: the capture proceeds
        try:
            run()
        except Exception:  # noqa: BLE001 - a capture nobody waits on must not take the worker down
            log.exception("a deferred CUDA graph capture failed")
        return True

    # ------------------------------------------------------------------ shared pools
    def pool(self, name: Hashable, create: Callable[[], Any]) -> Any:
        """The shared object under `name` (e.g. a device's graph memory pool), made by `create()` if no cached
        entry holds it. Charge captures that allocate from it with `put(..., pool=name, pool_growth=...)`."""
        with self._lock:
            if name not in self._pools:
                self._pools[name] = create()
            return self._pools[name]

    def _release_unused_pools(self) -> None:
        # Caller holds _lock. A pool no cached entry uses is forgotten: the allocator frees it when its last
        # graph is destroyed, and the next capture starts a new one.
        used = {s.pool for s in self._slots.values() if s.pool is not None}
        for name in [n for n in {*self._pools, *self._pool_bytes} if n not in used]:
            self._pools.pop(name, None)
            self._pool_bytes.pop(name, None)

    def _charged(self) -> int:
        return sum(s.charged for s in self._slots.values())

    # ------------------------------------------------------------------ counters, switches
    def count(self, **increments: int) -> None:
        """Add to the stage-counted counters: `count(replays=2)`, `count(fallbacks=1)`."""
        with self._lock:
            for name, n in increments.items():
                if name not in ("replays", "fallbacks"):
                    raise KeyError(f"unknown graph counter {name!r}")
                self._counters[name] += n

    def disable(self, kind: str, reason: str) -> None:
        """Switch a stage kind's graphs off for this cache's life (a capture the driver refused)."""
        with self._lock:
            self._disabled[kind] = reason

    def disabled(self, kind: str) -> str | None:
        """Why `kind`'s graphs were switched off, or None while they are on."""
        with self._lock:
            return self._disabled.get(kind)

    def reset_stats(self) -> None:
        with self._lock:
            self._counters = dict.fromkeys(COUNTERS, 0)

    def kinds(self) -> dict[str, dict[str, int]]:
        """Cached graphs by kind (the first element of a tuple key, e.g. "sambert-slots", "vocoder"): how many, and
        the bytes charged to them (`bytes`: their own bytes, `own_bytes` (static buffers, state), plus the
        shared-pool growth their captures caused, `pool_growth_bytes`). /v1/memory shows it: which graphs hold the
        cache's memory, and whether as buffers or as intermediates."""
        out: dict[str, dict[str, int]] = {}
        with self._lock:
            for key, slot in self._slots.items():
                kind = str(key[0]) if isinstance(key, tuple) and key else "other"
                row = out.setdefault(kind, {"graphs": 0, "bytes": 0, "own_bytes": 0, "pool_growth_bytes": 0})
                row["graphs"] += 1
                row["bytes"] += slot.charged
                row["own_bytes"] += slot.nbytes
                row["pool_growth_bytes"] += slot.pool_growth
        return out

    def stats(self) -> dict[str, int]:
        """Counters plus: `cached` (entries), `cached_bytes` (the entries' own bytes plus the shared pools in
        use, each counted once: what the cache holds), `charged_bytes` (what `max_bytes` bounds: entries' bytes
        plus the pool growth each capture caused), `pool_bytes` (the shared pools in use), `disabled` (stage
        kinds switched off), and the limits."""
        with self._lock:
            pool = sum(self._pool_bytes.values())
            return {**self._counters, "cached": len(self._slots),
                    "cached_bytes": sum(s.nbytes for s in self._slots.values()) + pool,
                    "charged_bytes": self._charged(), "pool_bytes": pool, "disabled": len(self._disabled),
                    "max_graphs": self.max_graphs, "max_bytes": self.max_bytes,
                    "max_scratch_bytes": self.max_scratch_bytes}
