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
