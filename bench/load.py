"""Load / soak a running ttsserve: N concurrent clients for T seconds (loopback only, bounded in time).

Every response is checked: a 200 must be a complete, decodable WAV; any other status must be a 4xx or a
503 with `Retry-After`, with the JSON error body. Reports requests, status counts, latency percentiles,
lost responses, and the server's memory over time: every `--sample-s` seconds (10 by default) the server's RSS
(`process_resident_memory_bytes` from /metrics, or /proc when `--server-pid` names it: then the process and its
children, the frontend processes), torch allocated / reserved bytes (/v1/memory, on a GPU), queue depth and open
connections. `memory_growth` fits a line to the RSS after warm-up (MB per minute) and compares the medians of the
first and the last minute, and the slopes of the two halves: a cache that levels off has a second-half slope near
0 while the first half's is not; a leak keeps its slope.

`--hostile-fraction 0.1`: that share of requests is hostile (HOSTILE below: numbers beyond cn2an's range, a
lone surrogate, invalid JSON, a 100,000-character voice name, long /v1/frontend texts, garbage request lines,
streams abandoned while queued, sockets that send half a request and stop). Each is checked against what it
must get (a JSON 4xx, a 503 with Retry-After, a WAV, a connection the server closes) and counted by pattern.

usage: python bench/load.py --url http://127.0.0.1:8000 --clients 8 --seconds 60 [--hostile-fraction 0.1] [--json out.json]
       [--server-pid PID] [--sample-s 10] [--api-key KEY] [--texts long]
"""

from __future__ import annotations

import argparse
import asyncio
import io
import json
import os
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


def proc_rss_bytes(pid: int) -> int | None:
    """RSS of `pid` and its descendants (the frontend processes), from /proc; None when it is gone."""
    total, todo, seen = 0, [pid], set()
    while todo:
        p = todo.pop()
        if p in seen:
            continue
        seen.add(p)
        try:
            with open(f"/proc/{p}/status") as f:
                total += next(int(line.split()[1]) for line in f if line.startswith("VmRSS:")) * 1024
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as f:
                    todo.extend(int(c) for c in f.read().split())
        except (OSError, StopIteration, ValueError):
            if p == pid:
                return None
    return total


async def server_memory(client: httpx.AsyncClient, url: str, pid: int | None = None) -> dict:
    """One sample of the server's memory and load: RSS, torch allocator figures (GPU), queue depth."""
    text = (await client.get(f"{url}/metrics")).text
    out = {
        "rss_bytes": proc_rss_bytes(pid) if pid else metric(text, "process_resident_memory_bytes"),
        "torch_allocated_bytes": metric(text, "ttsserve_torch_allocated_bytes"),
        "torch_reserved_bytes": metric(text, "ttsserve_torch_reserved_bytes"),
        "queue_depth": metric(text, "ttsserve_queue_depth"),
        "open_connections": metric(text, "ttsserve_open_connections"),
    }
    try:  # the worker's own snapshot (after its last iteration): the allocator figures on a GPU
        allocator = (await client.get(f"{url}/v1/memory")).json().get("allocator") or {}
    except (httpx.HTTPError, ValueError):
        allocator = {}
    for key in ("allocated_bytes", "reserved_bytes"):
        if key in allocator:
            out[f"torch_{key}"] = allocator[key]
    if "cuda_graph_cache_bytes" in allocator:
        out["cuda_graph_cache_bytes"] = allocator["cuda_graph_cache_bytes"]
    return out


def _slope_per_min(points: list[tuple[float, float]]) -> float | None:
    """Least-squares slope of (seconds, value) points, per minute."""
    if len(points) < 3:
        return None
    mt = statistics.fmean(t for t, _ in points)
    mv = statistics.fmean(v for _, v in points)
    den = sum((t - mt) ** 2 for t, _ in points)
    return None if den == 0 else 60 * sum((t - mt) * (v - mv) for t, v in points) / den


def memory_growth(series: list[dict], key: str = "rss_bytes", window_s: float = 60.0) -> dict | None:
    """Growth of `key` over the measured part of `series` (samples with phase "measured"), in MB: the fitted
    slope per minute over all of it and over each half, the medians of the first and the last `window_s`.
    `verdict`: "flat" when the last window's median is within 2% of the first's; else "levelling" when the
    second half's slope is under a quarter of the first half's; else "growing"."""
    pts = [(s["t_s"], s[key] / 1e6) for s in series if s.get("phase") == "measured" and s.get(key) is not None]
    if len(pts) < 6:
        return None
    t0, t1 = pts[0][0], pts[-1][0]
    first = [v for t, v in pts if t <= t0 + window_s]
    last = [v for t, v in pts if t >= t1 - window_s]
    mid = t0 + (t1 - t0) / 2
    half1 = [p for p in pts if p[0] <= mid]
    half2 = [p for p in pts if p[0] >= mid]
    slope, s1, s2 = _slope_per_min(pts), _slope_per_min(half1), _slope_per_min(half2)
    # per request as well as per minute: on a shared machine the request rate varies from run to run
    by_req = [(s["requests_done"], s[key] / 1e6) for s in series
              if s.get("phase") == "measured" and s.get(key) is not None]
    per_req = _slope_per_min(by_req)
    per_1000 = None if per_req is None else per_req / 60 * 1000
    m_first, m_last = statistics.median(first), statistics.median(last)
    change = (m_last - m_first) / m_first if m_first else None
    if change is not None and abs(change) <= 0.02:
        verdict = "flat"
    elif s1 is not None and s2 is not None and s1 > 0 and s2 < s1 / 4:
        verdict = "levelling"
    else:
        verdict = "growing"
    r = lambda x: None if x is None else round(x, 3)  # noqa: E731
    return {"key": key, "samples": len(pts), "span_s": round(t1 - t0, 1),
            "slope_mb_per_min": r(slope), "slope_mb_per_1000_requests": r(per_1000), "first_half_slope_mb_per_min": r(s1), "second_half_slope_mb_per_min": r(s2),
            "first_window_median_mb": r(m_first), "last_window_median_mb": r(m_last),
            "change_fraction": r(change), "verdict": verdict}


HALF_SENT_MAX = 16  # half-sent sockets open at once (bounded: the point is the server closing them)


async def raw_exchange(url: str, data: bytes, *, close_after_s: float | None = None, wait_s: float = 30) -> bytes:
    """Send raw bytes on a new connection; return what the server sends until it closes (or `wait_s`), or
    close it ourselves after `close_after_s` (a client that leaves)."""
    u = urlparse(url)
    reader, writer = await asyncio.open_connection(u.hostname, u.port or 80)
    try:
        writer.write(data)
        await writer.drain()
        if close_after_s is not None:
            await asyncio.sleep(close_after_s)
            return b""
        return await asyncio.wait_for(reader.read(), wait_s)
    finally:
        writer.close()


def raw_status(raw: bytes) -> str:
    """'' when a raw response is a JSON error, else what is wrong."""
    head, _, body = raw.partition(b"\r\n\r\n")
    if not raw:
        return "closed without a response"
    if b"application/json" not in head.lower():
        return "raw response without a JSON body"
    try:
        assert set(json.loads(body)["error"]) == {"code", "message"}
    except Exception:  # noqa: BLE001
        return "raw response without a JSON error body"
    return ""


async def hostile(client: httpx.AsyncClient, url: str, rnd: random.Random, half_sent: list) -> tuple[str, str]:
    """One hostile request: (pattern, '' or what is wrong)."""
    json_headers = {"content-type": "application/json"}
    pattern = rnd.choice(["long_number", "lone_surrogate", "invalid_json", "long_voice_name", "frontend_long",
                          "garbage_request_line", "abandoned_stream", "half_sent_headers"])
    if pattern == "long_number":
        resp = await client.post(f"{url}/synthesize", json={"text": rnd.choice(
            ["¥99999999999999999", "第99999999999999999名", "比分99999999999999999:1", "1-99999999999999999%"])})
        return pattern, check(resp) or ("" if resp.status_code in (200, 503) else f"status {resp.status_code}")
    if pattern == "lone_surrogate":
        resp = await client.post(f"{url}/v1/frontend", content=b'{"text": "\\u4f60\\ud800"}', headers=json_headers)
        return pattern, check(resp) or ("" if resp.status_code == 422 else f"status {resp.status_code}")
    if pattern == "invalid_json":
        resp = await client.post(f"{url}/synthesize", content=b'{"text": ', headers=json_headers)
        return pattern, check(resp) or ("" if resp.status_code in (401, 422) else f"status {resp.status_code}")
    if pattern == "long_voice_name":
        resp = await client.post(f"{url}/synthesize", json={"text": "你好", "voice": "v" * 100_000})
        problem = check(resp) or ("" if resp.status_code in (401, 404) else f"status {resp.status_code}")
        return pattern, problem or ("" if len(resp.content) < 2048 else f"{len(resp.content)}-byte error body")
    if pattern == "frontend_long":
        resp = await client.post(f"{url}/v1/frontend", json={"text": "今天天气不错，我们去公园散步吧。" * 60})
        return pattern, check_json(resp)
    if pattern == "garbage_request_line":
        raw = await raw_exchange(url, b"GARBAGE\r\n\r\n", wait_s=10)
        return pattern, raw_status(raw) or ("" if raw.startswith(b"HTTP/1.1 400") else "not a 400")
    if pattern == "abandoned_stream":
        body = json.dumps({"text": rnd.choice(TEXTS), "stream": True, "format": "pcm"}).encode()
        await raw_exchange(url, b"POST /synthesize HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                           b"Content-Length: %d\r\n\r\n%s" % (len(body), body), close_after_s=0.05)
        return pattern, ""
    # half_sent_headers: held in the background until the server closes it (the header deadline)
    if sum(not f.done() for f in half_sent) < HALF_SENT_MAX:
        half_sent.append(asyncio.ensure_future(raw_exchange(url, b"GET /healthz HTTP/1.1\r\nHost: x\r\n", wait_s=60)))
    return pattern, ""


def check_json(resp: httpx.Response) -> str:
    """A 200 with a JSON body, or what `check` accepts for errors."""
    if resp.status_code == 200:
        try:
            resp.json()
        except ValueError:
            return "200 without JSON"
        return ""
    return check(resp)


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


def labelled(text: str, name: str, label: str) -> dict[str, float]:
    """A labelled counter from /metrics text as {label value: count}."""
    out: dict[str, float] = {}
    for line in text.splitlines():
        if line.startswith(name + "{") and f'{label}="' in line:
            value = line.split(f'{label}="', 1)[1].split('"', 1)[0]
            out[value] = out.get(value, 0.0) + float(line.rsplit(" ", 1)[1])
    return out


async def server_counters(client: httpx.AsyncClient, url: str) -> dict:
    """Jobs by outcome and rejections by reason, from /metrics."""
    text = (await client.get(f"{url}/metrics")).text
    return {"jobs": labelled(text, "ttsserve_jobs_total", "outcome"),
            "rejected": labelled(text, "ttsserve_rejected_requests_total", "reason")}


def counter_delta(end: dict, start: dict) -> dict:
    return {k: {n: v - start[k].get(n, 0.0) for n, v in end[k].items() if v - start[k].get(n, 0.0)} for k in end}


LONG_TEXTS = [t * 6 for t in TEXTS[:5]]  # ~100 characters: 6 sentences, a few seconds of worker time on a CPU


async def run(url: str, clients: int, seconds: float, warmup_s: float, timeout_s: float, seed: int,
              hostile_fraction: float = 0.0, *, server_pid: int | None = None, sample_s: float = 10.0,
              api_key: str | None = None, texts: list[str] | None = None) -> dict:
    host = urlparse(url).hostname
    if host not in ("127.0.0.1", "localhost", "::1"):
        raise SystemExit(f"refusing to load {host}: loopback only")
    texts = texts or TEXTS
    rnd = random.Random(seed)
    statuses: Counter = Counter()
    error_codes: Counter = Counter()
    problems: Counter = Counter()
    latencies: list[float] = []
    timeout_latencies: list[float] = []
    audio_s = 0.0
    lost = 0
    done = 0
    hostile_counts: Counter = Counter()
    half_sent: list[asyncio.Future] = []
    series: list[dict] = []
    phase = "warmup"
    limits = httpx.Limits(max_connections=clients + 2)
    headers = {"authorization": f"Bearer {api_key}"} if api_key else {}
    t_run = time.monotonic()
    async with httpx.AsyncClient(timeout=timeout_s, limits=limits, headers=headers) as client, \
            httpx.AsyncClient(timeout=30, headers=headers) as probe:
        async def one_client(deadline: float, record: bool) -> None:
            nonlocal audio_s, lost, done
            while time.monotonic() < deadline:
                if hostile_fraction and rnd.random() < hostile_fraction:
                    try:
                        pattern, problem = await hostile(client, url, rnd, half_sent)
                    except (httpx.HTTPError, OSError, asyncio.TimeoutError) as exc:
                        pattern, problem = "hostile", f"lost: {type(exc).__name__}"
                        lost += 1
                    hostile_counts[pattern] += 1
                    if problem:
                        problems[f"{pattern}: {problem}"] += 1
                    continue
                body = {"text": rnd.choice(texts), "speed": rnd.choice([0.9, 1.0, 1.2])}
                t0 = time.perf_counter()
                try:
                    resp = await client.post(f"{url}/synthesize", json=body)
                except httpx.HTTPError as exc:
                    lost += 1
                    problems[f"lost: {type(exc).__name__}"] += 1
                    continue
                done += 1
                elapsed = time.perf_counter() - t0
                problem = check(resp)
                if problem:
                    problems[problem] += 1
                if record:
                    latencies.append(elapsed)
                    statuses[resp.status_code] += 1
                    if resp.status_code != 200:
                        try:
                            error_codes[resp.json()["error"]["code"]] += 1
                        except (ValueError, KeyError, TypeError):
                            pass
                    if resp.status_code == 504:
                        timeout_latencies.append(elapsed)
                    if not problem and resp.status_code == 200:
                        audio_s += float(resp.headers.get("x-audio-seconds", 0))
                if resp.status_code == 503:
                    await asyncio.sleep(float(resp.headers.get("retry-after", 1)))

        async def sampler() -> None:
            """Every `sample_s`: the server's memory and queue, on its own connection (not behind the load's)."""
            while True:
                t = time.monotonic() - t_run
                try:
                    sample = await server_memory(probe, url, server_pid)
                except httpx.HTTPError as exc:
                    sample = {"error": type(exc).__name__}
                series.append({"t_s": round(t, 1), "phase": phase, "requests_done": done, **sample})
                await asyncio.sleep(sample_s - (time.monotonic() - t_run - t) % sample_s)

        sampling = asyncio.ensure_future(sampler())
        # Warm-up under the same load (caches, allocator pools and batch sizes reach their steady state),
        # then the baseline memory; every response of the warm-up is still checked.
        await asyncio.gather(*(one_client(time.monotonic() + warmup_s, False) for _ in range(clients)))
        start_mem = await server_memory(probe, url, server_pid)
        start_counters = await server_counters(probe, url)
        phase = "measured"
        t_start = time.monotonic()
        await asyncio.gather(*(one_client(t_start + seconds, True) for _ in range(clients)))
        wall = time.monotonic() - t_start
        end_mem = await server_memory(probe, url, server_pid)
        end_counters = await server_counters(probe, url)
        phase = "after"
        sampling.cancel()
        closed_by_server = 0
        for f in half_sent:  # the server closes these at its header deadline; what is still open is ours to close
            if f.done() and not f.cancelled() and f.exception() is None:
                closed_by_server += 1
                problem = raw_status(f.result())
                if problem and f.result():
                    problems[f"half_sent_headers: {problem}"] += 1
            else:
                f.cancel()

    lat = sorted(latencies)

    def pct(p: float, values: list[float] = lat) -> float | None:
        return round(values[min(len(values) - 1, int(p / 100 * len(values)))], 4) if values else None

    growth = None
    if start_mem["rss_bytes"] and end_mem["rss_bytes"]:
        growth = (end_mem["rss_bytes"] - start_mem["rss_bytes"]) / start_mem["rss_bytes"]
    tl = sorted(timeout_latencies)
    return {
        "url": url, "clients": clients, "seconds": seconds, "warmup_s": warmup_s, "wall_s": round(wall, 2),
        "requests": sum(statuses.values()) + lost, "statuses": dict(statuses), "error_codes": dict(error_codes),
        "lost": lost, "contract_violations": dict(problems),
        "latency_s": {"p50": pct(50), "p95": pct(95), "p99": pct(99),
                      "mean": round(statistics.fmean(lat), 4) if lat else None},
        "timeouts_504": {"count": len(tl), "latency_p50_s": pct(50, tl), "latency_max_s": tl[-1] if tl else None},
        "server_counters": counter_delta(end_counters, start_counters),
        "audio_seconds": round(audio_s, 2), "throughput_x_realtime": round(audio_s / wall, 2) if wall else None,
        "memory_start": start_mem, "memory_end": end_mem,
        "rss_growth_fraction": None if growth is None else round(growth, 4),
        "memory_growth": {k: memory_growth(series, k) for k in ("rss_bytes", "torch_allocated_bytes",
                                                                 "torch_reserved_bytes")
                          if any(x.get(k) is not None for x in series)},
        "rss_source": f"/proc/{server_pid} and children" if server_pid else "/metrics process_resident_memory_bytes",
        "hostile": {"fraction": hostile_fraction, "by_pattern": dict(hostile_counts),
                    "half_sent_held": len(half_sent), "half_sent_closed_by_server": closed_by_server},
        "sample_s": sample_s, "series": series,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--url", default="http://127.0.0.1:8000")
    ap.add_argument("--clients", type=int, default=8)
    ap.add_argument("--seconds", type=float, default=30)
    ap.add_argument("--warmup-s", type=float, default=10.0, help="seconds of the same load before the baseline")
    ap.add_argument("--timeout-s", type=float, default=120)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--hostile-fraction", type=float, default=0.0, help="share of hostile requests (0-1)")
    ap.add_argument("--server-pid", type=int, help="read RSS from /proc (the process and its children)")
    ap.add_argument("--sample-s", type=float, default=10.0, help="seconds between memory samples")
    ap.add_argument("--api-key", help="Bearer key, when the server has keys on")
    ap.add_argument("--texts", choices=["short", "long"], default="short",
                    help="short: the 6 sentences; long: ~100 characters each (overload runs)")
    ap.add_argument("--json", help="write the report here")
    args = ap.parse_args(argv)
    report = asyncio.run(run(args.url, args.clients, args.seconds, args.warmup_s, args.timeout_s, args.seed,
                             args.hostile_fraction, server_pid=args.server_pid, sample_s=args.sample_s,
                             api_key=args.api_key, texts=LONG_TEXTS if args.texts == "long" else TEXTS))
    text = json.dumps(report, indent=2)
    brief = {k: v for k, v in report.items() if k != "series"}
    print(json.dumps(brief, indent=2))
    if args.json:
        with open(args.json, "w") as f:
            f.write(text + "\n")
    bad = report["lost"] or sum(report["contract_violations"].values())
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
