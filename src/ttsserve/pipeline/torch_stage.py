"""What every stage wrapping one `torch.nn.Module` shares: placement, dtype, byte count."""

from __future__ import annotations

import torch


class ModuleStage:
    """Holds `module` in eval mode on `device` in `dtype`; `to()` moves it, `nbytes()` counts its tensors."""

    def __init__(self, module: torch.nn.Module, *, device: str = "cpu", dtype: str = "float32") -> None:
        self.module = module.eval()
        self.device = torch.device(device)
        self.dtype = getattr(torch, dtype)
        self.module.to(self.device, self.dtype)

    def to(self, device: torch.device | str):
        self.device = torch.device(device)
        self.module.to(self.device)
        return self

    def nbytes(self) -> int:
        return sum(t.numel() * t.element_size() for t in (*self.module.parameters(), *self.module.buffers()))


def load_strict(module: torch.nn.Module, state: dict[str, torch.Tensor]) -> torch.nn.Module:
    """`load_state_dict(strict=True)` with an error that names the first missing, mis-shaped or unexpected key
    (checkpoints from other releases fail here, never silently as with strict=False)."""
    expected = module.state_dict()
    for key, value in expected.items():
        if key not in state:
            raise KeyError(f"checkpoint lacks {key!r} (shape {tuple(value.shape)})")
        if state[key].shape != value.shape:
            raise KeyError(f"{key!r}: checkpoint has {tuple(state[key].shape)}, model needs {tuple(value.shape)}")
    unexpected = sorted(set(state) - set(expected))
    if unexpected:
        raise KeyError(f"unexpected key {unexpected[0]!r} in checkpoint ({len(unexpected)} in all)")
    module.load_state_dict(state, strict=True)
    return module
