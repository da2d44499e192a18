"""Test-only stages (never shipped): a character frontend and a tone 'voice', deterministic and fast, so that
engine and API tests exercise the real queue, worker, cache and encoder without model weights.

Importing this module registers them as frontend "test-chars", symbols "test-chars", acoustic "test-tone",
vocoder "test-tone".
"""

from __future__ import annotations

import math
import time
from pathlib import Path

import torch

from ttsserve.errors import TextError
from ttsserve.pipeline.base import AcousticOutput, FrontendOutput, Sentence, Syllable, VocoderWindow, register

TONE_RATE_HZ = 8000
TONE_HOP = 80
FRAMES_PER_SYMBOL = 5


class CharFrontend:
    """One 'syllable' per non-space character; sentences end at 。 (spans kept)."""

    def process(self, text: str) -> FrontendOutput:
        sentences, start = [], 0
        for i, ch in enumerate(text + "。"):
            if ch == "。":
                piece = text[start:i]
                sylls = tuple(Syllable(text=c, pinyin="a1", initial="", final="a", tone=1, span=(start + k, start + k + 1))
                              for k, c in enumerate(piece) if not c.isspace())
                if sylls:
                    sentences.append(Sentence(text=piece, span=(start, i), syllables=sylls))
                start = i + 1
        if not sentences:
            raise TextError("text contains nothing speakable")
        return FrontendOutput(normalized_text=text, sentences=tuple(sentences), source=text)


class CharSymbols:
    name = "test-chars"
    # an unexpected bug inside one job, for the tests of that path; None: no trap. (Hypothesis draws string
    # constants from the code it runs, so the schema fuzzer sent 炸, then 爆炸, and rightly reported the 500: its
    # module switches the trap off.)
    TRAP: str | None = "爆炸"

    def encode(self, sentence: Sentence) -> list[int]:
        if self.TRAP and self.TRAP in sentence.text:
            raise RuntimeError("boom")
        return [1 + (ord(s.text[0]) % 7) for s in sentence.syllables]

    def to_phones(self, sentence: Sentence) -> list[str]:
        return [s.pinyin for s in sentence.syllables]

    def symbol_syllables(self, sentence: Sentence) -> list[int]:
        return list(range(len(sentence.syllables)))


class ToneAcoustic:
    """mel frame value = the symbol id; `delay_s` per call simulates model time."""

    n_mels = 4

    def __init__(self, delay_s: float = 0.0, nbytes: int = 1000, delay_per_symbol_s: float = 0.0,
                 n_speakers: int | None = None, n_emotions: int | None = None) -> None:
        self.n_speakers, self.n_emotions = n_speakers, n_emotions  # None: not declared (not checked)
        self.delay_s = delay_s
        self.delay_per_symbol_s = delay_per_symbol_s
        self._nbytes = nbytes
        self.device = torch.device("cpu")
        self.dtype = torch.float32

    def infer(self, inputs):
        outs = []
        for inp in inputs:
            if self.delay_s or self.delay_per_symbol_s:
                time.sleep(self.delay_s + self.delay_per_symbol_s * len(inp.symbol_ids))
            frames = max(1, round(FRAMES_PER_SYMBOL / inp.prosody.speed))
            ids = torch.tensor(inp.symbol_ids, dtype=torch.float32)
            mel = ids.repeat_interleave(frames)[:, None].expand(-1, self.n_mels) * inp.prosody.pitch
            outs.append(AcousticOutput(mel=mel.contiguous(), durations=torch.full((len(ids),), frames)))
        return outs

    def to(self, device):
        self.device = torch.device(device)
        return self

    def nbytes(self) -> int:
        return self._nbytes


class ToneVocoder:
    sample_rate_hz = TONE_RATE_HZ
    hop_length = TONE_HOP

    def __init__(self, nbytes: int = 1000) -> None:
        self.device = torch.device("cpu")
        self.dtype = torch.float32
        self._nbytes = nbytes

    def infer(self, mel: torch.Tensor) -> torch.Tensor:
        f0 = 100.0 * mel[:, 0].repeat_interleave(self.hop_length)  # (T * hop,)
        phase = torch.cumsum(2 * math.pi * f0 / self.sample_rate_hz, 0)
        return 0.5 * torch.sin(phase)

    def plan_windows(self, mel, *, chunk_frames=None, equal_length=False, start=0, final=True, end=None):
        # The tone's phase runs across the whole mel: each window carries the whole mel and keeps its own chunk
        # (so it needs the whole mel: nothing of one still growing).
        if not final:
            return []
        t, step = mel.shape[0] if end is None else end, chunk_frames or 3
        return [VocoderWindow(mel, s, min(step, t - s)) for s in range(start, t, step)]

    def run_windows(self, windows, *, max_windows=16):
        hop = self.hop_length
        return [self.infer(w.mel)[w.offset * hop : (w.offset + w.frames) * hop] for w in windows]

    def stream(self, mel: torch.Tensor, *, chunk_frames: int | None = None):
        wav = self.infer(mel)
        step = (chunk_frames or 3) * self.hop_length
        for i in range(0, len(wav), step):
            yield wav[i : i + step]

    def to(self, device):
        self.device = torch.device(device)
        return self

    def nbytes(self) -> int:
        return self._nbytes


register("frontend", "test-chars")(lambda options: CharFrontend())
register("symbols", "test-chars")(lambda options: CharSymbols())
register("acoustic", "test-tone")(lambda spec, *, device="cpu", dtype="float32": ToneAcoustic(**spec.options.get("config", {})))
register("vocoder", "test-tone")(lambda spec, *, device="cpu", dtype="float32": ToneVocoder(**spec.options.get("config", {})))


def write_tone_voice(weights_dir: Path, name: str = "tone", *, delay_s: float = 0.0, nbytes: int = 1000,
                     delay_per_symbol_s: float = 0.0,
                     emotions: str = "  neutral: {}\n  happy: {speed: 1.2, pitch: 1.1, description: brighter}\n") -> Path:
    d = weights_dir / name
    d.mkdir(parents=True, exist_ok=True)
    (d / "voice.yaml").write_text(
        f"name: {name}\n"
        f"display_name: Test tone {name}\n"
        f"sample_rate_hz: {TONE_RATE_HZ}\n"
        "symbols: {type: test-chars}\n"
        f"acoustic: {{type: test-tone, config: {{delay_s: {delay_s}, nbytes: {nbytes}, "
        f"delay_per_symbol_s: {delay_per_symbol_s}}}}}\n"
        f"vocoder: {{type: test-tone, config: {{nbytes: {nbytes}}}}}\n"
        "speakers: {a: 0, b: 1}\n"
        f"emotions:\n{emotions}",
        encoding="utf-8",
    )
    return d


def counter(engine, name: str, labels: dict | None = None) -> float:
    """A Prometheus sample of the engine's registry (0 when the series does not exist yet)."""
    return engine.telemetry.registry.get_sample_value(name, labels or {}) or 0.0


def record_jobs(engine) -> dict:
    """Wrap `engine.submit` so that a test can reach each submitted Job by its request text (to cancel it)."""
    jobs: dict = {}
    submit = engine.submit

    def recording_submit(request, **kw):
        jobs[request.text] = job = submit(request, **kw)
        return job

    engine.submit = recording_submit
    return jobs


class HoldWorker:
    """A fault hook that holds the worker thread at its next `stage` hook (a model call about to run) until
    `release()`: while it is held the worker is busy for sure, without guessing how long a sleep that takes.
    `then`: another hook, called for every stage after this one."""

    def __init__(self, engine, stage: str = "acoustic", then=None) -> None:
        import threading

        self.stage, self.then = stage, then
        self.reached, self.go = threading.Event(), threading.Event()
        engine.worker.fault_hook = self

    def __call__(self, stage: str) -> None:
        if stage == self.stage and not self.go.is_set():
            self.reached.set()
            self.go.wait(10)
        if self.then:
            self.then(stage)

    async def busy(self) -> None:
        """Returns once the worker is held."""
        import asyncio

        assert await asyncio.to_thread(self.reached.wait, 10), "the worker never reached the hold"

    def release(self) -> None:
        self.go.set()


async def until(condition, timeout_s: float = 10.0) -> None:
    """Await a condition that other tasks or threads make true (yielding to the event loop between checks)."""
    import asyncio

    deadline = time.monotonic() + timeout_s
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        await asyncio.sleep(0.001)
