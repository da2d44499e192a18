"""Stage contracts: the Protocols every frontend, acoustic model and vocoder implements, their dataclass
inputs/outputs, and the registry that builds a stage from its name in a voice manifest.

Nothing outside this module branches on a concrete stage class: the engine only sees these Protocols.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterator, Protocol, runtime_checkable

if TYPE_CHECKING:  # torch is imported lazily so that HTTP code can import the dataclasses cheaply
    import torch


# ---------------------------------------------------------------------------------------------- frontend
@dataclass(frozen=True)
class Syllable:
    """One spoken syllable as the G2P resolved it."""

    text: str  # the source character(s), e.g. "长"; "" for a syllable with no source character
    pinyin: str  # TONE3 style with tone 5 for neutral, after sandhi, e.g. "zhang3", "er5"
    initial: str  # pinyin initial, "" when the syllable has none (a, e, o, y/w-words: yu -> "")
    final: str  # pinyin final without tone in its full form, e.g. "iou" for "you", "v" for "yu"
    tone: int  # 1-4, 5 = neutral
    break_after: int = 0  # prosody break after this syllable: 0 in-word, 1 word, 2 phrase, 3 sentence
    # [start, end) of the request text this syllable reads (after inline readings, normalization): its own
    # character, or the whole stretch that normalization rewrote ("2024", "¥500", "10:30"), shared by the
    # syllables made from it. None from a frontend that does not track it (then no timestamps).
    span: tuple[int, int] | None = None


@dataclass(frozen=True)
class SpanControls:
    """Controls a markup span (SSML, frontend/ssml.py) puts on a sentence; the defaults change nothing."""

    gap_before_s: float | None = None  # exact silence before the sentence (a <break>); None: the usual one
    rate: float = 1.0  # multiplies the request's speed
    pitch: float = 1.0  # multiplies the request's pitch
    volume: float = 1.0  # multiplies the request's volume
    emotion: str | None = None  # one of the voice's emotions, instead of the request's


NO_CONTROLS = SpanControls()


@dataclass(frozen=True)
class Sentence:
    """A unit the acoustic model synthesizes on its own."""

    text: str  # normalized text of the sentence
    span: tuple[int, int]  # [start, end) of the sentence in the caller's original text
    syllables: tuple[Syllable, ...]
    controls: SpanControls = NO_CONTROLS


@dataclass(frozen=True)
class MarkupInfo:
    """What an SSML request's markup did (frontend/ssml.py): spans index `text_content`, the document's text."""

    text_content: str
    elements: tuple[dict, ...] = ()  # per element: its name, position and effect (shown by /v1/frontend)
    tail_silence_s: float = 0.0  # a <break> after the last spoken text


@dataclass(frozen=True)
class FrontendOutput:
    normalized_text: str
    sentences: tuple[Sentence, ...]
    source: str = ""  # the text this was made from (spans index it); a long text's piece is found by it
    markup: MarkupInfo | None = None  # SSML input: spans index markup.text_content instead of `source`


@runtime_checkable
class TextFrontend(Protocol):
    def process(self, text: str) -> FrontendOutput:
        """Normalize, split and phonetize `text`. Raises `ttsserve.errors.TextError` for unusable text."""
        ...


# A call's symbols as its acoustic model reads them: one id per symbol (a single-stream symbol set, such as baker's
# phone table), or one row of ids per symbol (a multi-stream set: KAN-TTS rows are (sy, tone, syllable_flag,
# word_segment)). A voice's symbol set and acoustic model agree on which; nothing else looks inside.
SymbolIds = tuple[int, ...] | tuple[tuple[int, ...], ...]


@runtime_checkable
class SymbolSet(Protocol):
    """Turns a frontend sentence into the ids an acoustic model was trained on."""

    name: str

    def encode(self, sentence: Sentence) -> list[int] | list[tuple[int, ...]]:
        """Raises `ttsserve.errors.UnknownSymbolError` on a symbol outside the table."""
        ...

    def to_phones(self, sentence: Sentence) -> list[str]:
        """The symbols `encode` would produce, as strings (for inspection)."""
        ...

    def symbol_syllables(self, sentence: Sentence) -> list[int]:
        """For each symbol `encode` produces, the index of the syllable of `sentence.syllables` it belongs to,
        or -1 for a symbol of no syllable (silence, a prosody break, the end symbol). With the model's
        durations per symbol this gives each syllable's time (pipeline/timing.py)."""
        ...


# ---------------------------------------------------------------------------------------------- acoustic
@dataclass(frozen=True)
class Prosody:
    """User controls, multiplicative, 1.0 = as the model predicts. How a stage realizes pitch, pitch_range
    and energy on its normalized contours: `ttsserve.pipeline.contour` (measured per voice)."""

    speed: float = 1.0  # > 1 speaks faster (durations are divided by it)
    pitch: float = 1.0  # register: ratio of the median f0 (1.2 = 20% higher), the range kept
    energy: float = 1.0  # level ratio (1.26 = +2 dB) on a calibrated voice; else a scale of the energy contour
    pitch_range: float = 1.0  # spread of f0 around the register, as a ratio of its span in semitones


@dataclass(frozen=True)
class AcousticInput:
    symbol_ids: SymbolIds  # one id, or one row of stream ids, per symbol (len() = number of symbols either way)
    speaker_id: int = 0
    emotion_id: int | None = None  # model emotion id for a trained (native) emotion; None = the model's neutral
    prosody: Prosody = field(default_factory=Prosody)
    seed: int | None = None  # None: deterministic inference (dropout off); an int: sampled, reproducible
    # Symbols [own[0], own[1]) are this call's; the rest is context from the neighbouring call of the same sentence
    # (`segmentation.context_syllables`): the model reads it and the stage returns the own symbols' frames only.
    # None: all symbols are the call's. Only a stage with `takes_context = True` is given context.
    own: tuple[int, int] | None = None
    # True for the first call of a response (plan_calls): its audio is what a listener waits for, so a stage may
    # leave out more of the silence before the first sound there than between sentences, where that silence is
    # part of the pause (FastSpeech2's `response_lead`). Calls of one job get it the same way alone or batched.
    opens_response: bool = False


@dataclass
class AcousticOutput:
    mel: "torch.Tensor"  # (T_frames, n_mels) float32, on the stage's device
    durations: "torch.Tensor"  # (n_symbols,) int64 frames per input symbol, of the call's audio (see `edges`)
    # (lead, tail): frames at the start and end of `mel` that the vocoder reads but whose audio is left out, the
    # silence a model puts around a call beyond what a call needs (Kokoro: ~0.4 s before, ~1 s after). The
    # durations count the frames in between only: durations.sum() == T_frames - lead - tail.
    edges: tuple[int, int] = (0, 0)


@runtime_checkable
class AcousticModel(Protocol):
    """Optional attributes `n_speakers` and `n_emotions` (ints; absent or None: not declared): the sizes of the
    model's speaker and emotion tables. When declared, a voice whose manifest names an id beyond them fails
    when it loads (`LoadedVoice.load`), not on each request."""

    device: "torch.device"
    dtype: "torch.dtype"
    n_mels: int

    def infer(self, inputs: list[AcousticInput]) -> list[AcousticOutput]: ...

    def to(self, device: "torch.device | str") -> "AcousticModel": ...

    def nbytes(self) -> int: ...


class FrameStream(Protocol):
    """One acoustic call whose mel frames come out over several `DecoderSlots.advance` calls."""

    durations: "torch.Tensor"  # (n_symbols,) int64 frames per symbol: final when the call begins
    frames: int  # mel frames the call will have
    done: bool  # every frame handed out


@runtime_checkable
class DecoderSlots(Protocol):
    """What an autoregressive acoustic model offers the scheduler (`acoustic.decoder_slots(slots=,
    steps_per_advance=, fused_step=)`, None when it cannot; `fused_step`: the `decoder_fused_step` setting,
    auto | on | off, for a model with a fused decoder step): a fixed set of slots that calls join and leave
    while the others decode, each call's frames handed out as they are made (pipeline/sambert_slots.py)."""

    free: int  # slots without a call
    busy: bool  # some slot holds a call

    def begin(self, inputs: list[AcousticInput]) -> list[FrameStream]:
        """Start at most `free` calls (durations known from here on)."""
        ...

    def advance(self) -> list[tuple[FrameStream, "torch.Tensor"]]:
        """A few decoder steps of every call; -> (call, its new mel frames (n, n_mels) float32)."""
        ...

    def take_whole(self, calls: list[FrameStream]) -> list[tuple[FrameStream, "torch.Tensor"]]:
        """Calls that `begin` decoded in one piece (they did not fit a slot), with their whole mel."""
        ...

    def cancel(self, call: FrameStream) -> None: ...


# ---------------------------------------------------------------------------------------------- vocoder
# The scheduler's chunks of a streamed call: a short first one (first audio after a few decoder steps), then
# longer ones (less context recomputed), all but the first of one length so that they stack. Vocoders capture
# CUDA graphs for the windows of these chunks (pipeline/vocoder_graph.py).
FIRST_CHUNK_FRAMES = 24
# (TTSSERVE_STREAM_CHUNK_FRAMES: a diagnostic for device A/B runs, read once at import as scheduler.PHASE_SYNC is;
# not a setting)
STREAM_CHUNK_FRAMES = int(os.environ.get("TTSSERVE_STREAM_CHUNK_FRAMES", "96"))


@dataclass(frozen=True)
class VocoderWindow:
    """A stretch of mel to run through a vocoder and the part of its output to keep: a chunk plus the context
    its receptive field needs, so that chunked output equals whole-utterance output."""

    mel: "torch.Tensor"  # (n_mels, frames) on the stage's device and dtype, ready to stack
    offset: int  # frames of left context before the chunk
    frames: int  # frames of the chunk


@runtime_checkable
class Vocoder(Protocol):
    device: "torch.device"
    dtype: "torch.dtype"
    sample_rate_hz: int
    hop_length: int  # waveform samples per mel frame

    def infer(self, mel: "torch.Tensor") -> "torch.Tensor":
        """(T_frames, n_mels) float32 -> (T_frames * hop_length,) float32 in [-1, 1] on the stage device."""
        ...

    def stream(self, mel: "torch.Tensor", *, chunk_frames: int | None = None) -> "Iterator[torch.Tensor]":
        """The same waveform as `infer(mel)`, yielded in pieces of about `chunk_frames * hop_length`
        samples as they are computed (overlap-trimmed, so the concatenation equals `infer`). `mel` may be
        on any device; None = the stage's own default chunk size."""
        ...

    def plan_windows(self, mel: "torch.Tensor", *, chunk_frames: int | None = None, equal_length: bool = False,
                     start: int = 0, final: bool = True, end: int | None = None) -> list["VocoderWindow"]:
        """The windows that cover `mel` (T_frames, n_mels; any device) from frame `start` to frame `end` (None:
        the last), in order: each yields one chunk of the waveform, and the chunks of all windows concatenate to
        `infer(mel)[start * hop_length : end * hop_length]` (the frames outside are context only: an
        `AcousticOutput`'s edges). The scheduler runs them a few at a time, across jobs. `equal_length`: widen
        short windows with more context so that they stack (GPU). `final=False`: `mel` is still growing (an
        acoustic model that streams frames): only whole chunks that no later frame can change (none at all from
        a vocoder that looks ahead)."""
        ...

    def run_windows(self, windows: list["VocoderWindow"], *, max_windows: int = 16) -> list["torch.Tensor"]:
        """Each window's chunk (float32, on the stage device), windows of equal length stacked into one forward
        pass, at most `max_windows` at a time (1 on a CPU, where stacking is slower)."""
        ...

    def to(self, device: "torch.device | str") -> "Vocoder": ...

    def nbytes(self) -> int: ...


# ---------------------------------------------------------------------------------------------- registry
@dataclass(frozen=True)
class StageSpec:
    """What a voice manifest says about one stage."""

    type: str  # registry name, e.g. "fastspeech2"
    voice_dir: Path
    options: dict[str, Any]  # the rest of the manifest section (weights file, config overrides, ...)


# A loader takes the spec plus placement and returns a ready stage (eval mode, weight norm folded).
StageLoader = Callable[..., Any]

_REGISTRY: dict[str, dict[str, StageLoader]] = {"frontend": {}, "acoustic": {}, "vocoder": {}, "symbols": {}}


def register(kind: str, name: str) -> Callable[[StageLoader], StageLoader]:
    def deco(loader: StageLoader) -> StageLoader:
        _REGISTRY[kind][name] = loader
        return loader

    return deco


def registered(kind: str) -> list[str]:
    _import_builtin_stages()
    return sorted(_REGISTRY[kind])


def get_loader(kind: str, name: str) -> StageLoader:
    _import_builtin_stages()
    try:
        return _REGISTRY[kind][name]
    except KeyError:
        from ttsserve.errors import ConfigError

        raise ConfigError(
            f"unknown {kind} stage {name!r}; registered: {', '.join(sorted(_REGISTRY[kind])) or 'none'}"
        ) from None


def get_frontend_loader(name: str) -> StageLoader:
    """A frontend loader without importing the model stages (and torch): for the frontend processes."""
    import importlib

    importlib.import_module("ttsserve.frontend")
    if name in _REGISTRY["frontend"]:
        return _REGISTRY["frontend"][name]
    return get_loader("frontend", name)


def _import_builtin_stages() -> None:
    # Importing a stage module registers it. Kept lazy so that importing base.py never pulls in torch.
    import importlib

    for mod in _BUILTIN_MODULES:
        importlib.import_module(mod)


_BUILTIN_MODULES: list[str] = [
    "ttsserve.pipeline.fastspeech2",
    "ttsserve.pipeline.mbmelgan",
    "ttsserve.pipeline.hifigan",
    "ttsserve.pipeline.sambert",
    "ttsserve.pipeline.kokoro",
    "ttsserve.frontend",
    "ttsserve.frontend.kantts",
    "ttsserve.frontend.kokoro",
]
