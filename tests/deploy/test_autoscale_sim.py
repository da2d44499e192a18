"""bench/autoscale_sim.py's model behaves as its docstring says (the figures it produces are in docs/scaling.md)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
spec = importlib.util.spec_from_file_location("autoscale_sim", ROOT / "bench" / "autoscale_sim.py")
sim = importlib.util.module_from_spec(spec)
sys.modules["autoscale_sim"] = sim  # dataclasses look their module up there
spec.loader.exec_module(sim)

CURVE = [{"concurrency": 1, "rps": 10.0, "ttfa_p95_s": 0.1, "ttfa_p50_s": 0.05},
         {"concurrency": 32, "rps": 200.0, "ttfa_p95_s": 0.13, "ttfa_p50_s": 0.1},
         {"concurrency": 128, "rps": 160.0, "ttfa_p95_s": 0.7, "ttfa_p50_s": 0.5}]
COMMON = dict(capacity=128, max_active=64, grace_s=30.0, slo_in_flight=32)


def test_measured_curve_reads_the_warm_pass():
    curve = sim.measured_curve("mixed")
    assert [p["concurrency"] for p in curve] == [1, 32, 128]
    assert all(p["rps"] > 0 for p in curve) and curve[1]["ttfa_p95_s"] < curve[2]["ttfa_p95_s"]


def test_replica_rate_interpolates_and_settles_where_it_serves_the_arrival_rate():
    r = sim.Replica(CURVE)
    assert r.rate(0) == 0 and r.rate(32) == 200 and r.rate(80) == pytest.approx(180) and r.rate(500) == 160
    assert r.in_flight_at(105.0) == pytest.approx(16.5)
    n = 0.0
    for _ in range(400):  # 100 s at 105 requests/s
        n = sim.advance(r, n, 105.0 / sim.SUBSTEPS)
    assert n == pytest.approx(r.in_flight_at(105.0), rel=1e-3)


def test_steady_load_within_capacity_keeps_replicas_and_refuses_nothing():
    res = sim.simulate([150.0] * 600, sim.Replica(CURVE), sim.Policy("t", target=24, min_replicas=2), **COMMON)
    assert res.rejected == 0 and res.max_replicas == 2 and res.requests == 90_000
    assert res.queue_wait_s["max"] == 0  # 75 requests/s per replica: ~8 in flight, nothing queued beyond 64 active


def test_overload_scales_up_after_the_start_delay_and_refuses_meanwhile():
    trace = [150.0] * 300 + [900.0] * 600
    pol = sim.Policy("t", target=24, min_replicas=2, max_replicas=8, start_delay_s=60)
    res = sim.simulate(trace, sim.Replica(CURVE), pol, **COMMON)
    assert res.max_replicas == 8 and res.rejected > 0
    late = res.minutes[-1]
    assert late["ready"] >= 6 and late["rejected"] == 0  # caught up once the new pods serve
    fixed = sim.simulate(trace, sim.Replica(CURVE), sim.Policy("f", signal="fixed", fixed_replicas=2), **COMMON)
    assert fixed.rejected > res.rejected


def test_scale_down_waits_for_the_stabilization_window_and_drains():
    trace = [900.0] * 600 + [20.0] * 900
    pol = sim.Policy("t", target=24, min_replicas=2, max_replicas=8, start_delay_s=10, down_window_s=300)
    res = sim.simulate(trace, sim.Replica(CURVE), pol, **COMMON)
    by_minute = [m["replicas"] for m in res.minutes]
    assert by_minute[9] >= 6  # still up at the end of the busy part
    assert by_minute[14] >= by_minute[-1]  # and not dropped at once: the window holds the highest recommendation
    assert by_minute[-1] < by_minute[9] and res.drain_failed == 0
