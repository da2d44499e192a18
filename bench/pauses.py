"""The pauses inside one synthesized text, for voice folders that differ in their segmentation settings.

Each `NAME=DIR` (a weights folder holding the voice) synthesizes the text in process on the CPU; the audio's silent
stretches (`intelligibility.pause_runs`: 10 ms frames more than `--floor-db` below the loudest frame, at least
50 ms, not at either end) are listed with where they start and how long they last, next to the audio's length. Used for Kokoro's cuts
(docs/benchmarks.md, "Kokoro-82M"): a cut call said as a sentence end pauses 1.4-1.6 s; read with context
(`segmentation.context_syllables`) it pauses as the whole sentence does.

    python bench/pauses.py --voice kokoro --speaker zm_yunjian --text "..." \
        --dirs whole=weights cut=/tmp/w_cut --json bench/results/kokoro_pauses_cpu.json
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))


def main() -> None:
    from intelligibility import pause_runs

    from ttsserve.engine.engine import Engine, SynthesisRequest
    from ttsserve.settings import load_settings
    from ttsserve.telemetry import Telemetry

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--text", required=True)
    ap.add_argument("--voice", required=True)
    ap.add_argument("--speaker")
    ap.add_argument("--dirs", nargs="+", required=True, help="NAME=weights folder")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--floor-db", type=float, default=-45.0)
    ap.add_argument("--json")
    args = ap.parse_args()
    rows = []
    for item in args.dirs:
        name, _, folder = item.partition("=")
        engine = Engine(load_settings(device="cpu", warmup=False, torch_threads=args.threads,
                                      weights_dir=Path(folder), default_voice=args.voice), Telemetry())
        engine.start()
        try:
            r = asyncio.run(engine.synthesize(SynthesisRequest(text=args.text, voice=args.voice, speaker=args.speaker)))
        finally:
            engine.stop()
        audio = np.asarray(r.audio, dtype=np.float64)
        found = pause_runs(audio, r.sample_rate_hz, floor_db=args.floor_db, min_s=0.05)
        rows.append(dict(name=name, weights=folder, audio_s=round(len(audio) / r.sample_rate_hz, 2),
                         pauses=[dict(at_s=a, length_s=b) for a, b in found]))
        print(f"{name}: {rows[-1]['audio_s']} s, pauses " + ", ".join(f"{b:.2f} s at {a:.2f}" for a, b in found),
              flush=True)
    if args.json:
        Path(args.json).write_text(json.dumps(dict(command=" ".join(["python", *sys.argv]), text=args.text,
                                                   voice=args.voice, speaker=args.speaker, floor_db=args.floor_db,
                                                   rows=rows), ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
