"""Voice cache: LRU order, byte accounting, pinned voices, tier moves."""

from __future__ import annotations

import pytest

from ttsserve.engine.voice_cache import VoiceCache
from ttsserve.errors import VoiceUnavailableError


class FakeVoice:
    def __init__(self, name: str, nbytes: int) -> None:
        self.name, self._n, self.where = name, nbytes, "host"

    def nbytes(self) -> int:
        return self._n


def make_cache(sizes: dict[str, int], *, compute: int, host: int, pinned=()):
    loads: list[str] = []

    def load(name):
        if name not in sizes:
            raise VoiceUnavailableError(f"voice {name!r} is unavailable: no weights")
        loads.append(name)
        return FakeVoice(name, sizes[name])

    def to_compute(v):
        v.where = "compute"

    def to_host(v):
        v.where = "host"

    cache = VoiceCache(load=load, to_compute=to_compute, to_host=to_host, max_compute_bytes=compute,
                       max_host_bytes=host, pinned=set(pinned))
    return cache, loads


def test_lru_eviction_order_and_bytes():
    cache, loads = make_cache({"a": 40, "b": 40, "c": 40}, compute=100, host=100)
    cache.get("a"), cache.get("b")
    cache.get("a")  # a is now most recent: b is the LRU
    v = cache.get("c")
    assert v.where == "compute"
    assert list(cache.compute) == ["a", "c"] and list(cache.host) == ["b"]
    assert cache.compute_bytes() == 80 and cache.host_bytes() == 40
    assert cache.host["b"].where == "host"
    # b comes back from the host tier, not from disk
    cache.get("b")
    assert loads == ["a", "b", "c"]
    assert cache.counters.misses_from_cpu == 1 and cache.counters.misses_from_disk == 3
    assert cache.counters.hits == 1 and cache.counters.evictions_to_cpu == 2


def test_pinned_voice_never_leaves():
    cache, _ = make_cache({"d": 60, "x": 30, "y": 30}, compute=100, host=1000, pinned={"d"})
    cache.get("d"), cache.get("x"), cache.get("y")
    assert "d" in cache.compute and list(cache.host) == ["x"]
    assert cache.evict_idle(keep={"y"}) == 0  # d is pinned, y is in use
    assert cache.evict_idle() == 1
    assert list(cache.compute) == ["d"]


def test_host_tier_budget_drops_lru():
    cache, loads = make_cache({"a": 50, "b": 50, "c": 50}, compute=50, host=60)
    cache.get("a"), cache.get("b"), cache.get("c")
    assert list(cache.host) == ["b"]  # a was dropped from host to make room for b
    assert cache.counters.evictions_dropped == 1
    cache.get("a")
    assert loads.count("a") == 2  # back from disk


def test_failure_is_remembered_and_named():
    cache, _ = make_cache({"a": 10}, compute=100, host=100)
    with pytest.raises(VoiceUnavailableError, match="no weights"):
        cache.get("zz")
    assert "zz" in cache.failed
    with pytest.raises(VoiceUnavailableError):
        cache.get("zz")
    assert cache.tier("a") == "disk"


def test_failed_voice_is_retried_after_the_back_off():
    now = [100.0]
    sizes = {"a": 10}
    cache, loads = make_cache(sizes, compute=100, host=100)
    cache.retry_failed_after_s, cache._clock = 30.0, lambda: now[0]
    with pytest.raises(VoiceUnavailableError):
        cache.get("zz")
    sizes["zz"] = 20  # the operator replaces the weights
    now[0] += 29.0
    with pytest.raises(VoiceUnavailableError, match="no weights"):  # still inside the back-off: no disk read
        cache.get("zz")
    assert loads == []
    now[0] += 1.0
    assert cache.get("zz").where == "compute"
    assert loads == ["zz"] and "zz" not in cache.failed and cache.counters.misses_from_disk == 1


def test_a_retry_that_fails_again_starts_a_new_back_off():
    now = [0.0]
    cache, _ = make_cache({}, compute=100, host=100)
    cache.retry_failed_after_s, cache._clock = 10.0, lambda: now[0]
    attempts = []
    load = cache._load
    cache._load = lambda n: (attempts.append(now[0]), load(n))[1]
    for t in (0.0, 5.0, 10.0, 15.0, 20.0):
        now[0] = t
        with pytest.raises(VoiceUnavailableError):
            cache.get("zz")
    assert attempts == [0.0, 10.0, 20.0]
