"""Where each character of normalized text came from in the text before normalization.

Normalization rewrites stretches of text ("2024" -> 二零二四, "¥500" -> 五百元, "10:30" -> 十点三十分) and keeps
the rest (Chinese characters, punctuation) as it is. `align` recovers that correspondence from the two strings
alone, so `normalize` stays a plain text -> text function: it keeps as many characters as possible matched to
themselves (a longest common subsequence), and among equally long matchings takes the one with the fewest
stretches of output that come from nothing (generated text belongs to the rewrite beside it: in
"¥500元" -> 五百元元 the first 元 is the currency's, the second the text's own).
"""

from __future__ import annotations

from difflib import SequenceMatcher

ANCHOR_CHARS = 3  # a run of this many characters kept as they were is taken as kept (no coincidence)

_NONE, _DEL, _INS, _BOTH = 0, 1, 2, 3  # the open gap since the last kept character: empty, source only, output only, both
_NEG = -(10**9)
_ON_SRC = (_DEL, _DEL, _BOTH, _BOTH)  # next state after a source character in a gap
_ON_OUT = (_INS, _BOTH, _INS, _BOTH)  # next state after an output character in a gap


def align(src: str, out: str) -> list[tuple[int, int]]:
    """For each character of `out`, the [start, end) range of `src` it came from: a kept character its own
    position, a rewritten one the whole stretch of `src` that was rewritten. Output generated from no source
    text (rare) is attached to the stretch before it (or after it, at the start)."""
    if src == out:
        return [(i, i + 1) for i in range(len(src))]
    # Long runs kept unchanged (Chinese text between the rewrites) anchor the alignment; the exact matching
    # runs only on the stretches between them, which keeps it cheap on long sentences full of numbers.
    blocks = SequenceMatcher(None, src, out, autojunk=False).get_matching_blocks()
    anchors = [(b.a, b.b, b.size) for b in blocks if b.size >= ANCHOR_CHARS or (b.size and b.a == 0 and b.b == 0)]
    spans: list[tuple[int, int] | None] = []
    i = j = 0
    for a, b, size in [*anchors, (len(src), len(out), 0)]:
        if a < i or b < j:  # never happens with difflib's blocks; stay safe
            continue
        spans += [None if sp is None else (sp[0] + i, sp[1] + i) for sp in _align_middle(src[i:a], out[j:b])]
        spans += [(a + k, a + k + 1) for k in range(size)]
        i, j = a + size, b + size
    # Output from nothing joins the stretch before it (or, at the very start, the one after it).
    for k in range(1, len(spans)):
        if spans[k] is None:
            spans[k] = spans[k - 1]
    for k in range(len(spans) - 1, -1, -1):
        if spans[k] is None:
            spans[k] = spans[k + 1] if k + 1 < len(spans) else (0, len(src))
    return spans  # type: ignore[return-value]


def _align_middle(src: str, out: str) -> list[tuple[int, int] | None]:
    """`align` on a stretch, exactly; None for output generated from nothing."""
    n, m = len(src), len(out)
    if m == 0:
        return []
    if n == 0:
        return [None] * m
    # score[i][j][state]: best (kept * W - generated stretches) aligning src[:i] with out[:j], ending in `state`
    w = 2 * (m + 1)
    score = [[[_NEG] * 4 for _ in range(m + 1)] for _ in range(n + 1)]
    back: list[list[list[tuple[int, int, int] | None]]] = [[[None] * 4 for _ in range(m + 1)] for _ in range(n + 1)]
    score[0][0][_NONE] = 0

    def relax(i: int, j: int, st: int, value: int, frm: tuple[int, int, int]) -> None:
        if value > score[i][j][st]:
            score[i][j][st] = value
            back[i][j][st] = frm

    for i in range(n + 1):
        for j in range(m + 1):
            for st in range(4):
                v = score[i][j][st]
                if v == _NEG:
                    continue
                if i < n:  # src[i] rewritten or dropped
                    relax(i + 1, j, _ON_SRC[st], v, (i, j, st))
                if j < m:  # out[j] part of a rewrite
                    relax(i, j + 1, _ON_OUT[st], v, (i, j, st))
                if i < n and j < m and src[i] == out[j]:  # kept
                    relax(i + 1, j + 1, _NONE, v + w - (st == _INS), (i, j, st))
    final = max(range(4), key=lambda st: score[n][m][st] - (st == _INS))
    # Walk back: the kept pairs, in order.
    kept: list[tuple[int, int]] = []
    i, j, st = n, m, final
    while (i, j) != (0, 0):
        pi, pj, pst = back[i][j][st]  # type: ignore[misc]
        if pi == i - 1 and pj == j - 1 and st == _NONE and src[pi] == out[pj]:
            kept.append((pi, pj))
        i, j, st = pi, pj, pst
    kept.reverse()
    spans: list[tuple[int, int] | None] = [None] * m
    prev_i, prev_j = 0, 0
    for ki, kj in [*kept, (n, m)]:
        if kj > prev_j:  # a gap: out[prev_j:kj] came from src[prev_i:ki]
            for jj in range(prev_j, kj):
                spans[jj] = (prev_i, ki) if ki > prev_i else None
        if (ki, kj) != (n, m):
            spans[kj] = (ki, ki + 1)
        prev_i, prev_j = ki + 1, kj + 1
    return spans
