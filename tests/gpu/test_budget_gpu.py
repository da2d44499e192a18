"""The worker's GPU memory budget holds for long text, and impossible budgets are refused at startup."""

from __future__ import annotations

import asyncio

import pytest
import torch

pytestmark = [pytest.mark.gpu, pytest.mark.skipif(not torch.cuda.is_available(), reason="needs CUDA")]

from ttsserve.engine.engine import Engine, SynthesisRequest  # noqa: E402
from ttsserve.engine.graphs import CudaGraphCache  # noqa: E402
from ttsserve.errors import ConfigError  # noqa: E402
from ttsserve.settings import load_settings  # noqa: E402
from ttsserve.telemetry import Telemetry  # noqa: E402

TEXT = "人工智能技术正在深刻改变人们的生活方式，新的应用层出不穷。" * 60  # ~1,700 characters


def test_reserved_bytes_stay_under_the_budget():
    budget = 256 * 1024**2
    torch.cuda.empty_cache()
    torch.cuda.reset_peak_memory_stats()
    e = Engine(load_settings(device="cuda", warmup=False, gpu_memory_budget_bytes=budget, max_gpu_bytes=200 * 1024**2),
               Telemetry())
    e.start()
    try:
        r = asyncio.run(e.synthesize(SynthesisRequest(text=TEXT, voice="baker")))
        assert r.audio_seconds > 200
        assert torch.cuda.max_memory_reserved() <= budget
        graphs = e.worker.graphs.stats()
        print(f"budget {budget >> 20} MiB: max reserved {torch.cuda.max_memory_reserved() >> 20} MiB "
              f"for {r.audio_seconds:.0f} s of audio; CUDA graphs {graphs}")
        # the worker's cache: a quarter of the budget for all graphs, an eighth for one graph's intermediates
        assert graphs["max_bytes"] == budget // 4 and graphs["max_scratch_bytes"] == budget // 8
        assert graphs["charged_bytes"] <= budget // 4 or graphs["cached"] <= 1
    finally:
        e.stop()
        torch.cuda.set_per_process_memory_fraction(1.0)
    # the budget belonged to that engine's cache: a cache made afterwards (another engine, a test's stage) has
    # the defaults (this used to shrink module-wide limits for every later test in the process)
    fresh = CudaGraphCache()
    assert fresh.max_bytes > budget // 4 and fresh.max_scratch_bytes > budget // 8


def test_impossible_budget_is_a_startup_error():
    with pytest.raises(ConfigError, match="cannot exceed gpu_memory_budget_bytes"):
        e = Engine(load_settings(device="cuda", warmup=False, gpu_memory_budget_bytes=128 * 1024**2,
                                 max_gpu_bytes=1024**3), Telemetry())
        e.start()


def test_a_budget_alone_starts_and_sizes_the_voice_cache():
    """Only gpu_memory_budget_bytes set (session 15's 1 GiB server did not start: max_gpu_bytes' 2 GiB default
    exceeded it): the engine starts, its voices get half the budget, and a request is answered."""
    budget = 1024**3
    e = Engine(load_settings(device="cuda", warmup=False, gpu_memory_budget_bytes=budget), Telemetry())
    e.start()
    try:
        assert e.worker.cache.max_compute_bytes == budget // 2
        r = asyncio.run(e.synthesize(SynthesisRequest(text="你好，世界。", voice="baker")))
        assert r.audio_seconds > 0.3
    finally:
        e.stop()
        torch.cuda.set_per_process_memory_fraction(1.0)
