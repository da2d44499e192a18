"""The GPU worker: one thread that owns every torch call, the voice cache and the frontend.

It pulls jobs from the engine's queue, runs frontend -> acoustic -> vocoder under `torch.inference_mode()`,
and hands each outcome to its caller's event loop. Errors are classified:
- a `TTSError` (bad text, unknown symbol, voice unavailable) goes back to that caller only;
- CUDA out-of-memory is recovered: evict idle voices, empty the allocator cache, retry the job once;
  a second OOM fails that job with 503 and the next job runs normally;
- any other exception inside a job is that job's 500 (logged with its trace, never sent to the client);
- a CUDA error that poisons the context (device-side assert, illegal address) marks the worker unhealthy:
  `/readyz` says so and queued jobs get 503.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from dataclasses import replace
from typing import Any, Callable

import numpy as np
import torch

from ttsserve.engine.engine import Job, SynthesisResult
from ttsserve.audio import resample
from ttsserve.engine.voice_cache import VoiceCache
from ttsserve.errors import (
    ConfigError,
    EngineUnavailableError,
    InternalError,
    OutOfMemoryError,
    RequestTimeoutError,
    TTSError,
    VoiceUnavailableError,
)
from ttsserve.pipeline.base import FrontendOutput, TextFrontend, get_loader
from ttsserve.pipeline.voice import (
    SENTENCES_PER_ACOUSTIC_CALL,
    AudioSink,
    LoadedVoice,
    Placement,
    Progress,
    SynthesisOptions,
    prepare_inputs,
    run_acoustic,
    synthesize,
)
from ttsserve.settings import Settings
from ttsserve.telemetry import JobStats, MemoryProbe, StageStats, Telemetry, clear_graph_caches, limit_graph_caches
from ttsserve.voices import VoiceManifest

log = logging.getLogger(__name__)

WARMUP_TEXT = "你好。"
# Vocoder window for batches across jobs: windows of equal length stack into one forward pass, and
# shorter windows make more of them equal (at the cost of recomputing their context).
BATCH_CHUNK_FRAMES = 256
_FATAL_CUDA_MARKERS = ("device-side assert", "illegal memory access", "unspecified launch failure", "CUDA error: misaligned")


def batch_vocoding(chunk_frames: int, vocoder_device: str) -> dict[str, int]:
    """`infer_batch` options for a batch of whole responses. On a GPU, shorter windows stack more often and
    up to 16 run in one pass; on a CPU stacked windows run slower than one by one (bench/stage_rtf.py:
    vocoder RTF 0.033 stacked vs 0.020 alone on 2 cores), so there each window runs by itself."""
    if vocoder_device.startswith("cuda"):
        return {"chunk_frames": min(chunk_frames, BATCH_CHUNK_FRAMES), "max_windows": 16}
    return {"chunk_frames": chunk_frames, "max_windows": 1}


def resolve_device(name: str) -> str:
    if name == "auto":
        return "cuda" if torch.cuda.is_available() else "cpu"
    if name.startswith("cuda") and not torch.cuda.is_available():
        raise ConfigError(f"device {name!r} requested but CUDA is not available (torch {torch.__version__})")
    return name


class Worker:
    def __init__(
        self,
        settings: Settings,
        telemetry: Telemetry,
        voices: dict[str, VoiceManifest],
        jobs: "queue.Queue[Any]",
        *,
        stop_token: object,
    ) -> None:
        self.settings = settings
        self.telemetry = telemetry
        self.voices = voices
        self.jobs = jobs
        self.stop_token = stop_token
        self.healthy = True
        self.failure: str | None = None
        # Test hook: called with the stage name before each stage runs (fault injection).
        self.fault_hook: Callable[[str], None] | None = None
        self._thread = threading.Thread(target=self._run, name="ttsserve-gpu-worker", daemon=True)
        self._started = threading.Event()
        self._startup_error: BaseException | None = None
        self._tiers: dict[str, str] = {}
        self._failures: dict[str, str] = {}
        self._memory: dict[str, Any] = {}
        self.frontend: TextFrontend | None = None
        self.cache: VoiceCache | None = None

    # ------------------------------------------------------------------ lifecycle (called by the engine)
    def start_and_wait(self) -> None:
        self._thread.start()
        self._started.wait()
        if self._startup_error is not None:
            self._thread.join(timeout=5)
            raise self._startup_error

    def stop(self) -> None:
        if self._thread.is_alive():
            self.jobs.put(self.stop_token)
            self._thread.join(timeout=30)

    def alive(self) -> bool:
        return self._thread.is_alive()

    # Read-only views for other threads: plain dicts replaced wholesale by the worker.
    def voice_tiers(self) -> dict[str, str]:
        return dict(self._tiers)

    def voice_failures(self) -> dict[str, str]:
        return dict(self._failures)

    def memory_report(self) -> dict[str, Any]:
        return dict(self._memory)

    # ------------------------------------------------------------------ thread body
    def _run(self) -> None:
        try:
            self._setup()
        except BaseException as exc:  # reported to start_and_wait(), which raises it in the caller
            self._startup_error = exc if isinstance(exc, TTSError) else ConfigError(f"worker startup failed: {exc}")
            log.exception("worker startup failed")
            self._started.set()
            return
        self.telemetry.worker_up.set(1)
        self._started.set()
        try:
            self._loop()
        finally:
            self.telemetry.worker_up.set(0)

    def _setup(self) -> None:
        s = self.settings
        if s.torch_threads:
            torch.set_num_threads(s.torch_threads)
        self.placement = Placement(
            acoustic_device=resolve_device(s.stage_device("acoustic")),
            vocoder_device=resolve_device(s.stage_device("vocoder")),
            gpu_dtype=s.dtype,
        )
        self.compute_device = next(
            (d for d in (self.placement.acoustic_device, self.placement.vocoder_device) if d.startswith("cuda")), "cpu"
        )
        self.probe = MemoryProbe(torch, self.compute_device)
        self._graphs_cleared = float("-inf")  # when _make_room last dropped the CUDA graphs
        self.budget = s.gpu_memory_budget_bytes if self.compute_device.startswith("cuda") else None
        if self.budget:
            if s.max_gpu_bytes > self.budget:
                raise ConfigError(f"max_gpu_bytes ({s.max_gpu_bytes}) cannot exceed gpu_memory_budget_bytes ({self.budget})")
            index = torch.device(self.compute_device).index or 0
            total = torch.cuda.get_device_properties(index).total_memory
            if self.budget > total:
                raise ConfigError(f"gpu_memory_budget_bytes ({self.budget}) is more than the GPU has ({total})")
            torch.cuda.set_per_process_memory_fraction(self.budget / total, index)
            limit_graph_caches(self.budget)
        frontend_opts = s.frontend.model_dump()
        self.frontend = get_loader("frontend", frontend_opts.pop("type"))(frontend_opts)
        on_gpu = self.compute_device.startswith("cuda")
        self.cache = VoiceCache(
            load=self._load_voice,
            to_compute=lambda v: v.to(self.placement.acoustic_device, self.placement.vocoder_device),
            to_host=lambda v: v.to("cpu", "cpu"),
            # On a CPU-only deployment the "compute" tier is host memory: one budget covers it.
            max_compute_bytes=s.max_gpu_bytes if on_gpu else s.max_cpu_bytes,
            max_host_bytes=s.max_cpu_bytes if on_gpu else 0,
            pinned={s.default_voice},
            telemetry=self.telemetry,
        )
        for name in [s.default_voice, *[v for v in s.preload_voices if v != s.default_voice]]:
            if name not in self.voices:
                raise ConfigError(f"preload voice {name!r} is not configured")
            try:
                voice = self.cache.get(name)
            except VoiceUnavailableError as exc:  # a broken voice the server must start with
                raise ConfigError(exc.message) from exc
            if voice.nbytes() > self.cache.max_compute_bytes and name == s.default_voice:
                raise ConfigError(
                    f"default voice {name!r} needs {voice.nbytes()} bytes, more than the compute budget "
                    f"({self.cache.max_compute_bytes} bytes): raise max_gpu_bytes/max_cpu_bytes"
                )
            if s.warmup:
                self._synthesize(name, WARMUP_TEXT, SynthesisOptions(), JobStats(), emit=lambda piece: None)
        self._publish_state()

    def _load_voice(self, name: str) -> LoadedVoice:
        manifest = self.voices[name]
        try:
            return LoadedVoice.load(manifest, self.placement, device="cpu")
        except ConfigError as exc:
            raise VoiceUnavailableError(f"voice {name!r} is unavailable: {exc.message}") from exc
        except Exception as exc:  # corrupt or truncated checkpoint, missing file
            raise VoiceUnavailableError(f"voice {name!r} is unavailable: {type(exc).__name__}: {exc}") from exc

    def _loop(self) -> None:
        stopping = False
        while not stopping:
            batch = [self.jobs.get()]
            batch += self._drain(batch[0])
            try:
                if batch[-1] is self.stop_token:
                    stopping = True
                    batch.pop()
                self.telemetry.queue_depth.set(self.jobs.qsize())
                for group in _group_by_voice(batch):
                    if len(group) == 1:
                        self._handle(group[0])
                    else:
                        self._handle_batch(group)
            finally:
                for _ in range(len(batch) + stopping):
                    self.jobs.task_done()
            if not self.healthy:
                self._fail_pending()
                return

    def _drain(self, first: Any) -> list[Any]:
        """Jobs already waiting (or arriving within `batch_wait_s`) that may run with `first` as one batch.
        Only short texts batch: a long text already batches its own sentences."""
        s = self.settings
        if first is self.stop_token or s.max_batch_jobs <= 1 or len(first.request.text) > s.batch_max_chars:
            return []
        more: list[Any] = []
        deadline = time.monotonic() + s.batch_wait_s
        while len(more) + 1 < s.max_batch_jobs:
            try:
                item = self.jobs.get(timeout=max(0.0, deadline - time.monotonic())) if s.batch_wait_s else self.jobs.get_nowait()
            except queue.Empty:
                break
            more.append(item)
            if item is self.stop_token or len(item.request.text) > s.batch_max_chars:
                break  # handled after this batch, in arrival order
        return more

    def _make_room(self) -> None:
        """Near the GPU budget: free the allocator's cached blocks, then idle voices, before the next job."""
        if not self.budget or torch.cuda.memory_reserved(self.compute_device) < 0.85 * self.budget:
            return
        torch.cuda.empty_cache()
        if torch.cuda.memory_reserved(self.compute_device) >= 0.85 * self.budget:
            self.cache.evict_idle()
            torch.cuda.empty_cache()
        now = time.monotonic()
        if torch.cuda.memory_reserved(self.compute_device) >= 0.85 * self.budget and now - self._graphs_cleared > 30:
            # captured again on their next use (tens of ms each): at most every 30 s, so that a server that sits
            # near its budget does not drop and recapture them for every job
            self._graphs_cleared = now
            clear_graph_caches()
            torch.cuda.empty_cache()

    def _handle(self, job: Job, *, progress: Progress | None = None, pieces: list[np.ndarray] | None = None) -> None:
        self._make_room()
        wait_s = time.monotonic() - job.enqueued_at
        if progress is None:
            self.telemetry.wait_seconds.observe(wait_s)
        if job.should_stop():
            self.telemetry.jobs.labels("skipped_cancelled").inc()
            return
        req = job.request
        t0 = time.perf_counter()
        stats = JobStats()
        stats.stages["frontend"].seconds += job.frontend_s
        progress = progress or Progress()
        pieces = [] if pieces is None else pieces
        try:
            chunk_frames = self.settings.vocoder_chunk_frames
            for attempt in (1, 2):
                try:
                    self._synthesize(req.voice, job.front or req.text, _options(req, self.settings), stats,
                                     emit=job.push if job.streaming else pieces.append, progress=progress,
                                     should_stop=job.should_stop, vocoder_chunk_frames=chunk_frames)
                    break
                except torch.cuda.OutOfMemoryError:
                    self._recover_oom(req.voice)
                    if attempt == 2:
                        raise OutOfMemoryError(
                            "the GPU ran out of memory for this request even after freeing idle voices; "
                            "retry, or send shorter text"
                        ) from None
                    chunk_frames = max(16, chunk_frames // 4)  # the retry vocodes in smaller chunks
        except Exception as exc:
            self._publish_state()  # before the caller hears of it: /v1/voices already shows the failure
            self._fail_unexpected(job, exc)
            return
        self._publish_state()
        self._finish(job, pieces, stats, wait_s=wait_s, synth_s=time.perf_counter() - t0)

    def _finish(self, job: Job, pieces: list[np.ndarray], stats: JobStats, *, wait_s: float, synth_s: float) -> None:
        req = job.request
        if job.should_stop():
            self.telemetry.jobs.labels("cancelled").inc()
            job.fail(RequestTimeoutError("synthesis stopped: the request was cancelled or timed out"))
            return
        rate = self.voices[req.voice].sample_rate_hz
        audio = np.concatenate(pieces) if pieces else np.zeros(0, dtype=np.float32)
        if req.sample_rate_hz and req.sample_rate_hz != rate:
            audio = resample(audio, rate, req.sample_rate_hz)
            rate = req.sample_rate_hz
        self._observe(stats, synth_s)
        self.telemetry.jobs.labels("ok").inc()
        job.resolve(
            SynthesisResult(
                request_id=job.request_id, audio=audio, sample_rate_hz=rate, voice=req.voice,
                emotion=self.voices[req.voice].emotion(req.emotion)[0], stats=stats, wait_s=wait_s, synth_s=synth_s,
            )
        )

    def _fail_unexpected(self, job: Job, exc: Exception) -> None:
        if isinstance(exc, TTSError):
            self.telemetry.jobs.labels(exc.code).inc()
            job.fail(exc)
        elif _is_fatal_cuda(exc):
            self.healthy = False
            self.failure = f"{type(exc).__name__}: {exc}"
            log.exception("fatal CUDA error; the worker stops")
            job.fail(EngineUnavailableError("the GPU worker hit an unrecoverable CUDA error"))
        else:
            log.error("job %s failed", job.request_id, exc_info=exc)
            self.telemetry.jobs.labels("internal_error").inc()
            job.fail(InternalError(f"synthesis failed ({type(exc).__name__}); request id {job.request_id}"))

    def _handle_batch(self, jobs: list[Job]) -> None:
        """Several short jobs for one voice: frontend per job, one acoustic pass over all their sentences
        (length-sorted), then vocoding per job in order. Results go to their own jobs. A per-job error fails
        that job only; an OOM falls back to the one-job path for the jobs not finished yet (their progress
        is kept, so nothing already streamed is sent twice)."""
        live = []
        for job in jobs:
            if job.should_stop():
                self.telemetry.jobs.labels("skipped_cancelled").inc()
            else:
                live.append(job)
        if len(live) <= 1:
            for job in live:
                self._handle(job)
            return
        self._make_room()
        self.telemetry.batch_size.observe(len(live))
        voice_name = live[0].request.voice
        t0 = time.perf_counter()
        batch_stats = JobStats()
        items: list[_BatchItem] = []
        finished: set[int] = set()  # id() of jobs already resolved or failed
        try:
            with torch.inference_mode():
                voice: LoadedVoice = self.cache.get(voice_name)
                for job in live:
                    item = _BatchItem(job, wait_s=time.monotonic() - job.enqueued_at)
                    self.telemetry.wait_seconds.observe(item.wait_s)
                    try:
                        with self.probe.stage(item.stats, "frontend"):
                            item.inputs = prepare_inputs(voice, self._front(job.front or job.request.text),
                                                         item.options(self.settings))
                        item.stats.stages["frontend"].seconds += job.frontend_s
                    except Exception as exc:  # this job's text or symbols: its own error, not the batch's
                        self._fail_unexpected(job, exc)
                        finished.add(id(job))
                        continue
                    items.append(item)
                flat = sorted(((k, i) for k, it in enumerate(items) for i in range(len(it.inputs))),
                              key=lambda ki: len(items[ki[0]].inputs[ki[1]].symbol_ids))
                outputs: dict[tuple[int, int], Any] = {}
                step = SENTENCES_PER_ACOUSTIC_CALL * 2
                for g in range(0, len(flat), step):
                    group = flat[g : g + step]
                    res = run_acoustic(voice, [items[k].inputs[i] for k, i in group], stats=batch_stats,
                                       probe=self.probe, fault_hook=self.fault_hook)
                    outputs.update(zip(group, res))
                # Jobs that do not stream: all their sentences through the vocoder in stacked windows.
                whole = [(k, i) for k, it in enumerate(items) if not it.job.streaming for i in range(len(it.inputs))]
                wavs: dict[tuple[int, int], Any] = {}
                if whole:
                    with self.probe.stage(batch_stats, "vocoder"):
                        if self.fault_hook:
                            self.fault_hook("vocoder")
                        out = voice.vocoder.infer_batch([outputs[ki].mel for ki in whole], **batch_vocoding(
                            self.settings.vocoder_chunk_frames, self.placement.vocoder_device))
                        wavs = {ki: w.cpu().numpy() for ki, w in zip(whole, out)}
                sinks = {}
                stream_stats = JobStats()  # the streamed jobs' shared vocoder rounds

                def finish(k: int, vocoder: StageStats) -> None:
                    item = items[k]
                    item.stats.stages["vocoder"] = replace(vocoder)  # a snapshot: the batch goes on
                    self._finish(item.job, item.pieces, item.stats, wait_s=item.wait_s, synth_s=time.perf_counter() - t0)
                    finished.add(id(item.job))

                for k, item in enumerate(items):
                    item.stats.stages["acoustic"] = replace(batch_stats.stages["acoustic"])  # one shared pass
                    sinks[k] = sink = item.sink(voice, self.settings)
                    if item.job.streaming:
                        continue
                    for i in range(len(item.inputs)):
                        sink.start_sentence(i)
                        sink.send(wavs[(k, i)])
                        sink.end_sentence(i)
                    finish(k, batch_stats.stages["vocoder"])
                streamed = [k for k, it in enumerate(items) if it.job.streaming]
                self._stream_batched(voice, [items[k] for k in streamed], [sinks[k] for k in streamed], outputs,
                                     streamed, stream_stats,
                                     finish=lambda j: finish(streamed[j], stream_stats.stages["vocoder"]))
        except torch.cuda.OutOfMemoryError:
            self._recover_oom(voice_name)
            by_job = {id(it.job): it for it in items}
            for job in live:
                if id(job) not in finished:
                    it = by_job.get(id(job))
                    self._handle(job, progress=it.progress if it else None, pieces=it.pieces if it else None)
        except Exception as exc:
            for job in live:
                if id(job) not in finished:
                    self._fail_unexpected(job, exc)
        finally:
            self._publish_state()

    def _stream_batched(self, voice: LoadedVoice, items: list["_BatchItem"], sinks: list[AudioSink],
                        outputs: dict[tuple[int, int], Any], keys: list[int], stats: JobStats, *,
                        finish: Callable[[int], None]) -> None:
        """Streamed jobs of one batch, vocoded together: sentence i of every job in lock step, each round one
        stacked forward pass over the jobs' next windows, each chunk sent to its own job as soon as it exists.
        `finish(j)` as soon as job j's last sentence is out. A job that stops (client gone, timeout) leaves
        the round after its current chunk and is finished (as cancelled) then."""
        stopped: set[int] = set()
        for i in range(max((len(it.inputs) for it in items), default=0)):
            live = [j for j, it in enumerate(items) if i < len(it.inputs) and j not in stopped]
            if not live:
                break
            for j in live:
                sinks[j].start_sentence(i)

            def keep(n: int, live=live) -> bool:
                if items[live[n]].job.should_stop():
                    stopped.add(live[n])
                    return False
                return True

            rounds = voice.vocoder.stream_batch([outputs[(keys[j], i)].mel for j in live],
                                                chunk_frames=self.settings.vocoder_chunk_frames, keep=keep)
            while True:
                with self.probe.stage(stats, "vocoder"):  # the generator computes inside next(): time that
                    if self.fault_hook:
                        self.fault_hook("vocoder")
                    chunks = next(rounds, None)
                    if chunks is not None:
                        chunks = {n: w.float().cpu().numpy() for n, w in chunks.items()}
                if chunks is None:
                    break
                for n, wav in chunks.items():
                    sinks[live[n]].send(wav)
            for j in live:
                if j in stopped:
                    finish(j)
                else:
                    sinks[j].end_sentence(i)
                    if i == len(items[j].inputs) - 1:
                        finish(j)

    def _front(self, text: str | FrontendOutput) -> FrontendOutput:
        """The frontend's output: made here from text, or already made by the frontend processes."""
        if self.fault_hook:
            self.fault_hook("frontend")
        return text if isinstance(text, FrontendOutput) else self.frontend.process(text)

    def _synthesize(self, voice_name: str, text: str | FrontendOutput, opts: SynthesisOptions, stats: JobStats, *,
                    emit: Callable[[np.ndarray], None], progress: Progress | None = None,
                    should_stop: Callable[[], bool] = lambda: False, vocoder_chunk_frames: int | None = None) -> None:
        with torch.inference_mode():
            voice: LoadedVoice = self.cache.get(voice_name)
            with self.probe.stage(stats, "frontend"):
                front = self._front(text)
            synthesize(voice, front, opts, emit=emit, progress=progress or Progress(), stats=stats,
                       probe=self.probe, should_stop=should_stop, fault_hook=self.fault_hook,
                       vocoder_chunk_frames=vocoder_chunk_frames)

    def _recover_oom(self, keep: str) -> None:
        evicted = self.cache.evict_idle(keep=keep)
        graphs = clear_graph_caches()
        if torch.cuda.is_available():
            torch.cuda.empty_cache()
        self.telemetry.oom_recoveries.labels("job").inc()
        log.warning("CUDA OOM recovered: evicted %d idle voice(s), dropped %d CUDA graph(s), emptied the allocator "
                    "cache", evicted, graphs)

    def _observe(self, stats: JobStats, synth_s: float) -> None:
        t = self.telemetry
        t.synthesis_seconds.observe(synth_s)
        for name, st in stats.stages.items():
            t.stage_seconds.labels(name).observe(st.seconds)
            if self.probe.cuda:
                t.stage_peak_bytes.labels(name).observe(st.peak_allocated_bytes)
        if stats.audio_seconds > 0:
            t.rtf.observe(synth_s / stats.audio_seconds)
            t.audio_seconds.inc(stats.audio_seconds)

    def _publish_state(self) -> None:
        cache = self.cache
        self._tiers = {row["voice"]: row["tier"] for row in cache.state()}
        self._failures = dict(cache.failed)
        c = cache.counters
        self._memory = {
            "compute_device": self.compute_device,
            "placement": {"acoustic": self.placement.acoustic_device, "vocoder": self.placement.vocoder_device,
                          "gpu_dtype": self.placement.gpu_dtype},
            "gpu_memory_budget_bytes": self.budget,
            "voice_cache": {
                "max_compute_bytes": cache.max_compute_bytes, "max_host_bytes": cache.max_host_bytes,
                "compute_bytes": cache.compute_bytes(), "host_bytes": cache.host_bytes(),
                "voices": cache.state(),
                "counters": vars(c).copy(),
            },
            "allocator": self.probe.snapshot(self.telemetry),
        }

    def _fail_pending(self) -> None:
        while True:
            try:
                item = self.jobs.get_nowait()
            except queue.Empty:
                return
            if isinstance(item, Job):
                item.fail(EngineUnavailableError(f"the GPU worker failed: {self.failure}"))
            self.jobs.task_done()


def _options(req: Any, settings: Settings) -> SynthesisOptions:
    return SynthesisOptions(speaker=req.speaker, emotion=req.emotion, speed=req.speed, pitch=req.pitch,
                            volume=req.volume, seed=req.seed, sentence_silence_s=settings.sentence_silence_s)


class _BatchItem:
    def __init__(self, job: Job, *, wait_s: float) -> None:
        self.job = job
        self.wait_s = wait_s
        self.stats = JobStats()
        self.progress = Progress()
        self.pieces: list[np.ndarray] = []
        self.inputs: list[Any] = []

    def options(self, settings: Settings) -> SynthesisOptions:
        return _options(self.job.request, settings)

    def sink(self, voice: LoadedVoice, settings: Settings) -> AudioSink:
        emit = self.job.push if self.job.streaming else self.pieces.append
        return AudioSink(emit, self.progress, self.stats, rate=voice.vocoder.sample_rate_hz,
                         gap_s=settings.sentence_silence_s, gain=self.job.request.volume)


def _group_by_voice(items: list[Any]) -> list[list[Any]]:
    groups: dict[str, list[Any]] = {}
    for item in items:
        groups.setdefault(item.request.voice, []).append(item)
    return list(groups.values())


def _is_fatal_cuda(exc: BaseException) -> bool:
    text = str(exc)
    return isinstance(exc, RuntimeError) and any(m in text for m in _FATAL_CUDA_MARKERS)
