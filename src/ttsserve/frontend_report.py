"""What the frontend made of a text, as JSON: for `POST /v1/frontend` and `ttsserve frontend`."""

from __future__ import annotations

from typing import Any

from ttsserve.pipeline.base import FrontendOutput, SymbolSet, TextFrontend


def frontend_report(frontend: TextFrontend, symbols: SymbolSet | None, text: str) -> dict[str, Any]:
    return report(frontend.process(text), symbols, text)


def report(out: FrontendOutput, symbols: SymbolSet | None, text: str) -> dict[str, Any]:
    """The report of a FrontendOutput already made from `text` (by a frontend process, say)."""
    return {
        "normalized_text": out.normalized_text,
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
            }
            for s in out.sentences
        ],
    }
