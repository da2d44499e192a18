"""A small reader for TFLite flatbuffers: tensors, constant buffers (int8 dequantized), operators in
execution order. Built on the `tflite` package (generated flatbuffer bindings); install with the
`convert` extra. Used by the converters only, never at serve time.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

_NUMPY_TYPES = {0: np.float32, 1: np.float16, 2: np.int32, 3: np.uint8, 4: np.int64, 7: np.int16, 9: np.int8}


@dataclass(frozen=True)
class TensorInfo:
    index: int
    name: str
    shape: tuple[int, ...]
    dtype: type
    scale: np.ndarray | None  # quantization scales (per tensor: 1 entry; per channel: one per channel)
    zero_point: np.ndarray | None
    quantized_dimension: int
    is_constant: bool


@dataclass(frozen=True)
class OpInfo:
    index: int
    name: str  # builtin operator name, e.g. "CONV_2D", or "CUSTOM:FlexRandomUniform"
    inputs: tuple[int, ...]  # tensor indices, -1 for an omitted optional input
    outputs: tuple[int, ...]
    raw: object  # the tflite.Operator, for reading builtin options


class TFLiteModel:
    def __init__(self, path: str | Path) -> None:
        import tflite

        self._tflite = tflite
        self.path = Path(path)
        self._buf = self.path.read_bytes()
        self.model = tflite.Model.GetRootAsModel(self._buf, 0)
        self.graph = self.model.Subgraphs(0)
        names = {v: k for k, v in vars(tflite.BuiltinOperator).items() if not k.startswith("_")}
        self.tensors = [self._tensor(i) for i in range(self.graph.TensorsLength())]
        self.operators: list[OpInfo] = []
        for i in range(self.graph.OperatorsLength()):
            op = self.graph.Operators(i)
            code = self.model.OperatorCodes(op.OpcodeIndex())
            name = names.get(max(code.BuiltinCode(), code.DeprecatedBuiltinCode()), "?")
            if name == "CUSTOM":
                name += ":" + code.CustomCode().decode()
            self.operators.append(OpInfo(
                i, name, tuple(int(x) for x in op.InputsAsNumpy()), tuple(int(x) for x in op.OutputsAsNumpy()), op))
        self._consumers: dict[int, list[OpInfo]] = {}
        for op in self.operators:
            for t in op.inputs:
                self._consumers.setdefault(t, []).append(op)

    def _tensor(self, i: int) -> TensorInfo:
        t = self.graph.Tensors(i)
        q = t.Quantization()
        scale = q.ScaleAsNumpy() if q is not None and q.ScaleLength() else None
        zp = q.ZeroPointAsNumpy() if q is not None and q.ZeroPointLength() else None
        buf = self.model.Buffers(t.Buffer())
        return TensorInfo(
            index=i, name=t.Name().decode(), shape=tuple(int(s) for s in t.ShapeAsNumpy()) if t.ShapeLength() else (),
            dtype=_NUMPY_TYPES.get(t.Type(), np.uint8), scale=scale, zero_point=zp,
            quantized_dimension=q.QuantizedDimension() if q is not None else 0,
            is_constant=buf is not None and buf.DataLength() > 0,
        )

    def constant(self, index: int, *, dequantize: bool = True) -> np.ndarray:
        """A constant tensor's value; int8/uint8 with a scale are dequantized to float32."""
        info = self.tensors[index]
        if not info.is_constant:
            raise ValueError(f"tensor {index} ({info.name}) is not a constant")
        raw = self.model.Buffers(self.graph.Tensors(index).Buffer()).DataAsNumpy().tobytes()
        value = np.frombuffer(raw, dtype=info.dtype).reshape(info.shape)
        if dequantize and info.scale is not None and info.dtype in (np.int8, np.uint8):
            zp = info.zero_point if info.zero_point is not None else np.zeros_like(info.scale)
            shape = [1] * value.ndim
            if info.scale.size > 1:
                shape[info.quantized_dimension] = -1
            value = (value.astype(np.float32) - zp.reshape(shape)) * info.scale.reshape(shape).astype(np.float32)
        return np.array(value)

    def consumers(self, tensor: int) -> list[OpInfo]:
        return self._consumers.get(tensor, [])

    def options(self, op: OpInfo, cls_name: str):
        """Builtin options of `op` as the tflite class `cls_name` (e.g. "Conv2DOptions")."""
        cls = getattr(self._tflite, cls_name)
        table = op.raw.BuiltinOptions()
        opts = cls()
        opts.Init(table.Bytes, table.Pos)
        return opts

    def constant_input(self, op: OpInfo) -> int | None:
        """The index of the op's single constant input (e.g. the bias of an ADD), or None."""
        consts = [t for t in op.inputs if t >= 0 and self.tensors[t].is_constant]
        return consts[0] if len(consts) == 1 else None
