"""Admission control sized from measured service time: refuse a request at once (503 `overloaded`, with
Retry-After) when the wait it would see is longer than it may wait, instead of queueing it to time out late.

Work is counted in seconds of audio (what the models make; a job's cost grows with it):
- `ServiceRate` (fed by the worker thread): seconds of audio the worker makes per second of busy time over about
  the last `tau_s` busy seconds: the audio made and the busy time are each summed with weights that decay as
  e^(-busy seconds since / tau_s), and the rate is their ratio. Busy time is the wall time of scheduler iterations
  that ran something; audio counts as it is made, so jobs that time out half-way still count (under overload no
  job may finish, and a rate measured from finished jobs would never be measured). It says nothing (None) until
  `min_busy_s` busy seconds are measured, so a cold server admits everything. (An average of per-fold rates was
  shipped first: its first fold, often a voice loading and no audio, set the rate near 0, and it took about
  `tau_s` busy seconds to recover; a cold server refused what it could serve in seconds.) One iteration longer
  than `stall_s` is one-off work (a voice's first request compiling its Triton kernels, capturing graphs), not
  the server's speed, and counts neither its time nor its audio: counted, it could hold the rate so low that every
  request was refused, and refused requests make no busy time to correct it (docs/reliability.md).
- `CostModel` (event loop): the audio a request will make, from its characters: an average of audio seconds
  per character (times the request's speed) over the answered jobs, from a prior of 0.2 s (Mandarin read at
  about 5 characters a second) until some are answered.
- `Backlog` (event loop): the estimated audio still to make for every admitted job not yet answered and not past
  its deadline (its cost less the audio the worker has made for it). Estimated wait = (that backlog + c) / rate
  for a new job of cost `c`: the time to make all the admitted work and the new job's. It must fit in the new
  job's own limit and in the time left to every admitted job: the scheduler serves jobs without audio first, so
  a new job delays every job ahead of it, and admitting it must leave them time to finish too. Two looser
  rules were measured first and failed (docs/reliability.md, admission control): the new job's own wait under
  fair sharing (sum of min(c_i, c) + c), and the backlog against the new job's limit only; in both the jobs
  admitted earlier timed out. A streamed request waits only for its first chunk (`request_timeout_s` bounds
  that wait, not the stream's length): its `c` is that of its first sentence, at most
  `frontend.max_sentence_chars` characters.
"""

from __future__ import annotations

import math
import threading
import time


class ServiceRate:
    def __init__(self, *, tau_s: float = 30.0, fold_s: float = 1.0, min_busy_s: float = 5.0,
                 stall_s: float = 5.0) -> None:
        self.tau_s, self.fold_s, self.min_busy_s, self.stall_s = tau_s, fold_s, min_busy_s, stall_s
        self._lock = threading.Lock()
        self._busy = 0.0  # busy seconds and audio seconds made since the last fold
        self._made = 0.0
        self._iteration_made = 0.0  # audio made since the last `busy` call (the iteration under way)
        self.stalls = 0  # iterations longer than stall_s, left out of the rate, and their seconds
        self.stalled_s = 0.0
        self._total_busy = 0.0
        self._total_made = 0.0
        self._decayed_busy = 0.0  # the two sums with decaying weights; the rate is their ratio
        self._decayed_made = 0.0
        self._injected: float | None = None

    def produced(self, audio_s: float) -> None:
        """The worker made `audio_s` seconds of audio."""
        with self._lock:
            self._made += audio_s
            self._total_made += audio_s
            self._iteration_made += audio_s

    def busy(self, seconds: float) -> None:
        """The worker ran an iteration for `seconds`; every `fold_s` busy seconds the audio made in them is
        folded into the decaying sums. An iteration longer than `stall_s` is left out, with its audio."""
        with self._lock:
            made, self._iteration_made = self._iteration_made, 0.0
            if seconds > self.stall_s:
                self._made -= made
                self.stalls += 1
                self.stalled_s += seconds
                return
            self._busy += seconds
            self._total_busy += seconds
            if self._busy <= 0 or self._busy < self.fold_s:
                return
            decay = math.exp(-self._busy / self.tau_s)
            self._decayed_busy = self._decayed_busy * decay + self._busy
            self._decayed_made = self._decayed_made * decay + self._made
            self._busy, self._made = 0.0, 0.0

    def inject(self, audio_s_per_s: float | None) -> None:
        """Fix the rate (tests, or an operator who measured it); None returns to the measurement."""
        self._injected = audio_s_per_s

    @property
    def audio_s_per_s(self) -> float | None:
        if self._injected is not None:
            return self._injected
        if self._total_busy < self.min_busy_s or self._decayed_busy <= 0:
            return None
        return self._decayed_made / self._decayed_busy

    def report(self) -> dict:
        rate = self.audio_s_per_s
        return {"audio_s_per_busy_s": None if rate is None else round(rate, 3),
                "measured_busy_s": round(self._total_busy, 4), "audio_s_made": round(self._total_made, 3),
                "stalled_iterations": self.stalls, "stalled_s": round(self.stalled_s, 3),
                "injected": self._injected is not None}


class CostModel:
    """Seconds of audio a request of `chars` characters at `speed` will make (event loop only)."""

    def __init__(self, audio_per_char: float = 0.2, *, alpha: float = 0.05) -> None:
        self.audio_per_char = audio_per_char
        self.alpha = alpha
        self.observed = 0

    def observe(self, chars: int, speed: float, audio_s: float) -> None:
        if chars <= 0 or audio_s <= 0:
            return
        ratio = audio_s * speed / chars
        self.audio_per_char += self.alpha * (ratio - self.audio_per_char)
        self.observed += 1

    def cost(self, chars: int, speed: float) -> float:
        return chars * self.audio_per_char / max(speed, 1e-6)


class Backlog:
    """Estimated audio seconds still to make for the admitted jobs not yet answered (touched from the event loop
    only; a job's `audio_made`, written by the worker thread, is read as it is)."""

    def __init__(self) -> None:
        self._cost: dict[object, float] = {}

    def add(self, key: object, cost: float) -> None:
        self._cost[key] = cost

    def remove(self, key: object) -> None:
        self._cost.pop(key, None)

    def __len__(self) -> int:
        return len(self._cost)

    def state(self, now: float) -> tuple[float, float]:
        """(audio seconds still to make, seconds left to the earliest deadline) over the jobs whose deadline
        (`deadline`, time.monotonic()) is still ahead: each job's cost less what is made of it (0 once made in
        full); inf when none has a deadline ahead."""
        left, soonest = 0.0, math.inf
        for key, c in self._cost.items():
            time_left = getattr(key, "deadline", math.inf) - now
            if time_left <= 0:  # past its deadline: the worker drops it, it takes no more work
                continue
            left += max(c - getattr(key, "audio_made", 0.0), 0.0)
            soonest = min(soonest, time_left)
        return left, soonest

    @property
    def total(self) -> float:
        return self.state(time.monotonic())[0]
