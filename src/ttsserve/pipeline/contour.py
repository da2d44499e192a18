"""Prosody controls as transforms of an acoustic model's normalized f0 and energy contours.

FastSpeech2 and Sambert predict one f0 value and one energy value per symbol in the normalization they were
trained with (a z-score over the training corpus), not in Hz or dB. Multiplying such a value by a ratio, as
the original FastSpeech2 `f0_ratios` did, widens or narrows the pitch range and leaves the register where it
was; adding log(ratio) / std, as was done for Sambert, moves the register but by an amount nobody measured.

Here a request's controls become one affine map per item and contour, `c' = scale * c + shift`, applied at
every real symbol (padding stays exactly 0):

- `pitch` (register: the ratio of median f0) -> the f0 shift,
- `pitch_range` (the ratio of the f0 spread in semitones around the register) -> the f0 scale,
- `energy` (a level ratio: 1.26 = +2 dB RMS) -> the energy shift.

With a linear-Hz z-score (f0 = mean + std * z) the exact transform for "f0 times p, spread times r" would be
z' = p * r * z + (p - 1) * mean / std. The models do not follow their input that literally: the decoder also
reads the text, so a shift of the whole contour moves the voice less than the same step between symbols does,
and it saturates near the top of the speaker's range (bench/prosody_calibration.py measures this). So a voice
can carry a measured calibration, as stage options in its voice.yaml:

    f0_mean_hz, f0_std_hz   the normalization estimated by regressing measured f0 on the predicted values
                            (documentation, and the textbook transform when no response is measured)
    pitch_response          {shift: [...], scale: [...], register: [...]}: for each shift of the normalized
                            f0, the scale that keeps the measured semitone range, and the register ratio
                            measured with that (shift, scale); monotone; its ends are the model's limits
    range_exponent          measured semitone range ratio ~ scale ** range_exponent (at shift 0)
    energy_response         {shift: [...], db: [...]}: the measured level change for a shift of the energy

A request beyond a response's ends is held at the end (the register the model can still produce cleanly).
Without a calibration the stage's own legacy mapping applies (`ContourControl.legacy_*`).
"""

from __future__ import annotations

import bisect
import math
from dataclasses import dataclass
from typing import Any

# Bounds for the f0 scale: a range request far outside what the model saw is held here.
MIN_SCALE, MAX_SCALE = 0.0, 3.0


@dataclass(frozen=True)
class Curve:
    """A measured, strictly increasing response y(x), piecewise linear between the points, held at its ends."""

    x: tuple[float, ...]
    y: tuple[float, ...]

    def __post_init__(self) -> None:
        if len(self.x) != len(self.y) or len(self.x) < 2:
            raise ValueError("a response needs at least two points, as many x as y")
        if any(b <= a for a, b in zip(self.x, self.x[1:])) or any(b <= a for a, b in zip(self.y, self.y[1:])):
            raise ValueError("a response must increase strictly in both coordinates")

    def at(self, x: float) -> float:
        return _interp(x, self.x, self.y)

    def inverse(self, y: float) -> float:
        return _interp(y, self.y, self.x)


def _interp(v: float, xs: tuple[float, ...], ys: tuple[float, ...]) -> float:
    if v <= xs[0]:
        return ys[0]
    if v >= xs[-1]:
        return ys[-1]
    i = bisect.bisect_right(xs, v)
    t = (v - xs[i - 1]) / (xs[i] - xs[i - 1])
    return ys[i - 1] + t * (ys[i] - ys[i - 1])


@dataclass(frozen=True)
class ContourControl:
    f0_mean_hz: float | None = None
    f0_std_hz: float | None = None
    register: Curve | None = None  # f0 shift -> measured register ratio (on the range-keeping path)
    range_scale: Curve | None = None  # f0 shift -> the scale that keeps the range there (x: shift, y: scale)
    range_exponent: float = 1.0
    energy: Curve | None = None  # energy shift -> measured level change (dB)

    @classmethod
    def from_options(cls, options: dict[str, Any]) -> "ContourControl":
        """From a stage's options (the voice.yaml `acoustic:` section). Unknown keys are the stage's own."""
        mean, std = options.get("f0_mean_hz"), options.get("f0_std_hz")
        if (mean is None) != (std is None) or (std is not None and (float(std) <= 0 or float(mean) <= 0)):
            raise ValueError("f0_mean_hz and f0_std_hz go together and must be positive")
        register = range_scale = energy = None
        if "pitch_response" in options:
            pr = options["pitch_response"]
            shift = tuple(float(v) for v in pr["shift"])
            register = Curve(shift, tuple(float(v) for v in pr["register"]))
            scales = tuple(float(v) for v in pr.get("scale", [1.0] * len(shift)))
            if len(scales) != len(shift) or min(scales) <= 0:
                raise ValueError("pitch_response.scale: one positive scale per shift")
            range_scale = _Table(shift, scales)
        if "energy_response" in options:
            er = options["energy_response"]
            energy = Curve(tuple(float(v) for v in er["shift"]), tuple(float(v) for v in er["db"]))
        exponent = float(options.get("range_exponent", 1.0))
        if exponent <= 0:
            raise ValueError("range_exponent must be positive")
        return cls(None if mean is None else float(mean), None if std is None else float(std), register,
                   range_scale, exponent, energy)

    @property
    def calibrated_f0(self) -> bool:
        return self.register is not None or self.f0_std_hz is not None

    @property
    def calibrated_energy(self) -> bool:
        return self.energy is not None

    def f0(self, pitch: float, pitch_range: float = 1.0) -> tuple[float, float]:
        """(scale, shift) of the normalized f0 for a register ratio `pitch` and a range ratio `pitch_range`.
        Only for a calibrated voice (`calibrated_f0`)."""
        if pitch <= 0 or pitch_range < 0:
            raise ValueError("pitch must be positive and pitch_range not negative")
        if self.register is not None:
            shift = self.register.inverse(pitch)
            scale = self.range_scale.at(shift) * pitch_range ** (1.0 / self.range_exponent)
        elif self.f0_std_hz is not None:  # the textbook transform of a linear-Hz z-score
            shift = (pitch - 1.0) * self.f0_mean_hz / self.f0_std_hz
            scale = pitch * pitch_range
        else:
            raise ValueError("no f0 calibration")
        return min(max(scale, MIN_SCALE), MAX_SCALE), shift

    def energy_shift(self, energy: float) -> float:
        """The energy shift for a level ratio (1.26 = +2 dB). Only for a calibrated voice (`calibrated_energy`)."""
        if energy <= 0:
            raise ValueError("energy must be positive")
        return self.energy.inverse(20.0 * math.log10(energy))


@dataclass(frozen=True)
class _Table:
    """y(x) piecewise linear over increasing x, held at the ends (y need not be monotone)."""

    x: tuple[float, ...]
    y: tuple[float, ...]

    def __post_init__(self) -> None:
        if len(self.x) != len(self.y) or any(b <= a for a, b in zip(self.x, self.x[1:])):
            raise ValueError("a table needs increasing x and one y per x")

    def at(self, x: float) -> float:
        return _interp(x, self.x, self.y)
