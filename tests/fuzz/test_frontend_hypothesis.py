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
