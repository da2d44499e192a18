"""The Baker symbol set (TensorFlowTTS Baker processor, 219 symbols) and the encoder the FastSpeech2
voice was trained with: `sil`, per syllable initial (`^` for none) + final with tone, `#0` inside a word,
`#1` between words, `#3` at pauses, `sil`, then `eos`. Erhua appends `er5` to its syllable.
"""

from __future__ import annotations

import json
from pathlib import Path

from ttsserve.errors import UnknownSymbolError
from ttsserve.pipeline.base import Sentence

PAUSES = ["sil", "#0", "#1", "#2", "#3"]
INITIALS = ["^", "b", "c", "ch", "d", "f", "g", "h", "j", "k", "l", "m", "n", "p", "q", "r", "s", "sh", "t", "x", "z", "zh"]
FINALS = ["a", "ai", "an", "ang", "ao", "e", "ei", "en", "eng", "er", "i", "ia", "ian", "iang", "iao", "ie", "ii",
          "iii", "in", "ing", "iong", "iou", "o", "ong", "ou", "u", "ua", "uai", "uan", "uang", "uei", "uen", "ueng",
          "uo", "v", "van", "ve", "vn"]
BAKER_SYMBOLS = ["pad", *PAUSES, *INITIALS, *[f + t for f in FINALS for t in "12345"], "eos"]


class BakerSymbols:
    name = "baker"

    def __init__(self, table: dict[str, int] | None = None) -> None:
        self.ids = table or {s: i for i, s in enumerate(BAKER_SYMBOLS)}

    def to_phones(self, sentence: Sentence) -> list[str]:
        phones = ["sil"]
        sylls = sentence.syllables
        for k, s in enumerate(sylls):
            phones += [s.initial or "^", f"{s.final}{s.tone}"]
            if s.pinyin.endswith("r") and not s.pinyin.startswith("er"):
                phones.append("er5")
            if k + 1 < len(sylls):
                phones.append(f"#{min(s.break_after, 3)}")
        phones.append("sil")
        return phones

    def symbol_syllables(self, sentence: Sentence) -> list[int]:
        """Per symbol of `encode`: sil -> -1, the syllable's initial, final (and er5) -> its index, a break
        #n -> -1, sil -> -1, eos -> -1."""
        out = [-1]
        sylls = sentence.syllables
        for k, s in enumerate(sylls):
            out += [k, k]
            if s.pinyin.endswith("r") and not s.pinyin.startswith("er"):
                out.append(k)
            if k + 1 < len(sylls):
                out.append(-1)
        return out + [-1, -1]

    def encode(self, sentence: Sentence) -> list[int]:
        out = []
        for p in self.to_phones(sentence):
            if p not in self.ids:
                raise UnknownSymbolError(f"symbol {p!r} (in {sentence.text!r}) is not in the {self.name} symbol table")
            out.append(self.ids[p])
        return out + [self.ids["eos"]]


def load_symbols(options: dict) -> BakerSymbols:
    table = options.get("table")
    if table:
        path = Path(options.get("voice_dir", ".")) / table
        return BakerSymbols(json.loads(path.read_text(encoding="utf-8")))
    return BakerSymbols()
