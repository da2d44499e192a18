"""The one audio encoder: float32 waveform -> 16-bit PCM in WAV/FLAC/OGG/raw. Used by the API, the CLI
and warm-up alike. numpy + soundfile only (no torch), so it is safe on the HTTP side.
"""

from __future__ import annotations

import io
import struct
from typing import Literal

import numpy as np
import soundfile as sf

AudioFormat = Literal["wav", "flac", "ogg", "opus", "mp3", "pcm"]
FORMATS: tuple[str, ...] = ("wav", "flac", "ogg", "opus", "mp3", "pcm")
CONTENT_TYPES: dict[str, str] = {
    "wav": "audio/wav",
    "flac": "audio/flac",
    "ogg": "audio/ogg",  # Vorbis
    "opus": "audio/ogg; codecs=opus",
    "mp3": "audio/mpeg",
    "pcm": "audio/L16",  # raw s16le; rate and channels go in the Content-Type parameters
}
# libsndfile (through soundfile) encodes every format: no other codec library is involved.
_LOSSY = {"ogg": ("OGG", "VORBIS"), "opus": ("OGG", "OPUS"), "mp3": ("MP3", "MPEG_LAYER_III")}
_OPUS_RATES_HZ = (8000, 12000, 16000, 24000, 48000)
SUPPORTED_SAMPLE_RATES_HZ: tuple[int, ...] = (8000, 16000, 22050, 24000, 32000, 44100, 48000)


def to_int16(audio: np.ndarray) -> np.ndarray:
    """Clip to [-1, 1] and quantize with rounding (not truncation, which adds a DC bias)."""
    audio = np.asarray(audio, dtype=np.float32).reshape(-1)
    return np.round(np.clip(audio, -1.0, 1.0) * 32767.0).astype("<i2")


def content_type(fmt: str, sample_rate_hz: int) -> str:
    if fmt == "pcm":
        return f"audio/L16; rate={sample_rate_hz}; channels=1"
    return CONTENT_TYPES[fmt]


def encode(audio: np.ndarray, sample_rate_hz: int, fmt: str = "wav") -> bytes:
    """Encode mono float32 audio in [-1, 1]."""
    pcm = to_int16(audio)
    if fmt == "pcm":
        return pcm.tobytes()
    if fmt not in CONTENT_TYPES:
        raise ValueError(f"unsupported format {fmt!r}")
    buf = io.BytesIO()
    if fmt in _LOSSY:  # lossy codecs: encode from float, not from int16
        if fmt == "opus" and sample_rate_hz not in _OPUS_RATES_HZ:  # Opus runs at fixed rates only
            audio, sample_rate_hz = resample(audio, sample_rate_hz, 48000), 48000
        container, subtype = _LOSSY[fmt]
        sf.write(buf, np.clip(np.asarray(audio, np.float32), -1, 1), sample_rate_hz, format=container, subtype=subtype)
    else:
        sf.write(buf, pcm, sample_rate_hz, format=fmt.upper(), subtype="PCM_16")
    return buf.getvalue()


def wav_header_streaming(sample_rate_hz: int) -> bytes:
    """A 44-byte PCM WAV header whose sizes say 'unknown' (0xFFFFFFFF), for audio streamed as produced."""
    unknown = 0xFFFFFFFF
    return b"RIFF" + struct.pack("<I", unknown) + b"WAVE" + b"fmt " + struct.pack(
        "<IHHIIHH", 16, 1, 1, sample_rate_hz, sample_rate_hz * 2, 2, 16
    ) + b"data" + struct.pack("<I", unknown)


def resample(audio: np.ndarray, from_hz: int, to_hz: int) -> np.ndarray:
    """Polyphase resampling (scipy) with an anti-aliasing filter; exact passthrough when rates match."""
    if from_hz == to_hz or audio.size == 0:
        return audio
    import math

    from scipy.signal import resample_poly

    g = math.gcd(from_hz, to_hz)
    return resample_poly(audio, to_hz // g, from_hz // g).astype(np.float32)
