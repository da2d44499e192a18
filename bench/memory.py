"""Peak VRAM and latency per configuration, after the tuning guide's table, with our own voices; voice switch
times; and a cycling run that checks reserved bytes do not grow. Needs CUDA.

Voices: four copies of the default voice under different names (weights symlinked), standing in for the
guide's four speakers; each is a full, independent weight set on the GPU.

usage: python bench/memory.py --out bench/results/memory.json [--cycle-s 120]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import shutil
import tempfile
import time
from pathlib import Path

import torch

from ttsserve.engine.engine import Engine, SynthesisRequest
from ttsserve.settings import load_settings
from ttsserve.telemetry import Telemetry

ROOT = Path(__file__).resolve().parents[1]
TEXT_42 = "国家统计局今天发布数据，十月份全国居民消费价格同比上涨百分之零点二，环比下降零点一。"
PARAGRAPH = ("人工智能技术正在深刻改变人们的生活方式。从智能手机上的语音助手，到城市道路上的自动驾驶汽车，"
             "再到医院里辅助医生诊断的影像系统，新的应用层出不穷。专家认为，未来十年将是这一领域发展的关键时期，"
             "但同时也需要关注数据安全和隐私保护等问题。")


def text_of(chars: int) -> str:
    out = ""
    while len(out) < chars:
        out += PARAGRAPH
    return out[:chars]


def four_voices(tmp: Path) -> Path:
    w = tmp / "weights"
    for i, name in enumerate(["baker", "baker-b", "baker-c", "baker-d"]):
        d = w / name
        d.mkdir(parents=True)
        for f in (ROOT / "weights" / "baker").iterdir():
            if f.name == "voice.yaml":
                (d / f.name).write_text(f.read_text(encoding="utf-8").replace("name: baker", f"name: {name}"), encoding="utf-8")
            else:
                (d / f.name).symlink_to(f)
    return w


CONFIGS = {
    # (a) naive: every voice resident, whole-sentence vocoding, long sentences, fp32
    "naive": dict(preload_all=True, max_gpu_bytes=8 << 30, vocoder_chunk_frames=1_000_000, max_sentence_chars=400, dtype="float32"),
    # (b) one mechanism each
    "+voice cache (1 voice on GPU)": dict(preload_all=True, max_gpu_bytes="one voice", vocoder_chunk_frames=1_000_000, max_sentence_chars=400, dtype="float32"),
    "+chunked vocoder": dict(preload_all=True, max_gpu_bytes=8 << 30, vocoder_chunk_frames=400, max_sentence_chars=400, dtype="float32"),
    "+fp16": dict(preload_all=True, max_gpu_bytes=8 << 30, vocoder_chunk_frames=1_000_000, max_sentence_chars=400, dtype="float16"),
    # (c) everything on
    "all": dict(preload_all=True, max_gpu_bytes="one voice", vocoder_chunk_frames=400, max_sentence_chars=60, dtype="float16"),
}


def voice_bytes(weights: Path, dtype: str) -> int:
    from ttsserve.pipeline.voice import LoadedVoice, Placement
    from ttsserve.voices import load_manifest

    voice = LoadedVoice.load(load_manifest(weights / "baker"), Placement("cuda", "cuda", dtype))
    return voice.nbytes()


def make_engine(weights: Path, cfg: dict) -> Engine:
    voices = ["baker", "baker-b", "baker-c", "baker-d"]
    budget = cfg["max_gpu_bytes"]
    if budget == "one voice":  # room for one voice on the GPU, not two
        # the pinned default voice plus one other: switching evicts, nothing else stays resident
        budget = int(2.2 * voice_bytes(weights, cfg["dtype"]))
    s = load_settings(weights_dir=weights, device="cuda", warmup=False, dtype=cfg["dtype"],
                      max_gpu_bytes=budget, vocoder_chunk_frames=cfg["vocoder_chunk_frames"],
                      preload_voices=voices if cfg["preload_all"] else [], max_text_chars=6000,
                      frontend={"type": "mandarin", "max_sentence_chars": cfg["max_sentence_chars"]})
    e = Engine(s, Telemetry())
    e.start()
    return e


def measure(engine: Engine, text: str) -> dict:
    torch.cuda.synchronize()
    torch.cuda.reset_peak_memory_stats()
    t0 = time.perf_counter()
    r = asyncio.run(engine.synthesize(SynthesisRequest(text=text, voice="baker")))
    torch.cuda.synchronize()
    return {
        "latency_s": round(time.perf_counter() - t0, 4),
        # the request's own figure (max over its stages, each measured from a reset peak), as the
        # X-Peak-VRAM-Bytes header reports it: resident weights + that stage's activations
        "peak_allocated_bytes": int(r.stats.peak_allocated_bytes),
        "reserved_bytes": int(torch.cuda.memory_reserved()),
        "audio_s": round(r.audio_seconds, 2),
    }


def table_rows(weights: Path, name: str) -> list[dict]:
    """One configuration, in a fresh process (so nothing of another configuration stays allocated)."""
    cfg = CONFIGS[name]
    engine = make_engine(weights, cfg)
    rows = []
    try:
        measure(engine, "你好。")  # warm
        resident = int(torch.cuda.memory_allocated())
        for chars in (42, 500, 5000):
            row = {"config": name, "chars": chars, "resident_bytes": resident}
            try:
                row.update(measure(engine, TEXT_42 if chars == 42 else text_of(chars)))
            except Exception as exc:  # an OOM in the naive mode is a result, not a crash
                row["error"] = f"{type(exc).__name__}: {exc}"[:200]
            rows.append(row)
    finally:
        engine.stop()
    return rows


def table(weights: Path) -> list[dict]:
    import subprocess
    import sys

    rows = []
    for name in CONFIGS:
        out = subprocess.run([sys.executable, __file__, "--one-config", name, "--weights", str(weights)],
                             capture_output=True, text=True, timeout=300)
        if out.returncode != 0:
            rows.append({"config": name, "error": out.stderr[-500:]})
            continue
        rows.extend(json.loads(out.stdout.strip().splitlines()[-1]))
        print(name, "done", flush=True)
    return rows


def switch_times(weights: Path) -> dict:
    """Alternate two voices with room for one on the GPU: every switch comes from the pinned CPU tier."""
    cfg = dict(CONFIGS["all"], preload_all=False)
    engine = make_engine(weights, cfg)
    try:
        asyncio.run(engine.synthesize(SynthesisRequest(text="你好", voice="baker-b")))  # disk load
        c0 = engine.memory()["voice_cache"]["counters"]
        for i in range(10):
            asyncio.run(engine.synthesize(SynthesisRequest(text="你好", voice="baker-c" if i % 2 else "baker-b")))
        c1 = engine.memory()["voice_cache"]["counters"]
    finally:
        engine.stop()
    n_cpu = c1["misses_from_cpu"] - c0["misses_from_cpu"]
    return {
        "from_disk_s": round(c0["load_seconds_disk"] / max(c0["misses_from_disk"], 1), 4),
        "from_cpu_tier_s": round((c1["load_seconds_cpu"] - c0["load_seconds_cpu"]) / max(n_cpu, 1), 4),
        "switches_from_cpu_tier": n_cpu,
    }


def cycle(weights: Path, seconds: float) -> dict:
    cfg = dict(CONFIGS["all"], preload_all=False)
    engine = make_engine(weights, cfg)
    voices = ["baker", "baker-b", "baker-c", "baker-d"]
    rnd = random.Random(0)
    samples = []
    try:
        t_end = time.monotonic() + seconds
        n = 0
        while time.monotonic() < t_end:
            text = rnd.choice([TEXT_42, text_of(200), "你好。"])
            asyncio.run(engine.synthesize(SynthesisRequest(text=text, voice=rnd.choice(voices))))
            n += 1
            if n % 10 == 0:
                samples.append({"t_s": round(seconds - (t_end - time.monotonic()), 1), "reserved_bytes": int(torch.cuda.memory_reserved()),
                                "allocated_bytes": int(torch.cuda.memory_allocated())})
    finally:
        engine.stop()
    warm = samples[len(samples) // 5:] or samples
    return {"requests": n, "seconds": seconds, "reserved_after_warmup_first": warm[0]["reserved_bytes"],
            "reserved_max": max(s["reserved_bytes"] for s in warm), "reserved_last": warm[-1]["reserved_bytes"],
            "samples": samples}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default="bench/results/memory.json")
    ap.add_argument("--cycle-s", type=float, default=120)
    ap.add_argument("--one-config", help=argparse.SUPPRESS)
    ap.add_argument("--weights", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if not torch.cuda.is_available():
        raise SystemExit("needs CUDA")
    if args.one_config:
        print(json.dumps(table_rows(Path(args.weights), args.one_config)))
        return 0
    tmp = Path(tempfile.mkdtemp())
    try:
        weights = four_voices(tmp)
        result = {"device": torch.cuda.get_device_name(), "torch": torch.__version__, "table": table(weights),
                  "switch": switch_times(weights), "cycle": cycle(weights, args.cycle_s)}
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(result, indent=2))
    print(f"{'config':34} {'chars':>5} {'peak MiB':>9} {'resident MiB':>12} {'reserved MiB':>12} {'latency s':>9}")
    for r in result["table"]:
        if "chars" not in r:
            print(r["config"], "FAILED", r.get("error", "")[-300:])
            continue
        print(f"{r['config']:34} {r['chars']:>5} {r.get('peak_allocated_bytes', 0) / 2**20:9.1f} "
              f"{r['resident_bytes'] / 2**20:12.1f} {r.get('reserved_bytes', 0) / 2**20:12.1f} "
              f"{r.get('latency_s', float('nan')):9.3f} {r.get('error', '')}")
    print("switch:", result["switch"])
    c = result["cycle"]
    print(f"cycle: {c['requests']} requests in {c['seconds']} s; reserved after warm-up {c['reserved_after_warmup_first']} "
          f"-> max {c['reserved_max']}, last {c['reserved_last']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
