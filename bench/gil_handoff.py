"""The interpreter lock between two threads, as a model of the GPU worker beside uvicorn's event loop (issue 16,
session 31): a "worker" thread does N steps of W us of Python then a wait of D us that releases the lock (a device
sync, a queue wait); an "event loop" thread runs Python in bursts of B ms with I ms of sleep between (its share of
the lock). Prints the worker's time alone and beside the loop under each switch interval: the slowdown beside the
loop is the lock's contention; what a shorter switch interval wins back is the hand-over latency alone.

usage: python bench/gil_handoff.py [--steps 1000] [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import threading
import time
from pathlib import Path


def spin(seconds: float) -> None:
    t = time.perf_counter()
    while time.perf_counter() - t < seconds:
        pass


def event_loop(stop: threading.Event, burst_s: float, idle_s: float) -> None:
    while not stop.is_set():
        spin(burst_s)
        time.sleep(idle_s)


def worker(steps: int, work_s: float, wait_s: float) -> float:
    t0 = time.perf_counter()
    for _ in range(steps):
        spin(work_s)
        time.sleep(wait_s)  # releases the lock, as a wait on the device does
    return time.perf_counter() - t0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--steps", type=int, default=1000)
    ap.add_argument("--json")
    args = ap.parse_args(argv)
    before = sys.getswitchinterval()
    rows = []
    for burst_ms, idle_ms in ((8.0, 16.0), (1.0, 2.0)):
        for work_us, wait_us in ((200, 500), (50, 20)):
            row = {"loop_burst_ms": burst_ms, "loop_idle_ms": idle_ms, "worker_work_us": work_us,
                   "worker_wait_us": wait_us, "alone_s": round(worker(args.steps, work_us / 1e6, wait_us / 1e6), 3)}
            for interval_ms in (5.0, 0.5):
                sys.setswitchinterval(interval_ms / 1000)
                stop = threading.Event()
                loop = threading.Thread(target=event_loop, args=(stop, burst_ms / 1000, idle_ms / 1000))
                loop.start()
                row[f"beside_loop_switch_{interval_ms}ms_s"] = round(worker(args.steps, work_us / 1e6, wait_us / 1e6), 3)
                stop.set()
                loop.join()
            sys.setswitchinterval(before)
            rows.append(row)
            print(json.dumps(row))
    if args.json:
        Path(args.json).write_text(json.dumps({"command": "python bench/gil_handoff.py " + " ".join(argv or sys.argv[1:]),
                                               "python": sys.version.split()[0], "machine": platform.machine(),
                                               "steps": args.steps, "rows": rows}, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
