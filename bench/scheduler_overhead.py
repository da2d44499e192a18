"""The scheduler's own host cost, without models: the engine in-process with the test suite's tone voice (its
"models" are a few tensor ops), streaming clients sending bench/latency.py's mixed texts. What this measures is the
bookkeeping every real voice pays on top of its stages' launches (admission, planning, slot and window
bookkeeping, chunk hand-over to the event loop, the clients' own asyncio; the text frontend's output is made
beforehand, as the frontend processes of a GPU deployment hand it over), as requests per second and milliseconds
of wall time per request; `--profile` adds where the worker thread's iterations spend it (cProfile, top functions).

usage: python bench/scheduler_overhead.py [--clients 1,32] [--requests 4] [--profile] [--json FILE]
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import io
import json
import pstats
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "src"), str(ROOT / "bench")]

import tests.stages as stages  # noqa: E402  (registers the tone stages)
from latency import MIXED  # noqa: E402
from ttsserve.engine.engine import Engine, SynthesisRequest, SynthesisResult  # noqa: E402
from ttsserve.settings import load_settings  # noqa: E402
from ttsserve.telemetry import Telemetry  # noqa: E402


FRONTS: dict[str, tuple] = {}  # text -> (FrontendOutput, seconds): made once, as frontend processes would hand it


async def client(engine: Engine, k: int, n: int, out: list[float]) -> None:
    for j in range(n):
        text = MIXED[(k + j) % len(MIXED)]
        req = SynthesisRequest(text=text, voice="tone")
        job = engine.submit(req, stream=True, front=FRONTS[text])
        samples = 0
        while not isinstance(piece := await job.chunks.get(), SynthesisResult):
            if isinstance(piece, BaseException):
                raise piece
            samples += len(piece)
        out.append(samples / stages.TONE_RATE_HZ)


async def level(engine: Engine, clients: int, n: int) -> dict:
    out: list[float] = []
    t0 = time.perf_counter()
    await asyncio.gather(*(client(engine, k, n, out) for k in range(clients)))
    wall = time.perf_counter() - t0
    return {"clients": clients, "requests": len(out), "wall_s": round(wall, 3),
            "requests_per_s": round(len(out) / wall, 1), "ms_per_request": round(wall / len(out) * 1e3, 2)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--clients", default="1,32")
    ap.add_argument("--requests", type=int, default=4, help="per client (x4 for one client)")
    ap.add_argument("--profile", action="store_true")
    ap.add_argument("--json")
    args = ap.parse_args(argv)
    weights = Path(tempfile.mkdtemp(prefix="sched_overhead_"))
    stages.write_tone_voice(weights, "tone")
    engine = Engine(load_settings(device="cpu", warmup=False, weights_dir=weights, default_voice="tone",
                                  max_queue_size=1024), Telemetry())
    engine.start()
    for text in MIXED:  # the text frontend runs in other processes on a GPU deployment: not the worker's cost
        FRONTS[text] = (engine.worker.frontend.process(text), 0.0)
    prof = cProfile.Profile()
    sched = engine.worker.scheduler
    iterate = sched.iterate

    def profiled(*a, **kw):
        prof.enable()
        try:
            return iterate(*a, **kw)
        finally:
            prof.disable()

    if args.profile:
        sched.iterate = profiled
    rows = []
    try:
        asyncio.run(level(engine, 4, 2))  # warm-up
        for c in (int(x) for x in args.clients.split(",")):
            rows.append(asyncio.run(level(engine, c, args.requests * (4 if c == 1 else 1))))
            print(json.dumps(rows[-1]), flush=True)
    finally:
        engine.stop()
    report = {"command": "python " + " ".join([sys.argv[0], *(argv if argv is not None else sys.argv[1:])]),
              "device": "cpu", "levels": rows}
    if args.profile:
        s = io.StringIO()
        pstats.Stats(prof, stream=s).sort_stats("tottime").print_stats(20)
        report["profile_top"] = s.getvalue().splitlines()[:40]
        print(s.getvalue()[:5000])
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
