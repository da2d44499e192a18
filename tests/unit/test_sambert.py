"""Sambert (KAN-TTS layout): checkpoint keys, strict loading, and the bounded decoder's exactness properties."""

from __future__ import annotations

from pathlib import Path

import pytest
import torch

from tests.kantts_voice import small_sambert
from ttsserve.pipeline.base import AcousticInput, Prosody
from ttsserve.pipeline.sambert import PNCABlock, Sambert, SambertAcoustic, SambertConfig, from_checkpoint

REF = Path(__file__).resolve().parents[1] / "data" / "kantts"  # key lists of the official checkpoints (facts)


def random_batch(lengths: list[int], seed: int = 1, emotion: int = 1):
    g = torch.Generator().manual_seed(seed)
    n = max(lengths)
    ling = torch.stack([torch.randint(0, s, (len(lengths), n), generator=g) for s in (140, 7, 5, 5)], dim=-1)
    emo = torch.full((len(lengths), n), emotion)
    spk = torch.zeros(len(lengths), n, dtype=torch.long)
    return ling, emo, spk, torch.tensor(lengths)


def run(model: Sambert, lengths: list[int], **kw):
    with torch.inference_mode():
        enc = model.encode(*random_batch(lengths, **kw))
        return enc, model.decode(enc)


@pytest.mark.skipif(not (REF / "sambert_16k_state_dict.txt").exists(), reason="reference key list not found")
def test_keys_and_shapes_match_the_official_checkpoint():
    ours = {k: tuple(v.shape) for k, v in Sambert(SambertConfig()).state_dict().items()}
    ref = {}
    for line in (REF / "sambert_16k_state_dict.txt").read_text().splitlines():
        key, shape, _ = line.split("\t")
        ref[key] = tuple(int(x) for x in shape.strip("()").split(",") if x.strip())
    assert ours == ref  # 395 tensors


def test_modelscope_checkpoint_round_trip(tmp_path):
    model = small_sambert()
    torch.save({"model": model.state_dict(), "optimizer": {}, "scheduler": {}, "steps": 5}, tmp_path / "checkpoint_5.pth")
    loaded = from_checkpoint(tmp_path / "checkpoint_5.pth", SambertConfig(**{**model.cfg.__dict__, "n_sy": 1}))
    assert loaded.cfg.n_sy == 147  # vocabulary sizes come from the checkpoint
    _, a = run(model, [12])
    _, b = run(loaded, [12])
    assert torch.equal(a, b)


@pytest.mark.parametrize("change, message", [
    ("drop", "checkpoint lacks 'mel_postnet.fc.bias'"),
    ("extra", "unexpected key 'align_attention.weight'"),
    ("shape", "'mel_decoder.mel_dec.dec_out_proj.weight': checkpoint has (10, 32), model needs (240, 32)"),
])
def test_strict_loading_names_the_first_bad_key(change, message):
    model = small_sambert()
    state = model.state_dict()
    if change == "drop":
        state.pop("mel_postnet.fc.bias")
    elif change == "extra":
        state["align_attention.weight"] = torch.zeros(1)
    else:
        state["mel_decoder.mel_dec.dec_out_proj.weight"] = torch.zeros(10, 32)
    with pytest.raises(KeyError) as err:
        from_checkpoint({"model": state}, model.cfg)
    assert message in str(err.value)


@pytest.mark.parametrize("dur_bias", [1.2, 1.8, 2.6])
def test_ring_buffer_decoder_equals_full_attention(dur_bias):
    model = small_sambert(dur_bias=dur_bias)
    with torch.inference_mode():
        enc = model.encode(*random_batch([40]))
        bounded = model.decode(enc)
        full, _ = model.decode_full(enc)
    assert int(enc.band) >= 1
    assert bounded.shape == full.shape == (1, int(enc.steps), 240)
    assert (bounded - full).abs().max() < 1e-5


def test_the_band_matters():
    """The comparison above can fail: one step less of band changes the output clearly."""
    model = small_sambert(dur_bias=2.6)
    with torch.inference_mode():
        enc = model.encode(*random_batch([40]))
        exact = model.decode(enc)
        enc.band = enc.band - 1
        narrower, _ = model.decode_full(enc)
    assert (exact - narrower).abs().max() > 1e-3


def test_per_step_work_and_state_do_not_grow_with_length(monkeypatch):
    """Every decoder step of the bounded decoder attends over band + 1 keys (self) and band + 1 memory steps,
    whatever the utterance length, and keeps no attention map; the reference-style decoder grows."""
    seen: list[tuple[int, int, bool]] = []
    original = PNCABlock.attend

    def spy(self, x, q, kx, vx, x_ok, kh, vh, h_ok, keep=None):
        seen.append((kx.shape[2], kh.shape[2], keep is not None))
        return original(self, x, q, kx, vx, x_ok, kh, vh, h_ok, keep)

    monkeypatch.setattr(PNCABlock, "attend", spy)
    model = small_sambert(dur_bias=1.8)
    shapes = {}
    for n in (10, 120):
        seen.clear()
        enc, _ = run(model, [n])
        shapes[n] = set(seen)
        assert int(enc.steps) > 2 * int(enc.band) + 2
    w = int(enc.band) + 1
    assert shapes[10] == shapes[120] == {(w, w, False)}
    seen.clear()
    with torch.inference_mode():
        model.decode_full(enc)
    assert max(s[0] for s in seen) == int(enc.steps)  # the reference keeps every key


def test_batch_equals_one_by_one():
    model = small_sambert()
    lengths = [30, 9, 21]
    ling, emo, spk, lens = random_batch(lengths)
    with torch.inference_mode():
        enc = model.encode(ling, emo, spk, lens)
        mel = model.postnet(model.decode(enc), enc.frames)
        for i, n in enumerate(lengths):
            one = model.encode(ling[i : i + 1, :n], emo[i : i + 1, :n], spk[i : i + 1, :n], lens[i : i + 1])
            mel_one = model.postnet(model.decode(one), one.frames)
            f = int(one.frames)
            assert f == int(enc.frames[i])
            assert torch.equal(one.durations[0], enc.durations[i, :n])
            assert (mel_one[0, :f] - mel[i, :f]).abs().max() < 1e-5
            assert mel[i, f:].abs().max() == 0 if mel.shape[1] > f else True


def stage_infer(stage, **kw):
    ids = tuple(tuple(int(v) for v in row) for row in random_batch([20])[0][0])
    return stage.infer([AcousticInput(symbol_ids=ids, **kw)])[0]


def test_stage_controls():
    stage = SambertAcoustic(small_sambert())
    base = stage_infer(stage)
    assert base.mel.shape == (int(base.durations.sum()), 80)
    fast = stage_infer(stage, prosody=Prosody(speed=2.0))
    assert abs(fast.mel.shape[0] - base.mel.shape[0] / 2) <= 20  # each symbol rounds on its own
    for kw in ({"emotion_id": 5}, {"prosody": Prosody(pitch=1.2)}, {"prosody": Prosody(energy=0.8)}):
        other = stage_infer(stage, **kw)
        n = min(other.mel.shape[0], base.mel.shape[0])
        assert (other.mel[:n] - base.mel[:n]).abs().max() > 1e-4, kw
    with pytest.raises(ValueError, match="emotion or speaker id out of range"):
        stage_infer(stage, emotion_id=99)


def test_bfloat16_on_cpu_is_close_to_float32():
    model = small_sambert()
    with torch.inference_mode():
        enc = model.encode(*random_batch([20]))
        ref = model.postnet(model.decode(enc), enc.frames)
        model.to(torch.bfloat16)
        enc16 = model.encode(*random_batch([20]))
        assert torch.equal(enc16.durations, enc.durations)
        low = model.postnet(model.decode(enc16), enc16.frames).float()
    err = (low - ref).abs().max().item()
    assert err < 0.15 * ref.abs().max().item()


def test_graph_step_math_equals_decode_on_cpu():
    """The CUDA-graph path's step (static state, device-side step index, ring of a bucketed size, batch
    padded to a power of two) run eagerly: equal to `decode` for every item's own steps."""
    from ttsserve.pipeline.sambert_graph import decode_static_eager

    model = small_sambert(dur_bias=2.6)
    with torch.inference_mode():
        enc = model.encode(*random_batch([30, 11, 22]))
        ref = model.decode(enc)
        got = decode_static_eager(model, enc)
    assert got.shape == ref.shape
    for i, s in enumerate(enc.steps.tolist()):
        assert (got[i, :s] - ref[i, :s]).abs().max() < 1e-5


def test_a_call_predicted_to_last_no_frame_still_gets_one():
    """A barely trained model can predict zero frames for every symbol of a call; before, the decoder memory's
    reshape (and then the post-net) failed, a 500 for the request. Now the call gets one frame."""
    from tests.kantts_voice import small_sambert
    from tests.unit.test_sambert_slots import call_input
    from ttsserve.pipeline.sambert import SambertAcoustic

    stage = SambertAcoustic(small_sambert(dur_bias=-8.0))
    out = stage.infer([call_input(5, seed=1), call_input(3, seed=2)])
    for o in out:
        assert int(o.durations.sum()) == 1 and o.mel.shape[0] == 1


@pytest.mark.parametrize("model", ["small", "distill-baker"])
def test_duration_loop_with_the_lstm_written_out_equals_the_lstm_calls(model):
    """`DurationPredictor.infer(cells=True)` (the CPU default: the LSTM as one matrix product per layer and its
    gate arithmetic) computes the same log durations as one nn.LSTM call per symbol, within float rounding, and
    the same frame counts; batched rows equal their rows alone."""
    if model == "small":
        pred = small_sambert(seed=3).variance_adaptor.duration_predictor
    else:
        from ttsserve.pipeline.base import StageSpec
        from ttsserve.pipeline.sambert import load

        import yaml

        voice = Path(__file__).resolve().parents[2] / "weights/distill-baker"
        opts = {k: v for k, v in yaml.safe_load((voice / "voice.yaml").read_text())["acoustic"].items() if k != "type"}
        pred = load(StageSpec("sambert", voice, opts)).module.variance_adaptor.duration_predictor
    c = pred.lstm.input_size - pred.prenet(torch.zeros(1, 1)).shape[-1]  # the condition's width
    cond = torch.randn(3, 40, c, generator=torch.Generator().manual_seed(1))
    with torch.inference_mode():
        ref = pred.infer(cond, cells=False)
        got = pred.infer(cond, cells=True)
        assert torch.equal(pred.infer(cond), got)  # the default on the CPU
        alone = pred.infer(cond[1:2], cells=True)
    assert got.shape == ref.shape == (3, 40)
    assert (got - ref).abs().max().item() < 1e-5
    assert torch.equal((torch.exp(got) - 1 + 0.5).long(), (torch.exp(ref) - 1 + 0.5).long())
    assert (alone[0] - got[1]).abs().max().item() < 1e-5
