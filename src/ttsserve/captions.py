"""Captions (SRT, WebVTT) from timestamped characters (pipeline/timing.py).

A cue ends at sentence or pause punctuation (closing quotes and brackets stay with it) and before it would
pass `max_chars` characters, then at the last word start inside it when there is one. A cue runs from its
first spoken character to the end of its last entry: a cue that ends at punctuation lasts through the pause
(the punctuation's zero-length entry sits at the end of it), so cues follow one another without gaps.

Both formats are a few lines of text: written here rather than with a library (the subtitle packages on PyPI
either parse more than we need or are unmaintained); the escaping rules are the formats' own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

CUT_AFTER = set("。！？；!?;，、：,:…\n")
CLOSING = set("”’」』）)》】\"'")
FORMATS = ("srt", "vtt")
_READING = re.compile(r"([\u3400-\u9fff])\[[a-zü]+[1-5]\]", re.IGNORECASE)  # an inline reading 长[zhang3]: not shown


@dataclass(frozen=True)
class Cue:
    start_s: float
    end_s: float
    text: str


def cues(characters: list[dict], words: list[dict] | None = None, *, max_chars: int = 20) -> list[Cue]:
    word_starts = {w["offset"] for w in words or ()}
    out: list[Cue] = []
    current: list[dict] = []

    def emit(entries: list[dict]) -> None:
        spoken = [e for e in entries if e["pinyin"]]
        text = _READING.sub(r"\1", "".join(e["char"] for e in entries)).replace("\n", " ").strip()
        if not spoken or not text:
            if out and text:  # stray punctuation after the last cue: it belongs there
                out[-1] = Cue(out[-1].start_s, max(out[-1].end_s, entries[-1]["end_s"]), out[-1].text + text)
            return
        out.append(Cue(spoken[0]["start_s"], max(e["end_s"] for e in entries), text))

    def length(entries: list[dict]) -> int:
        return len(_READING.sub(r"\1", "".join(e["char"] for e in entries)).strip())

    for i, entry in enumerate(characters):
        if current and entry["pinyin"] and length(current) + length([entry]) > max_chars:
            cut = len(current)  # before the new entry, unless it is inside a word: then at the word's start
            if entry["offset"] not in word_starts:
                cut = max((k for k, e in enumerate(current) if e["offset"] in word_starts
                           and any(x["pinyin"] for x in current[:k])), default=cut)
            emit(current[:cut])
            current = current[cut:]
        current.append(entry)
        nxt = characters[i + 1]["char"] if i + 1 < len(characters) else ""
        silent = not entry["pinyin"]
        cut = silent and (entry["char"] in CUT_AFTER or (
            entry["char"] in CLOSING and any(e["char"] in CUT_AFTER and not e["pinyin"] for e in current)))
        if cut and nxt not in CLOSING and nxt not in CUT_AFTER:
            emit(current)
            current = []
    if current:
        emit(current)
    return out


def _clock(seconds: float, sep: str) -> str:
    ms = max(0, round(seconds * 1000))
    h, ms = divmod(ms, 3_600_000)
    m, ms = divmod(ms, 60_000)
    s, ms = divmod(ms, 1000)
    return f"{h:02d}:{m:02d}:{s:02d}{sep}{ms:03d}"


def to_srt(items: list[Cue]) -> str:
    return "".join(f"{n}\n{_clock(c.start_s, ',')} --> {_clock(c.end_s, ',')}\n{c.text}\n\n"
                   for n, c in enumerate(items, 1))


def to_vtt(items: list[Cue]) -> str:
    def escape(text: str) -> str:  # WebVTT cue text: & < > are markup; "-->" may not appear
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

    return "WEBVTT\n\n" + "".join(f"{_clock(c.start_s, '.')} --> {_clock(c.end_s, '.')}\n{escape(c.text)}\n\n"
                                  for c in items)


def render(fmt: str, characters: list[dict], words: list[dict] | None = None, *, max_chars: int = 20) -> str:
    items = cues(characters, words, max_chars=max_chars)
    if fmt == "srt":
        return to_srt(items)
    if fmt == "vtt":
        return to_vtt(items)
    raise ValueError(f"captions format must be one of {FORMATS}, not {fmt!r}")
