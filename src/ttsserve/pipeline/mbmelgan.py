"""Multi-band MelGAN vocoder (TensorFlowTTS architecture, Baker 24 kHz config) with its PQMF synthesis bank.

The generator predicts 4 sub-band signals at 1/4 of the sample rate; a pseudo-QMF synthesis filter bank
(a cosine-modulated Kaiser prototype) recombines them. The original TFLite graph rounds the sub-bands to
8 bits (scale 1/128) before synthesis; we keep that step by default so that the port is faithful.

Chunked inference: the generator is non-causal, so each chunk of mel frames gets `context_frames` of real
neighbouring frames on both sides, and its output is trimmed back to the chunk. With the context at least
the receptive field, the stitched waveform equals whole-utterance vocoding (up to float rounding, and the
rare sample that lands on the other side of a 1/128 rounding boundary).
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import Iterator

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

from ttsserve.pipeline.base import StageSpec, register
from ttsserve.pipeline.torch_stage import BatchedWindows, ModuleStage


@dataclass
class MBMelGANConfig:
    n_mels: int = 80  # input mel channels
    channels: int = 384  # width after the input conv; halved at each upsampling stage
    kernel_size: int = 7  # input and output conv kernels
    upsample_scales: tuple[int, ...] = (3, 5, 5)  # 75x in total, times 4 sub-bands = hop 300
    stack_kernel_size: int = 3  # residual-stack dilated conv kernel
    stacks: int = 4  # residual blocks per stage, dilations 1, 3, 9, 27
    leaky_slope: float = 0.2
    subbands: int = 4
    taps: int = 62  # PQMF prototype filter order (taps + 1 coefficients)
    cutoff_ratio: float = 0.142
    beta: float = 9.0  # Kaiser window beta
    quantize_subbands: bool = True  # the original's 8-bit rounding of the sub-bands (scale 1/128)
    sample_rate_hz: int = 24000

    @property
    def hop_length(self) -> int:
        return math.prod(self.upsample_scales) * self.subbands

    def receptive_field_frames(self) -> int:
        """Mel frames on each side that can influence a frame's output (an upper bound, rounded up)."""
        # samples at the sub-band rate, per side: input conv, then per stage the residual stacks at that
        # stage's rate, the transposed conv; output conv; then the PQMF filter at the full rate.
        half = (self.kernel_size - 1) // 2
        at_rate = half  # in frames at the mel rate so far (exact)
        scale = 1
        for s in self.upsample_scales:
            scale *= s
            at_rate += 1  # transposed conv (kernel 2s) reaches one input frame either side
            stack = sum((self.stack_kernel_size - 1) // 2 * self.stack_kernel_size**j for j in range(self.stacks))
            at_rate += math.ceil(stack / scale)
        at_rate += math.ceil(half / scale)
        at_rate += math.ceil(self.taps / 2 / self.hop_length)
        return at_rate


def pqmf_synthesis_filter(subbands: int, taps: int, cutoff_ratio: float, beta: float) -> np.ndarray:
    """(taps + 1, subbands) cosine-modulated synthesis filters from a Kaiser-windowed sinc prototype."""
    n = np.arange(taps + 1) - taps / 2
    omega = np.pi * cutoff_ratio
    with np.errstate(invalid="ignore", divide="ignore"):
        ideal = np.sin(omega * n) / (np.pi * n)
    ideal[taps // 2] = cutoff_ratio  # the limit at n = 0
    prototype = ideal * np.kaiser(taps + 1, beta)
    k = np.arange(subbands)[:, None]
    phase = (-1.0) ** k * np.pi / 4
    h = 2 * prototype[None, :] * np.cos((2 * k + 1) * np.pi / (2 * subbands) * n[None, :] - phase)
    return h.T.astype(np.float32)  # (taps + 1, subbands)


class ResidualBlock(nn.Module):
    def __init__(self, channels: int, kernel_size: int, dilation: int, slope: float) -> None:
        super().__init__()
        self.pad = (kernel_size - 1) // 2 * dilation
        self.slope = slope
        self.conv = nn.Conv1d(channels, channels, kernel_size, dilation=dilation)
        self.proj = nn.Conv1d(channels, channels, 1)
        self.shortcut = nn.Conv1d(channels, channels, 1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:  # (B, C, T) -> (B, C, T)
        y = F.leaky_relu(x, self.slope)
        y = self.conv(F.pad(y, (self.pad, self.pad), mode="reflect"))
        y = self.proj(F.leaky_relu(y, self.slope))
        return self.shortcut(x) + y


class UpsampleStage(nn.Module):
    def __init__(self, in_ch: int, out_ch: int, scale: int, cfg: MBMelGANConfig) -> None:
        super().__init__()
        self.scale = scale
        self.slope = cfg.leaky_slope
        self.up = nn.ConvTranspose1d(in_ch, out_ch, 2 * scale, stride=scale)
        self.blocks = nn.ModuleList(
            ResidualBlock(out_ch, cfg.stack_kernel_size, cfg.stack_kernel_size**j, cfg.leaky_slope)
            for j in range(cfg.stacks)
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:  # (B, C_in, T) -> (B, C_out, T * scale)
        t = x.shape[-1]
        y = self.up(F.leaky_relu(x, self.slope))  # (B, C_out, (T - 1) * s + 2s)
        crop = (2 * self.scale - self.scale) // 2  # TF "same" padding: total k - s, the smaller half first
        y = y[..., crop : crop + t * self.scale]
        for block in self.blocks:
            y = block(y)
        return y


class MBMelGAN(nn.Module):
    def __init__(self, cfg: MBMelGANConfig) -> None:
        super().__init__()
        self.cfg = cfg
        c = cfg.channels
        self.conv_in = nn.Conv1d(cfg.n_mels, c, cfg.kernel_size)
        stages = []
        for s in cfg.upsample_scales:
            stages.append(UpsampleStage(c, c // 2, s, cfg))
            c //= 2
        self.stages = nn.ModuleList(stages)
        self.conv_out = nn.Conv1d(c, cfg.subbands, cfg.kernel_size)
        h = pqmf_synthesis_filter(cfg.subbands, cfg.taps, cfg.cutoff_ratio, cfg.beta)
        self.register_buffer("pqmf", torch.from_numpy(h.T.copy())[None], persistent=False)  # (1, subbands, taps+1)

    def subband_signals(self, mel: torch.Tensor) -> torch.Tensor:
        """(B, n_mels, T) -> (B, subbands, T * prod(upsample_scales)) in [-1, 1]."""
        pad = (self.cfg.kernel_size - 1) // 2
        x = self.conv_in(F.pad(mel, (pad, pad), mode="reflect"))
        for stage in self.stages:
            x = stage(x)
        x = F.leaky_relu(x, self.cfg.leaky_slope)
        x = torch.tanh(self.conv_out(F.pad(x, (pad, pad), mode="reflect")))
        if self.cfg.quantize_subbands:
            # int8 with scale 1/128, rounding half away from zero as TFLite's quantizer does
            q = torch.sign(x) * torch.floor(x.abs() * 128 + 0.5)
            x = q.clamp(-128, 127) / 128
        return x

    def synthesize_subbands(self, sub: torch.Tensor) -> torch.Tensor:
        """(B, subbands, N) -> (B, 1, N * subbands): zero-stuff each band, filter, sum."""
        b, k, n = sub.shape
        up = sub.new_zeros(b, k, n * k)
        up[..., ::k] = sub * k  # (B, subbands, N * subbands)
        taps = self.pqmf.shape[-1]
        up = F.pad(up, ((taps - 1) // 2, (taps - 1) // 2))
        return F.conv1d(up, self.pqmf.to(up.dtype))  # (B, 1, N * subbands)

    def forward(self, mel: torch.Tensor) -> torch.Tensor:  # (B, n_mels, T) -> (B, T * hop)
        return self.synthesize_subbands(self.subband_signals(mel)).squeeze(1)


MIN_FRAMES = 10


class MBMelGANVocoder(BatchedWindows, ModuleStage):
    """The `Vocoder` stage: (T, n_mels) mel -> waveform, whole or in overlapping chunks."""

    # On a GPU with `vocoder_pad_windows`, windows of 64 frames (0.8 s) or more are padded to a captured width
    # (BatchedWindows): over the 138 calls of bench/data/intelligibility_zh.txt it pads (`bench/vocoder_padding.py`),
    # each call's audio stays within 34.1 dB SNR of unpadded (median 48.5 dB; the difference at -57 dBFS or below,
    # in its last ~0.2 s). Narrower windows keep their width: there the edge is much of the call (8.7 dB measured
    # on a 44-frame call).
    pad_right_min_frames = 64

    def __init__(self, module: MBMelGAN, *, device: str = "cpu", dtype: str = "float32",
                 chunk_frames: int = 400, context_frames: int | None = None) -> None:
        super().__init__(module, device=device, dtype=dtype)
        self.cfg = module.cfg
        self.sample_rate_hz = self.cfg.sample_rate_hz
        self.hop_length = self.cfg.hop_length
        self.chunk_frames = chunk_frames
        # Context on each side of a chunk; +2 frames of margin over the computed receptive field.
        self.context_frames = context_frames if context_frames is not None else self.cfg.receptive_field_frames() + 2

    @torch.inference_mode()
    def infer(self, mel: torch.Tensor) -> torch.Tensor:
        return torch.cat(list(self.stream(mel, chunk_frames=None)))

    @torch.inference_mode()
    def stream(self, mel: torch.Tensor, *, chunk_frames: int | None = None) -> Iterator[torch.Tensor]:
        """Yield the waveform of `mel` (T, n_mels) chunk by chunk. chunk_frames None = the stage default;
        a chunk_frames of T or more vocodes the whole utterance at once."""
        mel = mel.to(self.device, self.dtype).T  # (n_mels, T)
        for window, offset, frames in self._windows(mel, chunk_frames):
            yield self._run(window, offset, frames)

    def _batch_windows(self, mel: torch.Tensor, chunk_frames: int | None):
        for window, offset, frames in self._windows(mel, chunk_frames):
            yield self._padded(window), offset, frames

    def _windows(self, mel: torch.Tensor, chunk_frames: int | None):
        """(window, offset of the chunk inside it, chunk frames) covering `mel` (n_mels, T) in order."""
        for lo, hi, start, end in self._spans(mel.shape[-1], chunk_frames):
            yield mel[:, lo:hi], start - lo, end - start

    def _spans(self, t: int, chunk_frames: int | None, first: int = 0):
        """(window start, window end, chunk start, chunk end) in frames, covering [first, t) in order."""
        step = chunk_frames or self.chunk_frames
        if first == 0 and t <= step:
            yield 0, t, 0, t
            return
        ctx = self.context_frames
        for start in range(first, t, step):
            end = min(start + step, t)
            yield max(0, start - ctx), min(t, end + ctx), start, end

    def _prepare(self, window: torch.Tensor) -> torch.Tensor:
        return self._padded(window)

    def _padded(self, window: torch.Tensor) -> torch.Tensor:
        # Reflection padding in the first stage's dilation-27 block needs 3 * frames > 27: extend very short
        # windows (under 0.125 s) by repeating their last frame; the extra output is trimmed afterwards.
        if window.shape[-1] < MIN_FRAMES:
            window = F.pad(window[None], (0, MIN_FRAMES - window.shape[-1]), mode="replicate")[0]
        return window

    def _run(self, window: torch.Tensor, offset: int, frames: int) -> torch.Tensor:
        wav = self.module(self._padded(window)[None])[0]  # (window * hop,)
        hop = self.hop_length
        return wav[offset * hop : (offset + frames) * hop].float()


@register("vocoder", "mbmelgan")
def load(spec: StageSpec, *, device: str = "cpu", dtype: str = "float32") -> MBMelGANVocoder:
    from safetensors.torch import load_file

    options = dict(spec.options)
    overrides = dict(options.get("config", {}))
    if "upsample_scales" in overrides:
        overrides["upsample_scales"] = tuple(overrides["upsample_scales"])
    cfg = MBMelGANConfig(**overrides)
    module = MBMelGAN(cfg)
    state = load_file(str(spec.voice_dir / options["weights"]))
    module.load_state_dict(state, strict=True)
    return MBMelGANVocoder(module, device=device, dtype=dtype, chunk_frames=int(options.get("chunk_frames", 400)))


def config_dict(cfg: MBMelGANConfig) -> dict:
    d = asdict(cfg)
    d["upsample_scales"] = list(cfg.upsample_scales)
    return d
