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


def test_response_lead_keeps_a_little_of_the_first_calls_leading_silence():
    """`response_lead`: on a response's first call, the leading `sil` frames beyond `keep_s` become the lead edge
    (read by the vocoder, not heard); the mel stays the model's; other calls keep the model's silence."""
    plain = load(StageSpec("fastspeech2", ROOT / "weights" / "baker", {"weights": "acoustic.safetensors"}))
    trimmed = load(StageSpec("fastspeech2", ROOT / "weights" / "baker", {
        "weights": "acoustic.safetensors", "response_lead": {"symbol_id": 1, "keep_s": 0.05}}))
    ref = plain.infer([AcousticInput(symbol_ids=IDS_A)])[0]
    assert int(ref.durations[0]) > 4  # sil before j: longer than the 4 frames (0.05 s) kept
    first, later, other = trimmed.infer([AcousticInput(symbol_ids=IDS_A, opens_response=True),
                                         AcousticInput(symbol_ids=IDS_A),
                                         AcousticInput(symbol_ids=IDS_B, opens_response=True)])
    torch.testing.assert_close(first.mel, ref.mel, atol=1e-4, rtol=1e-4)  # batched: float rounding only
    assert first.edges == (int(ref.durations[0]) - 4, 0)
    assert int(first.durations[0]) == 4 and torch.equal(first.durations[1:], ref.durations[1:])
    assert int(first.durations.sum()) == first.mel.shape[0] - first.edges[0]
    assert later.edges == (0, 0) and torch.equal(later.durations, ref.durations)
    assert other.edges == (max(int(other.durations[0]) + other.edges[0] - 4, 0), 0)
    not_sil = trimmed.infer([AcousticInput(symbol_ids=IDS_A[1:], opens_response=True)])[0]
    assert not_sil.edges == (0, 0)  # the first symbol is not the silence symbol: nothing is cut


@pytest.mark.parametrize("bad", [{"symbol_id": 1}, {"symbol_id": "sil", "keep_s": 0.05},
                                 {"symbol_id": 1, "keep_s": -0.1}, [1, 0.05]])
def test_response_lead_option_is_checked(bad):
    with pytest.raises(ValueError, match="response_lead is"):
        load(StageSpec("fastspeech2", ROOT / "weights" / "baker", {"weights": "acoustic.safetensors",
                                                                   "response_lead": bad}))
