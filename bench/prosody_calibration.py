"""Measure how a voice's acoustic model turns its normalized f0 and energy contours into audio, and derive the
prosody calibration its voice.yaml carries (`acoustic:` options read by `ttsserve.pipeline.contour`).

The model predicts f0 and energy per symbol as z-scores of its training normalization; the statistics are not in
the weights. This script measures them on the voice's own output (float32, deterministic inference):

1. regression: sentences at neutral; f0 of the audio (Praat autocorrelation, bench/prosody_metrics.py) averaged
   over each symbol's frames (the predicted durations align audio frames to symbols; symbols of >= 3 frames,
   >= 80% voiced) and regressed on the predicted normalized f0, in Hz and in log Hz (R^2 of both reported). The
   Hz fit gives `f0_mean_hz` (intercept) and `f0_std_hz` (slope).
2. response (interventions): every predicted f0 contour replaced by `scale * z + shift` (shifts x scales grid),
   every energy contour by `e + shift`; register (median f0), range (p10-p90 semitones), level (dB) and voiced
   fraction measured relative to neutral:
   - `range_exponent`: range ratio ~ scale ** exponent at shift 0 (least squares in logs);
   - `pitch_response`: at each shift, among the grid's points and the points interpolated (log scale) to range
     ratios 0.9, 1.0 and 1.1, the one that moves the register furthest while keeping the range within 10% of
     neutral's: its scale and its register. Only "clean" points (level within 2.5 dB of neutral, voiced fraction
     >= 90% of neutral's) count, and the curve is the strictly increasing run around shift 0: its ends are the
     registers the model still produces cleanly with its range kept;
   - `energy_response`: level change per energy shift, the increasing run around 0 (voiced fraction >= 75%).

Synthesis and analysis can run on different machines (the f0 tracker is only needed for the analysis):

    python bench/prosody_calibration.py ids --voice V --out ids.json       # frontend: text -> symbol ids
    python bench/prosody_calibration.py synth --voice V --ids ids.json --out audio.npz [--device cuda]
    python bench/prosody_calibration.py analyze --voice V --audio audio.npz --json result.json
    python bench/prosody_calibration.py all --voice V --json result.json  # the three in one process

`synth` needs torch and the stage modules only (no frontend, no pydantic); it stores 4 kHz int16 audio for the
tracker and the per-frame RMS of the full-rate audio for the level. On a GPU it runs fp32 with TF32 off.
`analyze` prints the YAML block for the voice's `acoustic:` section.
"""

from __future__ import annotations

import argparse
import importlib
import json
import math
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

SHIFTS = [-3.0, -2.5, -2.0, -1.5, -1.0, -0.5, 0.0, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0]
SCALES = [0.5, 1.0, 1.5, 2.0]
ENERGY_SHIFTS = [-2.0, -1.5, -1.0, -0.5, 0.5, 1.0, 1.5, 2.0]
MAX_LEVEL_DB, MIN_VOICED = 2.5, 0.9  # a "clean" f0 point: level within 2.5 dB of neutral, voicing >= 90%
MIN_VOICED_ENERGY = 0.75  # an energy point: voicing >= 75% of neutral's (softer speech loses some voicing)
RANGE_TOLERANCE = 0.1  # the pitch path keeps the range within 10% of neutral's
TRACK_SR = 4000  # audio kept for the f0 tracker (f0 < 700 Hz: harmonics up to 2 kHz are plenty)


def read_texts(path: Path) -> list[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [t.strip() for t in lines if t.strip() and not t.lstrip().startswith(("#", "["))]


def texts() -> list[str]:
    """Sentences written for the project (recipes/distill/fresh_test.txt, bench/data/intelligibility_zh.txt) of
    at most 40 characters; none of them is used by bench/prosody_styles.py."""
    all_ = read_texts(ROOT / "recipes/distill/fresh_test.txt") + read_texts(ROOT / "bench/data/intelligibility_zh.txt")
    return [t for t in all_ if len(t) <= 40]


# ---------------------------------------------------------------------------------------------- ids
def cmd_ids(args) -> None:
    from ttsserve.pipeline.base import get_loader
    from ttsserve.voices import load_manifest, load_symbols

    m = load_manifest(ROOT / "weights" / args.voice)
    symbols, frontend = load_symbols(m), get_loader("frontend", "mandarin")({})
    ids = [symbols.encode(s) for t in texts() for s in frontend.process(t).sentences]
    Path(args.out).write_text(json.dumps({"voice": args.voice, "ids": ids}), encoding="utf-8")


# ---------------------------------------------------------------------------------------------- synth
class Probe:
    """A voice's stages with a hook on the f0 and energy predictors: records the f0 prediction and replaces the
    contours by `scale * value + shift` (padding kept at 0). The stage's own calibration is switched off, so the
    default Prosody() leaves the predictions as they are."""

    def __init__(self, voice: str, device: str) -> None:
        import torch

        from ttsserve.pipeline.base import StageSpec
        from ttsserve.pipeline.contour import ContourControl

        self.torch = torch
        if device.startswith("cuda"):
            torch.backends.cuda.matmul.allow_tf32 = False
            torch.backends.cudnn.allow_tf32 = False
        from ttsserve.voices import load_manifest

        m = load_manifest(ROOT / "weights" / voice)  # an alias resolves to its target's files and its speaker
        manifest = m.model_dump()
        self.speaker_id = m.speaker_id(None)

        def build(section: dict):
            # eager: a captured CUDA graph would replay the hooks' maps of its capture, not the current ones
            opts = {**{k: v for k, v in section.items() if k != "type"}, "cuda_graphs": False}
            module = importlib.import_module(f"ttsserve.pipeline.{section['type']}")
            return module.load(StageSpec(section["type"], m.dir, opts), device=device)

        self.am, self.voc = build(manifest["acoustic"]), build(manifest["vocoder"])
        self.am.control = ContourControl()
        self.f0_map, self.energy_map = (1.0, 0.0), (1.0, 0.0)
        self.captured = {}
        if manifest["acoustic"]["type"] == "fastspeech2":
            f0_mod, energy_mod = self.am.module.f0, self.am.module.energy

            def mapper(name):
                def hook(mod, args, out):  # args: (x, mask), mask True at real symbols
                    self.captured[name] = out.detach().clone()
                    a, b = getattr(self, name)
                    return out * a + b * args[1].to(out.dtype)
                return hook
        else:
            va = self.am.module.variance_adaptor
            f0_mod, energy_mod = va.pitch_predictor, va.energy_predictor

            def mapper(name):
                def hook(mod, args, out):  # args: (x, pad, lengths), pad True at padding
                    self.captured[name] = out.detach().clone()
                    a, b = getattr(self, name)
                    return (out * a + b).masked_fill(args[1], 0.0)
                return hook
        f0_mod.register_forward_hook(mapper("f0_map"))
        energy_mod.register_forward_hook(mapper("energy_map"))

    def synth(self, ids, f0=(1.0, 0.0), energy=(1.0, 0.0)):
        """One sentence alone -> (full-rate waveform, predicted normalized f0 (N,), durations (N,))."""
        from ttsserve.pipeline.base import AcousticInput

        with self.torch.inference_mode():
            self.f0_map, self.energy_map = tuple(f0), tuple(energy)
            out = self.am.infer([AcousticInput(symbol_ids=tuple(ids) if isinstance(ids[0], int)
                                               else tuple(tuple(r) for r in ids), speaker_id=self.speaker_id)])[0]
            wav = self.voc.infer(out.mel).float().cpu().numpy()
        return wav, self.captured["f0_map"][0].float().cpu().numpy(), out.durations.numpy()


def points(n_regression: int, n_response: int) -> list[dict]:
    """Every synthesis the analysis needs: the regression sentences at neutral, then the response grid."""
    pts = [{"kind": "regression", "f0": (1.0, 0.0), "energy": 0.0, "sentences": list(range(n_regression))}]
    resp = list(range(n_response))
    pts += [{"kind": "f0", "f0": (a, s), "energy": 0.0, "sentences": resp} for s in SHIFTS for a in SCALES]
    pts += [{"kind": "energy", "f0": (1.0, 0.0), "energy": e, "sentences": resp} for e in ENERGY_SHIFTS]
    return pts


def cmd_synth(args) -> None:
    from scipy.signal import resample_poly

    ids = json.loads(Path(args.ids).read_text(encoding="utf-8"))["ids"]
    probe = Probe(args.voice, args.device)
    sr, hop = probe.voc.sample_rate_hz, probe.voc.hop_length
    store: dict[str, np.ndarray] = {}
    t0 = time.time()
    pts = points(min(args.regression, len(ids)), min(args.sentences, len(ids)))
    for i, p in enumerate(pts):
        for j in p["sentences"]:
            wav, z, dur = probe.synth(ids[j], p["f0"], (1.0, p["energy"]))
            n = len(wav) // hop
            store[f"{i}/{j}/wav"] = np.clip(np.round(resample_poly(wav, TRACK_SR, sr) * 32767), -32768, 32767).astype(np.int16)
            store[f"{i}/{j}/power"] = (wav[: n * hop].astype(np.float64).reshape(n, hop) ** 2).mean(1).astype(np.float32)
            if p["kind"] == "regression":
                store[f"{i}/{j}/z"], store[f"{i}/{j}/dur"] = z.astype(np.float32), dur.astype(np.int32)
    meta = {"voice": args.voice, "device": args.device, "points": pts, "sample_rate_hz": sr, "hop": hop,
            "seconds": round(time.time() - t0, 1), "torch": probe.torch.__version__}
    np.savez_compressed(args.out, meta=np.array(json.dumps(meta)), **store)
    print(f"{len(pts)} points in {meta['seconds']} s -> {args.out}")


# ---------------------------------------------------------------------------------------------- analyze
def summarize_point(data, i: int, sentences: list[int]) -> dict:
    from prosody_metrics import track_f0

    f0 = np.concatenate([track_f0(data[f"{i}/{j}/wav"].astype(np.float64) / 32768, TRACK_SR) for j in sentences])
    power = np.concatenate([data[f"{i}/{j}/power"] for j in sentences]).astype(np.float64)
    voiced = f0[f0 > 0]
    p10, p50, p90 = np.percentile(voiced, [10, 50, 90])
    active = power >= power.max() * 10 ** (-40 / 10)
    return {"median_f0_hz": float(p50), "f0_range_st": float(12 * math.log2(p90 / p10)),
            "level_dbfs": float(10 * math.log10(power[active].mean() + 1e-20)),
            "voiced_fraction": float(len(voiced) / max(len(f0), 1))}


def regression(data, i: int, sentences: list[int]) -> dict:
    from prosody_metrics import track_f0

    zs, fs = [], []
    for j in sentences:
        f0 = track_f0(data[f"{i}/{j}/wav"].astype(np.float64) / 32768, TRACK_SR)
        z, dur = data[f"{i}/{j}/z"], data[f"{i}/{j}/dur"].astype(int)
        ends = np.cumsum(dur)
        for k, (a, b) in enumerate(zip(ends - dur, ends)):
            seg = f0[a:b]
            if b - a >= 3 and len(seg) == b - a and (seg > 0).mean() >= 0.8:
                zs.append(float(z[k]))
                fs.append(float(seg[seg > 0].mean()))
    z, f = np.array(zs), np.array(fs)
    fits = {}
    for name, y in (("hz", f), ("log_hz", np.log(f))):
        slope, intercept = np.polyfit(z, y, 1)
        pred = slope * z + intercept
        fits[name] = {"slope": float(slope), "intercept": float(intercept),
                      "r2": float(1 - ((y - pred) ** 2).sum() / ((y - y.mean()) ** 2).sum())}
    return {"symbols": int(len(z)), "z_mean": float(z.mean()), "z_std": float(z.std()), "fits": fits}


def increasing_run(pts: list[tuple]) -> list[tuple]:
    """The points (sorted by x, one of them at x = 0) from 0 outward while y (index 1) increases strictly."""
    pts = sorted(pts)
    i0 = next(i for i, p in enumerate(pts) if p[0] == 0.0)
    lo = i0
    while lo > 0 and pts[lo - 1][1] < pts[lo][1]:
        lo -= 1
    hi = i0
    while hi + 1 < len(pts) and pts[hi + 1][1] > pts[hi][1]:
        hi += 1
    return pts[lo : hi + 1]


def path_point(rows: list[dict], shift: float, tolerance: float) -> tuple[float, float, float] | None:
    """At one shift: the grid's rows -> (range ratio, register, scale) of the clean point that moves the register
    furthest (up for a positive shift, down for a negative one) with the range ratio within `tolerance` of 1:
    grid points, and points interpolated log-linearly in scale to range ratios 1 - tol, 1, 1 + tol between two
    clean neighbours. None when no point qualifies."""
    rows = sorted(rows, key=lambda r: r["scale"])
    cands = [(r["f0_range_ratio"], r["median_f0_ratio"], r["scale"]) for r in rows if r["clean"]]
    for a, b in zip(rows, rows[1:]):
        qa, qb = a["f0_range_ratio"], b["f0_range_ratio"]
        for target in (1.0 - tolerance, 1.0, 1.0 + tolerance):
            if a["clean"] and b["clean"] and (qa - target) * (qb - target) <= 0 and qa != qb:
                t = (math.log(target) - math.log(qa)) / (math.log(qb) - math.log(qa))
                scale = math.exp(math.log(a["scale"]) + t * (math.log(b["scale"]) - math.log(a["scale"])))
                cands.append((target, a["median_f0_ratio"] + t * (b["median_f0_ratio"] - a["median_f0_ratio"]), scale))
    ok = [c for c in cands if abs(c[0] - 1.0) <= tolerance + 1e-9]
    if not ok:
        return None
    return max(ok, key=lambda c: c[1]) if shift > 0 else min(ok, key=lambda c: c[1])


def cmd_analyze(args) -> dict:
    data = np.load(args.audio)
    meta = json.loads(str(data["meta"]))
    pts = meta["points"]
    reg = regression(data, 0, pts[0]["sentences"])
    print(f"regression on {reg['symbols']} voiced symbols: " + ", ".join(
        f"{k}: f0 = {v['intercept']:.4g} + {v['slope']:.4g} z (R2 {v['r2']:.3f})" for k, v in reg["fits"].items()),
        flush=True)
    summaries = [None] + [summarize_point(data, i, p["sentences"]) for i, p in enumerate(pts) if i > 0]
    base = next(summaries[i] for i, p in enumerate(pts) if p["kind"] == "f0" and tuple(p["f0"]) == (1.0, 0.0))
    rows = []
    for i, p in enumerate(pts):
        if i == 0:
            continue
        s = summaries[i]
        row = {"kind": p["kind"], "scale": p["f0"][0], "shift": p["f0"][1] if p["kind"] == "f0" else p["energy"], **s,
               "median_f0_ratio": s["median_f0_hz"] / base["median_f0_hz"],
               "f0_range_ratio": s["f0_range_st"] / base["f0_range_st"],
               "level_db": s["level_dbfs"] - base["level_dbfs"]}
        row["clean"] = abs(row["level_db"]) <= MAX_LEVEL_DB and s["voiced_fraction"] >= MIN_VOICED * base["voiced_fraction"]
        rows.append(row)
        print(f"{row['kind']:6s} scale {row['scale']:4.2f} shift {row['shift']:+5.2f}: register "
              f"{row['median_f0_ratio']:.3f} range {row['f0_range_ratio']:.3f} level {row['level_db']:+.2f} dB "
              f"voiced {s['voiced_fraction']:.3f}{'' if row['clean'] else '  (not clean)'}", flush=True)
    f0_rows = [r for r in rows if r["kind"] == "f0"]
    at0 = [r for r in f0_rows if r["shift"] == 0.0 and r["scale"] != 1.0]
    la, lq = np.log([r["scale"] for r in at0]), np.log([r["f0_range_ratio"] for r in at0])
    exponent = float((la * lq).sum() / (la * la).sum())
    # The range kept (ratio 1, or a grid point within 2%) as far as the register keeps moving; beyond those ends,
    # points that keep the range within RANGE_TOLERANCE, while the register still moves.
    kept: dict[float, tuple] = {}
    loose: dict[float, tuple] = {}
    for shift in SHIFTS:
        if shift != 0.0:
            at = [r for r in f0_rows if r["shift"] == shift]
            kept[shift], loose[shift] = path_point(at, shift, 0.02), path_point(at, shift, RANGE_TOLERANCE)
    run = increasing_run([(0.0, 1.0, 1.0, 1.0)] + [(s_, p[1], p[2], p[0]) for s_, p in kept.items() if p])
    for direction in (1, -1):
        end = run[-1] if direction > 0 else run[0]
        for shift in sorted((s_ for s_ in SHIFTS if (s_ - end[0]) * direction >= 0 and s_ != 0.0), key=abs):
            p = loose[shift]
            if p is None or (p[1] - end[1]) * direction <= 0:
                break
            same = shift == end[0]  # the end's own shift: a looser range may move the register further
            end = (shift, p[1], p[2], p[0])
            if direction > 0:
                run = run[:-1] + [end] if same else run + [end]
            else:
                run = [end] + run[1:] if same else [end] + run
    e_pts = [(0.0, 0.0)] + [(r["shift"], r["level_db"]) for r in rows if r["kind"] == "energy"
                            and r["voiced_fraction"] >= MIN_VOICED_ENERGY * base["voiced_fraction"]]
    e_run = increasing_run(e_pts)
    hz = reg["fits"]["hz"]
    calibration = {
        "f0_mean_hz": round(hz["intercept"], 1), "f0_std_hz": round(hz["slope"], 2),
        "pitch_response": {"shift": [p[0] for p in run], "scale": [round(p[2], 3) for p in run],
                           "register": [round(p[1], 4) for p in run]},
        "range_exponent": round(exponent, 3),
        "energy_response": {"shift": [p[0] for p in e_run], "db": [round(p[1], 2) for p in e_run]},
    }
    print(f"\n# prosody calibration of {meta['voice']} (bench/prosody_calibration.py): the acoustic: section's options")
    for k, v in calibration.items():
        if isinstance(v, dict):
            print(f"{k}:")
            for kk, vv in v.items():
                print(f"  {kk}: {json.dumps(vv)}")
        else:
            print(f"{k}: {v}")
    out = {"voice": meta["voice"], "synth_device": meta["device"], "synth_torch": meta["torch"],
           "synth_seconds": meta["seconds"], "regression_sentences": len(pts[0]["sentences"]),
           "response_sentences": len(pts[1]["sentences"]), "neutral": base, "regression": reg, "rows": rows,
           "calibration": calibration, "path_range_ratio": [round(p[3], 3) for p in run]}
    if args.json:
        out["command"] = args.command_line
        Path(args.json).write_text(json.dumps(out, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("cmd", choices=["ids", "synth", "analyze", "all"])
    ap.add_argument("--voice", default="baker")
    ap.add_argument("--ids")
    ap.add_argument("--out")
    ap.add_argument("--audio")
    ap.add_argument("--device", default="cpu")
    ap.add_argument("--regression", type=int, default=60, help="sentences for the regression")
    ap.add_argument("--sentences", type=int, default=12, help="sentences per response point")
    ap.add_argument("--threads", type=int, default=0, help="torch threads (0: torch's default)")
    ap.add_argument("--json")
    args = ap.parse_args(argv)
    args.command_line = "python " + " ".join([sys.argv[0], *(argv if argv is not None else sys.argv[1:])])
    if args.threads:
        import torch

        torch.set_num_threads(args.threads)
    if args.cmd == "ids":
        cmd_ids(args)
    elif args.cmd == "synth":
        cmd_synth(args)
    elif args.cmd == "analyze":
        cmd_analyze(args)
    else:
        import tempfile

        with tempfile.TemporaryDirectory() as tmp:
            args.ids, args.out = f"{tmp}/ids.json", f"{tmp}/audio.npz"
            cmd_ids(args)
            cmd_synth(args)
            args.audio = args.out
            cmd_analyze(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
