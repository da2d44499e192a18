"""Golden tests of the KAN-TTS (Sambert) symbol set: ttsfrd-style tokens from real frontend Sentences, the
default id tables against KAN-TTS's published vocab, ids as KanTtsLinguisticUnit assigns them, has_mask."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ttsserve.errors import UnknownEmotionError, UnknownSpeakerError, UnknownSymbolError
from ttsserve.frontend import MandarinFrontend
from ttsserve.frontend.kantts import (
    KanttsSymbols,
    default_vocab,
    emotion_id,
    load_symbols,
    speaker_id,
    syllable_phones,
)
from ttsserve.pipeline.base import Sentence, Syllable

REFERENCE_VOCAB = Path(__file__).resolve().parents[1] / "data" / "kantts" / "vocab_github_kantts.json"
PY2PHONE_MAP = Path(__file__).resolve().parents[1] / "data" / "kantts" / "py2phoneMap.txt"  # KAN-TTS's, MIT

B1 = "{#1$tone_none$s_none$word_none}"
B3 = "{#3$tone_none$s_none$word_none}"
B4 = "{#4$tone_none$s_none$word_none}"


@pytest.fixture(scope="module")
def fe():
    return MandarinFrontend(max_sentence_chars=60)


@pytest.fixture(scope="module")
def ks():
    return KanttsSymbols()


def one(fe, text) -> Sentence:
    sents = fe.process(text).sentences
    assert len(sents) == 1
    return sents[0]


def syl(a: str, b: str, tone: int, ws_a: str, ws_b: str) -> list[str]:
    return [f"{{{a}$tone{tone}$s_begin${ws_a}}}", f"{{{b}$tone{tone}$s_end${ws_b}}}"]


def word(*sylls: tuple[str, str, int]) -> list[str]:
    """A word's phones: word_begin on its first phone, word_end on its last, word_middle between."""
    out: list[str] = []
    for k, (a, b, t) in enumerate(sylls):
        out += syl(a, b, t, "word_begin" if k == 0 else "word_middle",
                   "word_end" if k == len(sylls) - 1 else "word_middle")
    return out


# ----------------------------------------------------------------------------- golden tokens
def test_zero_initial_pseudo_initials_and_neutral_tone(fe, ks):
    # 爱情 / 欧洲 / 饿 / 了: a-final -> ga, o-final -> go, e-final -> ge; 了 is tone5
    assert [s.pinyin for s in one(fe, "爱情欧洲饿了").syllables] == ["ai4", "qing2", "ou1", "zhou1", "e4", "le5"]
    assert ks.to_phones(one(fe, "爱情欧洲饿了")) == [
        *word(("ga", "ai_c", 4), ("q_c", "ing_c", 2)), B1,
        *word(("go", "ou_c", 1), ("zh_c", "ou_c", 1)), B1,
        *word(("ge", "e_c", 4)), B1,
        *word(("l_c", "e_c", 5)), B4,
    ]


def test_y_w_initials_u_umlaut_and_phrase_break(fe, ks):
    sent = one(fe, "有鱼玩雨衣，我去外面。")
    assert [s.pinyin for s in sent.syllables] == ["you3", "yu2", "wan2", "yu3", "yi1", "wo3", "qu4", "wai4", "mian4"]
    assert ks.to_phones(sent) == [
        *word(("y_c", "ou_c", 3), ("y_c", "v_c", 2)), B1,
        *word(("w_c", "an_c", 2)), B1,
        *word(("y_c", "v_c", 3), ("y_c", "i_c", 1)), B3,  # the comma
        *word(("w_c", "o_c", 3)), B1,
        *word(("q_c", "v_c", 4)), B1,
        *word(("w_c", "ai_c", 4), ("m_c", "ian_c", 4)), B4,
    ]


def test_x_yue_yin(fe, ks):
    sent = one(fe, "你好，我们一起去学校吧。")
    assert ks.to_phones(sent) == [
        *word(("n_c", "i_c", 2), ("h_c", "ao_c", 3)), B3,
        *word(("w_c", "o_c", 3), ("m_c", "en_c", 5)), B1,
        *word(("y_c", "i_c", 4), ("q_c", "i_c", 3)), B1,
        *word(("q_c", "v_c", 4)), B1,
        *word(("xx_c", "ve_c", 2), ("xx_c", "iao_c", 4)), B1,
        *word(("b_c", "a_c", 5)), B4,
    ]
    assert ks.to_phones(one(fe, "音乐")) == [*word(("y_c", "in_c", 1), ("y_c", "ve_c", 4)), B4]


def test_zi_zhi_and_lv(fe, ks):
    sent = one(fe, "旅行的时候自己吃四次")
    assert ks.to_phones(sent) == [
        *word(("l_c", "v_c", 3), ("xx_c", "ing_c", 2)), B1,
        *word(("d_c", "e_c", 5)), B1,
        *word(("sh_c", "ih_c", 2), ("h_c", "ou_c", 5)), B1,  # 时候 shi2 hou5: its neutral tone
        *word(("z_c", "ii_c", 4), ("j_c", "i_c", 3)), B1,
        *word(("ch_c", "ih_c", 1)), B1,
        *word(("s_c", "ii_c", 4), ("c_c", "ii_c", 4)), B4,
    ]


def test_iu_ui_un(fe, ks):
    assert ks.to_phones(one(fe, "九岁会论文")) == [
        *word(("j_c", "iou_c", 3), ("s_c", "uei_c", 4)), B1,
        *word(("h_c", "uei_c", 4)), B1,
        *word(("l_c", "uen_c", 4), ("w_c", "en_c", 2)), B4,
    ]


def test_erhua_uses_r_finals(fe, ks):
    sent = one(fe, "老头儿在哪儿玩儿呢")
    assert [s.pinyin for s in sent.syllables] == ["lao3", "tou5r", "zai4", "na3r", "wan2r", "ne5"]
    assert ks.to_phones(sent) == [
        *word(("l_c", "ao_c", 3), ("t_c", "our_c", 5)), B1,
        *word(("z_c", "ai_c", 4)), B1,
        *word(("n_c", "ar_c", 3)), B1,
        *word(("w_c", "anr_c", 2)), B1,
        *word(("n_c", "e_c", 5)), B4,
    ]
    assert ks.to_phones(one(fe, "花儿")) == [*word(("h_c", "uar_c", 1)), B4]
    assert ks.to_phones(one(fe, "一点儿")) == [*word(("y_c", "i_c", 4), ("d_c", "ianr_c", 3)), B4]
    # 儿 as its own syllable: ge + er_c
    assert ks.to_phones(one(fe, "儿子"))[:2] == syl("ge", "er_c", 2, "word_begin", "word_middle")


def test_tokens_tuple_form_and_ttsfrd_line(fe, ks):
    sent = one(fe, "北京")
    assert ks.tokens(sent) == [
        ("b_c", "tone3", "s_begin", "word_begin"), ("ei_c", "tone3", "s_end", "word_middle"),
        ("j_c", "tone1", "s_begin", "word_middle"), ("ing_c", "tone1", "s_end", "word_end"),
        ("#4", "tone_none", "s_none", "word_none"),
    ]
    assert ks.to_ttsfrd_line(sent).split()[0] == "{b_c$tone3$s_begin$word_begin$emotion_neutral$F7}"
    assert ks.to_ttsfrd_line(sent).split()[-1] == "{#4$tone_none$s_none$word_none$emotion_neutral$F7}"


@pytest.mark.parametrize("pinyin, phones", [
    ("you3", ("y_c", "ou_c")), ("yu2", ("y_c", "v_c")), ("yuan2", ("y_c", "van_c")), ("yun4", ("y_c", "vn_c")),
    ("wu3", ("w_c", "u_c")), ("wei4", ("w_c", "ei_c")), ("weng1", ("w_c", "eng_c")), ("ying2", ("y_c", "ing_c")),
    ("a1", ("ga", "a_c")), ("ang2", ("ga", "ang_c")), ("o4", ("go", "o_c")), ("ou3", ("go", "ou_c")),
    ("en1", ("ge", "en_c")), ("er2", ("ge", "er_c")), ("xu1", ("xx_c", "v_c")), ("jun1", ("j_c", "vn_c")),
    ("lve4", ("l_c", "ve_c")), ("lüe4", ("l_c", "ve_c")), ("nv3", ("n_c", "v_c")), ("qiu1", ("q_c", "iou_c")),
    ("ri4", ("r_c", "ih_c")), ("huar1", ("h_c", "uar_c")), ("hua1r", ("h_c", "uar_c")), ("he2r", ("h_c", "er_c")),
    ("zhi1r", ("zh_c", "ihr_c")), ("zi3r", ("z_c", "iir_c")), ("gui4r", ("g_c", "ueir_c")), ("n2", ("ge", "en_c")),
])
def test_syllable_phones(pinyin, phones):
    assert syllable_phones(pinyin) == phones


def test_matches_kantts_py2phone_map():
    """Every syllable of KAN-TTS's PinYin py2phoneMap.txt spells the same 2 phones here."""
    text = PY2PHONE_MAP.read_text(encoding="utf-8")
    rows = [line.split("\t") for line in text.splitlines() if line.strip()]
    assert len(rows) > 600
    wrong = {py: (ph, syllable_phones(py + "1")) for py, ph in rows
             if syllable_phones(py + "1") != tuple(ph.split())}
    assert wrong == {}


# ----------------------------------------------------------------------------- ids
def test_default_vocab_equals_reference():
    if not REFERENCE_VOCAB.exists():
        pytest.skip("reference vocab not available")
    ref = json.loads(REFERENCE_VOCAB.read_text(encoding="utf-8"))
    assert default_vocab() == ref


def test_default_vocab_layout():
    v = default_vocab()
    sy = v["sy"]
    assert len(sy) == 147 and sy[0] == "@a_c" and sy[57] == "@xx_c" and sy[60:62] == ["@w_c", "@y_c"]
    assert sy[62:65] == ["@ga", "@ge", "@go"] and sy[104] == "@air_c" and sy[138] == "@vr_c"
    assert sy[139:147] == ["@pau", "@#1", "@#2", "@#3", "@#4", "_", "~", "@[MASK]"]
    assert v["tone"] == ["tone1", "tone_none", "tone4", "tone2", "tone3", "tone5", "tone0", "_", "~", "@[MASK]"]
    assert len(v["emo_category"]) == 36 and v["speaker"] == ["F7", "_", "~", "@[MASK]"]


def test_ids_are_positions_in_the_vocab(fe, ks):
    v = default_vocab()
    sent = one(fe, "有鱼玩雨衣，我去外面。")
    ids = ks.encode(sent)
    toks = ks.tokens(sent)
    assert len(ids) == len(toks)
    for (sy, tone, flag, ws), got in zip(toks, ids):
        # KanTtsLinguisticUnit.build: {s: i for i, s in enumerate(table)}, sy looked up with an "@" prefix
        assert got == (v["sy"].index("@" + sy), v["tone"].index(tone), v["syllable_flag"].index(flag),
                       v["word_segment"].index(ws))
    # spot values: y_c=61, ou_c=37, tone3=4, s_begin=0, word_begin=0; #4=143 tone_none=1 s_none=2 word_none=4
    assert ids[0] == (61, 4, 0, 0) and ids[1] == (37, 4, 1, 2) and ids[-1] == (143, 1, 2, 4)
    assert ks.encode(one(fe, "爱"))[0] == (62, 2, 0, 0)  # ga, tone4
    assert ks.eos_ids() == (145, 8, 6, 6) and ks.pad_ids() == (144, 7, 5, 5)
    assert ks.sizes() == {"sy": 147, "tone": 10, "syllable_flag": 8, "word_segment": 8, "emo_category": 36,
                          "speaker": 4}


def test_has_mask_false_drops_only_the_mask_entry(fe):
    with_mask, no_mask = KanttsSymbols(), KanttsSymbols(has_mask=False)
    assert no_mask.sizes() == {"sy": 146, "tone": 9, "syllable_flag": 7, "word_segment": 7, "emo_category": 35,
                               "speaker": 3}
    assert all("@[MASK]" not in t for t in no_mask.vocab.values())
    sent = one(fe, "九岁会论文")
    assert no_mask.encode(sent) == with_mask.encode(sent)
    assert no_mask.eos_ids() == with_mask.eos_ids()


def test_load_symbols_from_a_voice_vocab(tmp_path, fe):
    v = default_vocab()
    (tmp_path / "vocab.json").write_text(json.dumps(v), encoding="utf-8")
    ks = load_symbols({"voice_dir": tmp_path, "vocab": "vocab.json", "has_mask": False})
    assert ks.sizes()["sy"] == 146
    assert ks.encode(one(fe, "北京")) == KanttsSymbols().encode(one(fe, "北京"))
    assert load_symbols({}).sizes()["sy"] == 147


def test_emotion_and_speaker_ids():
    assert emotion_id("emotion_none") == 0
    assert emotion_id("neutral") == emotion_id(None) == 1
    assert emotion_id("angry") == 2 and emotion_id("fear") == 4 and emotion_id("happy") == 5
    assert emotion_id("sad") == 6 and emotion_id("surprise") == 7 and emotion_id("emotion_hate") == 19
    with pytest.raises(UnknownEmotionError):
        emotion_id("bored")
    assert speaker_id("F7") == speaker_id() == 0
    assert speaker_id("M1", speaker_list="F7,M1") == 1
    with pytest.raises(UnknownSpeakerError):
        speaker_id("nobody")


def test_unknown_symbol_names_syllable_and_sentence(ks):
    bad = Sentence(text="嘸", span=(0, 1), syllables=(Syllable("嘸", "hmm1", "", "", 1, 1),))
    with pytest.raises(UnknownSymbolError) as e:
        ks.encode(bad)
    assert "hmm1" in e.value.message and "嘸" in e.value.message
    # a vocab lacking a phone (e.g. a voice trained without erhua finals)
    v = default_vocab()
    v["sy"] = [s for s in v["sy"] if s != "@uar_c"]
    hua = Sentence(text="花儿", span=(0, 2), syllables=(Syllable("花儿", "hua1r", "h", "ua", 1, 1),))
    with pytest.raises(UnknownSymbolError) as e:
        KanttsSymbols(v).encode(hua)
    assert "uar_c" in e.value.message and "花儿" in e.value.message


def test_registered():
    from ttsserve.pipeline.base import registered

    assert "kantts" in registered("symbols")
