"""Optional API keys: `Authorization: Bearer <key>`, compared in constant time, with an optional per-key
request rate (token bucket). Off when no key is configured. Checked by `AuthMiddleware` before routing, so a
request without a key gets 401 before its body is read or validated (and unknown routes are not probed)."""

from __future__ import annotations

import hashlib
import hmac
import time
from typing import Annotated

from fastapi import Depends, Request
from starlette.types import ASGIApp, Receive, Scope, Send

from ttsserve.errors import RateLimitedError, TTSError, UnauthorizedError


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
        token = token.strip()
        digest = hashlib.sha256(token.encode("utf-8", "surrogateescape")).digest()
        matched = False
        for known in self._digests:  # no early exit: time does not depend on which key matched
            matched |= hmac.compare_digest(digest, known)
        if scheme.lower() != "bearer" or not token or not matched:
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
    """For a route outside the app's middleware (AuthMiddleware checks every app route)."""
    request.app.state.api_keys.check(request.headers.get("authorization"))


ApiKey = Annotated[None, Depends(require_key)]

# Paths that a setting can open while keys are on; every other path needs a key (the web page itself is open:
# it asks for the key and sends it with its API calls).
ALWAYS_OPEN = {"/"}
HEALTH_PATHS = {"/healthz", "/readyz"}
METRICS_PATHS = {"/metrics"}
DOCS_PATHS = {"/docs", "/docs/oauth2-redirect", "/redoc", "/openapi.json"} | {
    f"/static-offline-docs/{name}"  # the pages' own scripts and styles, served by the app (fastapi-offline)
    for name in ("swagger-ui-bundle.js", "swagger-ui.css", "redoc.standalone.js", "favicon.png")
}


def open_paths(settings) -> set[str]:
    """The paths that need no key: the page, plus health / metrics / docs unless their auth_protect_* is on."""
    paths = set(ALWAYS_OPEN)
    if not settings.auth_protect_health:
        paths |= HEALTH_PATHS
    if not settings.auth_protect_metrics:
        paths |= METRICS_PATHS
    if not settings.auth_protect_docs:
        paths |= DOCS_PATHS
    return paths


class AuthMiddleware:
    """Checks the key before routing: a request without one is answered 401 before its body is read."""

    def __init__(self, app: ASGIApp, *, keys: ApiKeys, open_paths: set[str]) -> None:
        self.app = app
        self.keys = keys
        self.open_paths = open_paths

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and self.keys.enabled and scope["path"] not in self.open_paths:
            authorization = next((v.decode("latin-1") for k, v in scope["headers"] if k == b"authorization"), None)
            try:
                self.keys.check(authorization)
            except TTSError as exc:
                from ttsserve.app import respond

                return await respond(exc)(scope, receive, send)
        await self.app(scope, receive, send)
