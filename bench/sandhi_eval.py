"""The tones 一 and 不 are said with, after the tone sandhi, on the hand-labelled sets bench/data/sandhi_yibu*.tsv
(`sentence<TAB>offset<TAB>char<TAB>reading`: every 一 and 不 of each sentence with the tone a standard speaker says,
as the Xiandai Hanyu Cidian's rules give it: yi2 / bu2 before a fourth tone, yi4 before the others, yi1 counting,
naming an order or ending a word, yi5 / bu5 in 看一看 / 看不见 / 是不是). `polyphone_eval.py` scores dictionary readings
before the sandhi; this scores what the voices are given. Systems: ttsserve's frontend (`syllables`, the sandhi
included) from this checkout or from other source trees (`--src NAME=PATH`, e.g. an older commit's `git archive`),
and pypinyin's own `tone_sandhi=True` on the whole sentence.

    PYTHONPATH=src python bench/sandhi_eval.py [--src before=/tmp/old/src] [--show-misses] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).parent / "data"
HANZI = re.compile(r"[\u4e00-\u9fff]")

# run in a subprocess per source tree: the frontend's syllables, by character offset of each sentence
READ = """
import json, sys, warnings
warnings.simplefilter("ignore")
sys.path.insert(0, {src!r})
from ttsserve.frontend import MandarinFrontend
g2p = MandarinFrontend(max_sentence_chars=200).g2p
out = []
for s in json.load(sys.stdin):
    chars = [i for i, c in enumerate(s) if '\\u4e00' <= c <= '\\u9fff']
    got, k = {{}}, 0
    for syl in g2p.syllables(''.join(s[i] for i in chars)):
        for _ in syl.text:  # an erhua syllable covers two characters
            if k < len(chars):
                got[chars[k]] = syl.pinyin.rstrip('r') if len(syl.text) > 1 else syl.pinyin
            k += 1
    out.append(got)
print(json.dumps(out))
"""


def load() -> list[tuple[str, int, str, str, str]]:
    rows = []
    for path in sorted(DATA.glob("sandhi_yibu*.tsv")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip() or line.startswith("#"):
                continue
            sent, idx, ch, reading = line.split("\t")[:4]
            if sent[int(idx)] != ch:
                raise SystemExit(f"{path.name}: {sent} has {sent[int(idx)]}, not {ch}, at {idx}")
            rows.append((path.stem, sent, int(idx), ch, reading))
    return rows


def ttsserve_readings(src: Path, texts: list[str]) -> list[dict[int, str]]:
    out = subprocess.run([sys.executable, "-c", READ.format(src=str(src.resolve()))], input=json.dumps(texts),
                         capture_output=True, text=True, check=True)
    return [{int(k): v for k, v in d.items()} for d in json.loads(out.stdout.strip().splitlines()[-1])]


def pypinyin_readings(texts: list[str]) -> list[dict[int, str]]:
    from pypinyin import Style, lazy_pinyin

    out = []
    for s in texts:
        idx = [i for i, c in enumerate(s) if HANZI.match(c)]
        pys = lazy_pinyin("".join(s[i] for i in idx), style=Style.TONE3, neutral_tone_with_five=True,
                          tone_sandhi=True)
        out.append(dict(zip(idx, pys)) if len(pys) == len(idx) else {})
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--src", action="append", default=[], metavar="NAME=PATH",
                    help="another source tree's frontend (its src/ folder), scored beside this checkout's")
    ap.add_argument("--show-misses", action="store_true")
    ap.add_argument("--json")
    args = ap.parse_args(argv)
    rows = load()
    texts = sorted({r[1] for r in rows})
    systems = {"ttsserve": ttsserve_readings(ROOT / "src", texts)}
    for spec in args.src:
        name, _, path = spec.partition("=")
        systems[name] = ttsserve_readings(Path(path), texts)
    systems["pypinyin"] = pypinyin_readings(texts)
    by_text = {t: i for i, t in enumerate(texts)}
    report = {"labels": len(rows), "sentences": len(texts), "systems": {}}
    for name, got in systems.items():
        per_char: dict[str, list[int]] = {"一": [0, 0], "不": [0, 0]}
        per_set: dict[str, list[int]] = {}
        misses = []
        for stem, sent, idx, ch, reading in rows:
            said = got[by_text[sent]].get(idx)
            per_char[ch][1] += 1
            per_set.setdefault(stem, [0, 0])[1] += 1
            if said == reading:
                per_char[ch][0] += 1
                per_set[stem][0] += 1
            else:
                misses.append(f"{stem}: {sent} [{idx}] {ch}: {said} (label {reading})")
        right = sum(v[0] for v in per_char.values())
        report["systems"][name] = {"right": right, "of": len(rows), "pct": round(100 * right / len(rows), 1),
                                   "by_char": {c: {"right": v[0], "of": v[1]} for c, v in per_char.items()},
                                   "by_set": {k: {"right": v[0], "of": v[1]} for k, v in per_set.items()},
                                   "misses": misses}
        print(f"{name:10s} {right}/{len(rows)} ({100 * right / len(rows):.1f}%)  "
              + "  ".join(f"{c} {v[0]}/{v[1]}" for c, v in per_char.items()) + "  |  "
              + "  ".join(f"{k.rsplit('_', 1)[-1]} {v[0]}/{v[1]}" for k, v in per_set.items()))
        if args.show_misses:
            for m in misses:
                print("   ", m)
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
