"""Latency of the WebSocket route /v1/audio/speech/stream of a running ttsserve (issue 22's targets).

Three measurements, each printed as a table and written to --json:
- `first`: one connection; per utterance the text of a first clause goes in token by token (no delay), then the
  delta that completes the clause (its mark); we time from sending that delta to the first binary frame.
- `load`: C connections at once, each streaming a paragraph at --tokens-per-s (tokens of 1-3 characters) for
  --seconds; for every clause, from sending the delta that completed it (the server's own rule, replayed here with
  frontend/clauses.py) to its `sentence` event, which the server sends right before the clause's first frame.
  Reported for the first clause of each utterance (the target) and for all clauses. A later clause cannot start
  before the one ahead of it is sent, so its figure also shows whether synthesis keeps up with the text.
- `cancel`: a long utterance; after its first audio (a fast reader) we send `cancel` and time the `done`
  acknowledgement; we report the audio the server says it still sent after it read the cancel
  (`audio_after_cancel_s` of `done`: the target, "stops within one vocoder chunk"), and the audio that arrived
  at the client after the cancel left it (in ms of audio: this includes what was already on the wire, which on
  a fast GPU can be seconds of audio; a client drops everything before `done`).

usage: python bench/websocket.py --url ws://127.0.0.1:8000/v1/audio/speech/stream [--voice baker]
                                 [--connections 32] [--tokens-per-s 20] [--seconds 20] [--procs 4] [--json out.json]
Set TTSSERVE_API_KEY when the server requires keys. --max-chars must match the server's frontend.max_sentence_chars.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

import websockets

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
from ttsserve.frontend.clauses import ClauseSegmenter  # noqa: E402

FIRST_CLAUSES = ["今天天气很好，", "请稍等一下，", "好的，", "这个问题很有意思，", "您的订单已经发货，", "欢迎光临！"]
PARAGRAPH = ("您好！今天北京晴，最高气温十八度，最低五度。下午三点以后风力会加大到四级，出门记得多穿一件外套。"
             "明天有小雨，请带好雨伞。根据气象台的预报，本周后半段将有一次明显的降温过程，请大家注意防寒保暖。")
# long clauses (no pause marks), so that a clause's audio comes in several vocoder chunks and the cancel lands in one
CANCEL_TEXT = "。".join(["这是一段很长的回答用来测量用户在中途打断的时候服务器需要多长时间才能停止发送音频"] * 4) + "。"


def pct(values: list[float], q: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, int(round(q * (len(s) - 1))))] if s else float("nan")


def summary(ms: list[float]) -> dict:
    return {"n": len(ms), "p50_ms": round(pct(ms, 0.5), 2), "p95_ms": round(pct(ms, 0.95), 2),
            "max_ms": round(max(ms), 2) if ms else None, "mean_ms": round(statistics.fmean(ms), 2) if ms else None}


def tokens(text: str, rnd: random.Random) -> list[str]:
    out, i = [], 0
    while i < len(text):
        n = rnd.randint(1, 3)
        out.append(text[i : i + n])
        i += n
    return out


async def connect(args):
    key = os.environ.get("TTSSERVE_API_KEY")
    ws = await websockets.connect(args.url, additional_headers={"Authorization": f"Bearer {key}"} if key else {},
                                  max_size=2**24)
    config = {"type": "config"}
    if args.voice:
        config["voice"] = args.voice
    await ws.send(json.dumps(config))
    return ws


async def until_done(ws) -> None:
    async for m in ws:
        if isinstance(m, str) and json.loads(m)["type"] in ("done",):
            return


async def first_audio(args) -> dict:
    ws = await connect(args)
    ms = []
    for i in range(args.first_trials):
        clause = FIRST_CLAUSES[i % len(FIRST_CLAUSES)]
        for ch in clause[:-1]:
            await ws.send(json.dumps({"type": "text", "text": ch}, ensure_ascii=False))
        t0 = time.perf_counter()
        await ws.send(json.dumps({"type": "text", "text": clause[-1]}, ensure_ascii=False))
        async for m in ws:
            if isinstance(m, bytes):
                ms.append((time.perf_counter() - t0) * 1000)
                break
        await ws.send(json.dumps({"type": "end"}))
        await until_done(ws)
    await ws.close()
    return summary(ms)


async def one_stream(args, k: int, stop_at: float, first_ms: list, all_ms: list, errors: list) -> None:
    rnd = random.Random(k)
    ws = await connect(args)
    await asyncio.sleep(rnd.random() / args.tokens_per_s)  # connections out of phase
    try:
        while time.perf_counter() < stop_at:
            seg = ClauseSegmenter(args.max_chars, lambda piece: list(range(1, len(piece) + 1)))
            completed: dict[int, float] = {}

            async def send_all() -> None:
                for tok in tokens(PARAGRAPH, rnd):
                    await ws.send(json.dumps({"type": "text", "text": tok}, ensure_ascii=False))
                    now = time.perf_counter()
                    for _ in seg.feed(tok):
                        completed[len(completed)] = now
                    await asyncio.sleep(1.0 / args.tokens_per_s)
                await ws.send(json.dumps({"type": "end"}))
                now = time.perf_counter()
                for _ in seg.finish():
                    completed[len(completed)] = now

            sender = asyncio.ensure_future(send_all())
            async for m in ws:
                if isinstance(m, bytes):
                    continue
                event = json.loads(m)
                if event["type"] == "sentence" and event["index"] in completed:
                    ms = (time.perf_counter() - completed[event["index"]]) * 1000
                    all_ms.append(ms)
                    if event["index"] == 0:
                        first_ms.append(ms)
                elif event["type"] == "error":
                    errors.append(event["code"])
                elif event["type"] == "done":
                    break
            await sender
    finally:
        await ws.close()


async def load(args) -> dict:
    first_ms: list[float] = []
    all_ms: list[float] = []
    errors: list[str] = []
    if args.procs > 1:  # the connections spread over client processes (one event loop is not the bottleneck)
        await load_in_processes(args, first_ms, all_ms, errors)
    else:
        stop_at = time.perf_counter() + args.seconds
        await asyncio.gather(*(one_stream(args, args.first_stream + k, stop_at, first_ms, all_ms, errors)
                               for k in range(args.connections)))
    if args.raw_json:  # a client process of --procs: its raw figures for the parent
        Path(args.raw_json).write_text(json.dumps({"first": first_ms, "all": all_ms, "errors": errors}))
    return {"connections": args.connections, "tokens_per_s": args.tokens_per_s, "client_procs": args.procs,
            "first_clause": summary(first_ms), "all_clauses": summary(all_ms),
            "errors": {c: errors.count(c) for c in sorted(set(errors))}}


async def load_in_processes(args, first_ms: list, all_ms: list, errors: list) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        procs, start = [], 0
        for i in range(args.procs):
            n = args.connections // args.procs + (i < args.connections % args.procs)
            cmd = [sys.executable, __file__, "--url", args.url, "--only", "load", "--connections", str(n),
                   "--tokens-per-s", str(args.tokens_per_s), "--seconds", str(args.seconds),
                   "--max-chars", str(args.max_chars), "--first-stream", str(start), "--raw-json", f"{tmp}/{i}.json"]
            if args.voice:
                cmd += ["--voice", args.voice]
            procs.append(await asyncio.create_subprocess_exec(*cmd, stdout=asyncio.subprocess.DEVNULL))
            start += n
        for p in procs:
            await p.wait()
        for i in range(args.procs):
            raw = json.loads(Path(f"{tmp}/{i}.json").read_text())
            first_ms += raw["first"]
            all_ms += raw["all"]
            errors += raw["errors"]


async def cancel(args) -> dict:
    """The client reads all the time (its buffers stay empty); 50 ms after the first audio it sends `cancel`."""
    ws = await connect(args)
    ack_ms, after_ms, server_ms, frame_ms = [], [], [], []
    for _ in range(args.cancel_trials):
        await ws.send(json.dumps({"type": "text", "text": CANCEL_TEXT}, ensure_ascii=False))
        rate, cancel_at, t0, late = None, None, None, 0
        while True:
            timeout = None if cancel_at is None or t0 is not None else max(0.0, cancel_at - time.perf_counter())
            try:
                m = await asyncio.wait_for(ws.recv(), timeout)
            except asyncio.TimeoutError:
                t0 = time.perf_counter()
                await ws.send(json.dumps({"type": "cancel"}))
                continue
            if isinstance(m, bytes):
                if rate:
                    frame_ms.append(1000 * (len(m) // 2) / rate)
                if cancel_at is None:
                    cancel_at = time.perf_counter() + 0.05  # mid-clause
                if t0 is not None:
                    late += len(m) // 2
                continue
            event = json.loads(m)
            if event["type"] == "sentence":
                rate = event["sample_rate_hz"]
            elif event["type"] == "done" and event.get("cancelled"):
                ack_ms.append((time.perf_counter() - t0) * 1000)
                after_ms.append(1000 * late / rate)
                server_ms.append(1000 * event.get("audio_after_cancel_s", float("nan")))
                break
    await ws.close()
    return {"ack": summary(ack_ms), "audio_after_cancel": summary(after_ms),
            "server_audio_after_cancel": summary(server_ms), "audio_frame": summary(frame_ms)}


async def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--url", default="ws://127.0.0.1:8000/v1/audio/speech/stream")
    ap.add_argument("--voice", default=None)
    ap.add_argument("--connections", type=int, default=32)
    ap.add_argument("--tokens-per-s", type=float, default=20.0)
    ap.add_argument("--seconds", type=float, default=20.0)
    ap.add_argument("--first-trials", type=int, default=30)
    ap.add_argument("--cancel-trials", type=int, default=10)
    ap.add_argument("--max-chars", type=int, default=60)
    ap.add_argument("--only", choices=["first", "load", "cancel"], action="append")
    ap.add_argument("--procs", type=int, default=1, help="client processes for `load` (connections spread over them)")
    ap.add_argument("--first-stream", type=int, default=0, help=argparse.SUPPRESS)
    ap.add_argument("--raw-json", default=None, help=argparse.SUPPRESS)
    ap.add_argument("--json", default=None)
    args = ap.parse_args()
    parts = args.only or ["first", "load", "cancel"]
    out: dict = {"url": args.url, "voice": args.voice}
    if "first" in parts:
        out["first"] = await first_audio(args)
        print("first clause -> first audio, 1 connection:", out["first"], flush=True)
    if "load" in parts:
        out["load"] = await load(args)
        print(f"{args.connections} connections at {args.tokens_per_s:g} tokens/s:", out["load"], flush=True)
    if "cancel" in parts:
        out["cancel"] = await cancel(args)
        print("cancel:", out["cancel"], flush=True)
    if args.json:
        Path(args.json).write_text(json.dumps(out, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    asyncio.run(main())
