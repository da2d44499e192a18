"""Clauses of a text that arrives in pieces (LLM tokens over the WebSocket route), cut so that the first clause
can be spoken while the next is still being written.

The rules are the frontend's (`frontend/split.py`), cut for latency: a clause ends right after a sentence-end or
pause mark (。！？；，、：and ! ? ; , : and newlines), and a clause longer than `max_chars` is cut at the last word
boundary before the limit. The marks and closing quotes that follow a clause's mark (`！？`, `。”`) are silent and
are skipped, with spaces, before the next clause. ASCII `,` and `:` between two digits (1,000, 10:30) are part of a
number, not a boundary; ASCII `.` never is one (3.5, example.com), as in the frontend.

Every decision looks at most one character ahead, and is taken only when that character has arrived: a full-width
mark or `!?;` ends a clause at once (the delta that brings it completes the clause), while `3,` waits for the next
character (a digit keeps the number whole). So the clauses of a text do not depend on how it was cut into deltas:
`feed` token by token then `finish` gives exactly the clauses of `feed(whole text)` then `finish`.
"""

from __future__ import annotations

import re
from typing import Callable

_BOUNDARY = re.compile(r"[。！？；!?;\n，、：,:]")
_SKIPPED = set("。！？；!?;\n，、：,:”’」』)）\"'") | {" ", "\t", "\r", "\u3000"}  # silent, between clauses
_NUMBER_SEPARATORS = set(",:")  # between two digits: a thousands separator or a clock time


class ClauseSegmenter:
    """Feed text deltas, get back (start, end) spans of complete clauses in the text fed so far (offsets in
    Unicode code points from the first character of the utterance). The text of spans already returned is
    dropped, so memory holds at most one unfinished clause (< max_chars + lookahead characters)."""

    LOOKAHEAD = 8  # characters past `max_chars` that the word-boundary rule looks at (split._bounded)

    def __init__(self, max_chars: int, word_ends: Callable[[str], list[int]]) -> None:
        self.max_chars = max_chars
        self.word_ends = word_ends
        self._buf = ""  # text not yet in a returned clause
        self._base = 0  # offset of _buf[0] in the utterance
        self._skipping = False  # right after a clause: its trailing marks and quotes are still being skipped

    @property
    def pending(self) -> str:
        return self._buf

    @property
    def consumed(self) -> int:
        """Characters of the utterance seen so far."""
        return self._base + len(self._buf)

    def feed(self, delta: str) -> list[tuple[int, int]]:
        return [(a, b) for a, b, _ in self.feed_text(delta)]

    def finish(self) -> list[tuple[int, int]]:
        """Everything buffered, as the last clauses (on `flush` or `end`)."""
        return [(a, b) for a, b, _ in self.finish_text()]

    def feed_text(self, delta: str) -> list[tuple[int, int, str]]:
        """As `feed`, with each clause's text."""
        self._buf += delta
        if self._skipping:
            self._skip()
        return self._cut(final=False)

    def finish_text(self) -> list[tuple[int, int, str]]:
        return self._cut(final=True)

    def reset(self) -> None:
        self._buf, self._base, self._skipping = "", 0, False

    def _cut(self, *, final: bool) -> list[tuple[int, int, str]]:
        spans = []
        while self._buf:
            end = self._next_end(final)
            if end is None:
                break
            piece, self._buf = self._buf[:end], self._buf[end:]
            if piece.strip():
                spans.append((self._base, self._base + end, piece))
            self._base += end
            self._skip()
        return spans

    def _skip(self) -> None:
        n = 0
        while n < len(self._buf) and self._buf[n] in _SKIPPED:
            n += 1
        self._buf, self._base = self._buf[n:], self._base + n
        self._skipping = not self._buf  # all of it skipped: more to skip may come with the next delta

    def _next_end(self, final: bool) -> int | None:
        buf, limit = self._buf, self.max_chars
        for m in _BOUNDARY.finditer(buf):
            if m.end() > limit:
                break
            if m.group() in _NUMBER_SEPARATORS and m.start() > 0 and buf[m.start() - 1].isdigit():
                if m.end() == len(buf) and not final:
                    return None  # 3, then 000 or 3, then text: wait for the next character
                if m.end() < len(buf) and buf[m.end()].isdigit():
                    continue  # 1,000 or 10:30: one number
            return m.end()
        if len(buf) <= limit:
            return len(buf) if final else None
        if not final and len(buf) < limit + self.LOOKAHEAD:
            return None  # the word-boundary rule looks a few characters past the limit: wait for them
        # as split._bounded, less its pause rule (every pause here is a boundary already, or part of a number)
        ends = [e for e in self.word_ends(buf[: limit + self.LOOKAHEAD]) if 0 < e <= limit]
        cut = max(ends, default=limit)
        return cut if cut >= limit // 3 else limit


def clause_spans(text: str, max_chars: int, word_ends: Callable[[str], list[int]]) -> list[tuple[int, int]]:
    """The clauses of a whole text (what the WebSocket route speaks when the text arrives in one piece)."""
    seg = ClauseSegmenter(max_chars, word_ends)
    return seg.feed(text) + seg.finish()
