"""Sambert's duration loop as one Triton kernel (stage option `duration_kernel`, on by default:
on an H200 it cut distill-baker's first audio from 30 to 20 ms, docs/benchmarks.md).

The duration predictor is autoregressive over a call's symbols: for each symbol the previous log duration goes
through a prenet (Linear 1 -> P1, ReLU, Linear P1 -> P, ReLU), then with the symbol's condition through a 2-layer
LSTM and a Linear + ReLU to the next log duration. PyTorch runs that as a dozen kernels per symbol (cuDNN's
single-step LSTM alone ~48 us per layer on an H200: ~10 ms of a 100-symbol call's encoding, most of what a
lone call waits for before its first decoder step). Here one program per batch row runs the whole loop:

- the condition's share of the first layer's gates (and both its biases) for every symbol at once, one
  matrix product before the kernel (`gates_in`, (B, N, 4H));
- per symbol, in the kernel: the prenet, the two LSTM layers (each gate block a matrix-vector product of
  [input, h] read from a small per-row scratch buffer), the output Linear + ReLU; the cell states stay in
  registers, h and the prenet's output go through the scratch buffer (a block barrier between writing and
  reading them, the only way a vector changes its register layout here).

The weights are streamed from L2 for every symbol (about 1 MB per symbol for distill-baker's sizes), so a
symbol costs microseconds rather than the launches of a dozen kernels. fp32 only (the GPU default); the result
equals `DurationPredictor.infer` within float rounding (tests run the kernel under Triton's interpreter on the
CPU; the GPU test and `bench/duration_loop.py --device cuda` on the GPU). Capturable: the encoder's CUDA graph
(`sambert_graph.encode_symbols_graphed`) captures it like any other kernel.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import torch
import torch.nn.functional as F

from ttsserve.pipeline.sambert_fused import Unsupported, _bk, _pow2

if TYPE_CHECKING:
    from ttsserve.pipeline.sambert import DurationPredictor

try:
    import triton
    import triton.language as tl
except ImportError:  # pragma: no cover - depends on the installation
    triton = None
    tl = None

NUM_WARPS = 8  # with TILE: 187 registers, no spills for sm_90 at distill-baker's sizes (4 warps or larger tiles spill)
TILE = 2048  # values of a weight tile per matrix-vector chunk
LENGTH_QUANTUM = 32  # symbols (as the encoder graph's buckets)
MAX_SYMBOLS = 512

if triton is not None:
    from ttsserve.pipeline.sambert_fused import _mv_mem

    @triton.jit
    def _tanh(x):
        return 2.0 * tl.sigmoid(2.0 * x) - 1.0

    @triton.jit
    def _lstm_gates(w_ptr, x_ptr, c, pre_ptr, H: tl.constexpr, BH: tl.constexpr, K: tl.constexpr,
                    BK: tl.constexpr):
        """One LSTM layer's step: gates = pre + W (4H, K) @ x (K, from memory), PyTorch's order i, f, g, o;
        -> (h, c) as (BH,) fp32 vectors (zero beyond H)."""
        n = tl.arange(0, BH)
        nm = n < H
        gi = tl.load(pre_ptr + n, mask=nm, other=0.0) + _mv_mem(w_ptr, x_ptr, BH, H, K, BK, K)
        gf = tl.load(pre_ptr + H + n, mask=nm, other=0.0) + _mv_mem(w_ptr + H * K, x_ptr, BH, H, K, BK, K)
        gg = tl.load(pre_ptr + 2 * H + n, mask=nm, other=0.0) + _mv_mem(w_ptr + 2 * H * K, x_ptr, BH, H, K, BK, K)
        go = tl.load(pre_ptr + 3 * H + n, mask=nm, other=0.0) + _mv_mem(w_ptr + 3 * H * K, x_ptr, BH, H, K, BK, K)
        c = tl.sigmoid(gf) * c + tl.sigmoid(gi) * _tanh(gg)
        h = tl.where(nm, tl.sigmoid(go) * _tanh(c), 0.0)
        return h, c

    @triton.jit
    def _duration_kernel(gin_ptr, bias1_ptr, out_ptr, buf_ptr, pw1_ptr, pb1_ptr, pw2_ptr, pb2_ptr, w0_ptr, w1_ptr,
                         fcw_ptr, fcb_ptr, N: tl.constexpr, H: tl.constexpr, P: tl.constexpr, P1: tl.constexpr,
                         BH: tl.constexpr, BP: tl.constexpr, BP1: tl.constexpr, BK0: tl.constexpr,
                         BK1: tl.constexpr, BKP: tl.constexpr):
        b = tl.program_id(0)
        gin = gin_ptr + b * N * 4 * H
        buf = buf_ptr + b * (P + 2 * H + P1)  # [prenet out (P) | h0 (H) | h1 (H) | prenet hidden (P1)]
        hn = tl.arange(0, BH)
        hm = hn < H
        pn = tl.arange(0, BP)
        pm = pn < P
        qn = tl.arange(0, BP1)
        qm = qn < P1
        tl.store(buf + P + hn, tl.zeros([BH], dtype=tl.float32), mask=hm)
        tl.store(buf + P + H + hn, tl.zeros([BH], dtype=tl.float32), mask=hm)
        c0 = tl.zeros([BH], dtype=tl.float32)
        c1 = tl.zeros([BH], dtype=tl.float32)
        pw1 = tl.load(pw1_ptr + qn, mask=qm, other=0.0)
        pb1 = tl.load(pb1_ptr + qn, mask=qm, other=0.0)
        pb2 = tl.load(pb2_ptr + pn, mask=pm, other=0.0)
        fcw = tl.load(fcw_ptr + hn, mask=hm, other=0.0)
        fcb = tl.load(fcb_ptr)
        prev = tl.sum(tl.zeros([BH], dtype=tl.float32), axis=0)  # the previous log duration (0 at the start)
        for i in range(N):
            x1 = tl.maximum(pw1 * prev + pb1, 0.0)  # prenet: Linear(1 -> P1) + ReLU
            tl.store(buf + P + 2 * H + qn, x1, mask=qm)
            tl.debug_barrier()
            xp = tl.maximum(_mv_mem(pw2_ptr, buf + P + 2 * H, BP, P, P1, BKP, P1) + pb2, 0.0)  # Linear + ReLU
            tl.store(buf + pn, xp, mask=pm)
            tl.debug_barrier()
            h0, c0 = _lstm_gates(w0_ptr, buf, c0, gin + i * 4 * H, H, BH, P + H, BK0)  # x = [prenet, h0]
            tl.debug_barrier()  # every read of the old h0 is done
            tl.store(buf + P + hn, h0, mask=hm)
            tl.debug_barrier()
            h1, c1 = _lstm_gates(w1_ptr, buf + P, c1, bias1_ptr, H, BH, 2 * H, BK1)  # x = [h0, h1]
            tl.debug_barrier()
            tl.store(buf + P + H + hn, h1, mask=hm)
            tl.debug_barrier()
            prev = tl.maximum(tl.sum(fcw * h1, axis=0) + fcb, 0.0)
            tl.store(out_ptr + b * N + i, prev)


def supported(pred: "DurationPredictor", cond: torch.Tensor) -> None:
    """Raise Unsupported unless the kernel handles this predictor and input."""
    if triton is None:
        raise Unsupported("Triton is not installed")
    lstm = pred.lstm
    linears = [m for m in pred.prenet.fcs if isinstance(m, torch.nn.Linear)]
    if lstm.num_layers != 2 or lstm.bidirectional or lstm.proj_size or not lstm.bias or len(linears) != 2:
        raise Unsupported("the duration kernel handles a 2-layer prenet and a 2-layer unidirectional LSTM")
    if cond.dtype != torch.float32 or any(p.dtype != torch.float32 for p in pred.parameters()):
        raise Unsupported("the duration kernel runs float32 only")
    if pred.training:
        raise Unsupported("the duration kernel is for inference")


def sizes(pred: "DurationPredictor", symbols: int) -> dict[str, int]:
    """The kernel's compile-time constants for this predictor and a (padded) symbol count."""
    first, second = [m for m in pred.prenet.fcs if isinstance(m, torch.nn.Linear)]
    h, p, p1 = pred.lstm.hidden_size, second.out_features, first.out_features
    bh, bp, bp1 = _pow2(h), _pow2(p), _pow2(p1)
    return {"N": symbols, "H": h, "P": p, "P1": p1, "BH": bh, "BP": bp, "BP1": bp1, "BK0": _bk(bh, p + h, TILE),
            "BK1": _bk(bh, 2 * h, TILE), "BKP": _bk(bp, p1, TILE)}


def duration_loop(pred: "DurationPredictor", cond: torch.Tensor) -> torch.Tensor:
    """`pred.infer(cond)`, (B, N, C) -> (B, N) log(d + 1), by the kernel (see the module's docstring)."""
    supported(pred, cond)
    lstm = pred.lstm
    first, second = [m for m in pred.prenet.fcs if isinstance(m, torch.nn.Linear)]
    b, n, c = cond.shape
    h, p, p1 = lstm.hidden_size, second.out_features, first.out_features
    if lstm.input_size != p + c:
        raise ValueError(f"condition width {c} does not fit the LSTM's input {lstm.input_size} - prenet {p}")
    if n == 0 or b == 0:
        return cond.new_empty(b, n)
    # the loop's length is a compile-time constant, rounded up to a multiple of LENGTH_QUANTUM (at most
    # MAX_SYMBOLS / LENGTH_QUANTUM kernels to compile); the loop is causal, so padding symbols at the end change
    # nothing before them
    padded = -(-n // LENGTH_QUANTUM) * LENGTH_QUANTUM
    if padded > MAX_SYMBOLS:
        raise Unsupported(f"{n} symbols: the duration kernel handles at most {MAX_SYMBOLS}")
    if padded != n:
        cond = F.pad(cond, (0, 0, 0, padded - n))
    out = torch.empty(b, padded, device=cond.device, dtype=torch.float32)
    w_ih0 = lstm.weight_ih_l0
    gates_in = F.linear(cond, w_ih0[:, p:], lstm.bias_ih_l0 + lstm.bias_hh_l0).contiguous()  # (B, N, 4H)
    w0 = torch.cat([w_ih0[:, :p], lstm.weight_hh_l0], 1).contiguous()  # (4H, P + H)
    w1 = torch.cat([lstm.weight_ih_l1, lstm.weight_hh_l1], 1).contiguous()  # (4H, 2H)
    bias1 = (lstm.bias_ih_l1 + lstm.bias_hh_l1).contiguous()
    buf = torch.empty(b, p + 2 * h + p1, device=cond.device, dtype=torch.float32)
    _duration_kernel[(b,)](
        gates_in, bias1, out, buf, first.weight.reshape(-1).contiguous(), first.bias, second.weight.contiguous(),
        second.bias, w0, w1, pred.fc.weight.reshape(-1).contiguous(), pred.fc.bias, **sizes(pred, padded),
        num_warps=NUM_WARPS)
    return out[:, :n]
