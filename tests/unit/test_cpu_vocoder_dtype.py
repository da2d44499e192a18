"""The `cpu_vocoder_dtype` setting: a vocoder on the CPU runs under bfloat16 autocast where the CPU computes
bfloat16 natively; the acoustic model, the length of the audio and everything on a GPU stay as they were."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

import numpy as np
import pytest
import torch

from ttsserve.engine import worker as worker_module
from ttsserve.engine.engine import Engine, SynthesisRequest
from ttsserve.errors import ConfigError
from ttsserve.frontend import MandarinFrontend
from ttsserve.pipeline.voice import LoadedVoice, Placement, SynthesisOptions, plan_calls
from ttsserve.settings import load_settings
from ttsserve.telemetry import Telemetry
from ttsserve.voices import load_manifest

ROOT = Path(__file__).resolve().parents[2]

TEXT = "今天天气不错，我们一起去公园散步吧。"


def snr_db(ref: np.ndarray, x: np.ndarray) -> float:
    ref, x = ref.astype(np.float64), x.astype(np.float64)
    return float(10 * np.log10((ref**2).sum() / max(((ref - x) ** 2).sum(), 1e-20)))


@pytest.mark.parametrize("voice", ["baker", "distill-baker"])
def test_bfloat16_autocast_changes_the_vocoder_only(voice):
    manifest = load_manifest(ROOT / "weights" / voice)
    plain = LoadedVoice.load(manifest, Placement("cpu", "cpu", "float32"))
    fast = LoadedVoice.load(manifest, Placement("cpu", "cpu", "float32", cpu_vocoder_autocast="bfloat16"))
    assert plain.vocoder.cpu_autocast is None and fast.vocoder.cpu_autocast is torch.bfloat16
    plan = plan_calls(plain, MandarinFrontend().process(TEXT), SynthesisOptions())
    a, b = plain.acoustic.infer([plan.inputs[0]])[0], fast.acoustic.infer([plan.inputs[0]])[0]
    assert torch.equal(a.mel, b.mel) and torch.equal(a.durations, b.durations)  # acoustic model untouched
    ref = torch.cat(plain.vocoder.run_windows(plain.vocoder.plan_windows(a.mel))).numpy()
    out = torch.cat(fast.vocoder.run_windows(fast.vocoder.plan_windows(b.mel))).numpy()
    assert out.dtype == np.float32 and out.shape == ref.shape
    assert not np.array_equal(out, ref)  # it did run in bfloat16 ...
    assert snr_db(ref, out) > 15.0  # ... close to float32 (measured 23 dB on Baker, 35 dB on distill-baker)


def _engine(**overrides) -> Engine:
    return Engine(load_settings(device="cpu", warmup=False, torch_threads=2, **overrides), Telemetry())


@pytest.mark.parametrize("native", [True, False])
def test_the_worker_uses_bfloat16_only_where_the_cpu_has_it(monkeypatch, caplog, native):
    monkeypatch.setattr(worker_module, "cpu_has_native_bfloat16", lambda: native)
    e = _engine(cpu_vocoder_dtype="bfloat16")
    with caplog.at_level(logging.WARNING, logger="ttsserve.engine.worker"):
        e.start()
    try:
        r = asyncio.run(e.synthesize(SynthesisRequest(text=TEXT, voice="baker")))
        placement = e.memory()["placement"]
    finally:
        e.stop()
    assert placement["cpu_vocoder_dtype"] == ("bfloat16" if native else "float32")
    assert ("no native bfloat16" in caplog.text) is (not native)
    assert r.sample_rate_hz == 24000 and len(r.audio) > 24000 and np.isfinite(r.audio).all()


def test_float32_is_the_default():
    assert load_settings().cpu_vocoder_dtype == "float32"
    voice = LoadedVoice.load(load_manifest(ROOT / "weights" / "baker"), Placement("cpu", "cpu", "float32"))
    assert voice.vocoder.cpu_autocast is None


def test_the_setting_is_checked():
    with pytest.raises(ConfigError, match="cpu_vocoder_dtype: Input should be 'float32' or 'bfloat16'"):
        load_settings(cpu_vocoder_dtype="float16")
