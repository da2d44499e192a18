"""`ttsserve batch`: synthesize many items to files (customer-service scripts, audiobook drafts, course
narration). Input: .txt (one item per line), .jsonl or .csv (columns: text, and optional id, voice,
emotion, speed). Output: `<out_dir>/<id>.<format>`. Resumable: an item whose output file exists and
decodes is skipped; files are written under a temporary name and renamed, so an interrupted run never
leaves a half file that looks finished. Talks to a running server (`--server URL`) or runs in-process.
"""

from __future__ import annotations

import asyncio
import csv
import json
import os
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import soundfile as sf


@dataclass
class Item:
    id: str
    text: str
    voice: str | None = None
    emotion: str | None = None
    speed: float = 1.0


@dataclass
class Summary:
    items: int = 0
    done: int = 0
    skipped: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    audio_s: float = 0.0
    wall_s: float = 0.0
    interrupted: bool = False  # Ctrl-C: the items in flight were dropped, finished files are kept

    def line(self) -> str:
        return (f"{self.items} items: {self.done} synthesized, {self.skipped} already done, {len(self.failed)} failed; "
                f"{self.audio_s:.1f} s of audio in {self.wall_s:.1f} s")


_SAFE_ID = re.compile(r"[^A-Za-z0-9._-]+")


def read_items(path: Path) -> list[Item]:
    suffix = path.suffix.lower()
    rows: list[dict] = []
    if suffix == ".txt":
        lines = path.read_text(encoding="utf-8").splitlines()
        width = len(str(len(lines)))
        rows = [{"id": f"{i:0{width}d}", "text": line} for i, line in enumerate(lines, 1) if line.strip()]
    elif suffix == ".jsonl":
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip():
                try:
                    rows.append(json.loads(line))
                except json.JSONDecodeError as exc:
                    raise SystemExit(f"{path}:{n}: not JSON: {exc}") from None
    elif suffix == ".csv":
        with path.open(encoding="utf-8", newline="") as f:
            rows = list(csv.DictReader(f))
    else:
        raise SystemExit(f"unsupported input {path.suffix!r}: use .txt, .jsonl or .csv")
    items, seen = [], set()
    for n, row in enumerate(rows, 1):
        if not str(row.get("text") or "").strip():
            raise SystemExit(f"{path}: item {n} has no text")
        item_id = _SAFE_ID.sub("_", str(row.get("id") or f"{n:05d}"))
        if item_id in seen:
            raise SystemExit(f"{path}: duplicate id {item_id!r}")
        seen.add(item_id)
        items.append(Item(id=item_id, text=str(row["text"]), voice=row.get("voice") or None,
                          emotion=row.get("emotion") or None, speed=float(row.get("speed") or 1.0)))
    return items


def finished(path: Path) -> bool:
    try:
        return path.stat().st_size > 0 and sf.info(str(path)).frames > 0
    except Exception:  # missing or not a complete audio file
        return False


def run_batch(items: list[Item], out_dir: Path, *, fmt: str = "wav", server: str | None = None,
              api_key: str | None = None, concurrency: int = 4, settings=None, progress=sys.stderr) -> Summary:
    out_dir.mkdir(parents=True, exist_ok=True)
    summary = Summary(items=len(items))
    todo = []
    for item in items:
        if finished(out_dir / f"{item.id}.{fmt}"):
            summary.skipped += 1
        else:
            todo.append(item)
    t0 = time.monotonic()
    if not todo:
        print(summary.line(), file=progress, flush=True)
        return summary
    synth = _server_synth(server, api_key) if server else _local_synth(settings)

    async def main() -> None:
        cancelled = False
        sem = asyncio.Semaphore(concurrency)
        done = summary.skipped

        async def one(item: Item) -> None:
            nonlocal done
            async with sem:
                try:
                    payload, audio_s = await synth.run(item, fmt)
                except Exception as exc:  # one item's failure is reported, the batch goes on
                    summary.failed.append((item.id, str(exc)))
                    status = f"FAILED: {exc}"
                else:
                    target = out_dir / f"{item.id}.{fmt}"
                    tmp = target.with_name(f".{target.name}.part")
                    tmp.write_bytes(payload)
                    os.replace(tmp, target)
                    summary.done += 1
                    summary.audio_s += audio_s
                    status = f"{audio_s:.1f} s"
            done += 1
            print(f"[{done}/{summary.items}] {item.id} {status}", file=progress, flush=True)

        try:
            await asyncio.gather(*(one(i) for i in todo))
        except asyncio.CancelledError:  # Ctrl-C: asyncio.run cancels this task, then raises KeyboardInterrupt
            cancelled = True
            raise
        finally:
            await synth.close(wait=not cancelled)

    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        summary.interrupted = True
    summary.wall_s = time.monotonic() - t0
    print(summary.line(), file=progress, flush=True)
    if summary.interrupted:
        print("interrupted: the files written so far are complete; run the same command again to resume "
              "(finished items are skipped)", file=progress, flush=True)
    return summary


class _server_synth:
    def __init__(self, url: str, api_key: str | None) -> None:
        import httpx

        headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        self.client = httpx.AsyncClient(base_url=url.rstrip("/"), headers=headers, timeout=600)

    async def run(self, item: Item, fmt: str) -> tuple[bytes, float]:
        body = {"text": item.text, "format": fmt, "speed": item.speed}
        body.update({k: v for k, v in (("voice", item.voice), ("emotion", item.emotion)) if v})
        # the voice again as a header: load balancers hash on it to keep each voice on the replicas that have it
        # warm (docs/scaling.md, "Voice-aware routing"); the server reads the body's
        r = await self.client.post("/synthesize", json=body, headers={"X-TTS-Voice": item.voice} if item.voice else None)
        if r.status_code != 200:
            try:
                message = r.json()["error"]["message"]
            except Exception:
                message = r.text[:200]
            raise RuntimeError(f"HTTP {r.status_code}: {message}")
        return r.content, float(r.headers.get("x-audio-seconds", 0))

    async def close(self, wait: bool = True) -> None:
        await self.client.aclose()


class _local_synth:
    def __init__(self, settings) -> None:
        from ttsserve.engine.engine import Engine
        from ttsserve.telemetry import Telemetry

        self.engine = Engine(settings, Telemetry())
        self.engine.start()

    async def run(self, item: Item, fmt: str) -> tuple[bytes, float]:
        from ttsserve import audio
        from ttsserve.engine.engine import SynthesisRequest

        req = SynthesisRequest(text=item.text, voice=item.voice or self.engine.settings.default_voice,
                               emotion=item.emotion, speed=item.speed)
        result = await self.engine.synthesize(req)
        payload = await asyncio.to_thread(audio.encode, result.audio, result.sample_rate_hz, fmt)
        return payload, result.audio_seconds

    async def close(self, wait: bool = True) -> None:
        # interrupted: no grace period for the jobs still queued (their items are redone on the next run)
        await asyncio.to_thread(self.engine.stop, None if wait else 0.0)
