"""The silence before a response's first sound, with and without the default voice's `response_lead`.

The Baker model starts every call with a `sil` symbol whose predicted length depends on the first syllable, so
some responses began with 0.2-0.3 s of silence. `response_lead` (README, "Voices") keeps 0.05 s of it on a
response's first call. This runs every text as one request through the engine on the CPU, once with the voice as
served and once with a copy of it without the option, and reports per text:

- the silence before the first and after the last 10 ms frame within `--floor-db` of the loudest (what a listener
  hears as silence), both ways;
- the loudest 10 ms frame of the samples left out, in dB relative to the response's loudest (how much sound the
  trim could have cut);
- whether the rest of the response is the same audio: the largest sample difference between the served response
  and the unchanged one from the cut on;
- for texts of several sentences: the pauses between them (`intelligibility.pause_runs`), both ways (they can
  differ by one 10 ms frame: the frames are counted from the response's first sample, which moves with the cut).

Texts: the distillation recipe's 50 fresh test sentences and the intelligibility set's [short] ones, one request
each, then `--pairs` requests of two [short] sentences.

    python bench/response_lead.py --json bench/results/response_lead_cpu.json
"""

from __future__ import annotations

import argparse
import asyncio
import json
import platform
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import torch
import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from intelligibility import pause_runs  # noqa: E402
from kokoro_edges import ends_s, frame_db  # noqa: E402
from timestamps import sentences as intelligibility_sentences  # noqa: E402


def texts(pairs: int) -> tuple[list[str], list[str]]:
    fresh = [t.strip() for t in (ROOT / "recipes" / "distill" / "fresh_test.txt").read_text(encoding="utf-8")
             .splitlines() if t.strip() and not t.startswith("#")]
    short = intelligibility_sentences()[:20]  # the [short] section
    return fresh + short, [short[i] + short[i + 1] for i in range(0, min(2 * pairs, len(short) - 1), 2)]


def synthesize_all(weights: Path, voice: str, all_texts: list[str], threads: int) -> list[tuple[np.ndarray, int]]:
    from ttsserve.engine.engine import Engine, SynthesisRequest
    from ttsserve.settings import load_settings
    from ttsserve.telemetry import Telemetry

    engine = Engine(load_settings(device="cpu", warmup=False, weights_dir=weights, torch_threads=threads,
                                  default_voice=voice), Telemetry())
    engine.start()
    try:
        out = []
        for text in all_texts:
            r = asyncio.run(engine.synthesize(SynthesisRequest(text=text, voice=voice)))
            out.append((np.asarray(r.audio, dtype=np.float64), r.sample_rate_hz))
        return out
    finally:
        engine.stop()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--weights", default=str(ROOT / "weights"))
    ap.add_argument("--voice", default="baker")
    ap.add_argument("--pairs", type=int, default=10)
    ap.add_argument("--floor-db", type=float, default=-45.0, help="silence: this far below the loudest 10 ms frame")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--json")
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    singles, doubles = texts(args.pairs)
    all_texts = singles + doubles
    t0 = time.time()
    with tempfile.TemporaryDirectory() as tmp:
        plain = Path(tmp) / args.voice  # the same weights, the model's own lead
        shutil.copytree(Path(args.weights) / args.voice, plain, symlinks=True)
        manifest = yaml.safe_load((plain / "voice.yaml").read_text(encoding="utf-8"))
        manifest["acoustic"].pop("response_lead", None)
        (plain / "voice.yaml").write_text(yaml.safe_dump(manifest, allow_unicode=True, sort_keys=False),
                                          encoding="utf-8")
        before = synthesize_all(Path(tmp), args.voice, all_texts, args.threads)
    served = synthesize_all(Path(args.weights), args.voice, all_texts, args.threads)
    rows = []
    for text, (old, rate), (new, _) in zip(all_texts, before, served):
        cut = len(old) - len(new)
        left_out = old[:cut]
        (old_before, old_after), (new_before, new_after) = (ends_s(x, rate, args.floor_db) for x in (old, new))
        rows.append({
            "text": text, "seconds_before": round(len(old) / rate, 3), "left_out_s": round(cut / rate, 4),
            "silence_before_s": old_before, "served_silence_before_s": new_before,
            "silence_after_s": old_after, "served_silence_after_s": new_after,
            "loudest_left_out_db": (round(float(frame_db(left_out, rate).max() - frame_db(old, rate).max()), 1)
                                    if cut >= rate // 100 else None),
            "rest_max_abs_diff": round(float(np.abs(new - old[cut:]).max()), 6) if cut >= 0 else None,
            **({"pauses_s": [p[1] for p in pause_runs(old, rate, floor_db=args.floor_db)],
                "served_pauses_s": [p[1] for p in pause_runs(new, rate, floor_db=args.floor_db)]}
               if text in doubles else {}),
        })

    def summary(key: str, subset: list[dict]) -> dict:
        v = [r[key] for r in subset]
        return {"median": round(statistics.median(v), 3), "p90": round(float(np.percentile(v, 90)), 3), "max": max(v)}

    one = rows[: len(singles)]
    left = [r["loudest_left_out_db"] for r in rows if r["loudest_left_out_db"] is not None]
    result = {
        "command": "python bench/response_lead.py " + " ".join(sys.argv[1:]),
        "machine": f"{platform.machine()} {platform.processor() or ''}".strip() + f", torch {torch.__version__}, "
                   f"{args.threads} threads",
        "voice": args.voice, "floor_db": args.floor_db, "responses": len(rows),
        "silence_before_s": summary("silence_before_s", one), "served_silence_before_s": summary("served_silence_before_s", one),
        "silence_after_s": summary("silence_after_s", one), "served_silence_after_s": summary("served_silence_after_s", one),
        "left_out_s": summary("left_out_s", rows),
        "trimmed_responses": sum(r["left_out_s"] > 0 for r in rows),
        "loudest_left_out_db_max": max(left) if left else None,
        "rest_max_abs_diff_max": max(r["rest_max_abs_diff"] for r in rows),
        # the 10 ms frame grid moves with the cut: a pause can read one frame longer or shorter
        "pauses_max_change_s": round(max(max(abs(a - b) for a, b in zip(r["pauses_s"], r["served_pauses_s"]))
                                         for r in rows if "pauses_s" in r), 3),
        "pauses_s": [r["pauses_s"] for r in rows if "pauses_s" in r],
        "per_response": rows,
        "seconds": round(time.time() - t0, 1),
    }
    print(json.dumps({k: v for k, v in result.items() if k not in ("per_response", "pauses_s")}, ensure_ascii=False))
    if args.json:
        Path(args.json).write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
