"""What a frontend change does to ordinary text: every sentence the repository holds (the polyphone in-word set, the
intelligibility set, both `fresh_test` files of recipes/distill and the first 3,000 sentences of its training
corpus) through two checkouts' frontends, the sentences whose normalized text or syllables differ printed for a
person to read, with a count of each syllable change. Each checkout runs in its own process (its `src` first on the
path), so an older one can be a `git worktree`.

usage: python bench/frontend_diff.py OLD_SRC [NEW_SRC (default: this checkout's src)] [--json FILE]
"""

from __future__ import annotations

import argparse
import collections
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FILES = ("bench/data/polyphones.tsv", "bench/data/intelligibility_zh.txt", "recipes/distill/fresh_test.txt",
         "recipes/distill/fresh_test2.txt")
CORPUS_SENTENCES = 3000

READ = """
import json, sys, warnings
warnings.simplefilter("ignore")
sys.path.insert(0, {src!r})
from ttsserve.errors import TextError
from ttsserve.frontend import MandarinFrontend
from ttsserve.frontend.normalize import normalize
fe, out = MandarinFrontend(max_sentence_chars=60), []
for s in json.load(sys.stdin):
    try:
        py = " ".join(x.pinyin for sent in fe.process(s).sentences for x in sent.syllables)
    except TextError as e:
        py = "error: " + str(e)
    out.append([normalize(s), py])
print(json.dumps(out, ensure_ascii=False))
"""


def sentences() -> list[str]:
    out = []
    for name in FILES:
        for line in (ROOT / name).read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                out.append(line.split("\t")[0].strip())
    sys.path.insert(0, str(ROOT / "recipes" / "distill"))
    import distill  # (after the checkouts' own processes: it puts this checkout's src on the path)

    return out + list(distill.splits()[0])[:CORPUS_SENTENCES]


def read(src: Path, texts: list[str]) -> list[list[str]]:
    out = subprocess.run([sys.executable, "-c", READ.format(src=str(src.resolve()))], input=json.dumps(texts),
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("old_src")
    ap.add_argument("new_src", nargs="?", default=str(ROOT / "src"))
    ap.add_argument("--json")
    args = ap.parse_args(argv)
    texts = sentences()
    old, new = read(Path(args.old_src), texts), read(Path(args.new_src), texts)
    changes: collections.Counter = collections.Counter()
    rows = []
    for text, (n0, p0), (n1, p1) in zip(texts, old, new):
        if (n0, p0) == (n1, p1):
            continue
        a, b = p0.split(), p1.split()
        diff = [f"{x}->{y}" for x, y in zip(a, b) if x != y] if len(a) == len(b) else [f"{p0} -> {p1}"]
        changes.update(diff)
        rows.append({"text": text, "normalized": [n0, n1] if n0 != n1 else n0, "syllables": diff})
        print(text, "|", n0, "->", n1 if n0 != n1 else "(same text)", "|", " ".join(diff))
    print(f"{len(rows)} of {len(texts)} sentences changed; syllable changes: {dict(changes.most_common())}")
    if args.json:
        Path(args.json).write_text(json.dumps({"sentences": len(texts), "changed": rows,
                                               "syllable_changes": dict(changes.most_common())},
                                              ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
