"""CUDA-graph inference for FastSpeech2 (the default voice's acoustic model).

On a GPU one `FastSpeech2.forward` for one sentence launches several hundred small kernels (6 transformer
blocks, 3 variance predictors, the post-net) and takes ~10 ms on an H100 for ~0.3 ms of arithmetic: the
launches, not the math, set the time to first audio. The forward has one data-dependent point, the length
regulator (the frame count is the sum of the predicted durations), so it is cut there into two graphs:

  graph 1 (`_encode_step`): embedding + encoder + duration / f0 / energy predictors + the f0 / energy
      embeddings, on symbol ids padded to a token bucket N and the batch padded to a batch bucket B;
  host: read the durations (the one host sync), choose the frame bucket F;
  eager: length-regulate into graph 2's input (cumsum, searchsorted, gather: ~10 launches, no host sync);
  graph 2 (`_decode_step`): decoder + mel projection + post-net on frames padded to F.

Per-request controls are static input buffers of graph 1, so they stay per request (and per item): the ids,
the (speed, f0, energy) ratios and the f0 / energy shifts (`FastSpeech2Acoustic.contour_maps`), and the
f0 / energy dropout masks (all ones unless a request is seeded;
x * 1.0 == x exactly, so an unseeded request equals the eager path that skips the multiply).

Why padding does not change results: the model already runs batches padded to the longest item and zeroes
every padded position after every sub-layer (`Block`, `VariancePredictor`, the post-net multiply by the
mask), attention masks padded keys with the dtype's minimum (their softmax weight is exactly 0), durations
are multiplied by the mask (padded symbols get no frames), and every "same" convolution sees exact zeros
beyond an item's end, as it does at the end of the unpadded tensor. Padded batch items have no symbols: all
their keys are masked (a uniform softmax over finite values, no NaN), they get no frames, their rows are
dropped. So per item the padded run is the same arithmetic; what can differ is only floating-point
summation order where a kernel picks another tiling for another shape (the GEMMs' and softmax's reduction
lengths grow with padding by exact zeros): in fp32 on the CPU at most ~1.2e-5 on the real weights' mels
(|mel| up to ~4, so a few 1e-6 relative; often exactly 0); tests/unit/test_fastspeech2_graph.py allows
5e-5 and requires equal durations. On a GPU, cuDNN convolutions run in TF32 by default and fp16 GEMMs may
reduce in reduced precision, so other shapes may differ more (tests/gpu/test_fastspeech2_graph_gpu.py
prints the differences). A duration is a rounding of exp(.) - 1, so such a difference can flip one symbol's
duration only if its value lies that close to a half frame: the same caveat as batching in the eager path.

Graphs live in a `CudaGraphCache` (engine/graphs.py: the worker's one cache, shared with the other stages'
graphs, or the stage's own when it was built without one), keyed by ("fastspeech2-encoder" or
"fastspeech2-decoder", model, B, N or F, dtype, device) in an LRU bounded by count and by bytes. All of a
cache's FastSpeech2 captures on a device share one memory pool (`torch.cuda.graph(..., pool=...)`, kept by
the cache as `pool(("fastspeech2", device index))` with the stream every capture into it uses): a graph's
intermediates are dead when its replay ends and replays are serialized (the cache's `replay_lock`, one
stream), so the pool holds about the largest graph's intermediates, not their sum. Static inputs and
outputs are allocated outside the capture (never in the pool), and each replay's outputs are read before
the next replay. An entry is charged its static buffers plus the pool growth its capture caused (the pool
is released when the cache's last FastSpeech2 graph on that device goes). Shapes beyond the largest bucket,
or whose intermediates would exceed the cache's `max_scratch_bytes`, run the same padded code eagerly
(`fallbacks`); batches beyond `MAX_BATCH` or ids beyond `MAX_TOKENS` return None and the stage runs its
plain eager forward.

`run(..., graphs=False)` runs exactly the captured step functions eagerly on any device: that is what the
CPU unit tests compare with the unpadded eager `infer`.
"""

from __future__ import annotations

import contextlib
import logging
import weakref
from dataclasses import dataclass, fields
from typing import Callable

import torch

from ttsserve.engine.graphs import CudaGraphCache
from ttsserve.pipeline.fastspeech2 import FastSpeech2

STEPS_PER_OCTAVE = 4  # bucket grid: lo * 2^k * (1, 1.25, 1.5, 1.75): at most 25% padding
MIN_TOKENS, MAX_TOKENS = 32, 512  # token buckets (a 60-character sentence is ~180 ids)
MIN_FRAMES, MAX_FRAMES = 64, 4096  # frame buckets (12.5 ms frames: 0.8 s .. 51 s)
MAX_BATCH = 16  # batch buckets are powers of two up to this (the worker sends at most 16 sentences a call)
WARMUP_RUNS = 2  # eager runs on a side stream before capture (cuBLAS / cuDNN initialisation, algorithms)
KIND = "fastspeech2"  # the stage kind: keys "fastspeech2-encoder" / "-decoder", pool ("fastspeech2", device)

log = logging.getLogger(__name__)


# ---------------------------------------------------------------------------------------------- buckets
def bucket(n: int, lo: int, hi: int) -> int | None:
    """The smallest size >= n on the grid lo * 2^k * (1 + j / STEPS_PER_OCTAVE); None beyond `hi`."""
    base = lo
    while base * 2 < n:
        base *= 2
    step = max(base // STEPS_PER_OCTAVE, 1)
    size = max(lo, -(-n // step) * step)
    return size if size <= hi else None


def bucket_batch(b: int) -> int | None:
    size = 1 << (b - 1).bit_length()
    return size if size <= MAX_BATCH else None


def scratch_bytes(model: FastSpeech2, b: int, t: int, element_size: int) -> int:
    """A rough upper estimate of a graph's live intermediates at (B, T): two attention score tensors and three
    conv-width activations (feed-forward or post-net) at once."""
    cfg = model.cfg
    return element_size * b * t * (2 * cfg.n_heads * t + 3 * max(cfg.ffn, cfg.postnet_filters, cfg.predictor_filters))


# ---------------------------------------------------------------------------------------------- state
class _Static:
    def nbytes(self) -> int:
        return sum(t.numel() * t.element_size() for t in (getattr(self, f.name) for f in fields(self))
                   if isinstance(t, torch.Tensor))


@dataclass
class _EncoderState(_Static):
    """Graph 1's static buffers; shapes fixed by (B, N)."""

    ids: torch.Tensor  # (B, N) int64, 0 = padding
    ratios: torch.Tensor  # (5, B): speed (duration multiplier), f0 scale, energy scale, f0 shift, energy shift
    # (padded items: 1, 1, 1, 0, 0)
    keep: torch.Tensor  # (2, B, N, H): f0 / energy dropout keep masks (all ones unless seeded)
    positions: torch.Tensor  # (N, H): `FastSpeech2._positions(N)`, copied
    x: torch.Tensor  # (B, N, H) out: symbol vectors after the variance adaptor's embeddings
    durations: torch.Tensor  # (B, N) int64 out
    keep_is_ones: bool = True

    @classmethod
    def allocate(cls, model: FastSpeech2, b: int, n: int, dtype: torch.dtype, device: torch.device) -> "_EncoderState":
        h = model.cfg.hidden
        flt = dict(device=device, dtype=dtype)
        return cls(ids=torch.zeros(b, n, dtype=torch.long, device=device), ratios=_neutral_ratios(b).to(**flt),
                   keep=torch.ones(2, b, n, h, **flt), positions=model._positions(n).to(device, dtype).clone(),
                   x=torch.zeros(b, n, h, **flt), durations=torch.zeros(b, n, dtype=torch.long, device=device))

    def load(self, ids: torch.Tensor, ratios: torch.Tensor, keep: torch.Tensor | None) -> None:
        """Copy one batch in (CPU tensors, unpadded): ids (b, n), ratios (5, b) float64, keep (2, b, n, H)."""
        b, n = ids.shape
        ids_p = torch.zeros(self.ids.shape, dtype=torch.long)
        ids_p[:b, :n] = ids
        self.ids.copy_(ids_p, non_blocking=True)  # pageable source: staged before copy_ returns
        r = _neutral_ratios(self.ratios.shape[1])
        r[:, :b] = ratios
        self.ratios.copy_(r.to(self.ratios.dtype), non_blocking=True)
        if keep is None:
            if not self.keep_is_ones:
                self.keep.fill_(1.0)
                self.keep_is_ones = True
        else:
            k = torch.ones(self.keep.shape, dtype=self.keep.dtype)
            k[:, :b, :n] = keep
            self.keep.copy_(k, non_blocking=True)
            self.keep_is_ones = False


@dataclass
class _DecoderState(_Static):
    """Graph 2's static buffers; shapes fixed by (B, F)."""

    h: torch.Tensor  # (B, F, H): length-regulated symbol vectors, zero beyond each item's frames
    frame_mask: torch.Tensor  # (B, F) bool
    frame_index: torch.Tensor  # (B, F) int64: 0..F-1 on every row (for the length regulator)
    positions: torch.Tensor  # (F, H)
    mel: torch.Tensor  # (B, F, n_mels) out

    @classmethod
    def allocate(cls, model: FastSpeech2, b: int, f: int, dtype: torch.dtype, device: torch.device) -> "_DecoderState":
        cfg = model.cfg
        flt = dict(device=device, dtype=dtype)
        return cls(h=torch.zeros(b, f, cfg.hidden, **flt), frame_mask=torch.zeros(b, f, dtype=torch.bool, device=device),
                   frame_index=torch.arange(f, device=device).repeat(b, 1),
                   positions=model._positions(f).to(device, dtype).clone(), mel=torch.zeros(b, f, cfg.n_mels, **flt))


def _neutral_ratios(b: int) -> torch.Tensor:
    """(5, b) float64: speed, f0 scale and energy scale 1, f0 and energy shifts 0 (what padded items get)."""
    r = torch.ones(5, b, dtype=torch.float64)
    r[3:] = 0.0
    return r


def _encode_step(model: FastSpeech2, st: _EncoderState) -> None:
    """Graph 1: static shapes, no host sync, outputs written into static buffers. Capturable."""
    x, durations = model.encode(st.ids, st.ratios[0], st.ratios[1], st.ratios[2], (st.keep[0], st.keep[1]),
                                positions=st.positions, f0_shift=st.ratios[3], energy_shift=st.ratios[4])
    st.x.copy_(x)
    st.durations.copy_(durations)


def _decode_step(model: FastSpeech2, st: _DecoderState) -> None:
    """Graph 2: static shapes, no host sync, output written into a static buffer. Capturable."""
    st.mel.copy_(model.decode(st.h, st.frame_mask, positions=st.positions))


def regulate_into(x: torch.Tensor, durations: torch.Tensor, st: _DecoderState) -> None:
    """`FastSpeech2._regulate` on the device with no host sync, into graph 2's inputs: frame f of item b takes
    symbol i with ends[i - 1] <= f < ends[i] (ends = cumsum of durations; zero-duration symbols are skipped);
    frames beyond an item's total are exact zeros, as the eager regulator's zero fill."""
    b, n, hidden = x.shape
    ends = durations[: st.h.shape[0]].cumsum(1)  # (B, N)
    idx = torch.searchsorted(ends, st.frame_index, right=True).clamp_(max=n - 1)  # (B, F)
    mask = st.frame_index < ends[:, -1:]  # (B, F)
    rows = torch.gather(x, 1, idx[:, :, None].expand(-1, -1, hidden))  # (B, F, H)
    st.h.copy_(rows.masked_fill_(~mask[:, :, None], 0.0))  # copy_, not out=: a static buffer is never resized
    st.frame_mask.copy_(mask)


# ---------------------------------------------------------------------------------------------- cache
_tensors: "weakref.WeakKeyDictionary[torch.nn.Module, list[torch.Tensor]]" = weakref.WeakKeyDictionary()


def _param_signature(model: torch.nn.Module) -> tuple[int, ...]:
    """The addresses of the model's parameters and buffers. A graph reads them by address: moving them (a voice
    moved between devices by the voice cache, `model.to(...)`, `p.data = ...`) makes its graphs stale. The
    tensor objects are listed once per model (walking the module tree costs ~0.1 ms a call; reading ~150
    addresses ~10 us): replacing a Parameter object itself, rather than its data, needs the cache cleared."""
    tensors = _tensors.get(model)
    if tensors is None:
        tensors = _tensors[model] = [*model.parameters(), *model.buffers()]
    return tuple([t.data_ptr() for t in tensors])


@dataclass
class _GraphEntry:
    model_ref: "weakref.ref[FastSpeech2]"
    signature: tuple[int, ...]
    state: _EncoderState | _DecoderState
    graph: "torch.cuda.CUDAGraph"

    def valid_for(self, model: FastSpeech2, signature: tuple[int, ...]) -> bool:
        return self.model_ref() is model and self.signature == signature


@dataclass
class _SharedPool:
    """What a cache's FastSpeech2 captures on one device share: the memory pool, and the stream every warm-up
    and capture into it runs on (per-stream lazy state such as cuBLAS workspaces exists before a capture, and
    captures sharing a pool use one stream, as torch.cuda.graph asks)."""

    handle: tuple
    stream: "torch.cuda.Stream"


def _pool_name(device: torch.device) -> tuple[str, int | None]:
    return (KIND, device.index)


def _record(model: torch.nn.Module, state, step, device: torch.device,
            cache: CudaGraphCache) -> tuple["torch.cuda.CUDAGraph", int]:
    """Warm `step(model, state)` up on the pool's stream, then capture it into a graph that allocates from the
    device's shared pool in `cache`: -> the graph, and the bytes the pool grew by. (The vocoders' stacked-window
    graphs, `vocoder_graph`, capture into the same pool: their replays are serialized with these.)"""
    shared = cache.pool(_pool_name(device), lambda: _SharedPool(torch.cuda.graph_pool_handle(),
                                                                torch.cuda.Stream(device=device)))
    current = torch.cuda.current_stream(device)
    side = shared.stream
    side.wait_stream(current)
    with torch.cuda.stream(side):
        for _ in range(WARMUP_RUNS):
            step(model, state)
    current.wait_stream(side)
    torch.cuda.synchronize(device)
    torch.cuda.empty_cache()  # torch.cuda.graph does this too on entry; here it makes the pool's growth measurable
    before = torch.cuda.memory_reserved(device)
    graph = torch.cuda.CUDAGraph()
    # thread_local: another thread's CUDA calls (a metrics scrape) cannot invalidate this capture.
    with torch.cuda.graph(graph, pool=shared.handle, stream=side, capture_error_mode="thread_local"):
        step(model, state)
    current.synchronize()
    return graph, max(torch.cuda.memory_reserved(device) - before, 0)


def capture_later(cache: CudaGraphCache, model: torch.nn.Module, device: torch.device, kind: str, label: str,
                  stale, capture) -> "Callable[[], None]":
    """A deferred capture (`CudaGraphCache.may_capture(key, later=...)`) for the worker to run while idle:
    `capture(model)` under the cache's replay lock on `device`, if the model still exists and is still on that
    device. A failure is handled as on the request path (`give_up`: the kind's graphs dropped, a refused capture
    switches them off), except that an OOM only gives the allocator's cache back (no job waits on it)."""
    ref = weakref.ref(model)

    def run() -> None:
        m = ref()
        if m is None or next(m.parameters()).device != device:
            return
        try:
            on = torch.cuda.device(device) if device.type == "cuda" else contextlib.nullcontext()
            with cache.replay_lock, torch.inference_mode(), on:
                capture(m)
        except Exception as exc:  # noqa: BLE001 - handled as the request path would
            try:
                give_up(cache, kind, label, exc, stale)
            except torch.cuda.OutOfMemoryError:
                torch.cuda.empty_cache()

    return run


def _purge_stale(cache: CudaGraphCache, model: FastSpeech2, signature: tuple[int, ...]) -> None:
    """Drop this cache's FastSpeech2 graphs whose model is gone or whose parameters moved (a voice evicted from
    the GPU by the voice cache): they can never replay again, and they hold memory."""
    signatures = {id(model): signature}

    def stale(key, e) -> bool:
        if not isinstance(e, _GraphEntry):  # another stage's graph
            return False
        m = e.model_ref()
        if m is None:
            return True
        if id(m) not in signatures:
            signatures[id(m)] = _param_signature(m)
        return e.signature != signatures[id(m)]

    cache.purge(stale)


def _entry(kind: str, model: FastSpeech2, signature: tuple[int, ...], b: int, t: int, dtype: torch.dtype,
           device: torch.device, cache: CudaGraphCache) -> _GraphEntry | None:
    """The cached graph for this shape, captured now if need be; None: the worker is busy and the capture is
    put off (`CudaGraphCache.may_capture`): the caller runs the step eagerly."""
    key = (f"{KIND}-{kind}", id(model), b, t, dtype, device.index)
    entry = cache.get(key, lambda e: e.valid_for(model, signature))  # a stale one (model re-created, moved) goes
    if entry is not None:
        return entry
    later = capture_later(cache, model, device, KIND, "FastSpeech2", _is_graph_entry,
                          lambda m: _entry(kind, m, _param_signature(m), b, t, dtype, device, cache))
    if not cache.may_capture(key, later):
        return None
    _purge_stale(cache, model, signature)
    if kind == "encoder":
        state, step = _EncoderState.allocate(model, b, t, dtype, device), _encode_step
    else:
        state, step = _DecoderState.allocate(model, b, t, dtype, device), _decode_step
    graph, growth = _record(model, state, step, device, cache)
    entry = _GraphEntry(weakref.ref(model), signature, state, graph)
    cache.put(key, entry, state.nbytes(), pool=_pool_name(device), pool_growth=growth)
    return entry


def _is_graph_entry(key, entry) -> bool:
    return isinstance(entry, _GraphEntry)


# ---------------------------------------------------------------------------------------------- run
@dataclass
class PaddedResult:
    mel: torch.Tensor  # (b, F, n_mels) float32, its own memory, on the model's device; F = longest item (>= 1)
    frames: list[int]  # frames of each item (durations summed)
    durations: torch.Tensor  # (b, n) int64 on the CPU


def run(model: FastSpeech2, ids: torch.Tensor, ratios: torch.Tensor, keep: torch.Tensor | None, *,
        graphs: bool, cache: CudaGraphCache | None = None) -> PaddedResult | None:
    """`model.forward` on a batch padded to buckets: ids (b, n) int64 (0 = padding), ratios (5, b) float64
    (speed = duration multiplier, f0 scale, energy scale, f0 shift, energy shift), keep (2, b, n, H) dropout masks or None, all on the CPU.
    graphs=True replays CUDA graphs cached in `cache` (when the model is on a CUDA device, in eval mode);
    graphs=False runs the same step functions eagerly (any device; `cache` only counts fallbacks then). None
    when the batch or the ids exceed the buckets.

    A CUDA OOM in the graph path first gives back this cache's FastSpeech2 graphs (their pool is memory the
    allocator cannot reuse otherwise) and is raised for the worker to recover and retry. Any other failure in
    the graph path (a capture the driver refuses) is logged once, switches FastSpeech2 graphs off in this
    cache (`disabled`), and the call is redone eagerly."""
    if graphs and cache is None:
        raise ValueError("graphs=True needs a CudaGraphCache")
    b, n = ids.shape
    bp, n_pad = bucket_batch(b), bucket(max(n, 1), MIN_TOKENS, MAX_TOKENS)
    if bp is None or n_pad is None:
        if cache is not None:
            cache.count(fallbacks=1)
        return None
    device = model.embed.weight.device
    if graphs and device.type == "cuda" and not model.training and cache.disabled(KIND) is None:
        try:
            with cache.replay_lock, torch.cuda.device(device):
                return _run(model, ids, ratios, keep, bp, n_pad, graphs=True, cache=cache)
        except Exception as exc:  # noqa: BLE001 - the eager path below is the same computation
            give_up(cache, KIND, "FastSpeech2", exc, _is_graph_entry)
    return _run(model, ids, ratios, keep, bp, n_pad, graphs=False)


def give_up(cache: CudaGraphCache, kind: str, label: str, exc: Exception, stale) -> None:
    """After a failure in a stage's graph path: drop its graphs (`stale(key, entry)`: their pool is memory the
    allocator cannot reuse otherwise); an OOM is raised (as torch's OOM) for the worker to recover and retry;
    anything else (a capture the driver refuses) switches `kind`'s graphs off in this cache, logged once, and the
    caller runs the same computation eagerly."""
    cache.purge(stale)
    if is_out_of_memory(exc):
        if isinstance(exc, torch.cuda.OutOfMemoryError):
            raise exc
        raise torch.cuda.OutOfMemoryError(str(exc)) from None
    reason = f"{type(exc).__name__}: {exc}"
    cache.disable(kind, reason)
    log.warning("%s CUDA graphs switched off, running eagerly: %s", label, reason)


def is_out_of_memory(exc: BaseException) -> bool:
    """The allocator's OOM, or one the driver reports as a RuntimeError (graph instantiation, a cuBLAS
    workspace): memory to recover, not a capture the driver refuses."""
    return isinstance(exc, torch.cuda.OutOfMemoryError) or (
        isinstance(exc, RuntimeError) and "out of memory" in str(exc).lower())


def _run(model: FastSpeech2, ids: torch.Tensor, ratios: torch.Tensor, keep: torch.Tensor | None, bp: int,
         n_pad: int, *, graphs: bool, cache: CudaGraphCache | None = None) -> PaddedResult:
    b, n = ids.shape
    weight = model.embed.weight
    device, dtype, element_size = weight.device, weight.dtype, weight.element_size()
    replays = 0
    with torch.inference_mode():
        signature = _param_signature(model) if graphs else ()
        entry = None
        if graphs and scratch_bytes(model, bp, n_pad, element_size) <= cache.max_scratch_bytes:
            entry = _entry("encoder", model, signature, bp, n_pad, dtype, device, cache)
        if entry is not None:
            enc = entry.state
            enc.load(ids, ratios, keep)
            entry.graph.replay()
            replays += 1
        else:
            enc = _EncoderState.allocate(model, bp, n_pad, dtype, device)
            enc.load(ids, ratios, keep)
            _encode_step(model, enc)
        durations = enc.durations.cpu()[:b, :n]  # the one host sync: the frame count decides graph 2's shape
        frames = durations.sum(1)
        f = max(int(frames.max()), 1)
        f_pad = bucket(f, MIN_FRAMES, MAX_FRAMES)
        entry = None
        if graphs and f_pad is not None and scratch_bytes(model, bp, f_pad, element_size) <= cache.max_scratch_bytes:
            entry = _entry("decoder", model, signature, bp, f_pad, dtype, device, cache)
        if entry is not None:
            dec = entry.state
            regulate_into(enc.x, enc.durations, dec)
            entry.graph.replay()
            replays += 1
        else:  # eagerly: padded as a graph would be (what the CPU tests check), or at the exact length beyond
            dec = _DecoderState.allocate(model, bp, f if f_pad is None or graphs else f_pad, dtype, device)
            regulate_into(enc.x, enc.durations, dec)
            _decode_step(model, dec)
        mel = dec.mel[:b, :f].to(torch.float32, copy=True)  # copied out before the next replay overwrites it
    if graphs:
        cache.count(replays=replays, fallbacks=int(replays < 2))
    return PaddedResult(mel=mel, frames=frames.tolist(), durations=durations)
