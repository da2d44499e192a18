"""Pitch / range / energy controls as maps of the normalized contours (`ttsserve.pipeline.contour`): the maps,
what FastSpeech2 and Sambert feed their f0 / energy embeddings, graph path == eager path with the new controls,
the voices' calibrations and emotion manifests, and (real baker weights) that pitch 1.2 raises the median f0 of
the audio by about 20%."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
import torch
import yaml

from tests.baker_ids import IDS_42, IDS_A, IDS_B
from tests.kantts_voice import small_sambert
from ttsserve.errors import ConfigError
from ttsserve.pipeline.base import AcousticInput, Prosody, StageSpec
from ttsserve.pipeline.contour import ContourControl, Curve
from ttsserve.pipeline.fastspeech2 import load
from ttsserve.pipeline.sambert import SambertAcoustic
from ttsserve.voices import load_manifest

ROOT = Path(__file__).resolve().parents[2]
VOICES = ["baker", "distill-baker", "distill-baker-low"]
TEXTBOOK = {"f0_mean_hz": 250.0, "f0_std_hz": 40.0}
MEASURED = {"pitch_response": {"shift": [-2.0, -1.0, 0.0, 1.0, 2.0], "scale": [0.9, 0.95, 1.0, 1.2, 1.4],
                               "register": [0.75, 0.85, 1.0, 1.1, 1.18]},
            "range_exponent": 0.5, "energy_response": {"shift": [-1.0, 0.0, 1.0], "db": [-5.0, 0.0, 2.5]}}


# ---------------------------------------------------------------------------------------------- the maps
def test_textbook_transform_of_a_linear_hz_z_score():
    c = ContourControl.from_options(TEXTBOOK)
    scale, shift = c.f0(1.2)
    assert scale == pytest.approx(1.2) and shift == pytest.approx(0.2 * 250 / 40)
    z = torch.tensor([-1.5, 0.0, 2.0])
    hz = 250 + 40 * z
    assert torch.allclose(250 + 40 * (scale * z + shift), 1.2 * hz)  # every f0 times 1.2: register up, semitones kept
    scale, shift = c.f0(1.0, 0.5)
    assert scale == pytest.approx(0.5) and shift == 0.0  # range alone: the spread around the same mean
    assert c.f0(1.0) == (1.0, 0.0)


def test_measured_response_is_inverted_and_held_at_its_ends():
    c = ContourControl.from_options(MEASURED)
    assert c.f0(1.0) == (1.0, 0.0)
    scale, shift = c.f0(1.05)
    assert shift == pytest.approx(0.5) and scale == pytest.approx(1.1)  # halfway between the points
    scale, shift = c.f0(1.05, 1.21)
    assert scale == pytest.approx(1.1 * 1.21 ** 2)  # range ratio ~ scale ** 0.5
    assert c.f0(3.0)[1] == 2.0 and c.f0(0.1)[1] == -2.0  # beyond the model's measured limits: held
    assert c.f0(1.0, 100.0)[0] == 3.0  # an extreme range request is bounded
    assert c.energy_shift(10 ** (2.5 / 20)) == pytest.approx(1.0)
    assert c.energy_shift(10 ** (-2.5 / 20)) == pytest.approx(-0.5)
    assert c.energy_shift(1.0) == 0.0


@pytest.mark.parametrize("bad", [
    {"f0_mean_hz": 250.0},
    {"f0_mean_hz": 250.0, "f0_std_hz": 0.0},
    {"pitch_response": {"shift": [0.0, 1.0], "register": [1.0, 0.9]}},  # decreasing
    {"pitch_response": {"shift": [0.0, 1.0], "register": [1.0, 1.1], "scale": [1.0]}},
    {"energy_response": {"shift": [0.0], "db": [0.0]}},
    {"range_exponent": 0.0},
])
def test_bad_calibrations_are_refused(bad):
    with pytest.raises(ValueError):
        ContourControl.from_options(bad)


def test_curve_interpolates():
    c = Curve((0.0, 1.0, 3.0), (1.0, 2.0, 4.0))
    assert c.at(2.0) == 3.0 and c.inverse(3.0) == 2.0 and c.at(-1.0) == 1.0 and c.inverse(9.0) == 3.0


# ---------------------------------------------------------------------------------------------- FastSpeech2
@pytest.fixture(scope="module")
def baker():
    options = load_manifest(ROOT / "weights" / "baker").acoustic.options()
    return load(StageSpec("fastspeech2", ROOT / "weights" / "baker", options))


def _embedding_inputs(stage, inputs):
    """What the f0 / energy embeddings receive, and the raw predictions, for a batch (eager path)."""
    got = {}
    m = stage.module
    hooks = [m.f0.register_forward_hook(lambda mod, a, out: got.__setitem__("f0_pred", out.clone())),
             m.energy.register_forward_hook(lambda mod, a, out: got.__setitem__("energy_pred", out.clone())),
             m.f0_embed.register_forward_hook(lambda mod, a, out: got.__setitem__("f0_in", a[0][:, 0].clone())),
             m.energy_embed.register_forward_hook(lambda mod, a, out: got.__setitem__("energy_in", a[0][:, 0].clone()))]
    try:
        stage.infer(inputs)
    finally:
        for h in hooks:
            h.remove()
    return got


def test_fastspeech2_feeds_the_mapped_contours_and_leaves_padding(baker):
    assert baker.control.calibrated_f0 and baker.control.calibrated_energy  # weights/baker/voice.yaml
    prosody = Prosody(pitch=1.1, pitch_range=1.3, energy=1.26)
    got = _embedding_inputs(baker, [AcousticInput(symbol_ids=IDS_A, prosody=prosody), AcousticInput(symbol_ids=IDS_B)])
    f0_scale, f0_shift, e_scale, e_shift = baker.contour_maps(prosody)
    assert f0_shift > 0 and e_shift > 0 and f0_scale > 1.0
    n = len(IDS_A)
    expect = got["f0_pred"][0, :n] * f0_scale + f0_shift
    assert torch.allclose(got["f0_in"][0, :n], expect, atol=1e-6)
    assert torch.allclose(got["energy_in"][0, :n], got["energy_pred"][0, :n] * e_scale + e_shift, atol=1e-6)
    assert not got["f0_in"][0, n:].any() and not got["energy_in"][0, n:].any()  # padding stays exactly 0
    assert torch.equal(got["f0_in"][1], got["f0_pred"][1])  # neutral item: untouched
    # a register above neutral: the mean of the f0 fed in rises by the shift, per the voice's response
    assert (got["f0_in"][0, :n] - got["f0_pred"][0, :n]).mean() > 0


def test_fastspeech2_graph_path_equals_eager_with_the_new_controls(baker):
    from tests.unit.test_fastspeech2_graph import assert_same, small_stage

    inputs = [AcousticInput(symbol_ids=IDS_A, prosody=Prosody(pitch=1.2, pitch_range=0.7, energy=0.8)),
              AcousticInput(symbol_ids=IDS_B, prosody=Prosody(speed=1.1, pitch=0.85, pitch_range=1.4, energy=1.3),
                            seed=5),
              AcousticInput(symbol_ids=IDS_A[:9])]
    assert_same(baker, inputs)
    small = small_stage()
    small.control = ContourControl.from_options({**TEXTBOOK, **MEASURED})
    assert_same(small, inputs)


def test_fastspeech2_without_calibration_keeps_the_original_ratios():
    from tests.unit.test_fastspeech2_graph import small_stage

    stage = small_stage()
    assert stage.contour_maps(Prosody(pitch=1.3, energy=0.8, pitch_range=0.5)) == (0.65, 0.0, 0.8, 0.0)


# ---------------------------------------------------------------------------------------------- Sambert
def test_sambert_maps_its_pitch_and_energy_and_leaves_padding():
    stage = SambertAcoustic(small_sambert(), control=ContourControl.from_options({**TEXTBOOK, **MEASURED}))
    va = stage.module.variance_adaptor
    got = {}
    hooks = [va.pitch_predictor.register_forward_hook(lambda mod, a, out: got.__setitem__("pitch", out.clone())),
             va.pitch_emb.register_forward_hook(lambda mod, a, out: got.__setitem__("pitch_in", a[0][:, 0].clone())),
             va.energy_predictor.register_forward_hook(lambda mod, a, out: got.__setitem__("energy", out.clone())),
             va.energy_emb.register_forward_hook(lambda mod, a, out: got.__setitem__("energy_in", a[0][:, 0].clone()))]
    g = torch.Generator().manual_seed(3)
    rows = lambda n: tuple(tuple(int(torch.randint(0, s, (1,), generator=g)) for s in (140, 7, 5, 5)) for _ in range(n))  # noqa: E731
    prosody = Prosody(pitch=1.05, pitch_range=1.21, energy=10 ** (2.5 / 20))
    try:
        stage.infer([AcousticInput(symbol_ids=rows(12), prosody=prosody), AcousticInput(symbol_ids=rows(20))])
    finally:
        for h in hooks:
            h.remove()
    assert stage.contour_maps(prosody) == pytest.approx((1.1 * 1.21 ** 2, 0.5, 1.0, 1.0))
    assert torch.allclose(got["pitch_in"][0, :12], got["pitch"][0, :12] * 1.1 * 1.21 ** 2 + 0.5, atol=1e-6)
    assert torch.allclose(got["energy_in"][0, :12], got["energy"][0, :12] + 1.0, atol=1e-6)
    assert not got["pitch_in"][0, 12:].any() and not got["energy_in"][0, 12:].any()
    assert torch.equal(got["pitch_in"][1], got["pitch"][1])


def test_sambert_without_calibration_keeps_its_log_shift():
    stage = SambertAcoustic(small_sambert(), pitch_log_std=0.2, energy_log_std=0.3)
    scale, shift, e_scale, e_shift = stage.contour_maps(Prosody(pitch=1.2, pitch_range=0.8, energy=0.9))
    assert (scale, e_scale) == (0.8, 1.0)
    assert shift == pytest.approx(math.log(1.2) / 0.2) and e_shift == pytest.approx(math.log(0.9) / 0.3)


# ---------------------------------------------------------------------------------------------- manifests
@pytest.mark.parametrize("voice", VOICES)
def test_shipped_voices_carry_a_calibration_and_styles(voice):
    m = load_manifest(ROOT / "weights" / voice)
    c = ContourControl.from_options(m.acoustic.options())
    assert c.register is not None and c.energy is not None and c.f0_std_hz > 0
    assert c.register.inverse(1.0) == pytest.approx(0.0) and c.energy.inverse(0.0) == pytest.approx(0.0)
    neutral = m.emotions["neutral"]
    assert (neutral.pitch, neutral.pitch_range, neutral.energy) == (1.0, 1.0, 1.0)
    for name in ("happy", "sad", "serious"):
        e = m.emotions[name]
        assert e.pitch != 1.0 and e.pitch_range != 1.0, name  # styles differ in more than tempo
    assert m.emotions["happy"].pitch > 1 > m.emotions["sad"].pitch
    assert m.emotions["happy"].energy > 1 > m.emotions["sad"].energy


def _manifest(tmp_path, emotions: dict) -> Path:
    d = tmp_path / "v"
    d.mkdir()
    (d / "voice.yaml").write_text(yaml.safe_dump({
        "name": "v", "sample_rate_hz": 24000, "symbols": {"type": "baker"}, "acoustic": {"type": "fastspeech2"},
        "vocoder": {"type": "mbmelgan"}, "emotions": emotions}), encoding="utf-8")
    return d


def test_emotion_spec_takes_a_pitch_range(tmp_path):
    m = load_manifest(_manifest(tmp_path, {"neutral": {}, "calm": {"pitch": 0.95, "pitch_range": 0.7},
                                           "glad": {"kind": "native", "id": 5, "pitch": 1.1, "pitch_range": 1.3}}))
    assert m.emotions["calm"].pitch_range == 0.7 and m.emotions["neutral"].pitch_range == 1.0
    assert m.emotions["glad"].kind == "native" and m.emotions["glad"].pitch_range == 1.3


@pytest.mark.parametrize("bad", [{"pitch_range": 0}, {"pitch_range": -1.0}, {"pitch_range": 5.0},
                                 {"pitch_range": "wide"}, {"gain": 2.0}])
def test_emotion_spec_refuses_bad_prosody(tmp_path, bad):
    with pytest.raises(ConfigError, match="emotions"):
        load_manifest(_manifest(tmp_path, {"neutral": {}, "odd": bad}))


# ---------------------------------------------------------------------------------------------- audio
def median_f0(wav: np.ndarray, sr: int = 24000) -> float:
    """A cheap autocorrelation tracker: 40 ms frames every 10 ms, lag of the normalized autocorrelation peak
    between 100 and 600 Hz (interpolated), frames kept when loud and periodic (peak > 0.5); the median over them."""
    win, hop = int(0.04 * sr), int(0.01 * sr)
    lo, hi = sr // 600, sr // 100
    level = np.sqrt(np.mean(wav ** 2))
    f0s = []
    for start in range(0, len(wav) - win, hop):
        x = wav[start : start + win].astype(np.float64)
        if np.sqrt(np.mean(x ** 2)) < 0.3 * level:
            continue
        x = x - x.mean()
        r = np.correlate(x, x, "full")[win - 1 :]
        r = r / (r[0] + 1e-12)
        lag = lo + int(np.argmax(r[lo:hi]))
        if r[lag] > 0.5:
            a, b, c = r[lag - 1], r[lag], r[lag + 1]  # parabolic interpolation of the peak: sub-sample lag
            f0s.append(sr / (lag + 0.5 * (a - c) / (a - 2 * b + c + 1e-12)))
    return float(np.median(f0s))


def test_pitch_1_2_raises_the_median_f0_of_baker_by_about_20_percent(baker):
    from ttsserve.pipeline.mbmelgan import load as load_vocoder

    vocoder = load_vocoder(StageSpec("mbmelgan", ROOT / "weights" / "baker", {"weights": "vocoder.safetensors"}))
    f0 = {}
    for pitch in (1.0, 1.2):  # two sentences, one median over both (one sentence alone varies by a few %)
        outs = baker.infer([AcousticInput(symbol_ids=ids, prosody=Prosody(pitch=pitch)) for ids in (IDS_B, IDS_42)])
        f0[pitch] = median_f0(np.concatenate([vocoder.infer(o.mel).numpy() for o in outs]))
    assert 1.15 <= f0[1.2] / f0[1.0] <= 1.25, f0
