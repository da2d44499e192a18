"""OpenAI-compatible speech API: `POST /v1/audio/speech` and `GET /v1/models`, so that the official
`openai` client (and tools built on it) can use ttsserve by pointing `base_url` at it.

Mapping decisions:
- `voice`: one of our voice names, or one of OpenAI's voice names (alloy, echo, ...), which all mean the
  server's default voice, so that unmodified clients work.
- `model`: "ttsserve" or OpenAI's model names (tts-1, tts-1-hd, gpt-4o-mini-tts); they are aliases.
- `speed`: OpenAI allows 0.25-4.0; we synthesize 0.5-2.0 and refuse the rest with 422 rather than
  silently clamping.
- `response_format`: wav, flac, pcm (raw 24 kHz s16le, as OpenAI defines it), opus, mp3 (all encoded by
  libsndfile); aac is refused (422): nothing in our stack encodes it.
- emotion: our extension field `emotion`, or `instructions` naming one of the voice's emotions
  ("happy", "speak in a gentle tone"); speaker: our extension field `speaker` (a multi-speaker voice's
  speaker; default its first).
- wav and pcm are streamed as they are produced when the voice's rate allows; the others come whole.
- `stream_format: "sse"`: server-sent events as OpenAI sends them: `speech.audio.delta` events (`audio`: base64 of
  the next bytes of the `response_format` stream), then one `speech.audio.done` with `usage` (`input_tokens`
  counts the input's characters; there are no audio tokens here, so `output_tokens` is 0). Accepted for every
  model alias (OpenAI refuses it for tts-1: we have one engine). An error after the stream started is a last
  `error` event (`{"type": "error", "error": {"code", "message"}}`); before it, the usual JSON status.
- SSML: an `input` that starts with `<speak` is read as SSML only when the server runs with `openai_ssml`
  (TTSSERVE_OPENAI_SSML=1); otherwise it is refused like any markup (422), as plain text always was.
"""

from __future__ import annotations

import base64
import dataclasses
import json
import logging
import re
import uuid
from typing import AsyncIterator, Literal

from fastapi import APIRouter, Request, Response
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, ConfigDict, Field, field_validator
from starlette.concurrency import run_in_threadpool

from ttsserve import audio
from ttsserve.api.deps import KEY, EngineDep, result_headers, stream_response, wait_for_disconnect
from ttsserve.engine.engine import Engine, SynthesisRequest, SynthesisResult
from ttsserve.errors import TTSError, UnknownModelError, UnsupportedFormatError, shorten

log = logging.getLogger(__name__)
router = APIRouter(tags=["OpenAI compatible"])
SSE_CHUNK_BYTES = 32 * 1024  # audio per delta event when the audio is encoded whole (mp3, flac, opus)

OPENAI_VOICES = {"alloy", "ash", "ballad", "coral", "echo", "fable", "onyx", "nova", "sage", "shimmer", "verse"}
MODELS = ("ttsserve", "tts-1", "tts-1-hd", "gpt-4o-mini-tts")
PCM_RATE_HZ = 24000


class SpeechRequest(BaseModel):
    model_config = ConfigDict(extra="ignore")  # OpenAI clients may send fields we do not use
    model: str
    input: str
    voice: str = "alloy"
    response_format: Literal["mp3", "opus", "aac", "flac", "wav", "pcm"] = "mp3"
    speed: float = Field(1.0, ge=0.25, le=4.0)
    instructions: str | None = None
    emotion: str | None = Field(None, description="ttsserve extension: one of the voice's emotions")
    speaker: str | None = Field(None, description="ttsserve extension: one of the voice's speakers (default: its first)")
    stream_format: Literal["audio", "sse"] | None = None

    @field_validator("speed")
    @classmethod
    def _supported_speed(cls, v: float) -> float:  # a request error (422 invalid_request), like /synthesize's
        if not 0.5 <= v <= 2.0:
            raise ValueError(f"speed {v:g} is outside the supported 0.5-2.0")
        return v


def _is_ssml(text: str) -> bool:
    from ttsserve.frontend.ssml import is_ssml  # the frontend's modules load on first use, not with the routes

    return is_ssml(text)


@router.get("/v1/models", dependencies=KEY, summary="Models (aliases of the one ttsserve engine)")
async def list_models() -> dict:
    return {"object": "list", "data": [{"id": m, "object": "model", "created": 0, "owned_by": "ttsserve"} for m in MODELS]}


@router.post("/v1/audio/speech", dependencies=KEY, response_class=Response, summary="OpenAI-compatible speech")
async def speech(body: SpeechRequest, request: Request, engine: EngineDep) -> Response:
    if body.model not in MODELS:
        raise UnknownModelError(f"unknown model {shorten(body.model)}; models: {', '.join(MODELS)}")
    if body.response_format == "aac":
        raise UnsupportedFormatError("aac is not supported; use mp3, opus, flac, wav or pcm")
    voice = engine.settings.default_voice if body.voice.lower() in OPENAI_VOICES else body.voice
    ssml = engine.settings.openai_ssml and _is_ssml(body.input)
    manifest = engine.validate(SynthesisRequest(text=body.input or " ", voice=voice, ssml=ssml)) if body.input.strip() else None
    emotion = body.emotion
    if emotion is None and body.instructions and manifest is not None:
        words = set(re.findall(r"[a-z]+", body.instructions.lower()))
        emotion = next((e for e in manifest.emotions if e in words), None)
    fmt = body.response_format
    native = manifest.sample_rate_hz if manifest else None
    req = SynthesisRequest(text=body.input, voice=voice, speaker=body.speaker, emotion=emotion, speed=body.speed,
                           sample_rate_hz=PCM_RATE_HZ if fmt == "pcm" else None, ssml=ssml)
    request_id = (request.headers.get("x-request-id") or uuid.uuid4().hex)[:64]
    if body.stream_format == "sse":
        return await sse_response(engine, req, request_id, fmt, streamable=fmt == "wav" or native == PCM_RATE_HZ,
                                  request=request)
    if fmt in ("wav", "pcm") and (fmt == "wav" or native == PCM_RATE_HZ):
        return await stream_response(engine, dataclasses.replace(req, sample_rate_hz=None), request_id, fmt,
                                     disconnected=lambda: wait_for_disconnect(request))
    result = await engine.synthesize(req, request_id=request_id, disconnected=lambda: wait_for_disconnect(request))
    payload = await run_in_threadpool(audio.encode, result.audio, result.sample_rate_hz, fmt)
    return Response(payload, media_type=audio.content_type(fmt, result.sample_rate_hz), headers=result_headers(result))


def _event(payload: dict) -> bytes:
    return b"data: " + json.dumps(payload, separators=(",", ":")).encode("utf-8") + b"\n\n"


def _delta(data: bytes) -> bytes:
    return _event({"type": "speech.audio.delta", "audio": base64.b64encode(data).decode("ascii")})


async def sse_response(engine: Engine, req: SynthesisRequest, request_id: str, fmt: str, *, streamable: bool,
                       request: Request) -> Response:
    """`stream_format: "sse"`: wav and pcm at the voice's own rate as the worker makes them; other formats (or
    pcm needing a resample to 24 kHz) synthesized whole, then sent in `SSE_CHUNK_BYTES` deltas. The first audio
    (or the whole result) is awaited before the response starts, so early failures keep their status."""
    usage = {"input_tokens": len(req.text), "output_tokens": 0, "total_tokens": len(req.text)}
    headers = {"X-Request-ID": request_id, "X-Voice": req.voice, "Cache-Control": "no-cache"}
    if streamable and fmt in ("wav", "pcm"):
        rate = engine.validate(req).sample_rate_hz
        pieces = engine.stream(dataclasses.replace(req, sample_rate_hz=None), request_id=request_id,
                               disconnected=lambda: wait_for_disconnect(request))
        first = await anext(pieces)
        headers["X-Sample-Rate-Hz"] = str(rate)

        async def body() -> AsyncIterator[bytes]:
            try:
                head = audio.wav_header_streaming(rate) if fmt == "wav" else b""
                item = first
                while not isinstance(item, SynthesisResult):
                    yield _delta(head + audio.to_int16(item).tobytes())
                    head = b""
                    item = await anext(pieces)
                yield _event({"type": "speech.audio.done", "usage": usage})
            except TTSError as exc:
                log.warning("sse stream %s failed after its start: %s", request_id, exc.message)
                yield _event({"type": "error", "error": {"code": exc.code, "message": exc.message}})
            finally:
                await pieces.aclose()  # cancels the job if the client went away

        return StreamingResponse(body(), media_type="text/event-stream", headers=headers)
    result = await engine.synthesize(req, request_id=request_id, disconnected=lambda: wait_for_disconnect(request))
    payload = await run_in_threadpool(audio.encode, result.audio, result.sample_rate_hz, fmt)
    headers.update(result_headers(result))

    async def whole() -> AsyncIterator[bytes]:
        for i in range(0, len(payload), SSE_CHUNK_BYTES):
            yield _delta(payload[i : i + SSE_CHUNK_BYTES])
        yield _event({"type": "speech.audio.done", "usage": usage})

    return StreamingResponse(whole(), media_type="text/event-stream", headers=headers)
