"""LRU voice cache with byte budgets over three tiers: disk -> host memory -> compute device.

Only the worker thread touches it, so it takes no locks. A voice on the compute tier is ready to run;
evicting it parks it in host memory (pinned, so the next switch back is a fast copy), and evicting from
host memory drops it (the disk copy remains). Pinned voices (the default) never leave the compute tier.
A voice on a GPU keeps its pinned host copy (`host_copy_nbytes`): that counts in the host budget too.
"""

from __future__ import annotations

import logging
import time
from collections import OrderedDict
from dataclasses import dataclass
from typing import Callable, Collection, Protocol

from ttsserve.errors import VoiceUnavailableError
from ttsserve.telemetry import Telemetry

log = logging.getLogger(__name__)


class CachedVoice(Protocol):
    def nbytes(self) -> int: ...

    def host_copy_nbytes(self) -> int: ...  # host memory it keeps while on the compute tier (0 on a CPU)


@dataclass
class CacheCounters:
    hits: int = 0
    misses_from_cpu: int = 0
    misses_from_disk: int = 0
    evictions_to_cpu: int = 0
    evictions_dropped: int = 0
    load_seconds_disk: float = 0.0
    load_seconds_cpu: float = 0.0


class VoiceCache:
    def __init__(
        self,
        *,
        load: Callable[[str], CachedVoice],  # disk -> host memory
        to_compute: Callable[[CachedVoice], None],  # host -> compute device (in place)
        to_host: Callable[[CachedVoice], None],  # compute device -> host memory (in place, pinned)
        max_compute_bytes: int,
        max_host_bytes: int,
        pinned: set[str] | None = None,
        telemetry: Telemetry | None = None,
        retry_failed_after_s: float = 60.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._load = load
        self._to_compute = to_compute
        self._to_host = to_host
        self.max_compute_bytes = max_compute_bytes
        self.max_host_bytes = max_host_bytes
        self.pinned = set(pinned or ())
        self.telemetry = telemetry
        self.compute: OrderedDict[str, CachedVoice] = OrderedDict()  # LRU order: first = least recent
        self.host: OrderedDict[str, CachedVoice] = OrderedDict()
        self.failed: dict[str, str] = {}  # voice -> why it cannot be loaded
        # A failed voice is refused at once (no reload per request) until this back-off has passed; then the next
        # request tries the disk again (weights replaced in place are picked up without a restart).
        self.retry_failed_after_s = retry_failed_after_s
        self._clock = clock
        self._failed_at: dict[str, float] = {}
        self.counters = CacheCounters()

    # ------------------------------------------------------------------ queries
    def compute_bytes(self) -> int:
        return sum(v.nbytes() for v in self.compute.values())

    def host_copy_bytes(self) -> int:
        """Host memory held by the compute tier's voices (their pinned copies)."""
        return sum(v.host_copy_nbytes() for v in self.compute.values())

    def host_bytes(self) -> int:
        """Host memory the cache holds: the host tier and the compute tier's host copies (max_host_bytes bounds it)."""
        return sum(v.nbytes() for v in self.host.values()) + self.host_copy_bytes()

    def tier(self, name: str) -> str:
        if name in self.compute:
            return "compute"
        if name in self.host:
            return "host"
        return "disk"

    def state(self) -> list[dict]:
        rows = [
            {"voice": n, "tier": "compute", "bytes": v.nbytes(), "pinned": n in self.pinned}
            for n, v in self.compute.items()
        ]
        rows += [{"voice": n, "tier": "host", "bytes": v.nbytes(), "pinned": n in self.pinned} for n, v in self.host.items()]
        return rows

    # ------------------------------------------------------------------ the one entry point
    def get(self, name: str, *, count: bool = True) -> CachedVoice:
        """The voice, ready on the compute tier; loads or promotes it, evicting LRU voices to make room.
        `count=False`: a hit is not counted (the scheduler counts one lookup per request, not one per step);
        a miss always is, since it loads."""
        voice = self.compute.get(name)
        if voice is not None:
            self.compute.move_to_end(name)
            if count:
                self.counters.hits += 1
                self._count("hit")
            return voice
        t0 = time.perf_counter()
        if name in self.host:
            voice = self.host.pop(name)
            source = "cpu"
        else:
            if name in self.failed:
                if self._clock() - self._failed_at[name] < self.retry_failed_after_s:
                    raise VoiceUnavailableError(self.failed[name])
                self.forget_failure(name)
            try:
                voice = self._load(name)
            except VoiceUnavailableError as exc:
                self.failed[name] = exc.message
                self._failed_at[name] = self._clock()
                raise
            source = "disk"
        self._make_room_compute(voice.nbytes(), keep=name)
        self._to_compute(voice)
        self.compute[name] = voice
        self._make_room_host()  # a voice new to the compute tier may have made a host copy
        dt = time.perf_counter() - t0
        if source == "cpu":
            self.counters.misses_from_cpu += 1
            self.counters.load_seconds_cpu += dt
        else:
            self.counters.misses_from_disk += 1
            self.counters.load_seconds_disk += dt
        self._count("miss", source=source, seconds=dt)
        self._publish()
        return voice

    def evict_idle(self, *, keep: Collection[str] = ()) -> int:
        """Move every unpinned voice not in `keep` (the voices in use) off the compute tier (OOM recovery, the
        near-budget path). Returns how many."""
        names = [n for n in self.compute if n not in keep and n not in self.pinned]
        for n in names:
            self._evict_compute(n)
        self._publish()
        return len(names)

    def forget_failure(self, name: str) -> None:
        """The next request for `name` loads it from disk again (called once the retry back-off has passed)."""
        self.failed.pop(name, None)
        self._failed_at.pop(name, None)

    # ------------------------------------------------------------------ internals
    def _make_room_compute(self, incoming: int, *, keep: str) -> None:
        for n in list(self.compute):
            if self.compute_bytes() + incoming <= self.max_compute_bytes:
                break
            if n != keep and n not in self.pinned:
                self._evict_compute(n)
        if self.compute_bytes() + incoming > self.max_compute_bytes:
            # Over budget with only pinned voices left: serve anyway (refusing would fail every request),
            # but say so; startup validation rejects budgets that cannot hold the pinned voices.
            log.warning("voice cache over its compute budget: %d + %d > %d bytes",
                        self.compute_bytes(), incoming, self.max_compute_bytes)

    def _make_room_host(self) -> None:
        while self.host and self.host_bytes() > self.max_host_bytes:
            self._dropped(next(iter(self.host)))
        if self.host_bytes() > self.max_host_bytes:
            log.warning("voice cache over its host budget: %d > %d bytes (host copies of the voices on the compute "
                        "tier)", self.host_bytes(), self.max_host_bytes)

    def _evict_compute(self, name: str) -> None:
        voice = self.compute.pop(name)
        if voice.nbytes() > self.max_host_bytes:
            self._dropped(name)
            return
        for n in list(self.host):
            if self.host_bytes() + voice.nbytes() <= self.max_host_bytes:
                break
            self._dropped(n)
        self._to_host(voice)
        self.host[name] = voice
        self.counters.evictions_to_cpu += 1
        if self.telemetry:
            self.telemetry.cache_evictions.labels("compute").inc()

    def _dropped(self, name: str) -> None:
        self.host.pop(name, None)
        self.counters.evictions_dropped += 1
        if self.telemetry:
            self.telemetry.cache_evictions.labels("host").inc()
            for tier in ("compute", "host"):
                self.telemetry.voice_resident_bytes.labels(name, tier).set(0)

    def _count(self, what: str, *, source: str = "", seconds: float = 0.0) -> None:
        if not self.telemetry:
            return
        if what == "hit":
            self.telemetry.cache_hits.inc()
        else:
            self.telemetry.cache_misses.labels(source).inc()
            self.telemetry.voice_load_seconds.labels(source).observe(seconds)

    def _publish(self) -> None:
        if not self.telemetry:
            return
        for n, v in self.compute.items():
            self.telemetry.voice_resident_bytes.labels(n, "compute").set(v.nbytes())
            self.telemetry.voice_resident_bytes.labels(n, "host").set(v.host_copy_nbytes())
        for n, v in self.host.items():
            self.telemetry.voice_resident_bytes.labels(n, "host").set(v.nbytes())
            self.telemetry.voice_resident_bytes.labels(n, "compute").set(0)
