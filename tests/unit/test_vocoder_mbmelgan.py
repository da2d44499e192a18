"""MB-MelGAN stage: length contract, chunked == whole, loader round trip, PQMF filter facts."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import torch

from ttsserve.pipeline.base import StageSpec
from ttsserve.pipeline.mbmelgan import MBMelGAN, MBMelGANConfig, MBMelGANVocoder, load, pqmf_synthesis_filter

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def vocoder():
    return load(StageSpec("mbmelgan", ROOT / "weights" / "baker", {"weights": "vocoder.safetensors"}))


def speechlike_mel(frames: int, seed: int = 0) -> torch.Tensor:
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(frames + 4, 80, generator=g)
    return (x.unfold(0, 5, 1).mean(-1) * 1.5 - 0.5)[:frames]  # smooth in time, (frames, 80)


def test_length_contract(vocoder):
    assert vocoder.hop_length == 300 and vocoder.sample_rate_hz == 24000
    for frames in (1, 3, 4, 57):
        wav = vocoder.infer(speechlike_mel(frames))
        assert wav.shape == (frames * 300,) and wav.dtype == torch.float32
        assert wav.abs().max() <= 1.0


def test_chunked_equals_whole(vocoder):
    mel = speechlike_mel(700, seed=3)
    with torch.inference_mode():
        whole = vocoder.module(mel.T[None])[0]
    chunks = list(vocoder.stream(mel, chunk_frames=128))
    assert len(chunks) == 6
    stitched = torch.cat(chunks)
    assert stitched.shape == whole.shape
    diff = (stitched - whole).abs()
    # exact up to float rounding, except where a sub-band sample lands across a 1/128 rounding step
    assert float(diff.max()) < 0.02
    assert float((diff > 1e-4).float().mean()) < 1e-3


def test_receptive_field_is_covered():
    cfg = MBMelGANConfig()
    assert cfg.receptive_field_frames() >= 5
    assert MBMelGANVocoder(MBMelGAN(cfg)).context_frames == cfg.receptive_field_frames() + 2


def test_pqmf_bands_cover_their_quarter_of_the_spectrum():
    h = pqmf_synthesis_filter(4, 62, 0.142, 9.0)
    assert h.shape == (63, 4)
    spectrum = np.abs(np.fft.rfft(h, n=1024, axis=0))  # (513, 4)
    peaks = spectrum.argmax(axis=0) / 512  # as a fraction of Nyquist
    for k in range(4):
        assert k / 4 <= peaks[k] <= (k + 1) / 4, (k, peaks[k])


def test_loader_round_trip(tmp_path):
    from safetensors.torch import save_file

    module = MBMelGAN(MBMelGANConfig())
    save_file({k: v.contiguous() for k, v in module.state_dict().items()}, str(tmp_path / "v.safetensors"))
    stage = load(StageSpec("mbmelgan", tmp_path, {"weights": "v.safetensors", "chunk_frames": 50}))
    assert stage.chunk_frames == 50
    assert stage.nbytes() == sum(t.numel() * 4 for t in (*module.parameters(), *module.buffers()))
    mel = speechlike_mel(20)
    with torch.inference_mode():
        torch.testing.assert_close(stage.infer(mel), module(mel.T[None])[0])


def test_strict_loading_names_the_problem(tmp_path):
    from safetensors.torch import save_file

    state = {k: v.contiguous() for k, v in MBMelGAN(MBMelGANConfig()).state_dict().items()}
    state.pop("conv_out.bias")
    save_file(state, str(tmp_path / "v.safetensors"))
    with pytest.raises(RuntimeError, match="conv_out.bias"):
        load(StageSpec("mbmelgan", tmp_path, {"weights": "v.safetensors"}))


def test_batch_of_mels_equals_each_alone(vocoder):
    mels = [speechlike_mel(n, seed=n) for n in (5, 90, 700, 431)]
    together = vocoder.infer_batch(mels, chunk_frames=128, max_windows=3)
    for mel, wav in zip(mels, together):
        alone = torch.cat(list(vocoder.stream(mel, chunk_frames=128)))
        assert wav.shape == alone.shape == (mel.shape[0] * 300,)
        diff = (wav - alone).abs()
        assert float(diff.max()) < 0.02 and float((diff > 1e-4).float().mean()) < 1e-3


def test_scheduler_windows_run_one_by_one_equal_the_stream(vocoder):
    """On a CPU the scheduler runs each planned window alone: the chunks are exactly the stream's."""
    mel = speechlike_mel(431, seed=2)
    windows = vocoder.plan_windows(mel, chunk_frames=128)
    chunks = [vocoder.run_windows([w], max_windows=1)[0] for w in windows]
    streamed = list(vocoder.stream(mel, chunk_frames=128))
    assert len(chunks) == len(streamed) == 4
    for a, b in zip(chunks, streamed):
        assert torch.equal(a, b)


def test_equal_length_windows_stack_and_match_the_stream(vocoder):
    """Widened windows (more of the mel's own frames as context) all have one length, and their chunks equal
    the plain stream's within float tolerance: the extra context lies beyond the receptive field."""
    for n in (431, 300):
        mel = speechlike_mel(n, seed=n)
        windows = vocoder.plan_windows(mel, chunk_frames=128, equal_length=True)
        assert len({w.mel.shape[-1] for w in windows}) == 1
        wav = torch.cat(vocoder.run_windows(windows, max_windows=16))
        streamed = torch.cat(list(vocoder.stream(mel, chunk_frames=128)))
        assert wav.shape == streamed.shape
        diff = (wav - streamed).abs()
        assert float(diff.max()) < 0.02 and float((diff > 1e-4).float().mean()) < 1e-3


def test_windows_from_start_to_end_are_that_stretch_of_the_stream(vocoder):
    """`plan_windows(start=, end=)` (an acoustic output's edges): chunks from frame `start` to frame `end`, the
    frames outside read as context only; together they are that stretch of the whole call's waveform."""
    mel = speechlike_mel(431, seed=4)
    whole = torch.cat(list(vocoder.stream(mel, chunk_frames=128)))
    for start, end in ((0, 431), (7, 431), (0, 300), (7, 300), (130, 257), (5, 6)):
        windows = vocoder.plan_windows(mel, chunk_frames=128, start=start, end=end)
        assert sum(w.frames for w in windows) == end - start
        wav = torch.cat(vocoder.run_windows(windows, max_windows=1))
        diff = (wav - whole[start * 300 : end * 300]).abs()
        assert float(diff.max()) < 0.02 and float((diff > 1e-4).float().mean()) < 1e-3
