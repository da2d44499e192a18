"""Host work of a Sambert slot decoder's `begin` for a group of calls (pipeline/sambert_slots.py): the top-level torch
ops it issues (on a GPU each is a launch or a host step; the count is the same on a CPU) and its CPU time, with the
duration loop stubbed out (on a GPU it is one Triton launch; on a CPU its per-symbol cells would swamp the rest).
Run it against two checkouts to compare: `PYTHONPATH=OLD_SRC:. python bench/slot_begin_cpu.py` and with `src`.

usage: PYTHONPATH=src:. python bench/slot_begin_cpu.py [--calls 8] [--symbols 40] [--reps 50] [--json FILE]
"""

from __future__ import annotations

import argparse
import collections
import json
import time
from pathlib import Path

import torch
import yaml
from torch.profiler import ProfilerActivity, profile

from tests.unit.test_sambert_slots import call_input
from ttsserve.pipeline import sambert
from ttsserve.pipeline.base import StageSpec


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--calls", type=int, default=8)
    ap.add_argument("--symbols", type=int, default=40)
    ap.add_argument("--reps", type=int, default=50)
    ap.add_argument("--json")
    a = ap.parse_args()
    torch.set_num_threads(1)
    w = Path(__file__).resolve().parents[1] / "weights" / "distill-baker"
    sec = yaml.safe_load((w / "voice.yaml").read_text())["acoustic"]
    st = sambert.load(StageSpec("sambert", w, {k: v for k, v in sec.items() if k != "type"}), device="cpu",
                      dtype="float32")
    pred = st.module.variance_adaptor.duration_predictor
    pred.infer = lambda cond, **k: torch.full(cond.shape[:2], 1.5)  # a GPU's one Triton launch
    slots = st.decoder_slots(slots=max(16, a.calls), steps_per_advance=8)
    inputs = [call_input(a.symbols, seed=i) for i in range(a.calls)]

    def once():
        for c in slots.begin(inputs):
            slots.cancel(c)

    with torch.inference_mode():
        once()
        with profile(activities=[ProfilerActivity.CPU]) as prof:
            once()
        ops = collections.Counter(e.name for e in prof.events() if e.cpu_parent is None and e.name != "aten::detach_")
        times = []
        for _ in range(a.reps):
            t0 = time.process_time()
            once()
            times.append(time.process_time() - t0)
    times.sort()
    res = {"calls": a.calls, "symbols": a.symbols, "top_level_ops": sum(ops.values()),
           "ms_median": round(1000 * times[len(times) // 2], 3), "ms_min": round(1000 * times[0], 3),
           "most_common": ops.most_common(10), "module": sambert.__file__}
    print(json.dumps(res))
    if a.json:
        Path(a.json).write_text(json.dumps(res, indent=1) + "\n")


if __name__ == "__main__":
    main()
