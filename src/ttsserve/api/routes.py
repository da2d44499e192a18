"""Route handlers: thin. Validation is in schemas, decisions in the engine, encoding in audio.py."""

from __future__ import annotations

import base64
import json
import logging
import uuid
from pathlib import Path
from typing import AsyncIterator

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse, JSONResponse, PlainTextResponse, StreamingResponse
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from starlette.concurrency import run_in_threadpool

from ttsserve import audio, captions
from ttsserve.api.deps import (
    KEY,
    EngineDep,
    StreamAborted,
    TelemetryDep,
    result_headers,
    open_stream,
    stream_response,
    wait_for_disconnect,
)
from ttsserve.api.schemas import (
    EmotionInfo,
    ErrorBody,
    FrontendRequest,
    HealthResponse,
    SpeakerDetail,
    SynthesizeRequest,
    TimestampsResponse,
    VoiceInfo,
    VoicesResponse,
)
from ttsserve.engine.engine import Engine, SynthesisRequest, SynthesisResult, TimingEvent
from ttsserve.errors import TTSError, UnsupportedFormatError

log = logging.getLogger(__name__)


router = APIRouter()

_ERRORS = {
    404: {"model": ErrorBody, "description": "Unknown voice"},
    413: {"model": ErrorBody, "description": "Text or body over the limit"},
    422: {"model": ErrorBody, "description": "Invalid request, text, speaker or emotion"},
    503: {"model": ErrorBody, "description": "Queue full (see Retry-After), shutting down, or out of memory"},
    504: {"model": ErrorBody, "description": "Synthesis did not finish in time"},
}


@router.post(
    "/synthesize",
    summary="Synthesize speech",
    dependencies=KEY,
    response_class=Response,
    responses={200: {"content": {"audio/wav": {}, "audio/flac": {}, "audio/ogg": {}, "audio/L16": {},
                                 "application/json": {"schema": TimestampsResponse.model_json_schema()},
                                 "application/x-ndjson": {}},
                     "description": "Encoded audio; per-request figures in X-* headers. With `timestamps`: JSON "
                                    "(audio base64 + character and word times), or NDJSON events when streamed"},
               **_ERRORS},
)
async def synthesize(body: SynthesizeRequest, request: Request, engine: EngineDep) -> Response:
    timestamps = body.timestamps or body.captions is not None
    req = SynthesisRequest(
        text=body.text, voice=body.voice or engine.settings.default_voice, speaker=body.speaker,
        emotion=body.emotion, speed=body.speed, pitch=body.pitch, volume=body.volume,
        sample_rate_hz=body.sample_rate_hz, seed=body.seed, timestamps=timestamps, ssml=body.text_type == "ssml",
    )
    request_id = (request.headers.get("x-request-id") or uuid.uuid4().hex)[:64]
    if body.stream and timestamps:
        if body.captions is not None:
            raise UnsupportedFormatError("captions come with a whole response; omit stream (or captions)")
        return await stream_timestamps(engine, req, request_id, body.format,
                                       disconnected=lambda: wait_for_disconnect(request))
    if body.stream:
        return await stream_response(engine, req, request_id, body.format,
                                     disconnected=lambda: wait_for_disconnect(request))
    result = await engine.synthesize(req, request_id=request_id, disconnected=lambda: wait_for_disconnect(request))
    if body.format == "wav" or body.format == "pcm":
        payload = audio.encode(result.audio, result.sample_rate_hz, body.format)
    else:  # FLAC/Vorbis take milliseconds per second of audio: keep them off the event loop
        payload = await run_in_threadpool(audio.encode, result.audio, result.sample_rate_hz, body.format)
    if timestamps:  # base64 and JSON of a long text's audio take a while: off the event loop
        answer = await run_in_threadpool(timestamps_json, result, payload, body)
        return Response(answer, media_type="application/json", headers=result_headers(result))
    return Response(payload, media_type=audio.content_type(body.format, result.sample_rate_hz),
                    headers=result_headers(result))


def timestamps_json(result: SynthesisResult, payload: bytes, body: SynthesizeRequest) -> bytes:
    t = result.timings
    answer = {"request_id": result.request_id, "audio_base64": base64.b64encode(payload).decode("ascii"),
              "format": body.format, "sample_rate_hz": result.sample_rate_hz,
              "audio_seconds": round(result.audio_seconds, 6), "characters": t.characters, "words": t.words}
    if body.captions is not None:
        answer["captions"] = captions.render(body.captions, t.characters, t.words, max_chars=body.caption_max_chars)
    return json.dumps(answer, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _line(event: dict) -> bytes:
    return (json.dumps(event, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


async def stream_timestamps(engine: Engine, req: SynthesisRequest, request_id: str, fmt: str,
                            disconnected=None) -> Response:
    """Streaming with timestamps: newline-delimited JSON (application/x-ndjson), one event per line:
    `start` (rate, encoding), `timing` (the characters and words of the audio that follows, sent before it),
    `audio` (base64 16-bit little-endian PCM), `end` (audio_seconds). Concatenating the `timing` events' lists
    gives exactly the non-streamed answer's. Errors as in `stream_response`."""
    rate, pieces, first = await open_stream(engine, req, request_id, fmt, disconnected)

    async def body() -> AsyncIterator[bytes]:
        try:
            yield _line({"type": "start", "request_id": request_id, "voice": req.voice, "sample_rate_hz": rate,
                         "encoding": "pcm_s16le"})
            item, samples = first, 0
            while not isinstance(item, SynthesisResult):
                if isinstance(item, TimingEvent):
                    yield _line({"type": "timing", "characters": item.timings.characters, "words": item.timings.words})
                else:
                    pcm = audio.to_int16(item)
                    samples += len(pcm)
                    yield _line({"type": "audio", "audio_base64": base64.b64encode(pcm.tobytes()).decode("ascii")})
                item = await anext(pieces)
            yield _line({"type": "end", "audio_seconds": round(samples / rate, 6)})
        except TTSError as exc:
            log.warning("stream %s aborted after its start: %s", request_id, exc.message)
            raise StreamAborted(exc.message) from None
        finally:
            await pieces.aclose()

    headers = {"X-Request-ID": request_id, "X-Voice": req.voice, "X-Sample-Rate-Hz": str(rate)}
    return StreamingResponse(body(), media_type="application/x-ndjson", headers=headers)


@router.get("/v1/voices", response_model=VoicesResponse, summary="Voices with speakers, emotions and load state",
            dependencies=KEY)
async def list_voices(engine: EngineDep) -> VoicesResponse:
    states = engine.voice_states()
    voices = []
    for name, m in engine.voices.items():
        st = states[name]
        voices.append(VoiceInfo(
            name=name, display_name=m.display_name or name, description=m.description, language=m.language,
            sample_rate_hz=m.sample_rate_hz, speakers=list(m.speakers),
            speaker_details=[SpeakerDetail(name=s, **(m.speaker_info[s].model_dump() if s in m.speaker_info else {}))
                             for s in m.speakers],
            emotions=[EmotionInfo(name=e, kind=spec.kind, description=spec.description) for e, spec in m.emotions.items()],
            default_emotion=m.default_emotion, license=m.license, acoustic=m.acoustic.type, vocoder=m.vocoder.type,
            loaded=st["tier"] == "compute", tier=st["tier"], available=st["error"] is None, error=st["error"],
        ))
    return VoicesResponse(default_voice=engine.settings.default_voice, voices=voices,
                          unavailable_voices={n: engine.unavailable_message(n) for n in engine.broken_voices})


@router.post("/v1/frontend", summary="Inspect normalization, sentence spans, pinyin and phones for a text",
             responses={k: v for k, v in _ERRORS.items() if k in (404, 413, 422)}, dependencies=KEY)
async def inspect_frontend(body: FrontendRequest, engine: EngineDep) -> dict:
    return await engine.inspect(body.text, body.voice, ssml=body.text_type == "ssml")


@router.get("/v1/memory", summary="Voice cache, placement and allocator state as JSON", dependencies=KEY)
async def memory(engine: EngineDep) -> dict:
    return engine.memory()


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
async def index() -> HTMLResponse:
    """A small page to try voices by ear (plain HTML + JS, no build step)."""
    return HTMLResponse((Path(__file__).resolve().parents[1] / "web" / "index.html").read_text(encoding="utf-8"))


@router.get("/healthz", response_model=HealthResponse, responses={503: {"model": HealthResponse}},
            summary="Liveness: the process answers and its synthesis worker has not failed")
async def healthz(engine: EngineDep) -> Response:
    ok, detail = engine.alive()
    body = HealthResponse(status="ok" if ok else "failed", detail=detail)
    return JSONResponse(body.model_dump(), status_code=200 if ok else 503)


@router.get("/readyz", response_model=HealthResponse, responses={503: {"model": HealthResponse}},
            summary="Readiness: worker running, default voice warm, queue not full")
async def readyz(engine: EngineDep) -> Response:
    ok, detail = engine.ready()
    body = HealthResponse(status="ready" if ok else "unavailable", detail=detail)
    return JSONResponse(body.model_dump(), status_code=200 if ok else 503)


@router.get("/metrics", response_class=PlainTextResponse, summary="Prometheus metrics")
async def metrics(telemetry: TelemetryDep, engine: EngineDep) -> Response:
    telemetry.queue_depth.set(engine.queue.qsize())
    telemetry.jobs_in_flight.set(engine.queue.unfinished_tasks)  # task_done() when a job leaves the scheduler
    return Response(generate_latest(telemetry.registry), media_type=CONTENT_TYPE_LATEST)
