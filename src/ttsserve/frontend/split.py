"""Sentence splitting with spans into the caller's original text.

Sentences end at 。！？；!?; and newlines (closing quotes stay with their sentence). A sentence longer than
`max_chars` is cut at its last pause punctuation (，、：,:) before the limit, else at the last jieba word
boundary before it, so that text without punctuation (5,000 characters in one line) still synthesizes
in bounded pieces. Splitting runs on the original text, before normalization, so spans stay exact.
"""

from __future__ import annotations

import re

_END = re.compile(r"[。！？；!?;\n]+[”’」』)）\"']*")
_PAUSE = set("，、：,:")


def split_sentences(text: str, max_chars: int, word_ends) -> list[tuple[int, int]]:
    """[start, end) spans of the sentences of `text` (whitespace-only pieces dropped).

    `word_ends(piece) -> list[int]` gives the offsets inside `piece` where a word ends."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _END.finditer(text):
        spans.extend(_bounded(text, start, m.end(), max_chars, word_ends))
        start = m.end()
    if start < len(text):
        spans.extend(_bounded(text, start, len(text), max_chars, word_ends))
    return [(a, b) for a, b in spans if text[a:b].strip()]


def _bounded(text: str, start: int, end: int, max_chars: int, word_ends) -> list[tuple[int, int]]:
    out = []
    while end - start > max_chars:
        window = text[start : start + max_chars]
        cut = max((i + 1 for i, c in enumerate(window) if c in _PAUSE), default=0)
        if cut < max_chars // 3:  # no usable pause: the last word boundary inside the window
            ends = [e for e in word_ends(text[start : start + max_chars + 8]) if 0 < e <= max_chars]
            cut = max(ends, default=max_chars)
            if cut < max_chars // 3:
                cut = max_chars
        out.append((start, start + cut))
        start += cut
    out.append((start, end))
    return out


def text_pieces(text: str, *, first_chars: int, rest_chars: int) -> list[tuple[int, str]]:
    """`text` cut at sentence ends into (offset, piece) for a frontend run piece by piece: the first piece is
    the shortest run of whole sentences of at least `first_chars` characters (so that a long text starts
    speaking soon), the others at least `rest_chars`. A text with no sentence end is one piece."""
    ends = [m.end() for m in _END.finditer(text)]
    pieces, start = [], 0
    for end in ends:
        if end - start >= (first_chars if not pieces else rest_chars) and end < len(text):
            pieces.append((start, text[start:end]))
            start = end
    pieces.append((start, text[start:]))
    return [(o, p) for o, p in pieces if p.strip()]


# A text longer than this goes through the frontend a piece at a time (its first sentence first, then about
# REST_PIECE_CHARS at a time as its audio is needed), so that neither its own first audio nor other jobs wait
# for all of its text. Used by the engine (frontend processes) and the scheduler (the worker's own frontend).
INCREMENTAL_TEXT_CHARS = 300
REST_PIECE_CHARS = 200


def planning_pieces(text: str) -> list[str]:
    """`text` as the pieces it is planned in: itself when short (or SSML, which is read whole), else `text_pieces`
    of it."""
    from ttsserve.frontend.ssml import is_ssml

    if len(text) <= INCREMENTAL_TEXT_CHARS or is_ssml(text):
        return [text]
    return [p for _, p in text_pieces(text, first_chars=1, rest_chars=REST_PIECE_CHARS)] or [text]
