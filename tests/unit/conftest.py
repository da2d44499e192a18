from __future__ import annotations

import pytest

from ttsserve.engine.engine import Engine
from ttsserve.telemetry import Telemetry


@pytest.fixture
def engine_factory(tone_settings):
    """Started engines on the test tone voices (or on `settings`), stopped after the test."""
    engines = []

    def make(settings=None, **overrides):
        e = Engine(settings or tone_settings(**overrides), Telemetry())
        e.start()
        engines.append(e)
        return e

    yield make
    for e in engines:
        e.stop(grace_s=5)
