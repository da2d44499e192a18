"""Server RSS before and after runs of one request pattern at a time (diagnostic for the soak's RSS growth):
normal requests, abandoned streams, 100 KB voice names, long /v1/frontend texts, lone surrogates.
usage: ttsserve serve --config configs/cpu.yaml --port 18932 & python bench/leak_http.py $(pgrep -f 'port 18932')
(edit the list in main() to choose the patterns and counts)."""
import asyncio, json, sys, httpx
sys.path.insert(0, '.')
from bench.load import raw_exchange, TEXTS
PID = int(sys.argv[1]) if len(sys.argv) > 1 else 0
URL = "http://127.0.0.1:18932"
def rss(): return int(open(f"/proc/{PID}/status").read().split("VmRSS:")[1].split()[0]) // 1024
async def main():
    async with httpx.AsyncClient(timeout=30) as c:
        for _ in range(20):
            await c.post(f"{URL}/synthesize", json={"text": "你好。"})
        print("warm", rss(), flush=True)
        for name, n in (("normal", 60), ("abandoned_stream", 200), ("abandoned_stream", 200), ("abandoned_stream", 200), ("normal", 100)):
            r0 = rss()
            for i in range(n):
                if name == "long_voice_name":
                    await c.post(f"{URL}/synthesize", json={"text": "你好", "voice": "v" * 100_000})
                elif name == "frontend_long":
                    await c.post(f"{URL}/v1/frontend", json={"text": "今天天气不错，我们去公园散步吧。" * 60})
                elif name == "lone_surrogate":
                    await c.post(f"{URL}/v1/frontend", content=b'{"text": "\\u4f60\\ud800"}', headers={"content-type": "application/json"})
                elif name == "normal":
                    await c.post(f"{URL}/synthesize", json={"text": TEXTS[i % len(TEXTS)]})
                else:
                    body = json.dumps({"text": TEXTS[i % len(TEXTS)], "stream": True, "format": "pcm"}).encode()
                    await raw_exchange(URL, b"POST /synthesize HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s" % (len(body), body), close_after_s=0.05)
            await asyncio.sleep(1)
            print(f"{name} x{n}: {r0} -> {rss()} MB", flush=True)
if __name__ == "__main__":
    asyncio.run(main())
