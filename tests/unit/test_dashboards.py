"""The Grafana dashboard and the Prometheus config only name metrics that ttsserve exports."""

from __future__ import annotations

import json
import re
from pathlib import Path

import yaml

from ttsserve.telemetry import Telemetry

CONFIGS = Path(__file__).resolve().parents[2] / "configs"


def exported_names() -> set[str]:
    names = set()
    for metric in Telemetry().registry.collect():
        for sample in metric.samples:
            names.add(sample.name)
        names.add(metric.name)
    return names


def test_dashboard_queries_use_exported_metrics():
    dash = json.loads((CONFIGS / "grafana" / "dashboards" / "ttsserve.json").read_text())
    exprs = [t["expr"] for p in dash["panels"] for t in p["targets"]]
    used = {m for e in exprs for m in re.findall(r"\b(ttsserve_[a-z_]+)", e)}
    known = exported_names() | {n + s for n in exported_names() for s in ("_bucket", "_total", "_count", "_sum")}
    assert used and used <= known, used - known
    assert len(dash["panels"]) >= 8


def test_prometheus_scrapes_metrics_path():
    cfg = yaml.safe_load((CONFIGS / "prometheus.yml").read_text())
    job = cfg["scrape_configs"][0]
    assert job["metrics_path"] == "/metrics" and job["static_configs"][0]["targets"] == ["tts:8000", "tts-cpu:8000"]
