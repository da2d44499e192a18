"""SSML (frontend/ssml.py) against the frontend output: each element's effect, the errors, and plain text inside
<speak> read exactly as without it (a property test)."""

from __future__ import annotations

from xml.sax.saxutils import escape

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ttsserve.errors import SsmlError
from ttsserve.frontend import MandarinFrontend
from ttsserve.frontend.ssml import is_ssml, text_content
from ttsserve.pipeline.base import NO_CONTROLS
from ttsserve.pipeline.segment import segment


@pytest.fixture(scope="module")
def fe() -> MandarinFrontend:
    return MandarinFrontend()


def pinyin(out) -> list[str]:
    return [sy.pinyin for s in out.sentences for sy in s.syllables]


def speak(body: str) -> str:
    return f"<speak>{body}</speak>"


def test_detection():
    assert is_ssml("<speak>你好</speak>") and is_ssml('  <?xml version="1.0"?>\n<speak version="1.0">x</speak>')
    assert is_ssml('<?xml version="1.0"?><!DOCTYPE speak [<!ENTITY a "b">]><speak/>')  # parsed, then refused
    assert not is_ssml("你好<speak>") and not is_ssml("<speaker>你好") and not is_ssml("<speak/你好")


def test_break_time_is_an_exact_gap_and_a_sentence_boundary(fe):
    out = fe.process(speak('你好<break time="800ms"/>世界'))
    assert [s.text for s in out.sentences] == ["你好", "世界"]
    assert [s.controls.gap_before_s for s in out.sentences] == [None, 0.8]
    calls = segment(out.sentences, max_syllables=None, sentence_silence_s=0.2, phrase_pause_s=0.15)
    assert [c.gap_before_s for c in calls] == [0.0, 0.8]


def test_break_strength_leading_and_trailing(fe):
    out = fe.process(speak('<break strength="strong"/>你好<break strength="x-weak"/><break time="1s"/>世界<break/>'))
    calls = segment(out.sentences, max_syllables=None, sentence_silence_s=0.2, phrase_pause_s=0.15)
    assert [c.gap_before_s for c in calls] == [0.7, pytest.approx(1.1)]  # breaks in a row add up
    assert out.markup.tail_silence_s == 0.4  # a break after the last words: medium
    none = fe.process(speak('你好<break strength="none"/>世界'))
    assert [s.text for s in none.sentences] == ["你好世界"]


def test_p_and_s_are_sentence_boundaries_with_the_usual_pause(fe):
    out = fe.process(speak("<p><s>今天下雨</s><s>明天晴</s></p><p>后天呢</p>"))
    assert [s.text for s in out.sentences] == ["今天下雨", "明天晴", "后天呢"]
    assert all(s.controls.gap_before_s is None for s in out.sentences)


@pytest.mark.parametrize("kind, text, expected", [
    ("digits", "2024", ["er4", "ling2", "er4", "si4"]),
    ("telephone", "110", ["yao1", "yao1", "ling2"]),
    ("telephone", "+86 138-0013-8000", ["jia1", "ba1", "liu4", "yao1", "san1", "ba1", "ling2", "ling2", "yao1", "san1",
                                        "ba1", "ling2", "ling2", "ling2"]),
    ("cardinal", "1,234", ["yi4", "qian1", "er4", "bai3", "san1", "shi2", "si4"]),
    ("cardinal", "-3.5", ["fu4", "san1", "dian3", "wu3"]),
    ("ordinal", "3", ["di4", "san1"]),
    ("date", "2024-03-15", ["er4", "ling2", "er4", "si4", "nian2", "san1", "yue4", "shi2", "wu3", "ri4"]),
    ("time", "10:05", ["shi2", "dian3", "ling2", "wu3", "fen1"]),
    ("currency", "¥12.50", ["shi2", "er4", "yuan2", "wu2", "jiao3"]),
    ("currency", "30 USD", ["san1", "shi2", "mei3", "yuan2"]),
    ("characters", "AB3", ["ei2", "bi3", "san1"]),  # the letters as the plain-text reading spells them
    ("name", "单田芳", ["shan4", "tian2", "fang1"]),
    ("name", "曾国藩", ["zeng1", "guo2", "fan1"]),
    ("name", "解缙", ["xie4", "jin4"]),
])
def test_say_as(fe, kind, text, expected):
    out = fe.process(speak(f'<say-as interpret-as="{kind}">{text}</say-as>'))
    assert pinyin(out) == expected
    # every syllable reads the element's text (timestamps): spans inside it
    assert all(0 <= sy.span[0] < sy.span[1] <= len(text) for s in out.sentences for sy in s.syllables)


def test_say_as_date_format_and_errors(fe):
    out = fe.process(speak('<say-as interpret-as="date" format="mdy">3/15/2024</say-as>'))
    assert "".join(s.text for s in out.sentences) == "二零二四年三月十五日"
    with pytest.raises(SsmlError) as e:
        fe.process(speak('<say-as interpret-as="date">2024-13-01</say-as>'))
    assert e.value.message == "<say-as> at character 7: cannot read '2024-13-01' as date"
    with pytest.raises(SsmlError) as e:
        fe.process(speak('<say-as interpret-as="vxml:boolean">1</say-as>'))
    assert e.value.message.startswith("<say-as> at character 7: interpret-as 'vxml:boolean' is not supported")


def test_phoneme_overrides_the_dictionary(fe):
    assert pinyin(fe.process("长安")) == ["chang2", "an1"]
    out = fe.process(speak('<phoneme alphabet="pinyin" ph="zhang3 an1">长安</phoneme>'))
    assert pinyin(out) == ["zhang3", "an1"]
    assert [sy.span for sy in out.sentences[0].syllables] == [(0, 1), (1, 2)]
    with pytest.raises(SsmlError, match="one pinyin with tone"):
        fe.process(speak('<phoneme alphabet="pinyin" ph="zhang3">长安</phoneme>'))
    with pytest.raises(SsmlError, match="one pinyin with tone"):  # well-formed, no syllable: it dropped 花
        fe.process(speak('<phoneme alphabet="pinyin" ph="huar1">花</phoneme>开了'))
    # over text in another script, the syllables replace it (spans: the whole text)
    latin = fe.process(speak('我用<phoneme alphabet="pinyin" ph="ai4 feng1">iPhone</phoneme>'))
    assert pinyin(latin)[2:] == ["ai4", "feng1"] and latin.sentences[0].syllables[2].span == (2, 8)
    with pytest.raises(SsmlError, match="ph must be pinyin syllables with tones"):
        fe.process(speak('<phoneme alphabet="pinyin" ph="xyz1">abc</phoneme>'))
    with pytest.raises(SsmlError, match="alphabet 'ipa' is not supported"):
        fe.process(speak('<phoneme alphabet="ipa" ph="tʂɑŋ">长</phoneme>'))


def test_inline_readings_still_work_inside_ssml(fe):
    assert pinyin(fe.process(speak("长[zhang3]大"))) == ["zhang3", "da4"]


def test_sub_reads_the_alias_and_spans_the_text(fe):
    out = fe.process(speak('我在<sub alias="世界卫生组织">WHO</sub>工作'))
    assert out.sentences[0].text == "我在世界卫生组织工作"
    spans = [sy.span for sy in out.sentences[0].syllables]
    assert spans[2:8] == [(2, 5)] * 6 and out.markup.text_content == "我在WHO工作"


def test_prosody_and_express_as_controls(fe):
    out = fe.process(speak('先说<prosody rate="slow" pitch="+2st" volume="-6dB">这句</prosody>'
                           '<express-as style="happy">开心</express-as>'))
    c = [s.controls for s in out.sentences]
    assert [s.text for s in out.sentences] == ["先说", "这句", "开心"]
    assert c[0] == NO_CONTROLS
    assert (c[1].rate, round(c[1].pitch, 4), round(c[1].volume, 4), c[1].gap_before_s) == (0.8, 1.1225, 0.5012, 0.0)
    assert (c[2].emotion, c[2].rate, c[2].gap_before_s) == ("happy", 1.0, 0.0)
    nested = fe.process(speak('<prosody rate="150%"><prosody rate="120%">快</prosody></prosody>'))
    assert nested.sentences[0].controls.rate == pytest.approx(1.8)
    with pytest.raises(SsmlError, match=r"rate comes to 2.25 times .* 0.5-2"):
        fe.process(speak('<prosody rate="150%"><prosody rate="150%">快</prosody></prosody>'))


def test_azure_namespaced_express_as(fe):
    doc = ('<speak version="1.0" xmlns="http://www.w3.org/2001/10/synthesis" '
           'xmlns:mstts="http://www.w3.org/2001/mstts" xml:lang="zh-CN">'
           '<mstts:express-as style="happy">你好</mstts:express-as></speak>')
    assert fe.process(doc).sentences[0].controls.emotion == "happy"


@pytest.mark.parametrize("body, message", [
    ('你好<audio src="a.wav"/>', "unsupported SSML element <audio> at character 9"),
    ('你好<emphasis>世界</emphasis>', "unsupported SSML element <emphasis> at character 9"),
    ('<break time="fast"/>', "<break> at character 7: time must be like 500ms or 1.5s, not 'fast'"),
    ('<break time="20s"/>', "<break> at character 7: a break may last at most 10 s"),
    ('<prosody speed="2">x</prosody>', "unsupported attribute 'speed' on <prosody> at character 7"),
    ('<sub>x</sub>', "<sub> at character 7 needs an alias"),
    ('<say-as interpret-as="digits">1<break/>2</say-as>', "<break> at character 38 is not allowed inside <say-as> at character 7"),
])
def test_unsupported_names_the_element_and_position(fe, body, message):
    with pytest.raises(SsmlError) as e:
        fe.process(speak(body))
    assert e.value.message == message and e.value.status == 422 and e.value.code == "invalid_ssml"


def test_malformed_and_hostile_documents(fe):
    with pytest.raises(SsmlError, match="does not parse: mismatched tag at line 1"):
        fe.process("<speak>你好</p></speak>")
    laughs = ('<?xml version="1.0"?><!DOCTYPE speak [<!ENTITY a "哈哈哈哈哈哈哈哈哈哈">'
              + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(8))
              + ']><speak>&i;</speak>')
    with pytest.raises(SsmlError, match="may not declare a DTD or entities"):
        fe.process(laughs)
    external = '<?xml version="1.0"?><!DOCTYPE speak [<!ENTITY x SYSTEM "file:///etc/passwd">]><speak>&x;</speak>'
    with pytest.raises(SsmlError, match="may not declare a DTD or entities"):
        fe.process(external)
    with pytest.raises(SsmlError, match="does not parse: undefined entity"):
        fe.process("<speak>&nbsp;你好</speak>")
    deep = "<speak>" + "<p>" * 40 + "你好" + "</p>" * 40 + "</speak>"
    with pytest.raises(SsmlError, match="nests deeper than 32 elements"):
        fe.process(deep)


def test_text_content_and_entities(fe):
    doc = speak("汤&amp;姆<break time='1s'/>来了")
    assert text_content(doc) == "汤&姆来了"
    out = fe.process(doc)
    assert [(sy.pinyin, sy.span) for s in out.sentences for sy in s.syllables][:3] == [
        ("tang1", (0, 1)), ("he2", (1, 2)), ("mu3", (2, 3))]  # & is read 和, as in plain text


_PLAIN = st.text(alphabet=st.sampled_from(list("长大还钱行长银行得了我也很好一不2024年3月15日¥500，。！？ABCiPhone 12:30%")),
                 min_size=1, max_size=40)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(_PLAIN)
def test_plain_text_reads_the_same_with_and_without_speak(fe, text):
    """Plain text has no markup and no controls, and the same text inside <speak> reads exactly the same: the
    same sentences, syllables, readings and spans (its text content is the text itself)."""
    try:
        plain = fe.process(text)
    except Exception as exc:  # noqa: BLE001 - then SSML must fail the same way
        with pytest.raises(type(exc)):
            fe.process(speak(escape(text)))
        return
    assert plain.markup is None and all(s.controls == NO_CONTROLS for s in plain.sentences)
    wrapped = fe.process(speak(escape(text)))
    assert [(s.text, s.span, s.syllables) for s in wrapped.sentences] == [(s.text, s.span, s.syllables) for s in plain.sentences]
    assert wrapped.markup.text_content == text
