"""Kokoro-82M as ttsserve stages (model: `kokoro_model.py`).

- acoustic `kokoro`: phoneme ids (with the pad id at both ends) + speaker -> per-frame features (F, 644): the
  aligned text encoding, f0 (Hz) and energy at the two sub-frames of each frame, and the speaker's decoder style.
  The speaker's voice pack gives a style vector per call length (its row `n_phonemes - 1`), as the reference does.
- vocoder `kokoro`: those features -> 24 kHz waveform, 600 samples per frame. The decoder's AdaIN normalizes
  over the whole call, so a call is vocoded in one window (never chunked); calls of any lengths stack into padded
  passes (masked: each call as alone), at most `max_pass_frames` frames a pass.
- Several acoustic calls in one `infer` run as one padded batch (`KokoroText.infer`), each as alone.

Prosody: `speed` divides the durations (as the reference's speed input does); `pitch` scales f0 and
`pitch_range` scales its spread in log f0 around the call's median, voiced frames only; `energy` scales the
energy curve N the decoder reads (the model's own vocal effort; f0 and durations stay) about the call's lowest
value, its silence: N' = floor + scale * (N - floor). (Scaled about zero, a softer style lifted the silences'
N, about -9, towards the speech's and the decoder filled the pauses with noise at -73 dBFS.) A voice can carry
the measured response, `energy_response: {scale: [...], db: [...]}` in its `acoustic:` options
(bench/kokoro_energy.py measures it): then `energy` is a level ratio (1.26 = +2 dB RMS), held at the curve's
ends; without one it is the scale itself.

Edge silence: Kokoro puts ~0.4 s of silence before a call's first sound (its leading pad symbol) and ~0.8-1 s after
its last (on the last syllable's tone symbol and the closing punctuation), so that between two sentences a listener
heard ~1.5 s of silence where the other voices leave ~0.45 s (the scheduler's `sentence_silence_s` included), and an
SSML <break> was ~1.3 s longer than asked. Cutting those frames out of the features would change the whole call:
the decoder's AdaIN normalizes over the call (bench/kokoro_edges.py: the speech 0.2-1.4 dB quieter on sentences
of the test set, 1.7-7.1 dB on short ones, its log mel 0.1-1.4 log10 units away). So the vocoder still reads
every frame, and the acoustic output marks the silent ones as `edges` whose audio is left out: all but
`edge_silence_s` (default 0.05 s before, 0.15 s after) of the frames whose energy curve N stays near the call's
lowest value (`SOUND_SHARE_OF_RANGE`), at a call's true start and end only (not at the cut of a long sentence).
The durations count the audible frames, so timestamps follow. `edge_silence_s: null` in a voice's acoustic options
keeps every frame (the original model's output, as the parity tests compare).
"""

from __future__ import annotations

import math
from typing import Iterator

import torch
import torch.nn.functional as F

from ttsserve.pipeline.base import AcousticInput, AcousticOutput, StageSpec, VocoderWindow, register
from ttsserve.pipeline.contour import Curve
from ttsserve.pipeline.kokoro_model import KokoroConfig, KokoroDecoder, KokoroText
from ttsserve.pipeline.torch_stage import BatchedWindows, ModuleStage, load_strict

VOICED_HZ = 10.0  # the harmonic source's own voicing threshold
# A frame is sound when N (either sub-frame) is above the call's lowest N (its silence, -9..-11) by this share of
# the call's range (speech reaches 5..9): about -6, where a frame's waveform is ~-70 dBFS at a call's first sound
# and at its last. (A fixed 1.5 above the floor took a call's first frame, often a little above the lowest, for
# sound: zf_xiaoni's short calls kept their whole 0.4 s lead.)
SOUND_SHARE_OF_RANGE = 0.2
EDGE_SILENCE_S = (0.05, 0.15)  # kept before a call's first sound and after its last


def audible_edges(n: torch.Tensor, keep: tuple[int, int], *, lead: bool = True, tail: bool = True) -> tuple[int, int]:
    """(frames to leave out at the start, at the end) of a call whose energy curve is `n` (F, 2): the silent
    frames beyond `keep` = (frames kept before the first sound, after the last). (0, 0) when nothing is sound."""
    level = n.max(dim=1).values
    floor = level.min()
    sound = torch.nonzero(level > floor + SOUND_SHARE_OF_RANGE * (level.max() - floor)).flatten()
    if sound.numel() == 0:
        return 0, 0
    first, last = int(sound[0]), int(sound[-1])
    return (max(0, first - keep[0]) if lead else 0,
            max(0, int(level.shape[0]) - 1 - last - keep[1]) if tail else 0)


def shorten(durations: torch.Tensor, lead: int, tail: int) -> torch.Tensor:
    """`durations` less `lead` frames taken from the first symbols and `tail` from the last (a symbol can reach 0)."""
    d = durations.clone()
    for frames, order in ((lead, range(len(d))), (tail, range(len(d) - 1, -1, -1))):
        for i in order:
            if frames <= 0:
                break
            take = min(int(d[i]), frames)
            d[i] -= take
            frames -= take
    return d


class KokoroAcoustic(ModuleStage):
    def __init__(self, module: KokoroText, packs: torch.Tensor, *, device: str = "cpu", dtype: str = "float32",
                 energy_response: Curve | None = None,
                 edge_silence_s: tuple[float, float] | None = EDGE_SILENCE_S) -> None:
        module.register_buffer("packs", packs.float(), persistent=False)  # (speakers, 510, 256)
        super().__init__(module, device=device, dtype=dtype)
        self.energy_response = energy_response  # N scale -> measured level change (dB)
        frame_s = module.cfg.hop_length / module.cfg.sample_rate_hz
        # frames of silence kept before a call's first sound and after its last; None: keep all (module docstring)
        self.edge_keep = None if edge_silence_s is None else tuple(round(s / frame_s) for s in edge_silence_s)
        self.cfg = module.cfg
        self.n_mels = self.cfg.feature_dim
        self.n_speakers, self.n_emotions = int(packs.shape[0]), 0
        self.max_symbols = min(self.cfg.bert_max_positions, packs.shape[1] + 2)

    def style(self, speaker_id: int, n_phonemes: int) -> torch.Tensor:
        """(1, 256) style vector: the speaker's pack row for this many phonemes."""
        packs = self.module.packs
        return packs[speaker_id, min(max(n_phonemes, 1), packs.shape[1]) - 1][None]

    @torch.inference_mode()
    def infer(self, inputs: list[AcousticInput]) -> list[AcousticOutput]:
        """One call alone, or several at once (the scheduler groups calls on a GPU): padded, each call's result
        what it gives alone up to float rounding (`KokoroText.infer`)."""
        for inp in inputs:
            self._check(inp)
        styles = torch.cat([self.style(inp.speaker_id, len(inp.symbol_ids) - 2) for inp in inputs])
        styles = styles.to(self.device, self.dtype)
        s_dec, s_pred = styles[:, : self.cfg.style_dim], styles[:, self.cfg.style_dim :]
        got = self.module.infer([list(inp.symbol_ids) for inp in inputs], s_pred, s_dec,
                                [inp.prosody.speed for inp in inputs])
        got = [self._own(inp, durations, feats) for inp, (durations, feats) in zip(inputs, got)]
        edges = self._edges(inputs, [feats for _, feats in got])
        return [AcousticOutput(mel=self._prosody(feats, inp.prosody.pitch, inp.prosody.pitch_range,
                                                 self.energy_scale(inp.prosody.energy)).float(),
                               durations=shorten(durations, *edge) if any(edge) else durations, edges=edge)
                for inp, (durations, feats), edge in zip(inputs, got, edges)]

    def _edges(self, inputs: list[AcousticInput], feats: list[torch.Tensor]) -> list[tuple[int, int]]:
        """Each call's silent frames to leave unheard at its true start and end (module docstring), from its energy
        curve; every call's curve comes to the host in one copy (one wait for the device, as for the durations)."""
        if self.edge_keep is None:
            return [(0, 0)] * len(inputs)
        c = self.cfg.hidden_dim
        curves = torch.cat([f[:, c + 2 : c + 4] for f in feats]).float().cpu().split([len(f) for f in feats])
        return [audible_edges(n, self.edge_keep, lead=inp.own is None or inp.own[0] == 0,
                              tail=inp.own is None or inp.own[1] == len(inp.symbol_ids))
                for inp, n in zip(inputs, curves)]

    takes_context = True  # AcousticInput.own: the model reads the context, the call gets its own frames

    @staticmethod
    def _own(inp: AcousticInput, durations: torch.Tensor, feats: torch.Tensor):
        """A call read with context keeps its own symbols' durations and frames (features are per frame)."""
        if inp.own is None:
            return durations, feats
        a, b = inp.own
        start, end = int(durations[:a].sum()), int(durations[:b].sum())
        return durations[a:b], feats[start:end]

    def energy_scale(self, energy: float) -> float:
        """The factor on the N curve for an `energy` control: through the measured response (a level ratio) when
        the voice has one, else the factor itself."""
        if energy <= 0:
            raise ValueError("energy must be positive")
        if energy == 1.0 or self.energy_response is None:
            return energy
        return self.energy_response.inverse(20.0 * math.log10(energy))

    def _check(self, inp: AcousticInput) -> None:
        ids = inp.symbol_ids
        if inp.own is not None and not 0 <= inp.own[0] < inp.own[1] <= len(ids):
            raise ValueError(f"own symbols {inp.own} outside the call's {len(ids)} symbols")
        if len(ids) < 3 or ids[0] != 0 or ids[-1] != 0:
            raise ValueError("Kokoro symbol ids start and end with the pad id 0 and hold at least one phoneme")
        if len(ids) > self.max_symbols:
            raise ValueError(f"a Kokoro call holds at most {self.max_symbols - 2} phonemes, got {len(ids) - 2}")
        if min(ids) < 0 or max(ids) >= self.cfg.n_tokens:
            raise ValueError(f"symbol ids must be in 0..{self.cfg.n_tokens - 1}")
        if not 0 <= inp.speaker_id < self.n_speakers:
            raise ValueError(f"speaker id {inp.speaker_id} out of range (0..{self.n_speakers - 1})")

    def _prosody(self, feats: torch.Tensor, pitch: float, pitch_range: float, energy_scale: float = 1.0) -> torch.Tensor:
        """The controls on a call's features, on one copy (the input is left as it is)."""
        if pitch == 1.0 and pitch_range == 1.0 and energy_scale == 1.0:
            return feats
        c = self.cfg.hidden_dim
        out = feats.clone()
        if energy_scale != 1.0:
            n = feats[:, c + 2 : c + 4]  # N at both sub-frames
            floor = n.min()
            out[:, c + 2 : c + 4] = floor + (n - floor) * energy_scale
        if pitch != 1.0 or pitch_range != 1.0:
            f0 = feats[:, c : c + 2]
            voiced = f0 > VOICED_HZ
            if bool(voiced.any()):
                log_f0 = torch.log(f0.clamp(min=VOICED_HZ))
                median = log_f0[voiced].median()
                shaped = torch.exp(median + (log_f0 - median) * pitch_range) * pitch
                out[:, c : c + 2] = torch.where(voiced, shaped, f0)
        return out


class KokoroVocoder(BatchedWindows, ModuleStage):
    def __init__(self, module: KokoroDecoder, *, device: str = "cpu", dtype: str = "float32") -> None:
        super().__init__(module, device=device, dtype=dtype)
        self.cfg = module.cfg
        self.sample_rate_hz = self.cfg.sample_rate_hz
        self.hop_length = self.cfg.hop_length
        self.chunk_frames = None

    causal = False
    # A window is a whole call (up to 64 syllables, ~600 frames) and the decoder holds about 0.5 MB of activations
    # per frame in float32 (measured on a CPU: 237 MB for one 400-frame call, 390 MB for two): 16 such calls
    # stacked took torch's reserved memory to 7.1 GB under 32 clients on an H200 (bench/results/session8_h200/
    # run17_kokoro_memory.json). 1,024 frames a pass (~25 s of audio, ~0.5 GB) keeps a pass near what the other
    # voices' passes hold.
    max_pass_frames = 1024

    @torch.inference_mode()
    def infer(self, mel: torch.Tensor) -> torch.Tensor:
        feats = mel.to(self.device, self.dtype).T[None]  # (1, feature_dim, F)
        return self.module(feats)[0].float()

    @torch.inference_mode()
    def run_windows(self, windows: list[VocoderWindow], *, max_windows: int = 16) -> list[torch.Tensor]:
        """Each window (a whole call) of any length: longest first, calls stacked into one padded pass
        (`KokoroDecoder(..., lengths=)`: each call's waveform as alone, up to float rounding), at most
        `max_windows` calls and `max_pass_frames` padded frames a pass; a call alone runs unpadded."""
        hop = self.hop_length
        out: list[torch.Tensor | None] = [None] * len(windows)
        order = sorted(range(len(windows)), key=lambda k: -windows[k].mel.shape[-1])
        while order:
            width = windows[order[0]].mel.shape[-1]  # the longest left: the pass's padded length
            n = max(1, min(max_windows, self.max_pass_frames // width))
            group, order = order[:n], order[n:]
            feats = torch.stack([F.pad(windows[k].mel, (0, width - windows[k].mel.shape[-1])) for k in group])
            lengths = torch.tensor([windows[k].mel.shape[-1] for k in group]) if len(group) > 1 else None  # host
            with self._autocast():  # the `cpu_vocoder_dtype` setting (BatchedWindows)
                wavs = self.module(feats, lengths=lengths)
            for k, wav in zip(group, wavs):
                w = windows[k]
                out[k] = wav[w.offset * hop : (w.offset + w.frames) * hop].float()
        return out  # type: ignore[return-value]

    @torch.inference_mode()
    def infer_batch(self, mels: list[torch.Tensor], *, chunk_frames: int | None = None,
                    max_windows: int = 16) -> list[torch.Tensor]:
        """Offline batches (benchmarks, recipes) take the serving path: each mel one window, `run_windows`."""
        return self.run_windows([w for mel in mels for w in self.plan_windows(mel)], max_windows=max_windows)

    @torch.inference_mode()
    def stream(self, mel: torch.Tensor, *, chunk_frames: int | None = None) -> Iterator[torch.Tensor]:
        yield self.infer(mel)  # whole-call normalization: one piece

    def _spans(self, t: int, chunk_frames: int | None, start: int = 0):
        if start < t:
            yield 0, t, start, t  # the whole call is the window; the chunk is what is still wanted (to `end`)

    def _batch_windows(self, mel: torch.Tensor, chunk_frames: int | None):
        yield mel, 0, mel.shape[-1]

    def _prepare(self, window: torch.Tensor) -> torch.Tensor:
        return window


def _load_state(path) -> dict[str, torch.Tensor]:
    from safetensors.torch import load_file

    return {k: v.float() for k, v in load_file(str(path)).items()}


def _config(spec: StageSpec) -> KokoroConfig:
    overrides = dict(spec.options.get("config", {}))
    for key in ("upsample_rates", "upsample_kernel_sizes", "resblock_kernel_sizes", "resblock_dilations"):
        if key in overrides:
            overrides[key] = tuple(overrides[key])
    return KokoroConfig(**overrides)


@register("acoustic", "kokoro")
def load_acoustic(spec: StageSpec, *, device: str = "cpu", dtype: str = "float32") -> KokoroAcoustic:
    """Options: `weights` (safetensors: the text side), `voices` (safetensors with `packs`, (speakers, 510, 256)),
    `config` (KokoroConfig overrides), `energy_response` ({scale: [...], db: [...]}: measured, increasing),
    `edge_silence_s` ([before, after] seconds of silence kept around a call's sound; default [0.05, 0.15]; null:
    every frame the model makes is heard)."""
    module = load_strict(KokoroText(_config(spec)), _load_state(spec.voice_dir / spec.options["weights"]))
    packs = _load_state(spec.voice_dir / spec.options["voices"])["packs"]
    er = spec.options.get("energy_response")
    response = None
    if er is not None:
        response = Curve(tuple(float(v) for v in er["scale"]), tuple(float(v) for v in er["db"]))
        if response.x[0] <= 0:
            raise ValueError("energy_response.scale must be positive")
    edge = spec.options.get("edge_silence_s", EDGE_SILENCE_S)
    if edge is not None:
        edge = tuple(float(v) for v in edge)
        if len(edge) != 2 or min(edge) < 0:
            raise ValueError("edge_silence_s is [seconds before, seconds after], both >= 0, or null")
    return KokoroAcoustic(module, packs, device=device, dtype=dtype, energy_response=response, edge_silence_s=edge)


@register("vocoder", "kokoro")
def load_vocoder(spec: StageSpec, *, device: str = "cpu", dtype: str = "float32") -> KokoroVocoder:
    """Options: `weights` (safetensors: the decoder), `config` (KokoroConfig overrides)."""
    module = load_strict(KokoroDecoder(_config(spec)), _load_state(spec.voice_dir / spec.options["weights"]))
    return KokoroVocoder(module, device=device, dtype=dtype)
