"""One mel space for every teacher of the multi-speaker distillation (issue 19, part 2).

The distilled voices so far learned the default voice's FastSpeech2 mel as it comes out of the model: a
log10 mel normalized per bin by statistics that were not shipped with it. Kokoro's speakers give waveforms, so
every teacher's target must come from a waveform through one extractor. To keep the new student in the space the
existing one (and its HiFiGAN) already knows, the extractor is the default voice's front end as TensorFlowTTS's
Baker recipe configures it (24 kHz, FFT 2048, window 1200 (Hann), hop 300, 80 mel bins from 80 to 7600 Hz, log10)
and the per-bin normalization is recovered by a least-squares fit of the extractor's output on the default
voice's own waveforms (MB-MelGAN) against the normalized mel FastSpeech2 produced for them: `fit`.

usage: PYTHONPATH=src python recipes/distill/melspace.py fit --sentences 48 --out recipes/distill/melspace.json
"""

from __future__ import annotations

import argparse
import functools
import json
import math
import sys
from pathlib import Path

import torch

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "src"))

SR, N_FFT, WIN, HOP, N_MELS, FMIN, FMAX = 24000, 2048, 1200, 300, 80, 80.0, 7600.0


def _hz_to_mel(f, htk: bool):
    if htk:
        return 2595.0 * math.log10(1.0 + f / 700.0)
    # Slaney's scale (librosa's default): linear below 1 kHz, logarithmic above
    return f / (200.0 / 3) if f < 1000.0 else 15.0 + math.log(f / 1000.0) / (math.log(6.4) / 27.0)


def _mel_to_hz(m, htk: bool):
    if htk:
        return 700.0 * (10 ** (m / 2595.0) - 1.0)
    return m * (200.0 / 3) if m < 15.0 else 1000.0 * math.exp((m - 15.0) * (math.log(6.4) / 27.0))


@functools.lru_cache(maxsize=2)
def mel_filters(htk: bool = False) -> torch.Tensor:
    """(N_MELS, N_FFT // 2 + 1) triangular filters; Slaney scale and area normalization unless `htk`."""
    lo, hi = _hz_to_mel(FMIN, htk), _hz_to_mel(FMAX, htk)
    edges = torch.tensor([_mel_to_hz(lo + (hi - lo) * i / (N_MELS + 1), htk) for i in range(N_MELS + 2)],
                         dtype=torch.float64)
    freqs = torch.linspace(0, SR / 2, N_FFT // 2 + 1, dtype=torch.float64)
    left, center, right = edges[:-2, None], edges[1:-1, None], edges[2:, None]
    fb = torch.clamp(torch.minimum((freqs - left) / (center - left), (right - freqs) / (right - center)), min=0)
    if not htk:
        fb = fb * (2.0 / (right - left))
    return fb.float()


def log_mel(wav: torch.Tensor, fb: torch.Tensor | None = None) -> torch.Tensor:
    """(samples,) 24 kHz -> (samples // HOP, N_MELS) log10 mel, frame f centred on sample f * HOP."""
    fb = (mel_filters() if fb is None else fb).to(wav.device)  # on the waveform's device (the GPU when training)
    frames = wav.shape[-1] // HOP
    spec = torch.stft(wav.float(), N_FFT, HOP, WIN, torch.hann_window(WIN, device=wav.device), center=True,
                      pad_mode="reflect", return_complex=True).abs()  # (bins, frames + 1)
    return torch.log10(torch.clamp(fb @ spec[:, :frames], min=1e-10)).T


def normalize(mel: torch.Tensor, space: dict) -> torch.Tensor:
    """Extracted log mel (F, N_MELS) -> the student's normalized mel, clamped at the space's floor (silence)."""
    mean, scale = (torch.tensor(space[k], device=mel.device) for k in ("mean", "scale"))
    return ((mel - mean) / scale).clamp_min(space["floor"])


def fit(raw: torch.Tensor, target: torch.Tensor, loud: torch.Tensor | None = None) -> dict:
    """Per bin, target ~ (raw - mean) / scale by least squares over the frames in `loud` (all when None) of
    (F, N_MELS) each. The teacher's silence is where the two differ most (the vocoder's near-digital silence
    reaches the extractor's 1e-10 floor, FastSpeech2's silent frames do not), so the fit uses speech frames and
    `floor` (the target's 0.5% quantile) clamps the normalized silence. -> mean, scale, floor, and per bin the
    R^2 and mean absolute residual (target units) on the fitted frames and, after the floor, on all frames."""
    sel = torch.ones(len(raw), dtype=torch.bool) if loud is None else loud
    x, y = raw.double()[sel], target.double()[sel]
    xm, ym = x.mean(0), y.mean(0)
    a = ((x - xm) * (y - ym)).sum(0) / ((x - xm) ** 2).sum(0)
    b = ym - a * xm
    floor = float(torch.quantile(target.double().flatten()[:: max(1, target.numel() // 100_000)], 0.005))

    def quality(xx, yy):
        pred = (a * xx + b).clamp_min(floor)
        r2 = 1 - ((yy - pred) ** 2).sum(0) / ((yy - yy.mean(0)) ** 2).sum(0)
        return r2.tolist(), (yy - pred).abs().mean(0).tolist()

    r2, mae = quality(x, y)
    r2_all, mae_all = quality(raw.double(), target.double())
    return {"mean": (-b / a).tolist(), "scale": (1 / a).tolist(), "floor": floor, "r2": r2, "mae": mae,
            "r2_all_frames": r2_all, "mae_all_frames": mae_all}


def teacher_pairs(n: int, device: str = "cpu") -> list[tuple[torch.Tensor, torch.Tensor]]:
    """(MB-MelGAN's waveform, FastSpeech2's normalized mel it was made from) of the default voice for `n`
    training sentences of the corpus (every 50th: spread over HSK levels; never a validation or test one),
    neutral."""
    import distill

    train, _, _ = distill.splits()
    sents = distill.sentences(train[::50][:n])
    teacher = distill.Teacher(device)
    encoded = teacher.encode(sents)
    pairs = []
    for i in range(0, len(encoded), 8):
        chunk = encoded[i : i + 8]
        for it in teacher.label(chunk, ["neutral"] * len(chunk), need_wav=True):
            if it.speaker == 0:
                pairs.append((it.wav.float().cpu(), it.mel_full.float().cpu()))
    return pairs


def frames(pairs, fb: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    raws, targets = [], []
    for wav, mel in pairs:
        raw = log_mel(wav, fb)
        f = min(len(mel), len(raw))
        raws.append(raw[:f])
        targets.append(mel[:f])
    return torch.cat(raws), torch.cat(targets)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("cmd", choices=["fit"])
    ap.add_argument("--sentences", type=int, default=24)
    ap.add_argument("--out", default=None)
    args = ap.parse_args()
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    torch.set_num_threads(2)
    pairs = teacher_pairs(args.sentences)
    result = {"sentences": len(pairs), "command": "PYTHONPATH=src python recipes/distill/melspace.py fit "
              f"--sentences {args.sentences}"}
    for name, htk in (("slaney", False), ("htk", True)):
        raw, target = frames(pairs, mel_filters(htk))
        loud = target.mean(1) > target.mean(1).median()  # the louder half of the frames: speech
        result[name] = fit(raw, target, loud)
        result["frames"], result["fitted_frames"] = int(raw.shape[0]), int(loud.sum())
        for key, what in (("", "speech frames"), ("_all_frames", "all frames")):
            rr = torch.tensor(result[name]["r2" + key])
            mae = torch.tensor(result[name]["mae" + key])
            print(f"{name}, {what}: R^2 median {rr.median():.3f} (min {rr.min():.3f}), |residual| median "
                  f"{mae.median():.3f} (max {mae.max():.3f}) in normalized units")
    if args.out:
        Path(args.out).write_text(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
