"""A loaded voice (symbol set + acoustic model + vocoder built from its manifest through the registry) and
the per-job pipeline that runs text -> sentences -> mel -> waveform. Worker-thread code: imports torch.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np
import torch

from ttsserve.pipeline.base import (
    AcousticInput,
    AcousticModel,
    AcousticOutput,
    FrontendOutput,
    Prosody,
    StageSpec,
    SymbolSet,
    TextFrontend,
    Vocoder,
    get_loader,
)
from ttsserve.errors import ConfigError
from ttsserve.telemetry import JobStats, MemoryProbe
from ttsserve.voices import VoiceManifest, load_symbols

# Sentences sent to the acoustic model in one call. Bounds activation memory for long texts (the
# frontend already caps a sentence's length), while still batching short sentences together.
SENTENCES_PER_ACOUSTIC_CALL = 8


@dataclass(frozen=True)
class Placement:
    acoustic_device: str
    vocoder_device: str
    gpu_dtype: str  # dtype for stages placed on a GPU; CPU stages always run float32

    def dtype_for(self, device: str) -> str:
        return self.gpu_dtype if device.startswith("cuda") else "float32"


class LoadedVoice:
    def __init__(self, manifest: VoiceManifest, symbols: SymbolSet, acoustic: AcousticModel, vocoder: Vocoder):
        self.manifest = manifest
        self.symbols = symbols
        self.acoustic = acoustic
        self.vocoder = vocoder
        self._host: dict[str, dict[str, torch.Tensor]] = {}  # stage -> tensor name -> pinned host copy

    @classmethod
    def load(cls, manifest: VoiceManifest, placement: Placement, *, device: str = "cpu") -> "LoadedVoice":
        """Build every stage from the manifest on `device` (the cache moves it later)."""

        def spec(section) -> StageSpec:
            return StageSpec(type=section.type, voice_dir=manifest.dir, options=section.options())

        def build(kind: str, section):
            files = [str(manifest.dir / v) for k, v in section.options().items() if k in ("weights", "checkpoint")]
            device_for = placement.acoustic_device if kind == "acoustic" else placement.vocoder_device
            try:
                return get_loader(kind, section.type)(spec(section), device=device, dtype=placement.dtype_for(device_for))
            except ConfigError:
                raise
            except Exception as exc:  # corrupt, truncated or mismatched weights: name the file
                raise ConfigError(f"{kind} stage {section.type!r} could not load {', '.join(files) or manifest.dir}: "
                                  f"{type(exc).__name__}: {exc}") from exc

        symbols = load_symbols(manifest)
        acoustic = build("acoustic", manifest.acoustic)
        vocoder = build("vocoder", manifest.vocoder)
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
            stage.device = target
        if torch.cuda.is_available():
            torch.cuda.current_stream().synchronize()

    def nbytes(self) -> int:
        return self.acoustic.nbytes() + self.vocoder.nbytes()

    def gpu_bytes(self) -> int:
        return sum(s.nbytes() for s in (self.acoustic, self.vocoder) if s.device.type == "cuda")


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


@dataclass
class Progress:
    """How far a job's audio has been emitted, so that a retry (after CUDA OOM) never emits audio twice:
    synthesis is deterministic for a given request, so the retry recomputes and drops what was sent."""

    sentences_done: int = 0
    samples_into_sentence: int = 0  # of the current sentence, already emitted


def prepare_inputs(voice: LoadedVoice, frontend_output: FrontendOutput, options: SynthesisOptions) -> list[AcousticInput]:
    """One acoustic-model input per sentence, with the request's speaker, emotion and prosody."""
    manifest = voice.manifest
    speaker_id = manifest.speaker_id(options.speaker)
    emotion_name, emotion = manifest.emotion(options.emotion)
    # Prosody presets multiply the user's own controls; a native emotion passes through by name and model id.
    prosody = Prosody(speed=options.speed * emotion.speed, pitch=options.pitch * emotion.pitch, energy=emotion.energy)
    return [
        AcousticInput(
            symbol_ids=tuple(voice.symbols.encode(sentence)),
            speaker_id=speaker_id,
            emotion=emotion_name if emotion.kind == "native" else None,
            emotion_id=emotion.id if emotion.kind == "native" else None,
            prosody=prosody,
            seed=None if options.seed is None else options.seed + i,
        )
        for i, sentence in enumerate(frontend_output.sentences)
    ]


def run_acoustic(voice: LoadedVoice, inputs: list[AcousticInput], *, stats: JobStats, probe: MemoryProbe,
                 fault_hook: Callable[[str], None] | None = None) -> list[AcousticOutput]:
    with probe.stage(stats, "acoustic"):
        if fault_hook:
            fault_hook("acoustic")
        return voice.acoustic.infer(inputs)


class AudioSink:
    """Emits a job's audio in order and remembers how far it got (`Progress`), dropping on a retry what was
    already emitted. Each sentence is a silence gap (not before the first) and then its vocoder chunks."""

    def __init__(self, emit: Callable[[np.ndarray], None], progress: Progress, stats: JobStats, *, rate: int,
                 gap_s: float, gain: float) -> None:
        self.emit, self.progress, self.stats, self.rate = emit, progress, stats, rate
        self.gap = np.zeros(int(round(gap_s * rate)), dtype=np.float32)
        self.gain = np.float32(gain)
        self.position = 0  # samples of the current sentence offered so far in this attempt

    def start_sentence(self, index: int) -> None:
        self.position = 0
        if index > 0:
            self.send(self.gap)

    def send(self, piece: np.ndarray) -> None:
        skip = self.progress.samples_into_sentence - self.position
        self.position += len(piece)
        if skip >= len(piece):
            return
        piece = piece[max(skip, 0):]
        self.progress.samples_into_sentence += len(piece)
        self.stats.audio_seconds += len(piece) / self.rate
        self.emit(piece * self.gain if self.gain != 1.0 else piece)

    def end_sentence(self, index: int) -> None:
        self.progress.sentences_done = index + 1
        self.progress.samples_into_sentence = 0


def vocode_sentence(voice: LoadedVoice, index: int, out: AcousticOutput, sink: AudioSink, *, stats: JobStats,
                    probe: MemoryProbe, should_stop: Callable[[], bool], fault_hook=None,
                    chunk_frames: int | None = None) -> bool:
    """Vocode one sentence chunk by chunk into the sink. False when the job was stopped midway."""
    sink.start_sentence(index)
    chunks = voice.vocoder.stream(out.mel, chunk_frames=chunk_frames)
    while not should_stop():
        with probe.stage(stats, "vocoder"):  # the generator computes inside next(): time that
            if fault_hook:
                fault_hook("vocoder")
            chunk = next(chunks, None)
            if chunk is None:
                break
            wav = chunk.float().cpu().numpy()
        sink.send(wav)
    else:
        return False
    sink.end_sentence(index)
    return True


def synthesize(
    voice: LoadedVoice,
    frontend_output: FrontendOutput,
    options: SynthesisOptions,
    *,
    emit: Callable[[np.ndarray], None],
    progress: Progress,
    stats: JobStats,
    probe: MemoryProbe,
    should_stop: Callable[[], bool] = lambda: False,
    fault_hook: Callable[[str], None] | None = None,
    vocoder_chunk_frames: int | None = None,
) -> None:
    """Run the acoustic model and vocoder sentence by sentence, emitting float32 audio (voice's rate) as
    it is produced. Resumes from `progress`."""
    with probe.stage(stats, "frontend"):
        inputs = prepare_inputs(voice, frontend_output, options)
    sink = AudioSink(emit, progress, stats, rate=voice.vocoder.sample_rate_hz, gap_s=options.sentence_silence_s,
                     gain=options.volume)
    for start in range(progress.sentences_done, len(inputs), SENTENCES_PER_ACOUSTIC_CALL):
        if should_stop():
            return
        outputs = run_acoustic(voice, inputs[start : start + SENTENCES_PER_ACOUSTIC_CALL], stats=stats, probe=probe,
                               fault_hook=fault_hook)
        for index, out in enumerate(outputs, start):
            if not vocode_sentence(voice, index, out, sink, stats=stats, probe=probe, should_stop=should_stop,
                                   fault_hook=fault_hook, chunk_frames=vocoder_chunk_frames):
                return
