"""FastSpeech2 stage on random weights with the real config's shapes (no checkpoint needed): loading, shapes,
durations vs frames, speed, determinism, seeds, batch == alone."""

from __future__ import annotations

import math

import pytest
import torch
from safetensors.torch import save_file

from ttsserve.pipeline.base import AcousticInput, AcousticModel, Prosody, StageSpec
from ttsserve.pipeline.fastspeech2 import FastSpeech2, FastSpeech2Config, load

IDS_A = (1, 14, 118, 2, 24, 88, 2, 24, 88, 2, 20, 81, 3, 7, 154, 2, 8, 196, 1, 218)
IDS_B = (1, 6, 195, 2, 17, 67, 3, 20, 201, 3, 12, 143, 2, 6, 204, 3, 22, 41, 2, 7, 156, 3, 7, 32, 1, 218, 5, 9)
FRAMES_PER_SYMBOL = 10  # the duration predictor below is biased to about this many frames


def _random_state() -> dict[str, torch.Tensor]:
    torch.manual_seed(0)
    module = FastSpeech2(FastSpeech2Config())
    with torch.no_grad():  # durations near FRAMES_PER_SYMBOL with some spread, as a trained model gives
        module.duration.proj.weight.mul_(0.05)
        module.duration.proj.bias.fill_(math.log(1 + FRAMES_PER_SYMBOL))
    return {k: v.contiguous() for k, v in module.state_dict().items()}


@pytest.fixture(scope="module")
def voice_dir(tmp_path_factory):
    d = tmp_path_factory.mktemp("voice")
    save_file(_random_state(), str(d / "acoustic.safetensors"))
    return d


@pytest.fixture(scope="module")
def stage(voice_dir):
    return load(StageSpec("fastspeech2", voice_dir, {"weights": "acoustic.safetensors"}))


def _one(stage, ids=IDS_A, **kw):
    return stage.infer([AcousticInput(symbol_ids=ids, **kw)])[0]


def test_loads_as_an_acoustic_model_and_round_trips(stage, voice_dir):
    assert isinstance(stage, AcousticModel) and stage.n_mels == 80
    state = _random_state()
    for k, v in stage.module.state_dict().items():
        assert torch.equal(v, state[k]), k
    assert stage.nbytes() == sum(v.numel() * 4 for v in state.values())
    # config overrides from the manifest reach the module
    again = load(StageSpec("fastspeech2", voice_dir, {"weights": "acoustic.safetensors",
                                                      "config": {"variance_dropout": 0.25}}))
    assert again.cfg.variance_dropout == 0.25


def test_int8_storage_loads_to_the_same_values(tmp_path):
    state = _random_state()
    w = state["mel.weight"]
    scale = w.abs().max() / 127
    q = torch.round(w / scale).to(torch.int8)
    stored = {k: v for k, v in state.items() if k != "mel.weight"}
    stored |= {"mel.weight.int8": q, "mel.weight.scale": scale.reshape(())}
    save_file(stored, str(tmp_path / "a.safetensors"))
    st = load(StageSpec("fastspeech2", tmp_path, {"weights": "a.safetensors"}))
    assert torch.equal(st.module.mel.weight, q.float() * scale)


def test_shapes_and_durations(stage):
    out = _one(stage)
    assert out.mel.dtype == torch.float32 and out.mel.shape[1] == 80
    assert out.durations.shape == (len(IDS_A),) and out.durations.dtype == torch.int64
    assert int(out.durations.sum()) == out.mel.shape[0]
    assert 0.7 * FRAMES_PER_SYMBOL * len(IDS_A) < out.mel.shape[0] < 1.3 * FRAMES_PER_SYMBOL * len(IDS_A)
    assert torch.isfinite(out.mel).all()


def test_speed_two_halves_the_frames(stage):
    base = _one(stage).mel.shape[0]
    fast = _one(stage, prosody=Prosody(speed=2.0))
    assert int(fast.durations.sum()) == fast.mel.shape[0]
    assert abs(fast.mel.shape[0] - base / 2) <= 0.5 * len(IDS_A)  # each symbol rounds by at most half a frame


def test_pitch_and_energy_change_the_mel_not_the_durations(stage):
    base = _one(stage)
    other = _one(stage, prosody=Prosody(pitch=1.3, energy=0.8))
    assert torch.equal(base.durations, other.durations) and not torch.allclose(base.mel, other.mel)


def test_deterministic_by_default_and_seeds_reproducible(stage):
    a, b = _one(stage), _one(stage)
    assert torch.equal(a.mel, b.mel)
    s1, s2, s3 = _one(stage, seed=7), _one(stage, seed=7), _one(stage, seed=8)
    assert torch.equal(s1.mel, s2.mel) and torch.equal(s1.durations, s2.durations)
    # durations are predicted before the dropout, so only the mel differs
    assert torch.equal(s1.durations, a.durations)
    assert not torch.allclose(s1.mel, a.mel) and not torch.allclose(s1.mel, s3.mel)


def test_batch_equals_each_alone(stage):
    inputs = [AcousticInput(symbol_ids=IDS_A), AcousticInput(symbol_ids=IDS_B, prosody=Prosody(speed=1.3, pitch=1.1)),
              AcousticInput(symbol_ids=IDS_B[:9], seed=5)]
    together = stage.infer(inputs)
    for inp, got in zip(inputs, together):
        alone = stage.infer([inp])[0]
        assert torch.equal(alone.durations, got.durations)
        assert alone.mel.shape == got.mel.shape
        torch.testing.assert_close(got.mel, alone.mel, atol=1e-5, rtol=0)


def test_bad_ids_and_empty_batch(stage):
    assert stage.infer([]) == []
    with pytest.raises(ValueError):
        stage.infer([AcousticInput(symbol_ids=(1, 219))])
