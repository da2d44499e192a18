"""Measure what scaling Kokoro's energy curve N does to the audio, and derive the voice's `energy_response`
(the `acoustic:` option `ttsserve.pipeline.kokoro` reads: N scale -> level change in dB).

Kokoro's prosody predictor gives, beside f0, an energy curve N per half frame that the decoder reads (the model's
vocal effort). The served path scales it by the `energy` control. Here every speaker of the voice says the same
sentences at neutral and at each scale, through the engine in-process on the CPU, from a copy of the voice's
manifest without its calibration and with one emotion per scale (`energy: <scale>`), so each point is exactly
what a request with that factor gets. Measured per speaker and scale (bench/prosody_metrics.py): level (dBFS
over active frames) relative to neutral, median f0 ratio, voiced fraction, spectral balance (2-6 kHz over
0-1 kHz). The response is the speakers' mean level change per scale, over the strictly increasing run around
1.0 of "clean" points (every speaker's voiced fraction >= 90% of its neutral's and median f0 within 5%).
`--analyze JSON` derives the response again from a result file's rows.

usage: python bench/kokoro_energy.py [--voice kokoro] [--scales 0.25,0.5,...] [--sentences 4] [--threads 2]
           [--json bench/results/kokoro_energy_cpu.json] [--analyze JSON]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import tempfile
import time
from pathlib import Path

import torch
import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from prosody_metrics import relative, summarize  # noqa: E402
from prosody_styles import SENTENCES, git_head  # noqa: E402

SCALES = [0.25, 0.5, 0.75, 1.25, 1.5, 2.0]
# A clean point: voicing >= 90% of neutral's and median f0 within 5% (the tracker's median over 4 sentences of a
# low male voice moves by up to 3.2% between neighbouring points: octave errors, not the voice)
MIN_VOICED, MAX_F0_MOVE = 0.9, 0.05


def probe_voice(src: Path, dst: Path, scales: list[float]) -> None:
    """`dst`: the voice's files linked, its manifest without `energy_response` and with emotions e<scale>."""
    dst.mkdir(parents=True)
    for f in src.iterdir():
        if f.name != "voice.yaml":
            (dst / f.name).symlink_to(f.resolve())
    manifest = yaml.safe_load((src / "voice.yaml").read_text(encoding="utf-8"))
    manifest["acoustic"].pop("energy_response", None)
    manifest["emotions"] = {"neutral": {"description": "as trained"},
                            **{f"e{s}": {"energy": s, "description": f"N x {s}"} for s in scales}}
    manifest["default_emotion"] = "neutral"
    (dst / "voice.yaml").write_text(yaml.safe_dump(manifest, allow_unicode=True, sort_keys=False), encoding="utf-8")


def response(rows: list[dict], scales: list[float]) -> dict:
    """Mean level change per scale over the clean, strictly increasing run around 1.0."""
    points = {1.0: (0.0, True)}
    for s in scales:
        at = [r for r in rows if r["scale"] == s]
        clean = all(r["voiced_fraction"] >= MIN_VOICED * r["neutral_voiced_fraction"]
                    and abs(r["median_f0_ratio"] - 1.0) <= MAX_F0_MOVE for r in at)
        points[s] = (sum(r["level_db"] for r in at) / len(at), clean)
    xs = sorted(points)
    i0 = xs.index(1.0)
    run = [1.0]
    for x in xs[i0 + 1:]:  # upwards while clean and increasing
        if not points[x][1] or points[x][0] <= points[run[-1]][0]:
            break
        run.append(x)
    for x in reversed(xs[:i0]):
        if not points[x][1] or points[x][0] >= points[run[0]][0]:
            break
        run.insert(0, x)
    return {"scale": run, "db": [round(points[x][0], 2) for x in run],
            "all_points": {str(x): {"db": round(points[x][0], 3), "clean": points[x][1]} for x in xs}}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--voice", default="kokoro")
    ap.add_argument("--scales", default=",".join(map(str, SCALES)))
    ap.add_argument("--speakers", default="", help="comma-separated (default: all of the voice's)")
    ap.add_argument("--sentences", type=int, default=4)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--json")
    ap.add_argument("--analyze", help="a result file: derive its response again (and write it back)")
    args = ap.parse_args(argv)
    if args.analyze:
        done = json.loads(Path(args.analyze).read_text(encoding="utf-8"))
        scales = sorted({r["scale"] for r in done["rows"]})
        done["energy_response"] = resp = response(done["rows"], scales)
        done["criteria"] = {"min_voiced": MIN_VOICED, "max_f0_move": MAX_F0_MOVE}
        Path(args.analyze).write_text(json.dumps(done, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"energy_response: {{scale: {resp['scale']}, db: {resp['db']}}}")
        return 0

    from ttsserve.engine.engine import Engine, SynthesisRequest
    from ttsserve.settings import load_settings
    from ttsserve.telemetry import Telemetry
    from ttsserve.voices import load_manifest

    torch.set_num_threads(args.threads)
    scales = [float(s) for s in args.scales.split(",") if s]
    texts = SENTENCES[: args.sentences]
    tmp = Path(tempfile.mkdtemp(prefix="kokoro_energy_"))
    probe_voice(ROOT / "weights" / args.voice, tmp / args.voice, scales)
    manifest = load_manifest(tmp / args.voice)
    speakers = [s for s in args.speakers.split(",") if s] or list(manifest.speakers)
    sr = manifest.sample_rate_hz
    engine = Engine(load_settings(device="cpu", warmup=False, torch_threads=args.threads, weights_dir=tmp,
                                  default_voice=args.voice), Telemetry())
    engine.start()
    t0 = time.time()
    rows = []
    try:
        for speaker in speakers:
            def measure(emotion: str) -> dict:
                return summarize([asyncio.run(engine.synthesize(SynthesisRequest(
                    text=t, voice=args.voice, speaker=speaker, emotion=emotion))).audio for t in texts], sr)

            neutral = measure("neutral")
            for s in scales:
                row = measure(f"e{s}")
                rows.append({"speaker": speaker, "scale": s, **row, **relative(row, neutral),
                             "neutral_voiced_fraction": neutral["voiced_fraction"]})
                r = rows[-1]
                print(f"{speaker:12s} N x {s:4.2f}: level {r['level_db']:+6.2f} dB  f0 x{r['median_f0_ratio']:.3f}  "
                      f"voiced {r['voiced_fraction']:.2f} (neutral {neutral['voiced_fraction']:.2f})  "
                      f"duration x{r['duration_ratio']:.3f}  2-6/0-1 kHz {r['balance_change_db']:+.2f} dB", flush=True)
    finally:
        engine.stop()
    resp = response(rows, scales)
    print("acoustic:\n  energy_response:\n"
          f"    scale: {resp['scale']}\n    db: {resp['db']}")
    if args.json:
        out = {"command": "python " + " ".join([sys.argv[0], *(argv if argv is not None else sys.argv[1:])]),
               "device": "cpu", "threads": args.threads, "torch": torch.__version__, "sentences": texts,
               "git_head": git_head(), "seconds": round(time.time() - t0, 1), "energy_response": resp,
               "criteria": {"min_voiced": MIN_VOICED, "max_f0_move": MAX_F0_MOVE}, "rows": rows}
        Path(args.json).write_text(json.dumps(out, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
