"""docker-compose.yml is valid for the compose tool (no Docker engine needed for `config`)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def compose_cmd() -> list[str] | None:
    if shutil.which("docker") and subprocess.run(["docker", "compose", "version"], capture_output=True).returncode == 0:
        return ["docker", "compose"]
    return ["docker-compose"] if shutil.which("docker-compose") else None


@pytest.mark.skipif(compose_cmd() is None, reason="needs docker compose or docker-compose")
def test_compose_file_is_valid():
    cmd = compose_cmd()
    out = subprocess.run([*cmd, "-f", str(ROOT / "docker-compose.yml"), "--profile", "cpu", "config", "--services"],
                         capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    assert set(out.stdout.split()) == {"tts", "tts-cpu", "prometheus", "grafana"}



def test_cpu_profile_gets_dashboards_without_the_gpu_service():
    import yaml

    services = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]
    # `up -d tts-cpu prometheus grafana` must not pull in the GPU service through depends_on
    assert not services["tts-cpu"].get("depends_on")
    for name in ("prometheus", "grafana"):
        assert "profiles" not in services[name] and "tts" not in (services[name].get("depends_on") or [])
    targets = yaml.safe_load((ROOT / "configs" / "prometheus.yml").read_text())["scrape_configs"][0]["static_configs"][0]["targets"]
    assert targets == ["tts:8000", "tts-cpu:8000"]
    for name in ("tts", "tts-cpu"):
        assert services[name]["environment"]["TTSSERVE_WEIGHTS_DIR"] == "/app/weights"
        assert "./weights:/app/weights:ro" in services[name]["volumes"]
    # the GPU service keeps Triton's compiled kernels in a named volume (a fresh container would compile them again)
    assert services["tts"]["environment"]["TRITON_CACHE_DIR"] == "/cache/triton"
    assert "triton-cache:/cache/triton" in services["tts"]["volumes"]
    assert "triton-cache" in yaml.safe_load((ROOT / "docker-compose.yml").read_text())["volumes"]
