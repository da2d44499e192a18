"""Composed training text for the distilled acoustic model: far more sentences than the HSK corpus, made
offline from what installs with the registries.

The 4.3k HSK sentences are too few: a student trained on them reaches a training mel L1 of ~0.12 while its
held-out L1 stays at 0.34, and that overfitting is where most of its lost intelligibility comes from. The
teacher labels any text, so we write new text:

- **word substitution**: every training sentence is cut with jieba's part-of-speech tagger, and each content
  word of two or more characters (noun, verb, adjective, adverb, time, place or person name, ...) is replaced,
  with probability `p`, by a word of the same tag and length from jieba's own dictionary (words of frequency
  >= 200, drawn in proportion to frequency ** 0.3 so that rarer words get their turn). The sentence keeps its
  grammar and rhythm; the syllable sequences are new.
- **clause joins**: a share of the texts joins two such sentences with a comma, for longer utterances.

The texts are often odd in meaning but are well-formed Mandarin word sequences, which is what the acoustic
model has to learn to pronounce. Held-out sentences (the corpus's last 50) are never used as templates.
"""

from __future__ import annotations

import bisect
import os
import random
import re
from functools import lru_cache

SUBSTITUTE_TAGS = {"n", "v", "a", "vn", "ns", "nr", "nz", "t", "d", "ad", "an", "s", "i", "l"}
MIN_FREQ = 200
_HAN = re.compile(r"^[\u4e00-\u9fff]+$")


@lru_cache(maxsize=1)
def lexicon() -> dict[tuple[str, int], tuple[list[str], list[float]]]:
    """(tag, length) -> (words, cumulative weights) from jieba's dictionary."""
    import jieba

    path = os.path.join(os.path.dirname(jieba.__file__), "dict.txt")
    raw: dict[tuple[str, int], list[tuple[str, float]]] = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if len(parts) != 3 or parts[2] not in SUBSTITUTE_TAGS or not _HAN.match(parts[0]):
                continue
            freq = int(parts[1])
            if freq >= MIN_FREQ and len(parts[0]) >= 2:
                raw.setdefault((parts[2], len(parts[0])), []).append((parts[0], freq ** 0.3))
    out = {}
    for key, words in raw.items():
        acc, cum = 0.0, []
        for _, w in words:
            acc += w
            cum.append(acc)
        out[key] = ([w for w, _ in words], cum)
    return out


def templates(texts: list[str]) -> list[list[tuple[str, str]]]:
    """Each text as (word, tag) pairs."""
    import jieba.posseg as pseg

    return [[(w.word, w.flag) for w in pseg.cut(t)] for t in texts]


def substitute(template: list[tuple[str, str]], rng: random.Random, p: float = 0.6) -> str:
    lex = lexicon()
    out = []
    for word, tag in template:
        choices = lex.get((tag, len(word)))
        if choices is not None and rng.random() < p:
            words, cum = choices
            word = words[bisect.bisect_left(cum, rng.random() * cum[-1])]
        out.append(word)
    return "".join(out)


def compose(tmpl: list[list[tuple[str, str]]], n: int, seed: int, *, join_share: float = 0.3,
            keep_share: float = 0.1) -> list[str]:
    """`n` texts: a `keep_share` of unchanged templates, the rest substituted, a `join_share` of them two
    sentences joined by a comma."""
    rng = random.Random(seed)
    texts = []
    for _ in range(n):
        t = tmpl[rng.randrange(len(tmpl))]
        if rng.random() < keep_share:
            texts.append("".join(w for w, _ in t))
            continue
        text = substitute(t, rng)
        if rng.random() < join_share:
            other = substitute(tmpl[rng.randrange(len(tmpl))], rng)
            text = text.rstrip("。！？!?.；;") + "，" + other
        texts.append(text)
    return texts
