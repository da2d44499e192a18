"""The error hierarchy and the one table that maps each error to an HTTP status and a JSON body.

Every error a client can see is a `TTSError` subclass with a stable `code`, defined here (the API's own
errors, the framework's 404/405/400 and the HTTP server's own refusals included); the API turns it into
`{"error": {"code": ..., "message": ...}}` with `status`. Nothing else decides status codes. Messages never
carry file paths or library error text (those go to the server log), and echo client input shortened.
"""

from __future__ import annotations

MAX_MESSAGE_CHARS = 1000  # an error body stays small whatever the client sent
MAX_ECHO_CHARS = 64  # a client's value (voice name, field name) is echoed at most this long


def shorten(value: object, limit: int = MAX_ECHO_CHARS) -> str:
    """`repr` of a client's value for a message, cut to `limit` characters (repr escapes lone surrogates)."""
    text = value if isinstance(value, str) else str(value)
    return repr(text if len(text) <= limit else text[:limit] + "…")


def log_value(value: object) -> str:
    """A client's value for a log line: as it is when short, printable and without spaces (every real voice name,
    every generated request id), else `shorten`ed, so that no request can write a 100 KB log line or a line
    break (a second, forged log line)."""
    text = value if isinstance(value, str) else str(value)
    if len(text) <= MAX_ECHO_CHARS and text.isprintable() and not any(c.isspace() for c in text):
        return text
    return shorten(text).replace(" ", "\\x20")


def safe_message(message: str) -> str:
    """A message that serializes (no lone surrogates) and stays under MAX_MESSAGE_CHARS."""
    message = message.encode("utf-8", "backslashreplace").decode("utf-8")
    return message if len(message) <= MAX_MESSAGE_CHARS else message[: MAX_MESSAGE_CHARS - 1] + "…"


class TTSError(Exception):
    """Base class: a typed error with a stable machine-readable code. `detail`: what the server log gets
    beyond the client's message (a path, a library's error text); never sent to the client."""

    code = "internal_error"
    status = 500

    def __init__(self, message: str, *, headers: dict[str, str] | None = None, detail: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.headers = headers or {}
        self.detail = detail

    def body(self) -> dict:
        return {"error": {"code": self.code, "message": safe_message(self.message)}}


# ----------------------------------------------------------------------------- request errors (4xx)
class TextError(TTSError):
    """The text cannot be spoken (empty, nothing speakable after normalization)."""

    code, status = "invalid_text", 422


class SsmlError(TextError):
    """SSML that does not parse, is unsafe (a DTD, entities), or uses an element or attribute we do not support;
    the message names the element and its position."""

    code = "invalid_ssml"


class TextTooLongError(TTSError):
    code, status = "text_too_long", 413


class UnknownSymbolError(TTSError):
    """The frontend produced a symbol the acoustic model was not trained on."""

    code, status = "unknown_symbol", 422


class UnknownVoiceError(TTSError):
    code, status = "unknown_voice", 404


class UnknownEmotionError(TTSError):
    code, status = "unknown_emotion", 422


class UnknownSpeakerError(TTSError):
    code, status = "unknown_speaker", 422


class TimestampsUnavailableError(TTSError):
    """The voice's symbol set or the frontend cannot say which text a symbol reads (a third-party stage)."""

    code, status = "timestamps_unavailable", 422


class UnsupportedFormatError(TTSError):
    code, status = "unsupported_format", 422


class UnknownModelError(TTSError):
    """`POST /v1/audio/speech` named a model that is none of ttsserve's aliases."""

    code, status = "model_not_found", 404


class InvalidRequestError(TTSError):
    """Schema violations: wrong types, out-of-range values, unknown fields, JSON that does not parse."""

    code, status = "invalid_request", 422


class MalformedBodyError(TTSError):
    """The body is not UTF-8 JSON at all."""

    code, status = "invalid_request", 400


class BadHTTPRequestError(TTSError):
    """The HTTP server could not parse the request (malformed request line, headers or chunking)."""

    code, status = "bad_request", 400


class BodyTooLargeError(TTSError):
    code, status = "body_too_large", 413


class NotFoundError(TTSError):
    code, status = "not_found", 404


class MethodNotAllowedError(TTSError):
    code, status = "method_not_allowed", 405


class HTTPStatusError(TTSError):
    """Any other 4xx the web framework raises on its own (none is known to be reachable): sent with its status."""

    code, status = "http_error", 400

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


class UnauthorizedError(TTSError):
    code, status = "unauthorized", 401


class RateLimitedError(TTSError):
    code, status = "rate_limited", 429


class ClientTimeoutError(TTSError):
    """The client did not send its request headers or body in time."""

    code, status = "client_timeout", 408


# ----------------------------------------------------------------------------- capacity errors (503)
class QueueFullError(TTSError):
    code, status = "queue_full", 503


class OverloadedError(TTSError):
    """Admission control (engine/admission.py): the wait this request would see, from the work already admitted
    and the measured service rate, is longer than it may wait; refused at once instead of timing out late."""

    code, status = "overloaded", 503


class ShuttingDownError(TTSError):
    code, status = "shutting_down", 503


class EngineUnavailableError(TTSError):
    code, status = "engine_unavailable", 503


class VoiceUnavailableError(TTSError):
    """The voice exists but could not be loaded (corrupt weights, ...); other voices keep serving."""

    code, status = "voice_unavailable", 503


class OutOfMemoryError(TTSError):
    """CUDA OOM that survived recovery (evict, empty cache, smaller chunks)."""

    code, status = "out_of_memory", 503


class TooManyConnectionsError(TTSError):
    """The HTTP server holds `max_connections` connections already."""

    code, status = "too_many_connections", 503


class RequestTimeoutError(TTSError):
    code, status = "timeout", 504


# ----------------------------------------------------------------------------- startup errors
class ConfigError(TTSError):
    """Invalid configuration found at startup (missing weights, unknown stage, impossible budget)."""

    code, status = "config_error", 500


class InternalError(TTSError):
    """An unexpected failure inside one job; the message never carries a stack trace."""

    code, status = "internal_error", 500


def _all_errors(cls: type[TTSError] = TTSError) -> list[type[TTSError]]:
    found = []
    for sub in cls.__subclasses__():
        found += [sub, *_all_errors(sub)]
    return found


def error_table() -> dict[str, set[int]]:
    """code -> the HTTP statuses it is sent with (one, except `invalid_request`: 400 or 422), over every error
    class defined (the test suite checks that each response the API sends is in it)."""
    table: dict[str, set[int]] = {}
    for cls in [TTSError, *_all_errors()]:
        if cls is not ConfigError:  # startup only: never an HTTP response
            table.setdefault(cls.code, set()).add(cls.status)
    return table


ERROR_TABLE = error_table()
