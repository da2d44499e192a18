"""Where one stream's time to first audio goes: the engine in-process (no HTTP), step by step, next to the same
request over HTTP against a running server.

In-process, per request (median of --requests after --warm warm-up requests):
  prepare_ms    text frontend in the frontend processes (0 when they are off: the worker runs it)
  first_ms      submit -> first audio piece on the event loop (queue, frontend if in the worker, acoustic
                model, first vocoder chunk, hand-over to the loop)
  total_ms      submit -> final result
  stall_ms      seconds a player that starts at the first piece waits for later pieces (gaps in playback)
and the job's own stage seconds (frontend / acoustic / vocoder as the worker timed them).
With --url, the same text is also timed over HTTP (streamed: first audio byte after the 44-byte header).

usage: python bench/ttfa_breakdown.py [--device cuda] [--frontend-processes auto|0|N] [--[no-]inline-when-idle]
                                      [--voice V] [--speaker S] [--weights-dir DIR]
                                      [--url http://127.0.0.1:8123]
                                      [--requests 30] [--json out.json]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from ttsserve.engine.engine import Engine, SynthesisRequest, SynthesisResult  # noqa: E402
from ttsserve.settings import load_settings  # noqa: E402
from ttsserve.telemetry import Telemetry  # noqa: E402

TEXT_42 = "国家统计局今天发布数据，十月份全国居民消费价格同比上涨百分之零点二，环比下降零点一。"


def torch_version() -> str:
    import torch

    return torch.__version__


def stall_s(arrivals: list[tuple[float, int]], rate: int) -> float:
    """Seconds a player that starts at the first piece and plays each piece as soon as it has it spends waiting for
    the next piece (the stream's gaps in playback)."""
    stalled, clock = 0.0, None  # clock: when the audio the player has runs out
    for t, n in arrivals:
        if clock is None:
            clock = t
        elif t > clock:
            stalled += t - clock
            clock = t
        clock += n / rate
    return stalled


async def in_process(engine: Engine, text: str, n: int, warm: int, speaker: str | None = None) -> dict:
    rows = []
    for i in range(n + warm):
        req = SynthesisRequest(text=text, voice=engine.settings.default_voice, speaker=speaker)
        t0 = time.perf_counter()
        front = await engine.prepare(req)
        t1 = time.perf_counter()
        job = engine.submit(req, stream=True, front=front)
        first = await job.chunks.get()
        t2 = time.perf_counter()
        arrivals = []  # (time, samples) of each audio piece
        while not isinstance(first, SynthesisResult):
            arrivals.append((time.perf_counter(), len(first)))
            first = await job.chunks.get()
        t3 = time.perf_counter()
        st = first.stats.stages
        if i >= warm:
            rows.append({"prepare_ms": (t1 - t0) * 1e3, "first_ms": (t2 - t1) * 1e3, "total_ms": (t3 - t1) * 1e3,
                         "wait_ms": first.wait_s * 1e3, "stall_ms": stall_s(arrivals, first.sample_rate_hz) * 1e3,
                         **{f"{k}_stage_ms": v.seconds * 1e3 for k, v in st.items()}})
    return {k: round(statistics.median(r[k] for r in rows), 2) for k in rows[0]}


def over_http(url: str, text: str, n: int, warm: int) -> dict:
    import httpx

    ttfa, total = [], []
    with httpx.Client(timeout=60) as client:
        for i in range(n + warm):
            t0 = time.perf_counter()
            got, first = 0, None
            with client.stream("POST", f"{url}/synthesize", json={"text": text, "stream": True}) as r:
                r.raise_for_status()
                for piece in r.iter_raw():
                    got += len(piece)
                    if first is None and got > 44:
                        first = time.perf_counter()
            if i >= warm:
                ttfa.append((first - t0) * 1e3)
                total.append((time.perf_counter() - t0) * 1e3)
    return {"http_first_ms": round(statistics.median(ttfa), 2), "http_total_ms": round(statistics.median(total), 2)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--device", default="cuda")
    ap.add_argument("--config", default=str(ROOT / "configs" / "default.yaml"))
    ap.add_argument("--frontend-processes", default="auto")
    ap.add_argument("--inline-when-idle", action=argparse.BooleanOptionalAction, default=False,
                    help="frontend_inline_when_idle (off by default here, so that --frontend-processes N measures "
                         "the processes; the 2026-11-25 run predates the setting)")
    ap.add_argument("--text", default=TEXT_42)
    ap.add_argument("--requests", type=int, default=30)
    ap.add_argument("--warm", type=int, default=5)
    ap.add_argument("--url")
    ap.add_argument("--voice", help="default: the config's default voice")
    ap.add_argument("--speaker")
    ap.add_argument("--weights-dir", help="default: the config's")
    ap.add_argument("--json")
    args = ap.parse_args(argv)
    fp = args.frontend_processes
    extra = {k: v for k, v in (("default_voice", args.voice), ("weights_dir", args.weights_dir)) if v}
    settings = load_settings(args.config, device=args.device, frontend_processes=fp if fp == "auto" else int(fp),
                             frontend_inline_when_idle=args.inline_when_idle, **extra)
    engine = Engine(settings, Telemetry())
    engine.start()
    try:
        report = {"command": "python " + " ".join([sys.argv[0], *(argv if argv is not None else sys.argv[1:])]),
                  "device": args.device, "torch": torch_version(), "frontend_processes": fp, "text_chars": len(args.text),
                  "voice": settings.default_voice, "speaker": args.speaker,
                  **asyncio.run(in_process(engine, args.text, args.requests, args.warm, args.speaker))}
    finally:
        engine.stop()
    if args.url:
        report.update(over_http(args.url, args.text, args.requests, args.warm))
    print(json.dumps(report))
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
