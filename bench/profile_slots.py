"""Where one advance of the Sambert decoder slots spends its time (torch.profiler): a diagnostic for
bench/sambert_slots.py. usage: PYTHONPATH=src python bench/profile_slots.py [cuda|cpu]"""

from __future__ import annotations

import sys
import time

import torch

import bench.sambert_slots as bs


@torch.inference_mode()
def main() -> None:
    device = sys.argv[1] if len(sys.argv) > 1 else "cuda"
    sync = torch.cuda.synchronize if device == "cuda" else (lambda: None)
    if device == "cpu":
        from ttsserve.engine.graphs import CudaGraphCache
        from ttsserve.pipeline.base import StageSpec
        from ttsserve.pipeline.sambert import load
        import yaml

        m = yaml.safe_load((bs.ROOT / "weights/distill-baker/voice.yaml").read_text())
        stage = load(StageSpec("sambert", bs.ROOT / "weights/distill-baker",
                               {k: v for k, v in m["acoustic"].items() if k != "type"}), graphs=CudaGraphCache())
    else:
        stage = bs.shipped("float16")
    sd = stage.decoder_slots(slots=32, steps_per_advance=8)
    sd.begin(bs.inputs(32, 100, seed=1))
    for _ in range(3):
        sd.advance()
    sync()
    t0 = time.perf_counter()
    for _ in range(5):
        sd.advance()
    host = (time.perf_counter() - t0) / 5
    sync()
    wall = (time.perf_counter() - t0) / 5
    print(f"advance: host {1e3 * host:.2f} ms, wall {1e3 * wall:.2f} ms")
    for c in [c for c in sd.calls if c is not None]:
        sd.cancel(c)
    sync()
    t0 = time.perf_counter()
    sd.begin(bs.inputs(1, 100, seed=3))
    sync()
    print(f"begin of one call: {1e3 * (time.perf_counter() - t0):.1f} ms")
    acts = [torch.profiler.ProfilerActivity.CPU] + ([torch.profiler.ProfilerActivity.CUDA] if device == "cuda" else [])
    with torch.profiler.profile(activities=acts) as prof:
        for _ in range(4):
            sd.advance()
        sd.begin(bs.inputs(1, 100, seed=4))
        sync()
    print(prof.key_averages().table(sort_by="cpu_time_total", row_limit=40, max_name_column_width=40))


if __name__ == "__main__":
    main()
