"""English words inside Chinese text: how many of bench/data/english_words.tsv come out as a Mandarin speaker reads
them (toneless syllables equal to one of the listed readings), for the frontend as shipped, for its letter-to-sound
fallback alone (lexicon off), and for the old behaviour (every word spelled letter by letter).

    PYTHONPATH=src python bench/english_words.py [--json out.json] [--show-misses]
"""

from __future__ import annotations

import argparse
import json
import re
import time
from pathlib import Path

from ttsserve.frontend import MandarinFrontend, english
from ttsserve.frontend.normalize import LETTERS

DATA = Path(__file__).parent / "data" / "english_words.tsv"


def load() -> list[tuple[str, list[list[str]], str]]:
    rows = []
    for line in DATA.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        word, readings, context = line.split("\t")
        rows.append((word, [r.split() for r in readings.split("|")], context))
    return rows


def kind(word: str) -> str:
    if len(word) == 1 or (word.isupper() and len(word) <= 5):
        return "acronym"
    return "lexicon" if word.lower() in english.LEXICON else "fallback"


def reading(fe: MandarinFrontend, word: str, context: str) -> list[str]:
    """The toneless syllables the frontend reads for `word` inside `context` (by the syllables' spans)."""
    start = context.index(word)
    end = start + len(word)
    out = fe.process(context)
    return [re.sub(r"\d", "", sy.pinyin) for s in out.sentences for sy in s.syllables
            if sy.span and sy.span[0] < end and sy.span[1] > start]


def score(fe, rows, mode: str) -> tuple[dict, list]:
    saved = dict(english.LEXICON)
    try:
        if mode == "fallback only":
            english.LEXICON.clear()
        results, misses = {}, []
        for word, readings, context in rows:
            if mode == "spell everything":
                got = [re.sub(r"\d", "", p) for p in _spelled_pinyin(fe, word)]
            else:
                got = reading(fe, word, context)
            ok = got in readings
            k = kind(word)
            results.setdefault(k, [0, 0])
            results[k][0] += ok
            results[k][1] += 1
            if not ok:
                misses.append((mode, word, " ".join(got), " | ".join(" ".join(r) for r in readings)))
        return results, misses
    finally:
        english.LEXICON.clear()
        english.LEXICON.update(saved)


def _spelled_pinyin(fe, word: str) -> list[str]:
    text = english.spell(word, LETTERS)
    return [sy.pinyin for s in fe.process(text).sentences for sy in s.syllables]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--json")
    ap.add_argument("--show-misses", action="store_true")
    args = ap.parse_args()
    rows = load()
    fe = MandarinFrontend()
    fe.process("你好")  # dictionaries loaded before timing
    report = {}
    for mode in ("as shipped", "fallback only", "spell everything"):
        t0 = time.perf_counter()
        results, misses = score(fe, rows, mode)
        took = time.perf_counter() - t0
        total = sum(r[0] for r in results.values())
        report[mode] = {"correct": total, "items": len(rows), "by_kind": results, "seconds": round(took, 3)}
        parts = ", ".join(f"{k} {c}/{n}" for k, (c, n) in sorted(results.items()))
        print(f"{mode:18s} {total:3d}/{len(rows)} ({parts})")
        if args.show_misses:
            for m in misses:
                print("   miss:", *m[1:], sep="  ")
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
