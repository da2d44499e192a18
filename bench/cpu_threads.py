"""CPU thread settings under contention: the 42-character request through the engine in-process, on an idle
machine and while another process burns one core, for each thread setting.

Each setting runs in a fresh child process (OpenMP reads OMP_WAIT_POLICY when torch loads). A setting is
`threads` (torch intra-op threads), `interop` (torch inter-op threads, "default" = torch's own) and
`wait` (OMP_WAIT_POLICY: "unset" = the OpenMP runtime's default, which spins before it sleeps; PASSIVE =
waiting threads sleep at once). The load is `python -c 'while True: pass'` (one process, one core).
The figures are wall seconds per request (whole request, not streamed), after one warm-up request.

usage: python bench/cpu_threads.py [--repeats 7] [--voices baker,distill-baker] [--settings all|spin]
                                  [--out bench/results/cpu_threads.json]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TEXT_42 = "国家统计局今天发布数据，十月份全国居民消费价格同比上涨百分之零点二，环比下降零点一。"

CHILD = r'''
import asyncio, json, sys, time
threads, interop, repeats, text, voice = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5]
import torch
if interop != "default":
    torch.set_num_interop_threads(int(interop))
from ttsserve.engine.engine import Engine, SynthesisRequest
from ttsserve.settings import load_settings
from ttsserve.telemetry import Telemetry
engine = Engine(load_settings(device="cpu", torch_threads=threads, warmup=False, frontend_processes=0,
                              voices=["baker", voice] if voice != "baker" else ["baker"]), Telemetry())
engine.start()
async def run():
    out = []
    for i in range(repeats + 1):
        t0 = time.perf_counter()
        r = await engine.synthesize(SynthesisRequest(text=text, voice=voice))
        out.append((time.perf_counter() - t0, r.audio_seconds))
    return out
rows = asyncio.run(run())
engine.stop()
print(json.dumps({"seconds": [s for s, _ in rows[1:]], "audio_s": rows[0][1],
                  "torch_threads": torch.get_num_threads(), "torch_interop": torch.get_num_interop_threads()}))
'''

# --settings spin: OMP_WAIT_POLICY=PASSIVE with and without a short spin before sleeping (GOMP_SPINCOUNT, libgomp's
# count of busy-wait iterations; PASSIVE alone means 0), against one thread
SPIN = [
    {"threads": 2, "interop": "1", "wait": "PASSIVE"},
    {"threads": 2, "interop": "1", "wait": "PASSIVE", "spin": "20000"},
    {"threads": 1, "interop": "1", "wait": "PASSIVE"},
]

SETTINGS = [
    {"threads": 2, "interop": "default", "wait": "unset"},
    {"threads": 1, "interop": "default", "wait": "unset"},
    {"threads": 2, "interop": "1", "wait": "unset"},
    {"threads": 2, "interop": "default", "wait": "PASSIVE"},
    {"threads": 2, "interop": "1", "wait": "PASSIVE"},
    {"threads": 1, "interop": "1", "wait": "PASSIVE"},
]


def run_setting(setting: dict, repeats: int, voice: str = "baker") -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TTSSERVE_")
           and k not in ("OMP_WAIT_POLICY", "OMP_NUM_THREADS", "GOMP_SPINCOUNT")}
    env["PYTHONPATH"] = str(ROOT / "src")
    if setting["wait"] != "unset":
        env["OMP_WAIT_POLICY"] = setting["wait"]
    if setting.get("spin"):
        env["GOMP_SPINCOUNT"] = setting["spin"]
    out = subprocess.run([sys.executable, "-c", CHILD, str(setting["threads"]), setting["interop"], str(repeats), TEXT_42,
                          voice], env=env, capture_output=True, text=True, check=True, cwd=ROOT)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeats", type=int, default=7)
    ap.add_argument("--out", default=str(ROOT / "bench" / "results" / "cpu_threads.json"))
    ap.add_argument("--voices", default="baker", help="comma-separated voices, each through every setting")
    ap.add_argument("--settings", choices=["all", "spin"], default="all")
    args = ap.parse_args()
    import torch

    rows = []
    settings = SPIN if args.settings == "spin" else SETTINGS
    for load in ("idle", "one core busy"):
        burner = subprocess.Popen([sys.executable, "-c", "while True: pass"]) if load != "idle" else None
        try:
            time.sleep(1.0 if burner else 0)
            for voice, setting in ((v, st) for v in args.voices.split(",") for st in settings):
                load_before = os.getloadavg()[0]
                r = run_setting(setting, args.repeats, voice)
                s = sorted(r["seconds"])
                row = {**setting, "voice": voice, "load": load, "median_s": statistics.median(s), "min_s": s[0],
                       "max_s": s[-1],
                       "rtf_median": statistics.median(s) / r["audio_s"], "audio_s": r["audio_s"], "seconds": r["seconds"],
                       "torch_threads": r["torch_threads"], "torch_interop": r["torch_interop"],
                       "loadavg_1min_before": load_before}
                rows.append(row)
                print(f"{load:14s} {voice:14s} threads={setting['threads']} interop={setting['interop']:7s} "
                      f"wait={setting['wait']:7s} spin={setting.get('spin', '-'):6s} "
                      f"median {row['median_s']:.3f} s (min {row['min_s']:.3f}, max {row['max_s']:.3f})", flush=True)
        finally:
            if burner is not None:
                burner.kill()
                burner.wait()
    result = {
        "bench": "cpu_threads", "text": TEXT_42, "repeats": args.repeats, "torch": torch.__version__,
        "cpus_usable": len(os.sched_getaffinity(0)), "cpu_count": os.cpu_count(), "machine": platform.processor() or platform.machine(),
        "note": "shared machine: other processes may have run too (loadavg_1min_before per row)",
        "rows": rows,
    }
    Path(args.out).write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    print("wrote", args.out)


if __name__ == "__main__":
    main()
