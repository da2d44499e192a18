"""The Kokoro stages on a GPU against the CPU: the tiny random-weight voice always, the converted voice
(weights/kokoro) when it exists. float32 and float16; the harmonic source and the STFTs stay float32."""

from __future__ import annotations

import contextlib

import pytest
import torch

pytestmark = [pytest.mark.gpu, pytest.mark.skipif(not torch.cuda.is_available(), reason="needs CUDA")]
pytest.importorskip("misaki", reason="the kokoro symbol set needs misaki (pip install 'ttsserve[kokoro]')")

from tests.conftest import PROJECT  # noqa: E402
from tests.kokoro_voice import write_kokoro_voice  # noqa: E402
from ttsserve.pipeline.base import AcousticInput  # noqa: E402
from ttsserve.pipeline.voice import LoadedVoice, Placement  # noqa: E402
from ttsserve.voices import load_manifest  # noqa: E402

REAL = PROJECT / "weights" / "kokoro"


def _folders(tmp_path):
    yield write_kokoro_voice(tmp_path / "weights")
    if (REAL / "voice.yaml").is_file():
        yield REAL


def _snr_db(a: torch.Tensor, ref: torch.Tensor) -> float:
    return float(10 * torch.log10((ref**2).sum() / ((a - ref) ** 2).sum().clamp(min=1e-30)))


@pytest.mark.parametrize("dtype", ["float32", "float16"])
def test_gpu_matches_cpu(tmp_path, dtype):
    ids = (0, *[43 + i % 30 for i in range(60)], 0)
    for folder in _folders(tmp_path):
        manifest = load_manifest(folder)
        cpu = LoadedVoice.load(manifest, Placement("cpu", "cpu", "float32"))
        gpu = LoadedVoice.load(manifest, Placement("cuda", "cuda", dtype), device="cuda")
        cpu.acoustic.edge_keep = gpu.acoustic.edge_keep = None  # the model's frames, not the served voice's edges
        inp = AcousticInput(symbol_ids=ids, speaker_id=3)
        a_cpu, a_gpu = cpu.acoustic.infer([inp])[0], gpu.acoustic.infer([inp])[0]
        if dtype == "float32":
            assert torch.equal(a_cpu.durations, a_gpu.durations.cpu())
        assert a_gpu.mel.dtype == torch.float32 and a_gpu.mel.device.type == "cuda"
        # the decoder on the same features, so that a duration rounded differently in float16 does not shift frames
        w_cpu = cpu.vocoder.infer(a_cpu.mel)
        w_gpu = gpu.vocoder.infer(a_cpu.mel.cuda()).cpu()
        assert w_gpu.shape == w_cpu.shape and torch.isfinite(w_gpu).all()
        c = cpu.acoustic.cfg.hidden_dim
        if dtype == "float32":  # text features and f0 to float rounding (cuDNN TF32 aside)
            assert _snr_db(a_gpu.mel.cpu()[:, :c + 4], a_cpu.mel[:, :c + 4]) > 30
        print(folder.name, dtype, "waveform SNR vs CPU", round(_snr_db(w_gpu, w_cpu), 1), "dB")


@pytest.mark.parametrize("dtype,tol", [("float32", 1e-4), ("float16", 2e-2)])
def test_calls_batched_on_the_gpu_equal_each_alone(tmp_path, dtype, tol):
    """The scheduler groups Kokoro calls on a GPU: padded, packed and masked, each call's durations equal its
    own (fp32; fp16 may round a duration the other way: at most 2% of phonemes, by one frame) and its features
    within `tol` of the features' scale. float32 runs in full fp32 (`exact_fp32`): by default cuDNN convolves fp32
    in TF32 (about 1e-3 relative per operation), and with it the converted voice's 60-symbol call was 2.5e-4 from
    itself alone (H200, session 10), rounding of shapes that differ, not the masks this test is about."""
    from ttsserve.pipeline.sambert_fused import exact_fp32

    for folder in _folders(tmp_path):
        gpu = LoadedVoice.load(load_manifest(folder), Placement("cuda", "cuda", dtype), device="cuda")
        gpu.acoustic.edge_keep = None  # the model's frames (edges follow from them: a frame at the threshold can flip)
        inputs = [AcousticInput(symbol_ids=(0, *[43 + (i * k) % 30 for i in range(n)], 0), speaker_id=k % 8)
                  for k, n in ((1, 60), (2, 12), (3, 33), (5, 7))]
        with exact_fp32() if dtype == "float32" else contextlib.nullcontext():
            alone = [gpu.acoustic.infer([inp])[0] for inp in inputs]
            together = gpu.acoustic.infer(inputs)
        flipped = 0
        for a, b in zip(alone, together):
            diff = (a.durations - b.durations).abs()
            flipped += int((diff > 0).sum())
            if diff.any():
                assert dtype == "float16" and int(diff.max()) <= 1
                continue
            err = ((a.mel - b.mel).abs().max() / a.mel.abs().max()).item()
            print(folder.name, dtype, "batched vs alone, max error / scale", f"{err:.2e}")
            assert err < tol
        assert flipped <= 0.02 * sum(len(inp.symbol_ids) for inp in inputs)


def test_decoder_batches_calls_of_different_lengths_on_the_gpu(tmp_path):
    """The vocoder's padded passes of calls of different lengths (float32): each call's waveform as alone."""
    for folder in _folders(tmp_path):
        gpu = LoadedVoice.load(load_manifest(folder), Placement("cuda", "cuda", "float32"), device="cuda")
        inputs = [AcousticInput(symbol_ids=(0, *[43 + (i * k) % 30 for i in range(n)], 0), speaker_id=k % 8)
                  for k, n in ((1, 40), (2, 12), (3, 25))]
        mels = [o.mel for o in gpu.acoustic.infer(inputs)]
        windows = [w for m in mels for w in gpu.vocoder.plan_windows(m, equal_length=True)]
        alone = gpu.vocoder.run_windows(windows, max_windows=1)
        together = gpu.vocoder.run_windows(windows, max_windows=16)
        for a, b in zip(alone, together):
            assert a.shape == b.shape
            snr = _snr_db(b.cpu(), a.cpu())
            print(folder.name, "decoder batched vs alone, SNR", round(snr, 1), "dB")
            assert snr > 60
