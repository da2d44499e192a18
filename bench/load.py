"""Load / soak a running ttsserve: N concurrent clients for T seconds (loopback only, bounded in time).

Every response is checked: a 200 must be a complete, decodable WAV; any other status must be a 4xx or a
503 with `Retry-After`, with the JSON error body. Reports requests, status counts, latency percentiles,
lost responses, and the server's RSS and torch reserved bytes (from /metrics) after warm-up and at the end.

usage: python bench/load.py --url http://127.0.0.1:8000 --clients 8 --seconds 60 [--json out.json]
"""

from __future__ import annotations

import argparse
import asyncio
import io
import json
import random
import statistics
import sys
import time
from collections import Counter
from urllib.parse import urlparse

import httpx
import soundfile as sf

TEXTS = [
    "今天天气不错，我们去公园散步吧。",
    "欢迎致电客服中心，请问有什么可以帮您？",
    "2024年3月15日，银行行长在会上发言。",
    "这本书一共有十二章，第三章讲的是历史。",
    "请在下午三点半之前把报告发给我。",
    "你好。",
]


def metric(text: str, name: str) -> float | None:
    total = None
    for line in text.splitlines():
        if line.startswith(name + " ") or line.startswith(name + "{"):
            total = (total or 0.0) + float(line.rsplit(" ", 1)[1])
    return total


async def server_memory(client: httpx.AsyncClient, url: str) -> dict:
    text = (await client.get(f"{url}/metrics")).text
    return {
        "rss_bytes": metric(text, "process_resident_memory_bytes"),
        "torch_reserved_bytes": metric(text, "ttsserve_torch_reserved_bytes"),
    }


def check(resp: httpx.Response) -> str:
    """'' when the response honours the contract, else what is wrong."""
    if resp.status_code == 200:
        try:
            data, rate = sf.read(io.BytesIO(resp.content))
        except Exception as exc:  # noqa: BLE001 - any decode failure is a broken response
            return f"undecodable WAV: {exc}"
        return "" if len(data) > 0 else "empty WAV"
    if resp.status_code >= 500 and resp.status_code != 503:
        return f"server error {resp.status_code}"
    if resp.status_code == 503 and "retry-after" not in resp.headers:
        return "503 without Retry-After"
    try:
        body = resp.json()
        assert set(body["error"]) == {"code", "message"}
    except Exception:  # noqa: BLE001
        return f"{resp.status_code} without a JSON error body"
    return ""


async def run(url: str, clients: int, seconds: float, warmup_s: float, timeout_s: float, seed: int) -> dict:
    host = urlparse(url).hostname
    if host not in ("127.0.0.1", "localhost", "::1"):
        raise SystemExit(f"refusing to load {host}: loopback only")
    rnd = random.Random(seed)
    statuses: Counter = Counter()
    problems: Counter = Counter()
    latencies: list[float] = []
    audio_s = 0.0
    lost = 0
    limits = httpx.Limits(max_connections=clients + 2)
    async with httpx.AsyncClient(timeout=timeout_s, limits=limits) as client:
        async def one_client(deadline: float, record: bool) -> None:
            nonlocal audio_s, lost
            while time.monotonic() < deadline:
                body = {"text": rnd.choice(TEXTS), "speed": rnd.choice([0.9, 1.0, 1.2])}
                t0 = time.perf_counter()
                try:
                    resp = await client.post(f"{url}/synthesize", json=body)
                except httpx.HTTPError as exc:
                    lost += 1
                    problems[f"lost: {type(exc).__name__}"] += 1
                    continue
                problem = check(resp)
                if problem:
                    problems[problem] += 1
                if record:
                    latencies.append(time.perf_counter() - t0)
                    statuses[resp.status_code] += 1
                    if not problem and resp.status_code == 200:
                        audio_s += float(resp.headers.get("x-audio-seconds", 0))
                if resp.status_code == 503:
                    await asyncio.sleep(float(resp.headers.get("retry-after", 1)))

        # Warm-up under the same load (caches, allocator pools and batch sizes reach their steady state),
        # then the baseline memory; every response of the warm-up is still checked.
        await asyncio.gather(*(one_client(time.monotonic() + warmup_s, False) for _ in range(clients)))
        start_mem = await server_memory(client, url)
        t_start = time.monotonic()
        await asyncio.gather(*(one_client(t_start + seconds, True) for _ in range(clients)))
        wall = time.monotonic() - t_start
        end_mem = await server_memory(client, url)

    lat = sorted(latencies)

    def pct(p: float) -> float | None:
        return round(lat[min(len(lat) - 1, int(p / 100 * len(lat)))], 4) if lat else None

    growth = None
    if start_mem["rss_bytes"] and end_mem["rss_bytes"]:
        growth = (end_mem["rss_bytes"] - start_mem["rss_bytes"]) / start_mem["rss_bytes"]
    return {
        "url": url, "clients": clients, "seconds": seconds, "wall_s": round(wall, 2),
        "requests": sum(statuses.values()) + lost, "statuses": dict(statuses), "lost": lost,
        "contract_violations": dict(problems),
        "latency_s": {"p50": pct(50), "p95": pct(95), "p99": pct(99),
                      "mean": round(statistics.fmean(lat), 4) if lat else None},
        "audio_seconds": round(audio_s, 2), "throughput_x_realtime": round(audio_s / wall, 2) if wall else None,
        "memory_start": start_mem, "memory_end": end_mem,
        "rss_growth_fraction": None if growth is None else round(growth, 4),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--url", default="http://127.0.0.1:8000")
    ap.add_argument("--clients", type=int, default=8)
    ap.add_argument("--seconds", type=float, default=30)
    ap.add_argument("--warmup-s", type=float, default=10.0, help="seconds of the same load before the baseline")
    ap.add_argument("--timeout-s", type=float, default=120)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--json", help="write the report here")
    args = ap.parse_args(argv)
    report = asyncio.run(run(args.url, args.clients, args.seconds, args.warmup_s, args.timeout_s, args.seed))
    text = json.dumps(report, indent=2)
    print(text)
    if args.json:
        with open(args.json, "w") as f:
            f.write(text + "\n")
    bad = report["lost"] or sum(report["contract_violations"].values())
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
