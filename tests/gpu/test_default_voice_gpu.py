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


def test_fp16_stages_are_close_to_fp32():
    """Per stage, on the same inputs (a waveform SNR would mostly measure a one-frame duration shift)."""
    from pathlib import Path

    from ttsserve.pipeline.base import AcousticInput, StageSpec
    from ttsserve.pipeline.fastspeech2 import load as load_acoustic
    from ttsserve.pipeline.mbmelgan import load as load_vocoder

    voice = Path(__file__).resolve().parents[2] / "weights" / "baker"
    ids = (1, 14, 118, 2, 24, 88, 2, 24, 88, 2, 20, 81, 3, 7, 154, 2, 8, 196, 1, 218)
    a32 = load_acoustic(StageSpec("fastspeech2", voice, {"weights": "acoustic.safetensors"}), device="cuda")
    a16 = load_acoustic(StageSpec("fastspeech2", voice, {"weights": "acoustic.safetensors"}), device="cuda", dtype="float16")
    m32, m16 = (s.infer([AcousticInput(symbol_ids=ids)])[0] for s in (a32, a16))
    assert torch.equal(m32.durations, m16.durations)
    mel_snr = snr_db(m32.mel.cpu().numpy(), m16.mel.cpu().numpy())
    v32 = load_vocoder(StageSpec("mbmelgan", voice, {"weights": "vocoder.safetensors"}), device="cuda")
    v16 = load_vocoder(StageSpec("mbmelgan", voice, {"weights": "vocoder.safetensors"}), device="cuda", dtype="float16")
    w32, w16 = (v.infer(m32.mel).cpu().numpy() for v in (v32, v16))
    wav_snr = snr_db(w32, w16)
    print(f"fp16 vs fp32: acoustic mel SNR {mel_snr:.1f} dB, vocoder waveform SNR {wav_snr:.1f} dB")
    assert mel_snr > 40 and wav_snr > 20


def test_voice_moves_between_tiers_unchanged():
    from ttsserve.pipeline.voice import LoadedVoice, Placement
    from ttsserve.settings import load_settings
    from ttsserve.voices import discover_voices

    s = load_settings()
    manifest = discover_voices(s.weights_dir)["baker"]
    voice = LoadedVoice.load(manifest, Placement("cuda", "cuda", "float32"))
    voice.to("cuda", "cuda")
    assert voice.host_copy_nbytes() == voice.nbytes()  # the pinned copy the host budget counts
    before = voice.vocoder.infer(torch.zeros(20, 80, device="cuda") - 1.0).cpu()
    allocated = torch.cuda.memory_allocated()
    voice.to("cpu", "cpu")
    assert voice.host_copy_nbytes() == 0  # on the host it runs on that copy
    assert torch.cuda.memory_allocated() < allocated - voice.nbytes() // 2  # GPU copies dropped
    voice.to("cuda", "cuda")
    after = voice.vocoder.infer(torch.zeros(20, 80, device="cuda") - 1.0).cpu()
    assert torch.equal(before, after)


def test_vocoder_on_cpu_acoustic_on_gpu():
    r, mem = run("cuda", vocoder_device="cpu")
    assert mem["placement"] == {"acoustic": "cuda", "vocoder": "cpu", "gpu_dtype": "float32", "cpu_vocoder_dtype": "float32"}
    assert len(r.audio) > 24000
