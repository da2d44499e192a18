"""The frame-rate comb metric of bench/vocoder_comb.py on synthetic signals: noise whose level repeats at 80 Hz
scores clearly above steady noise and above noise modulated at other rates; the fricative criterion finds
a noise burst between voiced-like stretches and not the low tone."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import numpy as np
import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench" / "vocoder_comb.py"
SR = 24000


@pytest.fixture(scope="module")
def vc():
    spec = importlib.util.spec_from_file_location("vocoder_comb_bench", BENCH)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def noise(seconds: float, seed: int) -> np.ndarray:
    return np.random.default_rng(seed).standard_normal(int(seconds * SR))


def score(vc, x: np.ndarray) -> float:
    return vc.comb_prominence_db(x, SR, 80.0, segments=vc.whole(x, SR))


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_steady_noise_scores_near_zero(vc, seed):
    assert abs(score(vc, noise(2.0, seed))) < 2.0


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_noise_modulated_or_gated_at_the_frame_rate_scores_clearly_higher(vc, seed):
    x = noise(2.0, seed)
    t = np.arange(len(x)) / SR
    steady = score(vc, x)
    modulated = score(vc, x * (1 + 0.3 * np.sin(2 * np.pi * 80 * t)))
    gated = score(vc, x * ((t * 80) % 1 < 0.5))
    assert modulated > steady + 8.0
    assert gated > steady + 20.0


def test_modulation_at_other_rates_is_not_a_comb(vc):
    x = noise(2.0, 3)
    t = np.arange(len(x)) / SR
    for rate in (60.0, 100.0):
        assert score(vc, x * (1 + 0.3 * np.sin(2 * np.pi * rate * t))) < 3.0
    # the same signal scores high when measured against its own rate
    m = vc.CombMeter(100.0, harmonics=3)
    y = x * (1 + 0.3 * np.sin(2 * np.pi * 100 * t))
    m.add(y, SR, vc.whole(y, SR))
    assert m.prominence_db() > 8.0


def test_fricative_segments_find_the_noise_burst_only(vc):
    t = np.arange(int(0.3 * SR)) / SR
    tone = 0.5 * np.sin(2 * np.pi * 220 * t)  # voiced-like: all its energy below 4 kHz
    burst = 0.3 * np.diff(noise(0.15, 4), prepend=0.0)  # differenced noise: energy mostly above 4 kHz
    x = np.concatenate([tone, burst, tone])
    segments = vc.fricative_segments(x, SR)
    assert len(segments) == 1
    a, b = (i * vc.HOP_S for i in segments[0])
    assert 0.28 < a < 0.32 and 0.42 < b < 0.47
    # an 80 Hz gate on the burst alone shows through the detected segment
    gate = (np.arange(len(burst)) / SR * 80) % 1 < 0.5
    gated = np.concatenate([tone, burst * gate, tone])
    assert vc.comb_prominence_db(gated, SR, 80.0) > vc.comb_prominence_db(x, SR, 80.0) + 10.0
