from __future__ import annotations

import os

# As the `ttsserve` command does (cli.main): idle OpenMP threads sleep instead of spinning. Read when torch
# loads, so before anything imports it; the servers the e2e tests start inherit it. Under contention on a
# small machine spinning threads made the torch-heavy tests many times slower (docs/benchmarks.md).
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import contextlib  # noqa: E402
from pathlib import Path

import pytest

import tests.stages  # noqa: F401  (registers the test-only stages)
from tests.stages import write_tone_voice
from ttsserve.settings import load_settings

PROJECT = Path(__file__).resolve().parents[1]


@pytest.fixture
def tone_settings(tmp_path, monkeypatch):
    """Settings for a server whose only voices are test tones; extra keyword args override."""
    for var in [k for k in __import__("os").environ if k.startswith("TTSSERVE_")]:
        monkeypatch.delenv(var)

    def make(**overrides):
        write_tone_voice(tmp_path / "weights", "tone")
        write_tone_voice(tmp_path / "weights", "slow", delay_s=overrides.pop("slow_delay_s", 0.3))
        base = dict(weights_dir=tmp_path / "weights", default_voice="tone", frontend={"type": "test-chars"},
                    warmup=False, device="cpu")
        base.update(overrides)
        return load_settings(**base)

    return make


@contextlib.contextmanager
def running_client(settings):
    from fastapi.testclient import TestClient

    from ttsserve.app import create_app

    with TestClient(create_app(settings)) as client:
        yield client
