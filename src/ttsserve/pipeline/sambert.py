"""Sambert acoustic model as KAN-TTS defines it for the ModelScope Sambert-HiFiGAN voices, loading their
checkpoints unchanged (state-dict keys and shapes as the reference; strict loading names the first bad key).

text encoder (4 linguistic embeddings -> 8 self-attention/conv blocks -> 32-d projection)
  + speaker and emotion embeddings
-> variance adaptor (FSMN+BiLSTM pitch and energy predictors, autoregressive LSTM duration predictor,
   length regulator with a within-phone position encoding)
-> PNCA mel decoder: autoregressive, `outputs_per_step` frames per step, whose self-attention at step t sees
   steps [t - x_band, t] and whose cross-attention sees memory steps [t, t + h_band]
-> FSMN + LSTM post-net (residual).

Bounded decoding: because of the bands, the decoder's key/value cache is a ring buffer of x_band + 1 entries
per layer and the cross-attention reads a window of h_band + 1 memory steps, so per-step memory and work do
not depend on utterance length, and no attention map is kept. `decode_full` is the reference's semantics
(every key kept, full-length band masks, optional full attention maps) for tests and the naive benchmark.
"""

from __future__ import annotations

import logging
import math
import weakref
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any

import torch
import torch.nn as nn
import torch.nn.functional as F

from ttsserve.engine.graphs import CudaGraphCache
from ttsserve.pipeline.base import AcousticInput, AcousticOutput, Prosody, StageSpec, register
from ttsserve.pipeline.contour import ContourControl
from ttsserve.pipeline.torch_stage import ModuleStage, load_strict, read_kantts_params, resolve_checkpoint, to_device

if TYPE_CHECKING:
    from ttsserve.pipeline.sambert_slots import SlotDecoder

log = logging.getLogger(__name__)


@dataclass
class SambertConfig:
    # vocabulary sizes (KAN-TTS: the lists of its linguistic unit plus `_`, `~`, `@[MASK]`); from checkpoint shapes
    n_sy: int = 147
    n_tone: int = 10
    n_syllable_flag: int = 8
    n_word_segment: int = 8
    n_speaker: int = 4  # speaker_list (F7) + 3 specials
    n_emotion: int = 36  # 33 emotion categories + 3 specials
    max_len: int = 800  # stored sinusoid table length (extended by formula beyond)
    embedding_dim: int = 512  # linguistic embeddings
    encoder_layers: int = 8
    encoder_heads: int = 8
    encoder_units: int = 128
    encoder_ffn_inner: int = 1024
    encoder_projection: int = 32  # text vector per phone fed to the variance adaptor
    speaker_units: int = 32
    emotion_units: int = 32
    predictor_filter_size: int = 41  # FSMN memory block (depthwise conv) kernel
    predictor_fsmn_layers: int = 3
    predictor_memory_units: int = 128
    predictor_ffn_inner: int = 256
    predictor_shift: int = 0
    predictor_lstm_units: int = 128
    dur_prenet_units: tuple[int, ...] = (128, 128)
    dur_lstm_units: int = 128
    decoder_prenet_units: tuple[int, ...] = (256, 256)
    decoder_layers: int = 12
    decoder_heads: int = 8
    decoder_units: int = 128
    decoder_ffn_inner: int = 1024
    outputs_per_step: int = 3  # mel frames per decoder step
    n_mels: int = 80
    postnet_filter_size: int = 41
    postnet_fsmn_layers: int = 4
    postnet_memory_units: int = 256
    postnet_ffn_inner: int = 512
    postnet_shift: int = 17  # look-ahead of the post-net's memory blocks: left pad 37, right pad 3
    postnet_lstm_units: int = 128

    @property
    def d_memory(self) -> int:  # decoder memory per step: r frames of text + speaker + emotion
        return self.encoder_projection * self.outputs_per_step + self.speaker_units + self.emotion_units

    # KAN-TTS config (`Model.KanTtsSAMBERT.params`) name -> ours
    _KANTTS = {
        "max_len": "max_len", "embedding_dim": "embedding_dim", "encoder_num_layers": "encoder_layers",
        "encoder_num_heads": "encoder_heads", "encoder_num_units": "encoder_units",
        "encoder_ffn_inner_dim": "encoder_ffn_inner", "encoder_projection_units": "encoder_projection",
        "speaker_units": "speaker_units", "emotion_units": "emotion_units",
        "predictor_filter_size": "predictor_filter_size", "predictor_fsmn_num_layers": "predictor_fsmn_layers",
        "predictor_num_memory_units": "predictor_memory_units", "predictor_ffn_inner_dim": "predictor_ffn_inner",
        "predictor_shift": "predictor_shift", "predictor_lstm_units": "predictor_lstm_units",
        "dur_pred_prenet_units": "dur_prenet_units", "dur_pred_lstm_units": "dur_lstm_units",
        "decoder_prenet_units": "decoder_prenet_units", "decoder_num_layers": "decoder_layers",
        "decoder_num_heads": "decoder_heads", "decoder_num_units": "decoder_units",
        "decoder_ffn_inner_dim": "decoder_ffn_inner", "outputs_per_step": "outputs_per_step", "num_mels": "num_mels",
        "postnet_filter_size": "postnet_filter_size", "postnet_fsmn_num_layers": "postnet_fsmn_layers",
        "postnet_num_memory_units": "postnet_memory_units", "postnet_ffn_inner_dim": "postnet_ffn_inner",
        "postnet_shift": "postnet_shift", "postnet_lstm_units": "postnet_lstm_units",
    }

    @classmethod
    def from_kantts(cls, params: dict[str, Any], **overrides: Any) -> "SambertConfig":
        """From a KAN-TTS `am/config.yaml`'s `Model.KanTtsSAMBERT.params` (unsupported variants are refused;
        vocabulary sizes come from the checkpoint)."""
        unsupported = [k for k in ("using_byte", "SE", "MAS", "FP", "NSF") if params.get(k)]
        if unsupported:
            raise ValueError(f"Sambert variant not supported: {', '.join(unsupported)}")
        kw: dict[str, Any] = {}
        for key, value in params.items():
            name = cls._KANTTS.get(key)
            if name == "num_mels":
                name = "n_mels"
            if name is not None:
                kw[name] = tuple(value) if isinstance(value, list) else value
        kw.update(overrides)
        return cls(**kw)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "SambertConfig":
        known = {f.name for f in fields(cls)}
        bad = sorted(set(d) - known)
        if bad:
            raise ValueError(f"unknown Sambert config key {bad[0]!r}")
        return cls(**{k: tuple(v) if isinstance(v, list) else v for k, v in d.items()})


def sinusoid_table(n: int, dim: int, start: int = 0) -> torch.Tensor:
    """KAN-TTS text positions: position p (1-based) -> [sin(p / 10000^(j / (dim/2 - 1))), cos(...)], j < dim/2,
    sin half first, then cos (not interleaved). Rows for positions start+1 .. start+n. (n, dim)"""
    pos = torch.arange(start + 1, start + n + 1, dtype=torch.float64)[:, None]  # (n, 1)
    j = torch.arange(dim // 2, dtype=torch.float64)[None]  # (1, dim/2)
    angle = pos / torch.pow(10000.0, j / (dim / 2 - 1))
    return torch.cat([torch.sin(angle), torch.cos(angle)], dim=1).float()


# ---------------------------------------------------------------------------------------------- blocks
class PositionTable(nn.Module):
    def __init__(self, max_len: int, dim: int) -> None:
        super().__init__()
        self.register_buffer("position_enc", sinusoid_table(max_len, dim)[None])  # (1, max_len, dim)

    def rows(self, n: int) -> torch.Tensor:  # (n, dim), positions 1..n
        table = self.position_enc[0]
        if n > table.shape[0]:  # the reference recomputes a longer table by the same formula
            extra = sinusoid_table(n - table.shape[0], table.shape[1], start=table.shape[0])
            table = torch.cat([table, extra.to(table.device, table.dtype)])
        return table[:n]


class SelfAttention(nn.Module):
    """Pre-LayerNorm multi-head self-attention; residual only when input and output widths agree."""

    def __init__(self, d_in: int, d_model: int, heads: int) -> None:
        super().__init__()
        self.heads, self.d_head = heads, d_model // heads
        self.layer_norm = nn.LayerNorm(d_in, eps=1e-6)
        self.w_qkv = nn.Linear(d_in, 3 * d_model)
        self.fc = nn.Linear(d_model, d_model)

    def forward(self, x: torch.Tensor, pad: torch.Tensor | None) -> torch.Tensor:  # (B, N, d_in), (B, N) True = pad
        b, n, _ = x.shape
        q, k, v = self.w_qkv(self.layer_norm(x)).view(b, n, 3, self.heads, self.d_head).permute(2, 0, 3, 1, 4)
        scores = q @ k.transpose(-1, -2) / math.sqrt(self.d_head)  # (B, H, N, N)
        if pad is not None:
            scores = scores.masked_fill(pad[:, None, None, :], torch.finfo(scores.dtype).min)
        out = (scores.softmax(-1) @ v).transpose(1, 2).reshape(b, n, -1)  # (B, N, d_model)
        out = self.fc(out)
        return out + x if out.shape[-1] == x.shape[-1] else out


class ConvFFN(nn.Module):
    """Pre-LayerNorm position-wise conv feed-forward with residual (kernel k1, then k2)."""

    def __init__(self, d: int, d_inner: int, k1: int, k2: int = 1) -> None:
        super().__init__()
        self.w_1 = nn.Conv1d(d, d_inner, k1, padding=(k1 - 1) // 2)
        self.w_2 = nn.Conv1d(d_inner, d, k2, padding=(k2 - 1) // 2)
        self.layer_norm = nn.LayerNorm(d, eps=1e-6)

    def forward(self, x: torch.Tensor, pad: torch.Tensor | None = None) -> torch.Tensor:  # (B, N, d)
        y = self.layer_norm(x)
        if pad is not None:  # what the unpadded reference sees beyond an utterance's end: zeros
            y = y.masked_fill(pad[..., None], 0.0)
        h = F.relu(self.w_1(y.transpose(1, 2)))  # (B, d_inner, N)
        if pad is not None:
            h = h.masked_fill(pad[:, None, :], 0.0)
        return x + self.w_2(h).transpose(1, 2)


class FFTBlock(nn.Module):
    def __init__(self, d_in: int, d_model: int, heads: int, d_inner: int) -> None:
        super().__init__()
        self.slf_attn = SelfAttention(d_in, d_model, heads)
        self.pos_ffn = ConvFFN(d_model, d_inner, 3, 1)

    def forward(self, x: torch.Tensor, pad: torch.Tensor) -> torch.Tensor:
        x = self.slf_attn(x, pad).masked_fill(pad[..., None], 0.0)
        return self.pos_ffn(x, pad).masked_fill(pad[..., None], 0.0)


class LingEncoder(nn.Module):
    def __init__(self, cfg: SambertConfig) -> None:
        super().__init__()
        self.d_model = cfg.encoder_units
        dims = [cfg.embedding_dim] + [cfg.encoder_units] * (cfg.encoder_layers - 1)
        self.fft = nn.ModuleList(FFTBlock(d, cfg.encoder_units, cfg.encoder_heads, cfg.encoder_ffn_inner) for d in dims)
        self.ln = nn.LayerNorm(cfg.encoder_units, eps=1e-6)
        self.position_enc = PositionTable(cfg.max_len, cfg.embedding_dim)

    def forward(self, emb: torch.Tensor, pad: torch.Tensor) -> torch.Tensor:  # (B, N, 512) -> (B, N, 128)
        x = emb * self.d_model**0.5 + self.position_enc.rows(emb.shape[1])[None]
        for block in self.fft:
            x = block(x, pad)
        return self.ln(x)


class TextEncoder(nn.Module):
    def __init__(self, cfg: SambertConfig) -> None:
        super().__init__()
        d = cfg.embedding_dim
        self.sy_emb = nn.Embedding(cfg.n_sy, d)
        self.tone_emb = nn.Embedding(cfg.n_tone, d)
        self.syllable_flag_emb = nn.Embedding(cfg.n_syllable_flag, d)
        self.ws_emb = nn.Embedding(cfg.n_word_segment, d)
        self.ling_enc = LingEncoder(cfg)
        self.ling_proj = nn.Linear(cfg.encoder_units, cfg.encoder_projection, bias=False)

    def forward(self, ling: torch.Tensor, pad: torch.Tensor) -> torch.Tensor:  # (B, N, 4) -> (B, N, 32)
        emb = (self.sy_emb(ling[..., 0]) + self.tone_emb(ling[..., 1]) + self.syllable_flag_emb(ling[..., 2])
               + self.ws_emb(ling[..., 3]))
        return self.ling_proj(self.ling_enc(emb, pad))


class FeedForward(nn.Module):
    """FSMN feed-forward: 1x1 conv + ReLU, then 1x1 conv without bias."""

    def __init__(self, d_in: int, d_inner: int, d_out: int) -> None:
        super().__init__()
        self.w_1 = nn.Conv1d(d_in, d_inner, 1)
        self.w_2 = nn.Conv1d(d_inner, d_out, 1, bias=False)

    def forward(self, x: torch.Tensor) -> torch.Tensor:  # (B, T, d_in) -> (B, T, d_out)
        return self.w_2(F.relu(self.w_1(x.transpose(1, 2)))).transpose(1, 2)


class MemoryBlock(nn.Module):
    """Depthwise conv over time (with a look-ahead `shift`) plus its input."""

    def __init__(self, d: int, k: int, shift: int) -> None:
        super().__init__()
        self.lp = int(round((k - 1) / 2)) + shift
        self.rp = int((k - 1) / 2) - shift
        self.conv_dw = nn.Conv1d(d, d, k, groups=d, bias=False)

    def forward(self, x: torch.Tensor, pad: torch.Tensor | None) -> torch.Tensor:  # (B, T, d)
        if pad is not None:
            x = x.masked_fill(pad[..., None], 0.0)
        y = self.conv_dw(F.pad(x.transpose(1, 2), (self.lp, self.rp))).transpose(1, 2) + x
        return y.masked_fill(pad[..., None], 0.0) if pad is not None else y


class Fsmn(nn.Module):
    def __init__(self, d_in: int, layers: int, d_memory: int, d_inner: int, k: int, shift: int) -> None:
        super().__init__()
        self.ffn_lst = nn.ModuleList(FeedForward(d_in if i == 0 else d_memory, d_inner, d_memory) for i in range(layers))
        self.memory_block_lst = nn.ModuleList(MemoryBlock(d_memory, k, shift) for _ in range(layers))

    def forward(self, x: torch.Tensor, pad: torch.Tensor | None) -> torch.Tensor:
        for ffn, memory in zip(self.ffn_lst, self.memory_block_lst):
            y = memory(ffn(x), pad)
            x = y + x if y.shape[-1] == x.shape[-1] else y
        return x


class FsmnBiLstmPredictor(nn.Module):
    """Pitch / energy: one value per phone (in the model's normalized units)."""

    def __init__(self, cfg: SambertConfig, d_in: int) -> None:
        super().__init__()
        self.fsmn = Fsmn(d_in, cfg.predictor_fsmn_layers, cfg.predictor_memory_units, cfg.predictor_ffn_inner,
                         cfg.predictor_filter_size, cfg.predictor_shift)
        self.blstm = nn.LSTM(cfg.predictor_memory_units, cfg.predictor_lstm_units, batch_first=True, bidirectional=True)
        self.fc = nn.Linear(2 * cfg.predictor_lstm_units, 1)

    def forward(self, x: torch.Tensor, pad: torch.Tensor, lengths: torch.Tensor, *,
                masked: bool = False) -> torch.Tensor:  # -> (B, N)
        """`masked`: the BiLSTM without packing (no host sync for the lengths, static shapes: capturable in a
        CUDA graph), `bilstm_within_lengths`; the same values at every real position."""
        h = self.fsmn(x, pad)
        if masked:
            h = bilstm_within_lengths(self.blstm, h, lengths)
        elif h.shape[0] == 1:  # no padding to pack around (and no host sync for the lengths)
            h = self.blstm(h)[0]
        else:
            packed = nn.utils.rnn.pack_padded_sequence(h, lengths.cpu(), batch_first=True, enforce_sorted=False)
            h, _ = nn.utils.rnn.pad_packed_sequence(self.blstm(packed)[0], batch_first=True, total_length=x.shape[1])
        return self.fc(h).squeeze(-1).masked_fill(pad, 0.0)


def bilstm_within_lengths(lstm: nn.LSTM, x: torch.Tensor, lengths: torch.Tensor) -> torch.Tensor:
    """A one-layer bidirectional batch-first `lstm` over the first `lengths[b]` steps of each row of x (B, N, C),
    as packing would run it, without packing: the forward direction over the padded rows (a real position only
    sees real inputs before it), the reverse direction over each row reversed within its length (gathered),
    run forward with the reverse weights and gathered back. -> (B, N, 2H); positions past a row's length hold
    values of no meaning (callers mask them). No host sync, no data-dependent shape."""
    if lstm.num_layers != 1 or not lstm.bidirectional or not lstm.batch_first:
        raise ValueError("bilstm_within_lengths handles one bidirectional batch-first layer")
    b, n, _ = x.shape
    pos = torch.arange(n, device=x.device)[None]
    last = lengths.to(pos.dtype)[:, None] - 1
    rev = torch.where(pos <= last, last - pos, pos)  # (B, N): an involution, the identity past the length
    zeros = x.new_zeros(1, b, lstm.hidden_size)
    directions = _one_way_params(lstm)

    def run(inp: torch.Tensor, direction: int) -> torch.Tensor:
        return torch.lstm(inp, (zeros, zeros), directions[direction], True, 1, 0.0, False, False, True)[0]

    index = rev[..., None]
    forward = run(x, 0)
    backward = run(x.gather(1, index.expand(-1, -1, x.shape[-1])), 1)
    backward = backward.gather(1, index.expand(-1, -1, backward.shape[-1]))
    return torch.cat([forward, backward], dim=-1)


_LSTM_PARAMS = ("weight_ih", "weight_hh", "bias_ih", "bias_hh")
# nn.LSTM -> (the addresses of the weights it was built from, its two directions' parameter lists)
_ONE_WAY: "weakref.WeakKeyDictionary[nn.LSTM, tuple]" = weakref.WeakKeyDictionary()


def _one_way_params(lstm: nn.LSTM) -> tuple[list[torch.Tensor], list[torch.Tensor]]:
    """The forward and reverse directions' parameters of a one-layer bidirectional `lstm`, each direction's four
    in a flat buffer of its own on a GPU. cuDNN runs an LSTM from one flat weight buffer; the reverse direction's
    tensors sit halfway into the bidirectional module's buffer, so handing them to a one-direction `torch.lstm`
    made cuDNN copy them into a new buffer at every call (its "not part of single contiguous chunk" warning:
    an allocation and four copies per call, captured into the encoder graph too). The copies are made once per
    set of weights (a voice moved off the GPU and back gets new ones; weights are never changed in place) and
    never while a CUDA graph captures (the graph's warm-up runs first); on the CPU the module's own tensors serve."""
    own = tuple([getattr(lstm, f"{name}_l0{suffix}") for name in _LSTM_PARAMS] for suffix in ("", "_reverse"))
    if own[0][0].device.type != "cuda":
        return own
    key = tuple(p.data_ptr() for d in own for p in d)  # (inference tensors keep no version counter)
    hit = _ONE_WAY.get(lstm)
    if hit is not None and hit[0] == key:
        return hit[1]
    if torch.cuda.is_current_stream_capturing():
        return own
    flat = []
    for params in own:
        one = nn.LSTM(lstm.input_size, lstm.hidden_size, batch_first=True).to(params[0].device, params[0].dtype)
        with torch.no_grad():
            for name, p in zip(_LSTM_PARAMS, params):
                getattr(one, f"{name}_l0").copy_(p)
        one.flatten_parameters()  # (copying into the flat buffer's views keeps it flat: kept as a guard)
        flat.append([getattr(one, f"{name}_l0").detach() for name in _LSTM_PARAMS])
    _ONE_WAY[lstm] = (key, tuple(flat))
    return _ONE_WAY[lstm][1]


def forget_one_way(module: nn.Module) -> None:
    """Forget the per-direction copies of `module`'s LSTMs (about 1-2 MB a Sambert voice): called when the module
    moves (`SambertAcoustic.to`: a voice the cache moves to host memory), so that they leave the GPU with it."""
    for lstm in module.modules():
        _ONE_WAY.pop(lstm, None)


class Prenet(nn.Module):
    """Linear + ReLU (+ dropout, off at inference) per hidden size, then an optional output Linear.
    Module indices 0, 3, 6 reproduce the reference's `fcs` keys."""

    def __init__(self, d_in: int, units: tuple[int, ...], d_out: int = 0) -> None:
        super().__init__()
        layers: list[nn.Module] = []
        for a, b in zip((d_in, *units[:-1]), units):
            layers += [nn.Linear(a, b), nn.ReLU(), nn.Dropout(0.5)]
        if d_out:
            layers.append(nn.Linear(units[-1], d_out))
        self.fcs = nn.Sequential(*layers)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.fcs(x)


class DurationPredictor(nn.Module):
    """Autoregressive over phones: log(d + 1) of the previous phone -> prenet, with the phone's condition,
    through a 2-layer LSTM -> ReLU(fc)."""

    def __init__(self, cfg: SambertConfig, d_cond: int) -> None:
        super().__init__()
        self.prenet = Prenet(1, cfg.dur_prenet_units)
        self.lstm = nn.LSTM(cfg.dur_prenet_units[-1] + d_cond, cfg.dur_lstm_units, num_layers=2, batch_first=True)
        self.fc = nn.Linear(cfg.dur_lstm_units, 1)

    def forward(self, prev_log_dur: torch.Tensor, cond: torch.Tensor) -> torch.Tensor:
        """Teacher-forced: (B, N) previous log durations (0 first), (B, N, C) -> (B, N) log(d + 1)."""
        x = torch.cat([self.prenet(prev_log_dur[..., None]), cond], dim=-1)
        return F.relu(self.fc(self.lstm(x)[0]).squeeze(-1))

    kernel = False  # on a CUDA device: the whole loop as one Triton kernel (stage option `duration_kernel`)

    def infer(self, cond: torch.Tensor, *, cells: bool | None = None) -> torch.Tensor:  # (B, N, C) -> (B, N) log(d + 1)
        """The autoregressive loop over the symbols. `cells`: with the LSTM written out (`_infer_cells`) instead
        of one nn.LSTM call per symbol; None = on the CPU (3.2x faster there, `bench/duration_loop.py`), not
        on a GPU, where the loop replays as a CUDA graph of cuDNN's kernels (the measured path) unless `kernel`
        is set (`pipeline/sambert_duration.py`; the stage's default on a GPU)."""
        if self.kernel and cond.is_cuda:
            from ttsserve.pipeline.sambert_duration import duration_loop

            try:
                return duration_loop(self, cond)
            except Exception as exc:  # noqa: BLE001 - Triton's compile errors have no common base class
                self.kernel = False
                log.warning("Sambert duration kernel not used, running the loop in PyTorch: %s: %s",
                            type(exc).__name__, exc)
        if cells if cells is not None else not cond.is_cuda:
            return self._infer_cells(cond)
        b, n, _ = cond.shape
        prev = cond.new_zeros(b, 1, 1)
        state = None
        out = []
        for i in range(n):
            x = torch.cat([self.prenet(prev), cond[:, i : i + 1]], dim=-1)  # (B, 1, 224)
            y, state = self.lstm(x, state)
            prev = F.relu(self.fc(y))  # (B, 1, 1)
            out.append(prev[:, 0, 0])
        return torch.stack(out, dim=1)

    def _infer_cells(self, cond: torch.Tensor) -> torch.Tensor:
        """`infer` with each LSTM layer as one matrix product over [input, h] and its gate arithmetic (PyTorch's
        gate order i, f, g, o), and the condition's share of the first layer's gates computed for every symbol at
        once: the same function (equal within float rounding), fewer and larger operations per symbol."""
        lstm = self.lstm
        b, n, c = cond.shape
        p = lstm.input_size - c  # the prenet's width
        gates_in = F.linear(cond, lstm.weight_ih_l0[:, p:], lstm.bias_ih_l0 + lstm.bias_hh_l0)  # (B, N, 4H)
        weights = [torch.cat([lstm.weight_ih_l0[:, :p], lstm.weight_hh_l0], 1).t()]
        biases = [None]
        for layer in range(1, lstm.num_layers):
            weights.append(torch.cat([getattr(lstm, f"weight_ih_l{layer}"), getattr(lstm, f"weight_hh_l{layer}")], 1).t())
            biases.append(getattr(lstm, f"bias_ih_l{layer}") + getattr(lstm, f"bias_hh_l{layer}"))
        h = [cond.new_zeros(b, lstm.hidden_size) for _ in range(lstm.num_layers)]
        cs = [cond.new_zeros(b, lstm.hidden_size) for _ in range(lstm.num_layers)]
        prev = cond.new_zeros(b, 1)
        out = []
        for i in range(n):
            x = self.prenet(prev)
            for layer, (w, bias) in enumerate(zip(weights, biases)):
                both = torch.cat([x, h[layer]], 1)
                g = torch.addmm(gates_in[:, i] if layer == 0 else bias, both, w)
                gi, gf, gg, go = g.chunk(4, 1)
                cs[layer] = torch.sigmoid(gf) * cs[layer] + torch.sigmoid(gi) * torch.tanh(gg)
                x = h[layer] = torch.sigmoid(go) * torch.tanh(cs[layer])
            prev = F.relu(self.fc(x))  # (B, 1)
            out.append(prev[:, 0])
        return torch.stack(out, dim=1)


class DurPositions(nn.Module):
    """Within-phone frame position (1, 2, ... per phone) -> interleaved sin/cos of width `depth`."""

    def __init__(self, depth: int) -> None:
        super().__init__()
        inv = torch.tensor([10000.0 ** (2 * (j // 2) / depth) for j in range(depth)], dtype=torch.float32)
        self.inv_timescales = nn.Parameter(inv, requires_grad=False)

    def forward(self, positions: torch.Tensor) -> torch.Tensor:  # (B, F) float -> (B, F, depth)
        angle = positions[..., None] / self.inv_timescales
        out = torch.empty_like(angle)
        out[..., 0::2] = torch.sin(angle[..., 0::2])
        out[..., 1::2] = torch.cos(angle[..., 1::2])
        return out


class VarianceAdaptor(nn.Module):
    def __init__(self, cfg: SambertConfig) -> None:
        super().__init__()
        d_in = cfg.encoder_projection + cfg.speaker_units + cfg.emotion_units
        self.pitch_predictor = FsmnBiLstmPredictor(cfg, d_in)
        self.energy_predictor = FsmnBiLstmPredictor(cfg, d_in)
        self.duration_predictor = DurationPredictor(cfg, d_in)
        self.dur_position_encoder = DurPositions(cfg.encoder_projection)
        self.pitch_emb = nn.Conv1d(1, cfg.encoder_projection, 9, padding=4)
        self.energy_emb = nn.Conv1d(1, cfg.encoder_projection, 9, padding=4)


class PNCABlock(nn.Module):
    """One decoder layer: self-attention over past decoder steps (x) plus cross-attention over the memory (h),
    summed, with the pre-LayerNorm query; then a 1x1 conv feed-forward."""

    def __init__(self, cfg: SambertConfig) -> None:
        super().__init__()
        d = cfg.decoder_units
        self.heads, self.d_head = cfg.decoder_heads, d // cfg.decoder_heads
        self.pnca_attn = nn.Module()
        self.pnca_attn.layer_norm = nn.LayerNorm(d, eps=1e-6)
        self.pnca_attn.w_x_qkv = nn.Linear(d, 3 * d)
        self.pnca_attn.fc_x = nn.Linear(d, d)
        self.pnca_attn.w_h_kv = nn.Linear(cfg.d_memory, 2 * d)
        self.pnca_attn.fc_h = nn.Linear(d, d)
        self.pos_ffn = ConvFFN(d, cfg.decoder_ffn_inner, 1, 1)

    def memory_kv(self, memory: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:  # (B, S, d_mem) -> 2 x (B, H, S, dh)
        b, s, _ = memory.shape
        k, v = self.pnca_attn.w_h_kv(memory).view(b, s, 2, self.heads, self.d_head).permute(2, 0, 3, 1, 4)
        return k, v

    def qkv(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:  # (B, L, d) -> 3 x (B, H, L, dh)
        b, n, _ = x.shape
        q, k, v = self.pnca_attn.w_x_qkv(self.pnca_attn.layer_norm(x)).view(b, n, 3, self.heads, self.d_head).permute(2, 0, 3, 1, 4)
        return q, k, v

    def attend(self, x: torch.Tensor, q: torch.Tensor, kx: torch.Tensor, vx: torch.Tensor, x_ok: torch.Tensor,
               kh: torch.Tensor, vh: torch.Tensor, h_ok: torch.Tensor, keep: list | None = None) -> torch.Tensor:
        """x (B, L, d) residual; q (B, H, L, dh); keys (B, H, K, dh); *_ok (B, L, K) True = may attend."""
        scale = 1.0 / math.sqrt(self.d_head)
        outs = []
        for k, v, ok, fc in ((kx, vx, x_ok, self.pnca_attn.fc_x), (kh, vh, h_ok, self.pnca_attn.fc_h)):
            scores = (q @ k.transpose(-1, -2)) * scale  # (B, H, L, K)
            att = scores.masked_fill(~ok[:, None], torch.finfo(scores.dtype).min).softmax(-1)
            if keep is not None:
                keep.append(att)
            outs.append(fc((att @ v).transpose(1, 2).reshape(x.shape[0], x.shape[1], -1)))
        return self.pos_ffn(x + outs[0] + outs[1])


class MelDecoder(nn.Module):
    def __init__(self, cfg: SambertConfig) -> None:
        super().__init__()
        self.cfg = cfg
        d = cfg.decoder_units
        self.prenet = Prenet(cfg.n_mels, cfg.decoder_prenet_units, d)
        self.dec_in_proj = nn.Linear(d + cfg.d_memory, d)
        self.pnca = nn.ModuleList(PNCABlock(cfg) for _ in range(cfg.decoder_layers))
        self.ln = nn.LayerNorm(d, eps=1e-6)
        self.dec_out_proj = nn.Linear(d, cfg.n_mels * cfg.outputs_per_step)

    def step_input(self, prev_frame: torch.Tensor, memory_step: torch.Tensor) -> torch.Tensor:  # -> (B, L, d)
        x = self.dec_in_proj(torch.cat([memory_step, self.prenet(prev_frame)], dim=-1))
        return x * self.cfg.decoder_units**0.5


class MelDecoderWrapper(nn.Module):  # the checkpoint nests the decoder as `mel_decoder.mel_dec`
    def __init__(self, cfg: SambertConfig) -> None:
        super().__init__()
        self.mel_dec = MelDecoder(cfg)


class PostNet(nn.Module):
    def __init__(self, cfg: SambertConfig) -> None:
        super().__init__()
        self.fsmn = Fsmn(cfg.n_mels, cfg.postnet_fsmn_layers, cfg.postnet_memory_units, cfg.postnet_ffn_inner,
                         cfg.postnet_filter_size, cfg.postnet_shift)
        self.lstm = nn.LSTM(cfg.postnet_memory_units, cfg.postnet_lstm_units, batch_first=True)
        self.fc = nn.Linear(cfg.postnet_lstm_units, cfg.n_mels)

    def forward(self, mel: torch.Tensor, pad: torch.Tensor) -> torch.Tensor:  # (B, F, n_mels) residual
        return self.fc(self.lstm(self.fsmn(mel, pad))[0])


# ---------------------------------------------------------------------------------------------- model
@dataclass
class Encoded:
    """Everything the decoder needs for a batch, from the encoder and variance adaptor."""

    memory: torch.Tensor  # (B, S, d_mem) decoder memory per step
    steps: torch.Tensor  # (B,) decoder steps per item
    frames: torch.Tensor  # (B,) mel frames per item (before padding to a multiple of r)
    band: torch.Tensor  # (B,) x_band_width = h_band_width per item
    durations: torch.Tensor  # (B, N) int64 frames per symbol
    log_durations: torch.Tensor  # (B, N) predicted log(d + 1) (before speed control)
    pitch: torch.Tensor  # (B, N) pitch per symbol (normalized units, after control)
    energy: torch.Tensor  # (B, N)
    # (B, 3 + N) on the host: steps, frames, band, then the durations, as `regulate` read them (its one host read)
    host: torch.Tensor | None = None

    def host_values(self) -> torch.Tensor:
        """`host`: what `regulate` read already, or (a batch made otherwise) read now, once."""
        if self.host is None:
            self.host = torch.cat([self.steps[:, None], self.frames[:, None], self.band[:, None], self.durations],
                                  dim=1).cpu()
        return self.host


@dataclass
class Symbols:
    """The per-symbol half of `Sambert.encode` (`encode_symbols`), (B, N, ...) each."""

    text: torch.Tensor  # (B, N, 32) text encoding plus the pitch and energy embeddings
    speaker: torch.Tensor  # (B, N, speaker_units)
    emotion: torch.Tensor  # (B, N, emotion_units)
    pitch: torch.Tensor  # (B, N) normalized, after control
    energy: torch.Tensor  # (B, N)
    log_durations: torch.Tensor  # (B, N) log(d + 1), before speed


class Sambert(nn.Module):
    def __init__(self, cfg: SambertConfig) -> None:
        super().__init__()
        self.cfg = cfg
        self.text_encoder = TextEncoder(cfg)
        self.spk_tokenizer = nn.Embedding(cfg.n_speaker, cfg.speaker_units)
        self.emo_tokenizer = nn.Embedding(cfg.n_emotion, cfg.emotion_units)
        self.variance_adaptor = VarianceAdaptor(cfg)
        self.mel_decoder = MelDecoderWrapper(cfg)
        self.mel_postnet = PostNet(cfg)

    @property
    def decoder(self) -> MelDecoder:
        return self.mel_decoder.mel_dec

    # ------------------------------------------------------------------ encoder + variance adaptor
    def encode(self, ling: torch.Tensor, emotion: torch.Tensor, speaker: torch.Tensor, lengths: torch.Tensor, *,
               speed: torch.Tensor | None = None, pitch_shift: torch.Tensor | None = None,
               energy_shift: torch.Tensor | None = None, durations: torch.Tensor | None = None,
               pitch: torch.Tensor | None = None, energy: torch.Tensor | None = None,
               pitch_scale: torch.Tensor | None = None, energy_scale: torch.Tensor | None = None,
               duration_fn=None, masked_lstm: bool = False) -> Encoded:
        """ling (B, N, 4), emotion/speaker (B, N) ids per symbol, lengths (B,). Optional per-item controls
        (B,): speed divides durations; the predicted pitch/energy contours become `scale * value + shift`
        (`ttsserve.pipeline.contour`; padding stays 0). Given
        `durations` / `pitch` / `energy` (B, N) replace the predictions (teacher forcing). `duration_fn`: runs
        the duration predictor's autoregressive loop in place of `infer` (a CUDA-graphed one). `masked_lstm`: the
        predictors' BiLSTMs without packing (`encode_symbols`).
        Two halves: `encode_symbols` (per symbol, static shapes) and `regulate` (durations to frames)."""
        sym = self.encode_symbols(ling, emotion, speaker, lengths, pitch_shift=pitch_shift,
                                  energy_shift=energy_shift, durations=durations, pitch=pitch, energy=energy,
                                  pitch_scale=pitch_scale, energy_scale=energy_scale, duration_fn=duration_fn,
                                  masked_lstm=masked_lstm)
        return self.regulate(sym, lengths, speed=speed, durations=durations)

    def encode_symbols(self, ling: torch.Tensor, emotion: torch.Tensor, speaker: torch.Tensor,
                       lengths: torch.Tensor, *, pitch_shift: torch.Tensor | None = None,
                       energy_shift: torch.Tensor | None = None, durations: torch.Tensor | None = None,
                       pitch: torch.Tensor | None = None, energy: torch.Tensor | None = None,
                       pitch_scale: torch.Tensor | None = None, energy_scale: torch.Tensor | None = None,
                       duration_fn=None, masked_lstm: bool = False) -> "Symbols":
        """The per-symbol half of `encode`: text encoder, pitch / energy (predicted and controlled, or given),
        their embeddings, the log durations. Every shape follows (B, N) and nothing reads a value back to the
        host when `masked_lstm` (the predictors' BiLSTMs without packing), so it can be one CUDA graph."""
        n = ling.shape[1]
        pad = torch.arange(n, device=ling.device)[None] >= lengths[:, None]  # (B, N)
        text = self.text_encoder(ling, pad)  # (B, N, 32)
        emo, spk = self.emo_tokenizer(emotion), self.spk_tokenizer(speaker)  # (B, N, 32) each
        va = self.variance_adaptor
        cond = torch.cat([text, spk, emo], dim=-1)
        if pitch is None:
            pitch = va.pitch_predictor(cond, pad, lengths, masked=masked_lstm)
            if pitch_scale is not None:
                pitch = pitch * pitch_scale[:, None]
            if pitch_shift is not None:
                pitch = (pitch + pitch_shift[:, None]).masked_fill(pad, 0.0)
        if energy is None:
            energy = va.energy_predictor(cond, pad, lengths, masked=masked_lstm)
            if energy_scale is not None:
                energy = energy * energy_scale[:, None]
            if energy_shift is not None:
                energy = (energy + energy_shift[:, None]).masked_fill(pad, 0.0)
        text = text + va.pitch_emb(pitch[:, None]).transpose(1, 2) + va.energy_emb(energy[:, None]).transpose(1, 2)
        dur_cond = torch.cat([text, spk, emo], dim=-1)
        if durations is None:
            infer = duration_fn or va.duration_predictor.infer
            log_dur = infer(dur_cond).masked_fill(pad, 0.0)  # (B, N)
        else:  # training: teacher-forced on the target durations of the previous symbols, as KAN-TTS trains it
            prev = torch.log(F.pad(durations[:, :-1].to(dur_cond.dtype), (1, 0)) + 1)  # (B, N)
            log_dur = va.duration_predictor(prev, dur_cond).masked_fill(pad, 0.0)
        return Symbols(text=text, speaker=spk, emotion=emo, pitch=pitch, energy=energy, log_durations=log_dur)

    def regulate(self, sym: "Symbols", lengths: torch.Tensor, *, speed: torch.Tensor | None = None,
                 durations: torch.Tensor | None = None) -> Encoded:
        """The frame half of `encode`: durations (predicted, with speed; or given) and length regulation into
        the decoder memory. Its output length is data-dependent (one host read of the longest item)."""
        r = self.cfg.outputs_per_step
        text, spk, emo, log_dur = sym.text, sym.speaker, sym.emotion, sym.log_durations
        b, n = text.shape[:2]
        pad = torch.arange(n, device=text.device)[None] >= lengths[:, None]  # (B, N)
        va = self.variance_adaptor
        pitch, energy = sym.pitch, sym.energy
        if durations is None:
            dur = torch.exp(log_dur) - 1
            if speed is not None:
                dur = dur / speed[:, None]
            dur = dur.masked_fill(pad, 0.0)
            reps = (dur + 0.5).long().clamp_min(0)  # (B, N)
            # a call predicted to last no frame at all (a barely trained model) still gets one, so that every
            # later stage sees a non-empty call (the first symbol's; a no-op for any other call)
            reps[:, 0] += (reps.sum(1) == 0).long()
            band = (dur.max(dim=1).values / r + 0.5).long()  # (B,)
        else:
            reps = durations.long().masked_fill(pad, 0)
            band = (reps.float().max(dim=1).values / r + 0.5).long()
        frames = reps.sum(1)  # (B,)
        steps = (frames + r - 1) // r
        # one host read for what the memory's shape needs and what a caller reads of every item (a read waits for
        # every kernel queued before it: SlotDecoder.begin reads these instead of reading again)
        host = torch.cat([steps[:, None], frames[:, None], band[:, None], reps], dim=1).cpu()
        f_max = int(host[:, 0].max()) * r
        # length regulation: frame f of item b belongs to symbol idx[b, f]
        ends = reps.cumsum(1)  # (B, N)
        fpos = torch.arange(f_max, device=text.device)[None].expand(b, -1)  # (B, F)
        idx = torch.searchsorted(ends, fpos.contiguous(), right=True).clamp_max(n - 1)  # (B, F)
        inside = fpos < frames[:, None]  # (B, F)
        starts = ends - reps
        within = (fpos - starts.gather(1, idx) + 1).to(text.dtype).masked_fill(~inside, 0.0)  # 1-based, 0 in padding

        def expand(x: torch.Tensor) -> torch.Tensor:  # (B, N, C) -> (B, F, C), zeros beyond each item
            return x.gather(1, idx[..., None].expand(-1, -1, x.shape[-1])).masked_fill(~inside[..., None], 0.0)

        lr_text = expand(text) + va.dur_position_encoder(within)  # padded frames get position 0, as the reference
        # frames past an item's padded-to-r length belong to no step of it; zero them like the reference's batch-1 view
        lr_text = lr_text.masked_fill((fpos >= (steps * r)[:, None])[..., None], 0.0)
        s = f_max // r
        memory = torch.cat([
            lr_text.reshape(b, s, r * text.shape[-1]),  # (B, S, r*32)
            expand(spk).reshape(b, s, r, spk.shape[-1])[:, :, 0],  # first frame of the step
            expand(emo).reshape(b, s, r, emo.shape[-1])[:, :, 0],
        ], dim=-1)
        return Encoded(memory=memory, steps=steps, frames=frames, band=band, durations=reps, log_durations=log_dur,
                       pitch=pitch, energy=energy, host=host)

    # ------------------------------------------------------------------ decoders
    def decode(self, enc: Encoded) -> torch.Tensor:
        """Bounded autoregressive decoding (ring-buffer K/V of band + 1 entries, memory window of band + 1
        steps). -> (B, S, r * n_mels)."""
        dec = self.decoder
        cfg = self.cfg
        b, s, _ = enc.memory.shape
        device, dtype = enc.memory.device, enc.memory.dtype
        w = int(enc.host_values()[:, 2].max()) + 1  # ring size and memory-window size
        layers = len(dec.pnca)
        heads, dh = dec.pnca[0].heads, dec.pnca[0].d_head
        # memory K/V computed once per layer: (B, H, S + w, dh), padded so every window slice exists
        mem_kv = [tuple(F.pad(t, (0, 0, 0, w)) for t in blk.memory_kv(enc.memory)) for blk in dec.pnca]
        ring_k = torch.zeros(layers, b, heads, w, dh, device=device, dtype=dtype)
        ring_v = torch.zeros_like(ring_k)
        slot_step = torch.full((w,), -1, device=device, dtype=torch.long)  # which step each ring slot holds
        band = enc.band[:, None, None]  # (B, 1, 1)
        offsets = torch.arange(w, device=device)
        prev = torch.zeros(b, 1, cfg.n_mels, device=device, dtype=dtype)
        out = torch.empty(b, s, cfg.n_mels * cfg.outputs_per_step, device=device, dtype=dtype)
        for t in range(s):
            slot = t % w
            slot_step[slot] = t
            x_ok = ((slot_step >= 0) & (slot_step >= t - band))  # (B, 1, w)
            pos = t + offsets  # memory steps [t, t + w)
            h_ok = (pos <= t + band) & (pos < enc.steps[:, None, None])  # (B, 1, w)
            h_ok = h_ok | ~h_ok.any(-1, keepdim=True)  # items already finished: any finite row, output unused
            x = dec.step_input(prev, enc.memory[:, t : t + 1])  # (B, 1, d)
            for li, blk in enumerate(dec.pnca):
                q, k, v = blk.qkv(x)
                ring_k[li, :, :, slot] = k[:, :, 0]
                ring_v[li, :, :, slot] = v[:, :, 0]
                kh, vh = mem_kv[li]
                x = blk.attend(x, q, ring_k[li], ring_v[li], x_ok, kh[:, :, t : t + w], vh[:, :, t : t + w], h_ok)
            y = dec.dec_out_proj(dec.ln(x))  # (B, 1, r * n_mels)
            out[:, t : t + 1] = y
            prev = y[..., -cfg.n_mels :]
        return out

    def decode_full(self, enc: Encoded, *, keep_attention: bool = False) -> tuple[torch.Tensor, list]:
        """The reference's decoding: every past key kept, band masks over the full length, and (optionally)
        every attention map kept at full length, as KAN-TTS does. For tests and the naive benchmark."""
        dec = self.decoder
        cfg = self.cfg
        b, s, _ = enc.memory.shape
        mem_kv = [blk.memory_kv(enc.memory) for blk in dec.pnca]
        keys: list[list[torch.Tensor]] = [[] for _ in dec.pnca]
        vals: list[list[torch.Tensor]] = [[] for _ in dec.pnca]
        band = enc.band[:, None, None]
        j = torch.arange(s, device=enc.memory.device)[None, None]  # (1, 1, S)
        prev = enc.memory.new_zeros(b, 1, cfg.n_mels)
        outs, maps = [], []
        for t in range(s):
            x_ok = ((j >= t - band) & (j <= t))[..., : t + 1]  # (B, 1, t + 1)
            h_ok = (j >= t) & (j <= t + band) & (j < enc.steps[:, None, None])
            h_ok = h_ok | ~h_ok.any(-1, keepdim=True)
            x = dec.step_input(prev, enc.memory[:, t : t + 1])
            for li, blk in enumerate(dec.pnca):
                q, k, v = blk.qkv(x)
                keys[li].append(k)
                vals[li].append(v)
                kx, vx = torch.cat(keys[li], dim=2), torch.cat(vals[li], dim=2)
                x = blk.attend(x, q, kx, vx, x_ok, *mem_kv[li], h_ok, keep=maps if keep_attention else None)
            y = dec.dec_out_proj(dec.ln(x))
            outs.append(y)
            prev = y[..., -cfg.n_mels :]
        return torch.cat(outs, dim=1), maps

    def postnet(self, dec_out: torch.Tensor, frames: torch.Tensor) -> torch.Tensor:
        """(B, S, r * n_mels) -> mel (B, S * r, n_mels), zero beyond each item's frames."""
        b = dec_out.shape[0]
        mel = dec_out.reshape(b, -1, self.cfg.n_mels)
        pad = torch.arange(mel.shape[1], device=mel.device)[None] >= frames[:, None]
        mel = mel.masked_fill(pad[..., None], 0.0)
        return (mel + self.mel_postnet(mel, pad)).masked_fill(pad[..., None], 0.0)


def load_checkpoint_state(source: str | Path | dict) -> dict[str, torch.Tensor]:
    """A KAN-TTS acoustic checkpoint (`{"model": state_dict, ...}`), a path to one, or a plain state dict."""
    state = torch.load(source, map_location="cpu", weights_only=True) if isinstance(source, (str, Path)) else source
    if isinstance(state.get("model"), dict):
        state = state["model"]
    return {k.removeprefix("module."): v for k, v in state.items()}


def config_from_state(state: dict[str, torch.Tensor], base: SambertConfig | None = None) -> SambertConfig:
    """Vocabulary sizes come from the checkpoint's embedding shapes (they vary between releases)."""
    cfg = base or SambertConfig()
    sizes = {"n_sy": "text_encoder.sy_emb.weight", "n_tone": "text_encoder.tone_emb.weight",
             "n_syllable_flag": "text_encoder.syllable_flag_emb.weight", "n_word_segment": "text_encoder.ws_emb.weight",
             "n_speaker": "spk_tokenizer.weight", "n_emotion": "emo_tokenizer.weight"}
    kw = {name: int(state[key].shape[0]) for name, key in sizes.items() if key in state}
    table = state.get("text_encoder.ling_enc.position_enc.position_enc")
    if table is not None:
        kw["max_len"] = int(table.shape[1])
    return SambertConfig(**{**asdict(cfg), **kw})


def from_checkpoint(source: str | Path | dict, cfg: SambertConfig | None = None) -> Sambert:
    """Build and load strictly: a missing, unexpected or mis-shaped key is an error naming it."""
    state = load_checkpoint_state(source)
    cfg = config_from_state(state, cfg)
    return load_strict(Sambert(cfg), state).eval()


# ---------------------------------------------------------------------------------------------- stage
class SambertAcoustic(ModuleStage):
    """The `AcousticModel` stage. Inputs carry rows of (sy, tone, syllable_flag, word_segment) ids (the
    `kantts` symbol set). KAN-TTS's frontend appends an end row (`~`) to every stream and its inference drops
    it again before the model, so no end row is fed here; emotion and speaker ids are per utterance."""

    def __init__(self, module: Sambert, *, device: str = "cpu", dtype: str = "float32", mode: str = "bounded",
                 cuda_graphs: bool = True, pitch_log_std: float = 0.2, energy_log_std: float = 0.3,
                 control: ContourControl | None = None, graphs: CudaGraphCache | None = None,
                 encoder_graphs: bool = True, duration_kernel: bool = True) -> None:
        super().__init__(module, device=device, dtype=dtype)
        # the duration loop as one Triton kernel on a GPU (pipeline/sambert_duration.py; the PyTorch loop where
        # Triton is missing or the kernel fails to compile)
        module.variance_adaptor.duration_predictor.kernel = duration_kernel
        self.cfg = module.cfg
        self.n_mels = self.cfg.n_mels
        if mode not in ("bounded", "full"):
            raise ValueError(f"Sambert decoding mode must be 'bounded' or 'full', not {mode!r}")
        self.mode = mode
        self.cuda_graphs = cuda_graphs  # on a GPU, replay the bounded decoder step as a captured CUDA graph
        # on a GPU with cuda_graphs, the per-symbol half of encoding as one graph (sambert_graph; on by default since
        # it was measured: distill-baker's first audio 33 -> 29 ms, whole 42 characters 142 -> 112 ms, H200)
        self.encoder_graphs = encoder_graphs
        # where the captured graphs are kept: the worker's one cache (handed over by LoadedVoice.load), or our own
        self.graphs = graphs if graphs is not None else CudaGraphCache()
        # Pitch/energy controls on normalized contours: a voice's measured calibration when it has one
        # (`ttsserve.pipeline.contour`; the distilled voices'); otherwise a ratio becomes a shift of
        # log(ratio) / (an assumed std of a log contour), approximate by nature, and pitch_range a scale.
        self.pitch_log_std, self.energy_log_std = pitch_log_std, energy_log_std
        self.control = control or ContourControl()
        self.default_emotion_id = 1  # emotion_neutral in KAN-TTS's emotion list
        # the embedding tables' sizes (KAN-TTS's lists plus their special rows): ids a manifest may name
        self.n_speakers, self.n_emotions = self.cfg.n_speaker, self.cfg.n_emotion

    def to(self, device: torch.device | str):
        forget_one_way(self.module)  # (the BiLSTMs' flat copies stay where they were made otherwise)
        return super().to(device)

    def contour_maps(self, prosody: Prosody) -> tuple[float, float, float, float]:
        """(pitch scale, pitch shift, energy scale, energy shift) of the normalized contours for one item."""
        c = self.control
        if c.calibrated_f0:
            pitch_scale, pitch_shift = c.f0(prosody.pitch, prosody.pitch_range)
        else:
            pitch_scale, pitch_shift = prosody.pitch_range, math.log(prosody.pitch) / self.pitch_log_std
        if c.calibrated_energy:
            energy_shift = c.energy_shift(prosody.energy)
        else:
            energy_shift = math.log(prosody.energy) / self.energy_log_std
        return pitch_scale, pitch_shift, 1.0, energy_shift

    @torch.inference_mode()
    def encode(self, inputs: list[AcousticInput]) -> Encoded:
        """Text encoder and variance adaptor for a batch of calls (durations, pitch, energy, decoder memory)."""
        b, n = len(inputs), max(len(inp.symbol_ids) for inp in inputs)
        ling = torch.zeros(b, n, 4, dtype=torch.long)
        emotion = torch.zeros(b, n, dtype=torch.long)
        speaker = torch.zeros(b, n, dtype=torch.long)
        limits = torch.tensor([self.cfg.n_sy, self.cfg.n_tone, self.cfg.n_syllable_flag, self.cfg.n_word_segment])
        for i, inp in enumerate(inputs):
            rows = torch.tensor(inp.symbol_ids, dtype=torch.long).reshape(-1, 4)  # (N_i, 4)
            if rows.numel() and ((rows < 0) | (rows >= limits)).any():
                raise ValueError(f"linguistic ids out of range for this checkpoint (limits {limits.tolist()})")
            ling[i, : len(rows)] = rows
            emo_id = self.default_emotion_id if inp.emotion_id is None else inp.emotion_id
            if not 0 <= emo_id < self.cfg.n_emotion or not 0 <= inp.speaker_id < self.cfg.n_speaker:
                raise ValueError("emotion or speaker id out of range for this checkpoint")
            emotion[i, : len(rows)] = emo_id
            speaker[i, : len(rows)] = inp.speaker_id
        lengths = torch.tensor([len(inp.symbol_ids) for inp in inputs])
        dev = self.device

        maps = [self.contour_maps(inp.prosody) for inp in inputs]

        def per_item(values) -> torch.Tensor:
            return to_device(torch.tensor(list(values), dtype=self.dtype), dev)

        # (the inputs go to a GPU from pinned memory, queued behind the work before them: a copy from pageable
        # memory would wait for all of it, e.g. the vocoder pass the scheduler launched just before)
        ling, emotion, speaker = to_device(ling, dev), to_device(emotion, dev), to_device(speaker, dev)

        graphed = self.cuda_graphs and self.mode == "bounded" and dev.type == "cuda"
        from ttsserve.pipeline.sambert_graph import ENCODER_MAX_BATCH

        if graphed and self.encoder_graphs and b <= ENCODER_MAX_BATCH:
            # the whole per-symbol half as one graph, then the frames eagerly
            from ttsserve.pipeline.sambert_graph import encode_symbols_graphed

            controls = dict(pitch_scale=per_item(c[0] for c in maps), pitch_shift=per_item(c[1] for c in maps),
                            energy_scale=per_item(c[2] for c in maps), energy_shift=per_item(c[3] for c in maps))
            lengths = to_device(lengths, dev)
            sym = encode_symbols_graphed(self.module, ling, emotion, speaker, lengths, controls, self.graphs)
            return self.module.regulate(sym, lengths, speed=per_item(inp.prosody.speed for inp in inputs))
        duration_fn = None
        pred = self.module.variance_adaptor.duration_predictor
        if graphed and not pred.kernel:
            # (the Triton kernel is one launch: a graph of it would save microseconds and hold a private pool of
            # ~14 MB per batch and length bucket, 129 MB in 9 graphs on an H200 under 32 streams: run 12)
            from ttsserve.pipeline.sambert_graph import durations_graphed

            duration_fn = lambda cond: durations_graphed(pred, cond, self.graphs)  # noqa: E731
        # On a GPU the predictors' BiLSTMs run unpacked (`bilstm_within_lengths`, as in the encoder graph): packing
        # reads the lengths back to the host, twice a group, and each read waits for every kernel queued before it
        # (the previous advance and vocoder pass), so the GPU drained and idled while the host caught up (session
        # 35's profile of distill-baker at 32 streams: 54 of the GPU's 98 idle ms per pass were in `begin`).
        return self.module.encode(ling, emotion, speaker, to_device(lengths, dev), duration_fn=duration_fn,
                                  masked_lstm=dev.type == "cuda" and b > 1,
                                  speed=per_item(inp.prosody.speed for inp in inputs),
                                  pitch_scale=per_item(c[0] for c in maps), pitch_shift=per_item(c[1] for c in maps),
                                  energy_scale=per_item(c[2] for c in maps), energy_shift=per_item(c[3] for c in maps))

    def decode_whole(self, enc: Encoded) -> torch.Tensor:
        """Every decoder step of a batch at once: (B, S, r * n_mels), by the configured mode."""
        m: Sambert = self.module
        if self.mode == "full":
            return m.decode_full(enc)[0]
        if self.cuda_graphs and enc.memory.is_cuda:
            from ttsserve.pipeline.sambert_graph import decode_graphed

            return decode_graphed(m, enc, self.graphs)  # same result, ~8x less time per step (bench/sambert_decode.py)
        return m.decode(enc)

    @torch.inference_mode()
    def infer(self, inputs: list[AcousticInput]) -> list[AcousticOutput]:
        if not inputs:
            return []
        m: Sambert = self.module
        enc = self.encode(inputs)
        mel = m.postnet(self.decode_whole(enc), enc.frames)
        host = enc.host_values()  # frames and durations as the encoder read them (no read per call)
        return [AcousticOutput(mel=mel[i, : max(int(host[i, 1]), 1)].float(), durations=host[i, 3 : 3 + len(inp.symbol_ids)])
                for i, inp in enumerate(inputs)]

    @property
    def device(self) -> torch.device:
        return self._device

    @device.setter
    def device(self, value) -> None:
        # moved (the voice cache parks an idle voice in host memory): the decoder slots' device state goes too
        self._device = torch.device(value)
        sd = self.__dict__.get("_slots")
        if sd is not None and sd.device != self._device:
            self._slots = None

    def decoder_slots(self, *, slots: int, steps_per_advance: int = 8,
                      fused_step: str = "auto") -> "SlotDecoder | None":
        """A slot decoder of the stage (`ttsserve.pipeline.sambert_slots`): calls join and leave a running decoder
        batch and their frames come out a few steps at a time. None in `full` mode (the reference's decoding).
        `fused_step` (auto | on | off): the decoder step as fused Triton kernels (`sambert_fused`).
        One decoder per (slots, steps_per_advance, fused_step) (the scheduler keeps one for streams and one with
        longer advances for whole responses), kept while the stage's device and dtype stay; rebuilt (it must be
        idle then) when one of them changed."""
        if self.mode != "bounded":
            return None
        from ttsserve.pipeline.sambert_slots import SlotDecoder

        decoders = self.__dict__.setdefault("_slot_decoders", {})
        key = (slots, steps_per_advance, fused_step)
        sd = decoders.get(key)
        if sd is not None and (sd.device, sd.dtype) == (self.device, self.dtype):
            return sd
        if sd is not None and sd.busy:
            raise RuntimeError("the decoder slots were asked to change device or dtype while calls are running")
        decoders[key] = SlotDecoder(self, slots=slots, steps_per_advance=steps_per_advance, graphs=self.graphs,
                                    use_graphs=self.cuda_graphs, fused_step=fused_step)
        return decoders[key]


@register("acoustic", "sambert")
def load(spec: StageSpec, *, device: str = "cpu", dtype: str = "float32",
         graphs: CudaGraphCache | None = None) -> SambertAcoustic:
    """Options: `checkpoint` (path or glob under the voice folder), `kantts_config` (the voice's
    am/config.yaml) and/or `config` (our field names), `mode` (bounded | full), `cuda_graphs`, `encoder_graphs`
    (the text encoder, predictors and duration loop as one CUDA graph: default true), `duration_kernel` (the
    duration loop as one Triton kernel on a GPU: default true; measured, docs/benchmarks.md), `pitch_log_std`, `energy_log_std`,
    and a measured prosody calibration (`f0_mean_hz`, `f0_std_hz`, `pitch_response`, `range_exponent`,
    `energy_response`: `ttsserve.pipeline.contour`), which replaces the two log-std guesses. `graphs`: the
    cache the decoder's CUDA graphs go to (default: the stage's own)."""
    opts = spec.options
    ours = {k: tuple(v) if isinstance(v, list) else v for k, v in opts.get("config", {}).items()}
    if "kantts_config" in opts:
        cfg = SambertConfig.from_kantts(read_kantts_params(spec.voice_dir / opts["kantts_config"], "KanTtsSAMBERT"), **ours)
    else:
        cfg = SambertConfig.from_dict(ours)
    module = from_checkpoint(resolve_checkpoint(spec.voice_dir, opts["checkpoint"]), cfg)
    return SambertAcoustic(module, device=device, dtype=dtype, mode=opts.get("mode", "bounded"),
                           cuda_graphs=bool(opts.get("cuda_graphs", True)),
                           encoder_graphs=bool(opts.get("encoder_graphs", True)),
                           duration_kernel=bool(opts.get("duration_kernel", True)),
                           pitch_log_std=float(opts.get("pitch_log_std", 0.2)),
                           energy_log_std=float(opts.get("energy_log_std", 0.3)),
                           control=ContourControl.from_options(opts), graphs=graphs)
