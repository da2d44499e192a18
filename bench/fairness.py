"""Fairness: how long does a short request wait while a very long one is streaming?

Against a running server (loopback): one client streams a long text (`--long-chars`, default 5,000 characters:
the paragraph of bench/data/intelligibility_zh.txt repeated); once its first audio has arrived and `--settle-s`
has passed, a second client sends `--shorts` short streaming requests one after another and records each one's
time to first audio byte and total time. Reports those, and whether the long stream was still running when
each short one got its first audio (it must be, or the measurement says nothing).

usage: python bench/fairness.py --url http://127.0.0.1:8000 [--voice baker] [--shorts 10] --json out.json
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from intelligibility import read_set  # noqa: E402

SHORT = "请在下午三点半之前把报告发给我。"


async def stream(client: httpx.AsyncClient, url: str, body: dict, marks: dict) -> None:
    t0 = time.perf_counter()
    async with client.stream("POST", f"{url}/synthesize", json={**body, "stream": True, "format": "pcm"}) as r:
        r.raise_for_status()
        async for chunk in r.aiter_bytes():
            if chunk and "first_s" not in marks:
                marks["first_s"] = time.perf_counter() - t0
                marks["first_at"] = time.perf_counter()
            marks["bytes"] = marks.get("bytes", 0) + len(chunk)
    marks["total_s"] = time.perf_counter() - t0
    marks["end_at"] = time.perf_counter()


async def main_async(args) -> dict:
    paragraph = next(t for g, t in read_set() if g == "paragraph")
    long_text = (paragraph * (args.long_chars // len(paragraph) + 1))[: args.long_chars]
    voice = {"voice": args.voice} if args.voice else {}
    long_marks: dict = {}
    shorts = []
    async with httpx.AsyncClient(timeout=None) as client:
        long_task = asyncio.create_task(stream(client, args.url, {"text": long_text, **voice}, long_marks))
        while "first_s" not in long_marks:
            if long_task.done():
                long_task.result()
            await asyncio.sleep(0.01)
        await asyncio.sleep(args.settle_s)
        for _ in range(args.shorts):
            marks: dict = {}
            await stream(client, args.url, {"text": SHORT, **voice}, marks)
            marks["long_still_running"] = "end_at" not in long_marks or long_marks["end_at"] > marks["first_at"]
            shorts.append(marks)
            await asyncio.sleep(args.gap_s)
        await long_task
    firsts = [m["first_s"] * 1000 for m in shorts]
    return dict(
        what="first audio of short streaming requests sent while a long streaming request runs",
        command=" ".join([sys.executable, *sys.argv]), voice=args.voice or "(server default)",
        long_chars=len(long_text), long_first_audio_ms=round(long_marks["first_s"] * 1000, 1),
        long_total_s=round(long_marks["total_s"], 2), long_audio_s=round(long_marks["bytes"] / 2 / args.rate, 1),
        short_text=SHORT, shorts=len(shorts),
        short_first_audio_ms=dict(p50=round(statistics.median(firsts), 1), max=round(max(firsts), 1),
                                  all=[round(f, 1) for f in firsts]),
        short_total_ms_p50=round(statistics.median(m["total_s"] * 1000 for m in shorts), 1),
        long_running_during_all_shorts=all(m["long_still_running"] for m in shorts))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--url", default="http://127.0.0.1:8000")
    ap.add_argument("--voice")
    ap.add_argument("--long-chars", type=int, default=5000)
    ap.add_argument("--shorts", type=int, default=10)
    ap.add_argument("--settle-s", type=float, default=1.0)
    ap.add_argument("--gap-s", type=float, default=0.2)
    ap.add_argument("--rate", type=int, default=24000, help="the voice's sample rate (for audio seconds)")
    ap.add_argument("--json")
    args = ap.parse_args()
    report = asyncio.run(main_async(args))
    print(json.dumps({k: v for k, v in report.items() if k != "command"}, ensure_ascii=False, indent=1))
    if args.json:
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(json.dumps(report, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
