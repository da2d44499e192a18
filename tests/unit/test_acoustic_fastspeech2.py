"""FastSpeech2 stage: shapes, durations vs frames, speed, determinism, seeds, batch == alone, loading."""

from __future__ import annotations

from pathlib import Path

import pytest
import torch

from ttsserve.pipeline.base import AcousticInput, Prosody, StageSpec
from ttsserve.pipeline.fastspeech2 import FastSpeech2, FastSpeech2Config, load

ROOT = Path(__file__).resolve().parents[2]
# "sil j in1 #0 t ian1 #0 t ian1 #0 q i4 ... sil eos" style ids of two real sentences (Baker table)
IDS_A = (1, 14, 118, 2, 24, 88, 2, 24, 88, 2, 20, 81, 3, 7, 154, 2, 8, 196, 1, 218)
IDS_B = (1, 6, 195, 2, 17, 67, 3, 20, 201, 3, 12, 143, 2, 6, 204, 3, 22, 41, 2, 7, 156, 3, 7, 32, 1, 218)


@pytest.fixture(scope="module")
def stage():
    return load(StageSpec("fastspeech2", ROOT / "weights" / "baker", {"weights": "acoustic.safetensors"}))


def test_shapes_and_durations(stage):
    out = stage.infer([AcousticInput(symbol_ids=IDS_A)])[0]
    assert out.mel.shape[1] == 80 and out.mel.dtype == torch.float32
    assert out.durations.shape == (len(IDS_A),)
    assert int(out.durations.sum()) == out.mel.shape[0]
    assert 60 < out.mel.shape[0] < 250  # about 7 syllables at 12.5 ms per frame


def test_speed_control(stage):
    base = stage.infer([AcousticInput(symbol_ids=IDS_A)])[0].mel.shape[0]
    fast = stage.infer([AcousticInput(symbol_ids=IDS_A, prosody=Prosody(speed=2.0))])[0].mel.shape[0]
    assert 0.4 * base <= fast <= 0.6 * base


def test_pitch_and_energy_change_the_mel(stage):
    base = stage.infer([AcousticInput(symbol_ids=IDS_A)])[0].mel
    high = stage.infer([AcousticInput(symbol_ids=IDS_A, prosody=Prosody(pitch=1.3, energy=1.2))])[0].mel
    assert base.shape == high.shape and not torch.allclose(base, high)


def test_deterministic_unless_seeded(stage):
    a, b = (stage.infer([AcousticInput(symbol_ids=IDS_A)])[0].mel for _ in range(2))
    torch.testing.assert_close(a, b, rtol=0, atol=0)
    s1, s2 = (stage.infer([AcousticInput(symbol_ids=IDS_A, seed=3)])[0].mel for _ in range(2))
    torch.testing.assert_close(s1, s2, rtol=0, atol=0)
    s3 = stage.infer([AcousticInput(symbol_ids=IDS_A, seed=4)])[0].mel
    assert s1.shape != a.shape or not torch.equal(s1, a)
    assert s1.shape != s3.shape or not torch.equal(s1, s3)


def test_batch_equals_alone(stage):
    alone = [stage.infer([AcousticInput(symbol_ids=ids)])[0] for ids in (IDS_A, IDS_B)]
    together = stage.infer([AcousticInput(symbol_ids=IDS_A), AcousticInput(symbol_ids=IDS_B, prosody=Prosody(speed=1.0))])
    for x, y in zip(alone, together):
        assert torch.equal(x.durations, y.durations)
        torch.testing.assert_close(x.mel, y.mel, atol=1e-4, rtol=1e-4)


def test_loader_round_trip_with_random_weights(tmp_path):
    from safetensors.torch import save_file

    module = FastSpeech2(FastSpeech2Config())
    save_file({k: v.contiguous() for k, v in module.state_dict().items()}, str(tmp_path / "a.safetensors"))
    stage = load(StageSpec("fastspeech2", tmp_path, {"weights": "a.safetensors"}))
    out = stage.infer([AcousticInput(symbol_ids=IDS_A)])[0]
    assert out.mel.shape[1] == 80
    assert out.mel.shape[0] == max(int(out.durations.sum()), 1)  # zero total duration still yields a frame
