"""Every Prometheus metric ttsserve exports, defined in one place, on a per-app registry (no globals), plus
the memory probes the worker uses around each pipeline stage.

The worker thread records into these objects; prometheus_client metrics are thread-safe.
"""

from __future__ import annotations

import os
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Iterator

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, ProcessCollector

from ttsserve.allocator import CUDA_ALLOC_ENV

STAGES = ("frontend", "acoustic", "vocoder")
# Known label values of the labelled counters: their series exist (at 0) from the start, so that dashboards
# show them and `rate()`/`increase()` alerts fire on the first event instead of missing it. Values outside
# these (e.g. a job's error code) still appear when they first happen.
CACHE_TIERS = ("compute", "host")  # evicted from
CACHE_SOURCES = ("cpu", "disk")  # a cache miss loaded from
OOM_STAGES = ("acoustic", "vocoder", "load")  # the scheduler step that hit the CUDA OOM
REJECT_REASONS = ("queue_full", "overloaded", "shutting_down")
JOB_OUTCOMES = ("ok", "cancelled", "skipped_cancelled", "client_disconnected", "internal_error")
_SECONDS_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120)
_BYTES_BUCKETS = tuple(float(2**p) for p in range(16, 36, 2))  # 64 KiB .. 32 GiB
# Diagnostics: with TTSSERVE_STAGE_SYNC=1 the probe waits for the device at the end of every stage (the old
# behaviour; `seconds` is then the host's wall time including that wait). Off: CUDA events, no wait.
STAGE_SYNC = os.environ.get("TTSSERVE_STAGE_SYNC") == "1"
_RTF_BUCKETS = (0.001, 0.003, 0.01, 0.03, 0.05, 0.1, 0.2, 0.3, 0.5, 1, 2)


class Telemetry:
    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        r = self.registry
        self.requests = Counter("ttsserve_requests", "HTTP synthesis requests by route and status", ["route", "status"], registry=r)
        self.rejected = Counter("ttsserve_rejected_requests", "Requests rejected before synthesis, by reason", ["reason"], registry=r)
        self.connections_closed = Counter("ttsserve_connections_closed", "Connections the HTTP server closed itself, by reason (too_many_connections, header_timeout, bad_request)", ["reason"], registry=r)
        self.open_connections = Gauge("ttsserve_open_connections", "HTTP connections open now", registry=r)
        self.queue_depth = Gauge("ttsserve_queue_depth", "Jobs waiting for the worker", registry=r)
        self.service_rate = Gauge("ttsserve_service_audio_seconds_per_second", "Admission control: measured seconds of audio the worker makes per busy second (0 until measured)", registry=r)
        self.estimated_wait = Gauge("ttsserve_estimated_wait_seconds", "Admission control: the wait estimated for the last request admitted or refused", registry=r)
        self.queue_capacity = Gauge("ttsserve_queue_capacity", "Maximum jobs that may wait", registry=r)
        # queued + running: what a replica has on its hands; the autoscaling signal (docs/scaling.md). The queue
        # alone stays near 0 until max_active_jobs are running, so it reacts only when a replica is already full.
        self.jobs_in_flight = Gauge("ttsserve_jobs_in_flight", "Jobs queued or running (admitted, not yet finished)", registry=r)
        self.wait_seconds = Histogram("ttsserve_queue_wait_seconds", "Time a job waited in the queue", buckets=_SECONDS_BUCKETS, registry=r)
        self.synthesis_seconds = Histogram("ttsserve_synthesis_seconds", "Worker time per job (all stages)", buckets=_SECONDS_BUCKETS, registry=r)
        self.stage_seconds = Histogram("ttsserve_stage_seconds", "Seconds per job and pipeline stage (on a GPU the device time of the passes the job was in, from CUDA events; the frontend: host time)", ["stage"], buckets=_SECONDS_BUCKETS, registry=r)
        self.stage_peak_bytes = Histogram("ttsserve_stage_peak_allocated_bytes", "Peak torch-allocated bytes during a stage, per job", ["stage"], buckets=_BYTES_BUCKETS, registry=r)
        self.stage_rss_peak_growth_bytes = Histogram(
            "ttsserve_stage_rss_peak_growth_bytes",
            "CPU deployments (Linux): growth of the process's peak resident memory during one pass of a stage (all "
            "jobs in the pass; process-wide), where the GPU allocator series are empty", ["stage"],
            buckets=_BYTES_BUCKETS, registry=r)
        self.rtf = Histogram("ttsserve_real_time_factor", "Synthesis seconds / audio seconds per job", buckets=_RTF_BUCKETS, registry=r)
        self.audio_seconds = Counter("ttsserve_audio_seconds", "Seconds of audio produced", registry=r)
        self.jobs = Counter("ttsserve_jobs", "Jobs finished by the worker, by outcome", ["outcome"], registry=r)
        self.allocated_bytes = Gauge("ttsserve_torch_allocated_bytes", "torch CUDA allocator: allocated bytes", ["device"], registry=r)
        self.reserved_bytes = Gauge("ttsserve_torch_reserved_bytes", "torch CUDA allocator: reserved bytes", ["device"], registry=r)
        self.device_used_bytes = Gauge("ttsserve_device_used_bytes", "Device memory in use (NVML, all processes)", ["device"], registry=r)
        self.device_total_bytes = Gauge("ttsserve_device_total_bytes", "Device memory total (NVML)", ["device"], registry=r)
        self.voice_resident_bytes = Gauge("ttsserve_voice_resident_bytes", "Weight bytes of a voice in a tier", ["voice", "tier"], registry=r)
        self.cache_hits = Counter("ttsserve_voice_cache_hits", "Voice found on its target device", registry=r)
        self.cache_misses = Counter("ttsserve_voice_cache_misses", "Voice had to be moved or loaded", ["source"], registry=r)
        self.cache_evictions = Counter("ttsserve_voice_cache_evictions", "Voices moved down a tier", ["tier"], registry=r)
        self.voice_load_seconds = Histogram("ttsserve_voice_load_seconds", "Time to bring a voice to its device, by source tier", ["source"], buckets=_SECONDS_BUCKETS, registry=r)
        self.oom_recoveries = Counter("ttsserve_oom_recoveries", "CUDA out-of-memory errors recovered, by the scheduler step that hit them", ["stage"], registry=r)
        self.worker_up = Gauge("ttsserve_worker_up", "1 while the GPU worker thread is healthy", registry=r)
        self.graph_cache_entries = Gauge("ttsserve_cuda_graph_cache_entries", "Captured CUDA graphs cached (Sambert decoder, FastSpeech2)", registry=r)
        self.graph_cache_bytes = Gauge("ttsserve_cuda_graph_cache_bytes", "Static buffers (and FastSpeech2's graph memory pool) of the cached CUDA graphs", registry=r)
        self.graph_captures = Gauge("ttsserve_cuda_graph_captures", "CUDA graphs captured since start", registry=r)
        self.batch_size = Histogram("ttsserve_batch_jobs", "Jobs active in one scheduler iteration", buckets=(1, 2, 4, 8, 16, 32, 64), registry=r)
        self.ws_connections = Gauge("ttsserve_websocket_connections", "Open WebSocket streaming connections", registry=r)
        self.ws_closed = Counter("ttsserve_websocket_closed", "WebSocket connections closed, by reason", ["reason"], registry=r)
        self.ws_first_audio_seconds = Histogram("ttsserve_websocket_first_audio_seconds", "WebSocket: from the delta that completed a clause to its first audio frame", buckets=_SECONDS_BUCKETS, registry=r)
        ProcessCollector(registry=r)  # process_resident_memory_bytes etc., for leak checks
        for metric, values in ((self.cache_evictions, CACHE_TIERS), (self.cache_misses, CACHE_SOURCES),
                               (self.oom_recoveries, OOM_STAGES), (self.rejected, REJECT_REASONS),
                               (self.jobs, JOB_OUTCOMES)):
            for value in values:
                metric.labels(value)  # creates the series at 0


# A long job (a 5,000-character stream) is in thousands of passes: beyond this many unread spans, the ones whose
# events have completed are read (a pass's events live until then), so what a job holds stays bounded.
PENDING_SPANS = 64


@dataclass
class StageStats:
    seconds: float = 0.0
    peak_allocated_bytes: int = 0
    # on a GPU: the DeviceSpans (two CUDA events) of passes not yet added to `seconds` (JobStats.settle)
    pending: list = field(default_factory=list)

    def add_spans(self, spans: list) -> None:
        self.pending.extend(spans)
        if len(self.pending) > PENDING_SPANS:
            self.settle(wait=False)

    def settle(self, *, wait: bool = True) -> None:
        """Add the spans' device time to `seconds` (`wait=False`: only the spans whose events have completed)."""
        keep = []
        for span in self.pending:
            if wait or span.ready():
                self.seconds += span.seconds()
            else:
                keep.append(span)
        self.pending = keep


@dataclass
class JobStats:
    """What one job cost, per stage; reported in response headers and metrics."""

    stages: dict[str, StageStats] = field(default_factory=lambda: {s: StageStats() for s in STAGES})
    audio_seconds: float = 0.0

    @property
    def peak_allocated_bytes(self) -> int:
        return max(s.peak_allocated_bytes for s in self.stages.values())

    @property
    def seconds(self) -> float:
        return sum(s.seconds for s in self.stages.values())

    def settle(self) -> None:
        """Add the device time of the GPU passes recorded by events (MemoryProbe.stage) to each stage's seconds.
        Call when the job's work is done (its audio is on the host, so its events have completed)."""
        for st in self.stages.values():
            st.settle()


class DeviceSpan:
    """A pass's device time between two CUDA events, read once however many jobs shared the pass."""

    __slots__ = ("start", "end", "_seconds")

    def __init__(self, start, end) -> None:
        self.start, self.end, self._seconds = start, end, None

    def ready(self) -> bool:
        return self._seconds is not None or self.end.query()

    def seconds(self) -> float:
        if self._seconds is None:
            self.end.synchronize()
            self._seconds = self.start.elapsed_time(self.end) / 1e3
            self.start = self.end = None  # the events go back to the driver
        return self._seconds


def cuda_allocator(torch_module, device) -> dict[str, int]:
    """The CUDA caching allocator's current and peak allocated bytes and its reserved bytes, from one read of its
    counters: `allocated`, `peak_allocated`, `reserved`. `torch.cuda.memory_allocated()` and its siblings each
    flatten every allocator statistic into a Python dict first (~0.1-0.3 ms per call on an H200), and the worker
    reads these around every stage; this takes the three numbers from the nested counters torch keeps (public
    functions as the fallback)."""
    cuda = torch_module.cuda
    try:
        index = cuda._utils._get_device_index(device, optional=True)
        stats = torch_module._C._cuda_memoryStats(index)
        alloc, reserved = stats["allocated_bytes"]["all"], stats["reserved_bytes"]["all"]
        return {"allocated": int(alloc["current"]), "peak_allocated": int(alloc["peak"]),
                "reserved": int(reserved["current"])}
    except (AttributeError, KeyError, TypeError, ValueError, RuntimeError):
        return {"allocated": int(cuda.memory_allocated(device)), "peak_allocated": int(cuda.max_memory_allocated(device)),
                "reserved": int(cuda.memory_reserved(device))}


class MemoryProbe:
    """Peak allocated bytes of the torch CUDA allocator around a region; on a CPU deployment, the growth of the
    process's peak resident memory instead (`RssPeak`; Linux), into `telemetry` when given.

    Created by the worker (which owns torch). Each `stage()` resets the peak counter first, so the peak
    belongs to that stage alone. On a GPU the probe never waits for the device: the allocator's figures are
    host-side bookkeeping (a kernel's memory is allocated when it is launched), and the stage's device time is
    taken from two CUDA events, read when the job is done (`JobStats.settle`). Waiting for the device after every
    stage, as this probe once did, left the GPU idle while the worker prepared the next launches (issue 20).
    `TTSSERVE_STAGE_SYNC=1` brings that wait back (a diagnostic for A/B runs).
    """

    def __init__(self, torch_module, device: str, telemetry: Telemetry | None = None) -> None:
        self.torch = torch_module
        self.cuda = device.startswith("cuda") and torch_module.cuda.is_available()
        self.device = device
        self.telemetry = telemetry
        self.rss = RssPeak() if not self.cuda and telemetry is not None and RssPeak.available() else None
        # the CUDA allocator's settings in force (settings.cuda_alloc_conf or the operator's), read once: torch
        # read them when its allocator started and ignores later changes
        self.cuda_alloc_conf = os.environ.get(CUDA_ALLOC_ENV) if self.cuda else None

    @contextmanager
    def stage(self, stats: JobStats, name: str, *, host: bool = False) -> Iterator[None]:
        """`host`: the stage is host work (the text frontend, a voice load): its seconds are the host's time."""
        st = stats.stages[name]
        start = None
        if self.cuda:
            self.torch.cuda.reset_peak_memory_stats(self.device)
            if not host and not STAGE_SYNC:  # device time from two events, read when the job is done
                start = self.torch.cuda.Event(enable_timing=True)
                start.record(self.torch.cuda.current_stream(self.device))
        base = self._rss(self.rss.reset) if self.rss else None
        t0 = time.perf_counter()
        try:
            yield
        finally:
            if start is not None:
                end = self.torch.cuda.Event(enable_timing=True)
                end.record(self.torch.cuda.current_stream(self.device))
                st.add_spans([DeviceSpan(start, end)])
            else:  # host time (with STAGE_SYNC on a GPU: after waiting for the device)
                if self.cuda and not host:
                    self.torch.cuda.synchronize(self.device)
                st.seconds += time.perf_counter() - t0
            if self.cuda:
                st.peak_allocated_bytes = max(st.peak_allocated_bytes,
                                              cuda_allocator(self.torch, self.device)["peak_allocated"])
            peak = self._rss(self.rss.peak) if self.rss and base is not None else None
            if peak is not None:
                self.telemetry.stage_rss_peak_growth_bytes.labels(name).observe(max(0, peak - base))

    @staticmethod
    def _rss(read) -> int | None:
        try:
            return read()
        except OSError:  # telemetry must never fail a job
            return None

    def snapshot(self, telemetry: Telemetry, *, graphs: dict[str, int] | None = None) -> dict[str, int | str | None]:
        """Allocator (and NVML) figures, into the gauges and returned; `graphs`: the worker's CUDA-graph cache's
        `stats()` (at least `cached`, `cached_bytes`, `captures`), exported too."""
        if graphs is not None:
            telemetry.graph_cache_entries.set(graphs["cached"])
            telemetry.graph_cache_bytes.set(graphs["cached_bytes"])
            telemetry.graph_captures.set(graphs["captures"])
        if not self.cuda:
            return {}
        now = cuda_allocator(self.torch, self.device)
        alloc, reserved = now["allocated"], now["reserved"]
        telemetry.allocated_bytes.labels(self.device).set(alloc)
        telemetry.reserved_bytes.labels(self.device).set(reserved)
        # torch's own max_memory_reserved is reset with every stage's peak counter: keep our own high-water mark
        # (sampled after every scheduler iteration, when reserved memory is at its iteration's height)
        self.max_reserved_bytes = max(getattr(self, "max_reserved_bytes", 0), reserved)
        out = {"allocated_bytes": alloc, "reserved_bytes": reserved, "max_reserved_bytes": self.max_reserved_bytes,
               "cuda_alloc_conf": self.cuda_alloc_conf}
        if graphs is not None:
            out.update(cuda_graph_cache_entries=graphs["cached"], cuda_graph_cache_bytes=graphs["cached_bytes"])
        nvml = _nvml_memory(self.device)
        if nvml is not None:
            used, total = nvml
            telemetry.device_used_bytes.labels(self.device).set(used)
            telemetry.device_total_bytes.labels(self.device).set(total)
            out.update(device_used_bytes=used, device_total_bytes=total)
        return out


class RssPeak:
    """The process's peak resident memory (VmHWM), reset on demand through /proc/self/clear_refs ("5": Linux 4.0+):
    the peak during a region minus the resident memory at its start is what the region needed beyond what the
    process already held (large tensors, which malloc maps and unmaps, show in full; memory that malloc reuses
    does not). Process-wide: other threads' allocations in the region count too. About 30 us per region."""

    @staticmethod
    def available() -> bool:
        try:
            RssPeak().reset()
            return True
        except OSError:
            return False

    def reset(self) -> int:
        """Reset the peak to the current resident memory; returns that, in bytes."""
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
        return self._read("VmRSS:")

    def peak(self) -> int:
        return self._read("VmHWM:")

    @staticmethod
    def _read(key: str) -> int:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith(key):
                    return int(line.split()[1]) * 1024  # kB
        raise OSError(f"{key} not in /proc/self/status")


_NVML_HANDLES: dict[int, object] = {}


def _nvml_memory(device: str) -> tuple[int, int] | None:
    """Device memory used/total from NVML (nvidia-ml-py, optional); initialised once per process."""
    try:
        import pynvml
    except ImportError:
        return None
    try:
        index = int(device.split(":")[1]) if ":" in device else 0
        handle = _NVML_HANDLES.get(index)
        if handle is None:
            pynvml.nvmlInit()
            handle = _NVML_HANDLES[index] = pynvml.nvmlDeviceGetHandleByIndex(index)
        info = pynvml.nvmlDeviceGetMemoryInfo(handle)
        return int(info.used), int(info.total)
    except Exception:  # NVML missing or the driver refuses: telemetry must never fail a job
        return None
