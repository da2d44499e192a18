"""Any exception inside the Mandarin frontend becomes a TextError (422) naming the span it was reading."""

from __future__ import annotations

import pytest

import ttsserve.frontend as frontend_pkg
from ttsserve.errors import TextError
from ttsserve.frontend import MandarinFrontend


def test_unexpected_frontend_exception_is_a_text_error_naming_the_span(monkeypatch):
    fe = MandarinFrontend()
    real = frontend_pkg.normalize

    def broken(piece: str) -> str:
        if "坏" in piece:
            raise ValueError("a bug in a number reader")
        return real(piece)

    monkeypatch.setattr(frontend_pkg, "normalize", broken)
    with pytest.raises(TextError) as info:
        fe.process("你好。这里坏了。再见。")
    assert info.value.status == 422
    assert info.value.message == "could not read characters 3-8 of the text ('这里坏了。'); rephrase them"
    assert fe.process("你好。").sentences  # the frontend keeps working


def test_excerpt_is_short_and_printable(monkeypatch):
    fe = MandarinFrontend(max_sentence_chars=400)
    monkeypatch.setattr(frontend_pkg, "normalize", lambda piece: 1 / 0)
    with pytest.raises(TextError) as info:
        fe.process("长" * 300 + "\ud800")
    msg = info.value.message
    assert msg.startswith("could not read characters 0-")
    assert len(msg) < 120 and "…" in msg
    msg.encode("utf-8")  # no lone surrogate in the message: it must serialize
