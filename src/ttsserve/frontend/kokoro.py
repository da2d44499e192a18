"""Kokoro's phoneme symbols for our Mandarin frontend: each syllable's pinyin (after our polyphone choice and tone
sandhi) becomes the IPA that Kokoro v1.0 was trained on (misaki's pinyin transcription, tones as the arrows
-> rising-falling marks of its vocabulary), words are separated by spaces, pause punctuation becomes ", "
and the sentence end ". ", "? " or "! ", as misaki writes them. Each call starts and ends with the pad id 0.

The transcription table comes from `misaki` (the voice's `kokoro` extra): without it the voice does not load.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from ttsserve.errors import UnknownSymbolError
from ttsserve.pipeline.base import Sentence, register

PAD_ID = 0
PAUSE_BREAK = 3  # Syllable.break_after at pause punctuation
# Tone contours of the transcription -> Kokoro's tone symbols (third before second: "˧˩˧" contains no "˧˥").
_TONES = (("˧˩˧", "↓"), ("˧˥", "↗"), ("˥˩", "↘"), ("˥", "→"))
# Full-width and ASCII punctuation -> what misaki writes for it (the pause punctuation we keep in a sentence)
_PUNCT = {"，": ",", "、": ",", ",": ",", "；": ";", ";": ";", "：": ":", ":": ":", "。": ".", ".": ".",
          "！": "!", "!": "!", "？": "?", "?": "?"}


ERHUA = "ɚ"  # what misaki writes for a neutral-tone 儿 (一会儿 -> "xwei↘ɚ"): our erhua syllables' r-colouring


@lru_cache(maxsize=2048)
def pinyin_phones(pinyin: str) -> tuple[str, ...]:
    """`zhong1` -> ('ꭧ', 'ʊ˥', 'ŋ'): the first transcription misaki gives, phone by phone, as misaki writes it.
    An erhua syllable (`hui4r`: our frontend folds 儿 into the syllable before it, as the Baker labels do) is
    its base syllable followed by a toneless ɚ, as misaki transcribes 一会儿; misaki's table has no r-coloured
    finals, so before this every text with erhua was refused for this voice (422 unknown_symbol)."""
    from misaki.transcription import pinyin_to_ipa  # the voice's optional extra

    if len(pinyin) > 2 and pinyin[-1] == "r" and pinyin[-2].isdigit():
        return pinyin_phones(pinyin[:-1]) + (ERHUA,)
    try:
        return tuple(next(iter(pinyin_to_ipa(pinyin))))
    except (ValueError, StopIteration):
        raise UnknownSymbolError(f"no Kokoro transcription for the syllable {pinyin!r}") from None


def pinyin_ipa(pinyin: str) -> str:
    """`zhong1` -> `ꭧʊ→ŋ`: `pinyin_phones` joined, tones retoned, syllabic marks resolved."""
    out = "".join(pinyin_phones(pinyin))
    for contour, arrow in _TONES:
        out = out.replace(contour, arrow)
    out = out.replace("ɻ\u0329", "ɨ").replace("ɹ\u0329", "ɨ")  # syllabic retroflex/alveolar approximant
    return out.replace("\u032f", "")  # the non-syllabic mark of diphthong glides


class KokoroSymbols:
    """`SymbolSet` for Kokoro: one id per phoneme character, from the voice's `vocab.json`."""

    name = "kokoro"

    def __init__(self, vocab: dict[str, int]) -> None:
        self.vocab = vocab

    def _pieces(self, sentence: Sentence) -> list[tuple[str, int]]:
        """(text, syllable index or -1) in order: each syllable's IPA, spaces and punctuation between them."""
        pieces: list[tuple[str, int]] = []
        text, pos = sentence.text, 0
        syllables = sentence.syllables
        for i, syl in enumerate(syllables):
            if syl.text:
                at = text.find(syl.text, pos)
                if at >= 0:
                    pieces += self._between(text[pos:at], bool(pieces))
                    pos = at + len(syl.text)
            pieces.append((pinyin_ipa(syl.pinyin), i))
            nxt = syllables[i + 1] if i + 1 < len(syllables) else None
            if nxt is not None and syl.break_after >= 1:
                gap = text[pos:text.find(nxt.text, pos)] if nxt.text and text.find(nxt.text, pos) >= 0 else ""
                if not any(ch in _PUNCT for ch in gap):
                    # a pause break whose punctuation is not in this text (a call cut from a longer sentence)
                    pieces += [(",", -1), (" ", -1)] if syl.break_after >= PAUSE_BREAK else [(" ", -1)]
        pieces += self._between(text[pos:], True, final=True)
        if not pieces or pieces[-1][0] not in (".", "?", "!"):
            pieces.append((".", -1))
        return [p for p in pieces if p[0]]

    @staticmethod
    def _between(gap: str, after_speech: bool, final: bool = False) -> list[tuple[str, int]]:
        marks = [_PUNCT[ch] for ch in gap if ch in _PUNCT]
        if not marks or not after_speech:
            return []
        mark = marks[-1] if final else marks[0]
        return [(mark, -1)] if final else [(mark, -1), (" ", -1)]

    def phonemes(self, sentence: Sentence) -> str:
        return "".join(p for p, _ in self._pieces(sentence))

    def encode(self, sentence: Sentence) -> list[int]:
        ids = [PAD_ID]
        for piece, _ in self._pieces(sentence):
            for ch in piece:
                if ch not in self.vocab:
                    raise UnknownSymbolError(f"phoneme {ch!r} is not in the Kokoro vocabulary")
                ids.append(self.vocab[ch])
        return ids + [PAD_ID]

    def encode_in_context(self, context: Sentence, own: tuple[int, int]) -> tuple[list[int], tuple[int, int], list[int]]:
        """A cut call read with its neighbours (`segmentation.context_syllables`): the ids of `context` (the call's
        syllables `own` = [i, j) with syllables of the calls before and after it), the symbol range [a, b) that is
        the call's own, and the syllable of each own symbol numbered within the call (-1 for pads, spaces and
        punctuation; what timestamps read). The own range runs from the symbol just before the call's first
        syllable (the lead pad when nothing comes before; else the space after the previous call's pause, which
        stands in for it) to the first symbol of the next call's syllables (so the pause punctuation at the cut,
        said as the pause inside a sentence it is, ends this call), or to the end."""
        ids, owner = self.encode(context), self.symbol_syllables(context)
        i, j = own
        a = 0 if i == 0 else owner.index(i) - 1
        b = len(ids) if j >= len(context.syllables) else owner.index(j)
        return ids, (a, b), [k - i if i <= k < j else -1 for k in owner[a:b]]

    def to_phones(self, sentence: Sentence) -> list[str]:
        return ["<pad>"] + [ch for piece, _ in self._pieces(sentence) for ch in piece] + ["<pad>"]

    def symbol_syllables(self, sentence: Sentence) -> list[int]:
        return [-1] + [i for piece, i in self._pieces(sentence) for _ in piece] + [-1]


def load_symbols(options: dict) -> KokoroSymbols:
    try:
        import misaki.transcription  # noqa: F401
    except ImportError:
        from ttsserve.errors import ConfigError

        raise ConfigError("the kokoro symbol set needs misaki: pip install 'ttsserve[kokoro]'") from None
    path = Path(options.get("voice_dir", ".")) / options.get("vocab", "vocab.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    return KokoroSymbols(data.get("vocab", data))


register("symbols", "kokoro")(load_symbols)
