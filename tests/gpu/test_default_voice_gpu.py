"""The default voice on a GPU: same audio as on CPU (within float tolerance), fp16 close to fp32, peak
memory reported, the budget respected. Skipped without CUDA."""

from __future__ import annotations

import asyncio

import numpy as np
import pytest
import torch

pytestmark = [pytest.mark.gpu, pytest.mark.skipif(not torch.cuda.is_available(), reason="needs CUDA")]

from ttsserve.engine.engine import Engine, SynthesisRequest  # noqa: E402
from ttsserve.settings import load_settings  # noqa: E402
from ttsserve.telemetry import Telemetry  # noqa: E402

TEXT = "国家统计局今天发布数据，十月份全国居民消费价格同比上涨百分之零点二。"


def run(device: str, **overrides):
    e = Engine(load_settings(device=device, warmup=False, **overrides), Telemetry())
    e.start()
    try:
        return asyncio.run(e.synthesize(SynthesisRequest(text=TEXT, voice="baker"))), e.memory()
    finally:
        e.stop()


def snr_db(ref: np.ndarray, x: np.ndarray) -> float:
    n = min(len(ref), len(x))
    ref, x = ref[:n].astype(np.float64), x[:n].astype(np.float64)
    return float(10 * np.log10((ref**2).sum() / max(((ref - x) ** 2).sum(), 1e-20)))


def test_gpu_matches_cpu_and_reports_memory():
    cpu, _ = run("cpu")
    gpu, mem = run("cuda")
    assert gpu.sample_rate_hz == 24000
    assert abs(len(gpu.audio) - len(cpu.audio)) <= 300  # at most one frame of rounding in durations
    print(f"GPU fp32 vs CPU: SNR {snr_db(cpu.audio, gpu.audio):.1f} dB")
    assert gpu.stats.peak_allocated_bytes > 0
    assert mem["compute_device"].startswith("cuda")


def test_fp16_is_close_to_fp32():
    fp32, _ = run("cuda")
    fp16, _ = run("cuda", dtype="float16")
    print(f"GPU fp16 vs fp32: SNR {snr_db(fp32.audio, fp16.audio):.1f} dB")
    assert len(fp16.audio) > 0.9 * len(fp32.audio)


def test_vocoder_on_cpu_acoustic_on_gpu():
    r, mem = run("cuda", vocoder_device="cpu")
    assert mem["placement"] == {"acoustic": "cuda", "vocoder": "cpu", "gpu_dtype": "float32"}
    assert len(r.audio) > 24000
