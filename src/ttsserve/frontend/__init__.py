"""The Mandarin text frontend: split (with spans) -> normalize -> G2P -> `Sentence`s of `Syllable`s.

Fixing a reading:
- inline, in the request text: a character followed by `[pinyin+tone]`, e.g. `长[zhang3]大`, `还[huan2]`;
  tone 5 is the neutral tone. The brackets are removed before anything else.
- a user lexicon file (`frontend.lexicon_path`): one entry per line, `词语 ci2 yu3` (a word, then one
  pinyin per character); `#` starts a comment. The file is re-read when it changes, without a restart.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import threading
from dataclasses import replace
from pathlib import Path

from ttsserve.errors import ConfigError, TextError, TTSError
from ttsserve.frontend import ssml
from ttsserve.frontend.align import align
from ttsserve.frontend.g2p import G2P, is_syllable
from ttsserve.frontend.normalize import normalize
from ttsserve.frontend.split import split_sentences
from ttsserve.frontend.symbols import load_symbols
from ttsserve.pipeline.base import FrontendOutput, Sentence, Syllable, register

_OVERRIDE = re.compile(r"([\u3400-\u9fff])\[([a-zü]+[1-5])\]", re.IGNORECASE)
log = logging.getLogger(__name__)


@contextlib.contextmanager
def reading(text: str, start: int, end: int):
    """Turns an unexpected exception while reading text[start:end] into a TextError (422) naming that span: a
    bug in one reader (a number pattern, a dictionary) is the text's problem for the client, never a 500."""
    try:
        yield
    except TTSError:
        raise
    except Exception as exc:  # noqa: BLE001 - logged with its traceback, answered as a 4xx
        log.warning("frontend failed on characters %d-%d: %s: %s", start, end, type(exc).__name__, exc, exc_info=exc)
        piece = text[start:end]
        excerpt = repr(piece if len(piece) <= 24 else piece[:24] + "…")  # repr: a lone surrogate stays escaped
        raise TextError(f"could not read characters {start}-{end} of the text ({excerpt}); rephrase them") from None


def read_lexicon(path: Path) -> dict[str, list[str]]:
    lexicon: dict[str, list[str]] = {}
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: not UTF-8 (byte {exc.start})") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read it ({exc.strerror})") from None
    for n, line in enumerate(text.splitlines(), 1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        word, *readings = line.split()
        readings = [r.lower().replace("ü", "v") for r in readings]
        if (len(readings) != len(word) or not all(is_syllable(r) for r in readings)
                or not word.isprintable()):
            raise ConfigError(f"{path}:{n}: expected a word and one pinyin with tone per character, got "
                              f"{line[:80]!r}")
        lexicon[word] = readings
    return lexicon


class MandarinFrontend:
    def __init__(self, *, max_sentence_chars: int = 60, lexicon_path: str | os.PathLike | None = None) -> None:
        self.max_sentence_chars = max_sentence_chars
        self.lexicon_path = Path(lexicon_path) if lexicon_path else None
        self._lexicon_mtime: float | None = None
        self._lock = threading.Lock()  # reload vs. concurrent inspection from the HTTP side
        self.g2p = G2P(self._load_lexicon())

    def _load_lexicon(self) -> dict[str, list[str]]:
        if self.lexicon_path is None:
            return {}
        if not self.lexicon_path.is_file():
            raise ConfigError(f"lexicon file not found: {self.lexicon_path}")
        self._lexicon_mtime = self.lexicon_path.stat().st_mtime
        return read_lexicon(self.lexicon_path)

    def reload_if_changed(self) -> bool:
        """Re-read the lexicon when its file changed. A broken edit keeps the previous lexicon."""
        if self.lexicon_path is None:
            return False
        try:
            mtime = self.lexicon_path.stat().st_mtime
        except FileNotFoundError:
            return False
        if mtime == self._lexicon_mtime:
            return False
        with self._lock:
            try:
                self.g2p = G2P(self._load_lexicon())
            except ConfigError as exc:
                self._lexicon_mtime = mtime  # not retried on every request; the next edit is
                log.warning("lexicon edit refused, keeping the previous lexicon: %s", exc.message)
                return False
        return True

    def process(self, text: str) -> FrontendOutput:
        """Plain text, or an SSML document (frontend/ssml.py: the request said `text_type: ssml`)."""
        if ssml.is_ssml(text):
            self.reload_if_changed()
            with reading(text, 0, len(text)):
                return ssml.process(text, self._read)
        with reading(text, 0, len(text)):
            return self._process(text)

    def _process(self, text: str) -> FrontendOutput:
        self.reload_if_changed()
        sentences, normalized = self._read(text)
        if not sentences:
            raise TextError("text contains nothing speakable")
        return FrontendOutput(normalized_text=normalized, sentences=tuple(sentences), source=text)

    def _read(self, text: str) -> tuple[list[Sentence], str]:
        """The sentences of `text` (spans index it) and its normalized text; no sentences when nothing is speakable."""
        # Inline overrides: strip the brackets, remember which original characters they force.
        forced_orig: dict[int, str] = {}
        plain, mapping, last = [], [], 0  # mapping: plain offset -> original offset
        for m in _OVERRIDE.finditer(text):
            for i in range(last, m.start()):
                plain.append(text[i])
                mapping.append(i)
            forced_orig[len(plain)] = m.group(2).lower().replace("ü", "v")
            if not is_syllable(forced_orig[len(plain)]):
                raise TextError(f"{m.group(0)!r}: {m.group(2)!r} is not a Mandarin syllable with a tone (1-5)")
            plain.append(m.group(1))
            mapping.append(m.start())
            last = m.end()
        for i in range(last, len(text)):
            plain.append(text[i])
            mapping.append(i)
        mapping.append(len(text))
        plain_text = "".join(plain)

        sentences: list[Sentence] = []
        normalized_parts = []
        for start, end in split_sentences(plain_text, self.max_sentence_chars, self._word_ends):
            piece = plain_text[start:end]
            forced = {k - start: v for k, v in forced_orig.items() if start <= k < end}
            with reading(text, mapping[start], mapping[end]):
                norm, forced_norm, sources = self._normalize_keeping(piece, forced)
                syllables = self.g2p.syllables(norm, forced_norm)
            normalized_parts.append(norm)
            if syllables:
                syllables = _with_spans(syllables, norm, sources, lambda a, b: (mapping[start + a], mapping[start + b]))
                sentences.append(Sentence(text=norm, span=(mapping[start], mapping[end]), syllables=syllables))
        return sentences, "".join(normalized_parts)

    def _word_ends(self, piece: str) -> list[int]:
        ends, pos = [], 0
        for word in self.g2p.jieba.cut(piece, HMM=False):
            pos += len(word)
            ends.append(pos)
        return ends

    @staticmethod
    def _normalize_keeping(piece: str, forced: dict[int, str]) -> tuple[str, dict[int, str], list[tuple[int, int]]]:
        """Normalize, carrying forced readings along: a forced character is a Chinese character, which
        normalization never changes, so we normalize the stretches between them separately. Also returns,
        per normalized character, the [start, end) of `piece` it came from (frontend/align.py)."""
        out, forced_norm, sources, last = "", {}, [], 0
        for k in [*sorted(forced), len(piece)]:
            stretch = piece[last:k]
            norm = normalize(stretch)
            sources += [(a + last, b + last) for a, b in align(stretch, norm)]
            out += norm
            if k < len(piece):
                forced_norm[len(out)] = forced[k]
                out += piece[k]
                sources.append((k, k + 1))
            last = k + 1
        return out, forced_norm, sources


def _with_spans(syllables: tuple[Syllable, ...], norm: str, sources: list[tuple[int, int]],
                to_original) -> tuple[Syllable, ...]:
    """Each syllable with the span of the original text it reads: the source of its normalized characters,
    found in order (a syllable's text is one character, two for erhua), mapped by `to_original(a, b)`."""
    out, pos = [], 0
    for syl in syllables:
        first = norm.find(syl.text[0], pos) if syl.text else -1
        if first < 0:  # a syllable with no source character: it reads where the previous one ended
            out.append(replace(syl, span=out[-1].span if out else to_original(0, 0)))
            continue
        last = first
        for ch in syl.text[1:]:
            nxt = norm.find(ch, last + 1)
            last = nxt if nxt >= 0 else last
        pos = last + 1
        a = min(sources[k][0] for k in range(first, last + 1))
        b = max(sources[k][1] for k in range(first, last + 1))
        out.append(replace(syl, span=to_original(a, b)))
    return tuple(out)


@register("frontend", "mandarin")
def load(options: dict) -> MandarinFrontend:
    return MandarinFrontend(max_sentence_chars=int(options.get("max_sentence_chars", 60)),
                            lexicon_path=options.get("lexicon_path"))


register("symbols", "baker")(load_symbols)
