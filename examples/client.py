"""Every ttsserve route from Python (httpx). Usage: python examples/client.py [http://127.0.0.1:8000]
Set TTSSERVE_API_KEY when the server requires keys."""

from __future__ import annotations

import os
import sys

import httpx

url = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000"
key = os.environ.get("TTSSERVE_API_KEY")
client = httpx.Client(base_url=url, timeout=120, headers={"Authorization": f"Bearer {key}"} if key else {})

print(client.get("/healthz").json(), client.get("/readyz").json())
voices = client.get("/v1/voices").json()
for v in voices["voices"]:
    print(v["name"], v["sample_rate_hz"], "Hz, emotions:", [e["name"] for e in v["emotions"]], "loaded:", v["loaded"])
front = client.post("/v1/frontend", json={"text": "还钱还有2个"}).json()
print([s["pinyin"] for s in front["sentences"]])

r = client.post("/synthesize", json={"text": "今天天气不错，我们去公园散步吧。", "emotion": "gentle", "speed": 0.95})
r.raise_for_status()
open("out.wav", "wb").write(r.content)
print("out.wav:", r.headers["x-audio-seconds"], "s, peak VRAM", r.headers["x-peak-vram-bytes"], "bytes")

with client.stream("POST", "/synthesize", json={"text": "流式合成。第二句。", "stream": True, "format": "pcm"}) as s:
    pcm = b"".join(s.iter_bytes())  # raw s16le at the voice's rate, as it is produced
print("streamed", len(pcm) // 2, "samples")

bad = client.post("/synthesize", json={"text": ""})
print(bad.status_code, bad.json())  # 422 {"error": {"code": "invalid_text", "message": "text is empty"}}

speech = client.post("/v1/audio/speech", json={"model": "tts-1", "voice": "alloy", "input": "你好", "response_format": "mp3"})
open("openai.mp3", "wb").write(speech.content)
print(client.get("/v1/models").json()["data"][0]["id"], client.get("/v1/memory").json()["voice_cache"]["compute_bytes"])
print(client.get("/metrics").text.count("ttsserve_"), "ttsserve_ lines in /metrics")
