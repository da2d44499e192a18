"""Sambert decoder slots on the CPU (one slot, no graphs): one 100-symbol call of distill-baker decoded in a slot
with 8, 16 and 32 steps per advance (total acoustic time, time to its first final frames) against the
whole-call path (`infer`). usage: PYTHONPATH=src:. python bench/sambert_slots_cpu.py"""
import time
import torch
torch.set_num_threads(2)
import bench.sambert_slots as bs
from ttsserve.engine.graphs import CudaGraphCache
from ttsserve.pipeline.base import StageSpec
from ttsserve.pipeline.sambert import load
from ttsserve.pipeline.sambert_slots import SlotDecoder
import yaml
m = yaml.safe_load((bs.ROOT / "weights/distill-baker/voice.yaml").read_text())
stage = load(StageSpec("sambert", bs.ROOT / "weights/distill-baker", {k: v for k, v in m["acoustic"].items() if k != "type"}), graphs=CudaGraphCache())
inp = bs.inputs(1, 100, seed=2)
with torch.inference_mode():
    for k in (8, 16, 32, 8, 16, 32):
        sd = SlotDecoder(stage, slots=1, steps_per_advance=k)
        t=time.perf_counter(); (c,)=sd.begin(inp); tb=time.perf_counter()-t
        adv=[]; first=None
        while not c.done:
            t=time.perf_counter(); r=sd.advance(); adv.append(time.perf_counter()-t)
            if r and first is None: first=tb+sum(adv)
        print(f"k={k}: total {1e3*(tb+sum(adv)):.0f} ms, first frames after {first*1e3:.0f} ms")
    t=time.perf_counter(); stage.infer(inp); print(f"whole {1e3*(time.perf_counter()-t):.0f} ms")
