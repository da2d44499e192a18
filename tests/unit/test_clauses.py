"""Clause segmentation of text arriving in deltas (frontend/clauses.py): the clauses never depend on how the
text was cut into pieces, and numbers are not cut at their separators."""

from __future__ import annotations

from hypothesis import given, settings, strategies as st

from ttsserve.frontend.clauses import ClauseSegmenter, clause_spans


def pairs(piece: str) -> list[int]:  # a stand-in word segmentation: two characters a word
    return list(range(2, len(piece) + 1, 2))


def texts_of(text: str, spans) -> list[str]:
    return [text[a:b] for a, b in spans]


def test_clauses_end_at_their_mark_and_the_silent_marks_after_it_are_skipped():
    text = "你好，世界！？他说：“走吧。”然后 1,000 元, 10:30 出发;OK"
    assert texts_of(text, clause_spans(text, 60, pairs)) == [
        "你好，", "世界！", "他说：", "“走吧。", "然后 1,000 元,", "10:30 出发;", "OK"]


def test_a_mark_completes_its_clause_at_once_but_a_digit_and_comma_wait():
    seg = ClauseSegmenter(60, pairs)
    assert seg.feed("价格是3,") == []  # 3,000 or "3, then": not known yet
    assert seg.feed("0") == []
    assert seg.feed("00元，") == [(0, 10)]  # a full-width mark: complete now
    assert seg.feed("”") == [] and seg.feed("好的") == []  # the quote after it is skipped
    assert seg.feed("！") == [(11, 14)]
    assert seg.feed("？") == []
    assert seg.finish() == [] and seg.pending == ""
    assert seg.feed("时间是10:") == [] and seg.feed("3") == [] and seg.feed("0") == []
    assert seg.feed("3:a") == [(15, 25)]  # "3:" then a letter: a boundary after all


def test_long_text_without_punctuation_is_cut_at_a_word_end_within_the_limit():
    text = "一二三四五六七八九十" * 5
    spans = clause_spans(text, 12, pairs)
    assert all(b - a <= 12 for a, b in spans) and "".join(texts_of(text, spans)) == text
    assert [b - a for a, b in spans][:-1] == [12] * 4


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="你好12 ,:，。！？”a\n", min_size=0, max_size=80), st.lists(st.integers(1, 6), max_size=80),
       st.integers(6, 20))
def test_deltas_give_the_clauses_of_the_whole_text(text, cuts, max_chars):
    whole = clause_spans(text, max_chars, pairs)
    seg, got, pos = ClauseSegmenter(max_chars, pairs), [], 0
    for n in cuts:
        got += seg.feed(text[pos : pos + n])
        pos += n
    got += seg.feed(text[pos:]) + seg.finish()
    assert got == whole
    # in order, covering the text but for silent stretches between clauses (marks, closing quotes, spaces)
    edges = [0, *[x for span in whole for x in span], len(text)]
    assert edges == sorted(edges)
    assert all(set(text[edges[i]:edges[i + 1]]) <= set("，。！？,: \n”") for i in range(0, len(edges), 2))
    assert all(text[a:b].strip() for a, b in whole)
    assert all(b - a <= max_chars for a, b in whole)
