"""Prosody measurements of synthesized audio, shared by bench/prosody_calibration.py and bench/prosody_styles.py.

f0 comes from Praat's autocorrelation pitch tracker (`praat-parselmouth`, the `bench` extra), sampled at the
centre of every 12.5 ms frame (the voices' mel hop: 300 samples at 24 kHz), so that frame k of the tracker is
mel frame k of the acoustic model. Per set of utterances:

- median f0 (Hz) over voiced frames;
- f0 range: the 10th-90th percentile span of voiced frames, in semitones;
- level: RMS in dBFS over active frames (frames within 40 dB of the loudest frame);
- duration: seconds of audio (sentence gaps included as the engine makes them);
- spectral balance: the power in 2-6 kHz relative to 0-1 kHz (dB) over active frames (vocal effort raises it).
"""

from __future__ import annotations

import math

import numpy as np

HOP_S = 0.0125  # 300 samples at 24 kHz
F0_FLOOR, F0_CEILING = 60.0, 700.0  # covers distill-baker-low (about 0.75x baker) to baker's highest tones
ACTIVE_DB = 40.0


def track_f0(wav: np.ndarray, sr: int, *, hop_s: float = HOP_S) -> np.ndarray:
    """f0 per frame (Hz, 0 = unvoiced), frame k centred at (k + 0.5) * hop_s, len(wav) // hop frames."""
    import parselmouth

    wav = np.asarray(wav, dtype=np.float64)
    hop = int(round(hop_s * sr))
    n = len(wav) // hop
    if n == 0:
        return np.zeros(0)
    pitch = parselmouth.Sound(wav, sampling_frequency=sr).to_pitch_ac(
        time_step=hop_s, pitch_floor=F0_FLOOR, pitch_ceiling=F0_CEILING)
    f = pitch.selected_array["frequency"]
    if len(f) == 0:
        return np.zeros(n)
    idx = np.round(((np.arange(n) + 0.5) * hop_s - pitch.xs()[0]) / hop_s).astype(int)
    return np.where((idx >= 0) & (idx < len(f)), f[np.clip(idx, 0, len(f) - 1)], 0.0)


def active_frames(wav: np.ndarray, sr: int, *, hop_s: float = HOP_S) -> np.ndarray:
    """(frames, hop) of the frames within ACTIVE_DB of the loudest one."""
    hop = int(round(hop_s * sr))
    n = len(wav) // hop
    frames = np.asarray(wav[: n * hop], dtype=np.float64).reshape(n, hop)
    power = (frames**2).mean(1)
    return frames[power >= power.max() * 10 ** (-ACTIVE_DB / 10)]


def level_dbfs(wav: np.ndarray, sr: int, *, hop_s: float = HOP_S) -> float:
    return float(10 * math.log10((active_frames(wav, sr, hop_s=hop_s) ** 2).mean() + 1e-20))


def balance_db(wav: np.ndarray, sr: int, *, hop_s: float = HOP_S) -> float:
    """Power in 2-6 kHz over power in 0-1 kHz (dB), averaged over active frames (as `level_dbfs`)."""
    active = active_frames(wav, sr, hop_s=hop_s)
    spec = (np.abs(np.fft.rfft(active * np.hanning(active.shape[1]), axis=1)) ** 2).mean(0)
    freqs = np.fft.rfftfreq(active.shape[1], 1.0 / sr)
    high = spec[(freqs >= 2000) & (freqs < 6000)].sum()
    low = spec[(freqs > 0) & (freqs < 1000)].sum()
    return float(10 * math.log10((high + 1e-20) / (low + 1e-20)))


def summarize(wavs: list[np.ndarray], sr: int) -> dict:
    """Median f0, f0 range (semitones, p10-p90), level (dBFS over active frames), duration, voiced fraction."""
    f0 = np.concatenate([track_f0(w, sr) for w in wavs])
    voiced = f0[f0 > 0]
    p10, p50, p90 = np.percentile(voiced, [10, 50, 90])
    return {
        "median_f0_hz": float(p50),
        "f0_range_st": float(12 * math.log2(p90 / p10)),
        "level_dbfs": level_dbfs(np.concatenate(wavs), sr),
        "duration_s": float(sum(len(w) for w in wavs) / sr),
        "voiced_fraction": float(len(voiced) / max(len(f0), 1)),
        "balance_db": balance_db(np.concatenate(wavs), sr),
    }


def relative(row: dict, ref: dict) -> dict:
    """A summary relative to a reference: f0 and range as ratios, level in dB, duration as a ratio."""
    return {
        "median_f0_ratio": row["median_f0_hz"] / ref["median_f0_hz"],
        "f0_range_ratio": row["f0_range_st"] / ref["f0_range_st"],
        "level_db": row["level_dbfs"] - ref["level_dbfs"],
        "duration_ratio": row["duration_s"] / ref["duration_s"],
        "balance_change_db": row["balance_db"] - ref["balance_db"],
    }
