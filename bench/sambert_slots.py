"""Sambert decoder slots on a GPU: time per decoder step with 1 and with many occupied slots (the captured
k-step graph plus the per-advance work around it: memory window, keys/values, post-net), the time of `begin`
(text encoder + variance adaptor of one call: what first audio waits for before any decoder step), and the
whole-call graphed path (`infer`) for comparison. The shipped distill-baker acoustic model and the official
ModelScope sizes (12 decoder layers, random weights).

`--compile` / `--fused` add rows for the torch.compile'd step and the fused Triton step
(`pipeline/sambert_fused.py`); every row also times the decoder step alone (`step_only_ms`: a graph of k steps
without the memory window and post-net around them).

usage: PYTHONPATH=src python bench/sambert_slots.py --out bench/results/sambert_slots_h200.json
       PYTHONPATH=src python bench/sambert_slots.py --compile --fused --reps 3 --out bench/results/sambert_fused_h200.json
"""

from __future__ import annotations

import argparse
import json
import statistics
from pathlib import Path

import torch

from ttsserve.engine.graphs import CudaGraphCache
from ttsserve.pipeline.base import AcousticInput, StageSpec
from ttsserve.pipeline.sambert import Sambert, SambertAcoustic, SambertConfig, load

ROOT = Path(__file__).resolve().parents[1]


def inputs(n_calls: int, n_symbols: int, seed: int = 0) -> list[AcousticInput]:
    g = torch.Generator().manual_seed(seed)
    out = []
    for _ in range(n_calls):
        rows = torch.stack([torch.randint(1, hi, (n_symbols,), generator=g) for hi in (60, 6, 4, 4)], dim=-1)
        out.append(AcousticInput(symbol_ids=tuple(tuple(int(v) for v in r) for r in rows)))
    return out


def shipped(dtype: str) -> SambertAcoustic:
    import yaml

    manifest = yaml.safe_load((ROOT / "weights/distill-baker/voice.yaml").read_text())
    opts = {k: v for k, v in manifest["acoustic"].items() if k != "type"}
    stage = load(StageSpec("sambert", ROOT / "weights/distill-baker", opts), device="cuda", dtype=dtype,
                 graphs=CudaGraphCache())
    stage.encoder_graphs = ENCODER_GRAPHS[0]
    return stage


def official(dtype: str) -> SambertAcoustic:
    torch.manual_seed(0)
    model = Sambert(SambertConfig()).eval()
    with torch.no_grad():
        model.variance_adaptor.duration_predictor.fc.bias.fill_(1.8)
    return SambertAcoustic(model, device="cuda", dtype=dtype, graphs=CudaGraphCache(),
                           encoder_graphs=ENCODER_GRAPHS[0])


def cuda_ms(fn) -> float:
    a, b = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
    a.record()
    fn()
    b.record()
    b.synchronize()
    return a.elapsed_time(b)


FUSED_OPTIONS: dict = {}  # FusedStep(unroll=, num_warps=) from the command line
ENCODER_GRAPHS = [False]  # --encoder-graphs: the stages encode with the per-symbol CUDA graph (sambert_graph)


def decoder(stage: SambertAcoustic, *, slots: int, k: int, compile_step: bool, fused: str):
    from ttsserve.pipeline.sambert_fused import FusedStep
    from ttsserve.pipeline.sambert_slots import SlotDecoder

    sd = SlotDecoder(stage, slots=slots, steps_per_advance=k, graphs=stage.graphs, compile_step=compile_step,
                     fused_step=fused)
    if sd.fused and FUSED_OPTIONS:
        sd.step_fn = FusedStep(sd.model.decoder, **FUSED_OPTIONS)
    return sd


def step_only_ms(stage: SambertAcoustic, *, slots: int, active: int, k: int, n_symbols: int, reps: int,
                 compile_step: bool, fused: str) -> float:
    """ms per decoder step alone: a CUDA graph of `k` steps of the step function (no memory window, no
    post-net) on the state of `active` calls a few advances in."""
    sd = decoder(stage, slots=slots, k=k, compile_step=compile_step, fused=fused)
    sd.begin(inputs(active, n_symbols, seed=2))
    for _ in range(3):
        sd.advance()
    dec, st = sd.model.decoder, sd.st

    def steps() -> None:
        st.j.zero_()
        for _ in range(k):
            sd.step_fn(dec, st, sd.w)

    with torch.inference_mode():
        side = torch.cuda.Stream()
        side.wait_stream(torch.cuda.current_stream())
        with torch.cuda.stream(side):
            steps()
        torch.cuda.current_stream().wait_stream(side)
        graph = torch.cuda.CUDAGraph()
        with torch.cuda.graph(graph):
            steps()
        graph.replay()
        t = [cuda_ms(graph.replay) for _ in range(max(10, 10 * reps))]
    del graph
    return statistics.median(t) / k


def measure(stage: SambertAcoustic, *, slots: int, active: int, k: int, n_symbols: int, reps: int,
            compile_step: bool = False, fused: str = "off") -> dict:
    sd = decoder(stage, slots=slots, k=k, compile_step=compile_step, fused=fused)
    # warm-up: capture the graph, run a few advances
    calls = sd.begin(inputs(active, n_symbols, seed=1))
    for _ in range(3):
        sd.advance()
    for c in calls:
        sd.cancel(c)
    begin_ms, adv_ms, steps = [], [], []
    for rep in range(reps):
        batch = inputs(active, n_symbols, seed=10 + rep)
        out: list = []
        begin_ms.append(cuda_ms(lambda: out.extend(sd.begin(batch))))
        n_adv = min(c.steps for c in out) // k - 1  # advances while every call still decodes
        t = [cuda_ms(sd.advance) for _ in range(max(1, n_adv))]
        adv_ms.append(statistics.median(t))
        steps.append(min(c.steps for c in out))
        for c in out:
            sd.cancel(c)
    whole = [cuda_ms(lambda: stage.infer(inputs(1, n_symbols, seed=99))) for _ in range(reps + 1)][1:]
    adv = statistics.median(adv_ms)
    fused_used = sd.fused
    step_ms = step_only_ms(stage, slots=slots, active=active, k=k, n_symbols=n_symbols, reps=reps,
                           compile_step=compile_step, fused=fused)
    return {"slots": slots, "active": active, "steps_per_advance": k, "symbols_per_call": n_symbols,
            "decoder_steps_per_call": statistics.median(steps), "begin_ms": statistics.median(begin_ms),
            "advance_ms": adv, "ms_per_step": adv / k, "step_only_ms": step_ms, "fused_used": fused_used,
            "whole_call_infer_ms_batch1": statistics.median(whole), "graph_cache": stage.graphs.stats()}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--symbols", type=int, default=100, help="symbols per call (a 42-character sentence: ~100)")
    ap.add_argument("--compile", action="store_true", help="also time the torch.compile'd step")
    ap.add_argument("--fused", action="store_true", help="also time the fused Triton step (pipeline/sambert_fused.py)")
    ap.add_argument("--dtypes", default="float32,float16")
    ap.add_argument("--fused-unroll", type=int, default=1, help="unroll factor of the fused kernels' chunk loops")
    ap.add_argument("--fused-warps", type=int, default=8, help="warps per program of the fused kernels")
    ap.add_argument("--only", default=None, help="one model: distill-baker or official-12-layer")
    ap.add_argument("--encoder-graphs", action="store_true",
                    help="encode with the per-symbol CUDA graph (stage option encoder_graphs): the begin times")
    ap.add_argument("--out", default=None)
    args = ap.parse_args()
    ENCODER_GRAPHS[0] = args.encoder_graphs
    if (args.fused_unroll, args.fused_warps) != (1, 8):
        FUSED_OPTIONS.update(unroll=args.fused_unroll, num_warps=args.fused_warps)
    rows = []
    for name, make in (("distill-baker", shipped), ("official-12-layer", official)):
        if args.only and name != args.only:
            continue
        variants = ["eager"] + (["compiled"] if args.compile else []) + (["fused"] if args.fused else [])
        for dtype in args.dtypes.split(","):
            stage = make(dtype)
            for variant, active in [(v, a) for v in variants for a in (1, 32)]:
                r = measure(stage, slots=32, active=active, k=8, n_symbols=args.symbols, reps=args.reps,
                            compile_step=variant == "compiled", fused="on" if variant == "fused" else "off")
                r.update(model=name, dtype=dtype, variant=variant, compiled=variant == "compiled")
                rows.append(r)
                print(f"{name:18s} {dtype:8s} {variant:8s} active {active:2d}/32: {r['ms_per_step']:.3f} ms/step "
                      f"(advance of 8: {r['advance_ms']:.2f} ms; the step alone {r['step_only_ms']:.3f} ms), "
                      f"begin {r['begin_ms']:.1f} ms, whole-call infer {r['whole_call_infer_ms_batch1']:.1f} ms "
                      f"({r['decoder_steps_per_call']} steps)", flush=True)
    result = {"device": torch.cuda.get_device_name(), "torch": torch.__version__, "fused_options": FUSED_OPTIONS,
              "encoder_graphs": args.encoder_graphs,
              "command": "PYTHONPATH=src python bench/sambert_slots.py", "rows": rows}
    if args.out:
        Path(args.out).write_text(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
