"""A loaded voice (symbol set + acoustic model + vocoder built from its manifest through the registry) and
the per-job pipeline that runs text -> sentences -> mel -> waveform. Worker-thread code: imports torch.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable

import numpy as np
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

    @classmethod
    def load(cls, manifest: VoiceManifest, placement: Placement, *, device: str = "cpu") -> "LoadedVoice":
        """Build every stage from the manifest on `device` (the cache moves it later)."""

        def spec(section) -> StageSpec:
            return StageSpec(type=section.type, voice_dir=manifest.dir, options=section.options())

        symbols = load_symbols(manifest)
        acoustic = get_loader("acoustic", manifest.acoustic.type)(
            spec(manifest.acoustic), device=device, dtype=placement.dtype_for(placement.acoustic_device)
        )
        vocoder = get_loader("vocoder", manifest.vocoder.type)(
            spec(manifest.vocoder), device=device, dtype=placement.dtype_for(placement.vocoder_device)
        )
        if vocoder.sample_rate_hz != manifest.sample_rate_hz:
            from ttsserve.errors import ConfigError

            raise ConfigError(
                f"voice {manifest.name!r}: vocoder produces {vocoder.sample_rate_hz} Hz but the manifest says "
                f"{manifest.sample_rate_hz} Hz"
            )
        return cls(manifest, symbols, acoustic, vocoder)

    def to(self, acoustic_device: str, vocoder_device: str) -> None:
        self.acoustic = self.acoustic.to(acoustic_device)
        self.vocoder = self.vocoder.to(vocoder_device)

    def nbytes(self) -> int:
        return self.acoustic.nbytes() + self.vocoder.nbytes()

    def gpu_bytes(self) -> int:
        return sum(s.nbytes() for s in (self.acoustic, self.vocoder) if s.device.type == "cuda")


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
    it is produced: a silence gap, then the sentence in vocoder chunks. Resumes from `progress`."""
    manifest = voice.manifest
    speaker_id = manifest.speaker_id(options.speaker)
    emotion_name, emotion = manifest.emotion(options.emotion)
    # Prosody presets multiply the user's own controls; a native emotion passes through by name.
    prosody = Prosody(
        speed=options.speed * emotion.speed, pitch=options.pitch * emotion.pitch, energy=emotion.energy
    )
    with probe.stage(stats, "frontend"):
        inputs = [
            AcousticInput(
                symbol_ids=tuple(voice.symbols.encode(sentence)),
                speaker_id=speaker_id,
                emotion=emotion_name if emotion.kind == "native" else None,
                prosody=prosody,
                seed=None if options.seed is None else options.seed + i,
            )
            for i, sentence in enumerate(frontend_output.sentences)
        ]
    rate = voice.vocoder.sample_rate_hz
    gap = np.zeros(int(round(options.sentence_silence_s * rate)), dtype=np.float32)
    gain = np.float32(options.volume)

    def send(piece: np.ndarray) -> None:
        skip = progress.samples_into_sentence - send.position  # already emitted before a retry
        send.position += len(piece)
        if skip >= len(piece):
            return
        piece = piece[max(skip, 0):]
        progress.samples_into_sentence += len(piece)
        stats.audio_seconds += len(piece) / rate
        emit(piece * gain if gain != 1.0 else piece)

    for start in range(progress.sentences_done, len(inputs), SENTENCES_PER_ACOUSTIC_CALL):
        if should_stop():
            return
        group = inputs[start : start + SENTENCES_PER_ACOUSTIC_CALL]
        with probe.stage(stats, "acoustic"):
            if fault_hook:
                fault_hook("acoustic")
            outputs = voice.acoustic.infer(group)
        for index, out in enumerate(outputs, start):
            send.position = 0
            if index > 0:
                send(gap)
            for chunk in voice.vocoder.stream(out.mel, chunk_frames=vocoder_chunk_frames):
                if should_stop():
                    return
                with probe.stage(stats, "vocoder"):
                    if fault_hook:
                        fault_hook("vocoder")
                    wav = chunk.float().cpu().numpy()
                send(wav)
            progress.sentences_done = index + 1
            progress.samples_into_sentence = 0


def resample(audio: np.ndarray, from_hz: int, to_hz: int) -> np.ndarray:
    """Polyphase resampling (scipy) with an anti-aliasing filter; exact passthrough when rates match."""
    if from_hz == to_hz or audio.size == 0:
        return audio
    from scipy.signal import resample_poly

    g = math.gcd(from_hz, to_hz)
    return resample_poly(audio, to_hz // g, from_hz // g).astype(np.float32)

