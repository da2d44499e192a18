"""Timestamps (pipeline/timing.py, frontend/align.py, the symbol sets' symbol_syllables, captions.py): exact
arithmetic on given durations, and coverage of every character of hard texts through the real frontend."""

from __future__ import annotations

import pytest

from ttsserve import captions
from ttsserve.frontend import MandarinFrontend
from ttsserve.frontend.align import align
from ttsserve.frontend.kantts import KanttsSymbols
from ttsserve.frontend.symbols import BakerSymbols
from ttsserve.pipeline.base import Syllable
from ttsserve.pipeline.segment import segment
from ttsserve.pipeline.timing import CallText, TimingBuilder, call_times

TEXTS = {
    "numbers": "共有12,345人，其中3.5%是2个班的。",
    "dates": "2024年3月15日上午10:30，会议在2024-2025年举行。",
    "money": "花了¥500元，又付了$12.50和€3。",
    "letters": "我用iPhone和CA1234航班，A股涨了。",
    "punctuation": "什么？！……真的吗？？“是的”——（没错）。。。",
    "emoji": "😀你好👍🏽世界🎉",
    "overrides": "他长[zhang3]大了，长[chang2]江很长[chang2]。",
    "edges": "  “开头”与结尾！  ",
}


@pytest.fixture(scope="module")
def frontend():
    return MandarinFrontend()


def test_align_attaches_rewrites_to_their_source():
    assert align("¥500元", "五百元元") == [(0, 4), (0, 4), (0, 4), (4, 5)]
    assert align("一1", "一一") == [(0, 1), (1, 2)]
    assert align("我有2个", "我有两个") == [(0, 1), (1, 2), (2, 3), (3, 4)]
    assert align("😀你", "你") == [(1, 2)]
    assert align("10:30到", "十点三十分到") == [(0, 5)] * 5 + [(5, 6)]


def test_call_times_exact_and_break_tails():
    sylls = (Syllable("银", "yin2", "", "in", 2, 0, span=(0, 1)), Syllable("行", "hang2", "h", "ang", 2, 3, span=(1, 2)),
             Syllable("好", "hao3", "h", "ao", 3, 0, span=(3, 4)))
    # sil | y in | #0 | h ang | #3 | h ao | sil eos
    text = CallText(sylls, (-1, 0, 0, -1, 1, 1, -1, 2, 2, -1, -1), text_offset=10)
    d = [4, 2, 6, 8, 3, 7, 20, 2, 9, 12, 0]
    times = call_times(text, d, start_sample=1000, hop_length=100, sample_rate_hz=10000)
    hop_s, t0 = 0.01, 0.1
    # 银: frames 4..20 (its in-phrase break #0 is its tail); 行: 20..38 and the pause's first 8 frames (the
    # median in-phrase break); 好: 50..61 and the whole closing run (its lengthened tail)
    expected = [((10, 11), 4, 20), ((11, 12), 20, 38), ((13, 14), 50, 73)]
    assert [(s.span, round(s.start_s, 6), round(s.end_s, 6)) for s in times] == [
        (span, round(t0 + a * hop_s, 6), round(t0 + b * hop_s, 6)) for span, a, b in expected]
    with pytest.raises(ValueError):
        call_times(text, d[:-1], start_sample=0, hop_length=100, sample_rate_hz=10000)


def _timed(frontend, symbols, text: str, *, max_syllables=None, frames=3, gap_frames=20):
    """The text through the real frontend and segmentation, each symbol `frames` long, calls separated by
    `gap_frames` of silence: the characters and words as the scheduler would build them."""
    front = frontend.process(text)
    calls = segment(front.sentences, max_syllables=max_syllables, sentence_silence_s=0.2, phrase_pause_s=0.05)
    texts = [CallText(c.sentence.syllables, tuple(symbols.symbol_syllables(c.sentence))) for c in calls]
    builder, sample, events = TimingBuilder(text), 0, []
    for k, t in enumerate(texts):
        n = len(symbols.encode(calls[k].sentence))
        assert n == len(t.symbol_syllables)
        sample += gap_frames * 10 if k else 0
        times = call_times(t, [frames] * n, start_sample=sample, hop_length=10, sample_rate_hz=1000)
        nxt = texts[k + 1].syllables[0].span if k + 1 < len(texts) else None
        events.append(builder.add(times, continues=nxt is not None and nxt[0] < times[-1].span[1]))
        sample += n * frames * 10
    events.append(builder.finish(sample / 1000))
    return builder.all, events, sample / 1000


@pytest.mark.parametrize("symbols", [BakerSymbols(), KanttsSymbols()], ids=["baker", "kantts"])
@pytest.mark.parametrize("name", sorted(TEXTS))
def test_every_character_covered_in_order(frontend, symbols, name):
    text = TEXTS[name]
    timings, events, audio_s = _timed(frontend, symbols, text)
    chars = timings.characters
    assert "".join(c["char"] for c in chars) == text  # every character, once, in order
    assert [c["offset"] for c in chars] == [sum(len(x["char"]) for x in chars[:i]) for i in range(len(chars))]
    starts = [c["start_s"] for c in chars]
    assert all(c["start_s"] <= c["end_s"] for c in chars)
    assert all(a["end_s"] <= b["start_s"] + 1e-9 for a, b in zip(chars, chars[1:]))  # monotonic, no overlap
    assert starts == sorted(starts) and chars[-1]["end_s"] <= audio_s
    for c in chars:  # silent characters are zero-length; spoken ones have syllables and time
        if c["pinyin"]:
            assert c["end_s"] > c["start_s"]
        else:
            assert c["start_s"] == c["end_s"] and not any(ch.isalnum() and ch.isascii() for ch in c["char"])
    words = timings.words
    assert all(text[w["offset"] : w["offset"] + len(w["word"])] == w["word"] for w in words)
    assert all(a["offset"] + len(a["word"]) <= b["offset"] and a["end_s"] <= b["start_s"] for a, b in zip(words, words[1:]))
    # the events a stream sends concatenate to the whole answer
    assert [c for e in events for c in e.characters] == chars and [w for e in events for w in e.words] == words


def test_expansions_and_overrides_are_one_entry(frontend):
    timings, _, _ = _timed(frontend, BakerSymbols(), TEXTS["dates"] + TEXTS["money"] + TEXTS["overrides"])
    by_char = {c["char"]: c for c in timings.characters}
    assert by_char["2024"]["pinyin"] == "er4 ling2 er4 si4"
    assert by_char["10:30"]["pinyin"] == "shi2 dian3 san1 shi2 fen1"
    # sandhi: 五百; the sign's 元 is not said again before the written 元 (花了¥500元: 五百元, once since session 32)
    assert by_char["¥500"]["pinyin"] == "wu2 bai3" and by_char["元"]["pinyin"] == "yuan2"
    assert by_char["长[zhang3]"]["pinyin"] == "zhang3" and by_char["长[chang2]"]["pinyin"] == "chang2"
    assert by_char["2024-2025"]["pinyin"].split()[4] == "dao4"


def test_long_text_and_cut_calls(frontend):
    base = "今天是2024年3月15日，天气不错！我们花了¥1,234.5元买了3个iPhone😀。为什么呢？因为喜欢。"
    text = (base * 60)[:1999] + "。"
    for max_syllables in (None, 7):  # whole sentences, and calls cut inside them (numbers cut between calls)
        timings, events, audio_s = _timed(frontend, BakerSymbols(), text, max_syllables=max_syllables)
        chars = timings.characters
        assert "".join(c["char"] for c in chars) == text
        assert all(a["end_s"] <= b["start_s"] for a, b in zip(chars, chars[1:]))
        assert abs(chars[-1]["end_s"] - audio_s) < 0.01  # the text ends with punctuation: at the end of the audio


def test_silent_characters_sit_at_the_end_of_their_pause(frontend):
    timings, _, audio_s = _timed(frontend, BakerSymbols(), "你好！世界。")
    c = timings.characters
    assert [x["char"] for x in c] == ["你", "好", "！", "世", "界", "。"]
    assert c[2]["start_s"] == c[3]["start_s"] > c[1]["end_s"]  # the sentences' pause lies between 好 and 世
    assert c[5]["start_s"] == c[5]["end_s"] == audio_s


def test_captions_cut_at_punctuation_and_length():
    chars = [{"char": ch, "offset": i, "start_s": i * 0.1, "end_s": i * 0.1 + 0.1, "pinyin": "a1"} for i, ch in enumerate("一二三四五六七八")]
    chars.insert(3, {"char": "，", "offset": 3, "start_s": 0.3, "end_s": 0.3, "pinyin": ""})
    srt = captions.render("srt", chars, None, max_chars=4)
    assert srt == ("1\n00:00:00,000 --> 00:00:00,300\n一二三，\n\n"
                   "2\n00:00:00,300 --> 00:00:00,700\n四五六七\n\n"
                   "3\n00:00:00,700 --> 00:00:00,800\n八\n\n")
    vtt = captions.render("vtt", [{"char": "A&<B>", "offset": 0, "start_s": 3723.5, "end_s": 3724, "pinyin": "x"}])
    assert vtt == "WEBVTT\n\n01:02:03.500 --> 01:02:04.000\nA&amp;&lt;B&gt;\n\n"


def test_stages_that_cannot_time_say_so():
    from ttsserve.pipeline.base import Sentence
    from ttsserve.errors import TimestampsUnavailableError
    from ttsserve.pipeline.timing import call_text

    spanned = Sentence("好", (0, 1), (Syllable("好", "hao3", "h", "ao", 3, 0, span=(0, 1)),))
    with pytest.raises(TimestampsUnavailableError) as e:
        call_text(object(), spanned, text_offset=0)
    assert e.value.status == 422 and e.value.code == "timestamps_unavailable"
    unspanned = Sentence("好", (0, 1), (Syllable("好", "hao3", "h", "ao", 3, 0),))
    with pytest.raises(TimestampsUnavailableError):
        call_text(BakerSymbols(), unspanned, text_offset=0)
    assert call_text(BakerSymbols(), spanned, text_offset=5).symbol_syllables == (-1, 0, 0, -1, -1)
