"""Admission control sized from measured service time: refuse a request at once (503 `overloaded`, with
Retry-After) when the wait it would see is longer than it may wait, instead of queueing it to time out late.

- `ServiceRate` (fed by the worker thread): characters of text the worker finishes per second of busy time, an
  exponentially weighted average over about `tau_s` busy seconds. Busy time is the wall time of scheduler
  iterations that ran something; a job counts its characters when it finishes. It says nothing (None) until
  `min_busy_s` busy seconds and `min_jobs` jobs are measured, so a cold server admits everything.
- `Backlog` (event loop): the characters of every admitted job not yet answered. The scheduler interleaves its
  jobs call by call, so a new job of `c` characters finishes roughly when every job has had `c` characters of
  work (or finished): estimated wait = (sum over the backlog of min(c_i, c) + c) / rate. A streamed request
  waits only for its first chunk (`request_timeout_s` bounds that wait, not the stream's length): its `c` is
  its first sentence's share, at most `first_chunk_chars`.

The estimate errs high (a job's characters count in full until it is answered, however far along it is), so a
refused request is one that would have waited long; a mispredicted one still gets the late 504 as before.
"""

from __future__ import annotations

import math
import threading


class ServiceRate:
    def __init__(self, *, tau_s: float = 30.0, fold_s: float = 1.0, min_busy_s: float = 5.0, min_jobs: int = 5) -> None:
        self.tau_s, self.fold_s, self.min_busy_s, self.min_jobs = tau_s, fold_s, min_busy_s, min_jobs
        self._lock = threading.Lock()
        self._busy = 0.0  # busy seconds and finished characters since the last fold
        self._chars = 0
        self._total_busy = 0.0
        self._jobs = 0
        self._rate: float | None = None
        self._injected: float | None = None

    def busy(self, seconds: float) -> None:
        """The worker ran an iteration for `seconds`."""
        with self._lock:
            self._busy += seconds
            self._total_busy += seconds

    def finished(self, chars: int) -> None:
        """A job of `chars` characters finished; folds the busy time so far into the average (every `fold_s`)."""
        with self._lock:
            self._chars += chars
            self._jobs += 1
            if self._busy <= 0 or self._busy < self.fold_s:
                return
            sample = self._chars / self._busy
            alpha = 1.0 - math.exp(-self._busy / self.tau_s)
            self._rate = sample if self._rate is None else self._rate + alpha * (sample - self._rate)
            self._busy, self._chars = 0.0, 0

    def inject(self, chars_per_s: float | None) -> None:
        """Fix the rate (tests, or an operator who measured it); None returns to the measurement."""
        self._injected = chars_per_s

    @property
    def chars_per_s(self) -> float | None:
        if self._injected is not None:
            return self._injected
        if self._total_busy < self.min_busy_s or self._jobs < self.min_jobs:
            return None
        return self._rate

    def report(self) -> dict:
        return {"chars_per_s": None if self.chars_per_s is None else round(self.chars_per_s, 2),
                "measured_busy_s": round(self._total_busy, 4), "jobs": self._jobs,
                "injected": self._injected is not None}


class Backlog:
    """Characters of the admitted jobs not yet answered (touched from the event loop only)."""

    def __init__(self) -> None:
        self._chars: dict[object, int] = {}

    def add(self, key: object, chars: int) -> None:
        self._chars[key] = chars

    def remove(self, key: object) -> None:
        self._chars.pop(key, None)

    def __len__(self) -> int:
        return len(self._chars)

    @property
    def chars(self) -> int:
        return sum(self._chars.values())

    def estimated_wait_s(self, chars: int, chars_per_s: float) -> float:
        """Seconds until a new job of `chars` characters is done (or has its first chunk), if the worker shares
        its time between the jobs: each job ahead contributes at most `chars` of work before it."""
        ahead = sum(min(c, chars) for c in self._chars.values())
        return (ahead + chars) / chars_per_s
