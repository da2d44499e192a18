"""`CudaGraphCache` (engine/graphs.py) with plain Python objects as entries: no CUDA needed."""

from __future__ import annotations

import threading

import pytest

from ttsserve.engine.graphs import (
    DEFAULT_MAX_BYTES,
    DEFAULT_MAX_GRAPHS,
    DEFAULT_MAX_SCRATCH_BYTES,
    CudaGraphCache,
)


class Entry:
    def __init__(self, name: str, *, ok: bool = True) -> None:
        self.name, self.ok = name, ok


def capture(cache: CudaGraphCache, key, nbytes: int = 10, **kw) -> Entry:
    """What a stage does: a cached entry if valid, else a new one put in."""
    entry = cache.get(key, lambda e: e.ok)
    if entry is None:
        entry = Entry(str(key))
        cache.put(key, entry, nbytes, **kw)
    return entry


def test_hits_and_captures_are_counted():
    cache = CudaGraphCache()
    a = capture(cache, ("fastspeech2-encoder", 1))
    assert capture(cache, ("fastspeech2-encoder", 1)) is a
    assert capture(cache, ("fastspeech2-encoder", 1)) is a
    capture(cache, ("sambert", 1))
    st = cache.stats()
    assert st["captures"] == 2 and st["hits"] == 2 and st["evictions"] == 0
    assert st["cached"] == 2 and st["cached_bytes"] == 20 and st["charged_bytes"] == 20
    assert cache.get(("sambert", 2)) is None  # a miss is neither a hit nor a capture
    assert cache.stats()["hits"] == 2
    cache.count(replays=5, fallbacks=1)
    cache.count(replays=2)
    st = cache.stats()
    assert st["replays"] == 7 and st["fallbacks"] == 1
    with pytest.raises(KeyError):
        cache.count(hits=1)  # the cache counts hits itself
    cache.reset_stats()
    st = cache.stats()
    assert st["captures"] == st["hits"] == st["replays"] == st["fallbacks"] == 0 and st["cached"] == 2


def test_lru_eviction_by_count():
    cache = CudaGraphCache(max_graphs=3)
    for k in "abc":
        capture(cache, k)
    capture(cache, "a")  # a is now the most recently used: b is the oldest
    capture(cache, "d")
    assert cache.keys() == ["c", "a", "d"]
    st = cache.stats()
    assert st["cached"] == 3 and st["evictions"] == 1 and st["captures"] == 4
    capture(cache, "b")  # evicted: captured again
    assert cache.stats()["captures"] == 5 and cache.keys() == ["a", "d", "b"]


def test_lru_eviction_by_bytes_keeps_the_newest():
    cache = CudaGraphCache(max_bytes=100)
    capture(cache, "a", 40)
    capture(cache, "b", 40)
    capture(cache, "c", 40)  # 120 > 100: a goes
    assert cache.keys() == ["b", "c"] and cache.stats()["cached_bytes"] == 80
    capture(cache, "big", 500)  # alone over the limit: everything older goes, the newest stays
    assert cache.keys() == ["big"]
    st = cache.stats()
    assert st["cached"] == 1 and st["evictions"] == 3 and st["cached_bytes"] == 500


def test_shared_pool_is_charged_to_captures_and_released_with_its_last_graph():
    cache = CudaGraphCache(max_bytes=1000)
    made = []

    def create():
        made.append(object())
        return made[-1]

    pool = cache.pool(("fastspeech2", 0), create)
    assert cache.pool(("fastspeech2", 0), create) is pool and len(made) == 1
    capture(cache, "e1", 100, pool=("fastspeech2", 0), pool_growth=300)
    capture(cache, "e2", 100, pool=("fastspeech2", 0), pool_growth=200)
    capture(cache, "s1", 50)  # no shared pool (Sambert: its own pool is in its bytes)
    st = cache.stats()
    assert st["pool_bytes"] == 500 and st["cached_bytes"] == 250 + 500 and st["charged_bytes"] == 750
    capture(cache, "e3", 100, pool=("fastspeech2", 0), pool_growth=0)  # charged 850: still under 1000
    capture(cache, "e4", 100, pool=("fastspeech2", 0), pool_growth=300)  # 1250 > 1000: e1 (400) goes
    assert cache.keys() == ["e2", "s1", "e3", "e4"]
    # the evicted graph's share of the pool is still held while other graphs use the pool
    st = cache.stats()
    assert st["pool_bytes"] == 800 and st["cached_bytes"] == 350 + 800 and st["charged_bytes"] == 850
    assert cache.pool(("fastspeech2", 0), create) is pool
    cache.purge(lambda key, entry: key.startswith("e"))  # the pool's last graph goes: so does the pool
    st = cache.stats()
    assert st["pool_bytes"] == 0 and st["cached_bytes"] == 50 and st["evictions"] == 4
    assert cache.pool(("fastspeech2", 0), create) is not pool and len(made) == 2


def test_graphs_by_kind():
    """/v1/memory's `cuda_graphs_by_kind`: each kind's graphs and the bytes charged to them, split into their own
    buffers and the shared-pool growth their captures caused."""
    cache = CudaGraphCache(max_bytes=10_000)
    capture(cache, ("vocoder", 1, 16), 100, pool="p", pool_growth=300)
    capture(cache, ("vocoder", 1, 8), 100, pool="p", pool_growth=0)
    capture(cache, ("sambert-slots", 7), 250)
    capture(cache, "loose", 5)
    assert cache.kinds() == {
        "vocoder": {"graphs": 2, "bytes": 500, "own_bytes": 200, "pool_growth_bytes": 300},
        "sambert-slots": {"graphs": 1, "bytes": 250, "own_bytes": 250, "pool_growth_bytes": 0},
        "other": {"graphs": 1, "bytes": 5, "own_bytes": 5, "pool_growth_bytes": 0}}


def test_stale_entries_are_recaptured():
    cache = CudaGraphCache()
    old = capture(cache, "k")
    assert capture(cache, "k") is old
    old.ok = False  # its model's parameters moved
    new = capture(cache, "k")
    assert new is not old
    st = cache.stats()
    assert st["captures"] == 2 and st["hits"] == 1 and st["evictions"] == 1 and st["cached"] == 1
    assert capture(cache, "k") is new


def test_purge_drops_what_the_predicate_names():
    cache = CudaGraphCache()
    for k in (("sambert", 1), ("sambert", 2), ("fastspeech2-encoder", 1)):
        capture(cache, k)
    assert cache.purge(lambda key, entry: key[0] == "sambert" and key[1] == 1) == 1
    assert cache.keys() == [("sambert", 2), ("fastspeech2-encoder", 1)]
    assert cache.stats()["evictions"] == 1


def test_clear_returns_the_count():
    cache = CudaGraphCache()
    assert cache.clear() == 0
    for k in "abc":
        capture(cache, k, pool=("p", 0), pool_growth=5)
    assert cache.clear() == 3
    st = cache.stats()
    assert st["cached"] == 0 and st["cached_bytes"] == 0 and st["pool_bytes"] == 0 and st["captures"] == 3
    assert len(cache) == 0
    capture(cache, "a")
    assert cache.stats()["captures"] == 4  # captured again on the next use


def test_disable_is_per_stage_kind():
    cache = CudaGraphCache()
    assert cache.disabled("fastspeech2") is None and cache.stats()["disabled"] == 0
    cache.disable("fastspeech2", "RuntimeError: capture refused")
    assert cache.disabled("fastspeech2") == "RuntimeError: capture refused"
    assert cache.disabled("sambert") is None
    assert cache.stats()["disabled"] == 1
    assert CudaGraphCache().disabled("fastspeech2") is None  # another cache is unaffected


def test_two_caches_are_independent():
    small = CudaGraphCache(max_graphs=1, max_bytes=10, max_scratch_bytes=1)
    big = CudaGraphCache()
    assert (big.max_graphs, big.max_bytes, big.max_scratch_bytes) == \
        (DEFAULT_MAX_GRAPHS, DEFAULT_MAX_BYTES, DEFAULT_MAX_SCRATCH_BYTES)
    for k in "abc":
        capture(small, k, 100)
        capture(big, k, 100)
    assert small.keys() == ["c"] and big.keys() == ["a", "b", "c"]
    assert small.stats()["evictions"] == 2 and big.stats()["evictions"] == 0
    small.max_graphs = 5  # limits are per instance: changing one never reaches the other
    assert big.max_graphs == DEFAULT_MAX_GRAPHS
    assert CudaGraphCache().max_scratch_bytes == DEFAULT_MAX_SCRATCH_BYTES
    small.clear()
    assert big.stats()["cached"] == 3
    s1 = small.pool("p", object)
    assert big.pool("p", object) is not s1


def test_budget_rule():
    """Under `gpu_memory_budget_bytes` (the 6-8 GB profiles cap the allocator at 1-1.5 GiB) the graphs may hold
    a quarter of the budget, one FastSpeech2 graph's intermediates an eighth; a large budget never raises the
    defaults, and no budget means the defaults."""
    small = CudaGraphCache.for_budget(2**30)
    assert small.max_bytes == 2**28 and small.max_scratch_bytes == 2**27 and small.max_graphs == DEFAULT_MAX_GRAPHS
    large = CudaGraphCache.for_budget(64 * 2**30)
    assert large.max_bytes == DEFAULT_MAX_BYTES and large.max_scratch_bytes == DEFAULT_MAX_SCRATCH_BYTES
    none = CudaGraphCache.for_budget(None)
    assert none.max_bytes == DEFAULT_MAX_BYTES
    # the budgeted cache did not change the defaults of caches made afterwards
    assert CudaGraphCache().max_bytes == DEFAULT_MAX_BYTES and CudaGraphCache().max_scratch_bytes == DEFAULT_MAX_SCRATCH_BYTES


def test_bad_limits_are_refused():
    with pytest.raises(ValueError):
        CudaGraphCache(max_graphs=0)
    with pytest.raises(ValueError):
        CudaGraphCache(max_bytes=-1)


def test_concurrent_users_keep_the_bounds():
    cache = CudaGraphCache(max_graphs=8)
    errors = []

    def user(t: int) -> None:
        try:
            for i in range(200):
                capture(cache, (t, i % 12))
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=user, args=(t,)) for t in range(4)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert not errors
    st = cache.stats()
    assert st["cached"] == 8 and st["captures"] + st["hits"] == 800
    assert st["captures"] - st["evictions"] == 8


def test_captures_are_put_off_while_the_worker_is_busy():
    """Quiet: every new shape may be captured at once. Busy: a new shape runs eagerly (deferred) until its
    `capture_after`-th meeting; meetings are counted per shape, and a quiet moment captures at once."""
    cache = CudaGraphCache()
    assert cache.may_capture("a") and cache.stats()["deferred"] == 0
    cache.busy = True
    assert [cache.may_capture("b") for _ in range(cache.capture_after)] == [False] * (cache.capture_after - 1) + [True]
    assert not cache.may_capture("c") and not cache.may_capture("d")
    assert cache.stats()["deferred"] == cache.capture_after - 1 + 2
    cache.busy = False
    assert cache.may_capture("c")  # quiet again: at once
    cache.busy = True
    assert not cache.may_capture("c")  # a capture that was not put in: counted afresh
    assert CudaGraphCache().busy is False  # a stage's own cache (tests, benchmarks) captures as before


def test_deferred_captures_wait_for_an_idle_worker():
    """A stage that defers a capture may leave how to make it (`later`); `capture_pending` runs one at a time,
    the shape met most often first; a shape captured meanwhile (its 4th meeting, or a quiet moment) leaves the
    list; a capture that raises is logged and the next one still runs."""
    cache = CudaGraphCache()
    cache.busy = True
    ran: list[str] = []
    assert not cache.capture_pending()  # nothing pending
    for key, meetings in (("a", 1), ("b", 3), ("c", 2)):
        for _ in range(meetings):
            assert not cache.may_capture(key, later=lambda k=key: ran.append(k))
    assert cache.pending == 3
    assert cache.capture_pending() and ran == ["b"] and cache.pending == 2
    assert cache.busy is False  # the worker was idle: what it captures now is not put off
    cache.busy = True
    cache.may_capture("c", later=lambda: ran.append("c"))  # c's 3rd meeting: still put off
    assert cache.may_capture("c", later=lambda: ran.append("c"))  # its 4th: captured by the stage, not pending
    assert cache.pending == 1

    def broken():
        raise RuntimeError("capture refused")

    assert not cache.may_capture("d", later=broken)
    assert cache.capture_pending() and cache.capture_pending()  # d (raises, logged), then a
    assert ran == ["b", "a"] and cache.pending == 0


def test_clear_also_forgets_the_deferred_captures():
    """After an OOM recovery (`clear`), an idle worker does not fill the memory again ahead of need."""
    cache = CudaGraphCache()
    cache.busy = True
    assert not cache.may_capture("a", later=lambda: None)
    assert cache.pending == 1
    cache.clear()
    assert cache.pending == 0 and not cache.capture_pending()
