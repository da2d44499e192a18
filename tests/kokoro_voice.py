"""A Kokoro voice folder with a tiny configuration and random weights, laid out as `ttsserve convert kokoro` writes
the real one (the real weights come from registry packages the test suite never needs). Its phoneme vocabulary,
tests/data/kokoro_vocab.json, is Kokoro v1.0's (Apache-2.0)."""

from __future__ import annotations

import shutil
from dataclasses import asdict
from pathlib import Path

import torch
import yaml

from ttsserve.convert.kokoro import SPEAKERS
from ttsserve.pipeline.kokoro_model import KokoroConfig, KokoroDecoder, KokoroText

VOCAB = Path(__file__).parent / "data" / "kokoro_vocab.json"
# Small widths, the real frame layout: 24 kHz, 600 samples per frame, n_fft 20, hop 5, 178 tokens, 510 phonemes.
TINY = {"hidden_dim": 16, "style_dim": 8, "bert_embedding": 8, "bert_hidden": 16, "bert_heads": 2,
        "bert_intermediate": 16, "bert_layers": 2, "decoder_hidden": 16, "asr_res_dim": 4,
        "upsample_initial_channel": 16}


def tiny_config() -> KokoroConfig:
    return KokoroConfig(**TINY)


def write_kokoro_voice(root: Path, name: str = "kokoro", *, seed: int = 0, acoustic_options: dict | None = None,
                       emotions: dict | None = None, segmentation: dict | None = None) -> Path:
    from safetensors.torch import save_file

    torch.manual_seed(seed)
    cfg = tiny_config()
    out = root / name
    out.mkdir(parents=True, exist_ok=True)
    text, dec = KokoroText(cfg), KokoroDecoder(cfg)
    with torch.no_grad():  # a plausible f0 bias so that the harmonic source has voiced stretches
        text.predictor.F0_proj.bias.fill_(150.0)
        # and durations of a few frames a phoneme, as speech has (random logits give ~40: long, slow tests)
        text.predictor.duration_proj.bias.fill_(-3.0)
    save_file({k: v.contiguous() for k, v in text.state_dict().items()}, str(out / "text.safetensors"))
    save_file({k: v.contiguous() for k, v in dec.state_dict().items()}, str(out / "decoder.safetensors"))
    save_file({"packs": torch.randn(len(SPEAKERS), 510, 2 * cfg.style_dim) * 0.1}, str(out / "voices.safetensors"))
    shutil.copy(VOCAB, out / "vocab.json")
    config = {k: list(v) if isinstance(v, tuple) else v for k, v in asdict(cfg).items() if k in TINY}
    manifest = {
        "name": name, "display_name": "tiny random Kokoro", "language": "zh-CN", "sample_rate_hz": 24000,
        "symbols": {"type": "kokoro", "vocab": "vocab.json"},
        # random weights make no silence at a call's edges: every frame heard unless a test asks (edge_silence_s)
        "acoustic": {"type": "kokoro", "weights": "text.safetensors", "voices": "voices.safetensors", "config": config,
                     "edge_silence_s": None, **(acoustic_options or {})},
        "vocoder": {"type": "kokoro", "weights": "decoder.safetensors", "config": config},
        "speakers": {s: i for i, s in enumerate(SPEAKERS)},
        "speaker_info": {s: {"gender": g} for s, g in SPEAKERS.items()},
        "emotions": {"neutral": {}, "happy": {"speed": 1.06, "pitch": 1.12, "pitch_range": 1.3, "energy": 1.1},
                     "sad": {"speed": 0.86, "pitch": 0.92, "pitch_range": 0.7, "energy": 0.85},
                     "serious": {"speed": 0.94, "pitch": 0.94, "pitch_range": 0.75}, **(emotions or {})},
        "segmentation": {"max_syllables": 64, "phrase_pause_s": 0.05, **(segmentation or {})},
    }
    (out / "voice.yaml").write_text(yaml.safe_dump(manifest, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return out
