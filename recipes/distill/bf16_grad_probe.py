"""Session 19: bfloat16 autocast spoiled the multi-speaker acoustic model's decoder when it trained on CUDA (an
H200), not when it trained on the CPU, while its forward pass in bfloat16 is as good as in float32. This takes one
batch of real items and compares the training loss's gradients (`distill.am_loss`, every dropout off so that every
pass is the same function) under each precision with float32's (TF32 off), per part of the model: cosine
similarity and relative L2 error. On CUDA: TF32 (what float32 training uses), bfloat16 autocast as torch sets it
up (cuBLAS may reduce bfloat16 GEMMs in bfloat16), and bfloat16 with those reductions in float32
(`allow_bf16_reduced_precision_reduction = False`); on the CPU: bfloat16 autocast.

    python recipes/distill/bf16_grad_probe.py --am RUN/am.pth --items ITEMS.pt [--device cuda] [--json OUT]

ITEMS.pt: a list of `distill.Item` dicts (e.g. `pack` below: 24 of the fixed validation set's, waveforms dropped).
    python recipes/distill/bf16_grad_probe.py pack --data-cache DIR --out ITEMS.pt
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))
import distill as d  # noqa: E402


def grads(model, items, device: str) -> tuple[float, dict[str, torch.Tensor]]:
    model.zero_grad(set_to_none=True)
    loss = d.am_loss(model, items, device)[0]
    loss.backward()
    parts: dict[str, list[torch.Tensor]] = {}
    for name, p in model.named_parameters():
        if p.grad is not None:
            parts.setdefault(name.split(".")[0], []).append(p.grad.detach().float().flatten())
    return loss.item(), {k: torch.cat(v) for k, v in parts.items()}


def compare(ref: dict[str, torch.Tensor], got: dict[str, torch.Tensor]) -> dict[str, dict[str, float]]:
    out = {}
    for k, r in ref.items():
        g = got[k]
        out[k] = {"cosine": round(torch.nn.functional.cosine_similarity(r, g, dim=0).item(), 6),
                  "rel_l2": round(((g - r).norm() / r.norm().clamp_min(1e-30)).item(), 6)}
    return out


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "pack":
        ap = argparse.ArgumentParser()
        ap.add_argument("cmd")
        ap.add_argument("--data-cache", required=True)
        ap.add_argument("--out", required=True)
        ap.add_argument("--n", type=int, default=24)
        a = ap.parse_args()
        raw = torch.load(Path(a.data_cache) / d.VALIDATION_FILE, map_location="cpu", weights_only=False)
        half = a.n // 2  # the set is Baker's items, then the Kokoro speakers': half of each
        picked = raw[:half] + raw[len(raw) // 2 : len(raw) // 2 + half]
        empty = torch.zeros(0)
        torch.save([{**x, "wav": empty, "mel_full": empty} for x in picked], a.out)
        print(f"{len(picked)} items -> {a.out}")
        return
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--am", required=True)
    ap.add_argument("--items", required=True)
    ap.add_argument("--device", default="cuda")
    ap.add_argument("--json")
    args = ap.parse_args()
    items = [d.Item(**x) for x in torch.load(args.items, map_location=args.device, weights_only=False)]
    model = d.load_am(Path(args.am), args.device).train()
    for m in model.modules():  # every dropout off (the decoder prenet's and the predictors'): each pass the same function
        if isinstance(m, torch.nn.Dropout):
            m.p = 0.0
    cuda = args.device.startswith("cuda")
    mm = torch.backends.cuda.matmul
    os.environ["DISTILL_BF16"] = "0"
    mm.allow_tf32 = False
    torch.backends.cudnn.allow_tf32 = False
    ref_loss, ref = grads(model, items, args.device)
    result = {"device": torch.cuda.get_device_name() if cuda else "cpu", "torch": torch.__version__,
              "items": len(items), "float32_loss": round(ref_loss, 6), "variants": {}}
    variants = []
    if cuda:
        variants = [("tf32", "0", True, True), ("bfloat16", "1", False, True), ("bfloat16_full_reduction", "1", False, False)]
    else:  # DISTILL_BF16=1 is the CPU's bfloat16 autocast there (`distill.autocast`)
        variants = [("bfloat16_cpu", "1", False, True)]
    for name, bf16, tf32, reduced in variants:
        os.environ["DISTILL_BF16"] = bf16
        mm.allow_tf32 = tf32
        mm.allow_bf16_reduced_precision_reduction = reduced
        loss, got = grads(model, items, args.device)
        result["variants"][name] = {"loss": round(loss, 6), "parts": compare(ref, got)}
        print(name, f"loss {loss:.5f} (float32 {ref_loss:.5f})",
              " ".join(f"{k} cos {v['cosine']:.4f} err {v['rel_l2']:.4f}" for k, v in result["variants"][name]["parts"].items()),
              flush=True)
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=1) + "\n")


if __name__ == "__main__":
    main()
