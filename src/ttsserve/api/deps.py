"""What the route modules share: the FastAPI dependencies (the app's Engine and Telemetry), the routes'
`dependencies=KEY` list, the client-disconnect watcher, and the synthesis responses both speech routes send
(the X-* headers of a result, the chunked audio stream). `routes.py` and `openai.py` both import from here,
not from each other."""

from __future__ import annotations

import logging
from typing import Annotated, AsyncIterator

from fastapi import Depends, Request, Response
from fastapi.responses import StreamingResponse

from ttsserve import audio
from ttsserve.engine.engine import Engine, SynthesisRequest, SynthesisResult
from ttsserve.errors import TTSError, UnsupportedFormatError
from ttsserve.telemetry import Telemetry

log = logging.getLogger(__name__)

KEY: list = []  # API keys are checked before routing, by api.auth.AuthMiddleware


# `async def`: FastAPI runs a plain `def` dependency in its thread pool, a thread hop per request for a lookup
async def get_engine(request: Request) -> Engine:
    return request.app.state.engine


async def get_telemetry(request: Request) -> Telemetry:
    return request.app.state.telemetry


EngineDep = Annotated[Engine, Depends(get_engine)]
TelemetryDep = Annotated[Telemetry, Depends(get_telemetry)]


async def wait_for_disconnect(request: Request) -> None:
    """Completes when the client goes away (the request body has already been read)."""
    while True:
        message = await request.receive()
        if message["type"] == "http.disconnect":
            return


class StreamAborted(RuntimeError):
    """Raised out of a streamed body whose audio cannot be completed: the server closes the connection."""


def result_headers(result: SynthesisResult) -> dict[str, str]:
    return {
        "X-Request-ID": result.request_id,
        "X-Voice": result.voice,
        "X-Emotion": result.emotion,
        "X-Audio-Seconds": f"{result.audio_seconds:.3f}",
        "X-Synthesis-Seconds": f"{result.synth_s:.4f}",
        "X-Queue-Wait-Seconds": f"{result.wait_s:.4f}",
        "X-Peak-VRAM-Bytes": str(result.stats.peak_allocated_bytes),
        "X-Sample-Rate-Hz": str(result.sample_rate_hz),
    }


async def open_stream(engine: Engine, req: SynthesisRequest, request_id: str, fmt: str, disconnected=None):
    """A stream's rate, its pieces and the first of them, awaited before any response starts (so that an early
    failure still gets its own status and JSON body). wav and pcm only."""
    if fmt not in ("wav", "pcm"):
        raise UnsupportedFormatError(f"streaming supports wav and pcm, not {fmt}")
    rate = engine.validate(req).sample_rate_hz
    pieces = engine.stream(req, request_id=request_id, disconnected=disconnected)
    return rate, pieces, await anext(pieces)


async def stream_response(engine: Engine, req: SynthesisRequest, request_id: str, fmt: str,
                          disconnected=None) -> Response:
    """Chunked audio as the worker produces it. The first piece is awaited before the response starts, so
    a request that fails early (bad text, queue full) still gets its proper status and JSON body; a client
    that leaves meanwhile (`disconnected`) cancels its queued job."""
    rate, pieces, first = await open_stream(engine, req, request_id, fmt, disconnected)

    async def body() -> AsyncIterator[bytes]:
        try:
            # the header goes out with the first piece (one write; the piece was here before the response began)
            head = audio.wav_header_streaming(rate) if fmt == "wav" else b""
            item = first
            while not isinstance(item, SynthesisResult):
                yield head + audio.to_int16(item).tobytes()
                head = b""
                item = await anext(pieces)
            if head:  # (a stream without audio is still a WAV)
                yield head
        except TTSError as exc:
            # Headers are gone: the only honest signal left is to abort the connection, so that the client
            # sees an incomplete chunked body instead of a short stream that looks complete.
            log.warning("stream %s aborted after its start: %s", request_id, exc.message)
            raise StreamAborted(exc.message) from None
        finally:
            await pieces.aclose()  # cancels the job if the client went away mid-stream

    headers = {"X-Request-ID": request_id, "X-Voice": req.voice, "X-Sample-Rate-Hz": str(rate)}
    return StreamingResponse(body(), media_type=audio.content_type(fmt, rate), headers=headers)
