"""Writes src/ttsserve/frontend/data/carriers.txt: for each toned Mandarin syllable, the most frequent character of
jieba's dictionary whose only reading it is (else whose reading on its own it is). Run from the repository root:
    PYTHONPATH=src python bench/make_carriers.py
"""
from pypinyin import lazy_pinyin, Style
from pypinyin.constants import PINYIN_DICT
import jieba, collections
jieba.setLogLevel(60)
t = jieba.Tokenizer(); t.initialize()
freq = sorted(((w, f) for w, f in t.FREQ.items() if len(w) == 1 and f > 0), key=lambda kv: -kv[1])
single, default = {}, {}
for ch, f in freq:
    cp = ord(ch)
    if cp not in PINYIN_DICT:
        continue
    py = lazy_pinyin(ch, style=Style.TONE3, neutral_tone_with_five=True)[0]
    if py[-1] not in "1234":
        continue
    if "," not in PINYIN_DICT[cp]:
        single.setdefault(py, ch)
    default.setdefault(py, ch)
best = {**default, **single}
bases = collections.defaultdict(dict)
for py, ch in best.items():
    bases[py[:-1]][int(py[-1])] = ch
open("src/ttsserve/frontend/data/carriers.txt", "w").write(
    "".join(base + " " + "".join(bases[base].get(t, "-") for t in (1, 2, 3, 4)) + "\n" for base in sorted(bases)))
print(len(best), len(bases), bases.get("kei"))
