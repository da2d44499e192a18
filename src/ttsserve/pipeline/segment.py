"""Model-call segmentation: a frontend sentence is cut into the pieces a voice's acoustic model is given.

The frontend's sentences end at sentence punctuation and may run to `max_sentence_chars`. Non-autoregressive
models trained on short utterances (the default FastSpeech2 voice) lose their way past a few clauses: the
later pauses vanish and the tail turns to babble. So each voice declares the longest call its model handles
well (`segmentation.max_syllables` in voice.yaml, measured with bench/intelligibility.py), and a longer sentence
is cut at its prosodic phrase breaks (pause punctuation, break level 3), packing consecutive phrases into one
call while they fit. A phrase that is longer on its own is cut at the word boundaries closest to equal parts.
Each call after the first carries the silence its break should have: `sentence_silence_s` after a sentence,
the voice's `phrase_pause_s` after a phrase break, nothing extra after a word break (each call's own leading
and trailing `sil` already give a short pause). A sentence whose controls name its own silence (an SSML
<break>: `SpanControls.gap_before_s`) gets exactly that before its first call, the very first one included. Torch-free: the scheduler and tests use it as plain data.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from ttsserve.pipeline.base import Sentence, Syllable

PHRASE_BREAK = 3  # Syllable.break_after at pause punctuation (，、：; etc.)
WORD_BREAK = 1


@dataclass(frozen=True)
class ModelCall:
    """One acoustic-model call: part (or all) of frontend sentence `sentence_index`."""

    sentence: Sentence  # the syllables given to the model; span = the whole frontend sentence's span
    sentence_index: int  # index into FrontendOutput.sentences
    gap_before_s: float  # silence emitted before this call's audio (0 for the very first call)
    # context (`context_syllables`): this call's syllables with the end of the previous call and the start of the
    # next call of the same sentence around them, break levels as in the sentence, and where this call's own
    # syllables are in it, [start, end); None: no context
    context: Sentence | None = None
    own_syllables: tuple[int, int] = (0, 0)


def segment(sentences: tuple[Sentence, ...] | list[Sentence], *, max_syllables: int | None,
            sentence_silence_s: float, phrase_pause_s: float, context_syllables: int = 0,
            first_max_syllables: int | None = None) -> list[ModelCall]:
    """`context_syllables` > 0: each cut call carries that many syllables of its neighbours (`ModelCall.context`)
    for a model that reads them; the pause at a cut is then the model's own, inside the earlier call's audio, so
    nothing is added there. A frontend sentence that ends at pause punctuation (the frontend's length cap cut it
    there) continues into the next one the same way, unless markup sets them apart (other controls, a <break>).
    `first_max_syllables`: the text's very first call ends at a phrase break within that many syllables (a
    voice that vocodes a call whole has no audio before its whole first call), never inside a phrase."""
    pieces = [_cut(sentence.syllables, max_syllables) for sentence in sentences]
    if pieces and first_max_syllables is not None:
        pieces[0] = _lead(sentences[0].syllables, first_max_syllables, max_syllables) or pieces[0]
    joined = [bool(context_syllables) and i + 1 < len(sentences) and bool(sentence.syllables)
              and sentence.syllables[-1].break_after >= PHRASE_BREAK
              and sentences[i + 1].controls == sentence.controls and sentences[i + 1].controls.gap_before_s is None
              for i, sentence in enumerate(sentences)]
    flat = [(i, k) for i, p in enumerate(pieces) for k in range(len(p))]  # every call, in order
    calls: list[ModelCall] = []
    for n, (index, k) in enumerate(flat):
        sentence, (sylls, _) = sentences[index], pieces[index][k]
        explicit = sentence.controls.gap_before_s
        if k == 0 and explicit is not None:
            gap = explicit
        elif not calls:
            gap = 0.0
        elif k == 0:
            gap = 0.0 if joined[index - 1] else sentence_silence_s
        else:
            gap = phrase_pause_s if pieces[index][k - 1][1] >= PHRASE_BREAK and not context_syllables else 0.0
        sub = sentence if len(pieces[index]) == 1 else replace(
            sentence, text="".join(s.text for s in sylls), syllables=_closed(sylls))
        context, own = None, (0, 0)
        prev = flat[n - 1] if n > 0 and (k > 0 or joined[index - 1]) else None
        nxt = flat[n + 1] if n + 1 < len(flat) and (k + 1 < len(pieces[index]) or joined[index]) else None
        if context_syllables and (prev or nxt):
            before = pieces[prev[0]][prev[1]][0][-context_syllables:] if prev else ()
            after = _closed(pieces[nxt[0]][nxt[1]][0][:context_syllables]) if nxt else ()
            body = (*before, *(sylls if after else _closed(sylls)), *after)
            context = replace(sentence, text="".join(s.text for s in body), syllables=body)
            own = (len(before), len(before) + len(sylls))
        calls.append(ModelCall(sentence=sub, sentence_index=index, gap_before_s=gap, context=context,
                               own_syllables=own))
    return calls


def _lead(sylls: tuple[Syllable, ...], first_max: int, max_syllables: int | None):
    """The pieces of a text's first sentence with its leading phrases (at most `first_max` syllables) as a call
    of their own, the rest cut as `_cut` does; None where that changes nothing (the sentence fits, or its first
    phrase alone is longer)."""
    if len(sylls) <= first_max:
        return None
    phrases = _split_at(sylls, PHRASE_BREAK)
    n = 0
    for phrase in phrases:
        if n + len(phrase) > first_max:
            break
        n += len(phrase)
    if n == 0 or n == len(sylls):
        return None
    head = sylls[:n]
    return [(head, head[-1].break_after), *_cut(sylls[n:], max_syllables)]


def _closed(sylls: tuple[Syllable, ...]) -> tuple[Syllable, ...]:
    """A call ends like a sentence: its last syllable carries no break into the next call."""
    last = sylls[-1]
    return sylls if last.break_after == 0 else (*sylls[:-1], replace(last, break_after=0))


def _cut(sylls: tuple[Syllable, ...], max_syllables: int | None) -> list[tuple[tuple[Syllable, ...], int]]:
    """[(syllables, break level at the cut after them)]; the last piece's level is 0."""
    if max_syllables is None or len(sylls) <= max_syllables:
        return [(sylls, 0)]
    phrases = _split_at(sylls, PHRASE_BREAK)
    units: list[tuple[Syllable, ...]] = []
    for phrase in phrases:
        units += [phrase] if len(phrase) <= max_syllables else _balanced(phrase, max_syllables)
    # pack consecutive units while they fit
    packed: list[list[Syllable]] = []
    for unit in units:
        if packed and len(packed[-1]) + len(unit) <= max_syllables:
            packed[-1] += unit
        else:
            packed.append(list(unit))
    out = [(tuple(p), p[-1].break_after) for p in packed]
    out[-1] = (out[-1][0], 0)
    return out


def _split_at(sylls: tuple[Syllable, ...], level: int) -> list[tuple[Syllable, ...]]:
    out, start = [], 0
    for i, s in enumerate(sylls):
        if s.break_after >= level and i + 1 < len(sylls):
            out.append(sylls[start : i + 1])
            start = i + 1
    out.append(sylls[start:])
    return out


def _balanced(phrase: tuple[Syllable, ...], max_syllables: int) -> list[tuple[Syllable, ...]]:
    """Cut a phrase with no pause inside into ceil(n / max) pieces at the word ends closest to equal parts;
    where no word end fits (one very long word), cut at the limit."""
    n = len(phrase)
    parts = -(-n // max_syllables)
    ends = [i + 1 for i, s in enumerate(phrase[:-1]) if s.break_after >= WORD_BREAK]
    out, start = [], 0
    for p in range(1, parts):
        target = round(n * p / parts)
        fitting = [e for e in ends if start < e <= start + max_syllables and n - e <= (parts - p) * max_syllables]
        cut = min(fitting, key=lambda e: abs(e - target)) if fitting else min(start + max_syllables, n - 1)
        out.append(phrase[start:cut])
        start = cut
    out.append(phrase[start:])
    return [piece for piece in out if piece]
