"""CUDA graphs for the vocoders' stacked windows (the scheduler's vocoder step on a GPU).

A vocoder forward on a few stacked windows launches a hundred-odd small kernels (transposed convolutions,
residual blocks, activations): measured on an H200 (`bench/stage_micro_gpu.py`,
`bench/results/stage_micro_h200.json`), distill-baker's HiFiGAN takes 7.4 ms eagerly for one 96-frame window and
1.6 ms replayed from a graph, baker's MB-MelGAN 3.6 ms and 0.6 ms; the gap closes only at 32 windows, where the
arithmetic dominates. The scheduler's windows take few shapes (a streamed call's first chunk, its later chunks
of equal length, whole mels cut at `vocoder_chunk_frames`), so graphs keyed by shape are reused.

Shapes: the window count G is padded to a bucket (`G_BUCKETS`: steps of at most 1.5x); the width must be one
of the stage's `graph_widths()`: the windows of the scheduler's standard chunks (a stream's 24-frame first chunk,
its 96-frame interior chunks, with their context). A causal vocoder (`stage.causal`: a sample depends on past
frames only) pads a narrower window on the right up to the next such width, rounded up to `WIDTH_QUANTUM`
frames (a stream's short last chunk joins the interior chunks' graph; the chunk's samples, inside the window,
are the same arithmetic); padded rows and frames hold zeros and their output is dropped. A non-causal vocoder
may let its windows be padded before they are stacked (`BatchedWindows.pad_right_min_frames`, MB-MelGAN): each
window then runs at the narrowest of `padded_widths` (its standard widths and multiples of the widest) that holds
it, so a whole mel's `vocoder_chunk_frames` windows and a call's only window replay graphs too, several jobs'
windows in one pass (session 32: at 32 mixed-length streams the default voice's vocoder passes were nearly all
eager, one per width met). Any other width runs eagerly: a graph per width met would fill the cache with one-off
shapes and evict the ones in use (measured: 171 captures for 96 cached graphs in one mixed-traffic run when
every width met twice was captured).

The graphs live in the worker's `CudaGraphCache` (kind "vocoder"), capture into the same shared memory pool as
FastSpeech2's graphs (`fastspeech2_graph._record`; replays are serialized by the cache's `replay_lock`), are
charged their static buffers plus the pool growth, and go stale with their module's parameters (a voice moved
off the GPU). A capture the driver refuses switches the kind off for the cache's life and the call runs
eagerly; an OOM drops the cache's graphs of this kind and is raised for the worker to recover.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass

import torch

from ttsserve.engine.graphs import CudaGraphCache
from ttsserve.pipeline import fastspeech2_graph as fg

KIND = "vocoder"
G_BUCKETS = (1, 2, 3, 4, 6, 8, 12, 16)
WIDTH_QUANTUM = 16  # frames (causal vocoders only)
PAD_MULTIPLES = 4  # a padded vocoder's widths: its standard ones, and 2x .. 4x the widest (MB-MelGAN: 52, 152 ..
# 608 frames; its whole mels' 400-frame chunks have 456-frame windows, 3 x 152)


@dataclass
class _State(fg._Static):
    x: torch.Tensor  # (G, n_mels, width) in
    out: torch.Tensor  # (G, width * hop) out


def _step(module: torch.nn.Module, st: _State) -> None:
    st.out.copy_(module(st.x))


def bucket_windows(g: int) -> int | None:
    return next((b for b in G_BUCKETS if b >= g), None)


def graph_width(width: int, widths: tuple[int, ...], *, causal: bool) -> int | None:
    """The captured width a window of `width` frames runs at, or None (eagerly). For a causal vocoder the
    captured widths are the standard ones rounded up to `WIDTH_QUANTUM`, and a window already padded to one of
    them maps to itself (`run_windows` pads causal windows before they are stacked: session 32's change compared
    the padded width with the unrounded one, and distill-baker's 134-frame windows, padded to 144, ran eagerly)."""
    if not causal:
        return width if width in widths else None
    fits = [q for q in (-(-w // WIDTH_QUANTUM) * WIDTH_QUANTUM for w in widths) if q >= width]
    return min(fits) if fits else None


def graph_width_or_own(width: int, widths: tuple[int, ...]) -> int:
    """A causal vocoder's window: the captured width it runs at, or its own (eagerly)."""
    return graph_width(width, widths, causal=True) or width


def padded_widths(widths: tuple[int, ...]) -> tuple[int, ...]:
    """For a vocoder whose windows may be padded on the right (`BatchedWindows.pad_right_min_frames`): the
    standard widths and multiples of the widest, up to `PAD_MULTIPLES` of it: every window up to that width has
    a captured shape to run at (a whole mel's window, a call's only window)."""
    top = max(widths)
    return tuple(sorted({*widths, *(k * top for k in range(2, PAD_MULTIPLES + 1))}))


def run_width(width: int, widths: tuple[int, ...], min_width: int = 0) -> int:
    """The width a window of `width` frames is padded to before stacking: the narrowest of `widths` (ascending)
    that holds it; the window's own (it runs eagerly unless that is a captured width) when none does or it is
    narrower than `min_width`."""
    if width < min_width:
        return width
    return next((w for w in widths if w >= width), width)


def forward(module: torch.nn.Module, x: torch.Tensor, *, hop: int, causal: bool, cache: CudaGraphCache | None,
            widths: tuple[int, ...] = ()) -> torch.Tensor:
    """`module(x)` for stacked windows x (G, n_mels, width) -> (G, width * hop), from a captured graph where one
    applies (on CUDA, with a cache, a width that `graph_width` maps to one of `widths`), else eagerly. The result
    has its own memory (not a graph's buffer)."""
    if cache is None or x.device.type != "cuda" or module.training or cache.disabled(KIND) is not None:
        return module(x)
    g, n_mels, width = x.shape
    gb = bucket_windows(g)
    wb = graph_width(width, widths, causal=causal)
    if gb is None or wb is None:
        cache.count(fallbacks=1)
        return module(x)
    device = x.device
    try:
        with cache.replay_lock, torch.cuda.device(device):
            entry = _entry(module, gb, wb, n_mels, hop, x.dtype, device, cache)
            if entry is None:  # capture put off (the worker is busy): eagerly this time
                cache.count(fallbacks=1)
                return module(x)
            st = entry.state
            if g < gb or width < wb:
                st.x.zero_()
            st.x[:g, :, :width].copy_(x)
            entry.graph.replay()
            cache.count(replays=1)
            return st.out[:g, : width * hop].clone()  # copied out before the next replay overwrites it
    except Exception as exc:  # noqa: BLE001 - the eager path below is the same computation
        fg.give_up(cache, KIND, "vocoder", exc, _is_vocoder_key)
    return module(x)


def _is_vocoder_key(key, _entry) -> bool:
    return isinstance(key, tuple) and key[:1] == (KIND,)


def _entry(module: torch.nn.Module, g: int, width: int, n_mels: int, hop: int, dtype: torch.dtype,
           device: torch.device, cache: CudaGraphCache) -> "fg._GraphEntry | None":
    signature = fg._param_signature(module)
    key = (KIND, id(module), g, width, dtype, device.index)
    entry = cache.get(key, lambda e: e.valid_for(module, signature))
    if entry is not None:
        return entry
    later = fg.capture_later(cache, module, device, KIND, "vocoder", _is_vocoder_key,
                             lambda m: _entry(m, g, width, n_mels, hop, dtype, device, cache))
    if not cache.may_capture(key, later):  # put off while the worker is busy
        return None
    fg._purge_stale(cache, module, signature)
    st = _State(x=torch.zeros(g, n_mels, width, device=device, dtype=dtype),
                out=torch.zeros(g, width * hop, device=device, dtype=dtype))
    graph, growth = fg._record(module, st, _step, device, cache)
    entry = fg._GraphEntry(weakref.ref(module), signature, st, graph)
    cache.put(key, entry, st.nbytes(), pool=fg._pool_name(device), pool_growth=growth)
    return entry
