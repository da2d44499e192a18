"""How much padding a window on the right changes a non-causal vocoder's audio (CPU; issue 16).

On a GPU the scheduler pads each of baker's MB-MelGAN windows on the right, repeating its last frame, to one of a
few widths that have captured CUDA graphs (`vocoder_graph.padded_widths`; `BatchedWindows.pad_right`). A
non-causal generator's last samples read frames after them, so where a window's right end is the mel's end (a
short call's only window, a long call's last one is widened with real frames instead), its last receptive field
changes. This measures by how much, on the calls the server makes: every sentence of the given texts through the
frontend and the acoustic model, each call's whole mel vocoded as one window unpadded (what the CPU serves) and
padded to its run width (what the GPU serves). Reported per call: SNR over the call and over its last 0.25 s (where
that is not silent), the difference's level, and how many frames from the end the first sample differing by more
than 1e-3 lies (far from the end: a sub-band sample rounded to the other 1/128 step, from a differently shaped
pass's float rounding).

usage: python bench/vocoder_padding.py [--texts bench/data/intelligibility_zh.txt] [--voice baker] [--json OUT]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np
import torch

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from ttsserve.frontend import MandarinFrontend  # noqa: E402
from ttsserve.pipeline import vocoder_graph  # noqa: E402
from ttsserve.pipeline.torch_stage import _pad_right  # noqa: E402
from ttsserve.pipeline.voice import LoadedVoice, Placement, SynthesisOptions, plan_calls  # noqa: E402
from ttsserve.voices import load_manifest  # noqa: E402


def snr_db(ref: np.ndarray, x: np.ndarray) -> float:
    ref, x = ref.astype(np.float64), x.astype(np.float64)
    return float(10 * np.log10(max((ref**2).sum(), 1e-20) / max(((ref - x) ** 2).sum(), 1e-20)))


def dbfs(x: np.ndarray) -> float:
    return float(20 * np.log10(max(np.sqrt(np.mean(x.astype(np.float64) ** 2)), 1e-10)))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--texts", default=str(ROOT / "bench/data/intelligibility_zh.txt"))
    ap.add_argument("--voice", default="baker")
    ap.add_argument("--json")
    args = ap.parse_args()
    torch.set_num_threads(2)
    voice = LoadedVoice.load(load_manifest(ROOT / "weights" / args.voice), Placement("cpu", "cpu", "float32"))
    voc = voice.vocoder
    widths = vocoder_graph.padded_widths(voc.graph_widths())
    hop, rate = voc.hop_length, voc.sample_rate_hz
    front = MandarinFrontend()
    rows = []
    texts = [t.strip() for t in Path(args.texts).read_text(encoding="utf-8").splitlines() if t.strip()]
    with torch.inference_mode():
        for text in texts:
            plan = plan_calls(voice, front.process(text), SynthesisOptions())
            for inp in plan.inputs:
                mel = voice.acoustic.infer([inp])[0].mel
                (window,) = voc.plan_windows(mel, equal_length=True)[-1:]  # the call's last window, as a GPU plans it
                width = window.mel.shape[-1]
                run = vocoder_graph.run_width(width, widths, voc.pad_right_min_frames or 0)
                ref = voc.module(window.mel[None])[0].numpy()
                got = voc.module(_pad_right(window.mel, run)[None])[0, : width * hop].numpy()
                diff = np.nonzero(np.abs(got - ref) > 1e-3)[0]
                tail = int(0.25 * rate)
                last = slice(-int(0.2 * rate), None)
                rows.append({"frames": int(mel.shape[0]), "window": width, "run_width": run,
                             "rms_dbfs": round(dbfs(ref), 1), "last_0.2s_rms_dbfs": round(dbfs(ref[last]), 1),
                             "diff_rms_dbfs": round(dbfs(got - ref), 1),
                             "snr_db": round(snr_db(ref, got), 1), "tail_snr_db": round(snr_db(ref[-tail:], got[-tail:]), 1) if dbfs(ref[-tail:]) > -90 else None,
                             "first_diff_frames_from_end": None if not len(diff) else round(width - diff[0] / hop, 1)})
    padded = [r for r in rows if r["run_width"] > r["window"]]
    snrs = sorted(r["snr_db"] for r in padded)
    summary = {
        "calls": len(rows), "padded": len(padded),
        "snr_db_min": snrs[0] if snrs else None, "snr_db_p10": snrs[len(snrs) // 10] if snrs else None,
        "snr_db_median": snrs[len(snrs) // 2] if snrs else None,
        "tail_snr_db_min": min((r["tail_snr_db"] for r in padded if r["tail_snr_db"] is not None), default=None),
        "diff_rms_dbfs_max": max((r["diff_rms_dbfs"] for r in padded), default=None),
        "exact_within_1e-3": sum(r["first_diff_frames_from_end"] is None for r in padded),
        "first_diff_frames_from_end_max": max((r["first_diff_frames_from_end"] or 0 for r in padded), default=None),
        "mean_padding_share": round(float(np.mean([1 - r["window"] / r["run_width"] for r in padded])), 3) if padded else None,
    }
    out = {"voice": args.voice, "widths": list(widths), "texts": args.texts, "device": "cpu",
           "date": time.strftime("%Y-%m-%d"), "summary": summary, "calls": rows}
    print(json.dumps(summary, indent=1))
    if args.json:
        Path(args.json).write_text(json.dumps(out, indent=1, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
