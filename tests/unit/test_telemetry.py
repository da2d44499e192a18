"""Labelled counters export their known series at 0 from the start (dashboards, rate() alerts); on a CPU
deployment the stages' host memory is measured where the GPU allocator series are empty."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from prometheus_client import generate_latest

from ttsserve.telemetry import JobStats, MemoryProbe, RssPeak, Telemetry


def test_known_label_values_start_at_zero():
    text = generate_latest(Telemetry().registry).decode()
    for series in (
        'ttsserve_voice_cache_evictions_total{tier="compute"} 0.0',
        'ttsserve_voice_cache_evictions_total{tier="host"} 0.0',
        'ttsserve_voice_cache_misses_total{source="disk"} 0.0',
        'ttsserve_oom_recoveries_total{stage="acoustic"} 0.0',
        'ttsserve_oom_recoveries_total{stage="vocoder"} 0.0',
        'ttsserve_oom_recoveries_total{stage="load"} 0.0',
        'ttsserve_rejected_requests_total{reason="queue_full"} 0.0',
        'ttsserve_jobs_total{outcome="ok"} 0.0',
    ):
        assert series + "\n" in text, series


def _samples(t: Telemetry, stage: str) -> tuple[float, float]:
    count = t.registry.get_sample_value("ttsserve_stage_rss_peak_growth_bytes_count", {"stage": stage})
    total = t.registry.get_sample_value("ttsserve_stage_rss_peak_growth_bytes_sum", {"stage": stage})
    return count or 0.0, total or 0.0


@pytest.mark.skipif(not RssPeak.available(), reason="needs Linux /proc/self/clear_refs")
def test_cpu_stage_host_memory_is_the_growth_of_the_peak_resident_memory():
    import gc

    import mmap

    gc.collect()  # the measure is process-wide: earlier tests' garbage freed inside the stage would hide the peak
    t = Telemetry()
    probe = MemoryProbe(torch, "cpu", t)
    stats = JobStats()
    with probe.stage(stats, "vocoder"):
        # 160 MB mapped afresh, every page written, then unmapped inside the stage. (Not a torch tensor: after some
        # earlier tests in the same process a 160-MB tensor was served from memory already resident, so the peak
        # did not move; a fresh anonymous mapping always adds its pages.)
        block = mmap.mmap(-1, 160_000_000)
        np.frombuffer(block, dtype=np.uint8)[::4096] = 1
        block.close()
    with probe.stage(stats, "acoustic"):
        torch.ones(1000).sum()
    count, total = _samples(t, "vocoder")
    assert count == 1 and 150e6 <= total < 200e6  # ~all of the mapping shows
    count, total = _samples(t, "acoustic")
    assert count == 1 and total < 20e6
    assert stats.stages["vocoder"].seconds > 0 and stats.stages["vocoder"].peak_allocated_bytes == 0


def test_no_host_probe_without_telemetry():
    assert MemoryProbe(torch, "cpu").rss is None


class _FakeEvent:
    """Stands in for torch.cuda.Event: the fake device runs each recorded span in 2 ms."""

    def __init__(self, log, enable_timing=False):
        self.log, self.recorded, self.waited = log, None, False
        assert enable_timing

    def record(self, stream=None):
        self.recorded = len(self.log)
        self.log.append("record")

    def synchronize(self):
        self.waited = True

    def query(self):  # the fake device has finished whatever was recorded
        self.waited = True
        return True

    def elapsed_time(self, end):
        assert end.waited, "read before its end event completed"
        self.log.append("elapsed")
        return 2.0


class _FakeCuda:
    def __init__(self):
        self.log, self.peak = [], 0

    def is_available(self):
        return True

    def Event(self, enable_timing=False):  # noqa: N802 - torch's name
        return _FakeEvent(self.log, enable_timing)

    def current_stream(self, device=None):
        return None

    def reset_peak_memory_stats(self, device=None):
        self.log.append("reset")

    def max_memory_allocated(self, device=None):
        return 1234

    def memory_allocated(self, device=None):
        return 1000

    def memory_reserved(self, device=None):
        return 2048

    def synchronize(self, device=None):
        self.log.append("synchronize")


def test_gpu_stage_never_waits_for_the_device_and_settles_its_time_from_events(monkeypatch):
    import types

    import ttsserve.telemetry as tel

    monkeypatch.setattr(tel, "STAGE_SYNC", False)
    fake = types.SimpleNamespace(cuda=_FakeCuda())
    probe = MemoryProbe(fake, "cuda:0")
    stats = JobStats()
    for _ in range(3):
        with probe.stage(stats, "vocoder"):
            pass
    with probe.stage(stats, "frontend", host=True):
        pass
    assert "synchronize" not in fake.cuda.log
    assert stats.stages["vocoder"].peak_allocated_bytes == 1234
    assert stats.stages["vocoder"].seconds == 0.0 and len(stats.stages["vocoder"].pending) == 3
    assert stats.stages["frontend"].pending == []  # host work: host time
    stats.settle()
    assert stats.stages["vocoder"].seconds == pytest.approx(0.006) and stats.stages["vocoder"].pending == []
    shared = JobStats()  # a pass several jobs shared: its time is read from the device once
    with probe.stage(shared, "acoustic"):
        pass
    a, b = JobStats(), JobStats()
    for job in (a, b):
        job.stages["acoustic"].pending.extend(shared.stages["acoustic"].pending)
    reads = fake.cuda.log.count("elapsed")
    a.settle()
    b.settle()
    assert fake.cuda.log.count("elapsed") == reads + 1
    assert a.stages["acoustic"].seconds == b.stages["acoustic"].seconds == pytest.approx(0.002)
    monkeypatch.setattr(tel, "STAGE_SYNC", True)  # the diagnostic: wait after each stage, host wall time
    with probe.stage(stats, "acoustic"):
        pass
    assert fake.cuda.log[-1] == "synchronize" and stats.stages["acoustic"].pending == []


def test_a_long_jobs_unread_spans_stay_bounded(monkeypatch):
    """A job in thousands of passes does not keep thousands of event pairs: beyond PENDING_SPANS the completed
    ones are read as they come; the total is the same."""
    import types

    import ttsserve.telemetry as tel

    monkeypatch.setattr(tel, "STAGE_SYNC", False)
    probe = MemoryProbe(types.SimpleNamespace(cuda=_FakeCuda()), "cuda:0")
    job = JobStats()
    for _ in range(1000):
        shared = JobStats()
        with probe.stage(shared, "vocoder"):
            pass
        job.stages["vocoder"].add_spans(shared.stages["vocoder"].pending)
        assert len(job.stages["vocoder"].pending) <= tel.PENDING_SPANS + 1
    job.settle()
    assert job.stages["vocoder"].seconds == pytest.approx(2.0) and not job.stages["vocoder"].pending
