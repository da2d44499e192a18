"""HiFiGAN generator as KAN-TTS defines it for the ModelScope Sambert-HiFiGAN voices (causal variant),
loading their checkpoints unchanged: state-dict keys match the reference, weight norm is folded once at
load (w = g * v / ||v||).

Per upsampling stage: x = sin(x) + x, then (nearest repeat + causal conv) + causal transposed conv (its
last k - stride samples trimmed), then the mean of the multi-receptive-field residual blocks; finally
leaky_relu (slope 0.01), conv_post, tanh. Every convolution is causal, so an output sample depends only on
mel frames up to its own: chunked and streamed vocoding need only left context, no look-ahead.
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

import torch
import torch.nn as nn
import torch.nn.functional as F

from ttsserve.pipeline import narrow_conv
from ttsserve.pipeline.base import StageSpec, register
from ttsserve.pipeline.torch_stage import (BatchedWindows, ModuleStage, load_strict, read_kantts_params,
                                           resolve_checkpoint)

log = logging.getLogger(__name__)


@dataclass
class HiFiGANConfig:
    in_channels: int = 80  # mel bins
    channels: int = 256  # width after conv_pre; halved at every upsampling stage
    kernel_size: int = 7  # conv_pre, repeat-upsample convs and conv_post
    upsample_scales: tuple[int, ...] = (10, 5, 2, 2)  # product = hop length (200 at 16 kHz)
    upsample_kernel_sizes: tuple[int, ...] = (20, 10, 4, 4)
    resblock_kernel_sizes: tuple[int, ...] = (3, 7, 11)
    resblock_dilations: tuple[tuple[int, ...], ...] = field(default_factory=lambda: ((1, 3, 5, 7),) * 3)
    leaky_slope: float = 0.1  # inside stages and residual blocks (the final activation uses 0.01)
    sample_rate_hz: int = 16000

    @property
    def hop_length(self) -> int:
        return math.prod(self.upsample_scales)

    def receptive_field_frames(self) -> int:
        """Past mel frames that can influence a frame's samples (upper bound, rounded up)."""
        samples = self.kernel_size - 1  # conv_pre, at the frame rate
        rate = 1
        reach = samples  # in frames
        for s, k in zip(self.upsample_scales, self.upsample_kernel_sizes):
            rate *= s
            reach += 1 + math.ceil(k / s)  # repeat + transposed conv reach back at most about a frame
            per_stage = max(sum((kk - 1) * d + (kk - 1) for d in dil)
                            for kk, dil in zip(self.resblock_kernel_sizes, self.resblock_dilations))
            reach += math.ceil(max(per_stage, self.kernel_size - 1) / rate)
        return reach + math.ceil((self.kernel_size - 1) / rate)


class CausalConv(nn.Module):
    """Conv1d padded on the left only; the weight lives at `.conv1d` as in KAN-TTS checkpoints. A narrow one (the
    last stages' residual convolutions) may run otherwise than through cuDNN's or oneDNN's default: on a GPU as a
    Triton kernel (pipeline/narrow_conv.py), by `narrow` (the `vocoder_narrow_kernels` mode, set through
    `HiFiGANVocoder.narrow_kernels`); on a CPU in channels-last memory (`cpu_channels_last`)."""

    def __init__(self, c_in: int, c_out: int, k: int, dilation: int = 1) -> None:
        super().__init__()
        self.pad = (k - 1) * dilation
        self.conv1d = nn.Conv1d(c_in, c_out, k, dilation=dilation)
        self.narrow = "off"
        self._narrow_ok: dict[tuple, bool] = {}  # (device, dtype) -> whether the kernel runs there
        # On a CPU, a convolution with as many outputs as inputs, 8 or fewer (the last stage's residual blocks), runs
        # as a conv2d over (B, C, 1, T) in channels-last memory: oneDNN's kernels for that layout took about half the
        # time (1.11 -> 0.43, 1.35 -> 0.60, 1.58 -> 0.77 ms for 40,200 samples, kernels 3 / 7 / 11; 2 threads), the
        # same samples bit for bit; 16 channels gained little (bench/hifigan_cpu_layout.py).
        self.cpu_channels_last = c_in == c_out <= 8

    def forward(self, x: torch.Tensor) -> torch.Tensor:  # (B, C, T) -> (B, C', T)
        if self.conv1d._forward_pre_hooks:  # (legacy weight norm sets `weight` in a hook: the module itself runs)
            pass
        elif x.is_cuda:
            if self.narrow != "off" and self._use_narrow(x):
                return narrow_conv.causal_conv1d(x, self.conv1d.weight, self.conv1d.bias, self.conv1d.dilation[0])
        elif self.cpu_channels_last:
            x4 = F.pad(x, (self.pad, 0))[:, :, None].contiguous(memory_format=torch.channels_last)
            w = self.conv1d.weight[:, :, None]
            return F.conv2d(x4, w, self.conv1d.bias, dilation=(1, self.conv1d.dilation[0])).squeeze(2)
        return self.conv1d(F.pad(x, (self.pad, 0)))

    def _use_narrow(self, x: torch.Tensor) -> bool:
        key = (x.device, x.dtype)
        ok = self._narrow_ok.get(key)
        if ok is None:
            if torch.cuda.is_current_stream_capturing():  # no compiling inside a capture: cuDNN this time
                return False
            try:
                narrow_conv.self_check(self.conv1d)
                ok = True
            except Exception as exc:  # noqa: BLE001 - Triton's compile errors have no common base class
                if self.narrow == "on":
                    raise
                log.warning("narrow convolution kernel not used (cuDNN instead): %s: %s", type(exc).__name__, exc)
                ok = False
            self._narrow_ok[key] = ok
        return ok


class CausalConvTranspose(nn.Module):
    def __init__(self, c_in: int, c_out: int, k: int, stride: int) -> None:
        super().__init__()
        self.trim = k - stride
        self.deconv = nn.ConvTranspose1d(c_in, c_out, k, stride)

    def forward(self, x: torch.Tensor) -> torch.Tensor:  # (B, C, T) -> (B, C', T * stride)
        y = self.deconv(x)
        return y[..., : y.shape[-1] - self.trim]


class ResBlock(nn.Module):
    def __init__(self, channels: int, k: int, dilations: tuple[int, ...], slope: float) -> None:
        super().__init__()
        self.slope = slope
        self.convs1 = nn.ModuleList(CausalConv(channels, channels, k, d) for d in dilations)
        self.convs2 = nn.ModuleList(CausalConv(channels, channels, k, 1) for _ in dilations)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        for c1, c2 in zip(self.convs1, self.convs2):
            x = x + c2(F.leaky_relu(c1(F.leaky_relu(x, self.slope)), self.slope))
        return x


class HiFiGAN(nn.Module):
    def __init__(self, cfg: HiFiGANConfig) -> None:
        super().__init__()
        self.cfg = cfg
        c = cfg.channels
        self.conv_pre = CausalConv(cfg.in_channels, c, cfg.kernel_size)
        self.transpose_upsamples = nn.ModuleList()
        self.repeat_upsamples = nn.ModuleList()
        self.conv_blocks = nn.ModuleList()
        for i, (s, k) in enumerate(zip(cfg.upsample_scales, cfg.upsample_kernel_sizes)):
            c_in, c_out = c // 2**i, c // 2 ** (i + 1)
            # Sequential indices reproduce the checkpoint keys: transpose_upsamples.i.1.deconv, repeat_upsamples.i.2.conv1d
            self.transpose_upsamples.append(nn.Sequential(nn.LeakyReLU(cfg.leaky_slope), CausalConvTranspose(c_in, c_out, k, s)))
            self.repeat_upsamples.append(nn.Sequential(nn.Upsample(scale_factor=s, mode="nearest"),
                                                       nn.LeakyReLU(cfg.leaky_slope), CausalConv(c_in, c_out, cfg.kernel_size)))
            for rk, dil in zip(cfg.resblock_kernel_sizes, cfg.resblock_dilations):
                self.conv_blocks.append(ResBlock(c_out, rk, tuple(dil), cfg.leaky_slope))
        self.conv_post = CausalConv(c // 2 ** len(cfg.upsample_scales), 1, cfg.kernel_size)

    def forward(self, mel: torch.Tensor) -> torch.Tensor:  # (B, n_mels, T) -> (B, T * hop)
        x = self.conv_pre(mel)
        n = len(self.cfg.resblock_kernel_sizes)
        for i in range(len(self.cfg.upsample_scales)):
            x = torch.sin(x) + x
            rep = self.repeat_upsamples[i](x)
            up = self.transpose_upsamples[i](x)
            x = rep + up[..., : rep.shape[-1]]
            x = sum(self.conv_blocks[i * n + j](x) for j in range(n)) / n
        return torch.tanh(self.conv_post(F.leaky_relu(x))).squeeze(1)


def fold_weight_norm(state: dict[str, torch.Tensor]) -> dict[str, torch.Tensor]:
    """`*.weight_g` + `*.weight_v` -> `*.weight` = g * v / ||v|| (norm over every dim but 0)."""
    out = {}
    for key, value in state.items():
        if key.endswith(".weight_g"):
            continue
        if key.endswith(".weight_v"):
            base = key[: -len("_v")]
            g = state[base + "_g"]
            norm = value.flatten(1).norm(dim=1).view(-1, *([1] * (value.dim() - 1)))
            out[base] = g * value / norm
        else:
            out[key] = value
    return out


def from_checkpoint(source: str | Path | dict, cfg: HiFiGANConfig | None = None) -> HiFiGAN:
    """Load a KAN-TTS generator: a checkpoint path, `{"model": {"generator": ...}}`, or a plain state dict.
    Strict: a missing, unexpected or mis-shaped key is an error that names it."""
    state = torch.load(source, map_location="cpu", weights_only=True) if isinstance(source, (str, Path)) else source
    if "model" in state:
        state = state["model"]
    if "generator" in state:
        state = state["generator"]
    state = fold_weight_norm(state)
    return load_strict(HiFiGAN(cfg or HiFiGANConfig()), state).eval()


class HiFiGANVocoder(BatchedWindows, ModuleStage):
    """The `Vocoder` stage. Causal: chunks need `context_frames` of left context only."""

    def __init__(self, module: HiFiGAN, *, device: str = "cpu", dtype: str = "float32", chunk_frames: int = 400) -> None:
        super().__init__(module, device=device, dtype=dtype)
        self.cfg = module.cfg
        self.sample_rate_hz = self.cfg.sample_rate_hz
        self.hop_length = self.cfg.hop_length
        self.chunk_frames = chunk_frames
        self.context_frames = self.cfg.receptive_field_frames() + 2

    @property
    def narrow_kernels(self) -> str:
        return self._narrow_kernels

    @narrow_kernels.setter
    def narrow_kernels(self, mode: str) -> None:
        """The `vocoder_narrow_kernels` mode for the convolutions `narrow_conv.eligible` admits (the others keep
        cuDNN); each decides at its first forward on a device (`CausalConv._use_narrow`)."""
        self._narrow_kernels = narrow_conv.check_mode(mode)
        for m in self.module.modules():
            if isinstance(m, CausalConv):
                m.narrow = mode if narrow_conv.eligible(m.conv1d) else "off"
                m._narrow_ok.clear()

    _narrow_kernels = "off"

    def _windows(self, mel: torch.Tensor, chunk_frames: int | None):
        for lo, hi, start, end in self._spans(mel.shape[-1], chunk_frames):
            yield mel[:, lo:hi], start - lo, end - start

    causal = True

    def _spans(self, t: int, chunk_frames: int | None, first: int = 0):
        step = chunk_frames or self.chunk_frames
        for start in range(first, t, step):
            end = min(start + step, t)
            yield max(0, start - self.context_frames), end, start, end

    @torch.inference_mode()
    def stream(self, mel: torch.Tensor, *, chunk_frames: int | None = None) -> Iterator[torch.Tensor]:
        mel = mel.to(self.device, self.dtype).T  # (n_mels, T)
        hop = self.hop_length
        for window, offset, frames in self._windows(mel, chunk_frames):
            yield self.module(window[None])[0, offset * hop : (offset + frames) * hop].float()

    @torch.inference_mode()
    def infer(self, mel: torch.Tensor) -> torch.Tensor:
        return torch.cat(list(self.stream(mel, chunk_frames=max(1, mel.shape[0]))))

    def _batch_windows(self, mel: torch.Tensor, chunk_frames: int | None):
        # Every interior chunk's window (left context + chunk) has the same length, so windows stack.
        return self._windows(mel, chunk_frames)

    def _prepare(self, window: torch.Tensor) -> torch.Tensor:
        return window


def config_from_kantts(params: dict) -> dict:
    """Our field names from a KAN-TTS `voc/config.yaml` (`Model.Generator.params`, plus its audio_config)."""
    if params.get("causal") is False:
        raise ValueError("non-causal KAN-TTS HiFiGAN generators are not supported (only the causal variant)")
    if "nsf" in str(params.get("type", "")).lower() or params.get("nsf_params"):
        raise ValueError("NSF HiFiGAN generators are not supported")
    out = {}
    for ours, theirs in (("in_channels", "in_channels"), ("channels", "channels"), ("kernel_size", "kernel_size"),
                         ("upsample_scales", "upsample_scales"), ("upsample_kernel_sizes", "upsample_kernal_sizes"),
                         ("resblock_kernel_sizes", "resblock_kernel_sizes"), ("resblock_dilations", "resblock_dilations")):
        if theirs in params:
            out[ours] = params[theirs]
    slope = (params.get("nonlinear_activation_params") or {}).get("negative_slope")
    if slope is not None:
        out["leaky_slope"] = slope
    rate = (params.get("audio_config") or {}).get("sampling_rate")
    if rate:
        out["sample_rate_hz"] = int(rate)
    return out


@register("vocoder", "hifigan")
def load(spec: StageSpec, *, device: str = "cpu", dtype: str = "float32") -> HiFiGANVocoder:
    """Options: `checkpoint` (a path or glob under the voice folder), `kantts_config` (the voice's
    voc/config.yaml) and/or `config` (our field names, applied last), `chunk_frames`."""
    overrides = {}
    if "kantts_config" in spec.options:
        overrides = config_from_kantts(read_kantts_params(spec.voice_dir / spec.options["kantts_config"], "Generator"))
    overrides.update(spec.options.get("config", {}))
    for key in ("upsample_scales", "upsample_kernel_sizes", "resblock_kernel_sizes"):
        if key in overrides:
            overrides[key] = tuple(overrides[key])
    if "resblock_dilations" in overrides:
        overrides["resblock_dilations"] = tuple(tuple(d) for d in overrides["resblock_dilations"])
    module = from_checkpoint(resolve_checkpoint(spec.voice_dir, spec.options["checkpoint"]), HiFiGANConfig(**overrides))
    return HiFiGANVocoder(module, device=device, dtype=dtype, chunk_frames=int(spec.options.get("chunk_frames", 400)))
