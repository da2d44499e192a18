"""What every stage wrapping one `torch.nn.Module` shares: placement, dtype, byte count, strict checkpoint
loading, and finding KAN-TTS checkpoints and configs in a voice folder."""

from __future__ import annotations

import abc
import contextlib
import functools
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

import torch
import torch.nn.functional as F

from ttsserve.pipeline.base import FIRST_CHUNK_FRAMES, STREAM_CHUNK_FRAMES, VocoderWindow

# TTSSERVE_PADDED_PASS_CAP=0: padded vocoder passes stack up to `max_windows` windows at any width, as before session
# 33's cap (a diagnostic for a device A/B of the cap's throughput, read once at import; not a setting)
PADDED_PASS_CAP = os.environ.get("TTSSERVE_PADDED_PASS_CAP", "1") != "0"

if TYPE_CHECKING:
    from ttsserve.engine.graphs import CudaGraphCache


def to_device(t: torch.Tensor, device: torch.device) -> torch.Tensor:
    """A host tensor on `device` without waiting for the device: to a GPU through pinned memory, queued on the
    current stream (torch's copy from pageable memory synchronizes the stream first)."""
    if device.type != "cuda":
        return t.to(device)
    return t.pin_memory().to(device, non_blocking=True)


class ModuleStage:
    """Holds `module` in eval mode on `device` in `dtype`; `to()` moves it, `nbytes()` counts its tensors."""

    def __init__(self, module: torch.nn.Module, *, device: str = "cpu", dtype: str = "float32") -> None:
        self.module = module.eval()
        self.device = torch.device(device)
        self.dtype = getattr(torch, dtype)
        self.module.to(self.device, self.dtype)
        self._nbytes: int | None = None  # counted on first use (moves keep it)

    def to(self, device: torch.device | str):
        self.device = torch.device(device)
        self.module.to(self.device)
        self._nbytes = None
        return self

    def nbytes(self) -> int:
        """Bytes of the module's tensors, counted once (moves keep them; `to()` counts again): the worker reads it
        around every job's end (/v1/memory), where walking a large module's tree took milliseconds."""
        if self._nbytes is None:
            self._nbytes = sum(t.numel() * t.element_size() for t in (*self.module.parameters(), *self.module.buffers()))
        return self._nbytes


def cpu_has_native_bfloat16() -> bool:
    """This CPU computes bfloat16 in hardware (AVX512-BF16 or AMX tiles): without it torch emulates bfloat16 and
    autocast makes a vocoder slower, not faster."""
    cpu = getattr(torch, "cpu", None)
    checks = (getattr(cpu, "_is_avx512_bf16_supported", None), getattr(cpu, "_is_amx_tile_supported", None))
    return any(bool(check()) for check in checks if callable(check))


def load_strict(module: torch.nn.Module, state: dict[str, torch.Tensor]) -> torch.nn.Module:
    """`load_state_dict(strict=True)` with an error that names the first missing, mis-shaped or unexpected key
    (checkpoints from other releases fail here, never silently as with strict=False)."""
    expected = module.state_dict()
    for key, value in expected.items():
        if key not in state:
            raise KeyError(f"checkpoint lacks {key!r} (shape {tuple(value.shape)})")
        if state[key].shape != value.shape:
            raise KeyError(f"{key!r}: checkpoint has {tuple(state[key].shape)}, model needs {tuple(value.shape)}")
    unexpected = sorted(set(state) - set(expected))
    if unexpected:
        raise KeyError(f"unexpected key {unexpected[0]!r} in checkpoint ({len(unexpected)} in all)")
    module.load_state_dict(state, strict=True)
    return module


def resolve_checkpoint(voice_dir: Path, name: str) -> Path:
    """A file name, or a glob such as `am/ckpt/checkpoint_*.pth`: the highest step number wins, as ModelScope picks."""
    if "*" not in name:
        return voice_dir / name

    def step(p: Path) -> int:
        digits = re.findall(r"\d+", p.stem)
        return int(digits[-1]) if digits else -1

    candidates = sorted(voice_dir.glob(name), key=step)
    if not candidates:
        raise FileNotFoundError(f"no checkpoint matches {voice_dir / name}")
    return candidates[-1]


def read_kantts_params(path: Path, model: str) -> dict[str, Any]:
    """`Model.<model>.params` of a KAN-TTS config yaml, plus its `audio_config` under that key when present."""
    import yaml

    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    try:
        params = dict(data["Model"][model]["params"])
    except (KeyError, TypeError):
        raise ValueError(f"{path} is not a KAN-TTS config with Model.{model}.params") from None
    if isinstance(data.get("audio_config"), dict):
        params["audio_config"] = data["audio_config"]
    return params


def _widen(lo: int, hi: int, width: int, t: int) -> tuple[int, int]:
    """[lo, hi) grown to `width` frames within [0, t): to the left first, then to the right."""
    lo = max(0, min(lo, hi - width))
    return lo, min(t, max(hi, lo + width))


def vocode_windows_batched(module: torch.nn.Module, jobs: list[tuple[int, torch.Tensor, int, int]], *, hop: int,
                           n_items: int, max_windows: int = 16, forward=None, width_of=None,
                           frames_per_pass: int | None = None) -> list[torch.Tensor]:
    """Run vocoder windows of several mels with equal-length windows stacked into one forward pass (at most
    `max_windows` at a time, which bounds memory), and reassemble each mel's waveform from its own windows.
    `jobs`: (mel index, window (n_mels, frames), offset of the chunk in the window, chunk frames), in order.
    `forward`: runs the module on stacked windows (default `module` itself; e.g. from a CUDA graph).
    `width_of`: the width a window is run at (default its own): a narrower window is padded on the right
    (`_pad_right`) and stacks with the others of that width (its chunk is cut from the front part).
    `frames_per_pass`: a pass of wide windows stacks fewer of them, at most this many frames in all (never fewer
    than one window), so that padding to wide widths does not raise the memory a pass needs."""
    forward = forward or module
    width_of = width_of or (lambda width: width)
    pieces: dict[int, list[tuple[int, torch.Tensor]]] = {i: [] for i in range(n_items)}
    by_len: dict[int, list[int]] = {}
    for k, job in enumerate(jobs):
        by_len.setdefault(width_of(job[1].shape[-1]), []).append(k)
    for width, ks in by_len.items():
        per_pass = max_windows if frames_per_pass is None else max(1, min(max_windows, frames_per_pass // width))
        for start in range(0, len(ks), per_pass):
            # rows ordered by the windows' own lengths (a row's output does not depend on its place in the pass), so
            # that those of one length are padded by one op
            group = sorted(ks[start : start + per_pass], key=lambda k: jobs[k][1].shape[-1])
            wav = forward(_stack_padded([jobs[k][1] for k in group], width))  # (G, width * hop)
            for row, k in enumerate(group):
                i, _, offset, frames = jobs[k]
                pieces[i].append((k, wav[row, offset * hop : (offset + frames) * hop].float()))
    # (a mel of one window, as every window of the scheduler's passes is, is returned as its slice of the pass's
    # output: a copy of it would be one more kernel launch a window on a GPU)
    return [ps[0][1] if len(ps) == 1 else torch.cat([w for _, w in sorted(ps, key=lambda kw: kw[0])])
            for ps in (pieces[i] for i in range(n_items))]


def _stack_padded(windows: list[torch.Tensor], width: int) -> torch.Tensor:
    """The windows (n_mels, frames each) stacked and padded on the right to `width` (`_pad_right`), in their order,
    each run of equal lengths padded by one op rather than each window by its own (on a GPU each op is a launch, and
    session 36's profile counted about one padding op per window in distill-baker's passes)."""
    runs: list[list[torch.Tensor]] = []
    for w in windows:
        if runs and runs[-1][0].shape[-1] == w.shape[-1]:
            runs[-1].append(w)
        else:
            runs.append([w])
    parts = [_pad_right(torch.stack(run), width) for run in runs]
    return parts[0] if len(parts) == 1 else torch.cat(parts)


def _pad_right(window: torch.Tensor, width: int) -> torch.Tensor:
    """(..., n_mels, frames) -> (..., n_mels, width): its frames mirrored after its end (as far as it has frames),
    then its last frame repeated. (For MB-MelGAN the mirror changes a call's last samples less than repeating the
    last frame alone: `bench/vocoder_padding.py`.)"""
    extra = width - window.shape[-1]
    if extra <= 0:
        return window
    mirrored = min(extra, window.shape[-1] - 1)
    x = window if window.dim() == 3 else window[None]
    x = F.pad(x, (0, mirrored), mode="reflect") if mirrored else x
    x = F.pad(x, (0, extra - mirrored), mode="replicate") if extra > mirrored else x
    return x if window.dim() == 3 else x[0]


class BatchedWindows(abc.ABC):
    """`plan_windows`, `run_windows` and `infer_batch` for a vocoder stage that cuts a mel into overlapping
    windows (`_batch_windows(mel (n_mels, T), chunk_frames)` -> (window, chunk offset, chunk frames) in order,
    each window ready to stack) and runs `self.module` on stacked windows."""

    module: torch.nn.Module
    device: torch.device
    dtype: torch.dtype
    hop_length: int

    @abc.abstractmethod
    def _batch_windows(self, mel: torch.Tensor, chunk_frames: int | None):
        """(window, chunk offset, chunk frames) covering `mel` (n_mels, T) in order, windows ready to stack."""

    @abc.abstractmethod
    def _spans(self, t: int, chunk_frames: int | None, start: int = 0):
        """(window start, window end, chunk start, chunk end) in frames covering frames [start, t) of a mel of
        `t` frames in order, chunks from `start` on."""

    @abc.abstractmethod
    def _prepare(self, window: torch.Tensor) -> torch.Tensor:
        """A window (n_mels, frames) as the module takes it (e.g. padded to a minimum length)."""

    causal: bool = False  # output depends on past mel frames only: windows of a mel still growing are exact
    # Non-causal, on a GPU with graphs and `pad_windows` set (the `vocoder_pad_windows` setting, through
    # LoadedVoice.load): a window at least `pad_right_min_frames` wide is padded on the right
    # (`_pad_right`) to the narrowest of `vocoder_graph.padded_widths` that holds it, so that a whole mel's windows
    # and a call's only window replay a captured graph, stacked with the other jobs' windows of that width, where
    # every width met ran eagerly on its own before. The chunk's samples change only within the receptive field
    # of the window's right end where that end is the mel's own (a mel's other windows are widened with its real
    # frames, `plan_windows`): set only for a vocoder whose tests bound that change (MB-MelGAN). None: never
    # padded. (A causal vocoder's windows are padded anyway: their samples never depend on later frames.)
    pad_right_min_frames: int | None = None
    pad_windows: bool = False
    # the worker's CUDA-graph cache (set by LoadedVoice.load): on a GPU, `run_windows` replays stacked windows from
    # captured graphs (pipeline/vocoder_graph.py)
    graphs: "CudaGraphCache | None" = None
    # torch.bfloat16 (set by LoadedVoice.load from the `cpu_vocoder_dtype` setting): while the stage is on the CPU,
    # its windows run under autocast (convolutions and matrix products in bfloat16, weights and the rest float32)
    cpu_autocast: "torch.dtype | None" = None

    def _autocast(self):
        """bfloat16 autocast while on the CPU with `cpu_autocast` set; otherwise nothing at all (the GPU worker's
        vocoder passes leave torch's autocast state untouched)."""
        if self.cpu_autocast is None or self.device.type != "cpu":
            return contextlib.nullcontext()
        return torch.autocast("cpu", dtype=self.cpu_autocast)

    def plan_windows(self, mel: torch.Tensor, *, chunk_frames: int | None = None, equal_length: bool = False,
                     start: int = 0, final: bool = True, end: int | None = None) -> list[VocoderWindow]:
        """`equal_length` (for stacking on a GPU): every window is widened to the longest window's length with
        more of the mel's own frames as context, left first, then right, so that the first and last windows of
        a mel stack with its interior ones and with other mels' windows. Extra context beyond the receptive
        field leaves the chunk's output unchanged (up to floating-point rounding of a differently shaped pass).
        `start`: the chunks begin there (the frames before it are context only); `end`: they stop there (the
        frames after it are context only; None: the mel's end). `final=False`: `mel` is still growing: only whole
        chunks, and only from a causal vocoder (none from one that needs frames ahead)."""
        if not final and not self.causal:
            return []
        mel = mel.to(self.device, self.dtype).T  # (n_mels, T)
        t = mel.shape[-1]
        spans = list(self._spans(t, chunk_frames, start))
        if not final:
            step = chunk_frames or self.chunk_frames
            spans = [sp for sp in spans if sp[3] - sp[2] == step]
        if end is not None and end < t:
            spans = [(lo, hi, a, min(b, end)) for lo, hi, a, b in spans if a < end]
        if equal_length and spans:
            width = max(hi - lo for lo, hi, _, _ in spans)
            spans = [(_widen(lo, hi, width, t), start, end) for lo, hi, start, end in spans]
            spans = [(lo, hi, start, end) for (lo, hi), start, end in spans]
        return [VocoderWindow(self._prepare(mel[:, lo:hi]), start - lo, end - start) for lo, hi, start, end in spans]

    def graph_widths(self) -> tuple[int, ...]:
        """The widths of the windows of the scheduler's standard chunks (a stream's first chunk from the mel's
        start, an interior stream chunk with its context), as `_prepare` shapes them: the shapes worth a CUDA
        graph. Other windows (a whole mel's 400-frame chunks, short tails) run eagerly."""
        widths = getattr(self, "_graph_widths", None)
        if widths is None:
            t = 8 * STREAM_CHUNK_FRAMES
            # a stage that vocodes a call in one window (no chunks) yields fewer spans: then its first one
            spans = [next(iter(self._spans(t, FIRST_CHUNK_FRAMES)))]
            spans += list(self._spans(t, STREAM_CHUNK_FRAMES, STREAM_CHUNK_FRAMES))[1:2]
            n_mels = 1  # the width is all that matters here
            widths = tuple(sorted({self._prepare(torch.zeros(n_mels, hi - lo)).shape[-1] for lo, hi, _, _ in spans}))
            self._graph_widths = widths
        return widths

    @torch.inference_mode()
    def run_windows(self, windows: list[VocoderWindow], *, max_windows: int = 16) -> list[torch.Tensor]:
        from ttsserve.pipeline import vocoder_graph

        jobs = [(k, w.mel, w.offset, w.frames) for k, w in enumerate(windows)]

        widths = self.graph_widths()
        width_of = frames_per_pass = None
        if self.graphs is not None and self.device.type == "cuda":
            if self.pad_windows and self.pad_right_min_frames is not None:
                if getattr(self, "_padded_widths", None) is None:  # (computed once: a stage's widths never change)
                    self._padded_widths = vocoder_graph.padded_widths(widths)
                widths = self._padded_widths
                width_of = functools.partial(vocoder_graph.run_width, widths=widths,
                                             min_width=self.pad_right_min_frames)
                # a pass of padded windows holds no more frames than `max_windows` of the widest standard width
                # (session 33: 8 stacked 608-frame windows raised torch's reserved memory by ~270 MB)
                frames_per_pass = max_windows * max(self.graph_widths()) if PADDED_PASS_CAP else None
            elif self.causal:  # (stacked at the captured width; its frames after the window are never heard)
                width_of = functools.partial(vocoder_graph.graph_width_or_own, widths=widths)

        def forward(x: torch.Tensor) -> torch.Tensor:
            return vocoder_graph.forward(self.module, x, hop=self.hop_length, causal=self.causal, cache=self.graphs,
                                         widths=widths)

        with self._autocast():
            return vocode_windows_batched(self.module, jobs, hop=self.hop_length, n_items=len(windows),
                                          max_windows=max_windows, forward=forward, width_of=width_of,
                                          frames_per_pass=frames_per_pass)

    @torch.inference_mode()
    def infer_batch(self, mels: list[torch.Tensor], *, chunk_frames: int | None = None,
                    max_windows: int = 16) -> list[torch.Tensor]:
        """Waveforms of several mels at once (offline use: recipes, benchmarks): windows of equal length are
        stacked into one forward pass; each equals `infer` of its own mel."""
        per = [self._batch_windows(m.to(self.device, self.dtype).T, chunk_frames) for m in mels]
        jobs = [(i, *w) for i, ws in enumerate(per) for w in ws]
        with self._autocast():
            return vocode_windows_batched(self.module, jobs, hop=self.hop_length, n_items=len(mels),
                                          max_windows=max_windows)
