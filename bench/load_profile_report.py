"""The report of bench/load_profile_gpu.sh (issue 16): per server (plain, sync, profile) and level (mixed, distill),
the worker's phase clocks over the warm level (from /v1/memory before and after) and its thread's CPU seconds in
each phase, the server's threads' CPU seconds over the level (/proc: the event loop is the main thread, the worker's
id is in /v1/memory), the GPU's busy share sampled beside it (nvidia-smi, %), the level's throughput and first
audio; then the worker's cProfile statistics.

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
        "phase_cpu_seconds": {k: round(v - a.get("phase_cpu_seconds", {}).get(k, 0.0), 4)
                              for k, v in b.get("phase_cpu_seconds", {}).items()},
        "threads": thread_reading(folder, name, tag, b.get("thread_id")),
        "gpu_busy_mean_pct": round(sum(util) / len(util), 1) if util else None,
        "gpu_samples": len(util),
        "x_realtime": row["throughput_x_realtime"],
        "ttfa_p50_ms": round(1e3 * row["ttfa_p50_s"], 1),
        "ttfa_p95_ms": round(1e3 * row["ttfa_p95_s"], 1),
        "wall_s": row["wall_s"],
        "failed": row["failed"],
    }


def thread_reading(folder: Path, name: str, tag: str, worker_tid: int | None) -> dict | None:
    """CPU seconds over the level of the server's event loop (its main thread), its worker thread and the rest."""
    try:
        a, b = (json.loads((folder / f"{name}_{tag}_threads_{when}.json").read_text()) for when in ("before", "after"))
    except (OSError, ValueError):
        return None
    used = {int(tid): cpu - a["threads"].get(tid, 0.0) for tid, cpu in b["threads"].items()}
    main_cpu, worker_cpu = used.pop(b["pid"], 0.0), used.pop(worker_tid, 0.0) if worker_tid else 0.0
    busiest = max(used.values(), default=0.0)
    return {"window_s": round(b["t"] - a["t"], 3), "event_loop_cpu_s": round(main_cpu, 2),
            "worker_cpu_s": round(worker_cpu, 2), "other_threads_cpu_s": round(sum(used.values()), 2),
            "busiest_other_cpu_s": round(busiest, 2), "threads": len(b["threads"])}


def cpu_line(r: dict) -> str:
    """Where the worker's phases ran and where they waited, and the threads' CPU against the level's wall time."""
    parts = []
    if r["phase_cpu_seconds"]:
        wall, cpu = r["phase_seconds"], r["phase_cpu_seconds"]
        parts.append("worker CPU / wall by phase s: " + ", ".join(
            f"{k} {cpu[k]:.2f}/{wall[k]:.2f}" for k in wall if wall[k] > 0) +
            f"; sum {sum(cpu.values()):.2f}/{sum(wall.values()):.2f}")
    t = r["threads"]
    if t:
        parts.append(f"threads' CPU over the level ({r['wall_s']} s): event loop {t['event_loop_cpu_s']:.2f} s, "
                     f"worker {t['worker_cpu_s']:.2f} s, {t['threads'] - 2} others {t['other_threads_cpu_s']:.2f} s "
                     f"(busiest {t['busiest_other_cpu_s']:.2f})")
    return "; ".join(parts)


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
            if line := cpu_line(r):
                print(f"{'':17s} {line}")
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
