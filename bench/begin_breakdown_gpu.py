"""Where Sambert's `begin` and one slot advance spend their time on a GPU (issues 16 and 20): a diagnostic.

`begin` (one call joining the decoder slots) is split into its parts, each timed with a device sync before and
after (median of REPS): the host-side input tensors, the per-symbol half (`encode_symbols`: eager, or the CUDA
graph of `encoder_graphs`), `regulate` (durations -> decoder memory; one host read), the device -> host read of
steps/frames/band/durations, and the slot set-up. Then the whole `begin` unsynced, as the server runs it. For
the advance: the graphed advance against the graphed steps alone, and a profiler table (device time per kernel)
of one eager advance, which shows what the memory window and post-net around the steps cost.

usage: PYTHONPATH=src python bench/begin_breakdown_gpu.py [--symbols 100] [--out FILE.json]
"""

from __future__ import annotations

import argparse
import json

import torch

import bench.sambert_slots as bs
from bench.stage_micro_gpu import timed as _timed  # median wall ms between two device syncs

REPS = 15


def timed(fn, reps: int = REPS) -> float:
    return _timed(fn, reps)


@torch.inference_mode()
def begin_parts(stage, sd, inputs) -> dict:
    from ttsserve.pipeline.sambert_graph import encode_symbols_graphed

    m = stage.module
    dev = stage.device
    b, n = len(inputs), max(len(i.symbol_ids) for i in inputs)
    parts: dict[str, float] = {}

    def host_inputs():
        ling = torch.zeros(b, n, 4, dtype=torch.long)
        for i, inp in enumerate(inputs):
            ling[i, : len(inp.symbol_ids)] = torch.tensor(inp.symbol_ids, dtype=torch.long).reshape(-1, 4)
        emo = torch.ones(b, n, dtype=torch.long)
        spk = torch.zeros(b, n, dtype=torch.long)
        lengths = torch.tensor([len(i.symbol_ids) for i in inputs])
        return ling.to(dev), emo.to(dev), spk.to(dev), lengths.to(dev)

    parts["inputs_to_device"] = timed(host_inputs)
    ling, emo, spk, lengths = host_inputs()
    one = torch.ones(b, device=dev, dtype=stage.dtype)
    zero = torch.zeros(b, device=dev, dtype=stage.dtype)
    controls = dict(pitch_scale=one, pitch_shift=zero, energy_scale=one, energy_shift=zero)
    parts["encode_symbols_eager"] = timed(lambda: m.encode_symbols(ling, emo, spk, lengths, **controls))
    parts["encode_symbols_graphed"] = timed(lambda: encode_symbols_graphed(m, ling, emo, spk, lengths, controls,
                                                                           stage.graphs))
    sym = encode_symbols_graphed(m, ling, emo, spk, lengths, controls, stage.graphs)
    parts["regulate"] = timed(lambda: m.regulate(sym, lengths, speed=one))
    enc = m.regulate(sym, lengths, speed=one)
    parts["read_to_host"] = timed(lambda: torch.cat([enc.steps[:, None], enc.frames[:, None], enc.band[:, None],
                                                      enc.durations], dim=1).cpu())
    stage.encoder_graphs = False
    parts["encode_total_eager_symbols"] = timed(lambda: stage.encode(inputs))
    stage.encoder_graphs = True
    parts["encode_total_graphed_symbols"] = timed(lambda: stage.encode(inputs))

    def whole_begin():
        calls = sd.begin(inputs)
        for c in calls:
            sd.cancel(c)

    parts["begin_whole_synced"] = timed(whole_begin)
    return parts


@torch.inference_mode()
def advance_parts(stage, slots: int) -> dict:
    from ttsserve.pipeline.sambert_slots import _advance

    sd = bs.decoder(stage, slots=32, k=8, compile_step=False, fused="auto")
    sd.begin(bs.inputs(slots, 100, seed=1))
    for _ in range(3):
        sd.advance()
    res = {"fused": sd.fused, "busy_slots": slots, "advance_graphed_ms": timed(sd.advance, 10)}
    st = sd.st
    res["advance_eager_ms"] = timed(lambda: _advance(sd.model, st, sd.w, sd.k, sd.step_fn), 5)
    acts = [torch.profiler.ProfilerActivity.CPU, torch.profiler.ProfilerActivity.CUDA]
    with torch.profiler.profile(activities=acts) as prof:
        for _ in range(3):
            _advance(sd.model, st, sd.w, sd.k, sd.step_fn)
        torch.cuda.synchronize()
    table = prof.key_averages().table(sort_by="self_cuda_time_total", row_limit=25, max_name_column_width=60)
    for c in [c for c in sd.calls if c is not None]:
        sd.cancel(c)
    return res, table


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--symbols", type=int, default=100)
    ap.add_argument("--dtype", default="float32")
    ap.add_argument("--out")
    args = ap.parse_args()
    stage = bs.shipped(args.dtype)
    stage.encoder_graphs = True
    sd = bs.decoder(stage, slots=32, k=8, compile_step=False, fused="auto")
    result = {"device": torch.cuda.get_device_name(), "torch": torch.__version__, "dtype": args.dtype,
              "symbols": args.symbols, "command": "PYTHONPATH=src python bench/begin_breakdown_gpu.py"}
    for calls in (1, 8):
        parts = begin_parts(stage, sd, bs.inputs(calls, args.symbols, seed=calls))
        result[f"begin_{calls}_calls_ms"] = parts
        print(f"begin, {calls} call(s):", {k: round(v, 2) for k, v in parts.items()})
    tables = {}
    for busy in (1, 32):
        res, table = advance_parts(stage, busy)
        result[f"advance_{busy}_busy"] = res
        tables[busy] = table
        print(f"advance, {busy} busy:", res)
    print(tables[1])
    result["advance_profile_1_busy"] = tables[1]
    if args.out:
        with open(args.out, "w") as f:
            json.dump(result, f, indent=1)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
