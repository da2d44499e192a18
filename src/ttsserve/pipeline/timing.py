"""Timestamps from the durations the acoustic model predicts: exact by construction.

A model call's mel has one frame run per input symbol (`AcousticOutput.durations`), the vocoder turns each frame
into `hop_length` samples, and the scheduler knows at which sample a call's audio starts (after the silences
before it). The symbol set says which syllable each symbol belongs to (`SymbolSet.symbol_syllables`), and the
frontend which stretch of the request text each syllable reads (`Syllable.span`). Together: every stretch of
the request text gets the seconds of the audio that speaks it.

What the entries are (documented in the README):
- `characters`: the request text cut into consecutive entries, in order, covering it exactly (their `char`
  values concatenate to the text). An entry is one character, or a stretch that normalization read as one
  (`2024`, `¥500`, `10:30`, `iPhone`) or a character with its inline reading (`长[zhang3]`): its time is that
  of all the syllables made from it, its `pinyin` theirs, space separated.
- Characters that make no sound (punctuation, emoji, spaces) are zero-length entries at the end of the pause
  they stand in: at the start of the next spoken entry, or at the end of the audio when nothing is spoken
  after them. So a caption that ends at a comma lasts until the next one starts.
- `words`: the spoken words (the frontend's word segmentation), each with the text it covers; no entries for
  silent characters.
Times are seconds from the start of the audio; offsets index the request text in Unicode code points. For an
SSML request they index the document's text content instead (its character data, entities decoded, markup left
out: frontend/ssml.py), and the entries cover that text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Sequence

from ttsserve.errors import TimestampsUnavailableError
from ttsserve.pipeline.base import Syllable


@dataclass(frozen=True)
class CallText:
    """What timing needs of one model call, fixed when the call is planned."""

    syllables: tuple[Syllable, ...]
    symbol_syllables: tuple[int, ...]  # per input symbol: its syllable's index, -1 for silence and breaks
    text_offset: int = 0  # where the text piece the call came from starts in the request text


def call_text(symbols, sentence, *, text_offset: int, owner: list[int] | None = None) -> CallText:
    """A planned call's CallText from the voice's symbol set (`SymbolSet.symbol_syllables`); `owner`: the
    syllable of each of the call's symbols when the call was read with context (`encode_in_context`)."""
    if not callable(getattr(symbols, "symbol_syllables", None)):
        raise TimestampsUnavailableError(f"this voice's symbol set ({getattr(symbols, 'name', '?')}) cannot map its "
                                         "symbols to syllables: no timestamps; omit timestamps and captions")
    if any(s.span is None for s in sentence.syllables):
        raise TimestampsUnavailableError("the configured text frontend does not track where syllables come from: "
                                         "no timestamps; omit timestamps and captions")
    return CallText(syllables=sentence.syllables, symbol_syllables=tuple(
        symbols.symbol_syllables(sentence) if owner is None else owner), text_offset=text_offset)


@dataclass(frozen=True)
class SyllableTime:
    span: tuple[int, int]  # [start, end) in the request text
    pinyin: str
    start_s: float
    end_s: float
    word_end: bool  # a word ends after this syllable


def call_times(text: CallText, durations: Sequence[int], *, start_sample: int, hop_length: int,
               sample_rate_hz: int) -> list[SyllableTime]:
    """Each syllable's time in a call whose audio starts at `start_sample`.

    The symbols of no syllable between two syllables (prosody breaks) and after the last one (closing
    silence) are not all silence: the voices we ship (FastSpeech2 on Baker, and the Sambert students distilled
    from it) put the decaying tail of a syllable's final on the break symbol after it (measured: the frames of
    an in-word or word break are voiced to their end; a pause's first ~0.1 s is; a call's closing `sil`/`#4` is
    the lengthened tail of its last syllable, at most a few silent frames). So a run of break symbols after a
    syllable inside a phrase, and the call's closing run, belong to the syllable before them; a pause inside the
    call (break level 3: a comma) gives that syllable the call's typical tail, the median length of its
    in-phrase break runs (0.1 s when it has none), the rest being the pause. The silence between calls is the
    scheduler's gap. A model whose breaks carry no frames gets exact zeros."""
    if len(durations) != len(text.symbol_syllables):
        raise ValueError(f"{len(durations)} durations for {len(text.symbol_syllables)} symbols")
    n = len(text.syllables)
    first: dict[int, int] = {}
    last: dict[int, int] = {}
    after: dict[int, int] = {}  # frames of the break symbols after syllable k (up to the next syllable)
    frame, current = 0, -1
    for k, d in zip(text.symbol_syllables, durations):
        d = int(d)
        if k >= 0:
            first.setdefault(k, frame)
            last[k] = frame + d
            current = k
        elif current >= 0:
            after[current] = after.get(current, 0) + d
        frame += d
    pause = [k + 1 < n and text.syllables[k].break_after >= 3 for k in range(n)]
    inside = sorted(after[k] for k in after if not pause[k] and k + 1 < n)
    tail = inside[len(inside) // 2] if inside else round(0.1 * sample_rate_hz / hop_length)
    out = []
    for k, syl in enumerate(text.syllables):
        if syl.span is None:
            raise ValueError("the frontend gave no text spans: no timestamps")
        a = first.get(k, last.get(k - 1, 0) if k else 0)
        b = last.get(k, a)
        b += after.get(k, 0) if not pause[k] else min(after.get(k, 0), tail)
        span = (syl.span[0] + text.text_offset, syl.span[1] + text.text_offset)
        out.append(SyllableTime(span=span, pinyin=syl.pinyin, start_s=(start_sample + a * hop_length) / sample_rate_hz,
                                end_s=(start_sample + b * hop_length) / sample_rate_hz,
                                word_end=syl.break_after >= 1 or k + 1 == n))
    return out


def _t(seconds: float) -> float:
    return round(seconds, 4)


@dataclass
class Timings:
    characters: list[dict] = field(default_factory=list)
    words: list[dict] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.characters or self.words)


class TimingBuilder:
    """Turns syllable times, call by call, into `characters` and `words` entries. Each call's entries are
    final once the call is added (what a stream sends with the call's first audio); `finish` adds the silent
    characters at the end. A stretch read by syllables of two calls (a very long number cut between calls) is
    held back until its last syllable is known: pass `continues=True` when the next call goes on with it."""

    def __init__(self, text: str) -> None:
        from ttsserve.frontend.ssml import is_ssml, text_content

        self.text = text_content(text) if is_ssml(text) else text  # SSML: its spans index the text content
        self.all = Timings()
        self._cursor = 0  # request text before this has its character entries
        self._group: list[SyllableTime] = []  # the stretch read by the syllables seen last (one span)
        self._word: list[SyllableTime] = []

    def add(self, syllables: list[SyllableTime], *, continues: bool = False) -> Timings:
        """Entries made final by one call's syllable times (in order)."""
        new = Timings()
        for i, syl in enumerate(syllables):
            if self._group and syl.span[0] < self._span_end(self._group):
                self._group.append(syl)  # the same stretch (or one overlapping it): one entry
            else:
                self._close_group(new)
                self._silent(new, syl.span[0], syl.start_s)
                self._group = [syl]
            self._word.append(syl)
            nxt = syllables[i + 1] if i + 1 < len(syllables) else None
            if syl.word_end and not (nxt is not None and nxt.span[0] < syl.span[1]) and not (nxt is None and continues):
                self._close_word(new)
        if not continues:
            self._close_group(new)
            self._close_word(new)
        return new

    def finish(self, audio_seconds: float) -> Timings:
        """The entries left: any open stretch, then the silent characters after the last spoken one, at the end
        of the audio."""
        new = Timings()
        self._close_group(new)
        self._close_word(new)
        self._silent(new, len(self.text), audio_seconds)
        return new

    # ------------------------------------------------------------------ internals
    @staticmethod
    def _span_end(group: list[SyllableTime]) -> int:
        return max(s.span[1] for s in group)

    def _silent(self, new: Timings, upto: int, at_s: float) -> None:
        for i in range(self._cursor, max(upto, self._cursor)):
            self._char(new, {"char": self.text[i], "offset": i, "start_s": _t(at_s), "end_s": _t(at_s), "pinyin": ""})
        self._cursor = max(self._cursor, upto)

    def _close_group(self, new: Timings) -> None:
        if not self._group:
            return
        g, self._group = self._group, []
        a, b = max(g[0].span[0], self._cursor), self._span_end(g)
        if b <= a:  # nothing of the text left to attach it to (a malformed span): keep the times monotonic
            return
        self._char(new, {"char": self.text[a:b], "offset": a, "start_s": _t(g[0].start_s), "end_s": _t(g[-1].end_s),
                         "pinyin": " ".join(s.pinyin for s in g)})
        self._cursor = b

    def _close_word(self, new: Timings) -> None:
        if not self._word:
            return
        w, self._word = self._word, []
        a, b = w[0].span[0], max(s.span[1] for s in w)
        if self.all.words and a < self.all.words[-1]["offset"] + len(self.all.words[-1]["word"]):
            a = self.all.words[-1]["offset"] + len(self.all.words[-1]["word"])  # never overlap the word before
        if b <= a:
            return
        entry = {"word": self.text[a:b], "offset": a, "start_s": _t(w[0].start_s), "end_s": _t(w[-1].end_s)}
        new.words.append(entry)
        self.all.words.append(entry)

    def _char(self, new: Timings, entry: dict) -> None:
        new.characters.append(entry)
        self.all.characters.append(entry)
