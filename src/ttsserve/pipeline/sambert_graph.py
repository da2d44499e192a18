"""CUDA-graph decoding for Sambert's bounded PNCA decoder.

`Sambert.decode` launches a few hundred small kernels per decoder step (12 PNCA layers of layer norms, small
GEMMs, masks and softmaxes) from Python; on a GPU the launch and interpreter overhead of those kernels, not
their arithmetic, sets the time per step. Because the decoder's K/V cache is a ring of `w = band.max() + 1`
slots and its cross-attention reads a window of `w` memory steps, every tensor a step touches has a shape
fixed by (B, w) alone, so one step is captured once as a CUDA graph and replayed S times.

All per-step state lives in static device tensors owned by a cached `_GraphEntry`:
  ring K/V (layers, B, H, w, dh), the slot -> step table (w,), the step index `t` as a (1,) device tensor,
  the previous frame (B, 1, n_mels), the decoder memory (B, cap, d_mem) and its per-layer K/V padded by w
  rows (layers, B, H, cap + w, dh), per-item band and step counts, and the output (B, cap, r * n_mels).
The captured step reads `t`, derives the ring slot and the masks on the device, runs the layers (ring write
by `index_copy_` at the device-side slot, memory window by `index_select`), writes its output row at `t`
and increments `t` itself, so a replay needs no host -> device copy. Per utterance batch only the memory,
its K/V (computed eagerly, as `decode` does), band and step counts are copied in, and the state is reset.

Graphs live in a `CudaGraphCache` (engine/graphs.py: the worker's one cache, shared with the other stages'
graphs, or the stage's own when it was built without one), keyed by ("sambert", decoder, B, w, capacity,
dtype, device) in an LRU bounded by count and by bytes; an entry is charged its static buffers plus the
private memory pool its capture allocated (the step's intermediates). A miss also drops the cache's Sambert
graphs whose decoder is gone or whose parameters moved (a voice moved off the GPU): they can never replay.
Shapes are bucketed so that a few graphs serve all traffic: the batch is padded to a
power of two (padding items have no steps; their output is dropped), w is rounded up to a multiple of
`BAND_QUANTUM` (a larger ring and window are still exact: the band masks decide what a step sees), and the
capacity is S rounded up to a power of two (at least `STEP_QUANTUM`); a graph is replayed exactly S times,
so padding costs memory, not time.
The math is `PNCABlock.qkv` / `PNCABlock.attend` / `MelDecoder.step_input` from sambert.py, reused as is.
"""

from __future__ import annotations

import os
import threading
import weakref
from dataclasses import dataclass, field

import torch

from ttsserve.engine.graphs import CudaGraphCache
from ttsserve.pipeline.sambert import Encoded, MelDecoder, Sambert

STEP_QUANTUM = 64  # smallest graph capacity (steps); larger ones are powers of two
BAND_QUANTUM = 4  # ring / memory-window size w is rounded up to a multiple of this
WARMUP_STEPS = 3  # eager steps on a side stream before capture
KIND = "sambert"  # the stage kind: the first element of this module's cache keys


def _padded(s: int) -> int:
    return max(STEP_QUANTUM, 1 << (s - 1).bit_length())


def _bucket_batch(b: int) -> int:
    return 1 << (b - 1).bit_length()


def _bucket_window(w: int) -> int:
    return -(-w // BAND_QUANTUM) * BAND_QUANTUM


def _param_signature(dec: MelDecoder) -> tuple[int, ...]:
    # A graph reads parameters by address: moving or re-creating them (model.to(...)) invalidates it.
    return tuple(p.data_ptr() for p in dec.parameters())


@dataclass
class _StaticState:
    """The device tensors one decoder step reads and writes; shapes fixed by (B, w, capacity)."""

    t: torch.Tensor  # (1,) long: the step index
    slot_step: torch.Tensor  # (w,) long: which step each ring slot holds, -1 = empty
    ring_k: torch.Tensor  # (L, B, H, w, dh)
    ring_v: torch.Tensor
    mem: torch.Tensor  # (B, cap, d_mem): decoder memory, zero beyond S
    mem_k: torch.Tensor  # (L, B, H, cap + w, dh): memory keys, zero beyond S (as decode's F.pad)
    mem_v: torch.Tensor
    band: torch.Tensor  # (B, 1, 1) long
    steps: torch.Tensor  # (B, 1, 1) long
    offsets: torch.Tensor  # (w,) long
    prev: torch.Tensor  # (B, 1, n_mels)
    out: torch.Tensor  # (B, cap, r * n_mels)

    def nbytes(self) -> int:
        return sum(t.numel() * t.element_size() for t in vars(self).values())

    @classmethod
    def allocate(cls, dec: MelDecoder, b: int, w: int, cap: int, dtype: torch.dtype,
                 device: torch.device) -> "_StaticState":
        cfg = dec.cfg
        layers, heads, dh = len(dec.pnca), dec.pnca[0].heads, dec.pnca[0].d_head
        long = dict(device=device, dtype=torch.long)
        flt = dict(device=device, dtype=dtype)
        return cls(
            t=torch.zeros(1, **long), slot_step=torch.full((w,), -1, **long),
            ring_k=torch.zeros(layers, b, heads, w, dh, **flt), ring_v=torch.zeros(layers, b, heads, w, dh, **flt),
            mem=torch.zeros(b, cap, cfg.d_memory, **flt),
            mem_k=torch.zeros(layers, b, heads, cap + w, dh, **flt),
            mem_v=torch.zeros(layers, b, heads, cap + w, dh, **flt),
            band=torch.zeros(b, 1, 1, **long), steps=torch.zeros(b, 1, 1, **long),
            offsets=torch.arange(w, **long), prev=torch.zeros(b, 1, cfg.n_mels, **flt),
            out=torch.zeros(b, cap, cfg.n_mels * cfg.outputs_per_step, **flt),
        )

    def load(self, dec: MelDecoder, enc: Encoded) -> None:
        """Copy one utterance batch in and reset the decoding state (eager; a few dozen launches)."""
        s = enc.memory.shape[1]
        self.t.zero_()
        self.slot_step.fill_(-1)
        self.ring_k.zero_()
        self.ring_v.zero_()
        self.prev.zero_()
        self.mem[:, :s].copy_(enc.memory)
        self.mem[:, s:].zero_()
        for li, blk in enumerate(dec.pnca):
            k, v = blk.memory_kv(enc.memory)  # (B, H, S, dh), exactly as decode computes them
            self.mem_k[li, :, :, :s].copy_(k)
            self.mem_v[li, :, :, :s].copy_(v)
        self.mem_k[:, :, :, s:].zero_()
        self.mem_v[:, :, :, s:].zero_()
        self.band.copy_(enc.band.view(-1, 1, 1))
        self.steps.copy_(enc.steps.view(-1, 1, 1))


def _step(dec: MelDecoder, st: _StaticState, w: int) -> None:
    """One decoder step on the static state, with no host sync and no host-side step index: capturable."""
    n_mels = dec.cfg.n_mels
    t = st.t
    slot = torch.remainder(t, w)  # (1,)
    st.slot_step.index_copy_(0, slot, t)
    x_ok = (st.slot_step >= 0) & (st.slot_step >= t - st.band)  # (B, 1, w)
    pos = t + st.offsets  # memory steps [t, t + w)
    h_ok = (pos <= t + st.band) & (pos < st.steps)  # (B, 1, w)
    h_ok = h_ok | ~h_ok.any(-1, keepdim=True)  # items already finished: any finite row, output unused
    x = dec.step_input(st.prev, st.mem.index_select(1, t))  # (B, 1, d)
    for li, blk in enumerate(dec.pnca):
        q, k, v = blk.qkv(x)
        ring_k, ring_v = st.ring_k[li], st.ring_v[li]
        ring_k.index_copy_(2, slot, k)
        ring_v.index_copy_(2, slot, v)
        kh = st.mem_k[li].index_select(2, pos)
        vh = st.mem_v[li].index_select(2, pos)
        x = blk.attend(x, q, ring_k, ring_v, x_ok, kh, vh, h_ok)
    y = dec.dec_out_proj(dec.ln(x))  # (B, 1, r * n_mels)
    st.out.index_copy_(1, t, y)
    st.prev.copy_(y[..., -n_mels:])
    t.add_(1)


@dataclass
class _GraphEntry:
    dec_ref: "weakref.ref[MelDecoder]"
    signature: tuple[int, ...]
    w: int
    state: _StaticState
    graph: torch.cuda.CUDAGraph
    lock: threading.Lock = field(default_factory=threading.Lock)

    def valid_for(self, dec: MelDecoder) -> bool:
        return self.dec_ref() is dec and self.signature == _param_signature(dec)

    def stale(self) -> bool:
        """Its decoder is gone or its parameters moved: it can never replay again."""
        dec = self.dec_ref()
        return dec is None or self.signature != _param_signature(dec)


def _capture(dec: MelDecoder, enc: Encoded, b: int, w: int, cap: int) -> tuple[_GraphEntry, int]:
    """-> the entry, and the bytes its capture's private memory pool took (the step's intermediates)."""
    device, dtype = enc.memory.device, enc.memory.dtype
    st = _StaticState.allocate(dec, b, w, cap, dtype, device)
    st.load(dec, enc)
    side = torch.cuda.Stream(device=device)
    side.wait_stream(torch.cuda.current_stream(device))
    with torch.cuda.stream(side):
        for _ in range(WARMUP_STEPS):
            _step(dec, st, w)
    torch.cuda.current_stream(device).wait_stream(side)
    torch.cuda.synchronize(device)
    torch.cuda.empty_cache()  # torch.cuda.graph does this too on entry; here it makes the pool's size measurable
    before = torch.cuda.memory_reserved(device)
    graph = torch.cuda.CUDAGraph()
    with torch.cuda.graph(graph):
        _step(dec, st, w)
    torch.cuda.current_stream(device).synchronize()
    pool = max(torch.cuda.memory_reserved(device) - before, 0)
    return _GraphEntry(weakref.ref(dec), _param_signature(dec), w, st, graph), pool


def _is_stale(key, entry) -> bool:
    return isinstance(entry, _GraphEntry) and entry.stale()


def _entry(dec: MelDecoder, enc: Encoded, b: int, w: int, cap: int, cache: CudaGraphCache) -> _GraphEntry | None:
    """The cached step graph for this shape, captured now if need be; None: put off while the worker is busy."""
    device, dtype = enc.memory.device, enc.memory.dtype
    key = (KIND, id(dec), b, w, cap, dtype, device.type, device.index)
    entry = cache.get(key, lambda e: e.valid_for(dec))  # a stale one (decoder re-created, moved) goes
    if entry is not None or not cache.may_capture(key):
        return entry
    cache.purge(_is_stale)  # other decoders' graphs that can never replay again (voices moved or gone)
    entry, pool = _capture(dec, enc, b, w, cap)
    cache.put(key, entry, entry.state.nbytes() + pool)
    return entry


def decode_graphed(model: Sambert, enc: Encoded, cache: CudaGraphCache) -> torch.Tensor:
    """What `model.decode(enc)` returns, (B, S, r * n_mels), with each decoder step replayed from a CUDA graph
    captured into (or found in) `cache`. Falls back to `model.decode` off CUDA and in training mode (dropout in
    the prenet)."""
    if enc.memory.device.type != "cuda" or model.training:
        cache.count(fallbacks=1)
        return model.decode(enc)
    dec = model.decoder
    b, s, _ = enc.memory.shape
    if s == 0:
        return model.decode(enc)
    with torch.inference_mode(), torch.cuda.device(enc.memory.device):
        w = _bucket_window(int(enc.host_values()[:, 2].max()) + 1)  # the encoder's host read, as decode has
        padded = _pad_batch(enc, _bucket_batch(b))
        entry = _entry(dec, padded, padded.memory.shape[0], w, _padded(s), cache)
        if entry is None:  # capture put off (the worker is busy): eagerly this time
            cache.count(fallbacks=1)
            return model.decode(enc)
        with entry.lock:
            entry.state.load(dec, padded)
            for _ in range(s):
                entry.graph.replay()
            out = entry.state.out[:b, :s].clone()
        cache.count(replays=s)
        return out


def _pad_batch(enc: Encoded, b: int) -> Encoded:
    """`enc` with b - B extra items that have no steps (zero memory); their rows of the output are dropped."""
    extra = b - enc.memory.shape[0]
    if extra == 0:
        return enc

    def grow(t: torch.Tensor) -> torch.Tensor:
        return torch.cat([t, t.new_zeros(extra, *t.shape[1:])])

    return Encoded(memory=grow(enc.memory), steps=grow(enc.steps), frames=grow(enc.frames), band=grow(enc.band),
                   durations=enc.durations, log_durations=enc.log_durations, pitch=enc.pitch, energy=enc.energy)


def decode_static_eager(model: Sambert, enc: Encoded) -> torch.Tensor:
    """The graphed path's step function run eagerly, on any device (for checking its math on the CPU)."""
    dec = model.decoder
    b, s, _ = enc.memory.shape
    w = _bucket_window(int(enc.host_values()[:, 2].max()) + 1)
    with torch.inference_mode():
        padded = _pad_batch(enc, _bucket_batch(b))
        st = _StaticState.allocate(dec, padded.memory.shape[0], w, _padded(s), enc.memory.dtype, enc.memory.device)
        st.load(dec, padded)
        for _ in range(s):
            _step(dec, st, w)
        return st.out[:b, :s].clone()


# ---------------------------------------------------------------------------------------------- durations
DURATION_KIND = "sambert-duration"
DURATION_QUANTUM = 32  # symbols: the captured loop's length is rounded up to a multiple of this ...
DURATION_MAX = 512  # ... up to this; longer inputs run the loop eagerly


@dataclass
class _DurationEntry:
    pred_ref: "weakref.ref"
    signature: tuple[int, ...]
    cond: torch.Tensor  # (B, N, C) static input
    out: torch.Tensor  # (B, N) log(d + 1)
    graph: torch.cuda.CUDAGraph

    def stale(self) -> bool:
        pred = self.pred_ref()
        return pred is None or self.signature != tuple(p.data_ptr() for p in pred.parameters())


def _duration_loop(pred, cond: torch.Tensor, out: torch.Tensor) -> None:
    """`DurationPredictor.infer` writing into `out` (its loop over the symbols, or its kernel when set)."""
    out.copy_(pred.infer(cond))


def durations_graphed(pred, cond: torch.Tensor, cache: CudaGraphCache) -> torch.Tensor:
    """What `pred.infer(cond)` returns, (B, N) log(d + 1), with the autoregressive loop over the symbols (a
    few small kernels per symbol: most of a sentence's encoding time on a GPU) replayed from a CUDA graph.
    The loop is causal, so a graph captured for more symbols (and more batch rows, all zero) gives the same
    values for the real ones. Eager off CUDA, beyond `DURATION_MAX` symbols, and when the kind is disabled."""
    b, n, c = cond.shape
    if cond.device.type != "cuda" or n > DURATION_MAX or pred.training or cache.disabled(DURATION_KIND):
        return pred.infer(cond)
    bb, nb = _bucket_batch(b), -(-n // DURATION_QUANTUM) * DURATION_QUANTUM
    key = (DURATION_KIND, id(pred), bb, nb, cond.dtype, cond.device.type, cond.device.index)
    sig = tuple(p.data_ptr() for p in pred.parameters())
    with torch.inference_mode(), torch.cuda.device(cond.device):
        entry = cache.get(key, lambda e: e.pred_ref() is pred and e.signature == sig)
        if entry is None and not cache.may_capture(key):  # put off while the worker is busy: eagerly this time
            cache.count(fallbacks=1)
            return pred.infer(cond)
        if entry is None:
            cache.purge(lambda _k, e: isinstance(e, _DurationEntry) and e.stale())
            try:
                static_cond = cond.new_zeros(bb, nb, c)
                static_out = cond.new_zeros(bb, nb)
                side = torch.cuda.Stream(device=cond.device)
                side.wait_stream(torch.cuda.current_stream(cond.device))
                with torch.cuda.stream(side):
                    _duration_loop(pred, static_cond, static_out)
                torch.cuda.current_stream(cond.device).wait_stream(side)
                torch.cuda.synchronize(cond.device)
                torch.cuda.empty_cache()
                before = torch.cuda.memory_reserved(cond.device)
                graph = torch.cuda.CUDAGraph()
                with torch.cuda.graph(graph):
                    _duration_loop(pred, static_cond, static_out)
                torch.cuda.current_stream(cond.device).synchronize()
                pool = max(torch.cuda.memory_reserved(cond.device) - before, 0)
            except Exception as exc:  # noqa: BLE001 - the eager loop is the same computation
                from ttsserve.pipeline.fastspeech2_graph import is_out_of_memory

                if is_out_of_memory(exc):
                    raise torch.cuda.OutOfMemoryError(str(exc)) from None
                cache.disable(DURATION_KIND, f"{type(exc).__name__}: {exc}")
                return pred.infer(cond)
            entry = _DurationEntry(weakref.ref(pred), sig, static_cond, static_out, graph)
            nbytes = (static_cond.numel() + static_out.numel()) * static_cond.element_size()
            cache.put(key, entry, nbytes + pool)
        entry.cond.zero_()
        entry.cond[:b, :n].copy_(cond)
        entry.graph.replay()
        cache.count(replays=1)
        return entry.out[:b, :n].clone()


# ---------------------------------------------------------------------------------------------- encoder
# The per-symbol half of encoding (`Sambert.encode_symbols`: text encoder, pitch / energy predictors with their
# BiLSTMs, the controls, the embeddings and the autoregressive duration loop) as one CUDA graph per (batch
# bucket, symbol bucket): hundreds of small kernels and, eagerly, host syncs (the BiLSTMs' packing lengths),
# which set a Sambert call's `begin` time on a GPU (~20 ms whatever the batch). The BiLSTMs run without packing
# (`bilstm_within_lengths`), so nothing reads back to the host; padding rows get one symbol (no all-masked
# attention), padding symbols are masked as in an eager batch. Only the frame half (`Sambert.regulate`, whose
# output length depends on the durations) stays eager. Captured, cached and given up on exactly as
# FastSpeech2's and the vocoder's graphs are (`fastspeech2_graph._record` into the device's shared pool,
# `_GraphEntry`, `give_up`; replays under the cache's `replay_lock`). On by default (`encoder_graphs: false` in the
# acoustic section of voice.yaml turns it off); measured in docs/benchmarks.md.
ENCODER_KIND = "sambert-encoder"
ENCODER_QUANTUM = 32  # symbols: the captured length is rounded up to a multiple of this, up to DURATION_MAX
# The stage uses it for groups of at most this many calls: what a lone call's first audio waits for. Larger groups
# (calls joining busy slots together) share the launches anyway (eager 33 ms for 32 calls against 26 graphed, H200)
# and would multiply the shapes to capture (batch buckets x symbol buckets) under mixed traffic.
# TTSSERVE_ENCODER_MAX_BATCH (an import-time diagnostic for A/B runs, not a setting): session 35's profile of
# distill-baker at 32 streams found the GPU idle 54 of 279 ms while the worker began calls (groups of up to
# BEGIN_GROUP = 8 while the slots decode, so eager here), the A/B tries graphs for groups of up to 8. Session 36,
# one H100 with its Triton cache filled: 684-765x against 721-768x (42 characters), 483-522x against 486-493x
# (mixed lengths): no gain, so 2 stays.
ENCODER_MAX_BATCH = int(os.environ.get("TTSSERVE_ENCODER_MAX_BATCH", "2"))


@dataclass
class _EncoderState:
    """The static inputs of a captured encoder graph and (after capture) its static outputs."""

    inputs: dict[str, torch.Tensor]  # ling, emotion, speaker, lengths, controls, padded to the bucket
    outputs: "object" = None  # a Symbols of static output tensors, set by the captured run

    def nbytes(self) -> int:
        tensors = list(self.inputs.values())
        if self.outputs is not None:
            tensors += [getattr(self.outputs, f) for f in _SYMBOL_FIELDS]
        return sum(t.numel() * t.element_size() for t in tensors)


def _encoder_step(model: Sambert, st: _EncoderState) -> None:
    st.outputs = _static_symbols(model, st.inputs)


_SYMBOL_FIELDS = ("text", "speaker", "emotion", "pitch", "energy", "log_durations")
_CONTROLS = ("pitch_scale", "pitch_shift", "energy_scale", "energy_shift")


def _duration_fn(pred):
    def run(cond: torch.Tensor) -> torch.Tensor:
        out = cond.new_zeros(cond.shape[:2])
        _duration_loop(pred, cond, out)
        return out

    return run


def _static_symbols(model: Sambert, inputs: dict[str, torch.Tensor]):
    """`encode_symbols` over the static inputs, as captured (also run eagerly to check it on a CPU)."""
    return model.encode_symbols(inputs["ling"], inputs["emotion"], inputs["speaker"], inputs["lengths"],
                                duration_fn=_duration_fn(model.variance_adaptor.duration_predictor),
                                masked_lstm=True, **{k: inputs[k] for k in _CONTROLS})


def _static_inputs(ling: torch.Tensor, emotion: torch.Tensor, speaker: torch.Tensor, lengths: torch.Tensor,
                   controls: dict[str, torch.Tensor], bb: int, nb: int, dtype: torch.dtype) -> dict[str, torch.Tensor]:
    """The inputs padded to (bb, nb): padding rows have one symbol of id 0, controls of padding rows neutral."""
    dev = ling.device
    out = {"ling": ling.new_zeros(bb, nb, 4), "emotion": emotion.new_zeros(bb, nb),
           "speaker": speaker.new_zeros(bb, nb), "lengths": lengths.new_ones(bb)}
    for k in _CONTROLS:
        out[k] = torch.full((bb,), 1.0 if k.endswith("scale") else 0.0, device=dev, dtype=dtype)
    load_static_inputs(out, ling, emotion, speaker, lengths, controls)
    return out


def load_static_inputs(static: dict[str, torch.Tensor], ling, emotion, speaker, lengths, controls) -> None:
    """Copy a batch into the static (padded) inputs in place."""
    b, n = ling.shape[:2]
    for k, v in (("ling", ling), ("emotion", emotion), ("speaker", speaker)):
        static[k].zero_()
        static[k][:b, :n].copy_(v)
    static["lengths"].fill_(1)
    static["lengths"][:b].copy_(lengths)
    for k in _CONTROLS:
        static[k].fill_(1.0 if k.endswith("scale") else 0.0)
        static[k][:b].copy_(controls[k])


def _slice(sym, b: int, n: int):
    from ttsserve.pipeline.sambert import Symbols

    return Symbols(**{f: getattr(sym, f)[:b, :n].clone() for f in _SYMBOL_FIELDS})


def encode_symbols_static(model: Sambert, ling, emotion, speaker, lengths, controls: dict[str, torch.Tensor]):
    """The graphed path's computation run eagerly on any device (bucketed, padded, the masked BiLSTMs), for
    checking it against `encode_symbols` on a CPU."""
    b, n = ling.shape[:2]
    bb, nb = _bucket_batch(b), -(-n // ENCODER_QUANTUM) * ENCODER_QUANTUM
    dtype = next(model.parameters()).dtype
    with torch.inference_mode():
        static = _static_inputs(ling, emotion, speaker, lengths, controls, bb, nb, dtype)
        return _slice(_static_symbols(model, static), b, n)


def _is_encoder_key(key, _entry) -> bool:
    return isinstance(key, tuple) and key[:1] == (ENCODER_KIND,)


def encode_symbols_graphed(model: Sambert, ling, emotion, speaker, lengths, controls: dict[str, torch.Tensor],
                           cache: CudaGraphCache):
    """What `model.encode_symbols(...)` returns (a `Symbols` cut to (B, N)), replayed from a CUDA graph per
    (batch bucket, symbol bucket) in `cache`. Eager (the ordinary `encode_symbols`) off CUDA, in training mode,
    beyond `DURATION_MAX` symbols and once the kind is disabled (a capture failed)."""
    b, n = ling.shape[:2]

    def eager():
        return model.encode_symbols(ling, emotion, speaker, lengths, **controls)

    if (ling.device.type != "cuda" or model.training or n > DURATION_MAX or cache.disabled(ENCODER_KIND)):
        return eager()
    from ttsserve.pipeline import fastspeech2_graph as fg  # the shared capture, pool and failure handling

    bb, nb = _bucket_batch(b), -(-n // ENCODER_QUANTUM) * ENCODER_QUANTUM
    device, dtype = ling.device, next(model.parameters()).dtype
    try:
        with cache.replay_lock, torch.inference_mode(), torch.cuda.device(device):
            signature = fg._param_signature(model)
            key = (ENCODER_KIND, id(model), bb, nb, dtype, device.index)
            entry = cache.get(key, lambda e: e.valid_for(model, signature))
            if entry is None:

                def capture(m):  # these inputs' shapes (and values, for the warm-up runs) into a graph in the cache
                    fg._purge_stale(cache, m, fg._param_signature(m))
                    st = _EncoderState(_static_inputs(ling, emotion, speaker, lengths, controls, bb, nb, dtype))
                    graph, growth = fg._record(m, st, _encoder_step, device, cache)
                    made = fg._GraphEntry(weakref.ref(m), fg._param_signature(m), st, graph)
                    cache.put(key, made, st.nbytes(), pool=fg._pool_name(device), pool_growth=growth)
                    return made

                later = fg.capture_later(  # (unless captured meanwhile)
                    cache, model, device, ENCODER_KIND, "Sambert encoder", _is_encoder_key,
                    lambda m: cache.get(key, lambda e: e.valid_for(m, fg._param_signature(m))) or capture(m))
                if not cache.may_capture(key, later):  # put off while the worker is busy
                    cache.count(fallbacks=1)
                    return eager()
                entry = capture(model)
            load_static_inputs(entry.state.inputs, ling, emotion, speaker, lengths, controls)
            entry.graph.replay()
            cache.count(replays=1)
            return _slice(entry.state.outputs, b, n)  # cloned before the next replay overwrites them
    except Exception as exc:  # noqa: BLE001 - the eager path is the same computation
        fg.give_up(cache, ENCODER_KIND, "Sambert encoder", exc, _is_encoder_key)
    return eager()
