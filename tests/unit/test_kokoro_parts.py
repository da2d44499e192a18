"""recipes/distill/kokoro_parts.py, moving a converted Kokoro voice to the GPU machine in parts: exact."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import torch

RECIPE = Path(__file__).resolve().parents[2] / "recipes" / "distill" / "melspace.py"


def test_kokoro_parts_round_trip_is_exact(tmp_path):
    """recipes/distill/kokoro_parts.py: a voice folder cut into parts and joined again gives byte-for-byte the same
    files (the voice manifest checks its weights' sha256; metadata included), int8-like tensors having travelled as
    indices into their value table; a damaged part is caught at the join."""
    import hashlib

    import pytest
    from safetensors.torch import load_file, save_file

    spec = importlib.util.spec_from_file_location("kokoro_parts", RECIPE.with_name("kokoro_parts.py"))
    kp = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(kp)
    src = tmp_path / "voice"
    src.mkdir()
    g = torch.Generator().manual_seed(0)
    levels = torch.randn(256, generator=g) * 0.02  # a dequantized int8 tensor: 256 values at most
    tensors = {"q.weight": levels[torch.randint(0, 256, (300, 64), generator=g)],
               "f.weight": torch.randn(200, 64, generator=g).half(), "small.bias": torch.randn(8, generator=g)}
    save_file(tensors, src / "text.safetensors", metadata={"source": "a test"})
    (src / "voice.yaml").write_text("name: voice\n", encoding="utf-8")
    parts = kp.pack(src, tmp_path / "parts", part_mb=0.02)
    assert len(parts) > 1 and all(p.stat().st_size <= 0.02 * 1024 * 1024 for p in parts)
    assert "q.weight::index" in kp.encode(tensors)  # the coded form is what travels
    kp.join(tmp_path / "parts", tmp_path / "joined")
    back = load_file(tmp_path / "joined" / "text.safetensors")
    assert back.keys() == tensors.keys()
    assert all(torch.equal(back[k], tensors[k]) and back[k].dtype == tensors[k].dtype for k in tensors)
    assert (tmp_path / "joined" / "voice.yaml").read_text() == "name: voice\n"
    for name in ("text.safetensors", "voice.yaml"):
        assert hashlib.sha256((tmp_path / "joined" / name).read_bytes()).digest() == \
            hashlib.sha256((src / name).read_bytes()).digest()
    # a part changed on the way: the join says which file came out different
    last = parts[0]
    data = bytearray(last.read_bytes())
    data[-100] ^= 0xFF
    last.write_bytes(bytes(data))
    with pytest.raises(SystemExit, match="differ|unexpected|not a"):
        kp.join(tmp_path / "parts", tmp_path / "joined2")
