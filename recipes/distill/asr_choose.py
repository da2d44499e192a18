"""Choose among the multi-speaker student's acoustic-model checkpoints by what issue 19's target measures: the
recognizer's syllable errors of the whole student (acoustic model + the given vocoder), every speaker, on sentences
held out from training and kept apart from the test sets (`fresh_choose.txt`), rather than by the validation mel L1
the trainer keeps `am.pth` by (sessions 50-51: a validation gain the recognizer did not hear).

    .venv/bin/python recipes/distill/asr_choose.py --out /work/eval/choose52 --voc RUN/voc.pth \\
        --stats RUN/kokoro_stats.json --asr-python /work/asr-venv/bin/python \\
        start=RUN0/am.pth s16282=RUN/am_s016282.pth last=RUN/am_last.pth

The first candidate is the one the others are read against (the checkpoint the call started from). Per candidate:
a run folder (its am.pth, the shared voc.pth and kokoro_stats.json), `distill.py export --kokoro` into `--weights`
as voice `zh-choose-NAME`, `asr_eval.py synth` (project venv, CPU) of the first `--sentences` sentences of
`--texts` for every speaker of the voice, `asr_eval.py transcribe` under `--asr-python` (the recognizer's venv),
kept under `--out/NAME/` and `--out/NAME.json` so that a run cut short goes on where it stopped. Then
`bench/kokoro_asr_compare.py` over all of them (per speaker, pooled, paired bootstrap against the first); the
choice is the lowest pooled syllable error, written with the comparison to `--out/choice.json`. A difference
inside its interval is no reason to leave the first: `choice.json` says whether the lowest is outside it.

On 2 CPU cores one candidate of 40 sentences x 9 speakers took 20 minutes in session 52 (synth and transcribe about
half each, beside other work on the same cores).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
NAME = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


def parse_candidates(specs: list[str]) -> list[tuple[str, Path]]:
    """NAME=PATH pairs, in order; names distinct, lower-case letters, digits, '-' and '_' (they become voice names)."""
    out: list[tuple[str, Path]] = []
    for spec in specs:
        name, sep, path = spec.partition("=")
        if not sep or not NAME.match(name) or not path:
            raise SystemExit(f"candidate {spec!r}: NAME=PATH, NAME of lower-case letters, digits, '-' or '_'")
        if name in {n for n, _ in out}:
            raise SystemExit(f"candidate {name!r} given twice")
        out.append((name, Path(path)))
    if len(out) < 2:
        raise SystemExit("give at least two candidates: the starting checkpoint first, then those to read against it")
    return out


def choose(report: dict, base: str) -> dict:
    """The comparison's report -> the candidate with the lowest pooled syllable error, and whether its difference
    from `base` lies outside the paired interval (a candidate inside it is no better than the start)."""
    pooled = {s: v["syler_pct"] for s, v in report["all_speakers"].items()}
    best = min(pooled, key=lambda s: (pooled[s], s != base))  # a tie keeps the base
    paired = report.get("all_speakers_paired", {}).get(f"{base}_minus_{best}")
    return {"pooled_syler_pct": pooled, "lowest": best,
            "lowest_minus_base_points": None if paired is None else -paired["points"],
            "ci95_base_minus_lowest": None if paired is None else paired["ci95"],
            "outside_noise": bool(paired and paired["ci95"][0] > 0)}


def run(cmd: list[str], log: Path) -> None:
    print("+", " ".join(cmd), flush=True)
    with log.open("w") as f:
        if subprocess.call(cmd, stdout=f, stderr=subprocess.STDOUT, cwd=ROOT) != 0:
            raise SystemExit(f"failed: {' '.join(cmd)} (see {log})")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("candidates", nargs="+", metavar="NAME=AM_PTH", help="the starting checkpoint first")
    ap.add_argument("--out", required=True, help="folder for runs, WAVs, transcripts and choice.json")
    ap.add_argument("--voc", required=True, help="the vocoder every candidate is read with (voc.pth)")
    ap.add_argument("--stats", required=True, help="the run's kokoro_stats.json (its pitch/energy scale)")
    ap.add_argument("--kokoro", default=str(ROOT / "weights" / "kokoro"))
    ap.add_argument("--weights", help="voice folders to export into (default OUT/weights, with baker and kokoro "
                                      "linked from the repository's weights/)")
    ap.add_argument("--texts", default=str(HERE / "fresh_choose.txt"))
    ap.add_argument("--sentences", type=int, default=40)
    ap.add_argument("--speakers", help="comma-separated (default: every speaker of the voice)")
    ap.add_argument("--asr-python", required=True, help="the recognizer venv's python (asr_eval.py transcribe)")
    ap.add_argument("--threads", type=int, default=2)
    args = ap.parse_args(argv)

    cands = parse_candidates(args.candidates)
    for _, path in cands:
        if not path.is_file():
            raise SystemExit(f"no such checkpoint: {path}")
    out = Path(args.out).resolve()
    out.mkdir(parents=True, exist_ok=True)
    weights = Path(args.weights).resolve() if args.weights else out / "weights"
    weights.mkdir(parents=True, exist_ok=True)
    for voice in ("baker", "kokoro"):  # synth's engine reads the teachers' folders beside the exported voice
        link = weights / voice
        if not link.exists():
            link.symlink_to(Path(args.kokoro).resolve() if voice == "kokoro" else ROOT / "weights" / voice)
    if args.speakers:
        speakers = args.speakers.split(",")
    else:  # every speaker of the voice, as `distill.py export --kokoro` writes it
        sys.path.insert(0, str(HERE))
        import distill

        speakers = distill.speaker_names_of(Path(args.kokoro))
    py = sys.executable
    for name, am in cands:
        voice, folder = f"zh-choose-{name}", out / name
        result = out / f"{name}.json"
        if result.exists():
            print(f"{name}: read already ({result})")
            continue
        rundir = out / "runs" / name
        rundir.mkdir(parents=True, exist_ok=True)
        for src, dst in ((am, "am.pth"), (Path(args.voc), "voc.pth"), (Path(args.stats), "kokoro_stats.json")):
            link = rundir / dst
            if link.is_symlink() or link.exists():
                link.unlink()
            link.symlink_to(src.resolve())
        run([py, str(HERE / "distill.py"), "export", "--run", str(rundir), "--kokoro", args.kokoro,
             "--weights", str(weights), "--name", voice], out / f"{name}_export.log")
        run([py, str(HERE / "asr_eval.py"), "synth", "--weights", str(weights), "--out", str(folder),
             "--texts", args.texts, "--sentences", str(args.sentences), "--emotions", "neutral",
             "--threads", str(args.threads), "--voices", ",".join(f"{voice}:{s}" for s in speakers)],
            out / f"{name}_synth.log")
        run([args.asr_python, str(HERE / "asr_eval.py"), "transcribe", "--dir", str(folder), "--json",
             str(out / f"{name}.partial.json"), "--threads", str(args.threads)], out / f"{name}_transcribe.log")
        os.replace(out / f"{name}.partial.json", result)
    sys.path.insert(0, str(ROOT / "bench"))
    import kokoro_asr_compare

    base = f"zh-choose-{cands[0][0]}"
    compare = out / "compare.json"
    kokoro_asr_compare.main([str(out / f"{n}.json") for n, _ in cands] + ["--base", base, "--json", str(compare)])
    verdict = choose(json.loads(compare.read_text(encoding="utf-8")), base)
    verdict.update(candidates={f"zh-choose-{n}": str(p) for n, p in cands}, texts=args.texts,
                   sentences=args.sentences, speakers=speakers, vocoder=args.voc)
    (out / "choice.json").write_text(json.dumps(verdict, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    low = verdict["lowest"]
    said = ("the start is the lowest" if low == base else
            f"{'outside' if verdict['outside_noise'] else 'inside'} the noise against {base}")
    print(f"lowest: {low} ({verdict['pooled_syler_pct'][low]}%), {said}; {out / 'choice.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
