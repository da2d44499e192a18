"""`/v1/audio/speech/stream`: text in as it is written (an LLM's tokens), audio out clause by clause, over one
WebSocket that carries many utterances. The protocol is in docs/websocket.md.

Each complete clause (frontend/clauses.py) becomes an engine streaming job at once, so the first clause is
spoken while the next is still arriving; up to `ws_lookahead_clauses` jobs of a connection are queued or running,
and audio goes out in clause order. Memory per connection is bounded: one unfinished clause of text, at most
`ws_max_pending_chars` of text waiting to be spoken, the lookahead clauses' audio, and the socket's write buffer,
since every send waits for the client to take the frame (a client that takes none for `ws_send_timeout_s` is
cut off). A disconnect, `cancel` or a closed connection cancels the jobs through the engine (`Engine.stream`'s
close). This module never imports torch.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
import time
import uuid
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
from fastapi import APIRouter, WebSocket
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from starlette.websockets import WebSocketDisconnect, WebSocketState

from ttsserve import audio
from ttsserve.api.auth import ApiKeys
from ttsserve.engine.engine import Engine, SynthesisRequest, SynthesisResult, TimingEvent
from ttsserve.errors import InvalidRequestError, TextTooLongError, TTSError, UnsupportedFormatError, safe_message, shorten
from ttsserve.frontend.clauses import ClauseSegmenter

log = logging.getLogger(__name__)

ROUTE = "/v1/audio/speech/stream"
SUBPROTOCOL = "ttsserve"  # accepted when offered (a browser that offers subprotocols needs one chosen)
KEY_SUBPROTOCOL = "bearer."  # a browser's way to send the key: new WebSocket(url, ["ttsserve", "bearer.KEY"])
_SENTENCE_END = re.compile(r"[。！？；!?;\n][”’」』)）\"'\s]*$")

router = APIRouter()


def ws_server_options(settings: Any) -> dict[str, Any]:
    """uvicorn options for this route: the websockets protocol (its sends wait for the socket's write buffer to
    drain, which is our back-pressure), the message size limit, keep-alive pings that find dead peers, and no
    per-message compression (PCM hardly compresses; zlib state costs memory per connection)."""
    return dict(ws="websockets", ws_max_size=settings.ws_max_message_bytes, ws_max_queue=16,
                ws_ping_interval=20.0, ws_ping_timeout=20.0, ws_per_message_deflate=False)


class StreamConfig(BaseModel):
    """A `config` message: every field optional; the fields sent replace the connection's current ones."""

    model_config = ConfigDict(extra="forbid")
    type: Literal["config"]
    voice: str | None = None
    speaker: str | None = None
    emotion: str | None = None
    speed: float = Field(1.0, ge=0.5, le=2.0)
    pitch: float = Field(1.0, ge=0.5, le=2.0)
    volume: float = Field(1.0, ge=0.0, le=2.0)
    format: Literal["pcm"] = "pcm"
    sample_rate_hz: int | None = None
    timestamps: bool = False


class SlowClientError(Exception):
    """The client did not take a frame within ws_send_timeout_s."""


@dataclass
class Clause:
    utterance: int
    index: int  # in its utterance
    start: int  # [start, end) in the utterance's text (code points)
    end: int
    text: str
    request: SynthesisRequest
    completed_at: float  # time.perf_counter() when the delta that completed it arrived


@dataclass
class UtteranceEnd:
    utterance: int


@dataclass
class Started:
    clause: Clause
    stream: Any  # the Engine.stream async generator
    first: asyncio.Future  # its first item (submitting the job is part of getting it)


@dataclass
class _Playback:
    utterance: int = -1
    rate_hz: int = 1
    samples: int = 0  # audio of the current utterance sent so far
    clauses: int = 0
    last_ended_sentence: bool = False


class Session:
    """One connection: a receiving task (messages -> clauses), a submitting task (clauses -> engine jobs, at most
    `ws_lookahead_clauses` at once) and a playing task (jobs -> frames, in order)."""

    def __init__(self, websocket: WebSocket, engine: Engine) -> None:
        self.ws = websocket
        self.engine = engine
        self.settings = engine.settings
        self.telemetry = engine.telemetry
        self.id = uuid.uuid4().hex[:12]
        self.config: dict[str, Any] = {"voice": self.settings.default_voice}
        self.segmenter = ClauseSegmenter(self.settings.frontend.max_sentence_chars, self._word_ends)
        self.utterance = 0  # number of the utterance text is going to
        self.utterance_request: SynthesisRequest | None = None  # the config an utterance started with
        self.clause_count = 0
        self.pending_chars = 0  # text queued or being spoken
        self.closing: asyncio.Future = asyncio.get_running_loop().create_future()  # result: the close reason
        self._send_lock = asyncio.Lock()
        self._tokenizer = None
        self._tasks: list[asyncio.Task] = []
        self._start_speaking()

    # ------------------------------------------------------------------ lifecycle
    async def run(self) -> str:
        receiver = asyncio.ensure_future(self._receive_loop())
        try:
            await self.closing
        finally:
            receiver.cancel()
            await asyncio.gather(receiver, return_exceptions=True)
            await self._stop_speaking()
        reason = self.closing.result()
        if reason in ("idle_timeout", "send_timeout", "server_error") and self.ws.client_state == WebSocketState.CONNECTED:
            code, text = {"idle_timeout": (1000, "idle timeout"), "send_timeout": (1008, "client is not reading"),
                          "server_error": (1011, "internal error")}[reason]
            try:  # a client that reads nothing cannot take the close frame either: the protocol aborts it
                await asyncio.wait_for(self.ws.close(code, text), timeout=self.settings.ws_send_timeout_s)
            except Exception:  # noqa: BLE001 - it is gone either way
                pass
        return reason

    def _close(self, reason: str) -> None:
        if not self.closing.done():
            self.closing.set_result(reason)

    def _start_speaking(self) -> None:
        self._stopping = False
        self.clauses: asyncio.Queue = asyncio.Queue()
        self.started: asyncio.Queue = asyncio.Queue()
        self.slots = asyncio.Semaphore(self.settings.ws_lookahead_clauses)
        self.playing: Started | None = None
        self.playback = _Playback()
        self._tasks = [asyncio.ensure_future(self._guard(self._submit_loop())),
                       asyncio.ensure_future(self._guard(self._play_loop()))]

    async def _stop_speaking(self) -> None:
        self._stopping = True
        # Cancel until they have stopped: a cancellation that lands where it is swallowed (asyncio.wait_for on
        # Python 3.11 when its inner future is already done, as Engine.stream once used) must not leave one running.
        while pending := [t for t in self._tasks if not t.done()]:
            for t in pending:
                t.cancel()
            await asyncio.wait(pending, timeout=0.05)
        leftovers = [self.playing] if self.playing else []
        while not self.started.empty():
            leftovers.append(self.started.get_nowait())
        for s in leftovers:
            if isinstance(s, Started):
                await self._discard(s)
        self.playing = None
        self.pending_chars = 0

    async def _guard(self, coro) -> None:
        try:
            await coro
        except asyncio.CancelledError:
            raise
        except SlowClientError:
            self._close("send_timeout")
        except (WebSocketDisconnect, RuntimeError, OSError):  # the connection went away under a send
            self._close("client_closed")
        except Exception:
            log.exception("websocket %s: unexpected error", self.id)
            self._close("server_error")

    # ------------------------------------------------------------------ sending (every frame waits for the client)
    async def _send(self, data: bytes | dict) -> None:
        async def send() -> None:
            async with self._send_lock:
                if isinstance(data, bytes):
                    await self.ws.send_bytes(data)
                else:
                    await self.ws.send_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")))

        try:
            await asyncio.wait_for(send(), timeout=self.settings.ws_send_timeout_s)
        except asyncio.TimeoutError:
            raise SlowClientError from None

    async def _error(self, exc: TTSError, **extra: Any) -> None:
        await self._send({"type": "error", "code": exc.code, "status": exc.status, "message": safe_message(exc.message),
                          **extra})

    # ------------------------------------------------------------------ receiving
    async def _receive_loop(self) -> None:
        try:
            while True:
                try:
                    message = await asyncio.wait_for(self.ws.receive(), timeout=self.settings.ws_idle_timeout_s)
                except asyncio.TimeoutError:
                    if self.pending_chars == 0:
                        self._close("idle_timeout")
                        return
                    continue  # the client is listening to audio it asked for
                if message["type"] == "websocket.disconnect":
                    self._close("client_closed")
                    return
                try:
                    await self._handle(message)
                except TTSError as exc:
                    await self._error(exc)
        except SlowClientError:
            self._close("send_timeout")
        except (WebSocketDisconnect, RuntimeError, OSError):
            self._close("client_closed")
        except Exception:
            log.exception("websocket %s: unexpected error", self.id)
            self._close("server_error")

    async def _handle(self, message: dict) -> None:
        raw = message.get("text")
        if raw is None:
            raise InvalidRequestError("binary frames are not accepted: send JSON text frames")
        try:
            msg = json.loads(raw)
        except ValueError:
            raise InvalidRequestError("message is not valid JSON") from None
        kind = msg.get("type") if isinstance(msg, dict) else None
        now = time.perf_counter()
        if kind == "text":
            text = msg.get("text")
            if not isinstance(text, str):
                raise InvalidRequestError("a text message needs a string field 'text'")
            try:
                text.encode("utf-8")
            except UnicodeEncodeError as exc:  # legal in JSON (\ud800), not in text: refused before it is buffered
                raise InvalidRequestError(f"text has a lone surrogate (U+{ord(text[exc.start]):04X}) at character "
                                          f"{exc.start} of this message") from None
            await self._text(text, now)
        elif kind == "flush":
            await self._enqueue(self.segmenter.finish_text(), now)
        elif kind == "end":
            await self._enqueue(self.segmenter.finish_text(), now)
            await self.clauses.put(UtteranceEnd(self.utterance))
            self.utterance += 1
            self.utterance_request = None
            self.clause_count = 0
            self.segmenter.reset()
        elif kind == "cancel":
            await self._cancel()
        elif kind == "config":
            self._configure(msg)
        else:
            raise InvalidRequestError(f"unknown message type {shorten(kind)}; expected config, text, flush, end or cancel")

    def _configure(self, msg: dict) -> None:
        if self.utterance_request is not None:
            raise InvalidRequestError("config changes apply between utterances: send it after 'end' (or 'cancel')")
        try:
            body = StreamConfig.model_validate(msg)
        except ValidationError as exc:
            parts = [f"{shorten('.'.join(str(p) for p in e['loc']))[1:-1]}: {e['msg']}" for e in exc.errors()]
            raise InvalidRequestError("; ".join(parts)) from None
        config = {**self.config, **body.model_dump(exclude_unset=True, exclude={"type", "format"})}
        config["voice"] = config.get("voice") or self.settings.default_voice
        request = self._request(config, "x")
        manifest = self.engine.validate(request)  # unknown voice, speaker or emotion: refused now
        if request.sample_rate_hz not in (None, manifest.sample_rate_hz):
            raise UnsupportedFormatError(f"the stream is at the voice's own rate ({manifest.sample_rate_hz} Hz); "
                                         "omit sample_rate_hz or resample on the client")
        self.config = config

    @staticmethod
    def _request(config: dict, text: str) -> SynthesisRequest:
        return SynthesisRequest(text=text, voice=config["voice"], speaker=config.get("speaker"),
                                emotion=config.get("emotion"), speed=config.get("speed", 1.0),
                                pitch=config.get("pitch", 1.0), volume=config.get("volume", 1.0),
                                sample_rate_hz=config.get("sample_rate_hz"), timestamps=config.get("timestamps", False))

    async def _text(self, text: str, now: float) -> None:
        waiting = self.pending_chars + len(self.segmenter.pending) + len(text)
        if waiting > self.settings.ws_max_pending_chars:
            raise TextTooLongError(f"{waiting} characters would be waiting to be spoken; the limit is "
                                   f"{self.settings.ws_max_pending_chars}: this delta was dropped, wait for audio "
                                   "before sending more")
        if self.utterance_request is None:
            self.utterance_request = self._request(self.config, "x")
        await self._enqueue(self.segmenter.feed_text(text), now)

    async def _enqueue(self, spans: list[tuple[int, int, str]], now: float) -> None:
        if spans and self.utterance_request is None:
            self.utterance_request = self._request(self.config, "x")
        for start, end, text in spans:
            self.pending_chars += len(text)
            request = SynthesisRequest(**{**self.utterance_request.__dict__, "text": text,
                                          "continues": self.clause_count > 0})
            await self.clauses.put(Clause(self.utterance, self.clause_count, start, end, text, request, now))
            self.clause_count += 1

    async def _cancel(self) -> None:
        pb = self.playback
        sent = pb.samples
        await self._stop_speaking()
        # audio that still went out after the cancel was read (a frame whose send was under way): what "stops
        # within one vocoder chunk" is measured by; frames already on the wire before it are the client's to drop
        late_s = (pb.samples - sent) / pb.rate_hz
        self.segmenter.reset()
        self.utterance += 1
        self.utterance_request = None
        self.clause_count = 0
        self._start_speaking()
        await self._send({"type": "done", "cancelled": True, "audio_after_cancel_s": round(late_s, 6)})

    def _word_ends(self, piece: str) -> list[int]:
        """Word ends for the rare clause with no punctuation within the length limit (jieba, loaded on first
        use: a one-off ~1 s on the event loop for that connection's first such clause)."""
        if self._tokenizer is None:
            import jieba

            self._tokenizer = jieba.dt
        ends, pos = [], 0
        for word in self._tokenizer.cut(piece, HMM=False):
            pos += len(word)
            ends.append(pos)
        return ends

    # ------------------------------------------------------------------ submitting and playing
    async def _submit_loop(self) -> None:
        while not self._stopping:
            item = await self.clauses.get()
            if isinstance(item, Clause):
                await self.slots.acquire()
                if not any(c.isalnum() for c in item.text):  # punctuation or emoji only: nothing to say
                    await self.started.put(item)
                    continue
                stream = self.engine.stream(item.request, request_id=f"{self.id}-{item.utterance}-{item.index}")
                await self.started.put(Started(item, stream, asyncio.ensure_future(anext(stream))))
            else:
                await self.started.put(item)

    async def _play_loop(self) -> None:
        while not self._stopping:
            item = await self.started.get()
            if isinstance(item, UtteranceEnd):
                pb = self.playback if self.playback.utterance == item.utterance else _Playback()
                await self._send({"type": "done", "utterance": item.utterance, "clauses": pb.clauses,
                                  "audio_seconds": round(pb.samples / pb.rate_hz, 6)})
                self.playback = _Playback()
                continue
            try:
                if isinstance(item, Started):
                    self.playing = item
                    await self._play(item)
                else:
                    self.pending_chars -= len(item.text)
            finally:
                if self.playing is not None:
                    await self._discard(self.playing)
                    self.pending_chars -= len(self.playing.clause.text)
                    self.playing = None
                self.slots.release()

    async def _play(self, started: Started) -> None:
        clause = started.clause
        pb = self.playback
        if pb.utterance != clause.utterance:
            pb = self.playback = _Playback(utterance=clause.utterance)
        try:
            item = await started.first
        except StopAsyncIteration:
            return
        except TTSError as exc:
            await self._error(exc, utterance=clause.utterance, clause=clause.index)
            return
        rate = pb.rate_hz = self.engine.voices[clause.request.voice].sample_rate_hz
        if pb.last_ended_sentence:  # the pause the REST API puts between sentences
            silence = np.zeros(int(round(self.settings.sentence_silence_s * rate)), dtype="<i2")
            if len(silence):
                await self._send(silence.tobytes())
                pb.samples += len(silence)
        start_s = pb.samples / rate
        await self._send({"type": "sentence", "utterance": clause.utterance, "index": clause.index,
                          "text": clause.text, "start": clause.start, "end": clause.end,
                          "audio_offset_s": round(start_s, 6), "sample_rate_hz": rate})
        pb.clauses += 1
        first_audio = True
        try:
            while not isinstance(item, SynthesisResult):
                if self._stopping:  # cancelled while this task was not at an await (see _stop_speaking)
                    return
                if isinstance(item, TimingEvent):
                    await self._send({"type": "timestamps", "utterance": clause.utterance, "index": clause.index,
                                      "characters": _shift(item.timings.characters, clause.start, start_s),
                                      "words": _shift(item.timings.words, clause.start, start_s)})
                else:
                    pcm = audio.to_int16(item)
                    await self._send(pcm.tobytes())
                    pb.samples += len(pcm)
                    if first_audio:
                        self.telemetry.ws_first_audio_seconds.observe(time.perf_counter() - clause.completed_at)
                        first_audio = False
                item = await anext(started.stream)
        except TTSError as exc:
            await self._error(exc, utterance=clause.utterance, clause=clause.index)
        pb.last_ended_sentence = bool(_SENTENCE_END.search(clause.text))

    @staticmethod
    async def _discard(started: Started) -> None:
        if not started.first.done():
            started.first.cancel()
        await asyncio.gather(started.first, return_exceptions=True)
        await started.stream.aclose()  # cancels the job if it is still queued or running


def _shift(entries: list[dict], offset: int, seconds: float) -> list[dict]:
    return [{**e, "offset": e["offset"] + offset, "start_s": round(e["start_s"] + seconds, 6),
             "end_s": round(e["end_s"] + seconds, 6)} for e in entries]


class OtherWebSocketsAsHTTP:
    """A WebSocket handshake on any other path is answered as the plain GET it is (the app's JSON 404 or 405,
    sent as the handshake's HTTP answer), not with the framework's bare 403."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "websocket" or scope["path"] == ROUTE:
            return await self.app(scope, receive, send)
        if "websocket.http.response" not in scope.get("extensions", {}):
            return await send({"type": "websocket.close", "code": 1008})
        http_scope = {**scope, "type": "http", "method": "GET", "scheme": "https" if scope.get("scheme") == "wss"
                      else "http"}

        async def http_receive():
            return {"type": "http.request", "body": b"", "more_body": False}

        async def ws_send(message) -> None:
            if message["type"] == "http.response.start":
                await send({**message, "type": "websocket.http.response.start"})
            elif message["type"] == "http.response.body":
                await send({**message, "type": "websocket.http.response.body"})

        await self.app(http_scope, http_receive, ws_send)


def _credentials(websocket: WebSocket) -> str | None:
    """The key as an Authorization value: the header, else the `token` query parameter, else a `bearer.KEY`
    subprotocol (browsers cannot set headers on a WebSocket)."""
    header = websocket.headers.get("authorization")
    if header:
        return header
    token = websocket.query_params.get("token")
    if token:
        return f"Bearer {token}"
    for proto in websocket.scope.get("subprotocols") or ():
        if proto.startswith(KEY_SUBPROTOCOL):
            return f"Bearer {proto[len(KEY_SUBPROTOCOL):]}"
    return None


@router.websocket(ROUTE)
async def speech_stream(websocket: WebSocket) -> None:
    app = websocket.app
    keys: ApiKeys = app.state.api_keys
    try:
        keys.check(_credentials(websocket))
    except TTSError as exc:  # refused before the upgrade: a plain HTTP answer with the JSON body
        from ttsserve.app import respond

        try:
            await websocket.send_denial_response(respond(exc))
        except RuntimeError:  # a server without the denial extension: close before accepting (HTTP 403)
            await websocket.close(1008)
        return
    engine: Engine = app.state.engine
    offered = websocket.scope.get("subprotocols") or ()
    await websocket.accept(subprotocol=SUBPROTOCOL if SUBPROTOCOL in offered else None)
    session = Session(websocket, engine)
    engine.telemetry.ws_connections.inc()
    reason = "server_error"
    try:
        reason = await session.run()
    finally:
        engine.telemetry.ws_connections.dec()
        engine.telemetry.ws_closed.labels(reason).inc()
        log.debug("websocket %s closed: %s", session.id, reason)
