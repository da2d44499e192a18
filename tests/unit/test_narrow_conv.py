"""Narrow convolutions of a causal HiFiGAN: the `vocoder_narrow_kernels` setting (pipeline/narrow_conv.py), which
convolutions it admits, how the mode reaches them, and that a CPU forward never takes the GPU kernel (the kernel
itself is checked against F.conv1d on a GPU: tests/gpu/test_narrow_conv_gpu.py); and the CPU's channels-last
layout for the last stage's convolutions."""

from __future__ import annotations

from pathlib import Path

import pytest
import torch

from ttsserve.pipeline import narrow_conv
from ttsserve.pipeline.hifigan import CausalConv
from ttsserve.pipeline.voice import LoadedVoice, Placement
from ttsserve.settings import load_settings
from ttsserve.voices import load_manifest

WEIGHTS = Path(__file__).resolve().parents[2] / "weights"


def distill(mode: str) -> LoadedVoice:
    return LoadedVoice.load(load_manifest(WEIGHTS / "distill-baker"),
                            Placement("cpu", "cpu", "float32", vocoder_narrow_kernels=mode))


def narrow_modes(voice: LoadedVoice) -> dict[str, str]:
    return {name: m.narrow for name, m in voice.vocoder.module.named_modules() if isinstance(m, CausalConv)}


def test_the_measured_narrow_convolutions_and_no_others_take_the_mode():
    """distill-baker's generator (channels 128 -> 8 over four stages): every residual convolution of the last
    stage (8 channels; kernels 3, 7, 11) and the kernel-3 ones of the stage before (16 channels); not the
    wider stages, the repeat-upsampling convolutions (fewer outputs than inputs) or conv_post (one output)."""
    modes = narrow_modes(distill("auto"))
    on = {name for name, mode in modes.items() if mode == "auto"}
    last = {f"conv_blocks.{b}.convs{i}.{j}" for b in (9, 10, 11) for i in (1, 2) for j in range(3)}
    before = {f"conv_blocks.6.convs{i}.{j}" for i in (1, 2) for j in range(3)}  # kernel 3 (conv_blocks 6, 7, 8)
    assert on == last | before
    assert set(modes.values()) == {"auto", "off"}
    assert set(narrow_modes(distill("off")).values()) == {"off"}  # Placement's default: cuDNN everywhere


def test_the_setting_reaches_the_vocoder_and_bad_modes_are_refused(monkeypatch):
    monkeypatch.delenv("TTSSERVE_VOCODER_NARROW_KERNELS", raising=False)
    assert load_settings().vocoder_narrow_kernels == "auto"  # the default since session 35's server A/B
    monkeypatch.setenv("TTSSERVE_VOCODER_NARROW_KERNELS", "off")
    assert load_settings().vocoder_narrow_kernels == "off"
    monkeypatch.setenv("TTSSERVE_VOCODER_NARROW_KERNELS", "fast")
    with pytest.raises(Exception, match="vocoder_narrow_kernels"):
        load_settings()
    voice = distill("off")
    with pytest.raises(ValueError, match="one of auto, on, off"):
        voice.vocoder.narrow_kernels = "fast"
    if narrow_conv.triton is None:  # required where it cannot run: refused when set, not at the first request
        with pytest.raises(narrow_conv.Unsupported, match="Triton is not installed"):
            voice.vocoder.narrow_kernels = "on"


def test_a_cpu_forward_never_takes_the_kernel():
    """On a CPU the mode changes nothing: the same samples, and no kernel checked or compiled."""
    auto, off = distill("auto"), distill("off")
    mel = torch.randn(2, 80, 40, generator=torch.Generator().manual_seed(1))
    with torch.inference_mode():
        assert torch.equal(auto.vocoder.module(mel), off.vocoder.module(mel))
    assert all(not m._narrow_ok for m in auto.vocoder.module.modules() if isinstance(m, CausalConv))


def test_on_a_cpu_the_last_stages_convolutions_run_channels_last_with_the_same_samples():
    """`CausalConv.cpu_channels_last` (8 channels or fewer, as many out as in: distill-baker's last stage, 18
    convolutions) gives the samples the plain conv1d gives (oneDNN's other layout; float rounding at most)."""
    voice = distill("off")
    module = voice.vocoder.module
    flagged = [name for name, m in module.named_modules() if isinstance(m, CausalConv) and m.cpu_channels_last]
    assert sorted(flagged) == sorted(f"conv_blocks.{b}.convs{i}.{j}" for b in (9, 10, 11) for i in (1, 2) for j in range(3))
    mel = torch.randn(2, 80, 50, generator=torch.Generator().manual_seed(2))
    with torch.inference_mode():
        fast = module(mel)
        for m in module.modules():
            if isinstance(m, CausalConv):
                m.cpu_channels_last = False
        plain = module(mel)
    assert fast.shape == plain.shape and (fast - plain).abs().max().item() < 1e-5
