"""The per-symbol half of Sambert's encoding as the CUDA-graph path computes it (pipeline/sambert_graph.py,
`encoder_graphs`), run eagerly on the CPU: the BiLSTM without packing equals the packed one at every real
position, and the bucketed, padded computation gives the same symbols and the same decoder memory as
`Sambert.encode` (durations identical). The captured graph itself: tests/gpu/test_sambert_encoder_graph_gpu.py."""

from __future__ import annotations

import torch

from tests.kantts_voice import small_sambert
from tests.unit.test_sambert_slots import call_input
from ttsserve.pipeline.base import Prosody
from ttsserve.pipeline.sambert import SambertAcoustic, bilstm_within_lengths
from ttsserve.pipeline.sambert_graph import encode_symbols_static

LENGTHS = [9, 3, 6]


def test_bilstm_without_packing_equals_the_packed_one():
    torch.manual_seed(0)
    lstm = torch.nn.LSTM(16, 8, batch_first=True, bidirectional=True).eval()
    x = torch.randn(3, 9, 16)
    lengths = torch.tensor(LENGTHS)
    with torch.inference_mode():
        got = bilstm_within_lengths(lstm, x, lengths)
        for b, n in enumerate(LENGTHS):  # each row alone, unpadded: what packing computes
            ref = lstm(x[b : b + 1, :n])[0][0]
            assert got.shape == (3, 9, 16)
            assert (got[b, :n] - ref).abs().max().item() < 1e-6


def batch(stage: SambertAcoustic):
    inputs = [call_input(n, seed=n, emotion_id=1 + i % 3) for i, n in enumerate(LENGTHS)]
    inputs[1] = type(inputs[1])(symbol_ids=inputs[1].symbol_ids, emotion_id=2,
                                prosody=Prosody(speed=1.3, pitch=1.2, energy=0.8))
    b, n = len(inputs), max(LENGTHS)
    ling = torch.zeros(b, n, 4, dtype=torch.long)
    emotion = torch.zeros(b, n, dtype=torch.long)
    speaker = torch.zeros(b, n, dtype=torch.long)
    for i, inp in enumerate(inputs):
        rows = torch.tensor(inp.symbol_ids).reshape(-1, 4)
        ling[i, : len(rows)] = rows
        emotion[i, : len(rows)] = inp.emotion_id
    maps = [stage.contour_maps(inp.prosody) for inp in inputs]
    controls = {name: torch.tensor([m[k] for m in maps]) for k, name in
                enumerate(("pitch_scale", "pitch_shift", "energy_scale", "energy_shift"))}
    speed = torch.tensor([inp.prosody.speed for inp in inputs])
    return ling, emotion, speaker, torch.tensor(LENGTHS), controls, speed


def test_bucketed_symbols_and_memory_equal_the_eager_encoding():
    model = small_sambert(dur_bias=2.0)
    stage = SambertAcoustic(model)
    ling, emotion, speaker, lengths, controls, speed = batch(stage)
    with torch.inference_mode():
        ref_sym = model.encode_symbols(ling, emotion, speaker, lengths, **controls)
        got_sym = encode_symbols_static(model, ling, emotion, speaker, lengths, controls)  # padded to (4, 32)
        for field in ("text", "speaker", "emotion", "pitch", "energy", "log_durations"):
            ref, got = getattr(ref_sym, field), getattr(got_sym, field)
            assert got.shape == ref.shape, field
            assert (got - ref).abs().max().item() < 1e-5, field
        ref = model.encode(ling, emotion, speaker, lengths, speed=speed, **controls)
        got = model.regulate(got_sym, lengths, speed=speed)
    assert torch.equal(got.durations, ref.durations) and torch.equal(got.steps, ref.steps)
    assert torch.equal(got.band, ref.band) and got.memory.shape == ref.memory.shape
    assert (got.memory - ref.memory).abs().max().item() < 1e-5
    assert ref.durations.sum().item() > 3 * sum(LENGTHS)  # real durations, not all zero


def test_stage_option_reaches_the_stage_and_is_on_by_default(tmp_path):
    from tests.kantts_voice import write_kantts_voice
    from ttsserve.pipeline import sambert
    from ttsserve.pipeline.base import StageSpec

    voice = write_kantts_voice(tmp_path, "v")
    opts = {"checkpoint": "am/ckpt/checkpoint_*.pth", "kantts_config": "am/config.yaml"}
    assert sambert.load(StageSpec("sambert", voice, opts)).encoder_graphs is True
    assert sambert.load(StageSpec("sambert", voice, {**opts, "encoder_graphs": False})).encoder_graphs is False


def test_one_way_copies_of_an_lstm_moved_off_the_gpu_are_dropped(tmp_path):
    """The unpacked BiLSTM's per-direction copies (made on a GPU) are forgotten when their voice's acoustic stage
    moves (the voice cache moving it to host memory), so they do not stay on the GPU; another voice's copies stay.
    (No GPU here: entries stand in for the copies.)"""
    import torch.nn as nn

    from tests.kantts_voice import write_kantts_voice
    from ttsserve.pipeline import sambert
    from ttsserve.pipeline.base import StageSpec

    voice = write_kantts_voice(tmp_path, "v")
    stage = sambert.load(StageSpec("sambert", voice, {"checkpoint": "am/ckpt/checkpoint_*.pth",
                                                      "kantts_config": "am/config.yaml"}))
    mine = [m for m in stage.module.modules() if isinstance(m, nn.LSTM)]
    other = nn.LSTM(4, 3, batch_first=True, bidirectional=True)
    assert mine
    try:
        for lstm in [*mine, other]:
            sambert._ONE_WAY[lstm] = ((), ())
        stage.to("cpu")
        assert not any(m in sambert._ONE_WAY for m in mine) and other in sambert._ONE_WAY
    finally:
        for lstm in [*mine, other]:
            sambert._ONE_WAY.pop(lstm, None)
