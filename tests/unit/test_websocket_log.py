"""A key sent as `?token=` never reaches uvicorn's log lines (api/websocket.py installs the filter)."""

from __future__ import annotations

import logging

from ttsserve.server import install_log_filters as install_log_redaction


class Capture(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


def test_token_query_parameter_is_redacted_in_uvicorn_log_lines():
    install_log_redaction()
    install_log_redaction()  # idempotent: one filter
    logger = logging.getLogger("uvicorn.error")
    assert sum(type(f).__name__ == "RedactSecretsFilter" for f in logger.filters) == 1
    access = logging.getLogger("uvicorn.access")
    cap = Capture()
    old = logger.level, access.level
    for lg in (logger, access):
        lg.addHandler(cap)
        lg.setLevel(logging.INFO)
    try:  # the line uvicorn's websockets protocol writes on accept, and an access line
        logger.info('%s - "WebSocket %s" [accepted]', "127.0.0.1:5555", "/v1/audio/speech/stream?voice=x&token=sk-SECRET")
        access.info('%s - "%s %s HTTP/%s" %d', "127.0.0.1:5555", "GET",
                                                 "/v1/audio/speech/stream?token=sk-SECRET2", "1.1", 101)
    finally:
        for lg, level in zip((logger, access), old):
            lg.removeHandler(cap)
            lg.setLevel(level)
    assert cap.lines == ['127.0.0.1:5555 - "WebSocket /v1/audio/speech/stream?voice=x&token=***" [accepted]',
                         '127.0.0.1:5555 - "GET /v1/audio/speech/stream?token=*** HTTP/1.1" 101']
