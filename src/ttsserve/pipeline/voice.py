"""A loaded voice (symbol set + acoustic model + vocoder built from its manifest through the registry) and a
job's plan of model calls (text -> sentences -> the calls this voice's model is given). The scheduler
(engine/scheduler.py) runs the calls. Worker-thread code: imports torch.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import torch

from ttsserve.pipeline.base import (
    AcousticInput,
    AcousticModel,
    FrontendOutput,
    Prosody,
    StageSpec,
    SymbolSet,
    TextFrontend,
    Vocoder,
    get_loader,
)
from ttsserve.errors import ConfigError
from ttsserve.pipeline.segment import segment
from ttsserve.pipeline.timing import CallText, call_text
from ttsserve.voices import VoiceManifest, load_symbols, verify_files

if TYPE_CHECKING:
    from ttsserve.engine.graphs import CudaGraphCache


@dataclass(frozen=True)
class Placement:
    acoustic_device: str
    vocoder_device: str
    gpu_dtype: str  # dtype for stages placed on a GPU; CPU stages keep float32 weights
    # "bfloat16": a vocoder on the CPU runs its windows under bfloat16 autocast (the `cpu_vocoder_dtype` setting,
    # once the worker found native bfloat16 on this CPU); None: float32
    cpu_vocoder_autocast: str | None = None
    # the `vocoder_pad_windows` setting: a vocoder that allows it pads its windows to captured widths on a GPU
    vocoder_pad_windows: bool = False
    # the `vocoder_narrow_kernels` setting: a vocoder that has narrow convolutions runs them as a Triton kernel
    vocoder_narrow_kernels: str = "off"

    def dtype_for(self, device: str) -> str:
        return self.gpu_dtype if device.startswith("cuda") else "float32"


def check_ids(manifest: VoiceManifest, acoustic: AcousticModel) -> None:
    """The manifest's speaker and native-emotion ids against the model's tables, where the stage declares
    their sizes (`n_speakers`, `n_emotions`): an id beyond them would fail every request to this voice."""
    n_speakers, n_emotions = getattr(acoustic, "n_speakers", None), getattr(acoustic, "n_emotions", None)
    where = f"voice {manifest.name!r}"
    if n_speakers is not None:
        for name, sid in manifest.speakers.items():
            if not 0 <= sid < n_speakers:
                raise ConfigError(f"{where}: speaker {name!r} has id {sid}; the acoustic model has {n_speakers} "
                                  "speakers (ids from 0)")
    if n_emotions is not None:
        for name, spec in manifest.emotions.items():
            if spec.kind == "native" and (spec.id is None or not 0 <= spec.id < n_emotions):
                raise ConfigError(f"{where}: emotion {name!r} has id {spec.id}; the acoustic model has "
                                  f"{n_emotions} emotions (ids from 0)")


class LoadedVoice:
    def __init__(self, manifest: VoiceManifest, symbols: SymbolSet, acoustic: AcousticModel, vocoder: Vocoder):
        self.manifest = manifest
        self.symbols = symbols
        self.acoustic = acoustic
        self.vocoder = vocoder
        self._host: dict[str, dict[str, torch.Tensor]] = {}  # stage -> tensor name -> pinned host copy
        self._host_bytes: dict[str, int] = {}  # stage -> bytes of its host copies (counted when they are made)

    @classmethod
    def load(cls, manifest: VoiceManifest, placement: Placement, *, device: str = "cpu",
             graphs: "CudaGraphCache | None" = None) -> "LoadedVoice":
        """Build every stage from the manifest on `device` (the cache moves it later). `graphs`: the worker's
        CUDA-graph cache, handed to every stage that captures graphs: a stage that keeps them in a `graphs`
        attribute (FastSpeech2, Sambert) gets it in place of its own; other stages (and third-party loaders,
        which are called as before: spec, device, dtype) are left as they are."""

        def spec(section) -> StageSpec:
            return StageSpec(type=section.type, voice_dir=manifest.dir, options=section.options())

        def build(kind: str, section):
            files = [str(manifest.dir / v) for k, v in section.options().items() if k in ("weights", "checkpoint")]
            device_for = placement.acoustic_device if kind == "acoustic" else placement.vocoder_device
            try:
                stage = get_loader(kind, section.type)(spec(section), device=device, dtype=placement.dtype_for(device_for))
            except ConfigError:
                raise
            except Exception as exc:  # corrupt, truncated or mismatched weights: name the file
                raise ConfigError(f"{kind} stage {section.type!r} could not load {', '.join(files) or manifest.dir}: "
                                  f"{type(exc).__name__}: {exc}") from exc
            if graphs is not None and hasattr(stage, "graphs"):
                stage.graphs = graphs  # one cache (and one set of limits) for every voice's graphs
            return stage

        verify_files(manifest)
        symbols = load_symbols(manifest)
        acoustic = build("acoustic", manifest.acoustic)
        check_ids(manifest, acoustic)
        if manifest.segmentation.context_syllables and not (
                callable(getattr(symbols, "encode_in_context", None)) and getattr(acoustic, "takes_context", False)):
            raise ConfigError(f"voice {manifest.name!r}: segmentation.context_syllables needs a symbol set with "
                              "encode_in_context and an acoustic stage that takes context (takes_context)")
        vocoder = build("vocoder", manifest.vocoder)
        if placement.vocoder_pad_windows and hasattr(vocoder, "pad_windows"):
            vocoder.pad_windows = True
        if hasattr(vocoder, "narrow_kernels"):
            vocoder.narrow_kernels = placement.vocoder_narrow_kernels
        if placement.cpu_vocoder_autocast and hasattr(vocoder, "cpu_autocast"):
            vocoder.cpu_autocast = getattr(torch, placement.cpu_vocoder_autocast)  # applies while it is on the CPU
        if vocoder.sample_rate_hz != manifest.sample_rate_hz:
            raise ConfigError(
                f"voice {manifest.name!r}: vocoder produces {vocoder.sample_rate_hz} Hz but the manifest says "
                f"{manifest.sample_rate_hz} Hz"
            )
        return cls(manifest, symbols, acoustic, vocoder)

    def to(self, acoustic_device: str, vocoder_device: str) -> None:
        """Place the stages. Weights are immutable, so a voice keeps one pinned host copy of its tensors:
        moving to a GPU is one non-blocking copy from pinned memory, and moving back to the host just
        drops the GPU tensors (no copy, no new pinned allocation)."""
        for attr, device in (("acoustic", acoustic_device), ("vocoder", vocoder_device)):
            stage = getattr(self, attr)
            module = getattr(stage, "module", None)
            if not isinstance(module, torch.nn.Module):
                setattr(self, attr, stage.to(device))
                continue
            target = torch.device(device)
            host = self._host.setdefault(attr, {})
            for name, t in _named_tensors(module):
                if name not in host:  # first move: keep the host copy, pinned when a GPU exists
                    cpu = t.data if t.device.type == "cpu" else t.data.cpu()
                    host[name] = cpu.pin_memory() if torch.cuda.is_available() else cpu
                t.data = host[name] if target.type == "cpu" else host[name].to(target, non_blocking=True)
            self._host_bytes[attr] = sum(t.numel() * t.element_size() for t in host.values())
            stage.device = target
        if torch.cuda.is_available():
            torch.cuda.current_stream().synchronize()

    def view(self, manifest: VoiceManifest) -> "LoadedVoice":
        """These stages under another voice's manifest (an alias: a voice name for one of this model's speakers).
        The view shares the stages; only the voice it was made from is cached and moved between tiers."""
        view = LoadedVoice(manifest, self.symbols, self.acoustic, self.vocoder)
        view._host, view._host_bytes = self._host, self._host_bytes
        return view

    def nbytes(self) -> int:
        return self.acoustic.nbytes() + self.vocoder.nbytes()

    def host_copy_nbytes(self) -> int:
        """Host memory held beyond `nbytes()`: the pinned copies of the stages placed off the CPU (a stage on the
        CPU runs on its host copy, already counted in `nbytes()`)."""
        return sum(n for attr, n in self._host_bytes.items() if getattr(self, attr).device.type != "cpu")


def _named_tensors(module: torch.nn.Module):
    yield from module.named_parameters()
    yield from module.named_buffers()


@dataclass
class SynthesisOptions:
    speaker: str | None = None
    emotion: str | None = None
    speed: float = 1.0
    pitch: float = 1.0
    volume: float = 1.0
    seed: int | None = None
    sentence_silence_s: float = 0.2
    continues: bool = False  # the text continues a response (SynthesisRequest.continues): no call opens one


@dataclass(frozen=True)
class CallPlan:
    """A job's acoustic-model calls (pipeline/segment.py): inputs[i] is call i, gaps_s[i] the silence before its
    audio, sentence_of[i] the frontend sentence it belongs to."""

    inputs: list[AcousticInput]
    gaps_s: list[float]
    sentence_of: list[int]
    sample_rate_hz: int  # of the voice's audio
    # For timestamps (pipeline/timing.py), when the request asked for them: texts[i] is call i's syllables and
    # which syllable each of its symbols belongs to; hop_length the vocoder's samples per mel frame.
    texts: list[CallText] = field(default_factory=list)
    hop_length: int = 0
    # Markup (SSML): gains[i] multiplies call i's audio (empty: all 1.0, the request's volume alone applies);
    # tail_s is silence after the last call (a <break> at the end of the document).
    gains: list[float] = field(default_factory=list)
    tail_s: float = 0.0


def plan_calls(voice: LoadedVoice, frontend_output: FrontendOutput, options: SynthesisOptions, *,
               after: CallPlan | None = None, text_offset: int | None = None) -> CallPlan:
    """The frontend's sentences cut for this voice's model, each call with the request's speaker, emotion and
    prosody. `after`: the plan of the text before this piece (a text planned piece by piece); the result is that
    plan extended, numbered on from it (sentence indexes, seeds), as if the whole text had been planned at once.
    `text_offset`: where this piece starts in the request text, for a request with timestamps (None: without)."""
    manifest = voice.manifest
    speaker_id = manifest.speaker_id(options.speaker)
    seg = manifest.segmentation
    calls = segment(frontend_output.sentences, max_syllables=seg.max_syllables,
                    sentence_silence_s=options.sentence_silence_s, phrase_pause_s=seg.phrase_pause_s,
                    context_syllables=seg.context_syllables,
                    first_max_syllables=None if after and after.inputs else seg.first_call_max_syllables)
    first_call = len(after.inputs) if after else 0
    first_sentence = after.sentence_of[-1] + 1 if after and after.sentence_of else 0
    inputs, owners = [], []
    for i, call in enumerate(calls):
        if call.context is None:
            ids, own, owner = voice.symbols.encode(call.sentence), None, None
        else:  # a cut call read with its neighbours (segmentation.context_syllables)
            ids, own, owner = voice.symbols.encode_in_context(call.context, call.own_syllables)
        owners.append(owner)
        # Markup controls on the sentence (SSML prosody, express-as) multiply the request's own, within its ranges.
        controls = call.sentence.controls
        _, emotion = manifest.emotion(controls.emotion or options.emotion)
        # Prosody presets multiply the user's own controls; a native emotion passes through by its model id.
        prosody = Prosody(speed=_held(options.speed * controls.rate) * emotion.speed,
                          pitch=_held(options.pitch * controls.pitch) * emotion.pitch, energy=emotion.energy,
                          pitch_range=emotion.pitch_range)
        inputs.append(AcousticInput(
            symbol_ids=tuple(ids),
            speaker_id=speaker_id,
            emotion_id=emotion.id if emotion.kind == "native" else None,
            prosody=prosody,
            seed=None if options.seed is None else options.seed + first_call + i,
            own=own,
            opens_response=first_call + i == 0 and not options.continues,
        ))
    gaps = [c.gap_before_s for c in calls]
    if after and after.inputs and gaps and calls[0].sentence.controls.gap_before_s is None:
        gaps[0] = options.sentence_silence_s  # a piece starts with a new sentence
    texts = [] if text_offset is None else [call_text(voice.symbols, c.sentence, text_offset=text_offset, owner=owner)
                                            for c, owner in zip(calls, owners)]
    gains = [c.sentence.controls.volume for c in calls]
    markup = frontend_output.markup
    plan = CallPlan(inputs=inputs, gaps_s=gaps, sentence_of=[first_sentence + c.sentence_index for c in calls],
                    sample_rate_hz=voice.vocoder.sample_rate_hz, texts=texts, hop_length=voice.vocoder.hop_length,
                    gains=gains if any(g != 1.0 for g in gains) else [],
                    tail_s=markup.tail_silence_s if markup is not None else 0.0)
    if after is None:
        return plan
    merged_gains = (after.gains or [1.0] * len(after.inputs)) + (plan.gains or [1.0] * len(plan.inputs))
    return CallPlan(inputs=after.inputs + plan.inputs, gaps_s=after.gaps_s + plan.gaps_s,
                    sentence_of=after.sentence_of + plan.sentence_of, sample_rate_hz=plan.sample_rate_hz,
                    texts=after.texts + plan.texts, hop_length=plan.hop_length,
                    gains=merged_gains if any(g != 1.0 for g in merged_gains) else [], tail_s=plan.tail_s)


def _held(value: float) -> float:
    """A request control times a markup control, held to the request fields' range (0.5-2)."""
    return min(max(value, 0.5), 2.0)


def prepare_inputs(voice: LoadedVoice, frontend_output: FrontendOutput, options: SynthesisOptions) -> list[AcousticInput]:
    """The acoustic inputs of `plan_calls` alone (benchmarks of the acoustic stage)."""
    return plan_calls(voice, frontend_output, options).inputs
