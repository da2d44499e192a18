"""Sambert decoding in slots: acoustic calls join and leave a running decoder batch, and their mel frames come
out a few decoder steps at a time, so the vocoder can start on a call long before its last step.

A `SlotDecoder` holds a fixed number of slots (`slots`, so the step keeps one shape and CUDA graphs apply). The
scheduler calls `begin(inputs)` to encode new calls (text encoder, variance adaptor: durations are known from
here on) into free slots, and `advance()` once per iteration: every occupied slot runs `steps_per_advance`
decoder steps together, the post-net turns the newly decoded frames into final mel frames, and each call's new
frames are handed out. A call leaves its slot with its last frames; `cancel` frees a slot at once.

Exactness: the decoder's self-attention sees steps [t - band, t] of its own call and its cross-attention memory
steps [t, t + band]. Each slot keeps its call's keys in a ring of `window` entries, step t at entry t % window,
with a table of which step each entry holds (reset when a call joins), which is `Sambert.decode`'s ring and
mask: the entries sit in the same order whatever the other slots do, so a call's frames do not depend on
when it joined or who else decodes. The memory window
(`steps_per_advance + window` rows per slot) and its keys/values are gathered once per advance, outside the
steps. The post-net (FSMN layers with a look-ahead, then an LSTM) runs incrementally: each FSMN layer keeps the last
`lp + rp` frames of its memory block's input and the last `rp` frames of its own input (the residual), so an
advance computes every layer on its `k * r` new frames only, layer i lagging the one after it by `rp` frames
(the lag adds up to the look-ahead); the LSTM carries its state from one chunk to the next. So a call's frames
equal `Sambert.postnet` of its whole decoder output (float rounding of differently shaped passes aside;
tests/unit/test_sambert_slots.py holds both within 1e-5 in float32). (Until session 34 every advance ran the
FSMN over a window of its whole receptive field, 184 frames for 24 new ones; measured on one H100, 32 streams of
distill-baker: steady passes 657-731x against 600-688x, bench/results/session34_h100/postnet_ab.)

A call that does not fit a slot (its band wider than the ring, `band + 1 > window`: a symbol longer than about 2 s;
or more than `max_steps` decoder steps) is decoded whole by the stage's ordinary path and handed out in one piece.
Every shape is fixed by (slots, window, steps_per_advance, max_steps), so on a GPU a whole advance (memory window,
the steps, the post-net chunk) is one captured CUDA graph, kept in the worker's `CudaGraphCache` (its intermediates
in the device's shared graph pool, charged the pool's growth); the slot state belongs to the decoder, so an evicted
graph is captured again from the same state. A chunk of `k * r` frames is final one advance after it was decoded
(the post-net looks `lookahead` frames ahead), so a call's first frames come after two advances; the advance that
only finishes the last chunks (every occupied slot has decoded all its steps) runs the post-net alone, a graph of
its own.

The decoder step is `_step` (PyTorch ops; optionally torch.compile'd) or, on a GPU with Triton, the fused step of
`sambert_fused` (two kernels per decoder layer, several programs per slot), chosen by `fused_step` (auto | on | off); a fused step that does
not capture is replaced by the ordinary one before graphs are given up.
"""

from __future__ import annotations

import logging
import weakref
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import torch
import torch.nn.functional as F

from ttsserve.pipeline.base import AcousticInput

if TYPE_CHECKING:
    from ttsserve.engine.graphs import CudaGraphCache
    from ttsserve.pipeline.sambert import MelDecoder, Sambert, SambertAcoustic

log = logging.getLogger(__name__)

KIND = "sambert-slots"  # first element of this module's graph-cache keys
WINDOW_QUANTUM = 8  # a one-slot decoder without graphs sizes its ring to the call's band in steps of this


@dataclass(eq=False)
class SlotCall:
    """One acoustic call decoded in a slot (or decoded whole, when it does not fit a slot)."""

    durations: torch.Tensor  # (n_symbols,) int64 frames per symbol, on the host
    frames: int  # mel frames of the call
    steps: int  # decoder steps (frames / outputs_per_step, rounded up)
    slot: int = -1  # -1: decoded whole (`whole` holds its mel) or released
    advances: int = 0  # advances the call has been through
    emitted: int = 0  # final mel frames handed out so far
    whole: torch.Tensor | None = None  # (frames, n_mels) float32 for a call decoded whole, until handed out
    done: bool = False  # every frame handed out (the slot is free)


@dataclass
class _State:
    """Device tensors of the decoder slots: the captured advance reads and writes only these."""

    j: torch.Tensor  # (1,) long: step within the current advance
    ring_t: torch.Tensor  # (P, w) long: the step of its call each ring entry holds, -1 = none
    ring_k: torch.Tensor  # (L, P, H, w, dh)
    ring_v: torch.Tensor
    t: torch.Tensor  # (P,) long: the slot's own step index
    adv: torch.Tensor  # (P,) long: advances of the slot's call so far
    active: torch.Tensor  # (P,) long: 1 while a call occupies the slot
    band: torch.Tensor  # (P, 1, 1) long
    steps: torch.Tensor  # (P, 1, 1) long
    frames: torch.Tensor  # (P, 1) long: mel frames of the slot's call
    offsets: torch.Tensor  # (w,) long
    window_rows: torch.Tensor  # (k + w,) long
    chunk_pos: torch.Tensor  # (k * r,) long
    prev: torch.Tensor  # (P, 1, n_mels): the previous step's last frame
    mem_bank: torch.Tensor  # (P, cap + k + w, d_mem): each slot's decoder memory (zero beyond its steps)
    dec_bank: torch.Tensor  # (P, bank frames, n_mels): each slot's decoded frames before the post-net
    memwin: torch.Tensor  # (P, k + w, d_mem): memory rows [t, t + k + w) of each slot, per advance
    mem_k: torch.Tensor  # (L, P, H, k + w, dh): their keys / values, per advance
    mem_v: torch.Tensor
    out: torch.Tensor  # (P, k, r * n_mels): this advance's decoder output
    post_m: torch.Tensor  # (fsmn layers, P, lp + rp, d_memory): each FSMN layer's last memory-block inputs
    post_x: torch.Tensor  # (fsmn layers, P, rp, d_memory): each residual FSMN layer's last inputs
    post_h: torch.Tensor  # (layers, P, units): the post-net LSTM's state after the frames handed out
    post_c: torch.Tensor
    mel: torch.Tensor  # (P, k * r, n_mels): the final frames of this advance's chunk

    def tensors(self) -> dict[str, torch.Tensor]:
        return dict(vars(self))

    def nbytes(self) -> int:
        return sum(t.numel() * t.element_size() for t in vars(self).values())


def _step(dec: "MelDecoder", st: _State, w: int) -> None:
    """One decoder step of every slot, with no host sync and no host-side step index: capturable."""
    n_mels = dec.cfg.n_mels
    p, heads, dh = st.ring_k.shape[1], st.ring_k.shape[2], st.ring_k.shape[4]
    j = st.j
    entry = torch.remainder(st.t, w)[:, None]  # (P, 1): each slot's ring entry for its step t, as decode's
    st.ring_t.scatter_(1, entry, st.t[:, None])
    where = entry.view(p, 1, 1, 1).expand(p, heads, 1, dh)
    x_ok = ((st.ring_t >= 0) & (st.ring_t >= st.t[:, None] - st.band[:, 0]))[:, None]  # (P, 1, w)
    h_ok = (st.offsets <= st.band) & (st.t[:, None, None] + st.offsets < st.steps)  # (P, 1, w)
    h_ok = h_ok | ~h_ok.any(-1, keepdim=True)  # a slot past its end or empty: any finite row, output unused
    x = dec.step_input(st.prev, st.memwin.index_select(1, j))  # (P, 1, d)
    rows = j + st.offsets  # memory window rows of this step
    for li, blk in enumerate(dec.pnca):
        q, kk, v = blk.qkv(x)
        st.ring_k[li].scatter_(2, where, kk)
        st.ring_v[li].scatter_(2, where, v)
        kh, vh = st.mem_k[li].index_select(2, rows), st.mem_v[li].index_select(2, rows)
        x = blk.attend(x, q, st.ring_k[li], st.ring_v[li], x_ok, kh, vh, h_ok)
    y = dec.dec_out_proj(dec.ln(x))  # (P, 1, r * n_mels)
    st.out.index_copy_(1, j, y)
    st.prev.copy_(y[..., -n_mels:])
    st.t.add_(st.active)
    j.add_(1)


def _advance(model: "Sambert", st: _State, w: int, k: int, step=_step, decode: bool = True) -> None:
    """One advance of every slot, with no host sync (capturable as one CUDA graph): the memory window and its
    keys/values, `k` decoder steps, their frames into the slots' banks, and the post-net over the chunk of
    `k * r` frames that the decoded frames now fix: chunk `adv - 1` (the post-net looks `lookahead` <= k * r
    frames ahead, so a chunk is final one advance after it was decoded). `decode=False`: the post-net only (a
    flush: every occupied slot has decoded all its steps, and only its last chunk is left to finish)."""
    dec = model.decoder
    r, n_mels = dec.cfg.outputs_per_step, dec.cfg.n_mels
    p, kr = st.t.shape[0], k * r
    if decode:
        # memory rows [t, t + k + w) of every slot and their keys / values
        rows = st.t[:, None] + st.window_rows  # (P, k + w)
        st.memwin.copy_(st.mem_bank.gather(1, rows[..., None].expand(-1, -1, st.memwin.shape[-1])))
        for li, blk in enumerate(dec.pnca):
            kh, vh = blk.memory_kv(st.memwin)
            st.mem_k[li].copy_(kh)
            st.mem_v[li].copy_(vh)
        first = st.t * r  # (P,) the first frame this advance decodes
        st.j.zero_()
        for _ in range(k):
            step(dec, st, w)
        pos = first[:, None] + st.chunk_pos  # (P, k * r); a slot past its end writes beyond it, harmlessly
        st.dec_bank.scatter_(1, pos[..., None].expand(-1, -1, n_mels), st.out.reshape(p, kr, n_mels))
    _postnet_chunk(model, st, kr)
    st.adv.add_(st.active)


def _postnet_chunk(model: "Sambert", st: _State, kr: int) -> None:
    """The post-net's chunk `adv - 1` of every slot: frames [c, c + kr), c = (adv - 1) * kr, from the decoded
    frames up to c + kr + lookahead. FSMN layer i (of L, each with look-back `lp` and look-ahead `rp`) computes
    its output frames [c + (L-1-i) * rp, + kr) from the `kr` new input frames the layer before it produced this
    advance and the `lp + rp` it kept from earlier ones; frames outside the call are zeros at every layer, as
    the whole-utterance pass sees them (`Sambert.postnet`'s padding mask)."""
    post = model.mel_postnet
    n_mels = model.cfg.n_mels
    blocks, ffns = post.fsmn.memory_block_lst, post.fsmn.ffn_lst
    n, lp, rp = len(blocks), blocks[0].lp, blocks[0].rp
    c = (st.adv - 1) * kr  # (P,)

    def frames(offset: int) -> tuple[torch.Tensor, torch.Tensor]:  # positions c + offset + [0, kr), outside?
        pos = (c + offset)[:, None] + st.chunk_pos
        return pos, ((pos < 0) | (pos >= st.frames))[..., None]

    def decoded(offset: int) -> torch.Tensor:  # decoded frames at c + offset + [0, kr), zeros outside the call
        pos, out = frames(offset)
        idx = pos.clamp(0, st.dec_bank.shape[1] - 1)[..., None].expand(-1, -1, n_mels)
        return st.dec_bank.gather(1, idx).masked_fill(out, 0.0)

    x = decoded(n * rp)  # the first layer's new input frames
    for i, (ffn, blk) in enumerate(zip(ffns, blocks)):
        lag = (n - 1 - i) * rp  # this layer's output frames start at c + lag; its new inputs at c + lag + rp
        m = torch.cat([st.post_m[i], ffn(x).masked_fill(frames(lag + rp)[1], 0.0)], dim=1)  # (P, lp + rp + kr, d)
        y = blk.conv_dw(m.transpose(1, 2)).transpose(1, 2) + m[:, lp : lp + kr]
        y = y.masked_fill(frames(lag)[1], 0.0)
        st.post_m[i].copy_(m[:, kr:])
        if y.shape[-1] == x.shape[-1]:  # a residual layer: its input at its output frames
            xs = torch.cat([st.post_x[i], x], dim=1)
            y = y + xs[:, :kr]
            st.post_x[i].copy_(xs[:, kr:])
        x = y
    h, (hn, cn) = post.lstm(x, (st.post_h, st.post_c))
    st.mel.copy_(decoded(0) + post.fc(h))
    moved = ((st.adv >= 1) & (st.active > 0))[None, :, None]  # slots whose chunk this was
    st.post_h.copy_(torch.where(moved, hn, st.post_h))
    st.post_c.copy_(torch.where(moved, cn, st.post_c))


@dataclass
class _Graph:
    graph: torch.cuda.CUDAGraph
    owner: "weakref.ref[SlotDecoder]"
    signature: tuple[int, ...]

    def stale(self) -> bool:
        owner = self.owner()
        return owner is None or owner._signature() != self.signature


class SlotDecoder:
    def __init__(self, stage: "SambertAcoustic", *, slots: int, steps_per_advance: int = 8, window: int = 64,
                 max_steps: int = 1024, graphs: "CudaGraphCache | None" = None, use_graphs: bool = True,
                 compile_step: bool = False, fused_step: str = "auto") -> None:
        if slots < 1 or steps_per_advance < 1 or window < 2 or max_steps < 1:
            raise ValueError("slots, steps_per_advance, window and max_steps must be positive")
        self.stage = stage
        self.model: "Sambert" = stage.module
        self.cfg = self.model.cfg
        self.slots, self.k, self.w, self.max_steps = slots, steps_per_advance, window, max_steps
        self.max_window = window
        self.device, self.dtype = stage.device, stage.dtype
        self.cache = graphs
        self.use_graphs = use_graphs and self.device.type == "cuda" and graphs is not None
        # torch.compile (inductor) of the step, captured in the same graph: fewer, fused kernels per step
        self.fallback_step = torch.compile(_step, fullgraph=True, dynamic=False) if compile_step else _step
        self.step_fn = self.fallback_step
        post = self.model.mel_postnet
        blocks = post.fsmn.memory_block_lst
        if len({(b.lp, b.rp) for b in blocks}) != 1:
            raise ValueError("the post-net's FSMN layers must share one look-back and look-ahead")
        self.lookahead = sum(b.rp for b in blocks)  # future frames a post-net output depends on
        self.chunk = steps_per_advance * self.cfg.outputs_per_step  # frames per post-net chunk: one advance's worth
        if self.lookahead > self.chunk:
            raise ValueError(f"steps_per_advance {steps_per_advance} too small: the post-net looks "
                             f"{self.lookahead} frames ahead")
        self.st = self._allocate(window)
        self.calls: list[SlotCall | None] = [None] * slots
        # the fused Triton step (pipeline/sambert_fused.py) where it applies: `fused_step` auto | on | off
        from ttsserve.pipeline.sambert_fused import make_step

        with torch.inference_mode():
            self.step_fn = make_step(self.model.decoder, self.st, self.w, fused_step, device=self.device,
                                     fallback=self.fallback_step)
        self.fused_mode = fused_step
        self.fused = self.step_fn is not self.fallback_step  # whether the fused step decodes

    def _allocate(self, w: int) -> _State:
        """The slots' device state for a ring (and memory window) of `w` steps."""
        self.w = w
        dec, post = self.model.decoder, self.model.mel_postnet
        layers, heads, dh = len(dec.pnca), dec.pnca[0].heads, dec.pnca[0].d_head
        r, n_mels, d_mem = self.cfg.outputs_per_step, self.cfg.n_mels, self.cfg.d_memory
        p, k, kr, max_steps = self.slots, self.k, self.chunk, self.max_steps
        long = dict(device=self.device, dtype=torch.long)
        flt = dict(device=self.device, dtype=self.dtype)
        lstm, fsmn = post.lstm, post.fsmn
        lp, rp = fsmn.memory_block_lst[0].lp, fsmn.memory_block_lst[0].rp
        d_fsmn = fsmn.memory_block_lst[0].conv_dw.out_channels
        bank_frames = (max_steps + 2 * k) * r + self.lookahead
        # A call's last advance starts at step ceil(steps / k) * k <= max_steps + k - 1 and, when another slot
        # still decodes, reads memory rows up to k + w beyond it: rows past the call's steps are zeros.
        bank_steps = max_steps + 2 * k + w
        return _State(
            j=torch.zeros(1, **long), ring_t=torch.full((p, w), -1, **long),
            ring_k=torch.zeros(layers, p, heads, w, dh, **flt), ring_v=torch.zeros(layers, p, heads, w, dh, **flt),
            t=torch.zeros(p, **long), adv=torch.zeros(p, **long), active=torch.zeros(p, **long),
            band=torch.zeros(p, 1, 1, **long), steps=torch.zeros(p, 1, 1, **long), frames=torch.zeros(p, 1, **long),
            offsets=torch.arange(w, **long), window_rows=torch.arange(k + w, **long), chunk_pos=torch.arange(kr, **long),
            prev=torch.zeros(p, 1, n_mels, **flt), mem_bank=torch.zeros(p, bank_steps, d_mem, **flt),
            dec_bank=torch.zeros(p, bank_frames, n_mels, **flt), memwin=torch.zeros(p, k + w, d_mem, **flt),
            mem_k=torch.zeros(layers, p, heads, k + w, dh, **flt), mem_v=torch.zeros(layers, p, heads, k + w, dh, **flt),
            out=torch.zeros(p, k, r * n_mels, **flt),
            post_m=torch.zeros(len(fsmn.memory_block_lst), p, lp + rp, d_fsmn, **flt),
            post_x=torch.zeros(len(fsmn.memory_block_lst), p, rp, d_fsmn, **flt),
            post_h=torch.zeros(lstm.num_layers, p, lstm.hidden_size, **flt),
            post_c=torch.zeros(lstm.num_layers, p, lstm.hidden_size, **flt),
            mel=torch.zeros(p, kr, n_mels, **flt),
        )

    # ------------------------------------------------------------------ bookkeeping
    @property
    def free(self) -> int:
        return sum(c is None for c in self.calls)

    @property
    def busy(self) -> bool:
        return any(c is not None for c in self.calls)

    def nbytes(self) -> int:
        return self.st.nbytes()

    def _signature(self) -> tuple[int, ...]:
        """Where the model's weights are now (a captured graph reads them there; a voice moved off the GPU and
        back has them elsewhere); the tensors listed once per model, as for the other graphs."""
        from ttsserve.pipeline.fastspeech2_graph import _param_signature

        return _param_signature(self.model)

    # ------------------------------------------------------------------ calls join
    @torch.inference_mode()
    def begin(self, inputs: list[AcousticInput]) -> list[SlotCall]:
        """Encode `inputs` (at most `free` of them) and give each a slot. Durations are final from here on."""
        if len(inputs) > self.free:
            raise ValueError(f"{len(inputs)} calls for {self.free} free decoder slots")
        if not inputs:
            return []
        enc = self.stage.encode(inputs)
        m = self.model
        st = self.st
        host = enc.host_values()  # what the host needs of every call, read by the encoder already
        steps, frames, bands, durations = host[:, 0].tolist(), host[:, 1].tolist(), host[:, 2].tolist(), host[:, 3:]
        if not self.use_graphs and self.slots == 1 and not self.busy:
            # One slot without graphs (a CPU): the ring fits this call's band (the attention's work follows it,
            # as in `Sambert.decode`), in steps of WINDOW_QUANTUM; up to the configured window.
            fit = min(self.max_window, -(-(int(bands[0]) + 1) // WINDOW_QUANTUM) * WINDOW_QUANTUM)
            if fit != self.w:
                self.st = st = self._allocate(fit)
        out, placed = [], []
        for i, inp in enumerate(inputs):
            n_frames = max(int(frames[i]), 1)
            call = SlotCall(durations=durations[i, : len(inp.symbol_ids)].clone(), frames=n_frames,
                            steps=int(steps[i]))
            s = call.steps
            if int(bands[i]) + 1 > self.max_window or s > self.max_steps or s == 0:  # does not fit a slot: whole
                one = _select(enc, i)
                mel = m.postnet(self.stage.decode_whole(one), one.frames)
                call.whole = mel[0, :n_frames].float()
            else:
                p = self.calls.index(None)
                self.calls[p] = call
                call.slot = p
                placed.append((i, p, int(bands[i])))
            out.append(call)
        if placed:
            self._start(enc, placed, out)
        return out

    def _start(self, enc, placed: list[tuple[int, int, int]], calls: list[SlotCall]) -> None:
        """The placed calls' slot state, every slot at once: (input index, slot, band) each. A dozen writes for the
        group, where one call's writes, a dozen per call, were each a launch and some Python (a group of 8 calls
        joining busy slots made ~110 of them)."""
        st = self.st
        n = len(placed)
        rows = [i for i, _, _ in placed]
        # the slots, the calls' rows in the batch, their steps, frames and bands: one host -> device copy, from pinned
        # memory, queued behind the work before it (a Python list as an index would be a pageable copy, which waits)
        host = torch.tensor([[p for _, p, _ in placed], rows, [calls[i].steps for i in rows],
                             [calls[i].frames for i in rows], [b for _, _, b in placed]], dtype=torch.long)
        dev = st.mem_bank.device
        vals = host.pin_memory().to(dev, non_blocking=True) if dev.type == "cuda" else host
        slots, steps = vals[0], vals[2]
        bank = st.mem_bank.shape[1]
        width = min(enc.memory.shape[1], bank)
        memory = enc.memory.index_select(0, vals[1])[:, :width]
        mine = torch.arange(width, device=dev)[None, :] < steps[:, None]  # each call's own steps; zeros after
        block = memory.new_zeros(n, bank, memory.shape[-1])
        block[:, :width] = memory.masked_fill(~mine[..., None], 0.0)
        st.mem_bank.index_copy_(0, slots, block.to(st.mem_bank.dtype))
        st.ring_t.index_fill_(0, slots, -1)
        for t in (st.t, st.adv, st.prev):
            t.index_fill_(0, slots, 0)
        st.active.index_fill_(0, slots, 1)
        st.steps.index_copy_(0, slots, steps.view(n, 1, 1))
        st.frames.index_copy_(0, slots, vals[3].view(n, 1))
        st.band.index_copy_(0, slots, vals[4].view(n, 1, 1))
        for t in (st.post_m, st.post_x, st.post_h, st.post_c):
            t.index_fill_(1, slots, 0)

    def cancel(self, call: SlotCall) -> None:
        """Free the call's slot (a cancelled job); its remaining frames are never made."""
        if call.slot >= 0:
            self._release(call)
        call.whole, call.done = None, True

    def _release(self, call: SlotCall) -> None:
        p = call.slot
        self.calls[p] = None
        call.slot = -1
        self.st.active[p] = 0
        self.st.t[p] = 0

    def take_whole(self, calls: list[SlotCall]) -> list[tuple[SlotCall, torch.Tensor]]:
        """The calls that `begin` decoded whole, with their mel (handed out once)."""
        out = []
        for c in calls:
            if c.whole is not None:
                out.append((c, c.whole))
                c.whole, c.done, c.emitted = None, True, c.frames
        return out

    # ------------------------------------------------------------------ one advance
    @torch.inference_mode()
    def advance(self) -> list[tuple[SlotCall, torch.Tensor]]:
        """`steps_per_advance` decoder steps of every occupied slot, and the post-net over the chunk that is
        final now; -> (call, its new final mel frames (n, n_mels) float32 on the stage device) for every call
        with new frames. A call whose last frames are in the list is done and its slot free."""
        occupied = [c for c in self.calls if c is not None]
        if not occupied:
            return []
        # every call's steps decoded already: only the last chunk's post-net is left (no decoder steps for nothing)
        self._run(decode=any(c.advances * self.k < c.steps for c in occupied))
        mel = self.st.mel.to(torch.float32, copy=True)  # the next advance overwrites the static output
        ready = []
        kr = self.chunk
        for c in occupied:
            chunk = c.advances - 1
            c.advances += 1
            if chunk < 0:
                continue
            n = min(kr, c.frames - chunk * kr)
            ready.append((c, mel[c.slot, :n]))
            c.emitted += n
            if c.emitted >= c.frames:
                self._release(c)
                c.done = True
        return ready

    def _run(self, decode: bool = True) -> None:
        graph = None
        for _attempt in range(2):  # a second one with the ordinary step when the fused one does not capture
            if not self.use_graphs or self.cache.disabled(KIND) is not None:
                break
            try:
                graph = self._graph(decode)
                break
            except Exception as exc:  # noqa: BLE001 - the eager advance below is the same computation
                from ttsserve.pipeline.fastspeech2_graph import is_out_of_memory

                if is_out_of_memory(exc):
                    raise torch.cuda.OutOfMemoryError(str(exc)) from None
                reason = f"{type(exc).__name__}: {exc}"
                if self.fused and decode:  # the fused step did not capture: the ordinary step, still graphed, next
                    log.warning("fused Sambert decoder step not capturable, using the ordinary step: %s", reason)
                    self.step_fn, self.fused = self.fallback_step, False
                    continue
                self.cache.disable(KIND, reason)
                log.warning("Sambert slot CUDA graphs switched off, decoding eagerly: %s", reason)
                break
        if graph is not None:
            graph.replay()
            self.cache.count(replays=1)
        else:
            _advance(self.model, self.st, self.w, self.k, self.step_fn, decode)

    def _graph(self, decode: bool = True) -> torch.cuda.CUDAGraph | None:
        cache = self.cache
        key = (KIND, id(self), self.slots, self.w, self.k, self.dtype, self.device.type, self.device.index,
               self.fused, decode)
        sig = self._signature()
        entry = cache.get(key, lambda e: e.owner() is self and e.signature == sig)
        if entry is not None:
            return entry.graph
        cache.purge(lambda _k, e: isinstance(e, _Graph) and e.stale())
        from ttsserve.pipeline import fastspeech2_graph as fg

        st = self.st
        saved = {name: t.clone() for name, t in st.tensors().items()}  # warm-up must not change the state
        st.active.zero_()  # and runs with no slot moving on (its reads stay where a real advance's are)
        try:
            # into the device's shared pool (with FastSpeech2's and the vocoders' graphs): the advance's
            # intermediates are dead when its replay ends, and its outputs are the slots' state, outside the pool
            graph, growth = fg._record(
                self.model, st, lambda m, s: _advance(m, s, self.w, self.k, self.step_fn, decode),
                self.device, cache)
        finally:
            for name, t in st.tensors().items():
                t.copy_(saved[name])
            del saved
        # the slots' state is charged once, to the decoding graph (the post-net-only one shares it)
        cache.put(key, _Graph(graph, weakref.ref(self), sig), self.st.nbytes() if decode else 0,
                  pool=fg._pool_name(self.device), pool_growth=growth)
        return graph


def _select(enc, i: int):
    """Item i of an `Encoded` batch as a batch of one (its memory cut to its own steps)."""
    from ttsserve.pipeline.sambert import Encoded

    host = enc.host_values()[i : i + 1]
    s = int(host[0, 0])
    return Encoded(memory=enc.memory[i : i + 1, :s], steps=enc.steps[i : i + 1], frames=enc.frames[i : i + 1],
                   band=enc.band[i : i + 1], durations=enc.durations[i : i + 1], log_durations=enc.log_durations[i : i + 1],
                   pitch=enc.pitch[i : i + 1], energy=enc.energy[i : i + 1], host=host)
