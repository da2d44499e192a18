"""Mandarin G2P: jieba words -> pypinyin readings (its phrase dictionary resolves polyphones in context)
-> tone sandhi as spoken (and as the Baker corpus labels write it) -> syllables with prosody breaks.

Readings can be forced: inline `长[zhang3]` in the text (see frontend/__init__.py), or a user lexicon
(word -> pinyin per character) that wins over the dictionaries.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from pypinyin import Style, lazy_pinyin
from pypinyin.style._utils import get_finals, get_initials

from ttsserve.pipeline.base import Syllable

_HANZI = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
PAUSE_PUNCT = set("，、：；,:;—…-（）()《》“”\"'")
# Words where a final 儿 is its own syllable (er2), not the r-colouring of the syllable before it.
_NOT_ERHUA = {"儿", "女儿", "儿子", "婴儿", "幼儿", "孤儿", "健儿", "男儿", "少儿", "儿童", "孩儿", "胎儿", "患儿", "新生儿",
              "宠儿", "病儿", "犬儿", "混血儿", "托儿所", "儿女", "妻儿", "孙儿"}

_jieba = None


def tokenizer():
    """One jieba tokenizer per process (its dictionary takes ~1 s to load), quiet."""
    global _jieba
    if _jieba is None:
        import jieba

        jieba.setLogLevel(logging.WARNING)
        _jieba = jieba.Tokenizer()
        _jieba.initialize()
    return _jieba


@dataclass(frozen=True)
class Token:
    text: str  # a word, or one punctuation/unknown character
    is_word: bool


def split_pinyin(py: str) -> tuple[str, str, int]:
    """'zhang3' -> ('zh', 'ang', 3); y/w spellings give an empty initial and the full final ('you' -> 'iou')."""
    tone = int(py[-1]) if py[-1].isdigit() else 5
    base = py.rstrip("12345").replace("v", "ü")
    initial = get_initials(base, strict=True)
    final = get_finals(base, strict=True)
    final = {"iu": "iou", "ui": "uei", "un": "uen", "ü": "v", "üe": "ve", "üan": "van", "ün": "vn"}.get(final, final)
    final = final.replace("ü", "v")
    if initial in ("z", "c", "s") and final == "i":
        final = "ii"
    elif initial in ("zh", "ch", "sh", "r") and final == "i":
        final = "iii"
    if base in ("n", "ng", "m", "hm", "hng"):  # interjections: read as a syllable the model knows
        initial, final = "", "en"
    return initial, final, tone


def apply_sandhi(words: list[list[list]], breaks: list[int]) -> None:
    """In place, over words of [char, pinyin] pairs: 一 and 不 change by the next tone; a third tone
    before a third tone becomes a second tone, inside a word and from a one-syllable word onto the next
    word of the same phrase (我也很好 -> wo2 ye2 hen2 hao3). Decided on the citation tones; never across
    a pause (break level 3)."""
    flat = [(w, i) for w, word in enumerate(words) for i in range(len(word))]
    chars = [words[w][i][0] for w, i in flat]
    original = [words[w][i][1] for w, i in flat]
    tones = [int(p[-1]) if p[-1].isdigit() else 5 for p in original]
    pause_after = [i == len(words[w]) - 1 and breaks[w] >= 3 for w, i in flat]

    def set_tone(k: int, t: int) -> None:
        w, i = flat[k]
        words[w][i][1] = words[w][i][1][:-1] + str(t)

    for k, ch in enumerate(chars):
        nxt = tones[k + 1] if k + 1 < len(flat) and not pause_after[k] else None
        if ch == "一" and original[k].startswith("yi"):
            ordinal = k > 0 and chars[k - 1] in "第零一二三四五六七八九十百千万"
            numeric = nxt is not None and chars[k + 1] in "零一二三四五六七八九十百千万亿"
            if ordinal or numeric or nxt is None:
                set_tone(k, 1)  # counting, ordinals, and at the end of a phrase: yi1
            elif original[k] == "yi1":
                set_tone(k, 2 if nxt == 4 else 4)
        elif ch == "不" and original[k] == "bu4" and nxt == 4:
            set_tone(k, 2)
        elif tones[k] == 3 and nxt == 3:
            w, i = flat[k]
            same_word = i < len(words[w]) - 1
            if same_word or len(words[w]) == 1:
                set_tone(k, 2)


# Standard Mandarin finals (after the iou/uei/uen, ii/iii and v spellings of split_pinyin).
FINALS = {"a", "ai", "an", "ang", "ao", "e", "ei", "en", "eng", "er", "i", "ia", "ian", "iang", "iao", "ie", "ii",
          "iii", "in", "ing", "iong", "iou", "o", "ong", "ou", "u", "ua", "uai", "uan", "uang", "uei", "uen", "ueng",
          "uo", "v", "van", "ve", "vn"}


# Readings pypinyin gets wrong for a single character in a predictable context: (character, the
# characters that may precede it, reading). 长 after a degree adverb is the adjective chang2 (很长, 太长).
_CONTEXT_RULES = [("长", set("很太真更最挺好多那这么够特"), "chang2")]


def _context_fix(run: str, i: int, py: str) -> str:
    for ch, before, reading in _CONTEXT_RULES:
        if run[i] == ch and i > 0 and run[i - 1] in before:
            return reading
    return py


def _unreadable(chars: str) -> list[str]:
    return ["?"] * len(chars)


def _readable(py: str) -> bool:
    if not re.fullmatch(r"[a-zv]+[1-5]", py):
        return False
    try:
        return split_pinyin(py)[1] in FINALS
    except Exception:  # pypinyin's splitter rejects non-syllables
        return False


class G2P:
    def __init__(self, lexicon: dict[str, list[str]] | None = None) -> None:
        self.lexicon = lexicon or {}
        self.jieba = tokenizer()
        for word in self.lexicon:
            self.jieba.add_word(word, freq=200000)

    def tokens(self, text: str) -> list[Token]:
        out = []
        for piece in self.jieba.cut(text, HMM=True):
            if _HANZI.search(piece) and all(_HANZI.match(c) for c in piece):
                out.append(Token(piece, True))
            else:
                out.extend(Token(c, False) for c in piece if not c.isspace())
        return out

    def _word_pairs(self, text: str, forced: dict[int, str]) -> tuple[list[list[list]], list[int]]:
        """Per jieba word its [char, pinyin] pairs (dictionary tones), and the break level after each."""
        auto: dict[int, str] = {}
        for m in re.finditer(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+", text):
            run = m.group(0)
            readings = lazy_pinyin(run, style=Style.TONE3, neutral_tone_with_five=True, errors=_unreadable)
            if len(readings) != len(run):  # a dictionary quirk: one character at a time
                readings = [lazy_pinyin(c, style=Style.TONE3, neutral_tone_with_five=True, errors=_unreadable)[0]
                            for c in run]
            for i, py in enumerate(readings):
                auto[m.start() + i] = _context_fix(run, i, py)
        tokens = self.tokens(text)
        words: list[list[list]] = []  # per word: [char, pinyin] pairs
        breaks: list[int] = []  # break level after each word
        pos = 0
        for tok in tokens:
            start = text.find(tok.text, pos)
            pos = start + len(tok.text)
            if not tok.is_word:
                if tok.text in PAUSE_PUNCT and breaks:
                    breaks[-1] = max(breaks[-1], 3)
                continue
            lex = self.lexicon.get(tok.text)
            # inline override > user lexicon > pypinyin in context
            pairs = [[c, forced.get(start + i) or (lex[i] if lex else auto[start + i])] for i, c in enumerate(tok.text)]
            pairs = [p for p in pairs if _readable(p[1])]  # rare characters without a reading are skipped
            if not pairs:
                continue
            words.append(pairs)
            breaks.append(1)
        return words, breaks

    def readings(self, text: str) -> list[str]:
        """Dictionary readings (before tone sandhi) of the Chinese characters of `text`, in order, as
        `syllables` would use them: pypinyin in context, the context rules, then the user lexicon."""
        pairs = self._word_pairs(text, {})[0]
        return [py for word in pairs for _, py in word]

    def syllables(self, text: str, forced: dict[int, str] | None = None) -> tuple[Syllable, ...]:
        """Syllables of a normalized sentence; `forced` maps character offsets in `text` to pinyin.

        Readings come from pypinyin over whole runs of Chinese characters (its phrase matching sees the
        context: 还钱 huan2, 还有 hai2); jieba's words give the prosodic word boundaries and the user
        lexicon's words."""
        words, breaks = self._word_pairs(text, forced or {})
        apply_sandhi(words, breaks)
        out: list[Syllable] = []
        for word, brk in zip(words, breaks):
            erhua = len(word) > 1 and word[-1][0] == "儿" and "".join(c for c, _ in word) not in _NOT_ERHUA
            for i, (ch, py) in enumerate(word):
                if erhua and i == len(word) - 1:
                    # r-colouring: the previous syllable carries it, as Baker writes "a1 a2 er5"
                    prev = out.pop()
                    out.append(Syllable(text=prev.text + ch, pinyin=prev.pinyin + "r", initial=prev.initial,
                                        final=prev.final, tone=prev.tone, break_after=brk))
                    continue
                initial, final, tone = split_pinyin(py)
                out.append(Syllable(text=ch, pinyin=py, initial=initial, final=final, tone=tone,
                                    break_after=brk if i == len(word) - 1 else 0))
        return tuple(out)
