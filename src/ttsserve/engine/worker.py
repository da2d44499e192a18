"""The GPU worker: one thread that owns every torch call, the voice cache, the frontend and the scheduler.

It starts (placement, budget, voice cache, default voice loaded and warmed), then loops: admit queued jobs
into the scheduler (engine/scheduler.py), run one scheduler iteration, publish state. Errors:
- a job's own failure (bad text, unknown symbol, a bug in its input) goes back to that caller only;
- CUDA out-of-memory is recovered inside the scheduler (idle voices evicted, CUDA graphs dropped, the
  allocator cache emptied, the iteration budget halved, the step retried);
- anything else that escapes an iteration (a fatal CUDA error such as a device-side assert, or a bug in
  the scheduler itself) ends the engine at once: every active and queued job gets 503, `/readyz` says why,
  and `submit` refuses new jobs.
"""

from __future__ import annotations

import cProfile
import logging
import os
import queue
import sys
import threading
import time
from typing import Any, Callable

import torch

from ttsserve.allocator import Trimmer
from ttsserve.engine.admission import ServiceRate
from ttsserve.engine.engine import Job, SynthesisRequest
from ttsserve.engine.graphs import CudaGraphCache
from ttsserve.engine.scheduler import Scheduler
from ttsserve.engine.voice_cache import VoiceCache
from ttsserve.errors import ConfigError, EngineUnavailableError, ShuttingDownError, TTSError, VoiceUnavailableError
from ttsserve.pipeline.base import FrontendOutput, TextFrontend, get_loader
from ttsserve.pipeline.torch_stage import cpu_has_native_bfloat16
from ttsserve.pipeline.voice import LoadedVoice, Placement
from ttsserve.settings import Settings, usable_cpus
from ttsserve.telemetry import MemoryProbe, Telemetry, cuda_allocator
from ttsserve.voices import VoiceManifest

log = logging.getLogger(__name__)

WARMUP_TEXT = "你好。"
PUBLISH_EVERY_S = 0.25  # how often the worker refreshes the state other threads read (/v1/memory, /metrics)
# A CUDA graph put off while busy is captured when the worker has had no job for this long: under bursty traffic
# (WebSocket clauses) the worker is idle for milliseconds at a time, and a capture begun then (60-200 ms) would
# hold up the job that arrives next.
IDLE_CAPTURE_QUIET_S = 0.25
# Diagnostics (as scheduler.PHASE_SYNC): TTSSERVE_WORKER_PROFILE=FILE runs the worker's loop under cProfile and
# writes the statistics (pstats' format) to FILE when the worker stops: where the worker's own time goes under a
# load (bench/load_profile_gpu.sh). Slower; for profiling only. On Python 3.12 the statistics also hold the other
# threads' calls (HTTP, frontend hand-off: seen in session 29's device run), on 3.11 the worker's alone.
WORKER_PROFILE = os.environ.get("TTSSERVE_WORKER_PROFILE") or None
# TTSSERVE_SWITCH_INTERVAL_MS (a diagnostic for A/B runs, not a setting): the interpreter's switch interval
# (`sys.setswitchinterval`, Python's default 5 ms) set when the worker starts. The worker releases the interpreter
# lock inside every torch call and waits for it after; the event loop's thread, busy with many streams, keeps it
# up to the interval. Session 31 modelled it on a CPU (bench/gil_handoff.py); session 36 measures it in a GPU server.
SWITCH_INTERVAL_MS = os.environ.get("TTSSERVE_SWITCH_INTERVAL_MS") or None


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
        service_rate: ServiceRate | None = None,
    ) -> None:
        self.settings = settings
        self.service_rate = service_rate or ServiceRate()  # fed here, read by the engine's admission control
        self.telemetry = telemetry
        self.voices = voices
        # weights key -> the manifest its weights load from (a full voice's own, before any alias's); several voice
        # names (aliases, voices.py) may run one model: the cache holds it once, under this key
        self._weights: dict[str, VoiceManifest] = {}
        for m in sorted(voices.values(), key=lambda m: m.name != m.weights_key()):
            self._weights.setdefault(m.weights_key(), m)
        self._views: dict[str, tuple[LoadedVoice, LoadedVoice]] = {}  # alias -> (cached voice, its view)
        self.jobs = jobs
        self.stop_token = stop_token
        self.healthy = True
        self.failure: str | None = None
        # Test hook: called with the stage name before each stage runs (fault injection).
        self.fault_hook: Callable[[str], None] | None = None
        self._thread = threading.Thread(target=self._run, name="ttsserve-gpu-worker", daemon=True)
        self._started = threading.Event()
        self.native_thread_id: int | None = None  # the worker thread's id in /proc (benchmarks read its CPU time)
        self._startup_error: BaseException | None = None
        self._tiers: dict[str, str] = {}
        self._failures: dict[str, str] = {}
        self._memory: dict[str, Any] = {}
        self.frontend: TextFrontend | None = None
        self.cache: VoiceCache | None = None
        self.graphs: CudaGraphCache | None = None  # every voice's captured CUDA graphs (made in _setup)

    # ------------------------------------------------------------------ lifecycle (called by the engine)
    def start_and_wait(self) -> None:
        if SWITCH_INTERVAL_MS:
            sys.setswitchinterval(float(SWITCH_INTERVAL_MS) / 1000)
            log.warning("diagnostic: the interpreter's switch interval is %s ms", SWITCH_INTERVAL_MS)
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
        self.native_thread_id = threading.get_native_id()
        try:
            self._setup()
        except BaseException as exc:  # reported to start_and_wait(), which raises it in the caller
            self._startup_error = exc if isinstance(exc, TTSError) else ConfigError(f"worker startup failed: {exc}")
            log.exception("worker startup failed")
            self._started.set()
            return
        self.telemetry.worker_up.set(1)
        self._started.set()
        profile = cProfile.Profile() if WORKER_PROFILE else None
        try:
            if profile is not None:
                profile.enable()
            self._loop()
        finally:
            if profile is not None:
                profile.disable()
                profile.dump_stats(WORKER_PROFILE)
            self.telemetry.worker_up.set(0)

    def _cpu_vocoder_autocast(self) -> str | None:
        """The `cpu_vocoder_dtype` setting as this CPU can honour it: bfloat16 only where it is native."""
        if self.settings.cpu_vocoder_dtype == "float32":
            return None
        if not cpu_has_native_bfloat16():
            log.warning("cpu_vocoder_dtype=%s: this CPU has no native bfloat16 (AVX512-BF16 or AMX), where "
                        "autocast would be slower; vocoders on the CPU run float32", self.settings.cpu_vocoder_dtype)
            return None
        return self.settings.cpu_vocoder_dtype

    def _setup(self) -> None:
        s = self.settings
        torch.set_num_threads(s.torch_threads or usable_cpus())
        try:  # one model call at a time: no inter-op pool to keep busy
            torch.set_num_interop_threads(1)
        except RuntimeError:  # torch already ran inter-op work in this process (ttsserve embedded in an app)
            pass
        self.placement = Placement(
            acoustic_device=resolve_device(s.stage_device("acoustic")),
            vocoder_device=resolve_device(s.stage_device("vocoder")),
            gpu_dtype=s.dtype,
            cpu_vocoder_autocast=self._cpu_vocoder_autocast(),
            vocoder_pad_windows=s.vocoder_pad_windows,
            vocoder_narrow_kernels=s.vocoder_narrow_kernels,
        )
        self.compute_device = next(
            (d for d in (self.placement.acoustic_device, self.placement.vocoder_device) if d.startswith("cuda")), "cpu"
        )
        self.probe = MemoryProbe(torch, self.compute_device, self.telemetry)
        self._graphs_cleared = float("-inf")  # when _make_room last dropped the CUDA graphs
        self._published_at = float("-inf")
        self.trimmer = Trimmer(s.malloc_trim_interval_s)
        self.budget = s.gpu_memory_budget_bytes if self.compute_device.startswith("cuda") else None
        if self.budget:
            if s.max_gpu_bytes > self.budget:
                raise ConfigError(f"max_gpu_bytes ({s.max_gpu_bytes}) cannot exceed gpu_memory_budget_bytes ({self.budget})")
            index = torch.device(self.compute_device).index or 0
            total = torch.cuda.get_device_properties(index).total_memory
            if self.budget > total:
                raise ConfigError(f"gpu_memory_budget_bytes ({self.budget}) is more than the GPU has ({total})")
            torch.cuda.set_per_process_memory_fraction(self.budget / total, index)
        if self.compute_device.startswith("cuda"):
            torch.backends.cudnn.benchmark = s.cudnn_benchmark
        # one cache for every stage's CUDA graphs; under a budget a quarter of it (CudaGraphCache.for_budget)
        self.graphs = CudaGraphCache.for_budget(self.budget)
        self.graphs.capture_after = s.cuda_graph_capture_after
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
            pinned={self._key(s.default_voice)},
            telemetry=self.telemetry,
        )
        self.scheduler = Scheduler(
            settings=s, telemetry=self.telemetry, probe=self.probe, get_voice=self._get_voice, frontend=self._front,
            recover_oom=self._recover_oom, fault_hook=lambda: self.fault_hook, retired=self._retired,
            publish=self._publish_state, produced=self._produced,
            stack_windows=self.placement.vocoder_device.startswith("cuda"),
            batch_acoustic=self.placement.acoustic_device.startswith("cuda"),
        )
        for name in [s.default_voice, *[v for v in s.preload_voices if v != s.default_voice]]:
            if name not in self.voices:
                raise ConfigError(f"preload voice {name!r} is not configured")
            try:
                voice = self._get_voice(name)
            except VoiceUnavailableError as exc:  # a broken voice the server must start with
                raise ConfigError(exc.detail or exc.message) from exc
            if voice.nbytes() > self.cache.max_compute_bytes and name == s.default_voice:
                raise ConfigError(
                    f"default voice {name!r} needs {voice.nbytes()} bytes, more than the compute budget "
                    f"({self.cache.max_compute_bytes} bytes): raise max_gpu_bytes/max_cpu_bytes"
                )
            if s.warmup:
                self._warm(name)
        self._publish_state()

    def _key(self, name: str) -> str:
        return self.voices[name].weights_key() if name in self.voices else name

    def _keys(self, names) -> set[str]:
        return {self._key(n) for n in names}

    def _get_voice(self, name: str, *, count: bool = True) -> LoadedVoice:
        """The voice `name`, ready on the compute tier: its weights from the cache (under their key), seen through
        the voice's own manifest where it is an alias of another voice's model."""
        manifest = self.voices.get(name)
        voice = self.cache.get(self._key(name), count=count)
        if manifest is None or voice.manifest is manifest:
            return voice
        cached = self._views.get(name)
        if cached is None or cached[0] is not voice:  # first use, or the weights were dropped and reloaded since
            cached = self._views[name] = (voice, voice.view(manifest))
        return cached[1]

    def _load_voice(self, name: str) -> LoadedVoice:
        manifest = self._weights[name]
        try:
            return LoadedVoice.load(manifest, self.placement, device="cpu", graphs=self.graphs)
        except Exception as exc:  # corrupt or truncated checkpoint, missing file, bad stage options
            # The client (and /v1/voices) learns that it failed; paths and library error text go to the log.
            detail = exc.message if isinstance(exc, ConfigError) else f"{type(exc).__name__}: {exc}"
            log.error("voice %r cannot be loaded: %s", name, detail)
            raise VoiceUnavailableError(f"voice {name!r} is unavailable: its weights could not be loaded "
                                        "(the server log says why)", detail=f"voice {name!r}: {detail}") from exc

    def _loop(self) -> None:
        """Admit waiting jobs, run one scheduler iteration, repeat. An exception that escapes an iteration is not
        any one job's: every waiter is failed at once and the worker stops (engine death, fail fast)."""
        stopping = False
        sched = self.scheduler
        idle_wait_s = None  # after an iteration that found nothing to run: wait a little for new jobs, not spin
        try:
            while not (stopping and sched.idle):
                capture = sched.idle and self._may_capture_now()
                # (with a capture waiting: wait for a job up to IDLE_CAPTURE_QUIET_S, capture if none came)
                stopping = self._admit(block=sched.idle and not capture,
                                       wait_s=IDLE_CAPTURE_QUIET_S if capture else idle_wait_s) or stopping
                if stopping:
                    sched.fail_all(ShuttingDownError("the server shut down before this request finished"))
                    break
                if sched.idle:
                    if capture:  # no job for a while: a CUDA graph put off while busy is captured now
                        with torch.inference_mode():
                            self.graphs.capture_pending()
                    continue
                self._make_room()
                # a new CUDA-graph shape is captured at once only while no other job would wait on the capture
                self.graphs.busy = len(sched.tasks) > 1
                started = time.monotonic()
                with torch.inference_mode():
                    ran = sched.iterate()
                    idle_wait_s = None if ran else 0.005
                now = time.monotonic()
                if ran:
                    self.service_rate.busy(now - started)
                # memory probes and NVML: a few times a second, not every iteration; and once when the worker
                # goes idle, unless the iteration already did (the scheduler publishes before its last job ends)
                if now - self._published_at >= PUBLISH_EVERY_S or (sched.idle and self._published_at < started):
                    self._publish_state()
                self.trimmer.maybe_trim(now)
        except BaseException as exc:
            self.healthy = False
            self.failure = f"{type(exc).__name__}: {exc}"
            log.exception("the scheduler failed; every waiting request gets 503 and the worker stops")
            error = EngineUnavailableError(f"the synthesis engine failed ({type(exc).__name__}); see /readyz")
            sched.fail_all(error)
            self.fail_pending(error)

    def _may_capture_now(self) -> bool:
        """Deferred CUDA-graph captures are waiting, and the GPU is not near its budget."""
        if not self.graphs.pending:
            return False
        return not self.budget or torch.cuda.memory_reserved(self.compute_device) < 0.85 * self.budget

    def _admit(self, *, block: bool, wait_s: float | None = None) -> bool:
        """Move queued jobs into the scheduler, up to `max_active_jobs`; wait for one when idle (or up to
        `wait_s` for the first). True once the stop token arrived."""
        sched = self.scheduler
        while len(sched.tasks) < self.settings.max_active_jobs:
            try:
                if block or wait_s:
                    item = self.jobs.get(timeout=0.5 if block else wait_s)
                else:
                    item = self.jobs.get_nowait()
            except queue.Empty:
                return False
            if item is self.stop_token:
                self.jobs.task_done()
                return True
            sched.admit(item)
            self.telemetry.queue_depth.set(self.jobs.qsize())
            block, wait_s = False, None
        return False

    def _retired(self, job: Any) -> None:
        """A job left the scheduler (finished, failed or cancelled): the queue counts it as done."""
        if job is not None and not isinstance(job, _WarmupJob):
            self.jobs.task_done()

    def _produced(self, job: Any, audio_s: float) -> None:
        """A job got `audio_s` seconds of audio: they count towards the measured service rate."""
        if not isinstance(job, _WarmupJob):
            job.audio_made += audio_s
            self.service_rate.produced(audio_s)

    def _make_room(self) -> None:
        """Near the GPU budget: free the allocator's cached blocks, then idle voices, then CUDA graphs."""
        if not self.budget or cuda_allocator(torch, self.compute_device)["reserved"] < 0.85 * self.budget:
            return
        torch.cuda.empty_cache()
        if torch.cuda.memory_reserved(self.compute_device) >= 0.85 * self.budget:
            self.cache.evict_idle(keep=self._keys(self.scheduler.voices_in_use()))
            torch.cuda.empty_cache()
        now = time.monotonic()
        if torch.cuda.memory_reserved(self.compute_device) >= 0.85 * self.budget and now - self._graphs_cleared > 30:
            # captured again on their next use (tens of ms each): at most every 30 s, so that a server that sits
            # near its budget does not drop and recapture them for every iteration
            self._graphs_cleared = now
            self.graphs.clear()
            torch.cuda.empty_cache()

    def _front(self, text: str | FrontendOutput) -> FrontendOutput:
        """The frontend's output: made here from text, or already made by the frontend processes."""
        return text if isinstance(text, FrontendOutput) else self.frontend.process(text)

    def _warm(self, name: str) -> None:
        """Synthesize one sentence with `name` through the scheduler (captures, allocator, caches warm)."""
        job = _WarmupJob(SynthesisRequest(text=WARMUP_TEXT, voice=name))
        self.scheduler.admit(job)
        with torch.inference_mode():
            while not self.scheduler.idle:
                self.scheduler.iterate()
        if job.error is not None:
            raise job.error

    def _recover_oom(self, keep: str | None, stage: str, drop_graphs: bool = True) -> None:
        """Give memory back after a CUDA OOM: idle voices and the allocator's cached blocks, and the captured CUDA
        graphs when `drop_graphs` (the scheduler keeps them at a step's first OOM, drops them at its second)."""
        evicted = self.cache.evict_idle(keep=self._keys(self.scheduler.voices_in_use() | ({keep} if keep else set())))
        dropped = self.graphs.clear() if drop_graphs else 0
        if torch.cuda.is_available():
            torch.cuda.empty_cache()
        self.telemetry.oom_recoveries.labels(stage).inc()
        log.warning("CUDA OOM recovered (%s): evicted %d idle voice(s), dropped %d CUDA graph(s)%s, emptied the "
                    "allocator cache", stage, evicted, dropped, "" if drop_graphs else " (kept for now)")

    def _publish_state(self) -> None:
        self._published_at = time.monotonic()
        cache = self.cache
        tiers = {row["voice"]: row["tier"] for row in cache.state()}
        self._tiers = {n: tiers[m.weights_key()] for n, m in self.voices.items() if m.weights_key() in tiers}
        self._failures = {n: cache.failed[m.weights_key()] for n, m in self.voices.items() if m.weights_key() in cache.failed}
        c = cache.counters
        graph_stats = self.graphs.stats()
        self._memory = {
            "compute_device": self.compute_device,
            "placement": {"acoustic": self.placement.acoustic_device, "vocoder": self.placement.vocoder_device,
                          "gpu_dtype": self.placement.gpu_dtype,
                          "cpu_vocoder_dtype": self.placement.cpu_vocoder_autocast or "float32"},
            "gpu_memory_budget_bytes": self.budget,
            "voice_cache": {
                "max_compute_bytes": cache.max_compute_bytes, "max_host_bytes": cache.max_host_bytes,
                "compute_bytes": cache.compute_bytes(), "host_bytes": cache.host_bytes(),
                "host_copy_bytes": cache.host_copy_bytes(),
                "voices": cache.state(),
                "counters": vars(c).copy(),
            },
            "allocator": self.probe.snapshot(self.telemetry, graphs=graph_stats),
            "cuda_graphs_by_kind": self.graphs.kinds(),
            # the cache's counters (captures, replays, eager fallbacks, deferred captures, ...): a benchmark reads
            # the difference across a level to tell replayed passes from eager ones
            "cuda_graph_stats": graph_stats,
            "malloc_trim": {"interval_s": self.trimmer.interval_s, **self.trimmer.stats},
            "scheduler": {"iterations": self.scheduler.iterations_timed,
                          "phase_seconds": {k: round(v, 4) for k, v in self.scheduler.phase_seconds.items()},
                          "phase_cpu_seconds": {k: round(v, 4) for k, v in self.scheduler.phase_cpu_seconds.items()},
                          "thread_id": self.native_thread_id},
        }

    def fail_pending(self, error: BaseException) -> None:
        """Fail every job still queued (the worker has failed or stopped). Safe from any thread: each job is taken
        off the queue once."""
        while True:
            try:
                item = self.jobs.get_nowait()
            except queue.Empty:
                return
            if isinstance(item, Job):
                item.fail(error)
            self.jobs.task_done()


class _WarmupJob:
    """The warm-up's stand-in for an engine Job: no caller waits on it."""

    request_id = "warmup"
    streaming = False
    front = None
    frontend_s = 0.0
    pieces_pending = 0

    def __init__(self, request: SynthesisRequest) -> None:
        self.request = request
        self.enqueued_at = time.monotonic()
        self.error: BaseException | None = None

    def should_stop(self) -> bool:
        return False

    def push(self, piece) -> None:
        pass

    def resolve(self, result) -> None:
        pass

    def fail(self, exc: BaseException) -> None:
        self.error = exc
