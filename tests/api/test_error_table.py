"""One error table for the whole API (errors.ERROR_TABLE): every error class lives in errors.py, every error
response carries a code and status from the table, the README lists every code, and error bodies stay small
and free of client input echoed in full."""

from __future__ import annotations

import importlib
import pkgutil
import re
from pathlib import Path

import pytest

import ttsserve
from tests.conftest import running_client
from ttsserve.errors import ERROR_TABLE, TTSError

README = Path(__file__).resolve().parents[2] / "README.md"


def all_subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from all_subclasses(sub)


def test_every_error_class_is_defined_in_errors_py():
    for mod in pkgutil.walk_packages(ttsserve.__path__, "ttsserve."):
        if not mod.name.startswith(("ttsserve.convert", "ttsserve.__main__")):
            importlib.import_module(mod.name)
    outside = [f"{c.__module__}.{c.__name__}" for c in all_subclasses(TTSError)
               if c.__module__ != "ttsserve.errors" and not c.__module__.startswith("tests")]
    assert outside == []


def test_readme_lists_every_code():
    text = README.read_text(encoding="utf-8")
    rows = re.findall(r"^\| (\d{3}) \| (.+?) \|", text, flags=re.M)
    listed = {(code, int(status)) for status, codes in rows for code in re.findall(r"`([a-z_]+)`", codes)}
    wanted = {(code, status) for code, statuses in ERROR_TABLE.items() for status in statuses}
    assert wanted - listed == set()


@pytest.fixture
def client(tone_settings):
    with running_client(tone_settings(max_text_chars=50)) as c:
        yield c


REQUESTS = [
    ("post", "/synthesize", {"json": {"text": ""}}),
    ("post", "/synthesize", {"json": {"text": "好", "voice": "v" * 100_000}}),
    ("post", "/synthesize", {"json": {"text": "好", "x" * 100_000: 1}}),
    ("post", "/synthesize", {"json": {"text": "好", "emotion": "e" * 100_000}}),
    ("post", "/synthesize", {"json": {"text": "好", "speaker": "s" * 100_000}}),
    ("post", "/synthesize", {"content": b"\xff", "headers": {"content-type": "application/json"}}),
    ("post", "/synthesize", {"content": b"x" * (2 * 1024 * 1024), "headers": {"content-type": "application/json"}}),
    ("post", "/v1/audio/speech", {"json": {"model": "m" * 100_000, "input": "好"}}),
    ("post", "/v1/audio/speech", {"json": {"model": "tts-1", "input": "好", "voice": "v" * 100_000}}),
    ("post", "/v1/frontend", {"json": {"text": "好", "voice": "v" * 100_000}}),
    ("get", "/nope", {}),
    ("delete", "/synthesize", {}),
    ("get", "/" + "p" * 50_000, {}),
]


@pytest.mark.parametrize("method,path,kwargs", REQUESTS, ids=range(len(REQUESTS)))
def test_error_bodies_come_from_the_table_and_stay_small(client, method, path, kwargs):
    r = getattr(client, method)(path, **kwargs) if method != "post" else client.post(path, **kwargs)
    assert r.headers["content-type"] == "application/json"
    error = r.json()["error"]
    assert set(error) == {"code", "message"}
    assert r.status_code in ERROR_TABLE[error["code"]], (r.status_code, error)
    assert len(r.content) < 1200, r.content[:200]


def test_long_voice_name_is_echoed_shortened(client):
    r = client.post("/synthesize", json={"text": "好", "voice": "v" * 100_000})
    assert r.status_code == 404
    assert r.json()["error"]["message"] == f"unknown voice '{'v' * 64}…'; available: slow, tone"
