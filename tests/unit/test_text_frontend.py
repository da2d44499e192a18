"""Golden tests of the Mandarin frontend: exact normalized strings, exact pinyin, sandhi, splitting, spans,
overrides and the user lexicon."""

from __future__ import annotations

import logging
import os
import random
import time
from pathlib import Path

import pytest

from ttsserve.errors import TextError
from ttsserve.frontend import MandarinFrontend
from ttsserve.frontend.normalize import normalize
from ttsserve.frontend.symbols import BakerSymbols


@pytest.fixture(scope="module")
def fe():
    return MandarinFrontend(max_sentence_chars=60)


def pinyin(fe, text):
    return [s.pinyin for sent in fe.process(text).sentences for s in sent.syllables]


TN = {
    # integers, measure words, ordinals
    "我有2个苹果": "我有两个苹果",
    "第2个": "第二个",
    "第1名": "第一名",
    # years digit by digit, dates, times
    "1998年": "一九九八年",
    "2024年3月15日": "二零二四年三月十五日",
    "10:30": "十点三十分",
    "15:00开会": "十五点整开会",
    "2:05出发": "两点零五分出发",
    # ranges, scores
    "2019-2021年": "二零一九到二零二一年",
    "3:2": "三比二",
    "30-40%": "百分之三十到百分之四十",
    # money
    "¥500": "五百元",
    "3000元": "三千元",
    "$20": "二十美元",
    # phone numbers (1 read as 幺)
    "13812345678": "幺三八幺二三四五六七八",
    "010-12345678": "零幺零幺二三四五六七八",
    # units, percentages, fractions, decimals, negatives, separators
    "5kg": "五千克",
    "3km": "三公里",
    "25°C": "二十五摄氏度",
    "2.5kg": "二点五千克",
    "50%": "百分之五十",
    "3/4": "四分之三",
    "-5": "负五",
    "3.14": "三点一四",
    "1,234,567": "一百二十三万四千五百六十七",
    # full width, letters, emoji and control characters
    "ＡＢＣ１２３": "诶比西一百二十三",
    "NBA比赛": "恩比诶比赛",
    "你好😀\x07！": "你好！",
}


@pytest.mark.parametrize("text", sorted(TN))
def test_normalization(text):
    assert normalize(text) == TN[text]


POLYPHONES = {
    "银行行长": ["yin2", "hang2", "hang2", "zhang3"],
    "长大": ["zhang3", "da4"],
    "长城很长": ["chang2", "cheng2", "hen3", "chang2"],
    "重新": ["chong2", "xin1"],
    "重要": ["zhong4", "yao4"],
    "还钱": ["huan2", "qian2"],
    "还有": ["hai2", "you3"],
    "觉得": ["jue2", "de5"],
    "睡觉": ["shui4", "jiao4"],
    "音乐": ["yin1", "yue4"],
    "快乐": ["kuai4", "le4"],
    "朝阳": ["zhao1", "yang2"],
    "朝代": ["chao2", "dai4"],
    "便宜": ["pian2", "yi5"],
    "方便": ["fang1", "bian4"],
    "的确": ["di2", "que4"],
    "目的": ["mu4", "di4"],
    "好人": ["hao3", "ren2"],
    "爱好": ["ai4", "hao4"],
    "数学": ["shu4", "xue2"],
    "太长了": ["tai4", "chang2", "le5"],
    "都市": ["du1", "shi4"],
    "都是": ["dou1", "shi4"],
    "处理": ["chu2", "li3"],  # third-tone sandhi on chu3
    "到处": ["dao4", "chu4"],
    "发现": ["fa1", "xian4"],
    "头发": ["tou2", "fa5"],  # neutral (CC-CEDICT, data/neutral_tones.txt); not fa1
    "发展": ["fa1", "zhan3"],
    "差不多": ["cha4", "bu5", "duo1"],
    "出差": ["chu1", "chai1"],
    "调查": ["diao4", "cha2"],
    "空调": ["kong1", "tiao2"],
    "教书": ["jiao1", "shu1"],
    "教育": ["jiao4", "yu4"],
    "为了": ["wei4", "le5"],
    "为人": ["wei2", "ren2"],
    "地方": ["di4", "fang1"],
    "大地": ["da4", "di4"],
    "答应": ["da1", "ying5"],
    "应该": ["ying1", "gai1"],
    "种子": ["zhong3", "zi5"],
    "种树": ["zhong4", "shu4"],
    "上当": ["shang4", "dang4"],
    "当然": ["dang1", "ran2"],
}


@pytest.mark.parametrize("text", sorted(POLYPHONES))
def test_polyphones_in_context(fe, text):
    assert pinyin(fe, text) == POLYPHONES[text]


SANDHI = {
    "你好": ["ni2", "hao3"],
    "展览馆": ["zhan2", "lan2", "guan3"],
    "我也很好": ["wo2", "ye2", "hen2", "hao3"],
    "一个": ["yi2", "ge4"],
    "一天": ["yi4", "tian1"],
    "一起": ["yi4", "qi3"],
    "第一": ["di4", "yi1"],
    "十一": ["shi2", "yi1"],
    # 一 naming a place in an order stays yi1 (CC-CEDICT: 一月 January, 一号 the first, 一等奖); "a month" / "a day" change
    "元旦是一月一日": ["yuan2", "dan4", "shi4", "yi1", "yue4", "yi1", "ri4"],
    "一月中旬": ["yi1", "yue4", "zhong1", "xun2"],
    "二零二五年一月": ["er4", "ling2", "er4", "wu3", "nian2", "yi1", "yue4"],
    "五月一号": ["wu3", "yue4", "yi1", "hao4"],
    "地铁一号线": ["di4", "tie3", "yi1", "hao4", "xian4"],
    "住在一楼": ["zhu4", "zai4", "yi1", "lou2"],
    "上一年级": ["shang4", "yi1", "nian2", "ji2"],
    "一月一次": ["yi2", "yue4", "yi2", "ci4"],
    "一日三餐": ["yi2", "ri4", "san1", "can1"],
    # the count before 百 / 千 / 万 / 亿 takes the sandhi in any number (HSK: 一百 yi4 bai3); a last digit keeps yi1
    "一百块钱": ["yi4", "bai3", "kuai4", "qian2"],
    "两千一百": ["liang3", "qian1", "yi4", "bai3"],
    "一万": ["yi2", "wan4"],
    "一百一十一": ["yi4", "bai3", "yi1", "shi2", "yi1"],
    # 不 inside a potential complement or an A-not-A question is neutral; elsewhere the sandhi as before
    "我看不见": ["wo3", "kan4", "bu5", "jian4"],
    "来不及了": ["lai2", "bu5", "ji2", "le5"],
    "是不是学生": ["shi4", "bu5", "shi4", "xue2", "sheng5"],
    "我说不出来": ["wo3", "shuo1", "bu5", "chu1", "lai2"],
    "只不过是个玩笑": ["zhi3", "bu2", "guo4", "shi4", "ge4", "wan2", "xiao4"],
    "明天不来": ["ming2", "tian1", "bu4", "lai2"],
    "情不自禁": ["qing2", "bu2", "zi4", "jin1"],
    # 一 ending a word of the table keeps yi1, a chance jieba pair does not; Monday, one o'clock
    "唯一的办法": ["wei2", "yi1", "de5", "ban4", "fa3"],
    "统一的标准": ["tong3", "yi1", "de5", "biao1", "zhun3"],
    "星期一上午开会": ["xing1", "qi1", "yi1", "shang4", "wu3", "kai1", "hui4"],
    "每周一上午": ["mei3", "zhou1", "yi1", "shang4", "wu3"],
    "每周一次": ["mei3", "zhou1", "yi2", "ci4"],
    "同一个人": ["tong2", "yi2", "ge4", "ren2"],
    "再划一道线": ["zai4", "hua4", "yi2", "dao4", "xian4"],
    "天一冷": ["tian1", "yi4", "leng3"],
    "下午一点开会": ["xia4", "wu3", "yi1", "dian3", "kai1", "hui4"],
    "我有一点累": ["wo2", "you3", "yi4", "dian3", "lei4"],
    # A-not-A however jieba cut it, a one-character verb cut from its complement; not 不到 "less than", 站着不动
    "你要不要再吃": ["ni3", "yao4", "bu5", "yao4", "zai4", "chi1"],
    "你认不认识": ["ni3", "ren4", "bu5", "ren4", "shi5"],
    "真的来不了": ["zhen1", "de5", "lai2", "bu5", "liao3"],
    "晒不到太阳": ["shai4", "bu5", "dao4", "tai4", "yang5"],
    "用了不到五分钟": ["yong4", "le5", "bu2", "dao4", "wu3", "fen1", "zhong1"],
    "站着不动": ["zhan4", "zhe5", "bu2", "dong4"],
    "妈妈说一不二": ["ma1", "ma5", "shuo1", "yi1", "bu2", "er4"],
    "打成了一比一": ["da3", "cheng2", "le5", "yi1", "bi3", "yi1"],  # a score, a pairing: counted
    "一对一地辅导": ["yi1", "dui4", "yi1", "de5", "fu2", "dao3"],
    "一对一对的": ["yi2", "dui4", "yi2", "dui4", "de5"],  # the classifier repeated
    "一加一等于二": ["yi1", "jia1", "yi1", "deng3", "yu2", "er4"],  # a sum
    "坐一路车": ["zuo4", "yi1", "lu4", "che1"],  # bus route 1
    "一路平安": ["yi2", "lu4", "ping2", "an1"],
    "我跑不快": ["wo2", "pao3", "bu5", "kuai4"],  # after a verb; a noun's 不好 says how it is
    "晚上睡不好": ["wan3", "shang5", "shui4", "bu5", "hao3"],
    "路不好走": ["lu4", "bu4", "hao3", "zou3"],
    "腰不好": ["yao1", "bu4", "hao3"],
    "今年一季度": ["jin1", "nian2", "yi1", "ji4", "du4"],
    "一个季度": ["yi2", "ge4", "ji4", "du4"],
    "跑了一点五公里": ["pao3", "le5", "yi1", "dian3", "wu3", "gong1", "li3"],  # a decimal's digits (1.5, 0.1)
    "零点一秒": ["ling2", "dian3", "yi1", "miao3"],
    "一点一点地": ["yi4", "dian3", "yi4", "dian3", "de5"],
    "三点一刻": ["san1", "dian3", "yi2", "ke4"],
    "一点零钱": ["yi4", "dian3", "ling2", "qian2"],
    # a one-character verb said twice: the repeat neutral, after the third-tone sandhi (想想 xiang2 xiang5)
    "让我想想": ["rang4", "wo2", "xiang2", "xiang5"],
    "我们出去走走": ["wo3", "men5", "chu1", "qu4", "zou2", "zou5"],
    "试试看": ["shi4", "shi5", "kan4"],
    "聊聊天": ["liao2", "liao5", "tian1"],
    "摇摇晃晃": ["yao2", "yao2", "huang4", "huang4"],
    "拉拉队": ["la1", "la1", "dui4"],  # a thing named by the pair
    "跳跳糖": ["tiao4", "tiao4", "tang2"],
    "我在大学学习": ["wo3", "zai4", "da4", "xue2", "xue2", "xi2"],
    "小猫一动不动": ["xiao3", "mao1", "yi2", "dong4", "bu2", "dong4"],  # 一X不X "motionless", not A-not-A
    "动不动就哭": ["dong4", "bu5", "dong4", "jiu4", "ku1"],
    "我们下个星期一出发": ["wo3", "men5", "xia4", "ge4", "xing1", "qi1", "yi1", "chu1", "fa1"],
    "五号楼一单元": ["wu3", "hao4", "lou2", "yi1", "dan1", "yuan2"],  # an address
    "学完一单元": ["xue2", "wan2", "yi4", "dan1", "yuan2"],
    "能换大一号的吗": ["neng2", "huan4", "da4", "yi2", "hao4", "de5", "ma5"],  # one size: a quantity
    # 一 between a verb and its repeat is neutral, and the repeat reads as the verb (数一数 shu3, 量一量 liang2)
    "你去看一看吧": ["ni3", "qu4", "kan4", "yi5", "kan4", "ba5"],
    "请数一数有多少人": ["qing2", "shu3", "yi5", "shu3", "you3", "duo1", "shao3", "ren2"],
    "量一量": ["liang2", "yi5", "liang2"],
    "数一数二": ["shu3", "yi1", "shu3", "er4"],
    "水一滴一滴地落": ["shui3", "yi4", "di1", "yi4", "di1", "de5", "luo4"],
    "杠铃片一片一片": ["gang4", "ling2", "pian4", "yi2", "pian4", "yi2", "pian4"],
    "晴天一天能发": ["qing2", "tian1", "yi4", "tian1", "neng2", "fa1"],
    "不对": ["bu2", "dui4"],
    "不好": ["bu4", "hao3"],
    "好，好": ["hao3", "hao3"],  # no sandhi across a pause
}


@pytest.mark.parametrize("text", sorted(SANDHI))
def test_tone_sandhi(fe, text):
    assert pinyin(fe, text) == SANDHI[text]


def test_erhua_and_neutral_tone(fe):
    out = fe.process("小孩儿在玩儿，女儿很乖").sentences[0]
    phones = BakerSymbols().to_phones(out)
    assert "h ai2 er5".split() == phones[phones.index("h") : phones.index("h") + 3]
    assert ["n", "v3", "#0", "^", "er2"] == phones[phones.index("n") : phones.index("n") + 5]


def test_baker_phone_format(fe):
    sent = fe.process("今天天气不错，我们去公园散步吧！").sentences[0]
    assert " ".join(BakerSymbols().to_phones(sent)) == (
        "sil j in1 #0 t ian1 #0 t ian1 #0 q i4 #1 b u2 #0 c uo4 #3 ^ uo3 #0 m en5 #1 q v4 #1 "
        "g ong1 #0 ^ van2 #1 s an4 #0 b u4 #1 b a5 sil")
    ids = BakerSymbols().encode(sent)
    assert ids[0] == 1 and ids[-2:] == [1, 218]


def test_sentences_keep_spans_into_the_original(fe):
    text = "第1句话。第二句话！还有第3句"
    out = fe.process(text)
    assert [s.span for s in out.sentences] == [(0, 5), (5, 10), (10, 15)]
    assert [text[a:b] for a, b in (s.span for s in out.sentences)] == ["第1句话。", "第二句话！", "还有第3句"]
    assert out.sentences[0].text == "第一句话。"


def test_long_text_without_punctuation_is_split_in_bounded_pieces(fe):
    text = "我们今天讨论人工智能技术的发展和应用前景以及它对社会的影响" * 170  # 5,100 characters
    out = fe.process(text)
    spans = [s.span for s in out.sentences]
    assert spans[0][0] == 0 and spans[-1][1] == len(text)
    assert all(a2 == b1 for (_, b1), (a2, _) in zip(spans, spans[1:]))  # contiguous, nothing lost
    assert all(0 < b - a <= 60 for a, b in spans)
    assert len(spans) >= 5100 // 60


def test_inline_override(fe):
    assert pinyin(fe, "长[chang2]大") == ["chang2", "da4"]
    out = fe.process("他长[zhang3]得高，2个")
    assert out.sentences[0].span == (0, len("他长[zhang3]得高，2个"))
    assert [s.pinyin for s in out.sentences[0].syllables][:2] == ["ta1", "zhang3"]


@pytest.mark.parametrize("text,reading", [("花[xyz1]开了", "xyz1"), ("花[huar1]开了", "huar1")])
def test_an_inline_reading_that_is_no_syllable_is_refused_not_dropped(fe, text, reading):
    """Well-formed but no Mandarin syllable: the character used to vanish from the speech without a word."""
    with pytest.raises(TextError) as err:
        fe.process(text)
    assert err.value.status == 422
    assert err.value.message == f"'花[{reading}]': '{reading}' is not a Mandarin syllable with a tone (1-5)"
    assert pinyin(fe, "花[hua1]开了") == ["hua1", "kai1", "le5"]  # a syllable still forces its reading
    assert pinyin(fe, "绿[lü4]了") == ["lv4", "le5"] and pinyin(fe, "嗯[n2]") == ["n2"]


def test_user_lexicon_and_reload(tmp_path):
    lex = tmp_path / "lexicon.txt"
    lex.write_text("# company names\n重庆银行 chong2 qing4 yin2 hang2\n", encoding="utf-8")
    fe = MandarinFrontend(lexicon_path=lex)
    assert pinyin(fe, "重庆银行") == ["chong2", "qing4", "yin2", "hang2"]
    lex.write_text("了解 liao3 jie3\n", encoding="utf-8")
    os.utime(lex, (time.time() + 5, time.time() + 5))
    assert pinyin(fe, "了解") == ["liao2", "jie3"]  # lexicon reading, then third-tone sandhi


def test_nothing_speakable(fe):
    for text in ("", "。。！", "😀😀", "\x00\x01"):
        with pytest.raises(TextError, match="text contains nothing speakable"):
            fe.process(text)


@pytest.mark.parametrize("garbage,why", [
    (random.Random(0).randbytes(4096), "not UTF-8"),
    ("了解 liao3 jie3\n好 hao9\n".encode("utf-8"), "lexicon.txt:2: expected a word and one pinyin"),
    ("了解\x00 liao3 jie3 x1\n".encode("utf-8"), "lexicon.txt:1: expected a word and one pinyin"),
    ("了解 liao3 jie3\n花 xyz1\n".encode("utf-8"), "lexicon.txt:2: expected a word and one pinyin"),
], ids=["random_bytes", "bad_tone", "nul", "no_syllable"])
def test_broken_lexicon_edit_keeps_the_previous_lexicon_and_says_why(tmp_path, caplog, garbage, why):
    lex = tmp_path / "lexicon.txt"
    lex.write_text("重庆银行 chong2 qing4 yin2 hang2\n", encoding="utf-8")
    fe = MandarinFrontend(lexicon_path=lex)
    lex.write_bytes(garbage)  # 4 KB of random bytes made every request a 500
    os.utime(lex, (time.time() + 5, time.time() + 5))
    with caplog.at_level(logging.WARNING, logger="ttsserve.frontend"):
        assert pinyin(fe, "重庆银行") == ["chong2", "qing4", "yin2", "hang2"]  # the previous lexicon serves
        assert pinyin(fe, "重庆银行") == ["chong2", "qing4", "yin2", "hang2"]
    warnings = [r.getMessage() for r in caplog.records if "lexicon" in r.getMessage()]
    assert len(warnings) == 1 and why in warnings[0] and "keeping the previous lexicon" in warnings[0], warnings
    lex.write_text("了解 liao3 jie3\n", encoding="utf-8")  # fixed: taken at the next change
    os.utime(lex, (time.time() + 10, time.time() + 10))
    assert pinyin(fe, "了解") == ["liao2", "jie3"]


# The label of bench/data/sandhi_yibu*.tsv the frontend still misses (docs/benchmarks.md, "Tone sandhi of 一 and 不"):
# only the sentence before tells one o'clock from "a bit"
SANDHI_SET_MISSES = {("电影一点半开始，我们一点就到了。", 10)}


def test_the_sandhi_sets_are_read_as_labelled(fe):
    """Every 一 / 不 of the hand-labelled sandhi sets gets its labelled tone, but for the known miss."""
    data = Path(__file__).resolve().parents[2] / "bench" / "data"
    wrong, labels = [], 0
    for path in sorted(data.glob("sandhi_yibu*.tsv")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip() or line.startswith("#"):
                continue
            sent, idx, ch, reading = line.split("\t")[:4]
            labels += 1
            chars = [i for i, c in enumerate(sent) if "\u4e00" <= c <= "\u9fff"]
            # by character: an erhua syllable (点儿) covers two
            said = dict(zip(chars, (s.pinyin for s in fe.g2p.syllables("".join(sent[i] for i in chars))
                                    for _ in s.text)))
            if said.get(int(idx)) != reading and (sent, int(idx)) not in SANDHI_SET_MISSES:
                wrong.append((sent, idx, ch, said.get(int(idx)), reading))
    assert labels >= 381
    assert wrong == []
