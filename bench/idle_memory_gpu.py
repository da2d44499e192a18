"""What stays allocated on the GPU once a load has ended: one engine (the default profile, an optional GPU memory
budget), N concurrent distill-baker streams for R rounds, then, with every job answered, the allocator's
allocated bytes, the graph cache and voice cache, and the live CUDA tensors grouped by shape with what holds them.

Session 16 found 0.7 GB allocated at idle after 32 distill-baker streams under a 1 GiB budget (with OOMs and no
CUDA graphs left), against 0.4 GB with no budget (graphs included); this script then found the same figure
before and after Python's cycle collector and 0.18 GB of Python-visible CUDA tensors: no leak through exception
cycles (bench/results/session16_h200/run3_*.json). Run on the GPU machine:

    PYTHONPATH=/tmp/site:src python3 bench/idle_memory_gpu.py --budget 1073741824 --clients 32 --rounds 2
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import gc
import json
import time

import torch

from ttsserve.engine.engine import Engine, SynthesisRequest
from ttsserve.settings import load_settings
from ttsserve.telemetry import Telemetry

TEXT = "国家统计局今天发布数据，十月份全国居民消费价格同比上涨百分之零点二，环比下降零点一。"


def holders(t: torch.Tensor, depth: int = 3) -> list[str]:
    """A chain of the types that refer to `t` (first referrer at each level, frames and this module skipped)."""
    chain, obj = [], t
    for _ in range(depth):
        refs = [r for r in gc.get_referrers(obj) if not isinstance(r, (list,)) or len(r) < 10000]
        refs = [r for r in refs if type(r).__name__ not in ("frame",) and r is not globals()]
        if not refs:
            break
        obj = refs[0]
        name = type(obj).__name__
        if isinstance(obj, dict):
            owner = [o for o in gc.get_referrers(obj) if getattr(o, "__dict__", None) is obj]
            name = f"dict of {type(owner[0]).__qualname__}" if owner else "dict"
            obj = owner[0] if owner else obj
        chain.append(name)
    return chain


def live_cuda(top: int) -> dict:
    groups: dict[tuple, list[torch.Tensor]] = collections.defaultdict(list)
    for o in gc.get_objects():
        try:
            if torch.is_tensor(o) and o.is_cuda:
                groups[(tuple(o.shape), str(o.dtype))].append(o)
        except Exception:  # noqa: BLE001 - objects that fail on attribute access
            continue
    rows = []
    for (shape, dtype), ts in groups.items():
        nbytes = sum(t.untyped_storage().nbytes() for t in {id(t.untyped_storage()): t for t in ts}.values())
        rows.append({"shape": shape, "dtype": dtype, "count": len(ts), "storage_bytes": nbytes,
                     "held_by": holders(ts[0])})
    rows.sort(key=lambda r: -r["storage_bytes"])
    return {"tensors": sum(len(v) for v in groups.values()),
            "storage_bytes": sum(r["storage_bytes"] for r in rows), "top": rows[:top]}


async def load(engine: Engine, clients: int, rounds: int, voice: str) -> collections.Counter:
    outcome: collections.Counter = collections.Counter()

    async def one() -> None:
        try:
            async for _ in engine.stream(SynthesisRequest(text=TEXT, voice=voice)):
                pass
            outcome["ok"] += 1
        except Exception as exc:  # noqa: BLE001 - counted by kind
            outcome[type(exc).__name__] += 1

    for _ in range(rounds):
        await asyncio.gather(*(one() for _ in range(clients)))
    return outcome


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--budget", type=int, default=None)
    ap.add_argument("--clients", type=int, default=32)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--voice", default="distill-baker")
    ap.add_argument("--top", type=int, default=12)
    ap.add_argument("--json", default=None)
    ap.add_argument("--device", default="cuda")  # cpu: a smoke run of the script (no allocator figures)
    a = ap.parse_args()
    kw = {"gpu_memory_budget_bytes": a.budget} if a.budget else {}
    e = Engine(load_settings("configs/default.yaml", device=a.device, **kw), Telemetry())
    e.start()
    report: dict = {"budget": a.budget, "clients": a.clients, "rounds": a.rounds, "voice": a.voice}
    try:
        report["outcome"] = dict(asyncio.run(load(e, a.clients, a.rounds, a.voice)))
        time.sleep(1.0)
        w = e.worker
        if a.device == "cuda":
            torch.cuda.synchronize()
            # before Python's cycle collector runs: memory kept only by garbage cycles (exceptions, frames) shows
            # as the difference to the figure after it
            report["allocated_before_gc_bytes"] = torch.cuda.memory_allocated()
        report["gc_collected"] = gc.collect()
        report["allocated_bytes"] = torch.cuda.memory_allocated()
        report["reserved_bytes"] = torch.cuda.memory_reserved()
        report["max_reserved_bytes"] = torch.cuda.max_memory_reserved()
        report["graphs"] = w.graphs.stats()
        report["voice_bytes"] = w.cache.compute_bytes()
        report["scheduler_tasks"] = len(w.scheduler.tasks)
        report["live"] = live_cuda(a.top)
    finally:
        e.stop()
    print(json.dumps({k: v for k, v in report.items() if k != "live"}, default=str))
    print("live CUDA tensors:", report["live"]["tensors"], "storage", report["live"]["storage_bytes"])
    for r in report["live"]["top"]:
        print(f"  {r['storage_bytes'] / 2**20:8.1f} MiB x{r['count']:4d} {r['dtype']:>14} {r['shape']} <- {r['held_by']}")
    if a.json:
        with open(a.json, "w") as f:
            json.dump(report, f, default=str, indent=1)


if __name__ == "__main__":
    main()
