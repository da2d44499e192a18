"""Voice cache: LRU order, byte accounting, pinned voices, tier moves."""

from __future__ import annotations

import pytest

from ttsserve.engine.voice_cache import VoiceCache
from ttsserve.errors import VoiceUnavailableError


class FakeVoice:
    """`host_copy`: like a LoadedVoice on a GPU, it keeps a host copy of its weights once it has been moved."""

    def __init__(self, name: str, nbytes: int, host_copy: bool = False) -> None:
        self.name, self._n, self.where, self.host_copy, self.moved = name, nbytes, "host", host_copy, False

    def nbytes(self) -> int:
        return self._n

    def host_copy_nbytes(self) -> int:
        return self._n if self.host_copy and self.moved and self.where == "compute" else 0


def make_cache(sizes: dict[str, int], *, compute: int, host: int, pinned=(), host_copy: bool = False):
    loads: list[str] = []

    def load(name):
        if name not in sizes:
            raise VoiceUnavailableError(f"voice {name!r} is unavailable: no weights")
        loads.append(name)
        return FakeVoice(name, sizes[name], host_copy)

    def to_compute(v):
        v.where, v.moved = "compute", True

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


def test_host_copies_of_gpu_voices_count_in_the_host_budget():
    # A GPU deployment: each voice on the compute tier keeps a pinned host copy of its weights.
    cache, loads = make_cache({"a": 40, "b": 40, "c": 40}, compute=80, host=100, host_copy=True)
    cache.get("a"), cache.get("b")
    assert cache.host_copy_bytes() == 80 and cache.host_bytes() == 80
    cache.get("c")  # a goes to the host tier (its copy now counts there), c brings a new copy: 40 + 80 > 100
    assert list(cache.compute) == ["b", "c"] and list(cache.host) == []
    assert cache.counters.evictions_dropped == 1 and cache.host_bytes() == 80 <= cache.max_host_bytes


def test_host_copies_of_pinned_voices_over_the_budget_are_kept_and_reported(caplog):
    cache, _ = make_cache({"d": 60}, compute=100, host=50, pinned={"d"}, host_copy=True)
    cache.get("d")
    assert "d" in cache.compute and cache.host_bytes() == 60
    assert "over its host budget: 60 > 50" in caplog.text


def test_cpu_deployment_has_no_host_copies():
    cache, _ = make_cache({"a": 40}, compute=100, host=0)
    cache.get("a")
    assert cache.host_bytes() == 0 and cache.host_copy_bytes() == 0
