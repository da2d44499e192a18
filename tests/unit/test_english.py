"""English words in Chinese text (frontend/english.py): words read as words on Mandarin syllables, acronyms
spelled, and whatever letters come, syllables the default voice's symbol table has."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypinyin import Style, lazy_pinyin

from ttsserve.frontend import MandarinFrontend, english
from ttsserve.frontend.symbols import BakerSymbols


@pytest.fixture(scope="module")
def fe() -> MandarinFrontend:
    return MandarinFrontend()


def pinyin(fe, text: str) -> list[str]:
    return [sy.pinyin for s in fe.process(text).sentences for sy in s.syllables]


def test_words_are_read_as_words_and_acronyms_spelled(fe):
    assert pinyin(fe, "我用iPhone打电话给Tom") == ["wo3", "yong4", "ai4", "feng1", "da3", "dian4", "hua4", "gei3",
                                                 "tang1", "mu3"]
    assert pinyin(fe, "Hello world") == ["ha1", "lou2", "wo4", "de2"]
    assert pinyin(fe, "NBA和CPU") == ["en1", "bi3", "ei2", "he2", "xi1", "pi1", "you1"]
    assert pinyin(fe, "McDonald's的汉堡")[:3] == ["mai4", "dang1", "lao2"]
    assert pinyin(fe, "A股") == ["ei2", "gu3"]


def test_a_word_keeps_its_span(fe):
    out = fe.process("我用iPhone打电话")
    spans = {sy.pinyin: sy.span for s in out.sentences for sy in s.syllables}
    assert spans["ai4"] == spans["feng1"] == (2, 8)


def test_every_lexicon_syllable_has_a_carrier_that_reads_it():
    table = english.carriers()
    for word, entry in english.LEXICON.items():
        for py in entry.split():
            ch = english._carrier(py)
            assert lazy_pinyin(ch, style=Style.TONE3)[0].rstrip("12345") == py.rstrip("12345"), (word, py, ch)
    assert all(lazy_pinyin(ch, style=Style.TONE3, neutral_tone_with_five=True)[0] == py for py, ch in table.items())


def test_fallback_examples():
    assert english.transliterate("token") == ["tuo1", "ken4"]
    assert english.transliterate("smart") == ["si1", "ma1", "te4"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet=st.sampled_from("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"), min_size=1, max_size=14))
def test_any_letters_become_syllables_the_voice_has(fe, word):
    out = fe.process(f"这是{word}。")
    symbols = BakerSymbols()
    for sentence in out.sentences:
        symbols.encode(sentence)  # raises UnknownSymbolError on a syllable outside the table
    assert len(out.sentences[0].syllables) > 2
