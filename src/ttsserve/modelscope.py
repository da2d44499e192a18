"""ModelScope / KAN-TTS Sambert-HiFiGAN voice folders: describe one, as users download it, in a `voice.yaml`.

A ModelScope model (`speech_sambert-hifigan_tts_*`) unpacks to `voices/<voice>/` folders, each holding
`am/config.yaml` + `am/ckpt/checkpoint_<N>.pth` (Sambert) and `voc/config.yaml` + `voc/ckpt/checkpoint_<N>.pth`
(HiFiGAN), sometimes `audio_config.yaml`. Copy one such folder to `weights/<name>/` and run
`ttsserve modelscope-manifest weights/<name>`: the manifest points the `sambert` and `hifigan` stages at the
files in place (the highest checkpoint number wins, as ModelScope does), the `kantts` symbol set replaces the
closed `ttsfrd` frontend, speakers come from the voice's `speaker_list`, emotions from KAN-TTS's emotion table.
No torch here: this only reads YAML and lists files.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from ttsserve.errors import ConfigError
from ttsserve.voices import MANIFEST, VOICE_NAME_RE

# ModelScope ships no per-voice list of trained emotions; the `_emo` voices are documented with these.
EMO_VOICE_EMOTIONS = ["neutral", "happy", "sad", "angry", "fear", "surprise", "disgust"]


def _read_yaml(path: Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"not a ModelScope Sambert-HiFiGAN voice folder: {path} is missing") from None
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path} is not valid YAML: {exc}") from None
    if not isinstance(data, dict):
        raise ConfigError(f"{path} is not a KAN-TTS config")
    return data


def _checkpoint_glob(voice_dir: Path, stage: str) -> str:
    pattern = f"{stage}/ckpt/checkpoint_*.pth"
    if not list(voice_dir.glob(pattern)):
        raise ConfigError(f"no {stage} checkpoint in {voice_dir / stage / 'ckpt'} (expected checkpoint_<N>.pth)")
    return pattern


def _sample_rate(voice_dir: Path, voc: dict[str, Any]) -> int:
    for data in (voc, _read_yaml(voice_dir / "audio_config.yaml") if (voice_dir / "audio_config.yaml").exists() else {}):
        rate = (data.get("audio_config") or {}).get("sampling_rate")
        if rate:
            return int(rate)
    raise ConfigError(f"{voice_dir}: no audio_config.sampling_rate in voc/config.yaml or audio_config.yaml")


def manifest_for(voice_dir: Path, *, emotions: list[str] | None = None) -> dict[str, Any]:
    """The manifest (as a dict) describing the ModelScope voice folder `voice_dir` (its name is the voice name)."""
    from ttsserve.frontend.kantts import KanttsSymbols

    name = voice_dir.name
    if not VOICE_NAME_RE.match(name):
        raise ConfigError(f"invalid voice name {name!r}: use lower-case letters, digits, '-' and '_'")
    am = _read_yaml(voice_dir / "am" / "config.yaml")
    voc = _read_yaml(voice_dir / "voc" / "config.yaml")
    if "KanTtsSAMBERT" not in (am.get("Model") or {}):
        raise ConfigError(f"{voice_dir / 'am' / 'config.yaml'} does not describe a KanTtsSAMBERT model")
    ling = am.get("linguistic_unit") or {}
    speakers = [s.strip() for s in str(ling.get("speaker_list", "F7")).split(",") if s.strip()]
    symbols = KanttsSymbols(speaker=",".join(speakers))
    if emotions is None:
        emotions = EMO_VOICE_EMOTIONS if name.endswith("_emo") or "emo" in name.split("_") else ["neutral"]
    native = {}
    for emo in emotions:
        native[emo] = {"kind": "native", "id": symbols.emotion_id(emo), "description": "trained emotion (KAN-TTS emotion_" + emo + ")"}
    rate = _sample_rate(voice_dir, voc)
    return {
        "name": name,
        "display_name": f"{name} (ModelScope Sambert-HiFiGAN)",
        "description": "Sambert acoustic model + HiFiGAN vocoder in the ModelScope/KAN-TTS checkpoint format, served "
                       "without modelscope, kantts or ttsfrd.",
        "language": "zh-CN",
        "sample_rate_hz": rate,
        "license": "as the voice's ModelScope model card states",
        "symbols": {"type": "kantts", "speaker": ",".join(speakers)},
        "acoustic": {"type": "sambert", "checkpoint": _checkpoint_glob(voice_dir, "am"), "kantts_config": "am/config.yaml"},
        "vocoder": {"type": "hifigan", "checkpoint": _checkpoint_glob(voice_dir, "voc"), "kantts_config": "voc/config.yaml"},
        "speakers": {s: symbols.speaker_id(s) for s in speakers},
        "default_emotion": "neutral" if "neutral" in native else next(iter(native)),
        "emotions": native,
    }


def write_manifest(voice_dir: Path, *, emotions: list[str] | None = None, force: bool = False) -> Path:
    path = voice_dir / MANIFEST
    if path.exists() and not force:
        raise ConfigError(f"{path} exists (use --force to replace it)")
    manifest = manifest_for(voice_dir, emotions=emotions)
    header = "# Written by `ttsserve modelscope-manifest` for a ModelScope Sambert-HiFiGAN voice folder.\n"
    path.write_text(header + yaml.safe_dump(manifest, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path
