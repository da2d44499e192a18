"""The app factory: `create_app(settings)` wires routes, error handlers and middleware; its lifespan starts
the Engine (and its worker thread) and stops it on shutdown. Nothing is built at import time.
"""

from __future__ import annotations

import asyncio
import logging
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi_offline import FastAPIOffline
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ttsserve import __version__
from ttsserve.api.auth import ApiKeys
from ttsserve.api.openai import router as openai_router
from ttsserve.api.routes import router
from ttsserve.engine.engine import Engine
from ttsserve.errors import TTSError
from ttsserve.settings import Settings
from ttsserve.telemetry import Telemetry

log = logging.getLogger(__name__)


def error_response(status: int, code: str, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"error": {"code": code, "message": message}}, status_code=status, headers=headers)


def create_app(settings: Settings) -> FastAPI:
    telemetry = Telemetry()

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        engine = Engine(settings, telemetry)
        # Loading and warming the default voice takes seconds: off the event loop.
        await asyncio.to_thread(engine.start)
        app.state.engine = engine
        log.info("ttsserve ready: default voice %r, voices %s", settings.default_voice, list(engine.voices))
        try:
            yield
        finally:
            await asyncio.to_thread(engine.stop)

    # /docs (Swagger UI) and /redoc with their scripts and styles served by this server
    # (/static-offline-docs/...), not a CDN: the docs work on a host without internet access.
    app = FastAPIOffline(
        title="ttsserve",
        version=__version__,
        description="Self-hosted Mandarin text-to-speech. POST /synthesize returns audio; GET /metrics feeds dashboards.",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.telemetry = telemetry
    app.state.api_keys = ApiKeys(settings.keys(), rate_per_minute=settings.api_key_rate_per_minute)
    app.include_router(router)
    app.include_router(openai_router)

    @app.exception_handler(TTSError)
    async def _tts_error(request: Request, exc: TTSError) -> JSONResponse:
        return error_response(exc.status, exc.code, exc.message, exc.headers)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        parts = []
        for e in exc.errors():
            loc = ".".join(str(p) for p in e.get("loc", ()) if p != "body")
            parts.append(f"{loc}: {e['msg']}" if loc else e["msg"])
        return error_response(422, "invalid_request", "; ".join(parts) or "invalid request")

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        if isinstance(exc.__cause__, BodyTooLarge):  # FastAPI wraps body-read errors in a 400
            return error_response(413, "body_too_large", str(exc.__cause__))
        if exc.status_code == 400 and exc.__cause__ is not None:  # FastAPI could not decode the body
            return error_response(400, "invalid_request", "request body is not valid JSON in UTF-8")
        code = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "http_error")
        return error_response(exc.status_code, code, str(exc.detail), getattr(exc, "headers", None))

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        return error_response(500, "internal_error", "internal server error")

    app.add_middleware(BodyLimitMiddleware, max_body_bytes=settings.max_body_bytes)
    app.add_middleware(RequestCountMiddleware, telemetry=telemetry)
    return app


class BodyLimitMiddleware:
    """Refuses request bodies over the limit with 413, by Content-Length or while the body streams in."""

    def __init__(self, app: ASGIApp, *, max_body_bytes: int) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        limit = self.max_body_bytes
        message = f"request body is over the limit of {limit} bytes"
        for name, value in scope.get("headers", ()):
            if name == b"content-length" and value.isdigit() and int(value) > limit:
                return await error_response(413, "body_too_large", message)(scope, receive, send)
        seen = 0

        async def limited_receive() -> Message:
            nonlocal seen
            msg = await receive()
            if msg["type"] == "http.request":
                seen += len(msg.get("body", b""))
                if seen > limit:
                    raise BodyTooLarge(message)
            return msg

        started = False

        async def tracking_send(msg: Message) -> None:
            nonlocal started
            if msg["type"] == "http.response.start":
                started = True
            await send(msg)

        try:
            await self.app(scope, limited_receive, tracking_send)
        except BodyTooLarge:
            if not started:
                await error_response(413, "body_too_large", message)(scope, receive, send)


class BodyTooLarge(Exception):
    pass


class RequestCountMiddleware:
    """Counts finished HTTP requests by route template and status for `ttsserve_requests_total`."""

    def __init__(self, app: ASGIApp, *, telemetry: Telemetry) -> None:
        self.app = app
        self.telemetry = telemetry

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        status = 500

        async def send_wrapper(msg: Message) -> None:
            nonlocal status
            if msg["type"] == "http.response.start":
                status = msg["status"]
            await send(msg)

        try:
            await self.app(scope, receive, send_wrapper)
        finally:
            route = scope.get("route")
            path = getattr(route, "path", None) or "unmatched"
            if path != "/metrics":
                self.telemetry.requests.labels(path, str(status)).inc()
