"""Kokoro-82M v1.0 (a StyleTTS2 / iSTFTNet model) in PyTorch: the inference graph only.

Two halves, as ttsserve runs them:
- `KokoroText` (the acoustic stage): a PL-BERT (ALBERT, one shared layer applied 12 times) and a CNN+LSTM text
  encoder read the phoneme ids; the prosody predictor, conditioned on the speaker's style vector, predicts each
  phoneme's duration and, on the aligned frames, the f0 (Hz) and energy (N) curves at twice the frame rate.
- `KokoroDecoder` (the vocoder stage): AdaIN residual blocks on the aligned text features + f0 + N, then the
  iSTFTNet generator (harmonic source from f0, two upsampling stages, inverse STFT with n_fft 20, hop 5).
Frames are 600 samples (25 ms) at 24 kHz. The decoder's AdaIN normalizes over the whole call, so it runs on a
whole call at once, never in windows.

The source graph is the int8 ONNX export of Kokoro v1.0; its harmonic source is deterministic (no random
initial phase, no additive noise), and so is this one. Weights are the export's dequantized weights
(`ttsserve.convert.kokoro`); module names follow the export's node names.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import torch
import torch.nn as nn
import torch.nn.functional as F

from ttsserve.pipeline.torch_stage import to_device


@dataclass
class KokoroConfig:
    n_tokens: int = 178  # phoneme vocabulary (id 0 = the pad that starts and ends every call)
    hidden_dim: int = 512  # text encoder / prosody predictor width
    style_dim: int = 128  # each half of the 256-dim voice-pack vector
    max_dur: int = 50  # duration logits per phoneme (durations are the sum of their sigmoids)
    n_layer: int = 3  # text-encoder CNN layers and duration-encoder LSTM layers
    text_kernel_size: int = 5
    # PL-BERT (ALBERT)
    bert_vocab: int = 178
    bert_embedding: int = 128
    bert_hidden: int = 768
    bert_heads: int = 12
    bert_intermediate: int = 2048
    bert_layers: int = 12  # one shared layer applied this many times
    bert_max_positions: int = 512
    # decoder / iSTFTNet generator
    decoder_hidden: int = 1024
    asr_res_dim: int = 64
    upsample_rates: tuple[int, ...] = (10, 6)
    upsample_kernel_sizes: tuple[int, ...] = (20, 12)
    upsample_initial_channel: int = 512
    resblock_kernel_sizes: tuple[int, ...] = (3, 7, 11)
    resblock_dilations: tuple[int, ...] = (1, 3, 5)
    n_fft: int = 20
    istft_hop: int = 5
    harmonics: int = 8  # sine source: f0 and 8 overtones
    sample_rate_hz: int = 24000

    @property
    def hop_length(self) -> int:
        """Waveform samples per duration frame: f0 runs at 2x the frame rate, then the generator's upsampling."""
        return 2 * math.prod(self.upsample_rates) * self.istft_hop

    @property
    def feature_dim(self) -> int:
        """Per-frame features the acoustic stage hands the decoder: the aligned text encoding, f0 and N at
        their two sub-frames, and the decoder's style vector (repeated on every frame)."""
        return self.hidden_dim + 4 + self.style_dim


# ----------------------------------------------------------------------------------------------- blocks
class AdaIN1d(nn.Module):
    """Instance norm over time whose scale and shift come from the style vector: (1 + gamma) * norm(x) + beta."""

    def __init__(self, style_dim: int, channels: int) -> None:
        super().__init__()
        self.fc = nn.Linear(style_dim, channels * 2)

    def forward(self, x: torch.Tensor, s: torch.Tensor, mask: torch.Tensor | None = None) -> torch.Tensor:
        """(B, C, T), (B, style) -> (B, C, T); `mask` (B, 1, T) 0/1: each item's statistics over its own frames
        (a padded batch), otherwise over all T."""
        gamma, beta = self.fc(s).unsqueeze(-1).chunk(2, dim=1)  # (B, C, 1) each
        norm = F.instance_norm(x, eps=1e-5) if mask is None else masked_instance_norm(x, mask)
        return norm.mul_(1 + gamma).add_(beta)  # (1 + gamma) * norm + beta, in place on the fresh norm


def masked_instance_norm(x: torch.Tensor, mask: torch.Tensor, eps: float = 1e-5) -> torch.Tensor:
    """`F.instance_norm` of each item over its own frames (mask (B, 1, T) 0/1; biased variance, as it), the
    statistics in float32 whatever x's dtype (as the fused kernel keeps them); -> x's dtype."""
    xf, m = x.float(), mask.float()
    n = m.sum(-1, keepdim=True)
    mean = (xf * m).sum(-1, keepdim=True) / n
    centred = xf - mean
    var = ((centred * m) ** 2).sum(-1, keepdim=True) / n
    return (centred / torch.sqrt(var + eps)).to(x.dtype)


def frame_mask(lengths: torch.Tensor, t: int, like: torch.Tensor) -> torch.Tensor:
    """(B,) lengths on the host -> (B, 1, t) 0/1 in `like`'s dtype (so that masking keeps the activations' dtype)
    on its device, queued without waiting for the device: which steps of a padded batch are an item's own.
    (Lengths stay on the host throughout: they are known there, and a packed LSTM takes them there.)"""
    mask = (torch.arange(t)[None] < lengths[:, None])[:, None]
    return to_device(mask, like.device).to(like.dtype)


def run_lstm(lstm: nn.LSTM, x: torch.Tensor, lengths: torch.Tensor | None) -> torch.Tensor:
    """An LSTM over (B, T, C): with `lengths` (host), each item over its own steps only (packed: a bidirectional
    LSTM's backward pass starts at the item's end, not in the padding); outputs zero beyond them."""
    if lengths is None:
        return lstm(x)[0]
    packed = nn.utils.rnn.pack_padded_sequence(x, lengths, batch_first=True, enforce_sorted=False)
    return nn.utils.rnn.pad_packed_sequence(lstm(packed)[0], batch_first=True, total_length=x.shape[1])[0]


class AdaLayerNorm(nn.Module):
    """Layer norm over channels with style-driven scale and shift."""

    def __init__(self, style_dim: int, channels: int) -> None:
        super().__init__()
        self.channels = channels
        self.fc = nn.Linear(style_dim, channels * 2)

    def forward(self, x: torch.Tensor, s: torch.Tensor) -> torch.Tensor:  # (B, T, C), (B, style)
        gamma, beta = self.fc(s).unsqueeze(1).chunk(2, dim=-1)  # (B, 1, C) each
        return (1 + gamma) * F.layer_norm(x, (self.channels,), eps=1e-5) + beta


class AdainResBlk1d(nn.Module):
    def __init__(self, dim_in: int, dim_out: int, style_dim: int, upsample: bool = False) -> None:
        super().__init__()
        self.upsample = upsample
        self.norm1 = AdaIN1d(style_dim, dim_in)
        self.norm2 = AdaIN1d(style_dim, dim_out)
        self.conv1 = nn.Conv1d(dim_in, dim_out, 3, padding=1)
        self.conv2 = nn.Conv1d(dim_out, dim_out, 3, padding=1)
        self.conv1x1 = nn.Conv1d(dim_in, dim_out, 1, bias=False) if dim_in != dim_out else None
        # depthwise transposed conv doubling the frame rate on the residual path
        self.pool = (nn.ConvTranspose1d(dim_in, dim_in, 3, stride=2, groups=dim_in, padding=1, output_padding=1)
                     if upsample else None)

    def forward(self, x: torch.Tensor, s: torch.Tensor, mask: torch.Tensor | None = None) -> torch.Tensor:
        """(B, C_in, T) -> (B, C_out, T or 2T). `mask` (B, 1, T) 0/1 for a padded batch: statistics over each
        item's frames, and zeros beyond them before every convolution (what a lone call's zero padding gives);
        the output beyond an item's frames is not meaningful."""
        shortcut = F.interpolate(x, scale_factor=2.0, mode="nearest") if self.upsample else x
        if self.conv1x1 is not None:
            shortcut = self.conv1x1(shortcut)
        h = F.leaky_relu(self.norm1(x, s, mask), 0.2)
        if mask is not None:
            h = h * mask
        if self.pool is not None:
            h = self.pool(h)
            if mask is not None:
                mask = F.interpolate(mask, scale_factor=2.0, mode="nearest")
                h = h * mask
        h = self.conv1(h)
        h = F.leaky_relu(self.norm2(h, s, mask), 0.2)
        if mask is not None:
            h = h * mask
        h = self.conv2(h)
        return (h + shortcut) * (1 / math.sqrt(2))


def snake(h: torch.Tensor, a: torch.Tensor) -> torch.Tensor:
    """h + sin^2(a h) / a (the Snake activation), in one temporary updated in place: the same operations in the
    same order as the written-out form (bitwise equal), three fewer full-size tensors."""
    t = torch.mul(a, h).sin_().pow_(2).mul_(1 / a)
    return t.add_(h)


class AdaINResBlock1(nn.Module):
    """The generator's residual block: AdaIN + Snake activation (x + sin^2(a x) / a) around dilated convs."""

    def __init__(self, channels: int, kernel_size: int, dilations: tuple[int, ...], style_dim: int) -> None:
        super().__init__()
        n = len(dilations)
        self.convs1 = nn.ModuleList(nn.Conv1d(channels, channels, kernel_size, dilation=d,
                                              padding=(kernel_size * d - d) // 2) for d in dilations)
        self.convs2 = nn.ModuleList(nn.Conv1d(channels, channels, kernel_size, padding=(kernel_size - 1) // 2)
                                    for _ in range(n))
        self.adain1 = nn.ModuleList(AdaIN1d(style_dim, channels) for _ in range(n))
        self.adain2 = nn.ModuleList(AdaIN1d(style_dim, channels) for _ in range(n))
        self.alpha1 = nn.ParameterList(nn.Parameter(torch.ones(1, channels, 1)) for _ in range(n))
        self.alpha2 = nn.ParameterList(nn.Parameter(torch.ones(1, channels, 1)) for _ in range(n))

    def forward(self, x: torch.Tensor, s: torch.Tensor, mask: torch.Tensor | None = None) -> torch.Tensor:
        """(B, C, T); `mask` (B, 1, T) 0/1: a padded batch (statistics over each item's own steps, zeros beyond
        them before every convolution; the output beyond them is not meaningful)."""
        for c1, c2, n1, n2, a1, a2 in zip(self.convs1, self.convs2, self.adain1, self.adain2, self.alpha1, self.alpha2):
            h = snake(n1(x, s, mask), a1)
            h = c1(h if mask is None else h * mask)
            h = snake(n2(h, s, mask), a2)
            h = c2(h if mask is None else h * mask)
            x = x + h
        return x


# ----------------------------------------------------------------------------------------------- text side
class AlbertLayer(nn.Module):
    def __init__(self, cfg: KokoroConfig) -> None:
        super().__init__()
        h = cfg.bert_hidden
        self.heads = cfg.bert_heads
        self.query, self.key, self.value, self.dense = (nn.Linear(h, h) for _ in range(4))
        self.attention_norm = nn.LayerNorm(h, eps=1e-12)
        self.ffn = nn.Linear(h, cfg.bert_intermediate)
        self.ffn_output = nn.Linear(cfg.bert_intermediate, h)
        self.full_layer_norm = nn.LayerNorm(h, eps=1e-12)

    def forward(self, x: torch.Tensor, mask: torch.Tensor | None) -> torch.Tensor:  # (B, T, H)
        b, t, h = x.shape
        q, k, v = (m(x).view(b, t, self.heads, h // self.heads).transpose(1, 2) for m in (self.query, self.key, self.value))
        a = F.scaled_dot_product_attention(q, k, v, attn_mask=mask)  # (B, heads, T, H/heads)
        x = self.attention_norm(x + self.dense(a.transpose(1, 2).reshape(b, t, h)))
        f = self.ffn_output(F.gelu(self.ffn(x), approximate="tanh"))
        return self.full_layer_norm(x + f)


class Albert(nn.Module):
    def __init__(self, cfg: KokoroConfig) -> None:
        super().__init__()
        self.cfg = cfg
        self.word_embeddings = nn.Embedding(cfg.bert_vocab, cfg.bert_embedding)
        self.position_embeddings = nn.Embedding(cfg.bert_max_positions, cfg.bert_embedding)
        self.token_type_embeddings = nn.Embedding(2, cfg.bert_embedding)
        self.embedding_norm = nn.LayerNorm(cfg.bert_embedding, eps=1e-12)
        self.embedding_hidden_mapping_in = nn.Linear(cfg.bert_embedding, cfg.bert_hidden)
        self.layer = AlbertLayer(cfg)

    def forward(self, ids: torch.Tensor, mask: torch.Tensor | None = None) -> torch.Tensor:  # (B, T) -> (B, T, H)
        pos = torch.arange(ids.shape[1], device=ids.device)
        x = self.word_embeddings(ids) + self.position_embeddings(pos)[None] + self.token_type_embeddings.weight[0]
        x = self.embedding_hidden_mapping_in(self.embedding_norm(x))
        for _ in range(self.cfg.bert_layers):
            x = self.layer(x, mask)
        return x


class TextEncoder(nn.Module):
    """Phoneme embedding -> 3 x (conv, layer norm, leaky relu) -> bidirectional LSTM: the decoder's text features."""

    def __init__(self, cfg: KokoroConfig) -> None:
        super().__init__()
        c, k = cfg.hidden_dim, cfg.text_kernel_size
        self.embedding = nn.Embedding(cfg.n_tokens, c)
        self.convs = nn.ModuleList(nn.Conv1d(c, c, k, padding=(k - 1) // 2) for _ in range(cfg.n_layer))
        self.norms = nn.ModuleList(nn.LayerNorm(c, eps=1e-5) for _ in range(cfg.n_layer))
        self.lstm = nn.LSTM(c, c // 2, batch_first=True, bidirectional=True)

    def forward(self, ids: torch.Tensor, lengths: torch.Tensor | None = None) -> torch.Tensor:  # (B, T) -> (B, C, T)
        """`lengths` (B,): a padded batch (zeros beyond each item before every convolution; the LSTM packed)."""
        x = self.embedding(ids).transpose(1, 2)  # (B, C, T)
        mask = None if lengths is None else frame_mask(lengths, ids.shape[1], x)
        for conv, norm in zip(self.convs, self.norms):
            if mask is not None:
                x = x * mask
            x = F.leaky_relu(norm(conv(x).transpose(1, 2)).transpose(1, 2), 0.2)
        return run_lstm(self.lstm, x.transpose(1, 2), lengths).transpose(1, 2)


class ProsodyPredictor(nn.Module):
    def __init__(self, cfg: KokoroConfig) -> None:
        super().__init__()
        d, s = cfg.hidden_dim, cfg.style_dim
        # duration encoder: (LSTM, AdaLayerNorm) x n_layer, the style appended to every step
        self.encoder_lstms = nn.ModuleList(nn.LSTM(d + s, d // 2, batch_first=True, bidirectional=True)
                                           for _ in range(cfg.n_layer))
        self.encoder_norms = nn.ModuleList(AdaLayerNorm(s, d) for _ in range(cfg.n_layer))
        self.lstm = nn.LSTM(d + s, d // 2, batch_first=True, bidirectional=True)
        self.duration_proj = nn.Linear(d, cfg.max_dur)
        self.shared = nn.LSTM(d + s, d // 2, batch_first=True, bidirectional=True)
        self.F0 = nn.ModuleList([AdainResBlk1d(d, d, s), AdainResBlk1d(d, d // 2, s, upsample=True),
                                 AdainResBlk1d(d // 2, d // 2, s)])
        self.N = nn.ModuleList([AdainResBlk1d(d, d, s), AdainResBlk1d(d, d // 2, s, upsample=True),
                                AdainResBlk1d(d // 2, d // 2, s)])
        self.F0_proj = nn.Conv1d(d // 2, 1, 1)
        self.N_proj = nn.Conv1d(d // 2, 1, 1)

    def encode(self, x: torch.Tensor, s: torch.Tensor, lengths: torch.Tensor | None = None) -> torch.Tensor:
        """(B, T, d), (B, s) -> (B, T, d + s); `lengths` (B,): a padded batch."""
        style = s[:, None].expand(-1, x.shape[1], -1)
        x = torch.cat([x, style], dim=-1)
        for lstm, norm in zip(self.encoder_lstms, self.encoder_norms):
            x = run_lstm(lstm, x, lengths)
            x = torch.cat([norm(x, s), style], dim=-1)
        return x

    def durations(self, d: torch.Tensor, lengths: torch.Tensor | None = None) -> torch.Tensor:
        """(B, T, d + s) -> (B, T) fractional frames."""
        x = run_lstm(self.lstm, d, lengths)
        return torch.sigmoid(self.duration_proj(x)).sum(dim=-1)

    def f0_n(self, en: torch.Tensor, s: torch.Tensor,
             lengths: torch.Tensor | None = None) -> tuple[torch.Tensor, torch.Tensor]:
        """(B, d + s, F) aligned frames -> f0 (Hz) and N, each (B, 2F); `lengths` (B,) frames: a padded batch."""
        x = run_lstm(self.shared, en.transpose(1, 2), lengths).transpose(1, 2)  # (B, d, F)
        mask = None if lengths is None else frame_mask(lengths, x.shape[-1], x)

        def run(blocks: nn.ModuleList) -> torch.Tensor:
            y, m = x, mask
            for block in blocks:
                y = block(y, s, m)
                if m is not None and block.upsample:
                    m = F.interpolate(m, scale_factor=2.0, mode="nearest")
            return y

        return self.F0_proj(run(self.F0)).squeeze(1), self.N_proj(run(self.N)).squeeze(1)


class KokoroText(nn.Module):
    """Phoneme ids + style -> durations and the decoder's per-frame features."""

    def __init__(self, cfg: KokoroConfig) -> None:
        super().__init__()
        self.cfg = cfg
        self.bert = Albert(cfg)
        self.bert_encoder = nn.Linear(cfg.bert_hidden, cfg.hidden_dim)
        self.predictor = ProsodyPredictor(cfg)
        self.text_encoder = TextEncoder(cfg)

    def infer(self, ids: list[list[int]], s_pred: torch.Tensor, s_dec: torch.Tensor,
              speed: list[float]) -> list[tuple[torch.Tensor, torch.Tensor]]:
        """Calls (phoneme ids each), their prosody and decoder styles (B, style) and speeds -> per call its
        durations (T_i,) int64 on the host and its per-frame features (F_i, feature_dim): aligned text encoding,
        f0 and N at both sub-frames, decoder style. Several calls run as one padded batch, each what it gives
        alone up to the summation order of a differently shaped pass: the attention sees each call's own
        phonemes (key mask), the LSTMs run packed, the instance norms take each call's own frames and every
        convolution sees zeros beyond the call's end, as a lone call's zero padding does (one call: no masks).
        One wait for the device: the durations, which decide the frame count."""
        device, b = s_pred.device, len(ids)
        lengths = None if b == 1 else torch.tensor([len(x) for x in ids])  # host
        t = max(len(x) for x in ids)
        host = torch.zeros(b, t, dtype=torch.long)
        for i, x in enumerate(ids):
            host[i, : len(x)] = torch.tensor(x)
        padded = to_device(host, device)
        keys = None if lengths is None else frame_mask(lengths, t, padded)[:, :, None].bool()  # (B, 1, 1, T)
        d = self.predictor.encode(self.bert_encoder(self.bert(padded, keys)), s_pred, lengths)  # (B, T, d + s)
        dur = self.predictor.durations(d, lengths)
        dur = torch.stack([row / sp for row, sp in zip(dur, speed)])  # each row as a lone call divides it
        durations = torch.round(dur).clamp(min=1).long().cpu()
        for i, x in enumerate(ids):
            durations[i, len(x):] = 0
        frames = durations.sum(1)
        f_max = int(frames.max())
        # frame f of call b takes phoneme index[b, f] (0 beyond the call's frames, which are masked)
        index = torch.zeros(b, f_max, dtype=torch.long)
        for i in range(b):
            index[i, : int(frames[i])] = torch.repeat_interleave(torch.arange(t), durations[i])
        index = to_device(index, device)
        en = d.gather(1, index[..., None].expand(-1, -1, d.shape[-1])).transpose(1, 2)  # (B, d + s, F)
        if lengths is not None:
            en = en * frame_mask(frames, f_max, en)
        f0, n = self.predictor.f0_n(en, s_pred, None if lengths is None else frames)  # (B, 2F) each
        asr = self.text_encoder(padded, lengths)  # (B, C, T)
        asr = asr.gather(2, index[:, None].expand(-1, asr.shape[1], -1))  # (B, C, F)
        out = []
        for i, x in enumerate(ids):
            fb = int(frames[i])
            feats = torch.cat([asr[i, :, :fb].T, f0[i, : 2 * fb].view(fb, 2), n[i, : 2 * fb].view(fb, 2),
                               s_dec[i : i + 1].expand(fb, -1)], dim=1)
            out.append((durations[i, : len(x)], feats))
        return out


# ----------------------------------------------------------------------------------------------- decoder side
class SineSource(nn.Module):
    """Harmonic source: sines of f0 and its overtones (phase integrated at the frame rate, then interpolated,
    as the reference does), voiced where f0 > 10 Hz, merged by a linear layer + tanh."""

    def __init__(self, cfg: KokoroConfig) -> None:
        super().__init__()
        self.sample_rate_hz = cfg.sample_rate_hz
        self.upsample = math.prod(cfg.upsample_rates) * cfg.istft_hop  # samples per f0 value (300)
        self.harmonics = cfg.harmonics
        self.l_linear = nn.Linear(cfg.harmonics + 1, 1)

    def forward(self, f0: torch.Tensor) -> torch.Tensor:  # (B, 2F) Hz -> (B, 2F * upsample)
        up = self.upsample
        # float32 whatever the stage's dtype: the integrated phase reaches thousands of radians
        f0 = F.interpolate(f0.float()[:, None], scale_factor=float(up), mode="nearest")  # (B, 1, L)
        mult = torch.arange(1, self.harmonics + 2, device=f0.device, dtype=f0.dtype)[None, :, None]
        rad = f0 * mult / self.sample_rate_hz  # (B, H, L) cycles per sample
        rad = rad - torch.floor(rad)
        rad = F.interpolate(rad, scale_factor=1 / up, mode="linear", align_corners=False)
        phase = torch.cumsum(rad, dim=-1) * (2 * math.pi) * up
        phase = F.interpolate(phase, scale_factor=float(up), mode="linear", align_corners=False)
        voiced = (f0 > 10).to(f0.dtype)  # (B, 1, L)
        sines = torch.sin(phase) * 0.1 * voiced  # (B, H, L)
        merged = F.linear(sines.transpose(1, 2), self.l_linear.weight.float(), self.l_linear.bias.float())
        return torch.tanh(merged).squeeze(-1)  # float32


class Generator(nn.Module):
    def __init__(self, cfg: KokoroConfig) -> None:
        super().__init__()
        self.cfg = cfg
        s, c0 = cfg.style_dim, cfg.upsample_initial_channel
        self.source = SineSource(cfg)
        self.ups = nn.ModuleList()
        self.noise_convs = nn.ModuleList()
        self.noise_res = nn.ModuleList()
        self.resblocks = nn.ModuleList()
        n_up = len(cfg.upsample_rates)
        for i, (u, k) in enumerate(zip(cfg.upsample_rates, cfg.upsample_kernel_sizes)):
            c = c0 // 2 ** (i + 1)
            self.ups.append(nn.ConvTranspose1d(c0 // 2**i, c, k, u, padding=(k - u) // 2))
            for rk in cfg.resblock_kernel_sizes:
                self.resblocks.append(AdaINResBlock1(c, rk, cfg.resblock_dilations, s))
            if i + 1 < n_up:
                stride = math.prod(cfg.upsample_rates[i + 1:])
                self.noise_convs.append(nn.Conv1d(cfg.n_fft + 2, c, stride * 2, stride=stride, padding=(stride + 1) // 2))
                self.noise_res.append(AdaINResBlock1(c, 7, cfg.resblock_dilations, s))
            else:
                self.noise_convs.append(nn.Conv1d(cfg.n_fft + 2, c, 1))
                self.noise_res.append(AdaINResBlock1(c, 11, cfg.resblock_dilations, s))
        self.conv_post = nn.Conv1d(c0 // 2**n_up, cfg.n_fft + 2, 7, padding=3)
        self.register_buffer("window", torch.hann_window(cfg.n_fft), persistent=False)

    def harmonic_features(self, f0: torch.Tensor) -> torch.Tensor:
        """(B, 2F) f0 Hz -> (B, n_fft + 2, frames): magnitude and phase of the harmonic source's STFT.

        In unvoiced stretches the source is a constant, and all but its lowest bins hold float rounding noise
        (|X| ~ 1e-8) whose angle is arbitrary: every implementation feeds its own rounding there (the reference
        PyTorch model and the ONNX graph alike), so the output depends slightly on batch shape, device and dtype
        (two calls stacked vs alone: 43-80 dB apart on the test suite's tiny model). Setting those phases to 0 was tried: it moves the output further from the graph's
        (bench/parity_kokoro.py), the model having been trained on noise phases there."""
        cfg = self.cfg
        har = self.source(f0)  # (B, L)
        spec = torch.stft(har.float(), cfg.n_fft, cfg.istft_hop, cfg.n_fft, window=self.window.float(), center=True,
                          pad_mode="reflect", return_complex=True)  # (B, n_fft/2 + 1, L / hop + 1)
        # The DC and Nyquist bins of a real signal are real: their imaginary part is rounding noise whose sign
        # flips the angle of a negative bin between +pi and -pi from one implementation (or batch) to the next.
        # Signed zeros fix it where the ONNX graph's STFT mostly lands: +pi at DC, -pi at Nyquist.
        imag = spec.imag.clone()
        imag[:, 0], imag[:, -1] = 0.0, -0.0
        return torch.cat([spec.abs(), torch.atan2(imag, spec.real)], dim=1)

    def forward(self, x: torch.Tensor, s: torch.Tensor, f0: torch.Tensor, harmonic: torch.Tensor | None = None,
                lengths: torch.Tensor | None = None) -> torch.Tensor | list[torch.Tensor]:
        """(B, C, 2F) features, (B, style), (B, 2F) f0 Hz -> (B, 2F * 300) waveform. `harmonic`: the source's
        STFT features from elsewhere (parity checks) instead of our own. `lengths` (B,) frames on the host: calls
        of different lengths padded to F (see `KokoroDecoder.forward`) -> a list of each call's waveform: each
        call's harmonic source and inverse STFT on its own samples (whole-signal operations with their own
        edges), everything between masked at each rate (instance norms over the call's own steps, zeros beyond
        its end before every convolution)."""
        cfg = self.cfg
        steps = mask = None
        if lengths is None:
            har = self.harmonic_features(f0) if harmonic is None else harmonic
        else:
            steps = 2 * lengths  # the features' rate: two per frame
            hars = [self.harmonic_features(f0[b : b + 1, : int(n)]) for b, n in enumerate(steps)]
            width = max(h.shape[-1] for h in hars)
            har = torch.cat([F.pad(h, (0, width - h.shape[-1])) for h in hars])
        har = har.to(x.dtype)
        n_k = len(cfg.resblock_kernel_sizes)
        for i, up in enumerate(self.ups):
            x = F.leaky_relu(x, 0.1)
            last = i == len(self.ups) - 1
            if steps is not None:
                x = x * frame_mask(steps, x.shape[-1], x)
                steps = steps * cfg.upsample_rates[i]
                mask = frame_mask(steps + int(last), x.shape[-1] * cfg.upsample_rates[i] + int(last), x)
            x_source = self.noise_res[i](self.noise_convs[i](har), s, mask)
            x = up(x)
            if last:
                x = F.pad(x, (1, 0), mode="reflect")
            x = x + x_source
            x = sum(self.resblocks[i * n_k + j](x, s, mask) for j in range(n_k)) / n_k
        x = F.leaky_relu(x, 0.01)
        x = self.conv_post(x if mask is None else x * mask).float()
        if steps is None:
            return self._istft(x)
        return [self._istft(x[b : b + 1, :, : int(n) + 1])[0] for b, n in enumerate(steps)]

    def _istft(self, x: torch.Tensor) -> torch.Tensor:
        cfg = self.cfg
        half = cfg.n_fft // 2 + 1
        spec = torch.exp(x[:, :half]) * torch.exp(1j * torch.sin(x[:, half:]))
        return torch.istft(spec, cfg.n_fft, cfg.istft_hop, cfg.n_fft, window=self.window.float(), center=True)


class KokoroDecoder(nn.Module):
    """Per-frame features (B, feature_dim, F) -> waveform (B, F * hop_length)."""

    def __init__(self, cfg: KokoroConfig) -> None:
        super().__init__()
        self.cfg = cfg
        c, h, r, s = cfg.hidden_dim, cfg.decoder_hidden, cfg.asr_res_dim, cfg.style_dim
        self.F0_conv = nn.Conv1d(1, 1, 3, stride=2, padding=1)
        self.N_conv = nn.Conv1d(1, 1, 3, stride=2, padding=1)
        self.asr_res = nn.Conv1d(c, r, 1)
        self.encode = AdainResBlk1d(c + 2, h, s)
        self.decode = nn.ModuleList([AdainResBlk1d(h + 2 + r, h, s) for _ in range(3)]
                                    + [AdainResBlk1d(h + 2 + r, c, s, upsample=True)])
        self.generator = Generator(cfg)

    def forward(self, feats: torch.Tensor, harmonic: torch.Tensor | None = None,
                lengths: torch.Tensor | None = None) -> torch.Tensor | list[torch.Tensor]:
        """(B, feature_dim, F) -> (B, F * hop_length). `lengths` (B,) frames on the host: calls of different lengths,
        each zero-padded to F; -> a list of each call's waveform (its own F_i * hop_length samples), what it gives
        alone up to float rounding (the AdaIN statistics over each call's own frames, zeros beyond its end before
        every convolution, the harmonic source and inverse STFT per call)."""
        cfg = self.cfg
        b, _, frames = feats.shape
        c = cfg.hidden_dim
        asr = feats[:, :c]  # (B, C, F)
        f0_curve = feats[:, c:c + 2].transpose(1, 2).reshape(b, 2 * frames)  # (B, 2F)
        n_curve = feats[:, c + 2:c + 4].transpose(1, 2).reshape(b, 2 * frames)
        s = feats[:, c + 4:, 0]  # (B, style)
        mask = None if lengths is None else frame_mask(lengths, frames, feats)
        f0 = self.F0_conv(f0_curve[:, None])  # (B, 1, F)
        n = self.N_conv(n_curve[:, None])
        x = self.encode(torch.cat([asr, f0, n], dim=1), s, mask)
        res = self.asr_res(asr)
        for block in self.decode:  # every block (the last one upsamples) re-reads the text residual, f0 and N
            x = block(torch.cat([x, res, f0, n], dim=1), s, mask)
        return self.generator(x, s, f0_curve, harmonic, lengths)
