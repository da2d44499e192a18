"""The short CI version of the soak: concurrent clients against a real server, nothing lost, never a 5xx
other than 503-with-Retry-After, every 200 a complete WAV (bench/load.py checks each response)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

spec = importlib.util.spec_from_file_location("load", Path(__file__).resolve().parents[2] / "bench" / "load.py")
load = importlib.util.module_from_spec(spec)
spec.loader.exec_module(load)


def test_short_load_has_no_lost_or_broken_responses(server_process, tmp_path):
    base, _ = server_process(["-m", "tests.e2e.serve_tone", str(tmp_path / "w"), "{port}"])
    import asyncio

    report = asyncio.run(load.run(base, clients=6, seconds=3, warmup_s=0.2, timeout_s=30, seed=1))
    assert report["lost"] == 0
    assert report["contract_violations"] == {}
    assert set(report["statuses"]) <= {200, 503} and report["statuses"].get(200, 0) > 10
    assert report["memory_end"]["rss_bytes"] > 0


def test_short_load_with_hostile_traffic_mixed_in(server_process, tmp_path):
    """10% hostile requests (bench/load.py HOSTILE patterns) among normal ones: nothing lost, every response as
    its pattern must be answered, the half-sent sockets closed by the server (header deadline 1 s here)."""
    base, _ = server_process(["-m", "tests.e2e.serve_tone", str(tmp_path / "w"), "{port}"],
                             env={"TTSSERVE_HEADER_TIMEOUT_S": "1"})
    import asyncio

    report = asyncio.run(load.run(base, clients=6, seconds=4, warmup_s=0.2, timeout_s=30, seed=2,
                                  hostile_fraction=0.3))
    assert report["lost"] == 0
    assert report["contract_violations"] == {}
    assert set(report["statuses"]) <= {200, 503} and report["statuses"].get(200, 0) > 10
    assert sum(report["hostile"]["by_pattern"].values()) > 10
