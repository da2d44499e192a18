"""The server freezes what it has loaded out of the cyclic garbage collector's sight once it is ready (a full
collection of the models' and dictionaries' objects held the interpreter lock ~100 ms), and unfreezes it when it
stops."""

from __future__ import annotations

import gc

from tests.conftest import running_client


def test_objects_alive_at_start_are_frozen_while_serving_and_released_after(tone_settings):
    gc.unfreeze()
    assert gc.get_freeze_count() == 0
    with running_client(tone_settings()) as client:
        assert gc.get_freeze_count() > 1000  # the app, its engine and voices, the modules imported so far
        assert client.post("/synthesize", json={"text": "你好"}).status_code == 200
    assert gc.get_freeze_count() == 0


def test_the_setting_turns_it_off(tone_settings):
    gc.unfreeze()
    with running_client(tone_settings(gc_freeze=False)) as client:
        assert gc.get_freeze_count() == 0
        assert client.post("/synthesize", json={"text": "你好"}).status_code == 200
