"""Latency and throughput of a running ttsserve at several concurrency levels (loopback only).

For each concurrency level C, C clients each send streaming requests (`"stream": true`, wav) back to back
for a fixed number of requests; we record time to first audio byte (after the 44-byte header), total
latency, and audio seconds. Aggregate throughput = audio seconds produced / wall seconds.

usage: python bench/latency.py --url http://127.0.0.1:8000 --levels 1,4,16,64 --requests 8 --json out.json
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from urllib.parse import urlparse

import httpx

# 42 characters, a news sentence like the one in the tuning guide's table.
TEXT_42 = "国家统计局今天发布数据，十月份全国居民消费价格同比上涨百分之零点二，环比下降零点一。"


STREAM = True


async def one(client: httpx.AsyncClient, url: str, text: str, voice: str | None) -> tuple[float, float, float]:
    body = {"text": text, "stream": STREAM, "format": "wav"}
    if voice:
        body["voice"] = voice
    t0 = time.perf_counter()
    ttfa = None
    n = 0
    async with client.stream("POST", f"{url}/synthesize", json=body) as r:
        r.raise_for_status()
        rate = int(r.headers["x-sample-rate-hz"])
        async for chunk in r.aiter_raw():
            n += len(chunk)
            if ttfa is None and n > 44:
                ttfa = time.perf_counter() - t0
    total = time.perf_counter() - t0
    return ttfa or total, total, (n - 44) / 2 / rate


def pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return round(xs[min(len(xs) - 1, int(p / 100 * len(xs)))], 4)


async def level(url: str, c: int, requests_per_client: int, text: str, voice: str | None) -> dict:
    async with httpx.AsyncClient(timeout=300, limits=httpx.Limits(max_connections=c + 4)) as client:
        await one(client, url, text, voice)  # warm
        results: list[tuple[float, float, float]] = []

        async def client_loop() -> None:
            for _ in range(requests_per_client):
                results.append(await one(client, url, text, voice))

        t0 = time.perf_counter()
        await asyncio.gather(*(client_loop() for _ in range(c)))
        wall = time.perf_counter() - t0
    ttfa = [r[0] for r in results]
    total = [r[1] for r in results]
    audio = sum(r[2] for r in results)
    return {
        "concurrency": c, "requests": len(results), "wall_s": round(wall, 3),
        "ttfa_p50_s": pct(ttfa, 50), "ttfa_p95_s": pct(ttfa, 95),
        "latency_p50_s": pct(total, 50), "latency_p95_s": pct(total, 95),
        "audio_s_per_request": round(audio / len(results), 3),
        "throughput_x_realtime": round(audio / wall, 1),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--url", default="http://127.0.0.1:8000")
    ap.add_argument("--levels", default="1,4,16,64")
    ap.add_argument("--requests", type=int, default=8, help="requests per client at each level")
    ap.add_argument("--voice")
    ap.add_argument("--text", default=TEXT_42)
    ap.add_argument("--no-stream", action="store_true", help="whole responses (first audio = full latency)")
    ap.add_argument("--json")
    args = ap.parse_args(argv)
    global STREAM
    STREAM = not args.no_stream
    if urlparse(args.url).hostname not in ("127.0.0.1", "localhost", "::1"):
        raise SystemExit("loopback only")
    rows = [asyncio.run(level(args.url, int(c), args.requests, args.text, args.voice)) for c in args.levels.split(",")]
    cols = list(rows[0])
    print(" | ".join(cols))
    for r in rows:
        print(" | ".join(str(r[k]) for k in cols))
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"text_chars": len(args.text), "stream": STREAM, "rows": rows}, f, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
