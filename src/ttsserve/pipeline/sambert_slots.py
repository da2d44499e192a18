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
steps. The post-net (FSMN layers with a look-ahead, then an LSTM) runs on a window of the decoded frames wide
enough for its receptive field (`context` frames back, `lookahead` ahead) and carries its LSTM state from one
advance to the next, so a call's frames equal `Sambert.postnet` of its whole decoder output (float rounding of
differently shaped passes aside; tests/unit/test_sambert_slots.py holds both within 1e-5 in float32).

A call whose band does not fit the ring (`band + 1 > window`, a symbol longer than about 2 s) is decoded whole
by the stage's ordinary path and handed out in one piece. On a GPU the `steps_per_advance` steps are one
captured CUDA graph, kept in the worker's `CudaGraphCache` (charged its private pool); the slot state belongs to
the decoder, so an evicted graph is captured again from the same state.
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


@dataclass(eq=False)
class SlotCall:
    """One acoustic call decoded in a slot (or decoded whole, when its band does not fit the ring)."""

    durations: torch.Tensor  # (n_symbols,) int64 frames per symbol, on the host
    frames: int  # mel frames of the call
    steps: int  # decoder steps (frames / outputs_per_step, rounded up)
    slot: int = -1  # -1: decoded whole (`whole` holds its mel) or released
    decoded: int = 0  # steps decoded so far
    emitted: int = 0  # final mel frames handed out so far
    lstm_state: tuple[torch.Tensor, torch.Tensor] | None = None  # the post-net LSTM's (h, c) after `emitted`
    whole: torch.Tensor | None = None  # (frames, n_mels) float32 for a call decoded whole, until handed out
    done: bool = False  # every frame handed out (the slot is free)


@dataclass
class _State:
    """Device tensors of the decoder slots (the captured steps read and write only these)."""

    j: torch.Tensor  # (1,) long: step within the current advance
    ring_t: torch.Tensor  # (P, w) long: the step of its call each ring entry holds, -1 = none
    ring_k: torch.Tensor  # (L, P, H, w, dh)
    ring_v: torch.Tensor
    t: torch.Tensor  # (P,) long: the slot's own step index
    active: torch.Tensor  # (P,) long: 1 while a call occupies the slot
    band: torch.Tensor  # (P, 1, 1) long
    steps: torch.Tensor  # (P, 1, 1) long
    offsets: torch.Tensor  # (w,) long
    prev: torch.Tensor  # (P, 1, n_mels): the previous step's last frame
    memwin: torch.Tensor  # (P, k + w, d_mem): memory rows [t, t + k + w) of each slot, per advance
    mem_k: torch.Tensor  # (L, P, H, k + w, dh): their keys / values, per advance
    mem_v: torch.Tensor
    out: torch.Tensor  # (P, k, r * n_mels): this advance's decoder output

    def tensors(self) -> dict[str, torch.Tensor]:
        return dict(vars(self))

    def nbytes(self) -> int:
        return sum(t.numel() * t.element_size() for t in vars(self).values())


def _steps(dec: "MelDecoder", st: _State, w: int, k: int) -> None:
    """`k` decoder steps of every slot, with no host sync: capturable as one CUDA graph."""
    n_mels = dec.cfg.n_mels
    p, heads, dh = st.ring_k.shape[1], st.ring_k.shape[2], st.ring_k.shape[4]
    st.j.zero_()
    for _ in range(k):
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


@dataclass
class _Graph:
    graph: torch.cuda.CUDAGraph
    owner: "weakref.ref[SlotDecoder]"
    signature: tuple[int, ...]
    keep: list = field(default_factory=list)

    def stale(self) -> bool:
        owner = self.owner()
        return owner is None or owner._signature() != self.signature


class SlotDecoder:
    def __init__(self, stage: "SambertAcoustic", *, slots: int, steps_per_advance: int = 8, window: int = 64,
                 graphs: "CudaGraphCache | None" = None, use_graphs: bool = True) -> None:
        if slots < 1 or steps_per_advance < 1 or window < 2:
            raise ValueError("slots, steps_per_advance and window must be positive")
        self.stage = stage
        self.model: "Sambert" = stage.module
        self.cfg = self.model.cfg
        self.slots, self.k, self.w = slots, steps_per_advance, window
        self.device, self.dtype = stage.device, stage.dtype
        self.cache = graphs
        self.use_graphs = use_graphs and self.device.type == "cuda" and graphs is not None
        dec = self.model.decoder
        layers, heads, dh = len(dec.pnca), dec.pnca[0].heads, dec.pnca[0].d_head
        r, n_mels, d_mem = self.cfg.outputs_per_step, self.cfg.n_mels, self.cfg.d_memory
        p, w, k = slots, window, steps_per_advance
        long = dict(device=self.device, dtype=torch.long)
        flt = dict(device=self.device, dtype=self.dtype)
        self.st = _State(
            j=torch.zeros(1, **long), ring_t=torch.full((p, w), -1, **long),
            ring_k=torch.zeros(layers, p, heads, w, dh, **flt), ring_v=torch.zeros(layers, p, heads, w, dh, **flt),
            t=torch.zeros(p, **long), active=torch.zeros(p, **long),
            band=torch.zeros(p, 1, 1, **long), steps=torch.zeros(p, 1, 1, **long), offsets=torch.arange(w, **long),
            prev=torch.zeros(p, 1, n_mels, **flt), memwin=torch.zeros(p, k + w, d_mem, **flt),
            mem_k=torch.zeros(layers, p, heads, k + w, dh, **flt), mem_v=torch.zeros(layers, p, heads, k + w, dh, **flt),
            out=torch.zeros(p, k, r * n_mels, **flt),
        )
        # Per-slot banks, grown (to a power of two of steps) when a longer call arrives: the call's decoder memory,
        # and its decoded frames (k extra steps, so a slot that finished mid-advance writes past its end harmlessly).
        self._cap = 0
        self._mem_bank = torch.zeros(p, 0, d_mem, **flt)
        self._dec_bank = torch.zeros(p, 0, n_mels, **flt)
        self.calls: list[SlotCall | None] = [None] * p
        post = self.model.mel_postnet.fsmn.memory_block_lst
        self.context = sum(b.lp for b in post)  # past frames a post-net output depends on
        self.lookahead = sum(b.rp for b in post)  # future frames it depends on

    # ------------------------------------------------------------------ bookkeeping
    @property
    def free(self) -> int:
        return sum(c is None for c in self.calls)

    @property
    def busy(self) -> bool:
        return any(c is not None for c in self.calls)

    def nbytes(self) -> int:
        return self.st.nbytes() + sum(t.numel() * t.element_size() for t in (self._mem_bank, self._dec_bank))

    def _signature(self) -> tuple[int, ...]:
        return tuple(t.data_ptr() for t in self.model.decoder.parameters())

    def _grow(self, steps: int) -> None:
        if steps <= self._cap:
            return
        cap = max(64, 1 << (steps - 1).bit_length())
        r = self.cfg.outputs_per_step
        p = self.slots
        mem = self._mem_bank.new_zeros(p, cap + self.k + self.w, self._mem_bank.shape[-1])
        dec = self._dec_bank.new_zeros(p, (cap + self.k) * r, self._dec_bank.shape[-1])
        mem[:, : self._mem_bank.shape[1]] = self._mem_bank
        dec[:, : self._dec_bank.shape[1]] = self._dec_bank
        self._mem_bank, self._dec_bank, self._cap = mem, dec, cap

    # ------------------------------------------------------------------ calls join
    @torch.inference_mode()
    def begin(self, inputs: list[AcousticInput]) -> list[SlotCall]:
        """Encode `inputs` (at most `free` of them) and give each a slot. Durations are final from here on."""
        if len(inputs) > self.free:
            raise ValueError(f"{len(inputs)} calls for {self.free} free decoder slots")
        if not inputs:
            return []
        enc = self.stage.encode(inputs)
        m, r = self.model, self.cfg.outputs_per_step
        st = self.st
        steps, frames, bands = enc.steps.tolist(), enc.frames.tolist(), enc.band.tolist()  # one host sync
        self._grow(max(steps))
        out = []
        for i, inp in enumerate(inputs):
            n_frames = max(int(frames[i]), 1)
            call = SlotCall(durations=enc.durations[i, : len(inp.symbol_ids)].cpu(), frames=n_frames,
                            steps=int(steps[i]))
            if int(bands[i]) + 1 > self.w or call.steps == 0:  # does not fit the ring: the ordinary path, whole
                one = _select(enc, i)
                mel = m.postnet(self.stage.decode_whole(one), one.frames)
                call.whole = mel[0, :n_frames].float()
            else:
                p = self.calls.index(None)
                self.calls[p] = call
                call.slot = p
                s = call.steps
                self._mem_bank[p, :s] = enc.memory[i, :s]
                self._mem_bank[p, s:].zero_()
                st.ring_t[p] = -1
                st.t[p] = 0
                st.active[p] = 1
                st.band[p] = int(bands[i])
                st.steps[p] = s
                st.prev[p].zero_()
            out.append(call)
        return out

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

    # ------------------------------------------------------------------ one advance
    @torch.inference_mode()
    def advance(self) -> list[tuple[SlotCall, torch.Tensor]]:
        """Decode `steps_per_advance` steps of every occupied slot; -> (call, its new final mel frames
        (n, n_mels) float32 on the stage device) for every call that has new frames. A call whose last frames
        are in the list is done and its slot free."""
        ready: list[tuple[SlotCall, torch.Tensor]] = []
        decoding = [c for c in self.calls if c is not None and c.decoded < c.steps]
        if decoding:
            self._decode_steps()
            for c in decoding:
                c.decoded = min(c.steps, c.decoded + self.k)
        posting = [c for c in self.calls if c is not None and self._final_to(c) > c.emitted]
        if posting:
            ready.extend(zip(posting, self._postnet(posting)))
        for c in [c for c in self.calls if c is not None and c.decoded >= c.steps]:
            self._release(c)  # its last frames went out just now
            c.done = True
        return ready

    def take_whole(self, calls: list[SlotCall]) -> list[tuple[SlotCall, torch.Tensor]]:
        """The calls that `begin` decoded whole, with their mel (handed out once)."""
        out = []
        for c in calls:
            if c.whole is not None:
                out.append((c, c.whole))
                c.whole, c.done, c.emitted = None, True, c.frames
        return out

    def _final_to(self, c: SlotCall) -> int:
        """Frames the post-net can finish once `c.decoded` steps are decoded."""
        if c.decoded >= c.steps:
            return c.frames
        return max(0, min(c.decoded * self.cfg.outputs_per_step, c.frames) - self.lookahead)

    def _decode_steps(self) -> None:
        st, m, k, w = self.st, self.model, self.k, self.w
        dec = m.decoder
        # memory rows [t, t + k + w) of every slot and their keys / values, outside the captured steps
        rows = st.t[:, None] + torch.arange(k + w, device=self.device)  # (P, k + w)
        st.memwin.copy_(self._mem_bank.gather(1, rows[..., None].expand(-1, -1, st.memwin.shape[-1])))
        for li, blk in enumerate(dec.pnca):
            kh, vh = blk.memory_kv(st.memwin)
            st.mem_k[li].copy_(kh)
            st.mem_v[li].copy_(vh)
        t_before = st.t.clone()
        graph = None
        if self.use_graphs and self.cache.disabled(KIND) is None:
            try:
                graph = self._graph()
            except Exception as exc:  # noqa: BLE001 - the eager steps below are the same computation
                from ttsserve.pipeline.fastspeech2_graph import is_out_of_memory

                if is_out_of_memory(exc):
                    raise torch.cuda.OutOfMemoryError(str(exc)) from None
                reason = f"{type(exc).__name__}: {exc}"
                self.cache.disable(KIND, reason)
                log.warning("Sambert slot CUDA graphs switched off, decoding eagerly: %s", reason)
        if graph is not None:
            graph.replay()
            self.cache.count(replays=k)
        else:
            _steps(dec, st, w, k)
        r, n_mels = self.cfg.outputs_per_step, self.cfg.n_mels
        # this advance's output into each slot's decoded frames (one scatter; finished slots write past their end)
        pos = (t_before[:, None] * r + torch.arange(k * r, device=self.device))  # (P, k * r)
        self._dec_bank.scatter_(1, pos[..., None].expand(-1, -1, n_mels), st.out.reshape(self.slots, k * r, n_mels))

    def _graph(self) -> torch.cuda.CUDAGraph | None:
        cache = self.cache
        dec = self.model.decoder
        key = (KIND, id(self), self.slots, self.w, self.k, self.dtype, self.device.type, self.device.index)
        sig = self._signature()
        entry = cache.get(key, lambda e: e.owner() is self and e.signature == sig)
        if entry is not None:
            return entry.graph
        cache.purge(lambda _k, e: isinstance(e, _Graph) and e.stale())
        st = self.st
        saved = {name: t.clone() for name, t in st.tensors().items()}  # warm-up steps must not change the state
        try:
            side = torch.cuda.Stream(device=self.device)
            side.wait_stream(torch.cuda.current_stream(self.device))
            with torch.cuda.stream(side):
                _steps(dec, st, self.w, self.k)
            torch.cuda.current_stream(self.device).wait_stream(side)
            torch.cuda.synchronize(self.device)
        finally:
            for name, t in st.tensors().items():
                t.copy_(saved[name])
            del saved
        torch.cuda.empty_cache()
        before = torch.cuda.memory_reserved(self.device)
        graph = torch.cuda.CUDAGraph()
        with torch.cuda.graph(graph):
            _steps(dec, st, self.w, self.k)
        torch.cuda.current_stream(self.device).synchronize()
        pool = max(torch.cuda.memory_reserved(self.device) - before, 0)
        cache.put(key, _Graph(graph, weakref.ref(self), sig), pool)
        return graph

    def _postnet(self, calls: list[SlotCall]) -> list[torch.Tensor]:
        """New final frames of `calls` (each from `emitted` to what its decoded frames allow), in one batched
        pass: a window of decoded frames per call wide enough for the FSMN's receptive field, then the LSTM over
        the new frames only, from each call's carried state."""
        post = self.model.mel_postnet
        ctx, la = self.context, self.lookahead
        news = [self._final_to(c) - c.emitted for c in calls]
        width = ctx + max(news) + la
        starts = torch.tensor([c.emitted - ctx for c in calls], device=self.device)
        pos = starts[:, None] + torch.arange(width, device=self.device)  # (B, width)
        frames = torch.tensor([c.frames for c in calls], device=self.device)
        pad = (pos < 0) | (pos >= frames[:, None])  # outside the call: what the whole-utterance pass sees as zeros
        slots = torch.tensor([c.slot for c in calls], device=self.device)
        bank = self._dec_bank[slots]  # (B, cap_frames, n_mels)
        x = bank.gather(1, pos.clamp(0, bank.shape[1] - 1)[..., None].expand(-1, -1, bank.shape[-1]))
        x = x.masked_fill(pad[..., None], 0.0)
        h = post.fsmn(x, pad)[:, ctx : ctx + max(news)]  # (B, n_max, memory units)
        h0, c0 = self._lstm_states(calls, post.lstm)
        lengths = torch.tensor(news)
        packed = torch.nn.utils.rnn.pack_padded_sequence(h, lengths, batch_first=True, enforce_sorted=False)
        y, (hn, cn) = post.lstm(packed, (h0, c0))
        y, _ = torch.nn.utils.rnn.pad_packed_sequence(y, batch_first=True, total_length=max(news))
        mel = x[:, ctx : ctx + max(news)] + post.fc(y)
        out = []
        for i, (c, n) in enumerate(zip(calls, news)):
            c.lstm_state = (hn[:, i : i + 1], cn[:, i : i + 1])
            c.emitted += n
            out.append(mel[i, :n].float())
        return out

    def _lstm_states(self, calls: list[SlotCall], lstm: torch.nn.LSTM) -> tuple[torch.Tensor, torch.Tensor]:
        zeros = torch.zeros(lstm.num_layers, 1, lstm.hidden_size, device=self.device, dtype=self.dtype)
        hs = [c.lstm_state[0] if c.lstm_state is not None else zeros for c in calls]
        cs = [c.lstm_state[1] if c.lstm_state is not None else zeros for c in calls]
        return torch.cat(hs, dim=1).contiguous(), torch.cat(cs, dim=1).contiguous()


def _select(enc, i: int):
    """Item i of an `Encoded` batch as a batch of one (its memory cut to its own steps)."""
    from ttsserve.pipeline.sambert import Encoded

    s = int(enc.steps[i])
    return Encoded(memory=enc.memory[i : i + 1, :s], steps=enc.steps[i : i + 1], frames=enc.frames[i : i + 1],
                   band=enc.band[i : i + 1], durations=enc.durations[i : i + 1], log_durations=enc.log_durations[i : i + 1],
                   pitch=enc.pitch[i : i + 1], energy=enc.energy[i : i + 1])
