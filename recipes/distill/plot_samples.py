"""Redraw `docs/samples/spectrograms.png` from the sample WAVs: teacher and student, both voices, neutral,
plus one student emotion. Log-magnitude STFT (50 ms window, 12.5 ms hop), 0-8 kHz, same colour scale for all.

usage: python recipes/distill/plot_samples.py [--dir docs/samples] [--out docs/samples/spectrograms.png]
(needs matplotlib)
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import soundfile as sf
import torch

ROWS = ["distill-baker_neutral_0_teacher", "distill-baker_neutral_0_student", "distill-baker-low_neutral_0_teacher",
        "distill-baker-low_neutral_0_student", "distill-baker_sad_0_student"]


def main() -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    ap = argparse.ArgumentParser()
    root = Path(__file__).resolve().parents[2]
    ap.add_argument("--dir", default=str(root / "docs" / "samples"))
    ap.add_argument("--out", default=str(root / "docs" / "samples" / "spectrograms.png"))
    args = ap.parse_args()
    fig, axes = plt.subplots(len(ROWS), 1, figsize=(9, 2.0 * len(ROWS)))
    for ax, name in zip(axes, ROWS):
        wav, sr = sf.read(Path(args.dir) / f"{name}.wav", dtype="float32")
        n_fft, hop = int(0.05 * sr), int(0.0125 * sr)
        spec = torch.stft(torch.from_numpy(wav), n_fft, hop, window=torch.hann_window(n_fft), return_complex=True).abs()
        db = 20 * np.log10(spec.numpy() + 1e-5)
        top = int(8000 / (sr / 2) * (db.shape[0] - 1))
        ax.imshow(db[: top + 1], origin="lower", aspect="auto", cmap="magma", vmin=-80, vmax=20,
                  extent=(0, db.shape[1] * hop / sr, 0, 8))
        ax.set_title(f"{name}.wav", fontsize=9)
        ax.set_ylabel("kHz")
    axes[-1].set_xlabel("seconds")
    fig.tight_layout()
    fig.savefig(args.out, dpi=90)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
