"""Any Unicode string through the real Mandarin frontend: a FrontendOutput or one of our typed errors,
never another exception; spans always lie inside the original text; Baker symbols always encode."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ttsserve.errors import TTSError
from ttsserve.pipeline.base import get_loader

FRONTEND = get_loader("frontend", "mandarin")({"max_sentence_chars": 60})
SYMBOLS = get_loader("symbols", "baker")({})

chinese = st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF), max_size=40)
mixed = st.text(
    alphabet=st.one_of(
        st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF),
        st.sampled_from(list("0123456789.,:;-/%$¥°℃kmgKMGABCxyz，。！？、：；（）“”《》 \n\t")),
        st.characters(),
    ),
    max_size=80,
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(chinese, mixed, st.text(max_size=60)))
def test_frontend_never_raises_untyped(text):
    try:
        out = FRONTEND.process(text)
    except TTSError:
        return
    assert out.sentences
    for s in out.sentences:
        assert 0 <= s.span[0] <= s.span[1] <= len(text)
        assert s.syllables
        ids = SYMBOLS.encode(s)
        assert all(0 <= i < 219 for i in ids)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(chinese, mixed, st.text(max_size=60)))
def test_timestamps_cover_any_text_in_order(text):
    """Every syllable's span lies in the text, in order; timed with made-up durations, the character entries
    concatenate to the text and never go back in time."""
    from ttsserve.pipeline.timing import TimingBuilder, call_text, call_times

    try:
        out = FRONTEND.process(text)
    except TTSError:
        return
    builder, sample = TimingBuilder(text), 0
    last_end = 0
    for s in out.sentences:
        for syl in s.syllables:
            assert syl.span is not None and last_end <= syl.span[1] and 0 <= syl.span[0] < syl.span[1] <= len(text)
            last_end = syl.span[1]
        ct = call_text(SYMBOLS, s, text_offset=0)
        builder.add(call_times(ct, [2] * len(ct.symbol_syllables), start_sample=sample, hop_length=1,
                               sample_rate_hz=100))
        sample += 2 * len(ct.symbol_syllables) + 10
    builder.finish(sample / 100)
    chars = builder.all.characters
    assert "".join(c["char"] for c in chars) == text
    assert all(a["end_s"] <= b["start_s"] for a, b in zip(chars, chars[1:]))
