"""Text normalization on held-out sentences: ttsserve's frontend (this checkout, and optionally an older one) beside
WeTextProcessing (WeNet's FST-based Chinese normalizer, the maintained library we would use instead of our own
rules), scored against readings a person accepted (`bench/data/tn_heldout.tsv`: sentence, then the accepted
readings separated by `|`). A case counts as right when a system's output equals one accepted reading once
punctuation and spaces are removed from both (WeTextProcessing writes ASCII punctuation; where the pause goes is not
what is scored).

Each system runs in its own process, so each may live in its own environment:
- `--old-src DIR=LABEL`: an older ttsserve's `src` (e.g. `git worktree add /tmp/old COMMIT`, then
  `--old-src /tmp/old/src=ttsserve@COMMIT`), as often as needed;
- `--wetext-python EXE`: a Python with `WeTextProcessing` installed (it needs pynini, so not in ttsserve's own
  environment: `python -m venv /tmp/wtp && /tmp/wtp/bin/pip install WeTextProcessing==1.2.0`).

usage: python bench/tn_compare.py [--old-src DIR=LABEL ...] [--wetext-python EXE] [--show-misses] [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CASES = ROOT / "bench" / "data" / "tn_heldout.tsv"

# Each runner reads one JSON list of sentences on stdin and writes one JSON list of readings, or an object with the
# readings and the system's spelling of Latin letters (ttsserve speaks "GDP" through Chinese syllables, its voices'
# phone set: a letter in an accepted reading is then also accepted as that spelling; how a letter is spoken is the
# TTS system's own choice, not text normalization).
TTSSERVE = """
import json, sys, warnings
warnings.simplefilter("ignore")
sys.path.insert(0, {src!r})
import importlib; tn = importlib.import_module("ttsserve.frontend.normalize")
print(json.dumps({{"readings": [tn.normalize(t) for t in json.load(sys.stdin)], "letters": getattr(tn, "LETTERS", {{}})}},
                 ensure_ascii=False))
"""
WETEXT = """
import json, logging, sys
logging.disable(logging.CRITICAL)
from tn.chinese.normalizer import Normalizer
n = Normalizer()
print(json.dumps([n.normalize(t) for t in json.load(sys.stdin)], ensure_ascii=False))
"""


def load_cases(path: Path) -> list[tuple[str, list[str]]]:
    cases = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            sentence, accepted = line.split("\t")
            cases.append((sentence, accepted.split("|")))
    return cases


def bare(text: str) -> str:
    """The reading without punctuation and spaces."""
    return "".join(ch for ch in text if not unicodedata.category(ch).startswith(("P", "Z")) and not ch.isspace())


def spelled(reading: str, letters: dict[str, str]) -> str:
    """An accepted reading with each Latin letter as the system spells it."""
    return "".join(letters.get(ch.upper(), ch) if ch.isascii() and ch.isalpha() else ch for ch in reading)


def run(python: str, code: str, sentences: list[str]) -> tuple[list[str], dict[str, str]]:
    """The system's readings and its spelling of Latin letters ({} when it keeps them as written)."""
    out = subprocess.run([python, "-c", code], input=json.dumps(sentences, ensure_ascii=False), capture_output=True,
                         text=True, check=True, cwd=ROOT)
    got = json.loads(out.stdout.strip().splitlines()[-1])
    return (got["readings"], got["letters"]) if isinstance(got, dict) else (got, {})


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cases", default=str(CASES))
    ap.add_argument("--old-src", action="append", default=[],
                    help="an older ttsserve's src folder, as DIR or DIR=LABEL (repeatable)")
    ap.add_argument("--wetext-python", help="a Python with WeTextProcessing installed")
    ap.add_argument("--show-misses", action="store_true")
    ap.add_argument("--json")
    args = ap.parse_args(argv)
    cases = load_cases(Path(args.cases))
    sentences = [s for s, _ in cases]
    systems = {"ttsserve": (sys.executable, TTSSERVE.format(src=str(ROOT / "src")))}
    for spec in args.old_src:
        folder, _, label = spec.partition("=")
        systems[label or f"ttsserve ({folder})"] = (sys.executable, TTSSERVE.format(src=str(Path(folder).resolve())))
    if args.wetext_python:
        systems["WeTextProcessing"] = (args.wetext_python, WETEXT)
    commit = subprocess.run(["git", "describe", "--always", "--dirty"], capture_output=True, text=True, cwd=ROOT).stdout.strip()
    report: dict = {"command": "python bench/tn_compare.py " + " ".join(argv if argv is not None else sys.argv[1:]),
                    "ttsserve_commit": commit, "cases": len(cases), "systems": {}}
    for name, (python, code) in systems.items():
        outputs, letters = run(python, code, sentences)
        right = [bare(out) in {bare(r) for a in accepted for r in (a, spelled(a, letters))}
                 for out, (_, accepted) in zip(outputs, cases)]
        report["systems"][name] = {"right": sum(right), "of": len(cases),
                                   "misses": [{"sentence": s, "output": o, "accepted": a}
                                              for (s, a), o, ok in zip(cases, outputs, right) if not ok]}
        print(f"{name:18s} {sum(right)}/{len(cases)} ({100 * sum(right) / len(cases):.1f}%)")
        if args.show_misses:
            for miss in report["systems"][name]["misses"]:
                print(f"    miss: {miss['sentence']} -> {miss['output']}")
    if args.json:
        Path(args.json).write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
