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
