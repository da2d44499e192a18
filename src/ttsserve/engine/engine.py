"""Async facade over the worker thread. HTTP code talks only to this module, which never imports torch.

`Engine.synthesize()` validates what can be checked without the GPU (voice, speaker, emotion, length),
puts a `Job` on a bounded queue and awaits the job's future. A full queue is a `QueueFullError` (503 with
Retry-After); a timeout or a client that goes away marks the job cancelled, and the worker skips it or stops
between sentences.
"""

from __future__ import annotations

import asyncio
import collections
import logging
import math
import queue
import re
import threading
import time
import uuid
from dataclasses import dataclass, field
from typing import Any, AsyncIterator, Awaitable, Callable

import numpy as np

from ttsserve.errors import (
    log_value,
    EngineUnavailableError,
    OverloadedError,
    TTSError,
    QueueFullError,
    SsmlError,
    RequestTimeoutError,
    ShuttingDownError,
    TextError,
    TextTooLongError,
    UnsupportedFormatError,
    VoiceUnavailableError,
)
from ttsserve.engine.admission import Backlog, CostModel, ServiceRate
from ttsserve.settings import Settings
from ttsserve.telemetry import JobStats, Telemetry
from ttsserve.voices import VoiceManifest, check_voice_name, discover_voices, load_symbols

log = logging.getLogger(__name__)
# One INFO line per synthesis request (HTTP or CLI): id, voice, characters, audio seconds, queue wait,
# synthesis seconds, HTTP status and error code (499 = the client went away). Silence it with
# logging.getLogger("ttsserve.requests").setLevel(logging.WARNING).
request_log = logging.getLogger("ttsserve.requests")


def _log_request(request_id: str, request: "SynthesisRequest", *, stream: bool, result: "SynthesisResult | None",
                 error: BaseException | None, audio_s: float | None = None) -> None:
    if error is None and result is not None:
        status, code = 200, "ok"
    elif isinstance(error, TTSError):
        status, code = error.status, error.code
    elif isinstance(error, (asyncio.CancelledError, GeneratorExit)):
        status, code = 499, "client_disconnected"
    else:
        status, code = 500, "internal_error"
    if audio_s is None:
        audio_s = result.audio_seconds if result is not None else 0.0
    wait = f"{result.wait_s:.4f}" if result is not None else "-"
    synth = f"{result.synth_s:.4f}" if result is not None else "-"
    request_log.info("request %s voice=%s chars=%d audio_s=%.3f wait_s=%s synth_s=%s status=%d code=%s stream=%s",
                     log_value(request_id), log_value(request.voice), len(request.text), audio_s, wait, synth, status, code,
                     "yes" if stream else "no")


@dataclass(frozen=True)
class SynthesisRequest:
    text: str
    voice: str
    speaker: str | None = None
    emotion: str | None = None
    speed: float = 1.0
    pitch: float = 1.0
    volume: float = 1.0
    sample_rate_hz: int | None = None  # None: the voice's native rate
    seed: int | None = None
    timestamps: bool = False  # time every character and word (pipeline/timing.py); streams get TimingEvents
    ssml: bool = False  # `text` is an SSML document (frontend/ssml.py), not plain text
    # The text continues a response already playing (the WebSocket's later clauses of an utterance): its first
    # call does not open a response, so it keeps the silence a voice leaves before a response's first sound
    # only there (`AcousticInput.opens_response`), as the same text inside one request would.
    continues: bool = False


@dataclass(frozen=True)
class TimingEvent:
    """Streaming with timestamps: the character and word entries (pipeline/timing.Timings) of the audio that
    follows, pushed before its first chunk."""

    timings: Any


@dataclass
class SynthesisResult:
    request_id: str
    audio: np.ndarray  # float32 mono in [-1, 1]
    sample_rate_hz: int
    voice: str
    emotion: str
    stats: JobStats
    wait_s: float
    synth_s: float
    timings: Any = None  # pipeline/timing.Timings of the whole text, when the request asked for timestamps

    @property
    def audio_seconds(self) -> float:
        return len(self.audio) / self.sample_rate_hz


class Handover:
    """The worker thread's hand-overs to one event loop, coalesced: the first action queued while none is waiting
    wakes the loop (`call_soon_threadsafe`: a write to its self-pipe, the GIL released and taken again); the
    actions the worker queues before the loop has run them ride along, and the loop runs them all, in the order
    they were queued, in one callback. Under load the worker hands 32 jobs their chunks in one iteration: one wake
    instead of 32 (bench/http_host_cost.py). A lone action is not delayed: it wakes the loop at once."""

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self.loop = loop
        self._pending: collections.deque = collections.deque()
        self._lock = threading.Lock()
        self._scheduled = False

    def put(self, action: Callable[[], Any]) -> None:
        with self._lock:
            self._pending.append(action)
            if self._scheduled:
                return
            self._scheduled = True
        try:
            self.loop.call_soon_threadsafe(self._run)
        except RuntimeError:  # the loop is closed: nobody is waiting any more
            pass

    def _run(self) -> None:
        with self._lock:
            actions, self._pending = self._pending, collections.deque()
            self._scheduled = False
        for action in actions:
            try:
                action()
            except Exception:  # noqa: BLE001 - one job's hand-over must not lose the others'
                log.exception("handing a job its result failed")


@dataclass(eq=False)
class Job:
    request_id: str
    request: SynthesisRequest
    handover: Handover  # to the event loop that owns `future` (and `chunks`)
    future: asyncio.Future
    enqueued_at: float  # time.monotonic()
    deadline: float  # time.monotonic() after which the worker drops it
    cancelled: threading.Event = field(default_factory=threading.Event)
    # Streaming jobs: audio pieces, then the SynthesisResult (or an exception), arrive on this queue.
    chunks: asyncio.Queue | None = None
    # The text's FrontendOutput when the frontend processes made it (else the worker runs the frontend),
    # and the seconds that took.
    front: Any = None
    frontend_s: float = 0.0
    # A long text sent to the frontend processes in pieces: how many pieces follow `front`, and where their
    # outputs arrive (a FrontendOutput, the raw text for the worker to run, None for an unspeakable piece, or
    # an exception), in order.
    pieces_pending: int = 0
    more_fronts: "queue.SimpleQueue | None" = None
    feeder: Any = None  # the asyncio task that feeds `more_fronts`
    audio_made: float = 0.0  # seconds of audio the worker has made for it (admission control's backlog)
    timeout_s: float = 0.0  # request_timeout_s it was given (0: none named; the stop message says "cancelled")

    @property
    def streaming(self) -> bool:
        return self.chunks is not None

    def cancel(self) -> None:
        self.cancelled.set()

    def should_stop(self) -> bool:
        return self.cancelled.is_set() or time.monotonic() > self.deadline

    def stop_error(self) -> RequestTimeoutError:
        """What a job the worker stops (`should_stop`) fails with: the event loop's own words for a timeout, so a
        client reads the same whichever side noticed the deadline first."""
        if not self.cancelled.is_set() and self.timeout_s:
            return RequestTimeoutError(f"synthesis did not finish within {self.timeout_s:g} s")
        return RequestTimeoutError("synthesis stopped: the request was cancelled")

    # Called from the worker thread: hand the outcome to the event loop that owns the future.
    def push(self, piece: np.ndarray) -> None:
        self._deliver(lambda: self.chunks.put_nowait(piece))

    def resolve(self, result: SynthesisResult) -> None:
        if self.streaming:
            self._deliver(lambda: self.chunks.put_nowait(result))
        self._deliver(lambda: self.future.set_result(result))

    def fail(self, exc: BaseException) -> None:
        if self.streaming:
            self._deliver(lambda: self.chunks.put_nowait(exc))
        self._deliver(lambda: self.future.set_exception(exc))

    def _deliver(self, action) -> None:
        def run() -> None:
            if not self.future.done():
                action()

        self.handover.put(run)


_STOP = object()  # queue sentinel
_SURROGATE = re.compile("[\ud800-\udfff]")
# A tag-like `<name ...>`, `</name>` or `<?xml`: plain text never needs one, and reading markup aloud
# (or half-interpreting SSML) would surprise the caller more than a clear 422.
_MARKUP = re.compile(r"</?[A-Za-z][\w:.-]*(\s[^<>]*)?/?>|<\?xml|</?[A-Za-z][\w:.-]*\s*$")


class Engine:
    def __init__(self, settings: Settings, telemetry: Telemetry) -> None:
        self.settings = settings
        self.telemetry = telemetry
        # A voice with an invalid manifest is left out (503 voice_unavailable, listed in /v1/voices); the default
        # voice must be good.
        self.broken_voices: dict[str, str] = {}  # name -> why (for the log; clients get a fixed message)
        self.voices: dict[str, VoiceManifest] = discover_voices(settings.weights_dir, settings.voices,
                                                                failed=self.broken_voices)
        if settings.default_voice not in self.voices:
            from ttsserve.errors import ConfigError

            if settings.default_voice in self.broken_voices:
                raise ConfigError(self.broken_voices[settings.default_voice])
            raise ConfigError(
                f"default voice {settings.default_voice!r} has no manifest under {settings.weights_dir} "
                f"(found: {', '.join(self.voices) or 'none'})"
            )
        self.queue: queue.Queue[Any] = queue.Queue(maxsize=settings.max_queue_size)
        self.accepting = False
        self.worker = None  # ttsserve.engine.worker.Worker, created in start()
        self.frontend_pool = None  # ttsserve.engine.frontend_pool.FrontendPool, when configured
        self._symbols: dict = {}  # voice -> SymbolSet, for inspect_text()
        # /v1/frontend shares the CPU (and the interpreter lock) with synthesis: a few at a time, a short wait
        self._inspect_slots = asyncio.Semaphore(settings.inspect_max_concurrent)
        self._inspect_waiting = 0
        telemetry.queue_capacity.set(settings.max_queue_size)
        # admission control (engine/admission.py): the worker measures the rate, the loop keeps the backlog
        self.service_rate = ServiceRate()
        self.cost = CostModel()
        self.backlog = Backlog()
        self._handover: Handover | None = None  # the worker's coalesced hand-overs to the event loop

    # ------------------------------------------------------------------ lifecycle
    def start(self) -> None:
        """Start the worker thread and block until it has loaded (and warmed) the default voice."""
        from ttsserve.engine.worker import Worker  # the worker owns torch: import it only here

        from ttsserve.engine.frontend_pool import FrontendPool, auto_processes

        self.worker = Worker(self.settings, self.telemetry, self.voices, self.queue, stop_token=_STOP,
                             service_rate=self.service_rate)
        self.worker.start_and_wait()
        n = self.settings.frontend_processes
        n = auto_processes(self.worker.compute_device) if n == "auto" else n
        if n:
            pool = FrontendPool(n, self.settings.frontend.model_dump(), max_pending=self.settings.max_queue_size,
                                timeout_s=self.settings.request_timeout_s, retry_after_s=self.settings.retry_after_s)
            try:
                pool.warm()
                self.frontend_pool = pool
            except Exception as exc:  # no process support here, a stuck start: the worker thread does the text
                pool.shutdown()
                log.warning("frontend processes unavailable (%s: %s); the worker thread runs the frontend",
                            type(exc).__name__, exc)
        self.accepting = True

    def stop(self, grace_s: float | None = None) -> None:
        """Refuse new jobs, let queued and running jobs finish (up to the grace period), stop the worker."""
        self.accepting = False
        if self.frontend_pool is not None:
            self.frontend_pool.shutdown()
        if self.worker is None:
            return
        grace = self.settings.shutdown_grace_s if grace_s is None else grace_s
        deadline = time.monotonic() + grace
        while (self.queue.unfinished_tasks > 0) and time.monotonic() < deadline and self.worker.alive():
            time.sleep(0.02)
        # Whatever is still queued after the grace period is told so, not left hanging.
        while True:
            try:
                job = self.queue.get_nowait()
            except queue.Empty:
                break
            if isinstance(job, Job):
                job.fail(ShuttingDownError("the server shut down before this request finished"))
            self.queue.task_done()
        self.worker.stop()

    def alive(self) -> tuple[bool, str]:
        """Liveness: False only when the worker has failed for good (restarting the process is the remedy);
        starting, draining or busy is alive."""
        if self.worker is not None and not self.worker.healthy:
            return False, "the synthesis worker has failed; restart the process (the server log says why)"
        return True, ""

    def ready(self) -> tuple[bool, str]:
        if self.worker is None or not self.accepting:
            return False, "not accepting requests (starting or shutting down)"
        if not self.worker.healthy:
            # the exception's type only: its text (CUDA's, a path) is for the server log, which has it
            return False, f"worker failed ({self.worker.failure.split(':', 1)[0]}); the server log says why"
        if not self.worker.alive():
            return False, "worker thread is not running"
        if self.queue.full():
            return False, "queue is full"
        return True, "ok"

    # ------------------------------------------------------------------ requests
    def validate(self, request: SynthesisRequest) -> VoiceManifest:
        if not request.text or not request.text.strip():
            raise TextError("text is empty")
        if len(request.text) > self.settings.max_text_chars:
            raise TextTooLongError(
                f"text has {len(request.text)} characters; the limit is {self.settings.max_text_chars}"
            )
        if (bad := _SURROGATE.search(request.text)) is not None:  # JSON can carry one; it is no character
            raise TextError(f"text has a lone surrogate (U+{ord(bad.group()):04X}) at character {bad.start()}; "
                            "send valid Unicode")
        from ttsserve.frontend.ssml import is_ssml

        if request.ssml:
            if not is_ssml(request.text):
                raise SsmlError("text_type is ssml but the text does not start with <speak")
        elif _MARKUP.search(request.text) or is_ssml(request.text):
            raise TextError("markup such as SSML is not supported; send plain text (or SSML with text_type: ssml)")
        if request.voice in self.broken_voices:
            raise VoiceUnavailableError(self.unavailable_message(request.voice))
        manifest = check_voice_name(request.voice, self.voices)
        manifest.speaker_id(request.speaker)
        manifest.emotion(request.emotion)
        return manifest

    def _queue_full(self) -> QueueFullError:
        self.telemetry.rejected.labels("queue_full").inc()
        return QueueFullError(f"the synthesis queue is full ({self.settings.max_queue_size} jobs waiting); retry later",
                              headers={"Retry-After": str(self.settings.retry_after_s)})

    def admission_wait_s(self) -> float:
        return self.settings.admission_max_wait_s or self.settings.request_timeout_s

    def estimated_wait_s(self, request: SynthesisRequest, *, stream: bool) -> tuple[float, float] | None:
        """(seconds until the admitted work and this request are made (a stream: its first chunk), seconds left
        to the earliest deadline of the admitted jobs), from the backlog and the measured service rate; None
        while the rate is not measured yet."""
        rate = self.service_rate.audio_s_per_s
        if rate is None or rate <= 0:
            return None
        self.telemetry.service_rate.set(rate)
        chars = len(request.text)
        if stream:  # request_timeout_s bounds the wait for the first chunk: about one sentence of work
            chars = min(chars, self.settings.frontend.max_sentence_chars)
        left, soonest = self.backlog.state(time.monotonic())
        return (left + self.cost.cost(chars, request.speed)) / rate, soonest

    def _answered(self, job: Job, future: asyncio.Future) -> None:
        """A job's future is done: it leaves the backlog, and a finished one teaches the cost model."""
        self.backlog.remove(job)
        if future.cancelled() or future.exception() is not None:
            return
        result = future.result()
        if not job.request.ssml:  # markup is no spoken text: its characters say little about its audio
            self.cost.observe(len(job.request.text), job.request.speed, result.stats.audio_seconds)

    def _check_admission(self, request: SynthesisRequest, *, stream: bool) -> None:
        """503 `overloaded` (with Retry-After: about when the backlog will have drained enough) when the request's
        estimated wait is beyond what it may wait."""
        if not self.settings.admission_control:
            return
        estimate = self.estimated_wait_s(request, stream=stream)
        if estimate is None:
            return
        wait, soonest = estimate
        self.telemetry.estimated_wait.set(wait)
        limit = self.admission_wait_s()
        if wait <= min(limit, soonest):
            return
        self.telemetry.rejected.labels("overloaded").inc()
        # Retry-After: about when enough of the backlog is made for the request to fit
        if wait > limit:
            over = wait - limit
            why = f"this request would wait about {wait:.0f} s, longer than {limit:g} s"
        else:
            over = wait - soonest
            why = f"admitting it would make requests already waiting miss their deadline (in {soonest:.0f} s)"
        retry = max(self.settings.retry_after_s, math.ceil(round(over, 6)))
        raise OverloadedError(f"the server is overloaded: {why}; retry later", headers={"Retry-After": str(retry)})

    async def prepare(self, request: SynthesisRequest, *, stream: bool = False) -> tuple[Any, float] | None:
        """With frontend processes: validate, then make the text's FrontendOutput there. None otherwise, and
        also when the worker is idle with an empty queue (`frontend_inline_when_idle`): then the worker thread
        has nothing else to do and runs the text itself, which saves the round trip to a process (~3 ms of
        first audio on an H100 host)."""
        if self.frontend_pool is None or not self.accepting:
            return None
        self.validate(request)  # bad requests get their 4xx before any text work, and so does a full queue
        if self.worker is None or not self.worker.healthy:
            raise EngineUnavailableError("the synthesis worker has failed; see /readyz")
        if self.queue.full():
            raise self._queue_full()
        self._check_admission(request, stream=stream)  # no text work for a request that would be refused
        if (self.settings.frontend_inline_when_idle and self.queue.unfinished_tasks == 0
                and len(request.text) <= self.settings.inline_frontend_max_chars):
            return None  # nothing queued or running: the worker runs a short text at once, without the hop
        from ttsserve.frontend.split import planning_pieces

        pieces = planning_pieces(request.text)  # a long text: its first sentence first, the job speaks soon
        try:
            try:
                front = await self.frontend_pool.process(asyncio.get_running_loop(), pieces[0])
            except TextError:
                if len(pieces) == 1:
                    raise
                pieces = [request.text]  # nothing speakable in the first piece: the whole text decides
                front = await self.frontend_pool.process(asyncio.get_running_loop(), request.text)
        except QueueFullError:  # as many texts in the frontend processes as the queue holds jobs
            self.telemetry.rejected.labels("queue_full").inc()
            raise
        if front is None or len(pieces) == 1:  # None: the pool is unusable, the worker runs the text
            return front
        return (*front, pieces[1:])

    async def _feed_pieces(self, job: Job, pieces: list[str]) -> None:
        """The rest of a long text through the frontend processes, one piece at a time, handed to the job in
        order. A full or unusable pool hands the raw piece over (the worker runs it); a piece with nothing
        speakable is skipped (None)."""
        loop = asyncio.get_running_loop()
        for piece in pieces:
            if job.cancelled.is_set():
                return
            try:
                out = await self.frontend_pool.process(loop, piece)
                item: Any = piece if out is None else out[0]
            except TextError:
                item = None
            except QueueFullError:
                item = piece
            except Exception as exc:  # noqa: BLE001 - the job fails with it, in order
                item = exc
            job.more_fronts.put(item)

    def submit(self, request: SynthesisRequest, *, request_id: str | None = None, stream: bool = False,
               front: tuple | None = None) -> Job:
        """Queue a job. `front`: what `prepare` made (the request is validated already): (FrontendOutput, seconds),
        plus, for a long text, the raw pieces that follow (fed to the job by `_feed_pieces`)."""
        if front is None:
            self.validate(request)
        if stream and request.sample_rate_hz not in (None, self.voices[request.voice].sample_rate_hz):
            raise UnsupportedFormatError(
                f"streaming is at the voice's own rate ({self.voices[request.voice].sample_rate_hz} Hz); "
                "omit sample_rate_hz or do not stream"
            )
        if not self.accepting:
            self.telemetry.rejected.labels("shutting_down").inc()
            raise ShuttingDownError("the server is not accepting requests (starting up or shutting down)",
                                    headers={"Retry-After": str(self.settings.retry_after_s)})
        if self.worker is None or not self.worker.healthy:
            raise EngineUnavailableError("the synthesis worker has failed; see /readyz")
        self._check_admission(request, stream=stream)
        loop = asyncio.get_running_loop()
        now = time.monotonic()
        job = Job(
            request_id=request_id or uuid.uuid4().hex,
            request=request,
            handover=self._handover_for(loop),
            future=loop.create_future(),
            enqueued_at=now,
            deadline=now + self.settings.request_timeout_s,
            chunks=asyncio.Queue() if stream else None,
            timeout_s=self.settings.request_timeout_s,
        )
        rest: list[str] = []
        if front is not None:
            job.front, job.frontend_s, *more = front
            if more:
                rest = more[0]
                job.pieces_pending, job.more_fronts = len(rest), queue.SimpleQueue()
        try:
            self.queue.put_nowait(job)
        except queue.Full:
            raise self._queue_full() from None
        if not self.worker.healthy:  # it failed since the check above: its drain of the queue may have missed this job
            self.worker.fail_pending(EngineUnavailableError("the synthesis worker has failed; see /readyz"))
        # until answered: done, failed, timed out or cancelled
        self.backlog.add(job, self.cost.cost(len(request.text), request.speed))
        job.future.add_done_callback(lambda f, job=job: self._answered(job, f))
        self.telemetry.queue_depth.set(self.queue.qsize())
        if rest:
            job.feeder = asyncio.ensure_future(self._feed_pieces(job, rest))  # kept: the loop holds tasks weakly
        return job

    def _handover_for(self, loop: asyncio.AbstractEventLoop) -> Handover:
        """The hand-over to `loop` (one at a time: a server has one loop; a new loop, as `asyncio.run` makes per
        call in scripts, replaces the old one, whose jobs keep theirs)."""
        if self._handover is None or self._handover.loop is not loop:
            self._handover = Handover(loop)
        return self._handover

    async def synthesize(
        self,
        request: SynthesisRequest,
        *,
        request_id: str | None = None,
        disconnected: Callable[[], Awaitable[Any]] | None = None,
    ) -> SynthesisResult:
        """Queue a job and wait for it. `disconnected()` makes an awaitable that completes when the client
        goes away. Logs the request's line (`ttsserve.requests`)."""
        request_id = request_id or uuid.uuid4().hex
        try:
            result = await self._synthesize(request, request_id=request_id, disconnected=disconnected)
        except BaseException as exc:
            _log_request(request_id, request, stream=False, result=None, error=exc)
            raise
        _log_request(request_id, request, stream=False, result=result, error=None)
        return result

    async def _synthesize(self, request: SynthesisRequest, *, request_id: str,
                          disconnected: Callable[[], Awaitable[Any]] | None) -> SynthesisResult:
        job = self.submit(request, request_id=request_id, front=await self.prepare(request))
        waiters: set[asyncio.Future] = {job.future}
        watcher = asyncio.ensure_future(disconnected()) if disconnected is not None else None
        if watcher is not None:
            waiters.add(watcher)
        try:
            done, _ = await asyncio.wait(waiters, timeout=self.settings.request_timeout_s,
                                         return_when=asyncio.FIRST_COMPLETED)
            if job.future in done:
                return job.future.result()
            job.cancel()
            job.future.cancel()
            if watcher is not None and watcher in done:
                self.telemetry.jobs.labels("client_disconnected").inc()
                raise asyncio.CancelledError("client disconnected")
            raise RequestTimeoutError(
                f"synthesis did not finish within {self.settings.request_timeout_s:g} s"
            )
        except asyncio.CancelledError:
            job.cancel()
            job.future.cancel()
            raise
        finally:
            if watcher is not None and not watcher.done():
                watcher.cancel()

    async def stream(self, request: SynthesisRequest, *, request_id: str | None = None,
                     disconnected: Callable[[], Awaitable[Any]] | None = None) -> AsyncIterator[Any]:
        """Queue a streaming job; yields float32 audio pieces as the worker produces them, then the final
        SynthesisResult. Errors raise. Closing the iterator early (client gone) cancels the job.
        `disconnected()`: an awaitable that completes when the client goes away, watched until the first piece
        (the response has not started yet; after that the response watches): a client that leaves while its
        job is queued cancels it (CancelledError), instead of the worker running it to its first chunk.
        Logs the request's line (`ttsserve.requests`) when it ends, however it ends."""
        request_id = request_id or uuid.uuid4().hex
        pieces = self._stream(request, request_id=request_id, disconnected=disconnected)
        result, error, samples = None, None, 0
        try:
            async for item in pieces:
                if isinstance(item, SynthesisResult):
                    result = item
                elif isinstance(item, np.ndarray):
                    samples += len(item)
                yield item
        except BaseException as exc:
            error = None if result is not None else exc  # closed after the last item: a finished stream
            raise
        finally:
            await pieces.aclose()
            manifest = self.voices.get(request.voice)
            rate = result.sample_rate_hz if result is not None else (
                request.sample_rate_hz or (manifest.sample_rate_hz if manifest is not None else 0))
            _log_request(request_id, request, stream=True, result=result, error=error,
                         audio_s=samples / rate if rate else 0.0)

    async def _stream(self, request: SynthesisRequest, *, request_id: str,
                      disconnected: Callable[[], Awaitable[Any]] | None) -> AsyncIterator[Any]:
        job = self.submit(request, request_id=request_id, stream=True,
                          front=await self.prepare(request, stream=True))
        watcher = asyncio.ensure_future(disconnected()) if disconnected is not None else None
        get: asyncio.Future | None = None
        try:
            held = None  # an item taken while gathering audio pieces, yielded next
            while True:
                if held is not None:
                    item, held = held, None
                elif not job.chunks.empty():  # already here (a busy loop finds several): no task, no timer
                    item = job.chunks.get_nowait()
                else:
                    remaining = job.deadline - time.monotonic()
                    get = asyncio.ensure_future(job.chunks.get())
                    done, _ = await asyncio.wait({get, watcher} if watcher is not None else {get},
                                                 timeout=max(remaining, 0.001), return_when=asyncio.FIRST_COMPLETED)
                    if get not in done:
                        get.cancel()
                        if watcher is not None and watcher in done:
                            self.telemetry.jobs.labels("client_disconnected").inc()
                            raise asyncio.CancelledError("client disconnected")
                        raise RequestTimeoutError(
                            f"synthesis did not finish within {self.settings.request_timeout_s:g} s")
                    item = get.result()
                if watcher is not None:
                    watcher.cancel()
                    watcher = None
                if isinstance(item, BaseException):
                    raise item
                if isinstance(item, np.ndarray):  # the audio queued right behind it goes with it: one write
                    more = []
                    while not job.chunks.empty():
                        nxt = job.chunks.get_nowait()
                        if not isinstance(nxt, np.ndarray):
                            held = nxt
                            break
                        more.append(nxt)
                    if more:
                        item = np.concatenate([item, *more])
                yield item
                if isinstance(item, SynthesisResult):
                    return
        finally:
            for pending in (watcher, get):
                if pending is not None and not pending.done():
                    pending.cancel()
            job.cancel()  # no-op when finished; stops the worker between chunks otherwise
            if not job.future.done():
                job.future.cancel()
            elif not job.future.cancelled():
                job.future.exception()  # already raised from the chunk queue: mark it retrieved

    async def inspect(self, text: str, voice: str | None = None, *, ssml: bool = False) -> dict:
        """`inspect_text` for the API, bounded: `inspect_max_concurrent` at once (in the frontend processes when
        there are some, else a thread), `inspect_max_waiting` waiting; beyond that a 503 `queue_full`."""
        from starlette.concurrency import run_in_threadpool

        from ttsserve.frontend_report import report

        manifest = self.validate(SynthesisRequest(text=text, voice=voice or self.settings.default_voice, ssml=ssml))
        if self._inspect_waiting >= self.settings.inspect_max_concurrent + self.settings.inspect_max_waiting:
            self.telemetry.rejected.labels("queue_full").inc()
            raise QueueFullError(f"{self._inspect_waiting} text inspections are running or waiting; retry later",
                                 headers={"Retry-After": str(self.settings.retry_after_s)})
        self._inspect_waiting += 1
        try:
            async with self._inspect_slots:
                if self.frontend_pool is not None:
                    front = await self.frontend_pool.process(asyncio.get_running_loop(), text)
                    if front is not None:
                        return report(front[0], self._voice_symbols(manifest), text)
                return await run_in_threadpool(self.inspect_text, text, voice, ssml=ssml)
        finally:
            self._inspect_waiting -= 1

    def _voice_symbols(self, manifest: VoiceManifest):
        if manifest.name not in self._symbols:
            self._symbols[manifest.name] = load_symbols(manifest)
        return self._symbols[manifest.name]

    def inspect_text(self, text: str, voice: str | None = None, *, ssml: bool = False) -> dict:
        """Frontend output for `text` (normalization, sentences, pinyin, the voice's phones). CPU only,
        no model: safe to run in a thread pool beside the worker (the frontend is read-only here)."""
        from ttsserve.frontend_report import frontend_report

        manifest = self.validate(SynthesisRequest(text=text, voice=voice or self.settings.default_voice, ssml=ssml))
        return frontend_report(self.worker.frontend, self._voice_symbols(manifest), text)

    # ------------------------------------------------------------------ introspection (read-only)
    @staticmethod
    def unavailable_message(name: str) -> str:
        return f"voice {name!r} is unavailable: its manifest is invalid (the server log says why)"

    def voice_states(self) -> dict[str, dict]:
        tiers = self.worker.voice_tiers() if self.worker else {}
        failed = self.worker.voice_failures() if self.worker else {}
        return {name: {"tier": tiers.get(name, "disk"), "error": failed.get(name)} for name in self.voices}

    def memory(self) -> dict:
        report = self.worker.memory_report() if self.worker else {}
        if report:
            report["admission"] = {**self.service_rate.report(), "enabled": self.settings.admission_control,
                                   "max_wait_s": self.admission_wait_s(),
                                   "audio_s_per_char": round(self.cost.audio_per_char, 4),
                                   "backlog_jobs": len(self.backlog),
                                   "backlog_audio_s": round(self.backlog.total, 2)}
        return report

