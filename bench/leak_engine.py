"""Does the engine itself hold on to memory per request? In process, CPU, the default voice: RSS after 40
requests, then every 60 (the load benchmark's texts and speeds), and the largest tracemalloc growths between
request 40 and the end. usage: PYTHONPATH=src:. python bench/leak_engine.py"""
import asyncio
import gc
import os
import random
import tracemalloc

os.environ["OMP_WAIT_POLICY"] = "PASSIVE"
from pathlib import Path
from ttsserve.settings import load_settings
from ttsserve.engine.engine import Engine, SynthesisRequest
from ttsserve.telemetry import Telemetry
from bench.load import TEXTS

def rss():
    return int(open("/proc/self/status").read().split("VmRSS:")[1].split()[0]) // 1024

def main() -> None:
    settings = load_settings(weights_dir=Path("weights"), voices=["baker"], default_voice="baker", device="cpu",
                             warmup=False, frontend_processes=0, torch_threads=1)
    engine = Engine(settings, Telemetry()); engine.start()
    rnd = random.Random(0)
    async def run(n):
        for i in range(n):
            await engine.synthesize(SynthesisRequest(text=rnd.choice(TEXTS), voice="baker", speed=rnd.choice([0.9, 1.0, 1.2])))
    asyncio.run(run(40))
    gc.collect(); print("after 40:", rss(), "MB", flush=True)
    tracemalloc.start(25)
    snap1 = tracemalloc.take_snapshot()
    for k in range(4):
        asyncio.run(run(60)); gc.collect(); print(f"after {100 + 60*k}:", rss(), "MB", flush=True)
    snap2 = tracemalloc.take_snapshot()
    for st in snap2.compare_to(snap1, "traceback")[:6]:
        print(st.size_diff // 1024, "KiB", st.count_diff, "blocks")
        for line in st.traceback.format()[-8:]: print("   ", line)
    engine.stop()


if __name__ == "__main__":
    main()
