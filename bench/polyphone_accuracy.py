"""Polyphone accuracy of the frontend on a public, offline benchmark: the 4,354 HSK 3.0 sentences with
reference pinyin in the `hsk-sentences-audio` package (CC-BY-SA-4.0 data; `pip install hsk-sentences-audio`).

For every character that has more than one reading in pypinyin's dictionary (a polyphone), we compare the
reading (syllable + tone, dictionary tones, i.e. before tone sandhi, as the references are written) with
the reference. Systems: ttsserve's G2P readings; pypinyin on the whole sentence (its phrase dictionary);
pypinyin one character at a time (no context).

Caveat, found while checking disagreements: the references look machine-made (很长 and 最长 labelled zhang3,
所长 labelled chang2), so agreement partly measures closeness to the tool that made them.

usage: python bench/polyphone_accuracy.py [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import re
import sys

from pypinyin import Style, lazy_pinyin, pinyin

HANZI = re.compile(r"[\u4e00-\u9fff]")


def is_polyphone(ch: str) -> bool:
    readings = {r for r in pinyin(ch, style=Style.TONE3, heteronym=True, neutral_tone_with_five=True)[0]}
    return len(readings) > 1


def reference_readings(card: dict) -> list[str] | None:
    """Per-character reference readings, or None when the reference does not align 1:1 with the text."""
    refs = card["pinyin_numbered"].lower().replace("ü", "v").split()
    chars = [c for c in card["chinese"] if HANZI.match(c)]
    refs = [r if r[-1].isdigit() else r + "5" for r in refs if re.fullmatch(r"[a-zv]+[0-5]?", r)]
    return refs if len(refs) == len(chars) else None


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--json")
    args = ap.parse_args()
    from hsk_sentences_audio import load_sentences

    from ttsserve.frontend import MandarinFrontend
    from ttsserve.frontend.g2p import G2P

    g2p: G2P = MandarinFrontend().g2p
    totals = {"ttsserve": 0, "pypinyin_sentence": 0, "pypinyin_char": 0}
    toneless = dict.fromkeys(totals, 0)
    n = skipped = 0
    for card in load_sentences():
        refs = reference_readings(card)
        if refs is None:
            skipped += 1
            continue
        text = "".join(c for c in card["chinese"] if HANZI.match(c) or not c.isalnum())
        chars = [c for c in text if HANZI.match(c)]
        ours = g2p.readings(text)
        sent = lazy_pinyin("".join(chars), style=Style.TONE3, neutral_tone_with_five=True)
        for i, ch in enumerate(chars):
            if not is_polyphone(ch):
                continue
            n += 1
            ref = refs[i]
            char_alone = lazy_pinyin(ch, style=Style.TONE3, neutral_tone_with_five=True)[0]
            for name, got in (("ttsserve", ours[i]), ("pypinyin_sentence", sent[i]), ("pypinyin_char", char_alone)):
                totals[name] += got == ref
                toneless[name] += got[:-1] == ref[:-1]
    report = {"benchmark": "hsk-sentences-audio 1.0.0 (HSK 3.0 sentences)", "polyphone_characters": n,
              "sentences_skipped_unaligned": skipped,
              "accuracy_with_tone": {k: round(v / n, 4) for k, v in totals.items()},
              "accuracy_syllable_only": {k: round(v / n, 4) for k, v in toneless.items()}}
    print(json.dumps(report, indent=2))
    if args.json:
        with open(args.json, "w") as f:
            json.dump(report, f, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
