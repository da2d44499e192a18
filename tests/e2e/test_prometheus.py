"""A real Prometheus (Debian's package) scrapes a real ttsserve with the shipped configs/prometheus.yml
(target rewritten to the loopback port) until a `ttsserve_` series arrives."""

from __future__ import annotations

import shutil
import subprocess
import time
from pathlib import Path

import httpx
import pytest
import yaml

from tests.e2e.conftest import free_port

PROMETHEUS = shutil.which("prometheus")
pytestmark = pytest.mark.skipif(PROMETHEUS is None, reason="needs the prometheus binary (apt-get install prometheus)")
CONFIG = Path(__file__).resolve().parents[2] / "configs" / "prometheus.yml"


def test_prometheus_scrapes_ttsserve(server_process, tmp_path):
    base, _ = server_process(["-m", "tests.e2e.serve_tone", str(tmp_path / "w"), "{port}"])
    httpx.post(f"{base}/synthesize", json={"text": "你好"}, timeout=10)
    cfg = yaml.safe_load(CONFIG.read_text())
    cfg["global"]["scrape_interval"] = "1s"
    cfg["scrape_configs"][0]["static_configs"][0]["targets"] = [base.removeprefix("http://")]
    (tmp_path / "prom.yml").write_text(yaml.safe_dump(cfg))
    port = free_port()
    prom = subprocess.Popen([PROMETHEUS, f"--config.file={tmp_path / 'prom.yml'}", f"--storage.tsdb.path={tmp_path / 'tsdb'}",
                             f"--web.listen-address=127.0.0.1:{port}"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        series = []
        while time.monotonic() < deadline and not series:
            time.sleep(1)
            try:
                r = httpx.get(f"http://127.0.0.1:{port}/api/v1/query",
                              params={"query": 'ttsserve_requests_total{route="/synthesize"}'}, timeout=2)
                series = r.json()["data"]["result"]
            except (httpx.HTTPError, KeyError, ValueError):
                continue
        assert series, "no ttsserve_ series reached Prometheus within 60 s"
        assert series[0]["metric"]["job"] == "ttsserve" and float(series[0]["value"][1]) >= 1
    finally:
        prom.terminate()
        prom.wait(timeout=20)
