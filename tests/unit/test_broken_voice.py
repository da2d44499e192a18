"""A corrupt or truncated checkpoint: that voice is unavailable with the file named, the others keep
serving, and startup fails only when the default voice is the broken one."""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path

import pytest

from ttsserve.engine.engine import Engine, SynthesisRequest
from ttsserve.errors import ConfigError, VoiceUnavailableError
from ttsserve.settings import load_settings
from ttsserve.telemetry import Telemetry

BAKER = Path(__file__).resolve().parents[2] / "weights" / "baker"


def copy_voice(weights: Path, name: str, *, truncate: str | None = None, keep_sha256: bool = False) -> Path:
    """A copy of the baker voice; without its sha256 list unless `keep_sha256` (so that a truncated file reaches
    the loader, whose own errors are tested here)."""
    d = weights / name
    d.mkdir(parents=True)
    for f in BAKER.iterdir():
        if f.name == "voice.yaml":
            text = f.read_text(encoding="utf-8").replace("name: baker", f"name: {name}")
            if not keep_sha256:
                text = text[: text.index("\nsha256:")] + "\n"
            (d / f.name).write_text(text, encoding="utf-8")
        elif f.name == truncate:
            (d / f.name).write_bytes(f.read_bytes()[: f.stat().st_size // 3])
        else:
            (d / f.name).symlink_to(f)
    return d


def test_truncated_checkpoint_makes_only_that_voice_unavailable(tmp_path, caplog):
    weights = tmp_path / "w"
    copy_voice(weights, "good")
    broken = copy_voice(weights, "broken", truncate="vocoder.safetensors")
    engine = Engine(load_settings(weights_dir=weights, default_voice="good", device="cpu", warmup=False), Telemetry())
    engine.start()
    try:
        with pytest.raises(VoiceUnavailableError) as info:
            asyncio.run(engine.synthesize(SynthesisRequest(text="你好", voice="broken")))
        # the client and /v1/voices learn that it failed, not where the file is nor the library's words
        assert info.value.message == ("voice 'broken' is unavailable: its weights could not be loaded "
                                      "(the server log says why)")
        assert info.value.status == 503
        assert engine.voice_states()["broken"]["error"] == info.value.message
        assert str(broken / "vocoder.safetensors") in caplog.text  # the operator does
        assert str(broken / "vocoder.safetensors") in info.value.detail
        assert asyncio.run(engine.synthesize(SynthesisRequest(text="你好", voice="good"))).audio.size > 0
    finally:
        engine.stop()


def test_broken_default_voice_stops_startup_with_the_file_named(tmp_path):
    weights = tmp_path / "w"
    broken = copy_voice(weights, "baker", truncate="acoustic.safetensors")
    engine = Engine(load_settings(weights_dir=weights, device="cpu", warmup=False), Telemetry())
    with pytest.raises(ConfigError) as info:
        engine.start()
    assert str(broken / "acoustic.safetensors") in info.value.message


def test_weights_of_another_version_are_refused_by_their_sha256(tmp_path, caplog):
    """The manifest's sha256 list is checked when the voice loads: a file that differs (here one byte of the
    vocoder, which would still load) makes that voice unavailable with the file and both digests' heads named."""
    weights = tmp_path / "w"
    copy_voice(weights, "good", keep_sha256=True)
    other = copy_voice(weights, "other", keep_sha256=True)
    vocoder = other / "vocoder.safetensors"
    data = bytearray(vocoder.read_bytes())
    vocoder.unlink()
    data[-1] ^= 1  # the last byte of the last tensor: a valid file with other weights
    vocoder.write_bytes(bytes(data))
    engine = Engine(load_settings(weights_dir=weights, default_voice="good", device="cpu", warmup=False), Telemetry())
    engine.start()
    try:
        with pytest.raises(VoiceUnavailableError) as info:
            asyncio.run(engine.synthesize(SynthesisRequest(text="你好", voice="other")))
        assert info.value.status == 503
        assert f"{vocoder} has sha256 " in info.value.detail
        assert "the manifest expects ca9686669f0a... (weights of another version, or damaged)" in info.value.detail
        assert f"{vocoder} has sha256" in caplog.text
        assert asyncio.run(engine.synthesize(SynthesisRequest(text="你好", voice="good"))).audio.size > 0
    finally:
        engine.stop()


def test_a_missing_listed_file_and_a_malformed_digest(tmp_path):
    from ttsserve.pipeline.voice import LoadedVoice, Placement
    from ttsserve.voices import load_manifest

    d = copy_voice(tmp_path / "w", "v", keep_sha256=True)
    (d / "symbols.json").unlink()
    with pytest.raises(ConfigError, match=r"symbols.json \(listed in sha256\) is missing"):
        LoadedVoice.load(load_manifest(d), Placement("cpu", "cpu", "float32"))
    text = (d / "voice.yaml").read_text(encoding="utf-8")
    (d / "voice.yaml").write_text(text.replace("symbols.json: 25e5", "symbols.json: XX"), encoding="utf-8")
    with pytest.raises(ConfigError, match="sha256 of 'symbols.json' must be 64 lower-case hex digits"):
        load_manifest(d)
    (d / "voice.yaml").write_text(text.replace("  symbols.json:", "  ../symbols.json:"), encoding="utf-8")
    with pytest.raises(ConfigError, match="must name a file inside the voice folder"):
        load_manifest(d)
