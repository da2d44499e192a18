"""The HTTP server's own guards, below the app: uvicorn's h11 protocol with
- a connection cap (`max_connections`): a connection beyond it gets a JSON 503 `too_many_connections` and is
  closed, so that clients holding sockets open cannot take the process to its file-descriptor limit;
- a header deadline (`header_timeout_s`): a connection must deliver a request's headers within this many
  seconds of opening (or of its previous response), however slowly it drips them, or it is closed (with a
  JSON 408 `client_timeout` when it had sent part of a request): idle and half-sent connections are not held;
- JSON bodies for what uvicorn answers itself (a request it cannot parse: 400 `bad_request`).
The body deadline lives in the app (`app.BodyLimitMiddleware`), where bodies are read. `serve()` adds the
shutdown drain. The settings and their reasons: docs/reliability.md.
"""

from __future__ import annotations

import json
import logging
import re
import resource
import signal
import threading
import time
from typing import Any

from uvicorn.protocols.http.h11_impl import H11Protocol

from ttsserve.errors import BadHTTPRequestError, ClientTimeoutError, ConfigError, TooManyConnectionsError, TTSError

log = logging.getLogger(__name__)

WRITE_OUT_S = 5  # after the drain: how long uvicorn waits for the last responses to be written
FD_HEADROOM = 256  # descriptors besides connections: weights, logs, frontend processes' pipes, the listener
REFUSAL_LOG_EVERY_S = 10.0  # one log line per this many seconds while connections are refused, not one each


def raw_response(error: TTSError, extra_headers: dict[str, str] | None = None) -> bytes:
    """A complete HTTP/1.1 response with the JSON error body, for writing to a socket that is then closed
    (no request may have been parsed yet, so h11 cannot frame it)."""
    body = json.dumps(error.body(), ensure_ascii=False).encode("utf-8")
    from http import HTTPStatus

    headers = {"content-type": "application/json", "content-length": str(len(body)), "connection": "close",
               **error.headers, **(extra_headers or {})}
    head = f"HTTP/1.1 {error.status} {HTTPStatus(error.status).phrase}\r\n" + "".join(
        f"{k}: {v}\r\n" for k, v in headers.items()) + "\r\n"
    return head.encode("latin-1") + body


class GuardedH11Protocol(H11Protocol):
    """uvicorn's h11 protocol with the cap, the header deadline and JSON 400s (see the module docstring).
    `protocol_class()` makes a subclass carrying the limits."""

    max_connections = 1000
    header_timeout_s = 10.0
    retry_after_s = 1
    telemetry: Any = None  # ttsserve.telemetry.Telemetry, when the app has one
    _last_refusal_log = 0.0
    _refused_since_log = 0

    def connection_made(self, transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._header_timer = None
        self._seen_cycle = None
        self._request_bytes = 0  # bytes received since the last response (a request on its way)
        if self.telemetry is not None:
            self.telemetry.open_connections.set(len(self.connections))
        if len(self.connections) > self.max_connections:
            self._count("too_many_connections")
            self._refuse()
            return
        self._arm_header_timer()

    def _count(self, reason: str) -> None:
        if self.telemetry is not None:
            self.telemetry.connections_closed.labels(reason).inc()

    def _refuse(self) -> None:
        cls = type(self)
        cls._refused_since_log += 1
        now = time.monotonic()
        if now - cls._last_refusal_log >= REFUSAL_LOG_EVERY_S:
            log.warning("max_connections (%d) reached: refused %d connection(s) in the last %.0f s",
                        self.max_connections, cls._refused_since_log, now - cls._last_refusal_log
                        if cls._last_refusal_log else 0.0)
            cls._last_refusal_log, cls._refused_since_log = now, 0
        error = TooManyConnectionsError(f"the server holds its limit of {self.max_connections} connections; "
                                        "retry later", headers={"Retry-After": str(self.retry_after_s)})
        self.transport.write(raw_response(error))
        self.transport.close()

    # ------------------------------------------------------------------ header deadline
    def _arm_header_timer(self) -> None:
        self._cancel_header_timer()
        self._request_bytes = 0
        self._header_timer = self.loop.call_later(self.header_timeout_s, self._header_timeout)

    def _cancel_header_timer(self) -> None:
        if self._header_timer is not None:
            self._header_timer.cancel()
            self._header_timer = None

    def _header_timeout(self) -> None:
        self._header_timer = None
        if self.transport.is_closing():
            return
        if self.cycle is not None and not self.cycle.response_complete:
            return  # a request is being answered: its body has its own deadline in the app
        self._count("header_timeout")
        if self._request_bytes:  # part of a request arrived: say why it is closed
            self.transport.write(raw_response(ClientTimeoutError(
                f"the request headers did not arrive within {self.header_timeout_s:g} s")))
        self.transport.close()

    def data_received(self, data: bytes) -> None:
        self._request_bytes += len(data)
        super().data_received(data)

    def handle_events(self) -> None:
        super().handle_events()
        if self.cycle is not None and self.cycle is not self._seen_cycle:  # a request's headers arrived
            self._seen_cycle = self.cycle
            self._cancel_header_timer()

    def handle_websocket_upgrade(self, event) -> None:  # type: ignore[override]
        # The connection becomes the WebSocket protocol's, with its own timeouts (api/websocket.py); left armed,
        # the header deadline would close the WebSocket header_timeout_s after it opened.
        self._cancel_header_timer()
        super().handle_websocket_upgrade(event)

    def on_response_complete(self) -> None:
        if not self.transport.is_closing():
            self._arm_header_timer()  # the next request on this connection has the same deadline
        super().on_response_complete()

    def connection_lost(self, exc: Exception | None) -> None:
        self._cancel_header_timer()
        super().connection_lost(exc)
        if self.telemetry is not None:
            self.telemetry.open_connections.set(len(self.connections))

    # ------------------------------------------------------------------ uvicorn's own answers, as JSON
    def send_400_response(self, msg: str) -> None:
        self._cancel_header_timer()
        self._count("bad_request")
        self.transport.write(raw_response(BadHTTPRequestError(f"the HTTP request could not be parsed: {msg}")))
        self.transport.close()


def protocol_class(*, max_connections: int, header_timeout_s: float, retry_after_s: int,
                   telemetry: Any = None) -> type[GuardedH11Protocol]:
    return type("GuardedH11Protocol", (GuardedH11Protocol,), {
        "max_connections": max_connections, "header_timeout_s": header_timeout_s, "retry_after_s": retry_after_s,
        "telemetry": telemetry, "_last_refusal_log": 0.0, "_refused_since_log": 0})


def ensure_fd_limit(max_connections: int) -> None:
    """Each connection holds a file descriptor: raise the soft limit to fit `max_connections` plus headroom (up
    to the hard limit), or refuse to start with the numbers, rather than fail at accept() under load."""
    needed = max_connections + FD_HEADROOM
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft != resource.RLIM_INFINITY and soft < needed:
        if hard != resource.RLIM_INFINITY and hard < needed:
            raise ConfigError(f"max_connections {max_connections} needs {needed} file descriptors; the hard "
                              f"limit is {hard}: lower max_connections or raise the limit (ulimit -n)")
        resource.setrlimit(resource.RLIMIT_NOFILE, (needed, hard))


# Query parameters that carry secrets: their values never reach the access log.
_SECRET_QUERY = re.compile(r"(?i)((?:^|[?&])(?:api[_-]?key|key|token|access[_-]?token|auth|authorization|"
                           r"password|secret)=)[^&\s\"]*")


class RedactSecretsFilter(logging.Filter):
    """uvicorn's access log line, and its WebSocket lines (on uvicorn.error: '"WebSocket /path?token=..."
    [accepted]'), carry the query string: a key sent as `?api_key=...` or `?token=...` is replaced by ***."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple) and record.args:
            record.args = tuple(_SECRET_QUERY.sub(r"\1***", a) if isinstance(a, str) else a for a in record.args)
        return True


def install_log_filters() -> None:
    for name in ("uvicorn.access", "uvicorn.error"):
        logger = logging.getLogger(name)
        if not any(isinstance(f, RedactSecretsFilter) for f in logger.filters):
            logger.addFilter(RedactSecretsFilter())


def uvicorn_options(settings: Any, telemetry: Any = None) -> dict[str, Any]:
    """The limits of `settings` as uvicorn options (used by app.uvicorn_config); `telemetry` counts closes."""
    from ttsserve.api.websocket import ws_server_options

    ensure_fd_limit(settings.max_connections)
    install_log_filters()
    return dict(
        http=protocol_class(max_connections=settings.max_connections, header_timeout_s=settings.header_timeout_s,
                            retry_after_s=settings.retry_after_s, telemetry=telemetry),
        # WebSocket support for /v1/audio/speech/stream (api/websocket.py says which implementation and why)
        **ws_server_options(settings),
        timeout_keep_alive=settings.keep_alive_timeout_s,
        h11_max_incomplete_event_size=settings.max_header_bytes,
    )


def serve(app: Any, settings: Any) -> None:
    """Run uvicorn with the guards above and a drain on SIGTERM/SIGINT: the listener stays open while queued
    and running jobs get `shutdown_grace_s` to finish; meanwhile new jobs get a JSON 503 `shutting_down` (with
    Retry-After) and /readyz 503. Jobs still unfinished at the deadline are failed cleanly (JSON 503; a stream
    already started is aborted), then uvicorn stops listening, writes the last responses (`WRITE_OUT_S`) and
    exits: at most shutdown_grace_s + WRITE_OUT_S + a little, which the compose file's stop_grace_period covers.
    A second signal exits at once."""
    import uvicorn

    from ttsserve.app import uvicorn_config

    class DrainingServer(uvicorn.Server):
        """uvicorn's server whose first SIGTERM/SIGINT drains the engine before the usual exit."""

        draining = threading.Event()

        def drain_then_exit(self, sig: int) -> None:
            engine = app.state.engine
            t0 = time.monotonic()
            try:
                engine.stop()  # waits up to shutdown_grace_s, then fails what is left with ShuttingDownError
            except Exception:  # noqa: BLE001 - the exit must happen anyway
                log.exception("draining the engine failed")
            log.info("drained in %.1f s; stopping the HTTP server", time.monotonic() - t0)
            super().handle_exit(sig, None)  # sets uvicorn's exit flag, which its main loop polls

        def handle_exit(self, sig: int, frame: Any) -> None:
            engine = getattr(app.state, "engine", None)
            if engine is None or self.draining.is_set():  # still starting up, or a second signal: stop now
                if engine is not None:
                    engine.accepting = False
                super().handle_exit(sig, frame)
                return
            self.draining.set()
            engine.accepting = False  # from now on new jobs get 503 shutting_down; /readyz says so
            log.info("%s: draining (up to %.0f s), then stopping", signal.Signals(sig).name, settings.shutdown_grace_s)
            threading.Thread(target=self.drain_then_exit, args=(sig,), name="ttsserve-drain", daemon=True).start()

    DrainingServer(uvicorn_config(app, settings, timeout_graceful_shutdown=WRITE_OUT_S)).run()
