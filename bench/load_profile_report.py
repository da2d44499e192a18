"""The report of bench/load_profile_gpu.sh (issue 16): per server (plain, sync, profile) and level (mixed, distill),
the worker's phase clocks over the warm level (from /v1/memory before and after), the GPU's busy share sampled
beside it (nvidia-smi, %), the level's throughput and first audio; then the worker's cProfile statistics.

usage: python bench/load_profile_report.py DIR [--json FILE]
"""

from __future__ import annotations

import argparse
import io
import json
import pstats
from pathlib import Path

SERVERS = ("plain", "sync", "profile")
LEVELS = ("mixed", "distill")


def reading(folder: Path, name: str, tag: str) -> dict | None:
    """One server's warm level: phase seconds and iterations between the two /v1/memory reads, GPU samples, level."""
    try:
        a = json.loads((folder / f"{name}_{tag}_before.json").read_text())["scheduler"]
        b = json.loads((folder / f"{name}_{tag}_after.json").read_text())["scheduler"]
        row = json.loads((folder / f"{name}_{tag}.json").read_text())["rows"][0]
    except (OSError, KeyError, IndexError, ValueError):
        return None
    util_file = folder / f"{name}_{tag}_util.txt"
    util = []
    for word in (util_file.read_text().split() if util_file.exists() else []):
        try:
            util.append(float(word))
        except ValueError:
            pass
    return {
        "iterations": b["iterations"] - a["iterations"],
        "phase_seconds": {k: round(b["phase_seconds"][k] - a["phase_seconds"].get(k, 0.0), 4) for k in b["phase_seconds"]},
        "gpu_busy_mean_pct": round(sum(util) / len(util), 1) if util else None,
        "gpu_samples": len(util),
        "x_realtime": row["throughput_x_realtime"],
        "ttfa_p50_ms": round(1e3 * row["ttfa_p50_s"], 1),
        "ttfa_p95_ms": round(1e3 * row["ttfa_p95_s"], 1),
        "wall_s": row["wall_s"],
        "failed": row["failed"],
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dir")
    ap.add_argument("--json")
    ap.add_argument("--top", type=int, default=35)
    args = ap.parse_args()
    folder = Path(args.dir)
    report = {}
    for name in SERVERS:
        for tag in LEVELS:
            r = reading(folder, name, tag)
            report[f"{name}_{tag}"] = r
            if r is None:
                print(f"{name:8s} {tag:8s} no reading")
                continue
            n = max(r["iterations"], 1)
            phases = ", ".join(f"{k} {v:.2f} ({1e3 * v / n:.2f})" for k, v in r["phase_seconds"].items())
            busy = "-" if r["gpu_busy_mean_pct"] is None else f"{r['gpu_busy_mean_pct']:.0f}%"
            print(f"{name:8s} {tag:8s} {r['x_realtime']}x, first audio p50 / p95 {r['ttfa_p50_ms']:.0f} / "
                  f"{r['ttfa_p95_ms']:.0f} ms, {r['wall_s']} s, {r['failed']} failed; GPU busy {busy} "
                  f"({r['gpu_samples']} samples); {r['iterations']} iterations, phases s (ms/iteration): {phases}; "
                  f"sum {sum(r['phase_seconds'].values()):.2f} s")
    prof = folder / "worker.prof"
    if prof.exists():
        for key in ("tottime", "cumulative"):
            s = io.StringIO()
            pstats.Stats(str(prof), stream=s).strip_dirs().sort_stats(key).print_stats(args.top)
            print(f"--- worker profile by {key}\n{s.getvalue()}")
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
