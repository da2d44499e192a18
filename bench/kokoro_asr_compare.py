"""Kokoro as served against the original graph, per speaker, from `recipes/distill/asr_eval.py transcribe` JSONs
of `bench/kokoro_asr.py` runs (issue 19's target: every speaker within 0.5 points of the original).

Each input is `FILE` or `FILE:RENAME=NAME,...` (a system's clips renamed, e.g. a run whose onnx-int8 clips were
cut by the port's edges: `run.json:onnx-int8=onnx-int8-cut`); runs on different sentence sets are pooled by
(sentence text, speaker); a voice is SYSTEM:SPEAKER, MODE:FOLDER:SPEAKER (`asr_eval.py`'s copy:/am: forms: the
system is MODE:FOLDER) or one speaker's voice named alone (baker). Per speaker and system: syllable error rate over
the pooled syllables; per pair (the served port against each other system): the difference in points with a paired bootstrap 95% interval over
sentences (resampling sentences, both systems together), on the sentences both systems have; and the same over
every speaker's sentences pooled (`all_speakers_paired`).

usage: python bench/kokoro_asr_compare.py RUN.json [RUN2.json:onnx-int8=onnx-int8-cut ...] [--base kokoro]
           [--json OUT]
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import sys
from collections import defaultdict
from pathlib import Path


def load(spec: str) -> list[dict]:
    path, _, renames = spec.partition(":")
    rename = dict(r.split("=", 1) for r in renames.split(",") if r)
    raw = Path(path).read_bytes()
    clips = json.loads(gzip.decompress(raw) if path.endswith(".gz") else raw)["clips"]  # (transcripts kept gzipped)
    out = []
    for c in clips:
        # SYSTEM:SPEAKER (kokoro:zm_yunxi), MODE:FOLDER:SPEAKER (copy:zh-s43:baker: system copy:zh-s43), or a voice
        # of one speaker named alone (baker: system and speaker baker)
        system, _, speaker = c["voice"].rpartition(":")
        system = system or speaker
        out.append(dict(system=rename.get(system, system), speaker=speaker, text=c["text"],
                        edits=c["syllable_edits"], syllables=c["ref_syllables"], source=path))
    return out


def paired_difference(pairs: list[tuple[int, int, int]], boot: int, rng: random.Random) -> tuple[float, float, float]:
    """(base edits, other edits, syllables) per sentence -> the base's error rate minus the other's, in points, and
    its paired bootstrap 95% interval (sentences resampled, both systems together)."""
    diff = 100 * (sum(p[0] for p in pairs) - sum(p[1] for p in pairs)) / sum(p[2] for p in pairs)
    boots = []
    for _ in range(boot):
        sample = [pairs[rng.randrange(len(pairs))] for _ in pairs]
        boots.append(100 * (sum(p[0] for p in sample) - sum(p[1] for p in sample)) / sum(p[2] for p in sample))
    boots.sort()
    return diff, boots[int(0.025 * boot)], boots[int(0.975 * boot) - 1]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("runs", nargs="+")
    ap.add_argument("--base", default="kokoro", help="the system the others are compared with")
    ap.add_argument("--boot", type=int, default=10000)
    ap.add_argument("--json")
    args = ap.parse_args(argv)
    table: dict[tuple[str, str], dict[str, tuple[int, int]]] = defaultdict(dict)  # (system, speaker) -> text -> (e, n)
    for spec in args.runs:
        for c in load(spec):
            key = (c["system"], c["speaker"])
            if c["text"] in table[key]:
                raise SystemExit(f"{c['text']!r} twice for {key}: pool runs on different sentences")
            table[key][c["text"]] = (c["edits"], c["syllables"])
    systems = sorted({s for s, _ in table})
    speakers = sorted({p for _, p in table})
    rng = random.Random(0)
    rows, report = [], {"command": "python " + " ".join([sys.argv[0], *(argv if argv is not None else sys.argv[1:])]),
                        "base": args.base, "speakers": {}}
    for spk in speakers:
        entry = {}
        base = table.get((args.base, spk), {})
        for system in systems:
            got = table.get((system, spk), {})
            e, n = sum(v[0] for v in got.values()), sum(v[1] for v in got.values())
            entry[system] = {"sentences": len(got), "syllables": n, "edits": e, "syler_pct": round(100 * e / n, 2) if n else None}
            common = sorted(set(got) & set(base))
            if system == args.base or not common:
                continue
            diff, lo, hi = paired_difference([(base[t][0], got[t][0], base[t][1]) for t in common], args.boot, rng)
            entry[f"{args.base}_minus_{system}"] = {"sentences": len(common), "points": round(diff, 2),
                                                    "ci95": [round(lo, 2), round(hi, 2)],
                                                    "at_most_0_5_worse": diff <= 0.5}
            rows.append(f"{spk:12s} {args.base} - {system:14s} {diff:+6.2f} pts  95% [{lo:+.2f}, {hi:+.2f}]  "
                        f"({len(common)} sentences)")
        report["speakers"][spk] = entry
        rows.append(f"{spk:12s} " + "  ".join(f"{s} {entry[s]['syler_pct']}%" for s in systems if entry[s]["syllables"]))
    for system in systems:  # every speaker's sentences pooled: the difference and its interval over them all
        base_all = {(p, t): v for p in speakers for t, v in table.get((args.base, p), {}).items()}
        got_all = {(p, t): v for p in speakers for t, v in table.get((system, p), {}).items()}
        common = sorted(set(base_all) & set(got_all))
        if system == args.base or not common:
            continue
        diff, lo, hi = paired_difference([(base_all[k][0], got_all[k][0], base_all[k][1]) for k in common],
                                         args.boot, rng)
        report.setdefault("all_speakers_paired", {})[f"{args.base}_minus_{system}"] = {
            "pairs": len(common), "points": round(diff, 2), "ci95": [round(lo, 2), round(hi, 2)]}
        rows.append(f"all speakers {args.base} - {system:14s} {diff:+6.2f} pts  95% [{lo:+.2f}, {hi:+.2f}]  "
                    f"({len(common)} sentence-speaker pairs)")
    for system in systems:
        e = sum(table[(system, p)][t][0] for p in speakers if (system, p) in table for t in table[(system, p)])
        n = sum(table[(system, p)][t][1] for p in speakers if (system, p) in table for t in table[(system, p)])
        report.setdefault("all_speakers", {})[system] = {"syllables": n, "edits": e, "syler_pct": round(100 * e / n, 2)}
        rows.append(f"all speakers {system}: {100 * e / n:.2f}% ({e}/{n})")
    print("\n".join(rows))
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
