"""Optional API keys: `Authorization: Bearer <key>`, compared in constant time, with an optional per-key
request rate (token bucket). Off when no key is configured."""

from __future__ import annotations

import hashlib
import hmac
import time
from typing import Annotated

from fastapi import Depends, Request

from ttsserve.errors import RateLimitedError, UnauthorizedError


class ApiKeys:
    def __init__(self, keys: list[str], *, rate_per_minute: int | None = None) -> None:
        # Keep digests only: comparing fixed-length digests in constant time leaks neither key nor length.
        self._digests = [hashlib.sha256(k.encode()).digest() for k in keys]
        self.rate_per_minute = rate_per_minute
        self._buckets: dict[bytes, tuple[float, float]] = {}  # digest -> (tokens, last refill time)

    @property
    def enabled(self) -> bool:
        return bool(self._digests)

    def check(self, authorization: str | None) -> None:
        if not self.enabled:
            return
        scheme, _, token = (authorization or "").partition(" ")
        digest = hashlib.sha256(token.strip().encode()).digest()
        matched = False
        for known in self._digests:  # no early exit: time does not depend on which key matched
            matched |= hmac.compare_digest(digest, known)
        if scheme.lower() != "bearer" or not matched:
            raise UnauthorizedError("missing or invalid API key: send 'Authorization: Bearer <key>'",
                                    headers={"WWW-Authenticate": "Bearer"})
        if self.rate_per_minute:
            self._take(digest)

    def _take(self, digest: bytes) -> None:
        now = time.monotonic()
        capacity = float(self.rate_per_minute)
        tokens, last = self._buckets.get(digest, (capacity, now))
        tokens = min(capacity, tokens + (now - last) * capacity / 60.0)
        if tokens < 1.0:
            self._buckets[digest] = (tokens, now)
            retry = max(1, int((1.0 - tokens) * 60.0 / capacity + 0.999))
            raise RateLimitedError(f"rate limit of {self.rate_per_minute} requests per minute for this key reached",
                                   headers={"Retry-After": str(retry)})
        self._buckets[digest] = (tokens - 1.0, now)


def require_key(request: Request) -> None:
    request.app.state.api_keys.check(request.headers.get("authorization"))


def require_key_if(flag: str):
    """A dependency that checks the key only when the setting `flag` is true (health, metrics)."""

    def dep(request: Request) -> None:
        if getattr(request.app.state.settings, flag):
            require_key(request)

    return dep


ApiKey = Annotated[None, Depends(require_key)]
