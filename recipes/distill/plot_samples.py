"""Redraw `docs/samples/spectrograms.png` from the sample files: teacher and student, both voices, neutral,
plus one student emotion (or `--rows` of your choice). Log-magnitude STFT (50 ms window, 12.5 ms hop), 0-8 kHz,
same colour scale for all.

usage: python recipes/distill/plot_samples.py [--dir docs/samples] [--out docs/samples/spectrograms.png]
           [--rows NAME.wav,NAME.flac,...]
(needs matplotlib)
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import soundfile as sf
import torch

ROWS = ["distill-baker_neutral_0_teacher.wav", "distill-baker_neutral_0_student.wav",
        "distill-baker-low_neutral_0_teacher.wav", "distill-baker-low_neutral_0_student.wav",
        "distill-baker_sad_0_student.wav"]


def main() -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    ap = argparse.ArgumentParser()
    root = Path(__file__).resolve().parents[2]
    ap.add_argument("--dir", default=str(root / "docs" / "samples"))
    ap.add_argument("--out", default=str(root / "docs" / "samples" / "spectrograms.png"))
    ap.add_argument("--rows", default=",".join(ROWS), help="comma-separated sample files in --dir, top to bottom")
    args = ap.parse_args()
    rows = args.rows.split(",")
    fig, axes = plt.subplots(len(rows), 1, figsize=(9, 2.0 * len(rows)))
    for ax, name in zip(axes, rows):
        wav, sr = sf.read(Path(args.dir) / name, dtype="float32")
        if wav.ndim > 1:
            wav = wav.mean(1)
        n_fft, hop = int(0.05 * sr), int(0.0125 * sr)
        spec = torch.stft(torch.from_numpy(wav), n_fft, hop, window=torch.hann_window(n_fft), return_complex=True).abs()
        db = 20 * np.log10(spec.numpy() + 1e-5)
        top = int(8000 / (sr / 2) * (db.shape[0] - 1))
        ax.imshow(db[: top + 1], origin="lower", aspect="auto", cmap="magma", vmin=-80, vmax=20,
                  extent=(0, db.shape[1] * hop / sr, 0, 8))
        ax.set_title(name, fontsize=9)
        ax.set_ylabel("kHz")
    axes[-1].set_xlabel("seconds")
    fig.tight_layout()
    fig.savefig(args.out, dpi=90)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
