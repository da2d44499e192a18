"""Where one whole (not streamed) request's time goes on a GPU (issue 20's 50-ms target): a diagnostic.

An in-process engine (default profile, `configs/default.yaml`, the given voice) synthesizes TEXT (bench/latency.py's
42-character sentence): warm-up, then REPS requests timed end to end in the engine (no HTTP), then one request
under torch.profiler. From the profile: the wall time of the request, the time the GPU was busy (the union of
kernel and copy intervals) and the kernels that took most device time; the scheduler's host time per phase and its iterations. A GPU busy for a small share of the wall means host work and synchronizations set the pace.

`--concurrency N`: each timed unit is N requests at once (until the last ends), e.g. 32 streams (`--stream
--concurrency 32`) for issue 16's throughput: then `gpu_busy_share` says whether the device or the host sets the
pace, `gpu_idle_by_host_phase` what the worker thread was doing while the GPU idled (the scheduler's phase log,
lined up with the profile by a marker event), and `--cprofile` where the host's time goes at that load.

usage: PYTHONPATH=src python bench/whole_request_profile_gpu.py [--voice distill-baker] [--concurrency 1]
       [--stream] [--cprofile] [--frontend-processes auto] [--out FILE.json]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import time
from pathlib import Path

import torch

import bench.latency as lat
from ttsserve.engine.engine import Engine, SynthesisRequest
from ttsserve.settings import load_settings
from ttsserve.telemetry import Telemetry

ROOT = Path(__file__).resolve().parents[1]


def busy_ms(intervals: list[tuple[float, float]]) -> float:
    """Length of the union of (start, end) intervals, in ms (profiler times are in us)."""
    total, end = 0.0, float("-inf")
    for a, b in sorted(intervals):
        if a > end:
            total += b - a
            end = b
        elif b > end:
            total += b - end
            end = b
    return total / 1e3


def idle_by_phase(gpu: list[tuple[float, float]], phases: list[tuple[str, float, float]]) -> dict:
    """Where the GPU idled, by what the worker thread was doing: `gpu` the kernel/copy intervals, `phases` the
    scheduler's phase ranges (its `phase_log`), both in profiler microseconds. Over the
    worker's span (first phase start to last phase end), each instant with no GPU interval goes to the innermost
    phase running then (the one that started last), or to "outside phases" (the loop between them: reaping,
    finishing jobs, waiting for work). -> {"idle_ms": {phase: ms}, "span_ms", "gpu_idle_ms", "gaps_over_1ms"}."""
    if not phases:
        return {"idle_ms": {}, "span_ms": 0.0, "gpu_idle_ms": 0.0, "gaps_over_1ms": 0}
    lo, hi = min(a for _, a, _ in phases), max(b for _, _, b in phases)
    gaps, end = [], lo  # the complement of the merged GPU intervals within [lo, hi]
    for a, b in sorted(gpu):
        if b <= end:
            continue
        if a > end:
            gaps.append((end, min(a, hi)))
        end = max(end, b)
        if end >= hi:
            break
    if end < hi:
        gaps.append((end, hi))
    gaps = [(a, b) for a, b in gaps if b > a]
    idle: dict[str, float] = {}
    for a, b in gaps:
        cuts = sorted({a, b, *(t for _, p0, p1 in phases for t in (p0, p1) if a < t < b)})
        for c0, c1 in zip(cuts, cuts[1:]):
            inside = [(p0, name) for name, p0, p1 in phases if p0 <= c0 and p1 >= c1]
            name = max(inside)[1] if inside else "outside phases"
            idle[name] = idle.get(name, 0.0) + (c1 - c0) / 1e3
    return {"idle_ms": {k: round(v, 2) for k, v in sorted(idle.items(), key=lambda kv: -kv[1])},
            "span_ms": round((hi - lo) / 1e3, 2), "gpu_idle_ms": round(sum(b - a for a, b in gaps) / 1e3, 2),
            "gaps_over_1ms": sum(b - a > 1e3 for a, b in gaps)}


async def host_profile(sched, one, requests: int = 5) -> dict:
    """cProfile of the worker thread's scheduler iterations over `requests` requests: where the host's time goes
    (Python, launches, and waits for the device: `synchronize`, `.cpu()`, `item`)."""
    import cProfile
    import io
    import pstats

    prof = cProfile.Profile()
    plain = type(sched).iterate

    def iterate(self):
        prof.enable()
        try:
            return plain(self)
        finally:
            prof.disable()

    type(sched).iterate = iterate
    try:
        for _ in range(requests):
            await one()
    finally:
        type(sched).iterate = plain
    out = {}
    for key in ("tottime", "cumulative"):
        buf = io.StringIO()
        pstats.Stats(prof, stream=buf).sort_stats(key).print_stats(35)
        out[key] = buf.getvalue()
    buf = io.StringIO()
    pstats.Stats(prof, stream=buf).print_callees("replay|_run|_vocode|_deliver_passes|_finish")
    out["callees"] = buf.getvalue()
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--voice", default="distill-baker")
    ap.add_argument("--text", default=lat.TEXT_42)
    ap.add_argument("--reps", type=int, default=10)
    ap.add_argument("--stream", action="store_true", help="a streamed request (time to its last chunk)")
    ap.add_argument("--device", default="cuda")
    ap.add_argument("--cprofile", action="store_true", help="also a cProfile of the worker's iterations")
    ap.add_argument("--concurrency", type=int, default=1, help="requests at once per timed unit")
    ap.add_argument("--frontend-processes", default="0",
                    help="the setting (0: the worker thread runs the text frontend, as before session 34; 'auto': "
                         "processes beside it, as a GPU server does)")
    ap.add_argument("--out")
    args = ap.parse_args()
    fp = args.frontend_processes if args.frontend_processes == "auto" else int(args.frontend_processes)
    settings = load_settings(config=str(ROOT / "configs/default.yaml"), weights_dir=str(ROOT / "weights"),
                             device=args.device, frontend_processes=fp)
    engine = Engine(settings, Telemetry())
    engine.start()
    req = SynthesisRequest(text=args.text, voice=args.voice)

    async def single() -> None:
        if args.stream:
            async for _ in engine.stream(req):
                pass
        else:
            await engine.synthesize(req)

    async def one() -> float:
        t0 = time.perf_counter()
        await asyncio.gather(*(single() for _ in range(args.concurrency)))
        return 1e3 * (time.perf_counter() - t0)

    async def run() -> dict:
        for _ in range(5):
            await one()
        times = [await one() for _ in range(args.reps)]
        sched = engine.worker.scheduler
        before, iterations = dict(sched.phase_seconds), sched.iteration
        graphs_before = engine.worker.graphs.stats()
        acts = [torch.profiler.ProfilerActivity.CPU, torch.profiler.ProfilerActivity.CUDA]
        sched.phase_log = []  # the worker's phases on perf_counter's clock (the profiler records no CPU ops of
        with torch.profiler.profile(activities=acts) as prof:  # the worker thread, only its GPU work)
            with torch.profiler.record_function("clock marker"):  # this event's start is `marker` in the profile
                marker = time.perf_counter()
            wall = await one()
        log, sched.phase_log = sched.phase_log, None
        phases = {k: round(1e3 * (v - before[k]), 2) for k, v in sched.phase_seconds.items()}
        graphs_after = engine.worker.graphs.stats()  # replayed vs eager passes in the profiled unit
        graph_counts = {k: graphs_after[k] - graphs_before[k]
                        for k in ("replays", "fallbacks", "deferred", "captures", "evictions")}
        events = prof.events()
        gpu = [(e.time_range.start, e.time_range.end) for e in events
               if e.device_type == torch.autograd.DeviceType.CUDA]
        mark = next(e.time_range.start for e in events if e.name == "clock marker")
        phase_ranges = [(name, mark + 1e6 * (a - marker), mark + 1e6 * (b - marker)) for name, a, b in log]
        table = prof.key_averages().table(sort_by="self_cuda_time_total", row_limit=20, max_name_column_width=50)
        host = await host_profile(sched, one) if args.cprofile else None
        return {"host_profile": host, "engine_ms_p50": statistics.median(times), "engine_ms_min": min(times), "profiled_wall_ms": wall,
                "gpu_busy_ms": busy_ms(gpu), "gpu_busy_share": round(busy_ms(gpu) / wall, 3), "phases_host_ms": phases,
                "iterations": sched.iteration - iterations, "kernels": table,
                "gpu_idle_by_host_phase": idle_by_phase(gpu, phase_ranges),
                "graph_counts": graph_counts, "graph_kinds": engine.worker.graphs.kinds(),
                "graphs_disabled": dict(engine.worker.graphs._disabled)}

    try:
        res = asyncio.run(run())
    finally:
        engine.stop(grace_s=5)
    res.update(device=torch.cuda.get_device_name() if args.device == "cuda" else args.device, torch=torch.__version__, voice=args.voice, chars=len(args.text),
               stream=args.stream, concurrency=args.concurrency, frontend_processes=args.frontend_processes,
               command="PYTHONPATH=src python bench/whole_request_profile_gpu.py")
    print({k: v for k, v in res.items() if k not in ("kernels", "host_profile")})
    print(res["kernels"])
    for text in (res.get("host_profile") or {}).values():
        print(text)
    if args.out:
        Path(args.out).write_text(json.dumps(res, indent=1, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
