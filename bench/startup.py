"""Time from `ttsserve serve` to the first 200 of /readyz (what a new replica costs before it serves: imports,
the default voice loaded and warmed, preloaded voices), and to the first synthesized request after it.
docs/scaling.md uses it for the autoscaler's reaction time; on a GPU it includes CUDA start-up and warm-up.

usage: python bench/startup.py [--runs 3] [--config configs/cpu.yaml] [--port 18790] [--json out.json]
Starts its own server on loopback each run and stops it (SIGTERM) afterwards.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import signal
import subprocess
import sys
import time

import httpx


def one_run(args) -> dict:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    cmd = [sys.executable, "-m", "ttsserve", "serve", "--host", "127.0.0.1", "--port", str(args.port)]
    if args.config:
        cmd += ["--config", args.config]
    t0 = time.monotonic()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{args.port}"
    try:
        with httpx.Client(base_url=url, timeout=5) as client:
            while True:
                if proc.poll() is not None:
                    raise SystemExit(f"the server exited with {proc.returncode} before it was ready")
                if time.monotonic() - t0 > args.timeout_s:
                    raise SystemExit(f"not ready after {args.timeout_s} s")
                try:
                    if client.get("/readyz").status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                time.sleep(0.05)
            ready_s = time.monotonic() - t0
            t1 = time.monotonic()
            r = client.post("/synthesize", json={"text": "你好，世界。"}, timeout=60)
            r.raise_for_status()
            first_s = time.monotonic() - t1
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=60)
    return {"ready_s": round(ready_s, 2), "first_request_s": round(first_s, 3)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--config", default=None)
    ap.add_argument("--port", type=int, default=18790)
    ap.add_argument("--timeout-s", type=float, default=600)
    ap.add_argument("--json", default=None)
    args = ap.parse_args()
    runs = []
    for i in range(args.runs):
        runs.append(one_run(args))
        print(f"run {i + 1}: ready after {runs[-1]['ready_s']} s, first request {runs[-1]['first_request_s']} s", flush=True)
    out = {"config": args.config, "host": platform.node(), "cpus": os.cpu_count(),
           "env": {k: v for k, v in os.environ.items() if k.startswith("TTSSERVE_")}, "runs": runs}
    if args.json:
        with open(args.json, "w") as f:
            json.dump(out, f, indent=1)
            f.write("\n")


if __name__ == "__main__":
    main()
