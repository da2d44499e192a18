"""The app factory: `create_app(settings)` wires routes, error handlers and middleware; its lifespan starts
the Engine (and its worker thread) and stops it on shutdown. Nothing is built at import time.
"""

from __future__ import annotations

import asyncio
import gc
import logging
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi_offline import FastAPIOffline
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ttsserve import __version__
from ttsserve.allocator import configure_cuda_allocator, limit_malloc_arenas
from ttsserve.api.auth import ApiKeys, AuthMiddleware, open_paths
from ttsserve.api.deps import StreamAborted
from ttsserve.api.openai import router as openai_router
from ttsserve.api.routes import router
from ttsserve.api.websocket import OtherWebSocketsAsHTTP
from ttsserve.api.websocket import router as websocket_router
from ttsserve.engine.engine import Engine
from ttsserve.errors import (
    BodyTooLargeError,
    ClientTimeoutError,
    HTTPStatusError,
    InternalError,
    InvalidRequestError,
    MalformedBodyError,
    MethodNotAllowedError,
    NotFoundError,
    TTSError,
    safe_message,
    shorten,
)
from ttsserve.settings import Settings
from ttsserve.telemetry import Telemetry

log = logging.getLogger(__name__)


def error_response(status: int, code: str, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"error": {"code": code, "message": safe_message(message)}}, status_code=status,
                        headers=headers)


def respond(exc: TTSError, headers: dict[str, str] | None = None) -> JSONResponse:
    """The one way an error becomes a response: status, code and message from the error's class."""
    return error_response(exc.status, exc.code, exc.message, {**exc.headers, **(headers or {})} or None)


class _AbortedStreamLogs(logging.Filter):
    """Drops the traceback that uvicorn logs for `StreamAborted`: raising it out of a started body is how a stream
    that cannot be completed is cut (the client sees an incomplete chunked body), and `api/deps.py` has already
    logged why in one warning line. Without this, every stream cut under memory pressure wrote two tracebacks."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not (record.exc_info and isinstance(record.exc_info[1], StreamAborted))


_ABORTED_STREAM_LOGS = _AbortedStreamLogs()


def create_app(settings: Settings) -> FastAPI:
    limit_malloc_arenas(settings.malloc_arena_max)  # before the worker and thread pools start allocating
    configure_cuda_allocator(settings.cuda_alloc_conf)  # before the worker's first CUDA call
    telemetry = Telemetry()

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        # uvicorn has configured its loggers by now (a filter added before that would survive too: dictConfig
        # keeps a logger's filters); adding the same filter twice is a no-op
        logging.getLogger("uvicorn.error").addFilter(_ABORTED_STREAM_LOGS)
        engine = Engine(settings, telemetry)
        # Loading and warming the default voice takes seconds: off the event loop.
        await asyncio.to_thread(engine.start)
        app.state.engine = engine
        # Everything alive now (models' Python objects, the frontend's dictionaries: ~380k objects with the
        # default voice) lives as long as the server: out of the cyclic garbage collector's sight. Otherwise a
        # full collection walks them all, ~50-110 ms holding the interpreter lock, which stalls the worker and
        # the event loop alike; on an H100 it came every other benchmark pass as a ~200 ms first-audio p95
        # (docs/benchmarks.md, session 33). Unfrozen at shutdown, so an app started again in this process (tests)
        # leaves nothing uncollectable behind.
        if settings.gc_freeze:
            gc.collect()
            gc.freeze()
        log.info("ttsserve ready: default voice %r, voices %s", settings.default_voice, list(engine.voices))
        try:
            yield
        finally:
            try:
                await asyncio.to_thread(engine.stop)
            finally:
                gc.unfreeze()

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
    app.include_router(websocket_router)
    if settings.debug_memory:  # diagnostics only (api/debug.py): the routes do not exist otherwise
        from ttsserve.api import debug

        debug.start(settings.debug_memory_frames)
        app.include_router(debug.router)
        log.warning("debug_memory is on: tracemalloc traces every allocation and /debug/* is served")

    @app.exception_handler(TTSError)
    async def _tts_error(request: Request, exc: TTSError) -> JSONResponse:
        if exc.detail:
            log.warning("%s on %s %s: %s", exc.code, request.method, request.url.path, exc.detail)
        return respond(exc)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        parts = []
        for e in exc.errors()[:10]:
            # a location can be a client's own key (an unknown field): shortened like any echoed value
            loc = ".".join(p if isinstance(p, str) and len(p) <= 64 else shorten(p) for p in map(str, e.get("loc", ()))
                           if p != "body")
            parts.append(f"{loc}: {e['msg']}" if loc else e["msg"])
        return respond(InvalidRequestError("; ".join(parts) or "invalid request"))

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        if isinstance(exc.__cause__, BodyReadError):  # FastAPI wraps body-read errors in a 400
            return respond(exc.__cause__.error)
        if exc.status_code == 400 and exc.__cause__ is not None:  # FastAPI could not decode the body
            return respond(MalformedBodyError("request body is not valid JSON in UTF-8"))
        if exc.status_code == 404:
            return respond(NotFoundError(str(exc.detail)))
        if exc.status_code == 405:
            return respond(MethodNotAllowedError(str(exc.detail)), getattr(exc, "headers", None))
        return respond(HTTPStatusError(exc.status_code, str(exc.detail)), getattr(exc, "headers", None))

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        if not isinstance(exc, StreamAborted):  # a stream cut on purpose, logged where it was cut
            log.exception("unhandled error on %s %s", request.method, request.url.path)
        return respond(InternalError("internal server error"))

    app.add_middleware(BodyLimitMiddleware, max_body_bytes=settings.max_body_bytes, body_timeout_s=settings.body_timeout_s)
    app.add_middleware(AuthMiddleware, keys=app.state.api_keys, open_paths=open_paths(settings))  # before bodies
    app.add_middleware(RequestCountMiddleware, telemetry=telemetry)
    app.add_middleware(CatchAllMiddleware)  # outermost of ours: sees what every handler above missed
    app.add_middleware(OtherWebSocketsAsHTTP)  # a handshake on a path without a WebSocket route: plain HTTP
    return app


def uvicorn_config(app: ASGIApp, settings: Settings, **overrides: Any):
    """The uvicorn configuration of `ttsserve serve` (the e2e tests use it too)."""
    import uvicorn

    from ttsserve.server import uvicorn_options

    options: dict[str, Any] = dict(host=settings.host, port=settings.port, log_level=settings.log_level,
                                   timeout_graceful_shutdown=int(settings.shutdown_grace_s) or None,
                                   **uvicorn_options(settings, getattr(getattr(app, "state", None), "telemetry", None)))
    options.update(overrides)
    return uvicorn.Config(app, **options)


class CatchAllMiddleware:
    """An unexpected exception becomes a JSON 500 here, and goes no further. Starlette's outer error middleware
    would answer it too, but then re-raise it to uvicorn, which closes the connection: the client's next
    request on that keep-alive connection was reset. After the response has started, only closing the
    connection is honest (a short body must not look complete), so then the exception goes on."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        tracking_send = StartTracker(send)

        try:
            await self.app(scope, receive, tracking_send)
        except asyncio.CancelledError:
            task = asyncio.current_task()
            if tracking_send.started or (task is not None and task.cancelling()):
                raise  # a real cancellation (shutdown), or a stream to abort
            # The engine's "client disconnected": nobody is left to answer, and it is no error of ours (uvicorn
            # would log a traceback for each such client).
            log.debug("client left before its response: %s %s", scope.get("method"), scope.get("path"))
        except Exception:
            if tracking_send.started:
                raise
            log.exception("unhandled error on %s %s", scope.get("method"), scope.get("path"))
            await respond(InternalError("internal server error"))(scope, receive, send)


class BodyLimitMiddleware:
    """Refuses request bodies over the limit with 413, by Content-Length or while the body streams in, and
    bodies that do not arrive within `body_timeout_s` of the request's start with 408 (the connection is then
    closed: the rest of that body may still come)."""

    def __init__(self, app: ASGIApp, *, max_body_bytes: int, body_timeout_s: float = 30.0) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes
        self.body_timeout_s = body_timeout_s

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        limit = self.max_body_bytes
        message = f"request body is over the limit of {limit} bytes"
        for name, value in scope.get("headers", ()):
            if name == b"content-length" and value.isdigit() and int(value) > limit:
                return await respond(BodyTooLargeError(message))(scope, receive, send)
        seen = 0
        body_done = False
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.body_timeout_s

        async def limited_receive() -> Message:
            nonlocal seen, body_done
            if body_done:  # later receives wait for the client to leave: no deadline
                return await receive()
            try:
                msg = await asyncio.wait_for(receive(), max(deadline - loop.time(), 0.0))
            except asyncio.TimeoutError:
                raise BodyReadError(ClientTimeoutError(
                    f"the request body did not arrive within {self.body_timeout_s:g} s",
                    headers={"Connection": "close"})) from None
            if msg["type"] == "http.request":
                seen += len(msg.get("body", b""))
                if seen > limit:
                    raise BodyReadError(BodyTooLargeError(message))
                body_done = not msg.get("more_body", False)
            return msg

        tracking_send = StartTracker(send)

        try:
            await self.app(scope, limited_receive, tracking_send)
        except BodyReadError as exc:
            if not tracking_send.started:
                await respond(exc.error)(scope, receive, send)


class StartTracker:
    """`send` for an ASGI app, remembering whether the response has started (after that, an error can only
    close the connection: a short body must not look complete)."""

    def __init__(self, send: Send) -> None:
        self.send, self.started = send, False

    async def __call__(self, msg: Message) -> None:
        if msg["type"] == "http.response.start":
            self.started = True
        await self.send(msg)


class BodyReadError(Exception):
    """Raised out of `receive` by BodyLimitMiddleware; carries the error to answer with."""

    def __init__(self, error: TTSError) -> None:
        super().__init__(error.message)
        self.error = error


class RequestCountMiddleware:
    """Counts finished HTTP requests by route template and status for `ttsserve_requests_total`."""

    def __init__(self, app: ASGIApp, *, telemetry: Telemetry) -> None:
        self.app = app
        self.telemetry = telemetry

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        status: int | None = None
        client_left = False

        async def send_wrapper(msg: Message) -> None:
            nonlocal status
            if msg["type"] == "http.response.start":
                status = msg["status"]
            await send(msg)

        try:
            await self.app(scope, receive, send_wrapper)
        except asyncio.CancelledError:
            client_left = True
            raise
        finally:
            route = scope.get("route")
            path = getattr(route, "path", None) or "unmatched"
            if path != "/metrics":  # 499: the client left before its response (nginx's code); not a server error
                label = str(status) if status is not None else ("499" if client_left else "500")
                self.telemetry.requests.labels(path, label).inc()
