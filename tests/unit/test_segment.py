"""Model-call segmentation (pipeline/segment.py): long sentences cut at phrase breaks for the acoustic model."""

from __future__ import annotations

from pathlib import Path

import pytest

from ttsserve.frontend import MandarinFrontend
from ttsserve.pipeline.base import Sentence, Syllable
from ttsserve.pipeline.segment import segment

WEIGHTS = Path(__file__).resolve().parents[2] / "weights"


def _sentence(pattern: str) -> Sentence:
    """'ab|c,de' -> syllables a b c d e; '|' a word break after the previous syllable, ',' a phrase break."""
    sylls: list[Syllable] = []
    for ch in pattern:
        if ch in "|,":
            last = sylls[-1]
            sylls[-1] = Syllable(last.text, last.pinyin, last.initial, last.final, last.tone, 1 if ch == "|" else 3)
        else:
            sylls.append(Syllable(ch, "a1", "", "a", 1, 0))
    return Sentence(text="".join(s.text for s in sylls), span=(0, len(pattern)), syllables=tuple(sylls))


def _texts(calls) -> list[str]:
    return [c.sentence.text for c in calls]


def test_short_sentences_are_one_call_each_with_the_sentence_gap_between():
    calls = segment([_sentence("ab|c"), _sentence("de")], max_syllables=8, sentence_silence_s=0.2, phrase_pause_s=0.1)
    assert _texts(calls) == ["abc", "de"]
    assert [c.gap_before_s for c in calls] == [0.0, 0.2]
    assert [c.sentence_index for c in calls] == [0, 1]
    assert calls[0].sentence.syllables[-1].break_after == 0


def test_no_limit_keeps_whole_sentences():
    s = _sentence("abc,def,ghi,jkl")
    calls = segment([s], max_syllables=None, sentence_silence_s=0.2, phrase_pause_s=0.1)
    assert len(calls) == 1 and calls[0].sentence is s


def test_long_sentence_is_cut_at_phrase_breaks_and_phrases_are_packed():
    calls = segment([_sentence("ab|c,de,fg|hi,jk")], max_syllables=5, sentence_silence_s=0.2, phrase_pause_s=0.1)
    # phrases: abc(3) de(2) fghi(4) jk(2) -> packed greedily within 5
    assert _texts(calls) == ["abcde", "fghi", "jk"]
    assert [c.gap_before_s for c in calls] == [0.0, 0.1, 0.1]
    # the comma inside a call stays a phrase break for the model; each call ends without a break
    assert [s.break_after for s in calls[0].sentence.syllables] == [0, 1, 3, 0, 0]
    assert all(c.sentence.syllables[-1].break_after == 0 for c in calls)
    assert all(c.sentence.span == (0, 16) and c.sentence_index == 0 for c in calls)


def test_a_phrase_longer_than_the_limit_is_cut_at_balanced_word_ends_without_a_pause():
    calls = segment([_sentence("ab|cd|ef|gh|ij|kl")], max_syllables=8, sentence_silence_s=0.2, phrase_pause_s=0.1)
    assert _texts(calls) == ["abcdef", "ghijkl"]
    assert [c.gap_before_s for c in calls] == [0.0, 0.0]


def test_one_word_longer_than_the_limit_is_cut_at_the_limit():
    calls = segment([_sentence("abcdefghij")], max_syllables=4, sentence_silence_s=0.2, phrase_pause_s=0.1)
    assert all(len(c.sentence.syllables) <= 4 for c in calls)
    assert "".join(_texts(calls)) == "abcdefghij"


@pytest.mark.parametrize("limit", [4, 6, 9, 13, 20])
def test_real_sentences_keep_every_syllable_in_order_within_the_limit(limit):
    fe = MandarinFrontend()
    text = ("我们中午先在学校附近吃午饭，下午再去湖边散散步，晚上早点回家休息，因为明天还要早起去火车站接一位从外地来的老朋友。"
            "他大学毕业以后没有马上找工作而是花了整整一年的时间去西部的乡村小学支教。")
    front = fe.process(text)
    calls = segment(front.sentences, max_syllables=limit, sentence_silence_s=0.2, phrase_pause_s=0.1)
    assert all(len(c.sentence.syllables) <= limit for c in calls)
    for index, sentence in enumerate(front.sentences):
        mine = [s for c in calls if c.sentence_index == index for s in c.sentence.syllables]
        assert [s.pinyin for s in mine] == [s.pinyin for s in sentence.syllables]


def test_the_default_voice_declares_a_limit_and_cuts_a_long_sentence_into_several_calls():
    from ttsserve.voices import load_manifest

    manifest = load_manifest(WEIGHTS / "baker")
    assert manifest.segmentation.max_syllables is not None
    fe = MandarinFrontend()
    front = fe.process("我们中午先在学校附近吃午饭，下午再去湖边散散步，晚上早点回家休息，因为明天还要早起去火车站接一位从外地来的老朋友。")
    calls = segment(front.sentences, max_syllables=manifest.segmentation.max_syllables, sentence_silence_s=0.2,
                    phrase_pause_s=manifest.segmentation.phrase_pause_s)
    assert len(calls) > 1
    assert calls[1].gap_before_s == manifest.segmentation.phrase_pause_s


def test_context_gives_each_cut_call_its_neighbours_and_no_added_pause():
    """`context_syllables`: each call of a cut sentence carries up to N syllables of the calls around it, break
    levels as in the sentence (the cut's own phrase break kept inside the context, the context's end closed),
    and where its own syllables are; the pause at a cut is the model's, so none is added. An uncut sentence and
    the calls themselves are as without context."""
    sentences = [_sentence("ab|c,de,fg|hi,jk"), _sentence("xy")]
    plain = segment(sentences, max_syllables=5, sentence_silence_s=0.2, phrase_pause_s=0.1)
    calls = segment(sentences, max_syllables=5, sentence_silence_s=0.2, phrase_pause_s=0.1, context_syllables=2)
    assert [c.sentence for c in calls] == [c.sentence for c in plain]
    assert [c.gap_before_s for c in calls] == [0.0, 0.0, 0.0, 0.2]
    assert [c.context.text if c.context else None for c in calls] == ["abcdefg", "defghijk", "hijk", None]
    assert [c.own_syllables for c in calls[:3]] == [(0, 5), (2, 6), (2, 4)]
    middle = calls[1].context.syllables
    assert [s.break_after for s in middle] == [0, 3, 0, 1, 0, 3, 0, 0]  # d e, f g| h i, j k: the cuts' breaks kept
    assert calls[0].context.syllables[-1].break_after == 0 and calls[3].own_syllables == (0, 0)


def test_a_sentence_the_frontend_cut_at_a_comma_reads_on_into_the_next():
    """With context, a frontend sentence ending at pause punctuation (the frontend's length cap cut it there)
    continues into the next: each reads the other's syllables and no sentence silence is added between them; a
    sentence end, or markup that sets the next sentence apart, still separates them."""
    from dataclasses import replace as swap

    from ttsserve.pipeline.base import SpanControls

    first, second, third = _sentence("ab|c,"), _sentence("de|f"), _sentence("gh")
    calls = segment([first, second, third], max_syllables=8, sentence_silence_s=0.2, phrase_pause_s=0.1,
                    context_syllables=2)
    assert [c.gap_before_s for c in calls] == [0.0, 0.0, 0.2]
    assert [c.context.text if c.context else None for c in calls] == ["abcde", "bcdef", None]
    assert [c.own_syllables for c in calls[:2]] == [(0, 3), (2, 5)]
    plain = segment([first, second], max_syllables=8, sentence_silence_s=0.2, phrase_pause_s=0.1)
    assert [c.gap_before_s for c in plain] == [0.0, 0.2] and plain[0].context is None
    apart = swap(second, controls=SpanControls(gap_before_s=0.5))
    calls = segment([first, apart], max_syllables=8, sentence_silence_s=0.2, phrase_pause_s=0.1, context_syllables=2)
    assert [c.gap_before_s for c in calls] == [0.0, 0.5] and calls[0].context is None


def test_the_texts_first_call_can_be_shorter_cut_at_phrase_breaks_only():
    first = _sentence("ab|c,de,fg|hi,jk,lm|no|pq|rs")
    calls = segment([first, _sentence("tu,vw")], max_syllables=8, sentence_silence_s=0.2, phrase_pause_s=0.1,
                    first_max_syllables=5)
    # the leading phrases within 5 (abc + de) are the first call, the rest of the sentence packed within 8
    # (fghi + jk, lmnopqrs); later sentences as usual
    assert _texts(calls) == ["abcde", "fghijk", "lmnopqrs", "tuvw"]
    assert [c.gap_before_s for c in calls] == [0.0, 0.1, 0.1, 0.2]
    assert all(c.sentence.syllables[-1].break_after == 0 for c in calls)
    assert _texts(segment([first], max_syllables=None, sentence_silence_s=0.2, phrase_pause_s=0.1,
                          first_max_syllables=5)) == ["abcde", "fghijklmnopqrs"]
    # with context the first call reads on into the second, and no pause is added at the cut
    ctx = segment([first], max_syllables=None, sentence_silence_s=0.2, phrase_pause_s=0.1, first_max_syllables=5,
                  context_syllables=2)
    assert [c.gap_before_s for c in ctx] == [0.0, 0.0] and ctx[0].context.text == "abcdefg"


@pytest.mark.parametrize("pattern, expected", [
    ("abcdef,gh", ["abcdefgh"]),        # the first phrase alone is longer than the limit: no cut inside it
    ("abc", ["abc"]),                   # short enough
    ("abcdefgh", ["abcdefgh"]),         # one phrase
    ("cd,ef,gh", ["cdef", "gh"]),       # leading phrases within the limit
])
def test_the_first_call_limit_never_cuts_inside_a_phrase(pattern, expected):
    calls = segment([_sentence(pattern), _sentence("xy,z")], max_syllables=None, sentence_silence_s=0.2,
                    phrase_pause_s=0.1, first_max_syllables=4)
    assert _texts(calls) == [*expected, "xyz"]  # the text's first sentence only
