"""Compile the fused Sambert decoder step's kernels (pipeline/sambert_fused.py) for a GPU architecture without
a GPU: Triton lowers them to a cubin with its bundled ptxas, so errors that Triton's interpreter does not catch
(types of loop-carried values, layouts, unsupported operations) show here, with each kernel variant's
registers per thread and stack (spilled registers) bytes from cuobjdump: the per-slot kernel's four variants and
the split step's attention (first layer, others), feed-forward and output kernels.

usage: PYTHONPATH=src python bench/sambert_fused_compile.py [--sizes distill-baker|official-12-layer]
       [--dtype float16] [--arch 90] [--slots 32] [--unroll 1] [--warps 8]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import tempfile
import time
from pathlib import Path

import torch
import yaml

ROOT = Path(__file__).resolve().parents[1]


def compile_kernel(kernel, signature: dict, constexprs: dict, arch: int, num_warps: int) -> dict:
    """Compile a Triton kernel for sm_`arch` (no GPU needed) -> its registers, stack and local bytes per thread
    (cuobjdump's resource usage) and the compile time."""
    import triton
    from triton.backends.compiler import GPUTarget
    from triton.compiler import ASTSource

    src = ASTSource(kernel, signature, constexprs=constexprs)
    t0 = time.perf_counter()
    compiled = triton.compile(src, target=GPUTarget("cuda", arch, 32), options={"num_warps": num_warps})
    seconds = time.perf_counter() - t0
    cuobjdump = Path(triton.__file__).parent / "backends/nvidia/bin/cuobjdump"
    with tempfile.NamedTemporaryFile(suffix=".cubin") as fh:
        fh.write(compiled.asm["cubin"])
        fh.flush()
        usage = subprocess.run([str(cuobjdump), "-res-usage", fh.name], capture_output=True, text=True).stdout
    line = next((ln for ln in usage.splitlines() if "REG:" in ln), "")
    fields = dict(f.split(":", 1) for f in line.split() if ":" in f)
    return {"registers": int(fields.get("REG", -1)), "stack_bytes": int(fields.get("STACK", -1)),
            "local_bytes": int(fields.get("LOCAL", -1)), "compile_s": round(seconds, 1)}


def compile_duration_kernel(arch: int, symbols: int = 128) -> dict:
    """The duration loop's kernel (pipeline/sambert_duration.py) at distill-baker's sizes."""
    from ttsserve.pipeline import sambert_duration as sd
    from ttsserve.pipeline.sambert import Sambert, SambertConfig

    params = yaml.safe_load((ROOT / "weights/distill-baker/am/config.yaml").read_text())
    pred = Sambert(SambertConfig.from_kantts(params["Model"]["KanTtsSAMBERT"]["params"])).variance_adaptor.duration_predictor
    consts = sd.sizes(pred, symbols)
    kernel = sd._duration_kernel
    signature = {n: "constexpr" if n in consts else "*fp32" for n in kernel.arg_names}
    return {"kernel": "duration", "warps": sd.NUM_WARPS,
            **compile_kernel(kernel, signature, consts, arch, sd.NUM_WARPS)}


def compile_variants(sizes: str, dtype: str, arch: int, slots: int, unroll: int, warps: int) -> list[dict]:
    from ttsserve.pipeline import sambert_fused as sf
    from ttsserve.pipeline.sambert import Sambert, SambertAcoustic, SambertConfig
    from ttsserve.pipeline.sambert_slots import SlotDecoder

    if sizes == "distill-baker":
        params = yaml.safe_load((ROOT / "weights/distill-baker/am/config.yaml").read_text())
        cfg = SambertConfig.from_kantts(params["Model"]["KanTtsSAMBERT"]["params"])
    else:
        cfg = SambertConfig()
    model = Sambert(cfg).eval()
    stage = SambertAcoustic(model, dtype=dtype)
    sd = SlotDecoder(stage, slots=slots, steps_per_advance=8, use_graphs=False, fused_step="off")
    step = sf.FusedStep(model.decoder, num_warps=warps, unroll=unroll)
    consts = step.constants(model.decoder, sd.st, sd.w)
    ptr = {torch.float32: "*fp32", torch.float16: "*fp16", torch.bfloat16: "*bf16"}[stage.dtype]
    longs = {"jrow_ptr", "j_ptr", "t_ptr", "band_ptr", "steps_ptr", "active_ptr", "ring_t_ptr"}
    fp32 = {"xin_ptr", "xmid_ptr", "pa_ptr", "pb_ptr"}  # the split step's own buffers

    def build(name: str, kernel, constants: dict, flags: dict, num_warps: int) -> dict:
        signature = {n: "constexpr" if n in constants or n in flags else "*i64" if n in longs
                     else "*fp32" if n in fp32 else ptr for n in kernel.arg_names}
        return {"kernel": name, **{k.lower(): v for k, v in flags.items()}, "warps": num_warps,
                **compile_kernel(kernel, signature, {**constants, **flags}, arch, num_warps)}

    rows = []
    for first, layer, last in [(True, True, False), (False, True, False), (False, True, True), (False, False, True)]:
        rows.append(build("per_slot", sf._pnca_kernel, consts, {"FIRST": first, "LAYER": layer, "LAST": last}, warps))
    attn, ffn, out = step.split_sizes(model.decoder, sd.st, sd.w)
    wa, wf, wo = step.split_warps
    for first in (True, False):
        rows.append(build("split_attn", sf._split_attn_kernel, attn, {"FIRST": first}, wa))
    rows.append(build("split_ffn", sf._split_ffn_kernel, ffn, {}, wf))
    rows.append(build("split_out", sf._split_out_kernel, out, {}, wo))
    return rows


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="distill-baker", choices=["distill-baker", "official-12-layer"])
    ap.add_argument("--dtype", default="float16")
    ap.add_argument("--arch", type=int, default=90, help="compute capability x 10 (H100/H200: 90)")
    ap.add_argument("--slots", type=int, default=32)
    ap.add_argument("--unroll", type=int, default=1)
    ap.add_argument("--warps", type=int, default=8)
    args = ap.parse_args()
    torch.set_num_threads(1)
    rows = compile_variants(args.sizes, args.dtype, args.arch, args.slots, args.unroll, args.warps)
    print(json.dumps({"sizes": args.sizes, "dtype": args.dtype, "arch": args.arch, "unroll": args.unroll,
                      "warps": args.warps, "kernels": rows}, indent=1))


if __name__ == "__main__":
    main()
