"""Latency and throughput of a running ttsserve at several concurrency levels (loopback only).

For each concurrency level C, C clients each send streaming requests (`"stream": true`, wav) back to back
for a fixed number of requests; we record time to first audio byte (after the 44-byte header), time to first
sound, total latency, and audio seconds. Aggregate throughput = audio seconds produced / wall seconds.

First sound: what a listener who starts playing at the first byte waits for, until the first sample of at least
`SOUND` (-40 dBFS): the later of (first byte + that sample's offset in the audio) and the arrival of its chunk.
A voice that opens a response with silence has a first byte well before its first sound.

With `--procs P` the C clients of a level are spread over P client processes (C/P each): one Python
process receiving hundreds of MB/s of audio through httpx can itself be the limit. Each row reports the
clients' own CPU seconds per wall second (`client_cpu_per_s`); near P x 1.0 means the clients are saturated
and the figure is a lower bound on what the server can do.

A request that fails (an error status, or a stream the server cut) is counted in the row's `failed` and
`failures` (by kind) and left out of the latencies and the audio: the level goes on (until session 16 the
first failure ended the whole run, and with it the levels after it).

usage: python bench/latency.py --url http://127.0.0.1:8000 --levels 1,4,16,64 --requests 8 [--procs 4] --json out.json
"""

from __future__ import annotations

import argparse
import collections
import asyncio
import json
import multiprocessing
import resource
import sys
import time
from urllib.parse import urlparse

import httpx
import numpy as np

# 42 characters, a news sentence like the one in the tuning guide's table.
TEXT_42 = "国家统计局今天发布数据，十月份全国居民消费价格同比上涨百分之零点二，环比下降零点一。"
# `--mixed`: texts of different lengths (one sentence to several), so that batches mix lengths as real
# traffic does; client k sends MIXED[(k + j) % len(MIXED)] as its j-th request.
MIXED = [
    "你好。",
    "请在下午三点半之前把报告发给我。",
    TEXT_42,
    "欢迎致电客服中心，请问有什么可以帮您？",
    "今天天气不错，我们去公园散步吧。明天可能会下雨，记得带伞。",
    "这本书一共有十二章，第三章讲的是历史。作者用了很多生动的例子，读起来一点也不枯燥。",
    "好的。",
    "根据气象台的预报，本周后半段将有一次明显的降温过程，最低气温可能降到零下五度，请大家注意防寒保暖。",
]


STREAM = True
SOUND = 328  # -40 dBFS in 16-bit samples: the first sample this loud is a response's first sound


class Failed(Exception):
    """A request that did not end with its whole audio: an error status, or a stream cut (the server aborts a
    stream it cannot finish). Counted in a level's `failed`, not in its latencies or audio."""


async def one(client: httpx.AsyncClient, url: str, text: str, voice: str | None) -> tuple[float, float, float, float]:
    try:
        return await _one(client, url, text, voice)
    except httpx.HTTPStatusError as exc:
        raise Failed(f"status {exc.response.status_code}") from None
    except httpx.HTTPError as exc:
        raise Failed(type(exc).__name__) from None


async def _one(client: httpx.AsyncClient, url: str, text: str, voice: str | None) -> tuple[float, float, float, float]:
    """(first byte, first sound, whole, audio seconds) of one request, seconds."""
    body = {"text": text, "stream": STREAM, "format": "wav"}
    if voice:
        body["voice"] = voice
    t0 = time.perf_counter()
    ttfa = sound = None
    n = 0
    pending = b""  # the audio not yet looked at for the first sound (a sample can straddle two chunks)
    async with client.stream("POST", f"{url}/synthesize", json=body) as r:
        r.raise_for_status()
        rate = int(r.headers["x-sample-rate-hz"])
        async for chunk in r.aiter_raw():
            before, n = n, n + len(chunk)
            now = time.perf_counter() - t0
            if ttfa is None and n > 44:
                ttfa = now
            if sound is None and n > 44:
                pending += chunk[max(0, 44 - before) :]
                whole = len(pending) // 2 * 2
                loud = np.flatnonzero(np.abs(np.frombuffer(pending[:whole], dtype="<i2").astype(np.int32)) >= SOUND)
                if len(loud):
                    offset = (n - 44 - len(pending)) // 2 + int(loud[0])  # samples before the first sound
                    sound = max(now, ttfa + offset / rate)
                pending = pending[whole:]
    total = time.perf_counter() - t0
    return ttfa or total, sound or total, total, (n - 44) / 2 / rate


def pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return round(xs[min(len(xs) - 1, int(p / 100 * len(xs)))], 4)


async def run_clients(url: str, c: int, requests_per_client: int, text: str, voice: str | None,
                      start_at: float | None = None, first_client: int = 0) -> tuple[list[tuple[float, float, float]], tuple[float, float], float]:
    """c clients in this process; returns (per-request results, (start, end) wall-clock times, CPU seconds)."""
    async with httpx.AsyncClient(timeout=300, limits=httpx.Limits(max_connections=c + 4)) as client:
        texts = text.split("\n")  # one text, or several sent in turn
        try:
            await one(client, url, texts[0], voice)  # warm
        except Failed:
            pass  # counted where it matters: in the level's requests
        results: list = []  # (first audio, whole, audio seconds) per answered request, or a failure's kind

        async def client_loop(k: int) -> None:
            for j in range(requests_per_client):
                try:
                    results.append(await one(client, url, texts[(k + j) % len(texts)], voice))
                except Failed as exc:
                    results.append(str(exc))

        if start_at is not None:  # processes start together
            await asyncio.sleep(max(0.0, start_at - time.time()))
        cpu0 = _cpu_s()
        began = time.time()
        await asyncio.gather(*(client_loop(first_client + k) for k in range(c)))
        return results, (began, time.time()), _cpu_s() - cpu0


def _cpu_s() -> float:
    ru = resource.getrusage(resource.RUSAGE_SELF)
    return ru.ru_utime + ru.ru_stime


def _proc_main(args: tuple) -> tuple[list[tuple[float, float, float]], tuple[float, float], float]:
    global STREAM
    url, c, n, text, voice, stream, start_at, first = args
    STREAM = stream
    return asyncio.run(run_clients(url, c, n, text, voice, start_at, first))


def level(url: str, c: int, requests_per_client: int, text: str, voice: str | None, procs: int = 1) -> dict:
    procs = max(1, min(procs, c))
    if procs == 1:
        results, (began, ended), cpu = asyncio.run(run_clients(url, c, requests_per_client, text, voice))
        wall = ended - began
    else:
        shares = [c // procs + (1 if k < c % procs else 0) for k in range(procs)]
        start_at = time.time() + 3.0  # after every process has warmed its connection
        with multiprocessing.get_context("spawn").Pool(procs) as pool:
            firsts = [sum(shares[:k]) for k in range(procs)]
            parts = pool.map(_proc_main, [(url, n, requests_per_client, text, voice, STREAM, start_at, f)
                                          for n, f in zip(shares, firsts)])
        results = [r for part in parts for r in part[0]]
        wall = max(p[1][1] for p in parts) - min(p[1][0] for p in parts)  # first start to last end
        late = max(p[1][0] for p in parts) - start_at
        if late > 0.05:
            print(f"warning: a client process started {late:.2f} s late; the level overlaps less", file=sys.stderr)
        cpu = sum(p[2] for p in parts)
    failed = collections.Counter(r for r in results if isinstance(r, str))
    results = [r for r in results if not isinstance(r, str)]
    answered = len(results)
    results = results or [(0.0, 0.0, 0.0, 0.0)]  # every request failed: zeros, and `failed` says so
    ttfa = [r[0] for r in results]
    sound = [r[1] for r in results]
    total = [r[2] for r in results]
    audio = sum(r[3] for r in results)
    return {
        "concurrency": c, "requests": answered + sum(failed.values()), "failed": sum(failed.values()),
        "failures": dict(failed), "wall_s": round(wall, 3),
        "ttfa_p50_s": pct(ttfa, 50), "ttfa_p95_s": pct(ttfa, 95),
        "first_sound_p50_s": pct(sound, 50), "first_sound_p95_s": pct(sound, 95),
        "latency_p50_s": pct(total, 50), "latency_p95_s": pct(total, 95),
        "audio_s_per_request": round(audio / len(results), 3),  # of the answered requests
        "throughput_x_realtime": round(audio / wall, 1),
        "client_procs": procs, "client_cpu_per_s": round(cpu / wall, 2),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--url", default="http://127.0.0.1:8000")
    ap.add_argument("--levels", default="1,4,16,64")
    ap.add_argument("--requests", type=int, default=8, help="requests per client at each level")
    ap.add_argument("--voice")
    ap.add_argument("--text", default=TEXT_42)
    ap.add_argument("--mixed", action="store_true", help="send texts of mixed lengths (MIXED) instead of --text")
    ap.add_argument("--no-stream", action="store_true", help="whole responses (first audio = full latency)")
    ap.add_argument("--procs", type=int, default=1, help="client processes per level (clients split among them)")
    ap.add_argument("--json")
    args = ap.parse_args(argv)
    global STREAM
    STREAM = not args.no_stream
    if urlparse(args.url).hostname not in ("127.0.0.1", "localhost", "::1"):
        raise SystemExit("loopback only")
    text = "\n".join(MIXED) if args.mixed else args.text
    rows = [level(args.url, int(c), args.requests, text, args.voice, args.procs) for c in args.levels.split(",")]
    cols = list(rows[0])
    print(" | ".join(cols))
    for r in rows:
        print(" | ".join(str(r[k]) for k in cols))
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"text_chars": [len(t) for t in text.split("\n")], "stream": STREAM, "procs": args.procs, "rows": rows}, f, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
