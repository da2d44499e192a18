"""The multi-speaker distillation's mel extractor (recipes/distill/melspace.py): frames aligned to the hop, a
sine's energy in the mel bin that holds its frequency, and the per-bin fit recovers a known normalization."""

from __future__ import annotations

import importlib.util
import math
import sys
from pathlib import Path

import pytest
import torch

RECIPE = Path(__file__).resolve().parents[2] / "recipes" / "distill" / "melspace.py"


@pytest.fixture(scope="module")
def ms():
    spec = importlib.util.spec_from_file_location("melspace", RECIPE)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_frames_and_a_sine_in_its_bin(ms):
    t = torch.arange(24000 * 2) / 24000
    wav = 0.5 * torch.sin(2 * math.pi * 1000.0 * t)
    mel = ms.log_mel(wav)
    assert mel.shape == (len(wav) // ms.HOP, ms.N_MELS)
    fb = ms.mel_filters()
    peak = int(fb[:, round(1000.0 * ms.N_FFT / ms.SR)].argmax())
    assert int(mel[10:-10].mean(0).argmax()) == peak  # the loudest bin is the one over 1 kHz


def test_fit_recovers_a_known_normalization(ms):
    g = torch.Generator().manual_seed(0)
    raw = torch.randn(2000, ms.N_MELS, generator=g) * 2 - 3
    mean, scale = torch.linspace(-5, -2, ms.N_MELS), torch.linspace(0.5, 2.0, ms.N_MELS)
    target = (raw - mean) / scale + 0.01 * torch.randn(2000, ms.N_MELS, generator=g)
    space = ms.fit(raw, target)
    assert torch.allclose(torch.tensor(space["mean"]).float(), mean, atol=0.02)
    assert torch.allclose(torch.tensor(space["scale"]).float(), scale, atol=0.01)
    assert min(space["r2"]) > 0.98  # (the floor clamps the lowest 0.5% of values)
    out = ms.normalize(raw, space)
    assert out.min().item() >= space["floor"] and (out - target).abs().mean().item() < 0.05


def test_the_fitted_space_is_the_slaney_one(ms):
    import json

    space = json.loads(RECIPE.with_name("melspace.json").read_text())
    assert len(space["slaney"]["mean"]) == len(space["slaney"]["scale"]) == ms.N_MELS
    assert sorted(space["slaney"]["r2"])[ms.N_MELS // 2] > sorted(space["htk"]["r2"])[ms.N_MELS // 2]

