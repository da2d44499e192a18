"""Voice manifests (`weights/<voice>/voice.yaml`): what a voice is made of, read without touching torch.

A voice is a complete weight set: symbol table + acoustic model + vocoder, with the speakers and
emotions it offers. Emotions are either model-native (an emotion id the acoustic model was trained
with) or prosody presets (tempo, register, f0 range and level ratios) for single-style voices; the manifest says
which, and `/v1/voices` reports it so nobody mistakes a preset for a trained emotion.

A speaker of a multi-speaker voice can also be served under its own voice name: a folder whose manifest holds
only `name`, `display_name`, `description` and `alias_of: {voice, speaker}` (a sibling voice folder named by a
voice name, so it cannot reach outside weights/). It runs the sibling's files and shares its loaded weights.
"""

from __future__ import annotations

import hashlib
import logging
import re
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ttsserve.errors import ConfigError, UnknownVoiceError, shorten

log = logging.getLogger(__name__)
MANIFEST = "voice.yaml"
# Voice names are plain identifiers: a name can never reach outside weights/ through the file system.
VOICE_NAME_RE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")


class StageSection(BaseModel):
    model_config = ConfigDict(extra="allow")
    type: str  # registry name

    def options(self) -> dict[str, Any]:
        return dict(self.model_extra or {})


class EmotionSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")
    kind: Literal["prosody", "native"] = "prosody"
    id: int | None = None  # model emotion id for kind=native
    # Prosody, multiplied into the request's own controls (kind=native too: adjustments on top of the embedding).
    speed: float = Field(1.0, gt=0)  # tempo ratio (> 1 faster)
    pitch: float = Field(1.0, gt=0)  # register ratio (median f0)
    energy: float = Field(1.0, gt=0)  # level ratio on a calibrated voice (1.26 = +2 dB)
    pitch_range: float = Field(1.0, gt=0, le=4)  # f0 spread around the register, ratio of its semitone span
    description: str = ""


class SpeakerInfo(BaseModel):
    """What a listener should know about a speaker (shown by /v1/voices)."""

    model_config = ConfigDict(extra="forbid")
    gender: Literal["female", "male", "unknown"] = "unknown"
    description: str = ""


class Segmentation(BaseModel):
    """How the voice's acoustic model is fed (src/ttsserve/pipeline/segment.py): the longest call it handles
    well, measured with bench/intelligibility.py, and the pause a phrase-break cut gets."""

    model_config = ConfigDict(extra="forbid")
    max_syllables: int | None = Field(None, ge=4)  # None: each frontend sentence is one call
    phrase_pause_s: float = Field(0.1, ge=0, le=2)  # silence added where a call ends at pause punctuation
    # the text's very first call, cut at phrase breaks only (a voice that vocodes calls whole: earlier first audio;
    # with context_syllables, so that the cut is the model's own pause)
    first_call_max_syllables: int | None = Field(None, ge=2)
    # Syllables of the neighbouring call a cut call reads as context (0: none): for a model that says whatever
    # ends a call as a sentence end (Kokoro), so that a cut sounds like the pause it is; its symbol set must have
    # `encode_in_context` and its acoustic stage `takes_context` (LoadedVoice.load checks)
    context_syllables: int = Field(0, ge=0, le=32)


class AliasOf(BaseModel):
    model_config = ConfigDict(extra="forbid")
    voice: str  # a sibling voice folder with a full manifest
    speaker: str  # one of its speakers: the only speaker of the alias


class AliasManifest(BaseModel):
    """A voice name for one speaker of another voice's model (same files, loaded once)."""

    model_config = ConfigDict(extra="forbid")
    name: str
    display_name: str = ""
    description: str = ""
    alias_of: AliasOf


class VoiceManifest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str
    display_name: str = ""
    description: str = ""
    language: str = "zh-CN"
    sample_rate_hz: int = Field(gt=0)
    license: str = ""
    symbols: StageSection
    acoustic: StageSection
    vocoder: StageSection
    speakers: dict[str, int] = Field(default_factory=lambda: {"default": 0})  # name -> model speaker id
    default_speaker: str | None = None
    speaker_info: dict[str, SpeakerInfo] = Field(default_factory=dict)  # speaker name -> gender, description
    emotions: dict[str, EmotionSpec] = Field(default_factory=lambda: {"neutral": EmotionSpec()})
    default_emotion: str = "neutral"
    segmentation: Segmentation = Field(default_factory=Segmentation)
    # The version of the weights: file (relative to the voice folder) -> its sha256, checked when the voice loads
    # (verify_files); a mismatch makes the voice unavailable. Files not listed are not checked.
    sha256: dict[str, str] = Field(default_factory=dict)

    # set by load_manifest, not by the file
    dir: Path = Field(default=Path("."), exclude=True)
    # the voice whose weights this one runs: its own name, or for an alias the voice it is a speaker of (the worker
    # loads and caches weights under this name, so a model behind several voice names is in memory once)
    weights_voice: str = Field(default="", exclude=True)

    def weights_key(self) -> str:
        """The name the worker loads and caches this voice's weights under."""
        return self.weights_voice or self.name

    def speaker_id(self, speaker: str | None) -> int:
        from ttsserve.errors import UnknownSpeakerError

        name = speaker or self.default_speaker or next(iter(self.speakers))
        if name not in self.speakers:
            raise UnknownSpeakerError(
                f"voice {self.name!r} has no speaker {shorten(name)}; speakers: {', '.join(self.speakers)}"
            )
        return self.speakers[name]

    def emotion(self, emotion: str | None) -> tuple[str, EmotionSpec]:
        from ttsserve.errors import UnknownEmotionError

        name = emotion or self.default_emotion
        if name not in self.emotions:
            raise UnknownEmotionError(
                f"voice {self.name!r} has no emotion {shorten(name)}; emotions: {', '.join(self.emotions)}"
            )
        return name, self.emotions[name]


def load_manifest(voice_dir: Path, *, alias: bool = True) -> VoiceManifest:
    path = voice_dir / MANIFEST
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"voice manifest not found: {path}") from None
    except yaml.YAMLError as exc:
        raise ConfigError(f"voice manifest {path} is not valid YAML: {exc}") from None
    if isinstance(data, dict) and "alias_of" in data:
        if not alias:
            raise ConfigError(f"voice manifest {path} is an alias: an alias must name a voice with its own weights")
        return _load_alias(voice_dir, path, data)
    manifest = _validated(VoiceManifest, data, path)
    if manifest.name != voice_dir.name:
        raise ConfigError(f"voice manifest {path} names voice {manifest.name!r}, but its folder is {voice_dir.name!r}")
    if manifest.default_emotion not in manifest.emotions:
        raise ConfigError(f"voice manifest {path}: default_emotion {manifest.default_emotion!r} is not listed")
    unknown = [s for s in manifest.speaker_info if s not in manifest.speakers]
    if unknown:
        raise ConfigError(f"voice manifest {path}: speaker_info names speaker {unknown[0]!r}, which is not in speakers")
    for section in ("symbols", "acoustic", "vocoder"):
        _check_confined(getattr(manifest, section).options(), section, path)
    for name, digest in manifest.sha256.items():
        _check_confined(name, "sha256", path)
        if not re.fullmatch(r"[0-9a-f]{64}", digest):
            raise ConfigError(f"voice manifest {path}: sha256 of {name!r} must be 64 lower-case hex digits")
    manifest.dir = voice_dir
    manifest.weights_voice = manifest.name
    return manifest


def _validated(model, data, path: Path):
    """`model.model_validate(data)`, its errors as one ConfigError naming the manifest and every field."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        raise ConfigError(f"voice manifest {path} is invalid: {problems}") from None


def _load_alias(voice_dir: Path, path: Path, data: dict) -> VoiceManifest:
    alias = _validated(AliasManifest, data, path)
    if alias.name != voice_dir.name:
        raise ConfigError(f"voice manifest {path} names voice {alias.name!r}, but its folder is {voice_dir.name!r}")
    target_name = alias.alias_of.voice
    if not VOICE_NAME_RE.match(target_name):  # a voice name, never a path
        raise ConfigError(f"voice manifest {path}: alias_of.voice {target_name!r} is not a voice name")
    target = load_manifest(voice_dir.parent / target_name, alias=False)
    speaker = alias.alias_of.speaker
    if speaker not in target.speakers:
        raise ConfigError(f"voice manifest {path}: voice {target_name!r} has no speaker {speaker!r} "
                          f"(speakers: {', '.join(target.speakers)})")
    manifest = target.model_copy(update={
        "name": alias.name, "display_name": alias.display_name, "description": alias.description,
        "speakers": {speaker: target.speakers[speaker]}, "default_speaker": speaker,
    })
    manifest.dir, manifest.weights_voice = target.dir, target.name  # the target's files, its loaded weights
    return manifest


def _check_confined(value: Any, where: str, path: Path) -> None:
    """Stage options name files relative to the voice folder: an absolute path, a home path or a `..` step
    would read outside weights/, so a manifest with one is refused (every string option is checked, nested
    ones too; a symlink placed inside the folder is the operator's own choice)."""
    if isinstance(value, dict):
        for k, v in value.items():
            _check_confined(v, f"{where}.{k}", path)
    elif isinstance(value, list):
        for i, v in enumerate(value):
            _check_confined(v, f"{where}[{i}]", path)
    elif isinstance(value, str):
        parts = PurePosixPath(value.replace("\\", "/")).parts
        if (PurePosixPath(value).is_absolute() or PureWindowsPath(value).is_absolute() or value.startswith("~")
                or ".." in parts):
            raise ConfigError(f"voice manifest {path}: {where} {value!r} must name a file inside the voice folder "
                              "(a relative path without '..')")


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def verify_files(manifest: VoiceManifest) -> None:
    """Each file the manifest's `sha256` lists has that digest: weights replaced, truncated or of another version
    stop the voice here, with the file named, instead of loading and speaking wrongly."""
    for name, digest in manifest.sha256.items():
        path = manifest.dir / name
        if not path.is_file():
            raise ConfigError(f"voice {manifest.name!r}: {path} (listed in sha256) is missing")
        actual = file_sha256(path)
        if actual != digest:
            raise ConfigError(f"voice {manifest.name!r}: {path} has sha256 {actual[:12]}..., the manifest expects "
                              f"{digest[:12]}... (weights of another version, or damaged)")


def discover_voices(weights_dir: Path, only: list[str] | None = None, *,
                    failed: dict[str, str] | None = None) -> dict[str, VoiceManifest]:
    """Manifests of the voices to serve. A listed voice without a manifest is a ConfigError. An invalid
    manifest is a ConfigError too, unless `failed` is given: then that voice is left out and its problem is
    recorded there (the server starts without it; the caller decides about the default voice)."""
    if not weights_dir.is_dir():
        raise ConfigError(f"weights directory not found: {weights_dir}")
    names = only if only is not None else sorted(p.parent.name for p in weights_dir.glob(f"*/{MANIFEST}"))
    voices: dict[str, VoiceManifest] = {}
    for name in names:
        if not VOICE_NAME_RE.match(name):
            raise ConfigError(f"invalid voice name {name!r}: use lower-case letters, digits, '-' and '_'")
        if failed is None or not (weights_dir / name / MANIFEST).is_file():
            voices[name] = load_manifest(weights_dir / name)
            continue
        try:
            voices[name] = load_manifest(weights_dir / name)
        except ConfigError as exc:
            log.error("voice %r is disabled: %s", name, exc.message)
            failed[name] = exc.message
    return voices


def check_voice_name(name: str, known: dict[str, VoiceManifest]) -> VoiceManifest:
    """Look a requested voice up by name only (never as a path)."""
    manifest = known.get(name) if VOICE_NAME_RE.match(name or "") else None
    if manifest is None:
        raise UnknownVoiceError(f"unknown voice {shorten(name)}; available: {', '.join(sorted(known)) or 'none'}")
    return manifest


def load_symbols(manifest: VoiceManifest):
    """The voice's symbol set, built from the registry (no model weights involved)."""
    from ttsserve.pipeline.base import get_loader

    return get_loader("symbols", manifest.symbols.type)({**manifest.symbols.options(), "voice_dir": manifest.dir})
