"""The server process's host CPU per request, by thread, over real HTTP: a real `ttsserve serve` (uvicorn) and
`bench/latency.py`'s streaming clients in their own processes. On a GPU host the event-loop thread (HTTP parsing,
the app, chunk hand-overs from the worker, socket writes) and the GPU worker thread (planning and the stages'
launches) share one interpreter lock: the event loop's CPU per request is host time the worker cannot have.

What it reads: each thread's user + system CPU time from /proc/PID/task/TID/stat before and after the level
(clock ticks, 10 ms), the main thread (uvicorn's event loop) apart from the rest (the worker; on a CPU server the
stages run there with `TTSSERVE_TORCH_THREADS=1`). `--voice tone` serves the test suite's tone voice (its "models"
are a few tensor ops: what remains is the host's own cost); a shipped voice measures the real chunking.

usage: python bench/http_host_cost.py [--voice tone|baker|...] [--clients 32] [--requests 8] [--procs 2]
           [--equal] [--profile] [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TICK = os.sysconf("SC_CLK_TCK")

SERVE = """
import sys
sys.path[:0] = [{root!r}, {src!r}]
import tests.stages  # noqa: F401  (registers the tone stages when --voice tone)
from ttsserve.cli import main
if {profile!r}:  # the main thread (the event loop) under cProfile while the level runs (SIGUSR1 on, SIGUSR1 off)
    import cProfile
    import signal
    prof, on = cProfile.Profile(), []

    def toggle(*_):
        (prof.disable if on else prof.enable)()
        on[:] = [] if on else [1]
        if not on:
            prof.dump_stats({profile!r})

    signal.signal(signal.SIGUSR1, toggle)
sys.exit(main(sys.argv[1:]))
"""


def thread_cpu(pid: int) -> dict[int, float]:
    """CPU seconds (user + system) of every thread of `pid`."""
    out = {}
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            fields = Path(f"/proc/{pid}/task/{tid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # the thread ended
        out[int(tid)] = (int(fields[11]) + int(fields[12])) / TICK
    return out


def wait_ready(url: str, proc: subprocess.Popen, timeout_s: float = 300) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"the server exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(url + "/readyz", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.5)
    raise SystemExit("the server did not become ready")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--voice", default="tone", help="tone (the test suite's) or a shipped voice")
    ap.add_argument("--clients", type=int, default=32)
    ap.add_argument("--requests", type=int, default=8, help="per client")
    ap.add_argument("--procs", type=int, default=2, help="client processes")
    ap.add_argument("--equal", action="store_true", help="the 42-character sentence, not the mixed texts")
    ap.add_argument("--port", type=int, default=8797)
    ap.add_argument("--profile", action="store_true", help="the event-loop thread under cProfile: top functions")
    ap.add_argument("--json")
    args = ap.parse_args(argv)
    url = f"http://127.0.0.1:{args.port}"
    env = dict(os.environ, TTSSERVE_TORCH_THREADS="1", TTSSERVE_LOG_LEVEL="warning")
    serve = ["serve", "--device", "cpu", "--port", str(args.port)]
    tmp = None
    prof_file = str(Path(tempfile.mkdtemp(prefix="http_host_cost_prof_")) / "main.prof") if args.profile else ""
    if args.voice == "tone":
        sys.path[:0] = [str(ROOT), str(ROOT / "src")]
        import tests.stages as stages

        tmp = tempfile.mkdtemp(prefix="http_host_cost_")
        stages.write_tone_voice(Path(tmp), "tone")
        env.update(TTSSERVE_WEIGHTS_DIR=tmp, TTSSERVE_DEFAULT_VOICE="tone", TTSSERVE_WARMUP="false")
    else:
        env["TTSSERVE_DEFAULT_VOICE"] = args.voice
    proc = subprocess.Popen([sys.executable, "-c", SERVE.format(root=str(ROOT), src=str(ROOT / "src"), profile=prof_file), *serve],
                            env=env, cwd=ROOT)
    try:
        wait_ready(url, proc)
        warm = [sys.executable, str(ROOT / "bench" / "latency.py"), "--url", url, "--levels", "4", "--requests", "2",
                "--procs", "1"] + ([] if args.equal else ["--mixed"])
        subprocess.run(warm, check=True, capture_output=True)
        out = Path(tempfile.mkdtemp(prefix="http_host_cost_lat_")) / "level.json"
        if args.profile:
            proc.send_signal(signal.SIGUSR1)
        before, t0 = thread_cpu(proc.pid), time.perf_counter()
        subprocess.run([sys.executable, str(ROOT / "bench" / "latency.py"), "--url", url, "--levels", str(args.clients),
                        "--requests", str(args.requests), "--procs", str(args.procs), "--json", str(out)]
                       + ([] if args.equal else ["--mixed"]), check=True, capture_output=True)
        wall = time.perf_counter() - t0
        after = thread_cpu(proc.pid)
        if args.profile:
            proc.send_signal(signal.SIGUSR1)
            time.sleep(1)  # (the stats are written by the server's main thread)
        with urllib.request.urlopen(url + "/v1/memory", timeout=5) as r:
            memory = json.load(r)
    finally:
        proc.terminate()
        proc.wait(60)
    row = json.loads(out.read_text())["rows"][0]
    n = row["requests"] - row["failed"]
    spent = {tid: after.get(tid, 0.0) - before.get(tid, 0.0) for tid in after}
    main_s = spent.get(proc.pid, 0.0)
    rest = sorted((s for tid, s in spent.items() if tid != proc.pid), reverse=True)
    audio_s = row["audio_s_per_request"] * n
    report = {
        "command": "python " + " ".join([sys.argv[0], *(argv if argv is not None else sys.argv[1:])]),
        "device": f"cpu ({platform.processor() or platform.machine()}, {os.cpu_count()} cores), server on the CPU",
        "voice": args.voice, "texts": "equal (42 characters)" if args.equal else "mixed (bench/latency.py MIXED)",
        "clients": args.clients, "requests": n, "failed": row["failed"],
        "wall_s": round(wall, 2), "audio_s": round(audio_s, 1),
        "event_loop_thread_cpu_s": round(main_s, 2),
        "event_loop_ms_per_request": round(main_s / n * 1e3, 2),
        "event_loop_ms_per_audio_s": round(main_s / audio_s * 1e3, 3),
        "other_threads_cpu_s": [round(s, 2) for s in rest[:4]],
        "worker_ms_per_request": round(rest[0] / n * 1e3, 2) if rest else None,
        "latency_row": row, "scheduler": memory.get("scheduler"),
    }
    if args.profile:
        import io
        import pstats

        text = io.StringIO()
        pstats.Stats(prof_file, stream=text).sort_stats("tottime").print_stats(30)
        report["profile_top"] = text.getvalue().splitlines()[:50]
        print(text.getvalue()[:8000])
    print(json.dumps({k: v for k, v in report.items() if k not in ("latency_row", "scheduler")}, ensure_ascii=False))
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
