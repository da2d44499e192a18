"""Simulate the chart's autoscaling policy over a bursty day of traffic, with each replica's service rate taken
from measured results (bench/results/slots_h200/run12_*.json). No cluster runs here: this is a model.

A replica is a server whose throughput depends on the jobs it has in flight (queued + running), interpolated
piecewise-linearly through the measured closed-loop points (concurrency -> requests/s, warm pass); it holds at
most max_active_jobs + max_queue_size jobs (the server's defaults) and refuses the rest (503 queue_full).
Arrivals are spread evenly over the ready replicas (an ingress round-robin; voice hashing with bounded load
behaves alike when no voice dominates). Queue wait and time in system per replica follow from Little's law on
that fluid model. The autoscaler is the HPA that KEDA drives: Prometheus scrapes every `scrape_s`, the HPA syncs
every `hpa_sync_s` with a 10% tolerance, scale-up at most `up_pods` pods per `up_period_s`, scale-down after a
`down_window_s` stabilization window and at most `down_pods` per `down_period_s`; a new pod serves after
`start_delay_s` (scheduling, image pull, voice load and warm-up: not measured on a GPU here, hence swept).
A removed pod stops getting requests and drains what it holds (the SIGTERM drain, shutdown_grace_s).

usage: python bench/autoscale_sim.py [--traffic mixed|equal] [--json bench/results/autoscale_sim.json]
       [--svg docs/scaling_sim.svg]
"""

from __future__ import annotations

import argparse
import json
import math
import random
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MEASURED = {  # traffic -> the result file of the latest GPU run (docs/benchmarks.md, "The scheduler on the GPU")
    "mixed": "bench/results/slots_h200/run12_mixed.json",
    "equal": "bench/results/slots_h200/run12_equal.json",
}
DAY_S = 86_400


def measured_curve(traffic: str) -> list[dict]:
    """(concurrency, requests/s, first-audio p95) per level: the warm pass (the last row of each level)."""
    rows = json.loads((ROOT / MEASURED[traffic]).read_text())["rows"]
    by_level: dict[int, dict] = {}
    for row in rows:
        by_level[row["concurrency"]] = row  # a later row of a level is its warm pass
    return [{"concurrency": c, "rps": round(r["requests"] / r["wall_s"], 2), "ttfa_p95_s": r["ttfa_p95_s"],
             "ttfa_p50_s": r["ttfa_p50_s"]} for c, r in sorted(by_level.items())]


class Replica:
    """Throughput as a function of jobs in flight: (0, 0), the measured points, flat after the last one."""

    def __init__(self, curve: list[dict]):
        self.xs = [0.0] + [float(p["concurrency"]) for p in curve]
        self.ys = [0.0] + [p["rps"] for p in curve]

    def rate(self, n: float) -> float:
        if n >= self.xs[-1]:
            return self.ys[-1]
        for i in range(1, len(self.xs)):
            if n <= self.xs[i]:
                x0, x1, y0, y1 = self.xs[i - 1], self.xs[i], self.ys[i - 1], self.ys[i]
                return y0 + (y1 - y0) * (n - x0) / (x1 - x0)
        return self.ys[-1]

    def in_flight_at(self, rps: float) -> float:
        """The jobs in flight at which a replica serves `rps` (on the rising part of the curve)."""
        for i in range(1, len(self.xs)):
            if self.ys[i] >= rps:
                x0, x1, y0, y1 = self.xs[i - 1], self.xs[i], self.ys[i - 1], self.ys[i]
                return x0 + (x1 - x0) * (rps - y0) / (y1 - y0)
        return math.inf


def day_trace(peak_rps: float, seed: int, bursts: int) -> tuple[list[float], list[dict]]:
    """Arrival rate per second over a day: a diurnal curve (night trough at 15% of the peak, a midday and an
    evening hump) times bursts (x1.5-x2.5 for 1-10 minutes, 10-s ramps), then Poisson counts per second."""
    rng = random.Random(seed)
    base = []
    for t in range(DAY_S):
        h = t / 3600
        hump = 0.75 * math.exp(-((h - 13.5) / 3.2) ** 2) + 0.85 * math.exp(-((h - 20.0) / 2.0) ** 2)
        base.append(peak_rps * min(1.0, 0.15 + hump))
    events = []
    mult = [1.0] * DAY_S
    for _ in range(bursts):
        start = rng.randrange(7 * 3600, 23 * 3600)
        length = rng.randrange(60, 600)
        factor = rng.uniform(1.5, 2.5)
        events.append({"start_s": start, "length_s": length, "factor": round(factor, 2)})
        for t in range(start, min(DAY_S, start + length)):
            ramp = min(1.0, (t - start) / 10, (start + length - t) / 10)
            mult[t] = max(mult[t], 1 + (factor - 1) * ramp)
    counts = [poisson(rng, base[t] * mult[t]) for t in range(DAY_S)]
    return counts, sorted(events, key=lambda e: e["start_s"])


def poisson(rng: random.Random, lam: float) -> float:
    if lam > 50:  # normal approximation: exact enough at these rates, and fast
        return max(0.0, round(rng.gauss(lam, math.sqrt(lam))))
    k, p, limit = 0, 1.0, math.exp(-lam)
    while True:
        p *= rng.random()
        if p <= limit:
            return float(k)
        k += 1


@dataclass
class Policy:
    name: str
    signal: str = "in_flight"  # in_flight | queue_depth | fixed
    target: float = 24.0  # per replica
    min_replicas: int = 2
    max_replicas: int = 8
    fixed_replicas: int = 0
    scrape_s: int = 5
    hpa_sync_s: int = 15
    tolerance: float = 0.1
    up_pods: int = 2
    up_period_s: int = 30
    down_window_s: int = 300
    down_pods: int = 1
    down_period_s: int = 120
    start_delay_s: int = 60


@dataclass
class Pod:
    ready_at: float
    n: float = 0.0  # jobs in flight
    draining_since: float | None = None


@dataclass
class Result:
    policy: dict
    requests: int = 0
    rejected: int = 0
    drain_failed: float = 0.0
    replica_seconds: float = 0.0
    max_replicas: int = 0
    queue_wait_s: dict = field(default_factory=dict)
    time_in_system_s: dict = field(default_factory=dict)
    share_over_measured_p95_point: float = 0.0
    minutes: list = field(default_factory=list)


def weighted_quantiles(pairs: list[tuple[float, float]], qs=(0.5, 0.95, 0.99)) -> dict:
    """Quantiles of values weighted by request counts: [(value, weight)]."""
    pairs = sorted(p for p in pairs if p[1] > 0)
    total = sum(w for _, w in pairs)
    out, acc, i = {}, 0.0, 0
    for q in qs:
        while i < len(pairs) and acc + pairs[i][1] < q * total:
            acc += pairs[i][1]
            i += 1
        out[f"p{int(q * 100)}"] = round(pairs[min(i, len(pairs) - 1)][0], 4) if pairs else 0.0
    out["max"] = round(pairs[-1][0], 4) if pairs else 0.0
    return out


SUBSTEPS = 4  # per second


def advance(replica: Replica, n: float, arrivals: float) -> float:
    """Jobs in flight after 1/SUBSTEPS s with `arrivals` new ones: dn/dt = arrivals - rate(n), the service term
    implicit (each job leaves at rate(n)/n), which keeps n >= 0 and has rate(n) = arrival rate as its fixed point."""
    dt = 1.0 / SUBSTEPS
    per_job = replica.rate(n) / n if n > 1e-9 else replica.ys[1] / replica.xs[1]
    return (n + arrivals) / (1.0 + dt * per_job)


def simulate(counts: list[float], replica: Replica, policy: Policy, *, capacity: int, max_active: int,
             grace_s: float, slo_in_flight: float) -> Result:
    res = Result(policy=asdict(policy))
    start = policy.fixed_replicas if policy.signal == "fixed" else policy.min_replicas
    pods = [Pod(ready_at=-1.0) for _ in range(start)]
    desired_history: list[tuple[int, int]] = []  # (t, desired) for the scale-down window
    scale_events: list[tuple[int, int]] = []  # (t, +pods / -pods)
    scraped = 0.0
    waits: dict[float, float] = {}
    stays: dict[float, float] = {}
    over = 0.0
    minute = {"arrivals": 0.0, "replicas": 0.0, "ready": 0.0, "in_flight": 0.0, "wait": 0.0, "rejected": 0.0}
    for t in range(len(counts)):
        active = [p for p in pods if p.draining_since is None]
        ready = [p for p in active if p.ready_at <= t]
        a = counts[t]
        res.requests += int(a)
        share = a / len(ready) if ready else 0.0
        if not ready:
            res.rejected += int(a)
            minute["rejected"] += a
        step_wait = 0.0
        for p in ready:
            admitted = 0.0
            for _ in range(SUBSTEPS):
                got = min(share / SUBSTEPS, capacity - p.n)  # beyond the queue: 503 queue_full
                admitted += got
                p.n = advance(replica, p.n, got)
            res.rejected += share - admitted
            minute["rejected"] += share - admitted
            rate = replica.rate(p.n)
            queued = max(0.0, p.n - max_active)
            wait = queued / rate if rate else 0.0  # Little's law on the queue, FIFO at the service rate
            stay = p.n / rate if rate else 0.0
            bucket_w, bucket_s = round(wait, 3), round(stay, 3)
            waits[bucket_w] = waits.get(bucket_w, 0.0) + admitted
            stays[bucket_s] = stays.get(bucket_s, 0.0) + admitted
            if p.n > slo_in_flight:
                over += admitted
            step_wait += wait * admitted
        for p in pods:  # draining pods finish what they hold, within the grace period
            if p.draining_since is not None:
                for _ in range(SUBSTEPS):
                    p.n = advance(replica, p.n, 0.0)
                if p.n < 0.01:
                    p.n = 0.0
                if t - p.draining_since >= grace_s and p.n > 0:
                    res.drain_failed += p.n
                    p.n = 0.0
        pods = [p for p in pods if p.draining_since is None or p.n > 0]
        if t % policy.scrape_s == 0:
            if policy.signal == "queue_depth":
                scraped = sum(max(0.0, p.n - max_active) for p in ready)
            else:
                scraped = sum(p.n for p in ready)
        if policy.signal != "fixed" and t % policy.hpa_sync_s == 0:
            current = len(active)
            ratio = scraped / (policy.target * current) if current else 1.0
            desired = current if abs(ratio - 1) <= policy.tolerance else math.ceil(scraped / policy.target)
            desired = max(policy.min_replicas, min(policy.max_replicas, desired))
            desired_history.append((t, desired))
            desired_history = [(s, d) for s, d in desired_history if s > t - policy.down_window_s]
            if desired > current:
                added = sum(k for s, k in scale_events if k > 0 and s > t - policy.up_period_s)
                n_up = max(0, min(desired - current, policy.up_pods - added))
                pods += [Pod(ready_at=t + policy.start_delay_s) for _ in range(n_up)]
                if n_up:
                    scale_events.append((t, n_up))
            else:
                stable = max(d for _, d in desired_history)  # the highest recommendation of the window
                if stable < current:
                    removed = -sum(k for s, k in scale_events if k < 0 and s > t - policy.down_period_s)
                    n_down = max(0, min(current - stable, policy.down_pods - removed))
                    # the newest pods go first (an unready one before a ready one), as the ReplicaSet picks
                    for p in sorted(active, key=lambda p: -p.ready_at)[:n_down]:
                        p.draining_since = t
                    if n_down:
                        scale_events.append((t, -n_down))
            scale_events = [(s, k) for s, k in scale_events if s > t - max(policy.up_period_s, policy.down_period_s)]
        n_pods = len([p for p in pods if p.draining_since is None])
        res.replica_seconds += n_pods
        res.max_replicas = max(res.max_replicas, n_pods)
        minute["arrivals"] += a
        minute["replicas"] += n_pods
        minute["ready"] += len(ready)
        minute["in_flight"] += sum(p.n for p in ready) / max(1, len(ready))
        minute["wait"] += step_wait
        if t % 60 == 59:
            res.minutes.append({"t_s": t - 59, "arrivals_per_s": round(minute["arrivals"] / 60, 1),
                                "replicas": round(minute["replicas"] / 60, 2), "ready": round(minute["ready"] / 60, 2),
                                "in_flight_per_replica": round(minute["in_flight"] / 60, 1),
                                "mean_queue_wait_s": round(minute["wait"] / max(1.0, minute["arrivals"]), 4),
                                "rejected": round(minute["rejected"])})
            minute = dict.fromkeys(minute, 0.0)
    res.rejected = round(res.rejected)
    res.drain_failed = round(res.drain_failed, 1)
    res.queue_wait_s = weighted_quantiles(list(waits.items()))
    res.time_in_system_s = weighted_quantiles(list(stays.items()))
    res.share_over_measured_p95_point = round(over / max(1, res.requests), 5)
    return res


def svg(day: Result, queue: Result, events: list[dict], path: Path, title: str) -> None:
    """Two panels, no plotting library: the day (arrivals and replicas), then the busiest burst +-20 minutes
    (replicas and jobs in flight per replica for the in-flight policy and the queue-depth one)."""
    W, H, pad = 900, 250, 50
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{2 * H + 40}" font-family="sans-serif" font-size="11">',
             f'<text x="{pad}" y="16" font-size="13">{title}</text>']

    def panel(y0: int, series: list[tuple[str, list[float], str, float]], xs_label: list[str], heading: str) -> None:
        parts.append(f'<text x="{pad}" y="{y0 + 14}">{heading}</text>')
        top, bottom = y0 + 24, y0 + H - 30
        parts.append(f'<rect x="{pad}" y="{top}" width="{W - 2 * pad}" height="{bottom - top}" fill="none" stroke="#999"/>')
        for i, label in enumerate(xs_label):
            x = pad + (W - 2 * pad) * i / max(1, len(xs_label) - 1)
            parts.append(f'<text x="{x:.0f}" y="{bottom + 14}" text-anchor="middle">{label}</text>')
        for k, (name, ys, colour, ymax) in enumerate(series):
            n = len(ys)
            pts = " ".join(f"{pad + (W - 2 * pad) * i / max(1, n - 1):.1f},{bottom - (bottom - top) * min(1.0, y / ymax):.1f}"
                           for i, y in enumerate(ys))
            parts.append(f'<polyline points="{pts}" fill="none" stroke="{colour}" stroke-width="1.3"/>')
            parts.append(f'<text x="{pad + 8}" y="{top + 14 + 13 * k}" fill="{colour}">{name} (axis top {ymax:.0f})</text>')

    arrivals = [m["arrivals_per_s"] for m in day.minutes]
    reps = [m["replicas"] for m in day.minutes]
    panel(24, [("arrivals/s", arrivals, "#888", max(arrivals) * 1.05), ("replicas", reps, "#c0392b", max(reps) + 1)],
          [f"{h:02d}:00" for h in range(0, 25, 3)], "The day, per minute: arrivals and replicas (jobs-in-flight policy)")
    busiest = max(range(len(day.minutes)), key=lambda i: day.minutes[i]["arrivals_per_s"])
    big = min(events, key=lambda e: abs(e["start_s"] // 60 - busiest))
    m0 = max(0, big["start_s"] // 60 - 20)
    m1 = min(len(day.minutes), (big["start_s"] + big["length_s"]) // 60 + 20)
    win = slice(m0, m1)
    ymax = max(max(m["in_flight_per_replica"] for m in r.minutes[win]) for r in (day, queue)) * 1.1
    rmax = max(max(m["replicas"] for m in r.minutes[win]) for r in (day, queue)) + 1
    panel(24 + H, [("replicas, in-flight policy", [m["replicas"] for m in day.minutes[win]], "#c0392b", rmax),
                   ("replicas, queue-depth policy", [m["replicas"] for m in queue.minutes[win]], "#2874a6", rmax),
                   ("in flight/replica, in-flight", [m["in_flight_per_replica"] for m in day.minutes[win]], "#e59866", ymax),
                   ("in flight/replica, queue-depth", [m["in_flight_per_replica"] for m in queue.minutes[win]], "#85c1e9", ymax)],
          [f"{(m0 + i * (m1 - m0) // 6) // 60:02d}:{(m0 + i * (m1 - m0) // 6) % 60:02d}" for i in range(7)],
          f"The burst at the busiest minute (x{big['factor']} for {big['length_s']} s) +-20 min, per minute: "
          "replicas and jobs in flight per ready replica, two policies")
    parts.append("</svg>")
    path.write_text("\n".join(parts) + "\n")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--traffic", choices=sorted(MEASURED), default="mixed")
    ap.add_argument("--peak-replicas", type=float, default=3.0,
                    help="the diurnal peak (before bursts) in replicas at the target: sets the trace's peak rate")
    ap.add_argument("--bursts", type=int, default=12)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--hours", type=float, default=24.0, help="simulate only the first hours (quick runs)")
    ap.add_argument("--json", type=Path)
    ap.add_argument("--svg", type=Path)
    args = ap.parse_args()

    sys.path.insert(0, str(ROOT / "src"))
    from ttsserve.settings import Settings  # the server's own defaults: queue size, active jobs, drain

    f = Settings.model_fields
    max_active, capacity = f["max_active_jobs"].default, f["max_active_jobs"].default + f["max_queue_size"].default
    grace_s = f["shutdown_grace_s"].default
    curve = measured_curve(args.traffic)
    replica = Replica(curve)
    import yaml

    a = yaml.safe_load((ROOT / "deploy" / "helm" / "ttsserve" / "values.yaml").read_text())["autoscaling"]
    chart = dict(target=float(a["targetJobsInFlight"]), min_replicas=a["minReplicas"], max_replicas=a["maxReplicas"],
                 up_pods=a["scaleUp"]["podsPerStep"], up_period_s=a["scaleUp"]["periodSeconds"],
                 down_window_s=a["scaleDown"]["stabilizationWindowSeconds"], down_pods=a["scaleDown"]["podsPerStep"],
                 down_period_s=a["scaleDown"]["periodSeconds"])
    target = chart["target"]
    per_replica_rps = replica.rate(target)
    peak_rps = args.peak_replicas * per_replica_rps
    counts, events = day_trace(peak_rps, args.seed, args.bursts)
    counts = counts[: int(args.hours * 3600)]
    # beyond the measured level of highest throughput, first audio degrades (mixed: p95 0.13 s at 32, 0.71 s at 128)
    slo_point = max(curve, key=lambda p: p["rps"])["concurrency"]

    common = dict(capacity=capacity, max_active=max_active, grace_s=grace_s, slo_in_flight=slo_point)
    peak_needed = math.ceil(max(counts) / per_replica_rps)
    policies = [Policy(f"in-flight target {target:g} (the chart's values)", **chart)]
    for delay in (20, 180):
        policies.append(Policy(f"in-flight target {target:g}, pod start {delay} s", **chart, start_delay_s=delay))
    policies += [Policy("in-flight target 16", **{**chart, "target": 16.0}),
                 Policy("queue-depth target 8 (ttsserve_queue_depth)", signal="queue_depth", **{**chart, "target": 8.0}),
                 Policy(f"fixed {peak_needed} replicas (the trace's busiest second)", signal="fixed",
                        fixed_replicas=peak_needed),
                 Policy(f"fixed {math.ceil(args.peak_replicas)} replicas (the diurnal peak, no burst headroom)", signal="fixed",
                        fixed_replicas=math.ceil(args.peak_replicas))]
    results = []
    for pol in policies:
        r = simulate(counts, replica, pol, **common)
        results.append(r)
        print(f"{pol.name:58s} replica-h {r.replica_seconds / 3600:7.1f}  max {r.max_replicas:2d}  "
              f"rejected {r.rejected / max(1, r.requests):.4%}  queue wait p95 {r.queue_wait_s['p95']:.3f} s "
              f"p99 {r.queue_wait_s['p99']:.3f} s  in system p95 {r.time_in_system_s['p95']:.3f} s  "
              f"over the p95 point {r.share_over_measured_p95_point:.3%}",
              flush=True)
    out = {
        "model": "fluid per-replica model, throughput(jobs in flight) from measured closed-loop runs; no cluster ran",
        "measured_source": MEASURED[args.traffic], "traffic": args.traffic, "measured_curve": curve,
        "server_defaults": {"max_active_jobs": max_active, "capacity_jobs": capacity, "shutdown_grace_s": grace_s},
        "per_replica_rps_at_target": round(per_replica_rps, 1), "target_jobs_in_flight": target,
        "measured_p95_point_in_flight": slo_point,
        "trace": {"seed": args.seed, "seconds": len(counts), "peak_rps_diurnal": round(peak_rps, 1),
                  "busiest_second": max(counts), "requests": int(sum(counts)), "bursts": events},
        "scenarios": [{k: v for k, v in asdict(r).items() if k != "minutes"} for r in results],
        "timeline_columns": list(results[0].minutes[0]) if results[0].minutes else [],
        "timeline_default": [list(m.values()) for m in results[0].minutes],
        "timeline_queue_depth": [list(m.values()) for m in results[4].minutes],
    }
    if args.json:
        args.json.write_text(json.dumps(out, indent=1) + "\n")
    if args.svg:
        svg(results[0], results[4], [e for e in events if e["start_s"] < len(counts)] or events, args.svg,
            f"Autoscaling simulation ({args.traffic} traffic, H200 service rates from {MEASURED[args.traffic]}); a model, no cluster")


if __name__ == "__main__":
    main()
