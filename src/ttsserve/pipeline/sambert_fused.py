"""A fused Sambert decoder step in Triton. Two layouts: the split step (the default: two kernels per PNCA layer
with several programs per decoder slot, see "the split step" below `_pnca_kernel`), and the per-slot step
described here (one kernel per PNCA layer, one program per decoder slot).

`sambert_slots._step` runs one decoder step of every slot as dozens of tiny PyTorch kernels (a few hundred
thousand multiply-adds per slot and layer: the time is launches and memory round trips, not arithmetic).
`FusedStep` does the same step in `decoder_layers` kernels (one more when the decoder has a single layer).
Program p of layer l's kernel does, for slot p:

- (first layer) the step input: prenet (two Linear + ReLU, a Linear) of the previous frame, concatenated after
  the slot's memory row j, `dec_in_proj`, times sqrt(d); it records the ring entry `t % w` as holding step t;
- pre-LayerNorm, the q/k/v projection, k/v written into the slot's ring at its entry;
- attention over the ring (entries holding steps [t - band, t]) and over the memory window (rows j + [0, w)
  of the per-advance `mem_k`/`mem_v`, steps [t, t + band] within the call; a slot past its end attends to
  every row), exactly the masks `_step` builds;
- fc_x + fc_h + the residual, then the feed-forward (LayerNorm, 1x1 conv, ReLU, 1x1 conv, residual);
- (last layer) the final LayerNorm and `dec_out_proj`: the step's output row, the next step's previous frame,
  `t += active`, and (program 0) `j += 1`.

Everything stays in registers within a kernel: each matrix-vector product is one register tile of its weight
(8k values, one of 16k) or a few; attention runs over groups of heads (each group's q/k/v, both attentions and
its share of fc_x / fc_h); the wide hidden layers (the feed-forward's, the prenet's second) are made in chunks of
their units, each chunk consumed by the next layer at once. So no intermediate goes to memory and no block
barrier is needed. The layer weights are streamed from L2 by every program. Every index (t, j, band,
steps, active) is read from the slots' device tensors, so a step is capturable in the advance's CUDA graph;
j is copied per slot by the first kernel (program 0 of the last one advances it). The residual stream between
layer kernels is a (slots, d) buffer in the model dtype, and every intermediate is rounded to the model dtype
where the eager step materializes it (fp16/bf16 results then differ from `_step` only by summation order, a
unit in the last place here and there; fp32 ones by float rounding).

`make_step` picks the step for a `SlotDecoder` from the `decoder_fused_step` setting: "off" = `_step`;
"on" = the fused step (an error when Triton or the decoder's shape does not allow it); "auto" = the fused step
on a CUDA device with Triton and a supported decoder, after a two-step self-check against `_step`; otherwise
`_step`. `SlotDecoder` falls back to `_step` when capturing the advance with the fused step fails.
"""

from __future__ import annotations

import contextlib
import logging
import math
import os
from typing import TYPE_CHECKING, Callable

import torch

if TYPE_CHECKING:
    from ttsserve.pipeline.sambert import MelDecoder
    from ttsserve.pipeline.sambert_slots import _State

log = logging.getLogger(__name__)

MODES = ("auto", "on", "off")

try:  # Triton is optional: without it the eager (or compiled) step runs
    import triton
    import triton.language as tl
except ImportError:  # pragma: no cover - depends on the installation
    triton = None
    tl = None


class Unsupported(RuntimeError):
    """The fused step cannot run here (no Triton, no CUDA, a decoder shape it does not handle)."""


def _pow2(n: int) -> int:
    return 1 << max(0, int(n) - 1).bit_length()


def _bk(n_out: int, k_in: int, tile: int = 8192) -> int:
    """Input block of a matrix-vector product with `n_out` outputs: a (n_out, bk) register tile of ~`tile`."""
    return max(16, min(_pow2(k_in), tile // _pow2(n_out)))


if triton is not None:

    @triton.jit
    def _rd(x, ROUND: tl.constexpr):
        """Round an fp32 value to the model dtype (where the eager step materializes a tensor)."""
        if ROUND == 1:
            x = x.to(tl.float16).to(tl.float32)
        elif ROUND == 2:
            x = x.to(tl.bfloat16).to(tl.float32)
        return x

    @triton.jit
    def _bias(b_ptr, ROW0, ROWEND: tl.constexpr, BN: tl.constexpr):
        n = ROW0 + tl.arange(0, BN)
        return tl.load(b_ptr + n, mask=n < ROWEND, other=0.0).to(tl.float32)

    @triton.jit
    def _mv(w_ptr, x, ROW0, ROWEND: tl.constexpr, BN: tl.constexpr, COL0, COLEND: tl.constexpr,
            BK: tl.constexpr, LD: tl.constexpr):
        """Rows ROW0 + [0, BN) x columns COL0 + [0, BK) of W (row stride LD; zero beyond ROWEND / COLEND) @ the
        register vector x (BK,) -> (BN,) fp32."""
        n = ROW0 + tl.arange(0, BN)
        k = COL0 + tl.arange(0, BK)
        w = tl.load(w_ptr + n[:, None] * LD + k[None, :], mask=(n[:, None] < ROWEND) & (k[None, :] < COLEND),
                    other=0.0)
        return tl.sum(w.to(tl.float32) * x[None, :], axis=1)

    @triton.jit
    def _mv_mem(w_ptr, x_ptr, BN: tl.constexpr, ROWEND: tl.constexpr, K: tl.constexpr, BK: tl.constexpr,
                LD: tl.constexpr):
        """Rows [0, ROWEND) x columns [0, K) of W (row stride LD) @ x (K,) read from memory -> (BN,) fp32."""
        acc = tl.zeros([BN], dtype=tl.float32)
        for k0 in tl.static_range(0, K, BK):
            kk = k0 + tl.arange(0, BK)
            xv = tl.load(x_ptr + kk, mask=kk < K, other=0.0).to(tl.float32)
            acc += _mv(w_ptr, xv, 0, ROWEND, BN, k0, K, BK, LD)
        return acc

    @triton.jit
    def _mv_heads(w_ptr, b_ptr, x, ROW0: tl.constexpr, K: tl.constexpr, BK: tl.constexpr, h0, H: tl.constexpr,
                  DH: tl.constexpr, HG: tl.constexpr, BDH: tl.constexpr):
        """Rows ROW0 + (h0 + [0, HG)) * DH + [0, DH) of W (., K) @ the register vector x (BK,) + bias, as (HG,
        BDH): the outputs of heads h0 .. h0 + HG - 1 (zero for heads >= H)."""
        h = tl.arange(0, HG)[:, None]
        e = tl.arange(0, BDH)[None, :]
        n = ROW0 + (h0 + h) * DH + e
        nm = (h0 + h < H) & (e < DH)
        k = tl.arange(0, BK)[None, None, :]
        w = tl.load(w_ptr + n[:, :, None] * K + k, mask=nm[:, :, None] & (k < K), other=0.0)
        y = tl.sum(w.to(tl.float32) * x[None, None, :], axis=2)
        return y + tl.load(b_ptr + n, mask=nm, other=0.0).to(tl.float32)

    @triton.jit
    def _mv_from_heads(w_ptr, o, N: tl.constexpr, BN: tl.constexpr, h0, H: tl.constexpr, DH: tl.constexpr,
                       HG: tl.constexpr, BDH: tl.constexpr):
        """Columns (h0 + [0, HG)) * DH + [0, DH) of W (N, H * DH) @ o (HG, BDH) (heads h0 ..) -> (BN,) fp32."""
        n = tl.arange(0, BN)[:, None, None]
        h = tl.arange(0, HG)[None, :, None]
        e = tl.arange(0, BDH)[None, None, :]
        w = tl.load(w_ptr + n * (H * DH) + (h0 + h) * DH + e, mask=(n < N) & (h0 + h < H) & (e < DH), other=0.0)
        return tl.sum(tl.sum(w.to(tl.float32) * o[None, :, :], axis=2), axis=1)

    @triton.jit
    def _layer_norm(x, g_ptr, b_ptr, D: tl.constexpr, BD: tl.constexpr, EPS: tl.constexpr, ROUND: tl.constexpr):
        d = tl.arange(0, BD)
        dm = d < D
        mean = tl.sum(tl.where(dm, x, 0.0), axis=0) / D
        xc = tl.where(dm, x - mean, 0.0)
        var = tl.sum(xc * xc, axis=0) / D
        g = tl.load(g_ptr + d, mask=dm, other=0.0).to(tl.float32)
        b = tl.load(b_ptr + d, mask=dm, other=0.0).to(tl.float32)
        return _rd(xc / tl.sqrt(var + EPS) * g + b, ROUND)

    @triton.jit
    def _attend(q, k_ptr, v_ptr, ROWS: tl.constexpr, row0, ok, kn, vn, entry, SELF: tl.constexpr, h0,
                H: tl.constexpr, DH: tl.constexpr, W: tl.constexpr, HG: tl.constexpr, BDH: tl.constexpr,
                BW: tl.constexpr, SCALE: tl.constexpr, ROUND: tl.constexpr):
        """Masked attention of q (HG, BDH) (heads h0 ..) over rows row0 + [0, W) of one slot's keys/values (H,
        ROWS, DH); SELF: the ring, whose row `entry` is this step's kn / vn (from registers). -> (HG, BDH)."""
        h = tl.arange(0, HG)[:, None, None]
        w = tl.arange(0, BW)[None, :, None]
        e = tl.arange(0, BDH)[None, None, :]
        m = (h0 + h < H) & (w < W) & (e < DH)
        off = (h0 + h) * (ROWS * DH) + (row0 + w) * DH + e
        k = tl.load(k_ptr + off, mask=m, other=0.0).to(tl.float32)
        v = tl.load(v_ptr + off, mask=m, other=0.0).to(tl.float32)
        if SELF:
            k = tl.where(w == entry, kn[:, None, :], k)
            v = tl.where(w == entry, vn[:, None, :], v)
        s = _rd(_rd(tl.sum(q[:, None, :] * k, axis=2), ROUND) * SCALE, ROUND)  # (HG, BW)
        s = tl.where(ok[None, :], s, -1.0e30)
        s = tl.exp(s - tl.max(s, axis=1)[:, None])
        s = _rd(s / tl.sum(s, axis=1)[:, None], ROUND)
        return _rd(tl.sum(s[:, :, None] * v, axis=1), ROUND)

    @triton.jit
    def _step_input(p, j, prev_ptr, memwin_ptr, pre1_w, pre1_b, pre2_w, pre2_b, pre3_w, pre3_b, in_w, in_b,
                    D: tl.constexpr, NM: tl.constexpr, DM: tl.constexpr, KW: tl.constexpr, PRE1: tl.constexpr,
                    PRE2: tl.constexpr, BD: tl.constexpr, BP1: tl.constexpr, FB2: tl.constexpr,
                    BK_P1: tl.constexpr, BK_IN: tl.constexpr, XSCALE: tl.constexpr, ROUND: tl.constexpr,
                    UNROLL: tl.constexpr):
        """The step input of slot p: prenet(previous frame) after the memory row j, dec_in_proj, times sqrt(d)."""
        h1 = _mv_mem(pre1_w, prev_ptr + p * NM, BP1, PRE1, NM, BK_P1, NM) + _bias(pre1_b, 0, PRE1, BP1)
        h1 = _rd(tl.maximum(_rd(h1, ROUND), 0.0), ROUND)
        h3 = tl.zeros([BD], dtype=tl.float32)
        for c in tl.range(0, PRE2, FB2, loop_unroll_factor=UNROLL):
            h2 = _mv(pre2_w, h1, c, PRE2, FB2, 0, PRE1, BP1, PRE1) + _bias(pre2_b, c, PRE2, FB2)
            h2 = _rd(tl.maximum(_rd(h2, ROUND), 0.0), ROUND)
            h3 += _mv(pre3_w, h2, 0, D, BD, c, PRE2, FB2, PRE2)
        h3 = _rd(h3 + _bias(pre3_b, 0, D, BD), ROUND)
        x = _mv_mem(in_w, memwin_ptr + (p * KW + j) * DM, BD, D, DM, BK_IN, DM + D)
        x += _mv(in_w, h3, 0, D, BD, DM, DM + D, BD, DM + D) + _bias(in_b, 0, D, BD)
        return _rd(_rd(x, ROUND) * XSCALE, ROUND)

    @triton.jit
    def _masks(ring_t_ptr, p, t, entry, band, steps, W: tl.constexpr, BW: tl.constexpr):
        """Slot p's attention masks: the ring entries holding steps [t - band, t]; the memory rows of steps
        [t, t + band] within the call (a slot past its end: every row, so the softmax stays finite)."""
        wo = tl.arange(0, BW)
        wm = wo < W
        rt = tl.load(ring_t_ptr + p * W + wo, mask=wm, other=-1)
        rt = tl.where(wo == entry, t, rt)
        x_ok = wm & (rt >= 0) & (rt >= t - band)
        h_ok = wm & (wo <= band) & (t + wo < steps)
        h_ok = tl.where(tl.sum(h_ok.to(tl.int32), axis=0) > 0, h_ok, wm)
        return x_ok, h_ok

    @triton.jit
    def _head_group(xn, h0, p, j, entry, x_ok, h_ok, qkv_w, qkv_b, fcx_w, fch_w, ring_k_ptr, ring_v_ptr,
                    mem_k_ptr, mem_v_ptr, D: tl.constexpr, H: tl.constexpr, DH: tl.constexpr, W: tl.constexpr,
                    KW: tl.constexpr, BD: tl.constexpr, HG: tl.constexpr, BDH: tl.constexpr, BW: tl.constexpr,
                    SCALE: tl.constexpr, ROUND: tl.constexpr):
        """Heads h0 .. h0 + HG - 1 of slot p: q/k/v, this step's key / value into the ring at the slot's entry,
        attention over the ring and over the memory window, and their columns of fc_x / fc_h (no bias):
        -> (BD,), (BD,) fp32."""
        ring = p * (H * W * DH)
        mem = p * (H * KW * DH)
        hh = tl.arange(0, HG)[:, None]
        ee = tl.arange(0, BDH)[None, :]
        q = _rd(_mv_heads(qkv_w, qkv_b, xn, 0, D, BD, h0, H, DH, HG, BDH), ROUND)
        kn = _rd(_mv_heads(qkv_w, qkv_b, xn, D, D, BD, h0, H, DH, HG, BDH), ROUND)
        vn = _rd(_mv_heads(qkv_w, qkv_b, xn, 2 * D, D, BD, h0, H, DH, HG, BDH), ROUND)
        he = (h0 + hh < H) & (ee < DH)
        tl.store(ring_k_ptr + ring + ((h0 + hh) * W + entry) * DH + ee, kn, mask=he)
        tl.store(ring_v_ptr + ring + ((h0 + hh) * W + entry) * DH + ee, vn, mask=he)
        ox = _attend(q, ring_k_ptr + ring, ring_v_ptr + ring, W, 0, x_ok, kn, vn, entry, True, h0,
                     H, DH, W, HG, BDH, BW, SCALE, ROUND)
        oh = _attend(q, mem_k_ptr + mem, mem_v_ptr + mem, KW, j, h_ok, kn, vn, entry, False, h0,
                     H, DH, W, HG, BDH, BW, SCALE, ROUND)
        return (_mv_from_heads(fcx_w, ox, D, BD, h0, H, DH, HG, BDH),
                _mv_from_heads(fch_w, oh, D, BD, h0, H, DH, HG, BDH))

    @triton.jit
    def _ffn_units(yn, c0, c1, w1_w, w1_b, w2_w, D: tl.constexpr, FF: tl.constexpr, BD: tl.constexpr,
                   FB: tl.constexpr, ROUND: tl.constexpr, UNROLL: tl.constexpr):
        """The feed-forward's hidden units [c0, c1) in chunks of FB (1x1 conv + ReLU, each chunk through the
        second 1x1 conv at once): -> their share of its output (BD,) fp32, no bias."""
        y = tl.zeros([BD], dtype=tl.float32)
        for c in tl.range(c0, c1, FB, loop_unroll_factor=UNROLL):
            hid = _mv(w1_w, yn, c, FF, FB, 0, D, BD, D) + _bias(w1_b, c, FF, FB)
            hid = _rd(tl.maximum(_rd(hid, ROUND), 0.0), ROUND)
            y += _mv(w2_w, hid, 0, D, BD, c, FF, FB, FF)
        return y

    @triton.jit
    def _output_row(xn, p, j, out_w, out_b, out_ptr, prev_ptr, D: tl.constexpr, BD: tl.constexpr,
                    NM: tl.constexpr, R: tl.constexpr, KSTEPS: tl.constexpr, FR: tl.constexpr,
                    ROUND: tl.constexpr, UNROLL: tl.constexpr):
        """`dec_out_proj` of the final-normed xn: slot p's output row j (in chunks) and its previous frame."""
        for c in tl.range(0, R, FR, loop_unroll_factor=UNROLL):
            row = _rd(_mv(out_w, xn, c, R, FR, 0, D, BD, D) + _bias(out_b, c, R, FR), ROUND)
            n = c + tl.arange(0, FR)
            tl.store(out_ptr + (p * KSTEPS + j) * R + n, row, mask=n < R)
            tl.store(prev_ptr + p * NM + (n - (R - NM)), row, mask=(n >= R - NM) & (n < R))

    @triton.jit
    def _pnca_kernel(
        # the slots' state
        x_ptr, jrow_ptr, j_ptr, t_ptr, band_ptr, steps_ptr, active_ptr, ring_t_ptr,
        ring_k_ptr, ring_v_ptr, mem_k_ptr, mem_v_ptr, prev_ptr, memwin_ptr, out_ptr,
        # step input (FIRST)
        pre1_w, pre1_b, pre2_w, pre2_b, pre3_w, pre3_b, in_w, in_b,
        # the layer (LAYER)
        ln_w, ln_b, qkv_w, qkv_b, fcx_w, fcx_b, fch_w, fch_b, ffln_w, ffln_b, w1_w, w1_b, w2_w, w2_b,
        # the output (LAST)
        fin_w, fin_b, out_w, out_b,
        # sizes, and their blocks (powers of two)
        D: tl.constexpr, H: tl.constexpr, DH: tl.constexpr, FF: tl.constexpr, W: tl.constexpr, KW: tl.constexpr,
        NM: tl.constexpr, DM: tl.constexpr, PRE1: tl.constexpr, PRE2: tl.constexpr, R: tl.constexpr,
        KSTEPS: tl.constexpr,
        BD: tl.constexpr, HG: tl.constexpr, BDH: tl.constexpr, BW: tl.constexpr, BP1: tl.constexpr,
        # chunks: heads (HG), feed-forward hidden units, prenet second layer outputs, output rows; input blocks
        # read from memory
        FB: tl.constexpr, FB2: tl.constexpr, FR: tl.constexpr, BK_P1: tl.constexpr, BK_IN: tl.constexpr,
        EPS: tl.constexpr, SCALE: tl.constexpr, XSCALE: tl.constexpr, ROUND: tl.constexpr, UNROLL: tl.constexpr,
        FIRST: tl.constexpr, LAYER: tl.constexpr, LAST: tl.constexpr,
    ):
        p = tl.program_id(0)
        d = tl.arange(0, BD)
        dm = d < D
        t = tl.load(t_ptr + p)
        entry = t % W
        if FIRST:
            # j is read here only; later kernels (and this one's tail) use the slot's copy, so that program 0
            # may advance j at the end of the step while other programs still run
            j = tl.load(j_ptr)
            tl.store(jrow_ptr + p, j)
            tl.store(ring_t_ptr + p * W + entry, t)
            # step input: prenet(previous frame), after the memory row j, through dec_in_proj, times sqrt(d)
            x = _step_input(p, j, prev_ptr, memwin_ptr, pre1_w, pre1_b, pre2_w, pre2_b, pre3_w, pre3_b, in_w,
                            in_b, D, NM, DM, KW, PRE1, PRE2, BD, BP1, FB2, BK_P1, BK_IN, XSCALE, ROUND, UNROLL)
        else:
            j = tl.load(jrow_ptr + p)
            x = tl.load(x_ptr + p * D + d, mask=dm, other=0.0).to(tl.float32)
        if LAYER:
            band = tl.load(band_ptr + p)
            steps = tl.load(steps_ptr + p)
            xn = _layer_norm(x, ln_w, ln_b, D, BD, EPS, ROUND)
            x_ok, h_ok = _masks(ring_t_ptr, p, t, entry, band, steps, W, BW)
            ax = tl.zeros([BD], dtype=tl.float32)
            ah = tl.zeros([BD], dtype=tl.float32)
            for h0 in tl.range(0, H, HG, loop_unroll_factor=UNROLL):  # HG heads at a time, into fc_x / fc_h
                gx, gh = _head_group(xn, h0, p, j, entry, x_ok, h_ok, qkv_w, qkv_b, fcx_w, fch_w, ring_k_ptr,
                                     ring_v_ptr, mem_k_ptr, mem_v_ptr, D, H, DH, W, KW, BD, HG, BDH, BW, SCALE,
                                     ROUND)
                ax += gx
                ah += gh
            ax = _rd(ax + _bias(fcx_b, 0, D, BD), ROUND)
            ah = _rd(ah + _bias(fch_b, 0, D, BD), ROUND)
            x = _rd(_rd(x + ax, ROUND) + ah, ROUND)
            # feed-forward: LayerNorm, 1x1 conv + ReLU, 1x1 conv, residual; in chunks of hidden units
            yn = _layer_norm(x, ffln_w, ffln_b, D, BD, EPS, ROUND)
            y = _ffn_units(yn, 0, FF, w1_w, w1_b, w2_w, D, FF, BD, FB, ROUND, UNROLL)
            x = _rd(x + _rd(y + _bias(w2_b, 0, D, BD), ROUND), ROUND)
        if LAST:
            xn = _layer_norm(x, fin_w, fin_b, D, BD, EPS, ROUND)
            _output_row(xn, p, j, out_w, out_b, out_ptr, prev_ptr, D, BD, NM, R, KSTEPS, FR, ROUND, UNROLL)
            tl.store(t_ptr + p, t + tl.load(active_ptr + p))
            if p == 0:
                tl.store(j_ptr, j + 1)
        else:
            tl.store(x_ptr + p * D + d, x, mask=dm)


    # ---------------------------------------------------------------- the split step: more programs per slot
    # A single slot (the lone stream, the whole-response call) leaves the per-slot kernel above on one SM, where
    # the layer's chain of dependent loads (4 head groups, 8-16 feed-forward chunks) sets the time. The split
    # step runs each layer as two kernels with several programs per slot: `_split_attn_kernel`, grid (slots, G),
    # program g does heads [g * HG, (g + 1) * HG) (q/k/v, both attentions, their columns of fc_x / fc_h) and
    # writes its partial sums; `_split_ffn_kernel`, grid (slots, S), adds the attention partials (fixed order:
    # deterministic) and does hidden units [s * FS, (s + 1) * FS) of the feed-forward, writing its partial
    # output. The next layer's attention kernel (or `_split_out_kernel` after the last layer) adds those. The
    # residual stream lives in `xin` (a layer's input, written by program 0 of the attention kernel) and `xmid`
    # (after the attention, by program 0 of the feed-forward kernel); rounding is where the eager step rounds.

    @triton.jit
    def _partial_sum(ptr, N: tl.constexpr, BN: tl.constexpr, STRIDE: tl.constexpr, D: tl.constexpr,
                     BD: tl.constexpr):
        """sum over n < N of the rows ptr + n * STRIDE + [0, D) -> (BD,) fp32 (a fixed order)."""
        n = tl.arange(0, BN)[:, None]
        d = tl.arange(0, BD)[None, :]
        v = tl.load(ptr + n * STRIDE + d, mask=(n < N) & (d < D), other=0.0)
        return tl.sum(v, axis=0)

    @triton.jit
    def _split_attn_kernel(
        xin_ptr, xmid_ptr, pa_ptr, pb_ptr, jrow_ptr, j_ptr, t_ptr, band_ptr, steps_ptr, ring_t_ptr,
        ring_k_ptr, ring_v_ptr, mem_k_ptr, mem_v_ptr, prev_ptr, memwin_ptr,
        pre1_w, pre1_b, pre2_w, pre2_b, pre3_w, pre3_b, in_w, in_b, prev_w2_b,
        ln_w, ln_b, qkv_w, qkv_b, fcx_w, fch_w,
        D: tl.constexpr, H: tl.constexpr, DH: tl.constexpr, W: tl.constexpr, KW: tl.constexpr, NM: tl.constexpr,
        DM: tl.constexpr, PRE1: tl.constexpr, PRE2: tl.constexpr, G: tl.constexpr, S: tl.constexpr,
        BS: tl.constexpr, BD: tl.constexpr, HG: tl.constexpr, BDH: tl.constexpr, BW: tl.constexpr,
        BP1: tl.constexpr, FB2: tl.constexpr, BK_P1: tl.constexpr, BK_IN: tl.constexpr, EPS: tl.constexpr,
        SCALE: tl.constexpr, XSCALE: tl.constexpr, ROUND: tl.constexpr, UNROLL: tl.constexpr, FIRST: tl.constexpr,
    ):
        p = tl.program_id(0)
        g = tl.program_id(1)
        d = tl.arange(0, BD)
        dm = d < D
        t = tl.load(t_ptr + p)
        entry = t % W
        if FIRST:
            j = tl.load(j_ptr)  # advanced only by the step's last kernel
            x = _step_input(p, j, prev_ptr, memwin_ptr, pre1_w, pre1_b, pre2_w, pre2_b, pre3_w, pre3_b, in_w,
                            in_b, D, NM, DM, KW, PRE1, PRE2, BD, BP1, FB2, BK_P1, BK_IN, XSCALE, ROUND, UNROLL)
            if g == 0:
                tl.store(jrow_ptr + p, j)
                tl.store(ring_t_ptr + p * W + entry, t)
        else:
            j = tl.load(jrow_ptr + p)
            x = tl.load(xmid_ptr + p * D + d, mask=dm, other=0.0)
            y = _partial_sum(pb_ptr + p * (S * D), S, BS, D, D, BD)
            x = _rd(x + _rd(y + _bias(prev_w2_b, 0, D, BD), ROUND), ROUND)
        if g == 0:
            tl.store(xin_ptr + p * D + d, x, mask=dm)
        band = tl.load(band_ptr + p)
        steps = tl.load(steps_ptr + p)
        xn = _layer_norm(x, ln_w, ln_b, D, BD, EPS, ROUND)
        x_ok, h_ok = _masks(ring_t_ptr, p, t, entry, band, steps, W, BW)
        ax, ah = _head_group(xn, g * HG, p, j, entry, x_ok, h_ok, qkv_w, qkv_b, fcx_w, fch_w, ring_k_ptr,
                             ring_v_ptr, mem_k_ptr, mem_v_ptr, D, H, DH, W, KW, BD, HG, BDH, BW, SCALE, ROUND)
        base = pa_ptr + (p * G + g) * (2 * D)
        tl.store(base + d, ax, mask=dm)
        tl.store(base + D + d, ah, mask=dm)

    @triton.jit
    def _split_ffn_kernel(
        xin_ptr, xmid_ptr, pa_ptr, pb_ptr, fcx_b, fch_b, ffln_w, ffln_b, w1_w, w1_b, w2_w,
        D: tl.constexpr, FF: tl.constexpr, G: tl.constexpr, BG: tl.constexpr, S: tl.constexpr, FS: tl.constexpr,
        BD: tl.constexpr, FB: tl.constexpr, EPS: tl.constexpr, ROUND: tl.constexpr, UNROLL: tl.constexpr,
    ):
        p = tl.program_id(0)
        s = tl.program_id(1)
        d = tl.arange(0, BD)
        dm = d < D
        x = tl.load(xin_ptr + p * D + d, mask=dm, other=0.0)
        ax = _rd(_partial_sum(pa_ptr + p * (G * 2 * D), G, BG, 2 * D, D, BD) + _bias(fcx_b, 0, D, BD), ROUND)
        ah = _rd(_partial_sum(pa_ptr + p * (G * 2 * D) + D, G, BG, 2 * D, D, BD) + _bias(fch_b, 0, D, BD), ROUND)
        x = _rd(_rd(x + ax, ROUND) + ah, ROUND)
        if s == 0:
            tl.store(xmid_ptr + p * D + d, x, mask=dm)
        yn = _layer_norm(x, ffln_w, ffln_b, D, BD, EPS, ROUND)
        y = _ffn_units(yn, s * FS, s * FS + FS, w1_w, w1_b, w2_w, D, FF, BD, FB, ROUND, UNROLL)
        tl.store(pb_ptr + (p * S + s) * D + d, y, mask=dm)

    @triton.jit
    def _split_out_kernel(
        xmid_ptr, pb_ptr, jrow_ptr, j_ptr, t_ptr, active_ptr, out_ptr, prev_ptr, w2_b, fin_w, fin_b, out_w, out_b,
        D: tl.constexpr, S: tl.constexpr, BS: tl.constexpr, BD: tl.constexpr, NM: tl.constexpr, R: tl.constexpr,
        KSTEPS: tl.constexpr, FR: tl.constexpr, EPS: tl.constexpr, ROUND: tl.constexpr, UNROLL: tl.constexpr,
    ):
        p = tl.program_id(0)
        d = tl.arange(0, BD)
        dm = d < D
        j = tl.load(jrow_ptr + p)
        t = tl.load(t_ptr + p)
        x = tl.load(xmid_ptr + p * D + d, mask=dm, other=0.0)
        y = _partial_sum(pb_ptr + p * (S * D), S, BS, D, D, BD)
        x = _rd(x + _rd(y + _bias(w2_b, 0, D, BD), ROUND), ROUND)
        xn = _layer_norm(x, fin_w, fin_b, D, BD, EPS, ROUND)
        _output_row(xn, p, j, out_w, out_b, out_ptr, prev_ptr, D, BD, NM, R, KSTEPS, FR, ROUND, UNROLL)
        tl.store(t_ptr + p, t + tl.load(active_ptr + p))
        if p == 0:
            tl.store(j_ptr, j + 1)


def supported(dec: "MelDecoder") -> None:
    """Raise `Unsupported` when the fused kernels do not handle this decoder's structure."""
    if triton is None:
        raise Unsupported("Triton is not installed")
    cfg = dec.cfg
    if len(cfg.decoder_prenet_units) != 2:
        raise Unsupported(f"decoder prenet with {len(cfg.decoder_prenet_units)} hidden layers (the kernel has 2)")
    if cfg.decoder_units % cfg.decoder_heads:
        raise Unsupported("decoder_units not a multiple of decoder_heads")
    for t in dec.parameters():
        if not t.is_contiguous():
            raise Unsupported("a non-contiguous decoder weight")
    blk = dec.pnca[0]
    if blk.pos_ffn.w_1.kernel_size != (1,) or blk.pos_ffn.w_2.kernel_size != (1,):
        raise Unsupported("decoder feed-forward kernel size other than 1")
    if dec.pnca[0].pnca_attn.layer_norm.eps != dec.ln.eps:
        raise Unsupported("different LayerNorm eps in the decoder")


class FusedStep:
    """A drop-in for `sambert_slots._step(dec, st, w)`: one decoder step of every slot in Triton kernels."""

    def __init__(self, dec: "MelDecoder", *, num_warps: int = 8, unroll: int = 1, split: bool = True,
                 heads_per_program: int = 2, units_per_program: int = 64,
                 split_warps: tuple[int, int, int] = (4, 8, 8)) -> None:
        supported(dec)
        self.num_warps = num_warps
        self.unroll = unroll  # unroll factor of the chunk loops (feed-forward, prenet, output): 1 = a loop
        # split: each layer as an attention kernel with a program per `heads_per_program` heads and slot, and a
        # feed-forward kernel with a program per `units_per_program` hidden units and slot (warps: attention,
        # feed-forward, output kernels); else one kernel per layer, one program per slot
        self.split = split
        self.heads_per_program = heads_per_program
        self.units_per_program = units_per_program
        self.split_warps = split_warps
        self._buffers: dict[tuple, tuple[torch.Tensor, ...]] = {}
        self._sizes: dict[tuple, dict] = {}

    def __repr__(self) -> str:
        if self.split:
            return (f"FusedStep(split: {self.heads_per_program} heads / {self.units_per_program} units per program, "
                    f"warps {self.split_warps})")
        return f"FusedStep(per slot, {self.num_warps} warps)"

    def buffers(self, st: "_State", d: int) -> tuple[torch.Tensor, torch.Tensor]:
        """(the residual stream between layer kernels (P, d), each slot's copy of the step index j (P,))."""
        p = st.t.shape[0]
        key = (p, d, st.prev.dtype, st.prev.device)
        bufs = self._buffers.get(key)
        if bufs is None:
            dev = st.prev.device
            bufs = (torch.zeros(p, d, device=dev, dtype=st.prev.dtype), torch.zeros(p, device=dev, dtype=torch.long))
            self._buffers[key] = bufs
        return bufs

    def constants(self, dec: "MelDecoder", st: "_State", w: int) -> dict:
        """The kernel's sizes and block sizes (powers of two; register tiles of at most 8192 values, 16384 for
        the prenet half of `dec_in_proj` in the first layer's kernel)."""
        cfg = dec.cfg
        p, heads, dh = st.ring_k.shape[1], st.ring_k.shape[2], st.ring_k.shape[4]
        kw = st.mem_k.shape[3]
        key = (p, w, kw, st.out.shape[1], st.prev.dtype)
        c = self._sizes.get(key)
        if c is not None:
            return c
        d, ff, nm, dm = cfg.decoder_units, cfg.decoder_ffn_inner, cfg.n_mels, cfg.d_memory
        pre1, pre2 = cfg.decoder_prenet_units
        r = cfg.outputs_per_step * nm
        rnd = {torch.float32: 0, torch.float16: 1, torch.bfloat16: 2}.get(st.prev.dtype)
        if rnd is None:
            raise Unsupported(f"dtype {st.prev.dtype}")
        bd, bp1, bdh = _pow2(d), _pow2(pre1), _pow2(dh)
        if bdh * bd > 8192 or bp1 > 1024 or _pow2(w) * bdh > 8192:
            raise Unsupported(f"decoder too wide for the kernel's register tiles (units {d}, prenet {pre1})")
        c = dict(D=d, H=heads, DH=dh, FF=ff, W=w, KW=kw, NM=nm, DM=dm, PRE1=pre1, PRE2=pre2, R=r,
                 KSTEPS=st.out.shape[1], BD=bd, HG=max(1, min(_pow2(heads), 4096 // (bdh * bd))), BDH=bdh,
                 BW=_pow2(w), BP1=bp1,
                 FB=min(_pow2(ff), max(16, 8192 // bd)), FB2=min(_pow2(pre2), max(16, 8192 // bp1)),
                 FR=min(_pow2(r), max(16, 8192 // bd)), BK_P1=_bk(pre1, nm), BK_IN=_bk(d, dm),
                 EPS=float(dec.pnca[0].pnca_attn.layer_norm.eps), SCALE=1.0 / math.sqrt(dh), XSCALE=float(d**0.5),
                 ROUND=rnd, UNROLL=self.unroll)
        self._sizes[key] = c
        return c

    def __call__(self, dec: "MelDecoder", st: "_State", w: int) -> None:
        launch = self._launch_split if self.split else self._launch
        if st.prev.is_cuda:  # Triton launches on the current device: the slots' one
            with torch.cuda.device(st.prev.device):
                launch(dec, st, w)
        else:
            launch(dec, st, w)

    def split_sizes(self, dec: "MelDecoder", st: "_State", w: int) -> tuple[dict, dict, dict]:
        """The constants of the split step's attention, feed-forward and output kernels."""
        c = self.constants(dec, st, w)
        key = ("split", *(c[k] for k in ("D", "H", "FF", "W", "KW", "KSTEPS", "ROUND")))
        sizes = self._sizes.get(key)
        if sizes is not None:
            return sizes
        d, heads, ff = c["D"], c["H"], c["FF"]
        hg = min(_pow2(max(1, self.heads_per_program)), c["HG"], _pow2(heads))
        g = -(-heads // hg)
        fb = min(_pow2(max(16, self.units_per_program)), c["FB"])
        s = -(-ff // fb)
        common = {k: c[k] for k in ("D", "BD", "EPS", "ROUND", "UNROLL")}
        attn = dict(common, **{k: c[k] for k in ("H", "DH", "W", "KW", "NM", "DM", "PRE1", "PRE2", "BDH", "BW",
                                                 "BP1", "FB2", "BK_P1", "BK_IN", "SCALE", "XSCALE")},
                    G=g, S=s, BS=_pow2(s), HG=hg)
        ffn = dict(common, FF=ff, G=g, BG=_pow2(g), S=s, FS=fb, FB=fb)
        out = dict(common, S=s, BS=_pow2(s), NM=c["NM"], R=c["R"], KSTEPS=c["KSTEPS"], FR=c["FR"])
        sizes = (attn, ffn, out)
        self._sizes[key] = sizes
        return sizes

    def split_buffers(self, st: "_State", d: int, g: int, s: int) -> tuple[torch.Tensor, ...]:
        """(xin, xmid (P, d), attention partials (P, g, 2, d), feed-forward partials (P, s, d): fp32; each
        slot's copy of j (P,))."""
        p = st.t.shape[0]
        key = ("split", p, d, g, s, st.prev.device)
        bufs = self._buffers.get(key)
        if bufs is None:
            f32 = dict(device=st.prev.device, dtype=torch.float32)
            bufs = (torch.zeros(p, d, **f32), torch.zeros(p, d, **f32), torch.zeros(p, g, 2, d, **f32),
                    torch.zeros(p, s, d, **f32), torch.zeros(p, device=st.prev.device, dtype=torch.long))
            self._buffers[key] = bufs
        return bufs

    def _launch_split(self, dec: "MelDecoder", st: "_State", w: int) -> None:
        ca, cf, co = self.split_sizes(dec, st, w)
        xin, xmid, pa, pb, jrow = self.split_buffers(st, ca["D"], ca["G"], ca["S"])
        pre = dec.prenet.fcs
        head = (pre[0].weight, pre[0].bias, pre[3].weight, pre[3].bias, pre[6].weight, pre[6].bias,
                dec.dec_in_proj.weight, dec.dec_in_proj.bias)
        p = st.t.shape[0]
        wa, wf, wo = self.split_warps
        prev_b2 = dec.pnca[0].pos_ffn.w_2.bias  # (unused by the first layer)
        for li, blk in enumerate(dec.pnca):
            a, f = blk.pnca_attn, blk.pos_ffn
            _split_attn_kernel[(p, ca["G"])](
                xin, xmid, pa, pb, jrow, st.j, st.t, st.band, st.steps, st.ring_t, st.ring_k[li], st.ring_v[li],
                st.mem_k[li], st.mem_v[li], st.prev, st.memwin, *head, prev_b2, a.layer_norm.weight,
                a.layer_norm.bias, a.w_x_qkv.weight, a.w_x_qkv.bias, a.fc_x.weight, a.fc_h.weight, **ca,
                FIRST=li == 0, num_warps=wa)
            _split_ffn_kernel[(p, cf["S"])](
                xin, xmid, pa, pb, a.fc_x.bias, a.fc_h.bias, f.layer_norm.weight, f.layer_norm.bias, f.w_1.weight,
                f.w_1.bias, f.w_2.weight, **cf, num_warps=wf)
            prev_b2 = f.w_2.bias
        _split_out_kernel[(p,)](xmid, pb, jrow, st.j, st.t, st.active, st.out, st.prev, prev_b2, dec.ln.weight,
                                dec.ln.bias, dec.dec_out_proj.weight, dec.dec_out_proj.bias, **co, num_warps=wo)

    def _launch(self, dec: "MelDecoder", st: "_State", w: int) -> None:
        c = self.constants(dec, st, w)
        xbuf, jrow = self.buffers(st, c["D"])
        pre = dec.prenet.fcs
        head = (pre[0].weight, pre[0].bias, pre[3].weight, pre[3].bias, pre[6].weight, pre[6].bias,
                dec.dec_in_proj.weight, dec.dec_in_proj.bias)
        tail = (dec.ln.weight, dec.ln.bias, dec.dec_out_proj.weight, dec.dec_out_proj.bias)
        state = (xbuf, jrow, st.j, st.t, st.band, st.steps, st.active, st.ring_t)
        n_layers = len(dec.pnca)
        grid = (st.t.shape[0],)
        for li, blk in enumerate(dec.pnca):
            a, f = blk.pnca_attn, blk.pos_ffn
            layer = (a.layer_norm.weight, a.layer_norm.bias, a.w_x_qkv.weight, a.w_x_qkv.bias, a.fc_x.weight,
                     a.fc_x.bias, a.fc_h.weight, a.fc_h.bias, f.layer_norm.weight, f.layer_norm.bias,
                     f.w_1.weight, f.w_1.bias, f.w_2.weight, f.w_2.bias)
            last = li == n_layers - 1 and n_layers > 1  # with one layer the output is a kernel of its own
            _pnca_kernel[grid](*state, st.ring_k[li], st.ring_v[li], st.mem_k[li], st.mem_v[li], st.prev,
                               st.memwin, st.out, *head, *layer, *tail, **c, FIRST=li == 0, LAYER=True, LAST=last,
                               num_warps=self.num_warps)
        if n_layers == 1:
            _pnca_kernel[grid](*state, st.ring_k[0], st.ring_v[0], st.mem_k[0], st.mem_v[0], st.prev,
                               st.memwin, st.out, *head, *layer, *tail, **c, FIRST=False, LAYER=False, LAST=True,
                               num_warps=self.num_warps)


# ---------------------------------------------------------------------------------------------- checking
# the state a decoder step reads or writes (the rest of the slots' state is shared by the copies below)
STEP_FIELDS = ("j", "ring_t", "ring_k", "ring_v", "t", "active", "band", "steps", "offsets", "prev", "memwin",
               "mem_k", "mem_v", "out")


def ring_table(t: torch.Tensor, w: int) -> torch.Tensor:
    """(P,) steps -> (P, w) the step each ring entry holds before step t is decoded (-1: none yet), as
    decoding steps 0 .. t - 1 leaves it."""
    e = torch.arange(w, device=t.device)
    last = (t[:, None] - 1) - torch.remainder(t[:, None] - 1 - e, w)  # the latest step < t at each entry
    return torch.where(last >= 0, last, torch.full_like(last, -1))


def random_state(st: "_State", *, seed: int = 0, room: int = 4, t=None, band=None, steps=None,
                 active=None) -> "_State":
    """A copy of the slots' state (the parts a step touches) in a consistent random decoding situation, for
    checking a step function against `_step`: random keys, values, memory and previous frames; each slot at step
    `t` of a call of `steps` steps with `band` (given per slot, or random: some slots past their end, the last
    one empty when there are several), its ring entries holding what decoding steps 0 .. t - 1 put there; the
    step index j with `room` steps left in the advance."""
    from dataclasses import replace

    g = torch.Generator().manual_seed(seed)
    dev, dt = st.prev.device, st.prev.dtype
    p, w = st.ring_t.shape
    k = st.mem_k.shape[3] - w

    def rnd(x: torch.Tensor) -> torch.Tensor:
        return torch.randn(x.shape, generator=g).to(dev, dt)

    def given(values, default: torch.Tensor) -> torch.Tensor:
        return default if values is None else torch.as_tensor(values, dtype=torch.long)

    steps = given(steps, torch.randint(1, 4 * w, (p,), generator=g))
    band = given(band, torch.randint(0, w, (p,), generator=g))
    t = given(t, torch.minimum(torch.randint(0, 4 * w, (p,), generator=g), steps + 2))  # some past their end
    default_active = torch.ones(p, dtype=torch.long)
    if p > 1 and active is None:
        default_active[-1], t[-1] = 0, 0  # an empty slot: t = 0, nothing in its ring
    active = given(active, default_active)
    j = int(torch.randint(0, max(1, k - room + 1), (1,), generator=g))
    long = dict(device=dev, dtype=torch.long)
    return replace(
        st, j=torch.tensor([j], **long), ring_t=ring_table(t, w).to(**long), ring_k=rnd(st.ring_k),
        ring_v=rnd(st.ring_v), t=t.to(**long), active=active.to(**long), band=band.view(p, 1, 1).to(**long),
        steps=steps.view(p, 1, 1).to(**long), offsets=st.offsets.clone(), prev=rnd(st.prev), memwin=rnd(st.memwin),
        mem_k=rnd(st.mem_k), mem_v=rnd(st.mem_v), out=rnd(st.out))


@contextlib.contextmanager
def exact_fp32():
    """fp32 PyTorch ops in full fp32 for a while: cuDNN runs fp32 convolutions (the decoder's 1x1 feed-forward
    convs) in TF32 by default, about 1e-3 relative; the fused step computes in fp32."""
    conv, matmul = torch.backends.cudnn.allow_tf32, torch.backends.cuda.matmul.allow_tf32
    torch.backends.cudnn.allow_tf32 = torch.backends.cuda.matmul.allow_tf32 = False
    try:
        yield
    finally:
        torch.backends.cudnn.allow_tf32, torch.backends.cuda.matmul.allow_tf32 = conv, matmul


def clone_state(st: "_State") -> "_State":
    """A copy of the state a step touches (the rest shared)."""
    from dataclasses import replace

    return replace(st, **{name: getattr(st, name).clone() for name in STEP_FIELDS})


def compare(dec: "MelDecoder", st: "_State", w: int, step: Callable, *, steps: int = 3) -> dict[str, float]:
    """Run `steps` steps of `step` and of `_step` (in full fp32: `exact_fp32`) from two copies of `st`; -> the
    largest absolute differences of the decoder output rows and previous frames (active slots), the rings, and
    whether the indices (t, j, ring table) differ (1.0) or not; `<name>_scale`: the largest magnitude of
    `_step`'s values."""
    from ttsserve.pipeline.sambert_slots import _step

    a, b = clone_state(st), clone_state(st)
    steps = min(steps, st.out.shape[1] - int(st.j))  # the rows left in this advance's output
    for _ in range(steps):
        with exact_fp32():
            _step(dec, a, w)
        step(dec, b, w)
    act = a.active.bool()

    def diff(x: torch.Tensor, y: torch.Tensor) -> float:
        return (x.float() - y.float()).abs().max().item() if x.numel() else 0.0

    def scale(x: torch.Tensor) -> float:
        return x.float().abs().max().item() if x.numel() else 0.0

    return {
        "out": diff(a.out[act], b.out[act]), "prev": diff(a.prev[act], b.prev[act]),
        "ring_k": diff(a.ring_k, b.ring_k), "ring_v": diff(a.ring_v, b.ring_v),
        "indices": float(not (torch.equal(a.t, b.t) and torch.equal(a.j, b.j) and torch.equal(a.ring_t, b.ring_t))),
        "out_scale": scale(a.out[act]), "prev_scale": scale(a.prev[act]), "ring_k_scale": scale(a.ring_k),
        "ring_v_scale": scale(a.ring_v),
    }


def self_check(dec: "MelDecoder", st: "_State", w: int, step: Callable) -> None:
    """One short comparison of `step` against `_step` on a random state shaped like `st`; raises on a
    mismatch (a broken compilation on this device)."""
    diff = compare(dec, random_state(st), w, step, steps=2)
    tol = 1e-3 if st.prev.dtype == torch.float32 else 3e-2
    worst = max(diff[n] / max(1.0, diff[n + "_scale"]) for n in ("out", "prev", "ring_k", "ring_v"))
    if diff["indices"] or not math.isfinite(worst) or worst > tol:
        raise Unsupported(f"fused step disagrees with the eager step: {diff}")


def interpreted() -> bool:
    return os.environ.get("TRITON_INTERPRET") == "1"


def make_step(dec: "MelDecoder", st: "_State", w: int, mode: str, *, device: torch.device,
              fallback: Callable) -> Callable:
    """The step function for a slot decoder: the fused step or `fallback` by `mode` (auto | on | off)."""
    if mode not in MODES:
        raise ValueError(f"decoder_fused_step must be one of {', '.join(MODES)}, not {mode!r}")
    if mode == "off":
        return fallback
    try:
        if device.type != "cuda" and not (mode == "on" and interpreted()):  # (the interpreter: for tests)
            raise Unsupported(f"no CUDA device ({device.type})")
        step = FusedStep(dec)
        self_check(dec, st, w, step)  # compiles the kernels (outside any graph capture) and checks them
        return step
    except Exception as exc:  # noqa: BLE001 - Triton's compile errors have no common base class
        if mode == "on":
            raise
        if device.type == "cuda":
            log.warning("fused Sambert decoder step not used, decoding with the %s step: %s: %s",
                        getattr(fallback, "__name__", "eager"), type(exc).__name__, exc)
        else:
            log.debug("fused Sambert decoder step not used: %s", exc)
        return fallback
