"""Speak an LLM's answer while it is still being written: a fake LLM yields tokens, they go to ttsserve's WebSocket
as they come, and the audio that comes back (clause by clause) is saved as a WAV file.

    pip install websockets
    python examples/stream_llm.py [--url ws://127.0.0.1:8000/v1/audio/speech/stream] [--out answer.wav]

Set TTSSERVE_API_KEY when the server requires keys. The protocol: docs/websocket.md.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import time
import wave

import websockets

ANSWER = ("您好！今天北京晴，最高气温18度，最低5度。下午3点以后风力会加大到4级，"
          "出门记得多穿一件外套。明天，也就是2024年3月6日，有小雨，请带好雨伞。")


async def fake_llm(text: str, tokens_per_s: float):
    """Tokens of one to three characters at about `tokens_per_s`, like a chat model's stream."""
    i, rnd = 0, random.Random(0)
    while i < len(text):
        n = rnd.randint(1, 3)
        yield text[i : i + n]
        i += n
        await asyncio.sleep(rnd.expovariate(tokens_per_s))


async def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--url", default="ws://127.0.0.1:8000/v1/audio/speech/stream")
    ap.add_argument("--voice", default=None, help="a voice from GET /v1/voices (default: the server's)")
    ap.add_argument("--tokens-per-s", type=float, default=20.0)
    ap.add_argument("--out", default="answer.wav")
    args = ap.parse_args()
    key = os.environ.get("TTSSERVE_API_KEY")
    headers = {"Authorization": f"Bearer {key}"} if key else {}

    async with websockets.connect(args.url, additional_headers=headers, max_size=2**24) as ws:
        config = {"type": "config", "format": "pcm"}
        if args.voice:
            config["voice"] = args.voice
        await ws.send(json.dumps(config))
        t0 = time.perf_counter()

        async def send_tokens() -> None:
            async for token in fake_llm(ANSWER, args.tokens_per_s):
                await ws.send(json.dumps({"type": "text", "text": token}, ensure_ascii=False))
            await ws.send(json.dumps({"type": "end"}))
            print(f"{time.perf_counter() - t0:6.2f} s  the LLM finished writing")

        sender = asyncio.create_task(send_tokens())
        pcm, first_audio, rate = bytearray(), None, None
        async for message in ws:
            if isinstance(message, bytes):  # 16-bit little-endian mono PCM
                if first_audio is None:
                    first_audio = time.perf_counter() - t0
                    print(f"{first_audio:6.2f} s  first audio")
                pcm += message
                continue
            event = json.loads(message)
            if event["type"] == "sentence":
                rate = event["sample_rate_hz"]
                print(f"{time.perf_counter() - t0:6.2f} s  speaking {event['text']!r}")
            elif event["type"] == "error":
                print("error:", event["code"], event["message"])
            elif event["type"] == "done":
                break
        await sender

    if rate is None:
        raise SystemExit("no audio came back")
    with wave.open(args.out, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(bytes(pcm))
    print(f"{args.out}: {len(pcm) / 2 / rate:.2f} s of audio at {rate} Hz")


if __name__ == "__main__":
    asyncio.run(main())
