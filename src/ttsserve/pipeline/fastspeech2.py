"""FastSpeech2 acoustic model (TensorFlowTTS architecture, Baker config), as a ttsserve acoustic stage.

Symbols -> embeddings + sinusoid positions -> 3 post-LN transformer blocks (self-attention + conv FFN with
mish) -> duration / f0 / energy predictors -> f0 and energy embeddings added -> length regulator ->
3 decoder blocks -> mel (80) -> 5-layer conv post-net (residual).

Determinism: the original keeps dropout (p=0.5) on the f0/energy embeddings active at inference, so every
call differs. Here inference is deterministic by default: dropout is off, which gives the embeddings'
expected value. An explicit `seed` samples the original's dropout with a seeded generator instead.

Batching: sequences of different lengths run as one padded batch; every layer masks padded positions so
that each item's output equals running it alone (the original only ever ran batch size 1).
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass

import torch
import torch.nn as nn
import torch.nn.functional as F

from ttsserve.pipeline.base import AcousticInput, AcousticOutput, StageSpec, register
from ttsserve.pipeline.torch_stage import ModuleStage


@dataclass
class FastSpeech2Config:
    vocab_size: int = 219  # Baker symbol table
    hidden: int = 256  # model width
    n_heads: int = 2  # attention heads ...
    head_dim: int = 16  # ... of 16: attention runs 32 wide and projects back to 256
    ffn: int = 1024  # conv feed-forward width
    ffn_kernel: int = 3
    encoder_layers: int = 3
    decoder_layers: int = 3
    max_positions: int = 2048  # sinusoid table rows (+1 for the padding row 0)
    predictor_filters: int = 256  # duration / f0 / energy predictors
    predictor_kernel: int = 3
    predictor_layers: int = 2
    variance_kernel: int = 9  # f0 / energy embedding conv
    variance_dropout: float = 0.5  # the original's inference-time dropout, applied only with a seed
    n_mels: int = 80
    postnet_layers: int = 5
    postnet_filters: int = 512
    postnet_kernel: int = 5
    layer_norm_eps: float = 1e-5


def _same_conv(c_in: int, c_out: int, k: int) -> nn.Conv1d:
    return nn.Conv1d(c_in, c_out, k, padding=k // 2)


class SelfAttention(nn.Module):
    def __init__(self, cfg: FastSpeech2Config) -> None:
        super().__init__()
        width = cfg.n_heads * cfg.head_dim
        self.n_heads, self.head_dim = cfg.n_heads, cfg.head_dim
        self.query = nn.Linear(cfg.hidden, width)
        self.key = nn.Linear(cfg.hidden, width)
        self.value = nn.Linear(cfg.hidden, width)
        self.out = nn.Linear(width, cfg.hidden)

    def forward(self, x: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:  # (B, T, H), (B, T) bool
        b, t, _ = x.shape

        def heads(y: torch.Tensor) -> torch.Tensor:
            return y.view(b, t, self.n_heads, self.head_dim).transpose(1, 2)  # (B, heads, T, d)

        q, k, v = heads(self.query(x)), heads(self.key(x)), heads(self.value(x))
        scores = q @ k.transpose(-1, -2) / math.sqrt(self.head_dim)  # (B, heads, T, T)
        scores = scores.masked_fill(~mask[:, None, None, :], torch.finfo(scores.dtype).min)
        ctx = scores.softmax(-1) @ v  # (B, heads, T, d)
        return self.out(ctx.transpose(1, 2).reshape(b, t, -1))


class Block(nn.Module):
    """Post-LN transformer block with a conv feed-forward, masked after each sub-layer."""

    def __init__(self, cfg: FastSpeech2Config) -> None:
        super().__init__()
        self.attn = SelfAttention(cfg)
        self.ln_attn = nn.LayerNorm(cfg.hidden, eps=cfg.layer_norm_eps)
        self.conv1 = _same_conv(cfg.hidden, cfg.ffn, cfg.ffn_kernel)
        self.conv2 = _same_conv(cfg.ffn, cfg.hidden, cfg.ffn_kernel)
        self.ln_ffn = nn.LayerNorm(cfg.hidden, eps=cfg.layer_norm_eps)

    def forward(self, x: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        m = mask[..., None].to(x.dtype)  # (B, T, 1)
        a = self.ln_attn(self.attn(x, mask) + x) * m
        f = F.mish(self.conv1(a.transpose(1, 2))) * m.transpose(1, 2)  # (B, ffn, T)
        f = self.conv2(f).transpose(1, 2) * m  # (B, T, H)
        return self.ln_ffn(f + a) * m


class VariancePredictor(nn.Module):
    def __init__(self, cfg: FastSpeech2Config) -> None:
        super().__init__()
        layers, c = [], cfg.hidden
        for _ in range(cfg.predictor_layers):
            layers.append(nn.ModuleDict({
                "conv": _same_conv(c, cfg.predictor_filters, cfg.predictor_kernel),
                "ln": nn.LayerNorm(cfg.predictor_filters, eps=cfg.layer_norm_eps),
            }))
            c = cfg.predictor_filters
        self.layers = nn.ModuleList(layers)
        self.proj = nn.Linear(c, 1)

    def forward(self, x: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:  # (B, T, H) -> (B, T)
        m = mask[..., None].to(x.dtype)
        y = x * m
        for layer in self.layers:
            y = layer["ln"](F.relu(layer["conv"](y.transpose(1, 2)).transpose(1, 2))) * m
        return (self.proj(y) * m).squeeze(-1)


class FastSpeech2(nn.Module):
    def __init__(self, cfg: FastSpeech2Config) -> None:
        super().__init__()
        self.cfg = cfg
        self.embed = nn.Embedding(cfg.vocab_size, cfg.hidden)
        # Sinusoid positions as the original stores them (int8-rounded), shared by encoder and decoder;
        # row 0 is the padding row (zeros).
        self.register_buffer("positions", torch.zeros(cfg.max_positions + 1, cfg.hidden))
        self.encoder = nn.ModuleList(Block(cfg) for _ in range(cfg.encoder_layers))
        self.duration = VariancePredictor(cfg)
        self.f0 = VariancePredictor(cfg)
        self.energy = VariancePredictor(cfg)
        self.f0_embed = _same_conv(1, cfg.hidden, cfg.variance_kernel)
        self.energy_embed = _same_conv(1, cfg.hidden, cfg.variance_kernel)
        self.decoder = nn.ModuleList(Block(cfg) for _ in range(cfg.decoder_layers))
        self.mel = nn.Linear(cfg.hidden, cfg.n_mels)
        chans = [cfg.n_mels] + [cfg.postnet_filters] * (cfg.postnet_layers - 1) + [cfg.n_mels]
        self.postnet = nn.ModuleList(_same_conv(chans[i], chans[i + 1], cfg.postnet_kernel) for i in range(cfg.postnet_layers))
        # The post-net's batch norms, folded to a per-channel affine (inference statistics).
        self.postnet_scale = nn.ParameterList(nn.Parameter(torch.ones(c)) for c in chans[1:])
        self.postnet_shift = nn.ParameterList(nn.Parameter(torch.zeros(c)) for c in chans[1:])

    def forward(
        self,
        ids: torch.Tensor,  # (B, N) int64, 0 = padding
        speed_ratio: torch.Tensor,  # (B,) duration multiplier (> 1 is slower), as the original's speed_ratios
        f0_ratio: torch.Tensor,  # (B,)
        energy_ratio: torch.Tensor,  # (B,)
        generator: torch.Generator | None = None,  # given: sample the original's inference dropout
    ) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        """-> mel after post-net (B, F, n_mels), frame mask (B, F) bool, durations (B, N) int64."""
        mask = ids != 0  # (B, N)
        n = ids.shape[1]
        pos = torch.arange(1, n + 1, device=ids.device)[None].expand_as(ids)
        x = self.embed(ids) + self.positions[pos]  # (B, N, H)
        for block in self.encoder:
            x = block(x, mask)

        log_d = self.duration(x, mask)
        durations = torch.round((torch.exp(log_d) - 1.0) * speed_ratio[:, None]).clamp_min(0).long() * mask
        f0 = self.f0(x, mask) * f0_ratio[:, None]
        energy = self.energy(x, mask) * energy_ratio[:, None]
        f0_emb = self.f0_embed(f0[:, None, :]).transpose(1, 2)  # (B, N, H)
        energy_emb = self.energy_embed(energy[:, None, :]).transpose(1, 2)
        if generator is not None:
            f0_emb = self._dropout(f0_emb, generator)
            energy_emb = self._dropout(energy_emb, generator)
        x = x + f0_emb + energy_emb

        h, frame_mask = self._regulate(x, durations)  # (B, F, H), (B, F)
        frames = h.shape[1]
        fpos = torch.arange(1, frames + 1, device=ids.device)[None] * frame_mask
        h = h + self.positions[fpos]
        for block in self.decoder:
            h = block(h, frame_mask)
        m = frame_mask[:, None, :].to(h.dtype)  # (B, 1, F)
        before = self.mel(h).transpose(1, 2) * m  # (B, n_mels, F)
        y = before
        for i, conv in enumerate(self.postnet):
            y = (conv(y) * self.postnet_scale[i][:, None] + self.postnet_shift[i][:, None]) * m
            if i < len(self.postnet) - 1:
                y = torch.tanh(y)
        return (before + y).transpose(1, 2), frame_mask, durations

    def _dropout(self, x: torch.Tensor, generator: torch.Generator) -> torch.Tensor:
        keep = 1.0 - self.cfg.variance_dropout
        u = torch.rand(x.shape, generator=generator, device=generator.device).to(x.device)
        return x * (u >= self.cfg.variance_dropout).to(x.dtype) / keep

    @staticmethod
    def _regulate(x: torch.Tensor, durations: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """Repeat each symbol's vector by its duration; pad to the longest item."""
        lengths = durations.sum(1)  # (B,)
        frames = max(int(lengths.max()), 1)
        out = x.new_zeros(x.shape[0], frames, x.shape[2])
        for b in range(x.shape[0]):
            rep = torch.repeat_interleave(x[b], durations[b], dim=0)  # (F_b, H)
            out[b, : rep.shape[0]] = rep
        mask = torch.arange(frames, device=x.device)[None] < lengths[:, None]
        return out, mask


class FastSpeech2Acoustic(ModuleStage):
    """The `AcousticModel` stage over `FastSpeech2`."""

    def __init__(self, module: FastSpeech2, *, device: str = "cpu", dtype: str = "float32") -> None:
        super().__init__(module, device=device, dtype=dtype)
        self.cfg = module.cfg
        self.n_mels = self.cfg.n_mels

    @torch.inference_mode()
    def infer(self, inputs: list[AcousticInput]) -> list[AcousticOutput]:
        if not inputs:
            return []
        # Seeded items draw their own dropout noise, so they run one at a time; the rest run as one batch.
        outputs: list[AcousticOutput | None] = [None] * len(inputs)
        plain = [i for i, inp in enumerate(inputs) if inp.seed is None]
        if plain:
            for i, out in zip(plain, self._run([inputs[i] for i in plain], None)):
                outputs[i] = out
        for i, inp in enumerate(inputs):
            if inp.seed is not None:
                gen = torch.Generator(device="cpu").manual_seed(inp.seed)
                outputs[i] = self._run([inp], gen)[0]
        return outputs  # type: ignore[return-value]

    def _run(self, inputs: list[AcousticInput], generator: torch.Generator | None) -> list[AcousticOutput]:
        n = max(len(inp.symbol_ids) for inp in inputs)
        if n > self.cfg.max_positions:
            raise ValueError(f"{n} symbols exceed the model's {self.cfg.max_positions} positions")
        ids = torch.zeros(len(inputs), n, dtype=torch.long)
        for b, inp in enumerate(inputs):
            ids[b, : len(inp.symbol_ids)] = torch.tensor(inp.symbol_ids, dtype=torch.long)

        def per_item(f) -> torch.Tensor:
            return torch.tensor([f(inp.prosody) for inp in inputs], dtype=self.dtype, device=self.device)

        mel, frame_mask, durations = self.module(
            ids.to(self.device),
            speed_ratio=per_item(lambda p: 1.0 / p.speed),
            f0_ratio=per_item(lambda p: p.pitch),
            energy_ratio=per_item(lambda p: p.energy),
            generator=generator,
        )
        lengths = frame_mask.sum(1).tolist()
        return [
            AcousticOutput(mel=mel[b, : max(int(lengths[b]), 1)].float(),
                           durations=durations[b, : len(inp.symbol_ids)].cpu())
            for b, inp in enumerate(inputs)
        ]


def load_state(path) -> dict[str, torch.Tensor]:
    """Read a safetensors file; int8 tensors stored as `<name>.int8` + `<name>.scale` are dequantized
    (value = q * scale, exactly as the original's weights are defined)."""
    from safetensors.torch import load_file

    return load_state_dict_from(load_file(str(path)))


def load_state_dict_from(raw: dict[str, torch.Tensor]) -> dict[str, torch.Tensor]:
    state: dict[str, torch.Tensor] = {}
    for key, value in raw.items():
        if key.endswith(".int8"):
            name = key[: -len(".int8")]
            state[name] = value.float() * raw[name + ".scale"].float()
        elif not key.endswith(".scale"):
            state[key] = value.float()
    return state


@register("acoustic", "fastspeech2")
def load(spec: StageSpec, *, device: str = "cpu", dtype: str = "float32") -> FastSpeech2Acoustic:
    cfg = FastSpeech2Config(**spec.options.get("config", {}))
    module = FastSpeech2(cfg)
    module.load_state_dict(load_state(spec.voice_dir / spec.options["weights"]), strict=True)
    return FastSpeech2Acoustic(module, device=device, dtype=dtype)


def config_dict(cfg: FastSpeech2Config) -> dict:
    return asdict(cfg)
