"""What the frontend made of a text, as JSON: for `POST /v1/frontend` and `ttsserve frontend`."""

from __future__ import annotations

import dataclasses
from typing import Any

from ttsserve.pipeline.base import FrontendOutput, SymbolSet, TextFrontend


def frontend_report(frontend: TextFrontend, symbols: SymbolSet | None, text: str) -> dict[str, Any]:
    return report(frontend.process(text), symbols, text)


def report(out: FrontendOutput, symbols: SymbolSet | None, text: str) -> dict[str, Any]:
    """The report of a FrontendOutput already made from `text` (by a frontend process, say). For SSML, spans
    index the document's text content (`text_content`), each sentence shows the controls its markup set, and
    `ssml` lists what each element did."""
    markup = out.markup
    if markup is not None:
        text = markup.text_content
    extra = {} if markup is None else {"text_content": markup.text_content, "ssml": list(markup.elements),
                                       "tail_silence_s": markup.tail_silence_s}
    return {
        "normalized_text": out.normalized_text,
        **extra,
        "sentences": [
            {
                "text": s.text,
                "span": list(s.span),
                "original": text[s.span[0] : s.span[1]],
                "pinyin": [sy.pinyin for sy in s.syllables],
                "syllables": [
                    {"text": sy.text, "pinyin": sy.pinyin, "initial": sy.initial, "final": sy.final,
                     "tone": sy.tone, "break_after": sy.break_after}
                    for sy in s.syllables
                ],
                **({"phones": symbols.to_phones(s)} if symbols is not None else {}),
                **({"controls": dataclasses.asdict(s.controls)} if markup is not None else {}),
            }
            for s in out.sentences
        ],
    }
