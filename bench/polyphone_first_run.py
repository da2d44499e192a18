"""Replay a polyphone set's first run from the repository's history, counting its new sentences only.

Each held-out set `bench/data/polyphones_free_batchN.tsv` was first scored on the code of the commit before the one that
added it. Session 39 found sentences that repeat an earlier set's (a short everyday sentence is easily written twice);
the first-run figures recorded before then count them. This script takes, for each batch N given, the parent of the
commit that added the file, extracts its `src/` with `git archive`, and scores the batch as it stands now with that
code's G2P in a subprocess: on every row, and on the rows whose sentence no earlier free-standing set holds (the rule
of `bench/polyphone_eval.py --new-only`).

usage: python bench/polyphone_first_run.py 13 14 15 [--json FILE]
(needs the git history: a full clone; the figures recorded by hand in docs/benchmarks.md are the check: on every row
the replay gives the recorded first-run figure.)
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / "data"

# run under the old code: reads the rows, scores them with that code's G2P, prints JSON
_SCORER = r"""
import json, re, sys
from pathlib import Path
data, n = Path(sys.argv[1]), int(sys.argv[2])
hanzi = re.compile(r"[\u4e00-\u9fff]")
def load(name):
    rows = []
    for line in (data / name).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            sent, idx, ch, reading, *_ = line.split("\t")
            rows.append((sent, int(idx), "er5" if reading == "r5" else reading))
    return rows
seen = set()
for name in ["polyphones_free.tsv"] + [f"polyphones_free_batch{k}.tsv" for k in range(2, n)]:
    seen.update(r[0] for r in load(name))
from ttsserve.frontend import MandarinFrontend
g2p = MandarinFrontend().g2p
out = {"rows": 0, "right": 0, "new_rows": 0, "new_right": 0, "misses": []}
for sent, idx, ref in load(f"polyphones_free_batch{n}.tsv"):
    readings = g2p.readings(sent)
    at = [i for i, c in enumerate(sent) if hanzi.match(c)]
    got = dict(zip(at, readings)).get(idx, "?") if len(at) == len(readings) else "?"
    got = "er5" if got == "r5" else got
    new = sent not in seen
    out["rows"] += 1; out["right"] += got == ref
    out["new_rows"] += new; out["new_right"] += new and got == ref
    if got != ref:
        out["misses"].append([sent, ref, got, "new" if new else "repeat"])
print(json.dumps(out, ensure_ascii=False))
"""


def _git(*args: str) -> str:
    return subprocess.run(["git", *args], cwd=ROOT, check=True, capture_output=True, text=True).stdout.strip()


def replay(n: int) -> dict:
    path = f"bench/data/polyphones_free_batch{n}.tsv"
    added = _git("log", "--diff-filter=A", "--format=%H", "--", path).split()[-1]
    parent = _git("rev-parse", f"{added}^")
    with tempfile.TemporaryDirectory() as tmp:
        archive = subprocess.run(["git", "archive", parent, "src"], cwd=ROOT, check=True, capture_output=True).stdout
        subprocess.run(["tar", "-x", "-C", tmp], input=archive, check=True)
        run = subprocess.run([sys.executable, "-c", _SCORER, str(DATA), str(n)], capture_output=True, text=True,
                             env={**os.environ, "PYTHONPATH": str(Path(tmp) / "src")}, check=True)
    result = json.loads(run.stdout.strip().splitlines()[-1])
    return {"batch": n, "code": parent[:7], **result}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("batches", type=int, nargs="+")
    ap.add_argument("--json")
    args = ap.parse_args()
    results = []
    for n in args.batches:
        r = replay(n)
        results.append(r)
        print(f"batch {n} (code {r['code']}): {r['right']} of {r['rows']} on every row, "
              f"{r['new_right']} of {r['new_rows']} on new sentences", flush=True)
    if args.json:
        Path(args.json).write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
