"""Labelled counters export their known series at 0 from the start (dashboards, rate() alerts)."""

from __future__ import annotations

from prometheus_client import generate_latest

from ttsserve.telemetry import Telemetry


def test_known_label_values_start_at_zero():
    text = generate_latest(Telemetry().registry).decode()
    for series in (
        'ttsserve_voice_cache_evictions_total{tier="compute"} 0.0',
        'ttsserve_voice_cache_evictions_total{tier="host"} 0.0',
        'ttsserve_voice_cache_misses_total{source="disk"} 0.0',
        'ttsserve_oom_recoveries_total{stage="acoustic"} 0.0',
        'ttsserve_oom_recoveries_total{stage="vocoder"} 0.0',
        'ttsserve_oom_recoveries_total{stage="load"} 0.0',
        'ttsserve_rejected_requests_total{reason="queue_full"} 0.0',
        'ttsserve_jobs_total{outcome="ok"} 0.0',
    ):
        assert series + "\n" in text, series
