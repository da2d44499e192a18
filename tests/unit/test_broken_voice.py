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


def copy_voice(weights: Path, name: str, *, truncate: str | None = None) -> Path:
    d = weights / name
    d.mkdir(parents=True)
    for f in BAKER.iterdir():
        if f.name == "voice.yaml":
            (d / f.name).write_text(f.read_text(encoding="utf-8").replace("name: baker", f"name: {name}"), encoding="utf-8")
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
