"""Vocoder frame-rate comb: how strongly a voice's fricatives (s, sh, x, c, q, z) carry a periodicity at the
vocoder's frame rate (24 kHz / hop 300 = 80 Hz), heard as a buzzy, metallic hiss.

A vocoder that builds each mel frame's waveform with a slightly different level or spectrum leaves a pattern
that repeats every frame (12.5 ms). In noise-like sounds a waveform pattern repeating every frame shows as a
comb of 80 Hz harmonics in the fine spectrum, and it makes the high-band level along time repeat at 80 Hz
(as does a level that merely pulses at the frame rate). We measure the periodicity of that level, which
needs no pitch tracking and no alignment to the vocoder's frame grid.

Definitions (numbers are the defaults):

1. Analysis: short-time spectra of the waveform with a 4 ms Hann window every 0.5 ms (2,000 frames/s).
2. Fricative frames, by a spectral criterion (not by the acoustic model's durations, so that any waveform,
   from any vocoder or a recording, can be measured the same way): the energy above 4 kHz, smoothed over
   20 ms, exceeds the energy below 4 kHz, and the smoothed total level is within 40 dB of the utterance's
   loudest moment. Runs of such frames lasting at least 60 ms are the fricative segments.
3. High-band log level: l(t) = 10 log10 of the 4-10 kHz energy of each frame, in dB.
4. Modulation spectrum: per segment (a segment of 320 ms or more is cut into 160 ms blocks overlapping by
   half, Welch's way), l(t) minus its least-squares line, times a Hann window; its power
   P_s(f) = |sum_t w(t) l(t) exp(-2 pi i f t)|^2 at any frequency f (a direct DFT, no binning). P(f) is
   the sum of P_s(f) over all segments (blocks) of all sentences.
5. Comb prominence, in dB: the power at the frame rate and its harmonics (the comb's teeth, f_k = k * 80 Hz,
   k = 1..4, up to 320 Hz, where the 4 ms window still passes the level's modulation) against the power
   halfway between them (the gaps, f_k +- 40 Hz):

       prominence = 10 log10( sum_k P(f_k) / sum_k [P(f_k - 40) + P(f_k + 40)] / 2 )

   Noise whose level does not repeat every 12.5 ms scores about 0 dB; a level pattern repeating at the frame
   rate scores above it. A segment of 60 ms resolves the teeth from the gaps (the Hann window's main lobe
   is +-33 Hz wide there, less than the 40 Hz to the gap).

Also reported per voice: a 95% interval of the prominence (bootstrap over the fricative segments, 2,000
resamplings), the number of segments and their total duration, the prominence of the first
tooth alone (80 Hz against 40 and 120 Hz), and a control: the same measure for a comb at 7/8 of the frame
rate (70 Hz), which no vocoder produces, so it shows the scatter of the measure on these segments.

Voices are synthesized through the engine, in-process, on the CPU, with their default emotion, from the
sentences below (written for this benchmark, rich in s/sh/x/c/q/z). The frame rate comes from each voice's
vocoder (sample rate / hop length).

usage: python bench/vocoder_comb.py [--voices baker,distill-baker,distill-baker-low] [--threads 2]
                                    [--json bench/results/vocoder_comb_cpu.json] [--wav-dir DIR]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import platform
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]

SENTENCES = [
    "小松鼠在树上数松子，数了三次才算清楚。",
    "司机师傅说下星期四去上海出差。",
    "森林深处有一条清澈的小溪，溪水声音很细。",
    "新鲜的蔬菜和水果送到了超市，售价四十三元。",
    "随身携带的手机需要每天充电。",
    "学生们在草地上写生，画的是西山的秋色。",
    "请小心地上湿滑，注意安全。",
    "三岁的孩子已经学会自己洗手洗澡。",
    "手术室外，家属焦急地等着消息。",
    "早上七点，城市的街道上车辆稀少。",
    "他喜欢在深夜写小说，思绪随着雨声起伏。",
    "从西藏回来以后，她一直想再去一次。",
]

WIN_S, HOP_S = 0.004, 0.0005  # analysis window and hop
SPLIT_HZ = 4000.0  # fricative criterion: energy above this frequency dominates
BAND_HZ = (4000.0, 10000.0)  # the band whose level is followed along time
SMOOTH_S = 0.020  # smoothing of the energies for the fricative criterion
FLOOR_DB = 40.0  # frames quieter than the loudest moment by more than this are not fricatives
MIN_SEGMENT_S = 0.060
BLOCK_S = 0.160  # longer segments are cut into blocks of this length, half overlapping (Welch averaging)
HARMONICS = 4
CONTROL_RATIO = 7 / 8  # the control comb's spacing, relative to the frame rate


def _frames_power(audio: np.ndarray, sr: int) -> tuple[np.ndarray, np.ndarray]:
    """Power spectra (frames x bins) of the 4 ms / 0.5 ms analysis, and the bin frequencies."""
    win, hop = int(round(WIN_S * sr)), int(round(HOP_S * sr))
    audio = np.asarray(audio, dtype=np.float64)
    if len(audio) < win:
        return np.zeros((0, win // 2 + 1)), np.fft.rfftfreq(win, 1 / sr)
    n = 1 + (len(audio) - win) // hop
    idx = np.arange(win)[None, :] + hop * np.arange(n)[:, None]
    spec = np.fft.rfft(audio[idx] * np.hanning(win)[None, :], axis=1)
    return np.abs(spec) ** 2, np.fft.rfftfreq(win, 1 / sr)


def _smooth(x: np.ndarray, n: int) -> np.ndarray:
    return np.convolve(x, np.ones(n) / n, mode="same") if n > 1 else x


def fricative_segments(audio: np.ndarray, sr: int) -> list[tuple[int, int]]:
    """(first, last + 1) analysis-frame indices of the fricative segments (see the module docstring, 2)."""
    power, freqs = _frames_power(audio, sr)
    if len(power) == 0:
        return []
    n_smooth = max(1, int(round(SMOOTH_S / HOP_S)))
    hi = _smooth(power[:, freqs >= SPLIT_HZ].sum(axis=1), n_smooth)
    lo = _smooth(power[:, freqs < SPLIT_HZ].sum(axis=1), n_smooth)
    level = 10 * np.log10(hi + lo + 1e-20)
    mask = (hi > lo) & (level > level.max() - FLOOR_DB)
    segments, start = [], None
    for i, m in enumerate(np.append(mask, False)):
        if m and start is None:
            start = i
        elif not m and start is not None:
            if (i - start) * HOP_S >= MIN_SEGMENT_S:
                segments.append((start, i))
            start = None
    return segments


def band_level_db(audio: np.ndarray, sr: int) -> np.ndarray:
    """l(t): the 4-10 kHz level of each analysis frame, in dB (module docstring, 3)."""
    power, freqs = _frames_power(audio, sr)
    band = (freqs >= BAND_HZ[0]) & (freqs < BAND_HZ[1])
    return 10 * np.log10(power[:, band].sum(axis=1) + 1e-20)


def modulation_power(level_db: np.ndarray, freqs_hz: np.ndarray) -> np.ndarray:
    """P_s(f) of one segment's level track (module docstring, 4), at the given frequencies."""
    t = np.arange(len(level_db)) * HOP_S
    coef = np.polyfit(t, level_db, 1)
    x = (level_db - np.polyval(coef, t)) * np.hanning(len(level_db))
    basis = np.exp(-2j * np.pi * np.outer(freqs_hz, t))
    return np.abs(basis @ x) ** 2


class CombMeter:
    """Accumulates P(f) at the comb's teeth and gaps over the fricative segments of many utterances."""

    def __init__(self, frame_rate_hz: float, harmonics: int = HARMONICS) -> None:
        self.frame_rate = frame_rate_hz
        k = np.arange(1, harmonics + 1)
        self.teeth = k * frame_rate_hz
        self.gaps_lo, self.gaps_hi = self.teeth - frame_rate_hz / 2, self.teeth + frame_rate_hz / 2
        self.p_teeth = np.zeros(harmonics)
        self.p_gaps = np.zeros(harmonics)
        self._per_segment: list[tuple[np.ndarray, np.ndarray]] = []  # (teeth, gaps) power of each segment
        self.segments = 0
        self.seconds = 0.0

    def add(self, audio: np.ndarray, sr: int, segments: list[tuple[int, int]] | None = None) -> None:
        """Add an utterance; `segments` (analysis-frame ranges) default to its fricative segments."""
        if self.teeth[-1] + self.frame_rate / 2 >= 0.5 / HOP_S:
            raise ValueError("the comb's highest gap is above the level track's Nyquist frequency")
        level = band_level_db(audio, sr)
        block = int(round(BLOCK_S / HOP_S))
        for a, b in fricative_segments(audio, sr) if segments is None else segments:
            self.segments += 1
            self.seconds += (b - a) * HOP_S
            starts = [a] if b - a < 2 * block else range(a, b - block + 1, block // 2)
            teeth, gaps = np.zeros(len(self.teeth)), np.zeros(len(self.teeth))
            for s in starts:
                track = level[s : b if b - a < 2 * block else s + block]
                teeth += modulation_power(track, self.teeth)
                gaps += (modulation_power(track, self.gaps_lo) + modulation_power(track, self.gaps_hi)) / 2
            self.p_teeth += teeth
            self.p_gaps += gaps
            self._per_segment.append((teeth, gaps))

    def prominence_db(self, harmonics: int | None = None) -> float:
        """Comb prominence over the first `harmonics` teeth (all by default), in dB."""
        k = len(self.teeth) if harmonics is None else harmonics
        if self.segments == 0:
            return float("nan")
        return float(10 * np.log10(self.p_teeth[:k].sum() / self.p_gaps[:k].sum()))


    def bootstrap_db(self, n: int = 2000, seed: int = 0) -> tuple[float, float]:
        """2.5th and 97.5th percentiles of the prominence over segments resampled with replacement."""
        if not self._per_segment:
            return float("nan"), float("nan")
        teeth = np.array([t.sum() for t, _ in self._per_segment])
        gaps = np.array([g.sum() for _, g in self._per_segment])
        idx = np.random.default_rng(seed).integers(0, len(teeth), size=(n, len(teeth)))
        values = 10 * np.log10(teeth[idx].sum(axis=1) / gaps[idx].sum(axis=1))
        return float(np.percentile(values, 2.5)), float(np.percentile(values, 97.5))


def comb_prominence_db(audio: np.ndarray, sr: int, frame_rate_hz: float = 80.0,
                       segments: list[tuple[int, int]] | None = None) -> float:
    """Comb prominence of one waveform (its fricative segments, or the given analysis-frame ranges)."""
    meter = CombMeter(frame_rate_hz)
    meter.add(audio, sr, segments)
    return meter.prominence_db()


def whole(audio: np.ndarray, sr: int) -> list[tuple[int, int]]:
    """One segment spanning every analysis frame of `audio` (for signals that are all fricative)."""
    n = len(_frames_power(audio, sr)[0])
    return [(0, n)]


def synthesize(voices: list[str], threads: int, wav_dir: Path | None) -> dict[str, tuple[int, int, list[np.ndarray]]]:
    """Per voice: (sample rate, hop length, waveforms of SENTENCES), through the engine on the CPU."""
    import torch

    sys.path.insert(0, str(ROOT / "src"))
    from ttsserve.engine.engine import Engine, SynthesisRequest
    from ttsserve.pipeline.voice import LoadedVoice, Placement
    from ttsserve.settings import load_settings
    from ttsserve.telemetry import Telemetry
    from ttsserve.voices import load_manifest

    torch.set_num_threads(threads)
    engine = Engine(load_settings(device="cpu", warmup=False, torch_threads=threads, weights_dir=ROOT / "weights"),
                    Telemetry())
    engine.start()
    out = {}
    try:
        for voice in voices:
            # the hop length is the vocoder's; load the voice once outside the engine to read it
            loaded = LoadedVoice.load(load_manifest(ROOT / "weights" / voice),
                                      Placement(acoustic_device="cpu", vocoder_device="cpu", gpu_dtype="float32"),
                                      device="cpu")
            hop = int(loaded.vocoder.hop_length)
            del loaded
            waves, sr = [], None
            for i, text in enumerate(SENTENCES):
                r = asyncio.run(engine.synthesize(SynthesisRequest(text=text, voice=voice, seed=0)))
                sr = r.sample_rate_hz
                waves.append(np.asarray(r.audio, dtype=np.float32))
                if wav_dir is not None:
                    import soundfile as sf

                    wav_dir.mkdir(parents=True, exist_ok=True)
                    sf.write(wav_dir / f"{voice}_{i:02d}.wav", waves[-1], sr, subtype="PCM_16")
            out[voice] = (sr, hop, waves)
            print(f"{voice}: {len(waves)} sentences, {sum(len(w) for w in waves) / sr:.1f} s of audio", flush=True)
    finally:
        engine.stop()
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--voices", default="baker,distill-baker,distill-baker-low")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--json", default=str(ROOT / "bench" / "results" / "vocoder_comb_cpu.json"))
    ap.add_argument("--wav-dir", help="also write the synthesized sentences here")
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    audio = synthesize(args.voices.split(","), args.threads, Path(args.wav_dir) if args.wav_dir else None)
    rows = []
    for voice, (sr, hop, waves) in audio.items():
        meter, control = CombMeter(sr / hop), CombMeter(sr / hop * CONTROL_RATIO)
        for w in waves:
            meter.add(w, sr)
            control.add(w, sr)
        rows.append(dict(voice=voice, sample_rate_hz=sr, hop_length=hop, frame_rate_hz=sr / hop,
                         comb_prominence_db=round(meter.prominence_db(), 2),
                         first_tooth_db=round(meter.prominence_db(1), 2),
                         per_tooth_db=[round(float(10 * np.log10(t / g)), 2) for t, g in zip(meter.p_teeth, meter.p_gaps)],
                         comb_prominence_95ci_db=[round(v, 2) for v in meter.bootstrap_db()],
                         control_prominence_db=round(control.prominence_db(), 2),
                         audio_seconds=round(sum(len(w) for w in waves) / sr, 1),
                         fricative_segments=meter.segments, fricative_seconds=round(meter.seconds, 2)))
    print(f"\n{'voice':<20} {'frame rate':>10} {'comb prominence':>16} {'95% interval':>15} {'first tooth':>12} "
          f"{'control':>9} {'segments':>9} {'seconds':>8}")
    for r in rows:
        lo, hi = r["comb_prominence_95ci_db"]
        print(f"{r['voice']:<20} {r['frame_rate_hz']:>7.1f} Hz {r['comb_prominence_db']:>13.2f} dB "
              f"{f'{lo:.1f} to {hi:.1f}':>15} "
              f"{r['first_tooth_db']:>9.2f} dB {r['control_prominence_db']:>6.2f} dB {r['fricative_segments']:>9} "
              f"{r['fricative_seconds']:>8.2f}")
    import torch

    report = dict(
        benchmark="vocoder frame-rate comb in fricatives (bench/vocoder_comb.py)",
        command=" ".join(["python bench/vocoder_comb.py", *(sys.argv[1:] if argv is None else argv)]),
        device=f"cpu ({platform.processor() or platform.machine()}), torch {torch.__version__}, {args.threads} threads",
        sentences=SENTENCES,
        definition=dict(analysis=f"{WIN_S * 1000:g} ms Hann every {HOP_S * 1000:g} ms",
                        fricative_frames=f"energy above {SPLIT_HZ:g} Hz > energy below (smoothed {SMOOTH_S * 1000:g} ms), "
                                         f"level within {FLOOR_DB:g} dB of the maximum, runs >= {MIN_SEGMENT_S * 1000:g} ms",
                        band_hz=list(BAND_HZ), harmonics=HARMONICS,
                        prominence="10 log10(sum_k P(k f0) / sum_k mean(P(k f0 - f0/2), P(k f0 + f0/2))), "
                                   "P = modulation power of the detrended, Hann-windowed band level (dB) track, "
                                   "summed over fricative segments; f0 = frame rate"),
        voices=rows,
        wall_s=round(time.perf_counter() - t0, 1),
    )
    if args.json:
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"\nwrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
