"""Session 25's two CPU probes of the multi-speaker student (recipes/distill/gv_probe.py; the token f0 curve of
kokoro_teacher.py that f0_probe.py and DISTILL_TOKEN_F0 use): the mel
detail post-filter scales exactly the detail it names and leaves a mel alone at gain 1; the token f0 curve keeps
the voicing, is one value per token before smoothing, and keeps a constant curve constant."""

from __future__ import annotations

import importlib.util
import math
import sys
from pathlib import Path

import pytest
import torch

RECIPES = Path(__file__).resolve().parents[2] / "recipes" / "distill"


def _load(name: str):
    sys.path.insert(0, str(RECIPES))
    spec = importlib.util.spec_from_file_location(name, RECIPES / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def gv():
    return _load("gv_probe")


@pytest.fixture(scope="module")
def f0p():
    pytest.importorskip("misaki")  # kokoro_teacher's frontend
    return _load("kokoro_teacher")


def test_postfilter_gain_one_is_identity(gv):
    mel = torch.randn(40, 80, generator=torch.Generator().manual_seed(0))
    ones = torch.ones(80)
    assert torch.equal(gv.postfilter(mel, ones, ones), mel)
    assert torch.equal(gv.postfilter(mel), mel)


def test_postfilter_scales_the_frequency_detail_and_keeps_the_smooth_part(gv):
    g = torch.Generator().manual_seed(1)
    smooth = torch.linspace(-2, 2, 80).expand(30, 80).clone()  # a slope along frequency: no detail of its own
    ripple = 0.3 * torch.cos(torch.arange(80) * math.pi / 2).expand(30, 80)  # period 4 bands: pure detail
    mel = smooth + ripple + 0.01 * torch.randn(30, 80, generator=g)
    gain = torch.full((80,), 2.0)
    out = gv.postfilter(mel, freq_gain=gain)
    inner = slice(4, 76)  # away from the replicated edges
    detail_in, detail_out = gv.freq_detail(mel)[:, inner], gv.freq_detail(out)[:, inner]
    # mel' = mel + (g - 1) * detail(mel): the added part is exactly (g - 1) times the input's detail
    assert torch.allclose(out - mel, gv.freq_detail(mel), atol=1e-6)
    assert 1.5 < float(detail_out.std() / detail_in.std()) < 2.5
    # the band-averaged level moves by no more than the ripple's own leak through a 5-band average
    assert float((out.mean(1) - mel.mean(1)).abs().max()) < 0.05


def test_time_detail_of_a_steady_mel_is_zero(gv):
    mel = torch.randn(1, 80).expand(25, 80).clone()
    assert float(gv.time_detail(mel).abs().max()) < 1e-6
    assert torch.allclose(gv.postfilter(mel, time_gain=torch.full((80,), 3.0)), mel, atol=1e-6)


def test_speech_frames_follow_the_level(gv):
    mean, scale = torch.zeros(80), torch.ones(80)
    mel = torch.cat([torch.full((5, 80), -6.0), torch.full((10, 80), 0.0), torch.full((5, 80), -1.0)])
    mask = gv.speech_frames(mel, mean, scale)  # within 30 dB (3 log10 units) of the loudest frame
    assert mask.tolist() == [False] * 5 + [True] * 15


def test_token_curve_one_value_per_token_and_the_voicing_kept(f0p):
    lead, durations = 2, [3, 4, 2]
    f0 = torch.tensor([0.0, 0.0, 100.0, 110.0, 0.0, 200.0, 220.0, 210.0, 190.0, 0.0, 0.0])
    flat = f0p.token_curve(f0, lead, durations, smooth=1)
    assert torch.equal(flat == 0, f0 == 0)  # unvoiced frames stay unvoiced
    assert torch.allclose(flat[2:4], torch.full((2,), math.sqrt(100.0 * 110.0)))  # geometric mean of the token
    assert torch.allclose(flat[5:9], torch.full((4,), math.exp(sum(math.log(v) for v in (200, 220, 210, 190)) / 4)))


def test_token_curve_smoothing_keeps_a_constant_curve(f0p):
    f0 = torch.tensor([0.0] + [150.0] * 12 + [0.0])
    assert torch.allclose(f0p.token_curve(f0, 1, [4, 4, 5], smooth=5), f0)


def test_tone_templates_keep_a_tones_movement_about_the_token_mean(f0p):
    # tokens of 10 voiced frames each: "tone4" falls 6 semitones across the token, "tone1" stays level
    def token(level_hz: float, fall: float) -> torch.Tensor:
        st = torch.linspace(fall / 2, -fall / 2, 10)
        return level_hz * torch.pow(2.0, st / 12)

    f0 = torch.cat([torch.zeros(2), token(120, 6.0), token(150, 0.0), token(100, 6.0), torch.zeros(3)])
    lead, durations, tones = 2, [10, 10, 10, 3], ["tone4", "tone1", "tone4", "tone_none"]
    templates = f0p.fit_templates(f0p.token_contours(f0, lead, durations, tones))
    assert set(templates) == {"tone4", "tone1"}
    assert float(templates["tone4"][0] - templates["tone4"][-1]) > 5.0  # falls
    assert float(templates["tone1"].abs().max()) < 1e-4  # level
    curve = f0p.token_curve(f0, lead, durations, smooth=1, tones=tones, templates=templates)
    assert torch.equal(curve == 0, f0 == 0)
    third = curve[12:22]  # the level token stays level at its mean
    assert torch.allclose(third, torch.full((10,), 150.0), rtol=1e-4)
    last = 12 * torch.log2(curve[22:32])  # the second falling token falls about its own mean
    assert float(last[0] - last[-1]) > 5.0
    assert abs(float(last.mean()) - float((12 * torch.log2(f0[22:32])).mean())) < 0.05
    flat = f0p.token_curve(f0, lead, durations, smooth=1)  # without templates: level
    assert float((12 * torch.log2(flat[22:32])).std()) < 1e-4


@pytest.mark.parametrize("value,curve", [("1", "token"), ("token", "token"), ("tone", "tone"), ("0", "served"),
                                         ("", "served")])
def test_the_labellers_curve_from_the_environment(f0p, monkeypatch, value, curve):
    monkeypatch.setenv("DISTILL_TOKEN_F0", value)
    assert f0p.f0_curve_from_env() == curve
