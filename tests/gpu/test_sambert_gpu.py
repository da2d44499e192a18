"""Sambert and HiFiGAN (KAN-TTS layout, official 16 kHz sizes, random weights) on a GPU: the exactness
properties of the CPU tests, fp16 against fp32, and decoder memory that does not grow with length beyond
the linear input/output tensors. Skipped without CUDA."""

from __future__ import annotations

import pytest
import torch

pytestmark = [pytest.mark.gpu, pytest.mark.skipif(not torch.cuda.is_available(), reason="needs CUDA")]

from tests.unit.test_sambert import random_batch  # noqa: E402
from ttsserve.pipeline.hifigan import HiFiGAN, HiFiGANConfig, HiFiGANVocoder  # noqa: E402
from ttsserve.pipeline.sambert import Sambert, SambertConfig  # noqa: E402


def full_size(dtype=torch.float32) -> Sambert:
    torch.manual_seed(0)
    model = Sambert(SambertConfig()).eval()
    with torch.no_grad():
        model.variance_adaptor.duration_predictor.fc.bias.fill_(1.8)
    return model.to("cuda", dtype)


def encode(model, lengths, dtype=torch.float32):
    ling, emo, spk, lens = (t.cuda() for t in random_batch(lengths))
    return model.encode(ling, emo, spk, lens)


@torch.inference_mode()
def test_ring_equals_full_attention_on_gpu():
    model = full_size()
    enc = encode(model, [60, 25])
    ring, full = model.decode(enc), model.decode_full(enc)[0]
    # steps past an item's own end are padding (their output is discarded), so compare each item's steps
    err = max((ring[i, :s] - full[i, :s]).abs().max().item() for i, s in enumerate(enc.steps.tolist()))
    print(f"ring vs full attention, fp32, GPU, batch of 2: max abs error {err:.2e}")
    assert err < 1e-4


@torch.inference_mode()
def test_fp16_close_to_fp32():
    ref = full_size()
    enc = encode(ref, [40])
    mel32 = ref.postnet(ref.decode(enc), enc.frames)
    half = full_size(torch.float16)
    enc16 = encode(half, [40])
    same_durations = torch.equal(enc16.durations, enc.durations)
    if not same_durations:  # rounding of a duration at .5 may differ; compare the decoder on fp32's alignment
        enc16 = enc
        enc16.memory = enc.memory.half()
    mel16 = half.postnet(half.decode(enc16), enc16.frames).float()
    err = (mel16 - mel32).abs().max().item()
    rel = ((mel16 - mel32).norm() / mel32.norm()).item()
    print(f"Sambert fp16 vs fp32: durations equal {same_durations}, mel max abs {err:.3e}, relative {rel:.2e}")
    assert rel < 2e-2

    torch.manual_seed(1)
    voc32 = HiFiGANVocoder(HiFiGAN(HiFiGANConfig()), device="cuda")
    voc16 = HiFiGANVocoder(HiFiGAN(HiFiGANConfig()), device="cuda", dtype="float16")
    voc16.module.load_state_dict(voc32.module.state_dict())
    voc16.module.half()
    wav32, wav16 = voc32.infer(mel32[0]), voc16.infer(mel32[0])
    vrel = ((wav16 - wav32).norm() / wav32.norm()).item()
    print(f"HiFiGAN fp16 vs fp32: waveform relative error {vrel:.2e}")
    assert vrel < 5e-2


@torch.inference_mode()
def test_decoder_peak_memory_is_linear_in_length_only_through_inputs_and_outputs():
    """Peak bytes of `decode` grow only by the output (S x 240) and the per-layer memory K/V (S x 2 x 128 per
    layer); the reference's decoder adds 768 * S^2 bytes of attention maps on top."""
    model = full_size()
    peaks, steps = {}, {}
    for n in (20, 200):
        enc = encode(model, [n])
        torch.cuda.synchronize()
        torch.cuda.reset_peak_memory_stats()
        base = torch.cuda.memory_allocated()
        model.decode(enc)
        torch.cuda.synchronize()
        peaks[n], steps[n] = torch.cuda.max_memory_allocated() - base, int(enc.steps)
    per_step = 4 * (240 + len(model.decoder.pnca) * 2 * 128)
    linear = (steps[200] - steps[20]) * per_step
    print(f"decode peak: {peaks[20]} B at {steps[20]} steps, {peaks[200]} B at {steps[200]} steps; linear part {linear} B")
    assert peaks[200] - peaks[20] <= 1.2 * linear + 2**20
