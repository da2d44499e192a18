"""Poll a running server's /v1/memory and write one JSON line per sample: when torch's reserved memory grows, and
which graphs are cached then. Runs until interrupted (SIGTERM / Ctrl-C); bench/recheck_gpu.sh starts it beside
its levels when POLL=1.

usage: python bench/memory_poll.py --url http://127.0.0.1:8000 --interval 0.2 --out memory_timeline.jsonl
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
import time
import urllib.request


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--url", default="http://127.0.0.1:8000")
    ap.add_argument("--interval", type=float, default=0.2)
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    t0 = time.monotonic()
    with open(args.out, "w") as f:
        while True:
            try:
                with urllib.request.urlopen(f"{args.url}/v1/memory", timeout=2) as r:
                    m = json.load(r)
            except OSError:
                time.sleep(args.interval)
                continue
            a = m.get("allocator", {})
            kinds = {k: v.get("bytes", 0) for k, v in (m.get("cuda_graphs_by_kind") or {}).items()}
            f.write(json.dumps({"t": round(time.monotonic() - t0, 3), "clock": time.strftime("%H:%M:%S"), "reserved": a.get("reserved_bytes"),
                                "max_reserved": a.get("max_reserved_bytes"), "allocated": a.get("allocated_bytes"),
                                "graphs": kinds}) + "\n")
            f.flush()
            time.sleep(args.interval)


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        pass
