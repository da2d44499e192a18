"""The error hierarchy and the one table that maps each error to an HTTP status and a JSON body.

Every error a client can see is a `TTSError` subclass with a stable `code`; the API turns it into
`{"error": {"code": ..., "message": ...}}` with `status`. Nothing else decides status codes.
"""

from __future__ import annotations


class TTSError(Exception):
    """Base class: a typed error with a stable machine-readable code."""

    code = "internal_error"
    status = 500

    def __init__(self, message: str, *, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.headers = headers or {}

    def body(self) -> dict:
        return {"error": {"code": self.code, "message": self.message}}


# ----------------------------------------------------------------------------- request errors (4xx)
class TextError(TTSError):
    """The text cannot be spoken (empty, nothing speakable after normalization)."""

    code, status = "invalid_text", 422


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


class UnsupportedFormatError(TTSError):
    code, status = "unsupported_format", 422


# ----------------------------------------------------------------------------- capacity errors (503)
class QueueFullError(TTSError):
    code, status = "queue_full", 503


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


class RequestTimeoutError(TTSError):
    code, status = "timeout", 504


# ----------------------------------------------------------------------------- startup errors
class ConfigError(TTSError):
    """Invalid configuration found at startup (missing weights, unknown stage, impossible budget)."""

    code, status = "config_error", 500


class InternalError(TTSError):
    """An unexpected failure inside one job; the message never carries a stack trace."""

    code, status = "internal_error", 500


# The table (for docs and tests): code -> HTTP status.
ERROR_TABLE: dict[str, int] = {
    cls.code: cls.status
    for cls in (
        TextError,
        TextTooLongError,
        UnknownSymbolError,
        UnknownVoiceError,
        UnknownEmotionError,
        UnknownSpeakerError,
        UnsupportedFormatError,
        QueueFullError,
        ShuttingDownError,
        EngineUnavailableError,
        VoiceUnavailableError,
        OutOfMemoryError,
        RequestTimeoutError,
        InternalError,
    )
}
