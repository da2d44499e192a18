"""deploy/compose/: one replica per GPU behind HAProxy. The compose file and the HAProxy config agree with each
other and with the server (health route, drain, timeouts); `docker compose config` and `haproxy -c` check their
syntax where those tools are installed (.ci/run installs both), a structural parse always runs."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from ttsserve.settings import Settings
from ttsserve.telemetry import Telemetry

ROOT = Path(__file__).resolve().parents[2]
DIR = ROOT / "deploy" / "compose"
COMPOSE = DIR / "docker-compose.gpus.yml"
HAPROXY = DIR / "haproxy.cfg"


def services() -> dict:
    return yaml.safe_load(COMPOSE.read_text())["services"]  # safe_load resolves the <<: *tts merge keys


def replicas() -> dict[str, dict]:
    return {name: s for name, s in services().items() if name.startswith("tts-gpu")}


def haproxy_sections() -> dict[str, list[list[str]]]:
    """'backend ttsserve' -> its directive lines split into words (comments dropped)."""
    sections: dict[str, list[list[str]]] = {}
    current = None
    for line in HAPROXY.read_text().splitlines():
        words = line.split("#", 1)[0].split()
        if not words:
            continue
        if not line[0].isspace():
            current = " ".join(words)
            sections[current] = []
        else:
            assert current is not None, line
            sections[current].append(words)
    return sections


def directive(section: list[list[str]], name: str) -> list[list[str]]:
    return [w[1:] for w in section if w[0] == name]


def test_one_replica_per_gpu():
    reps = replicas()
    assert len(reps) >= 2
    seen = []
    for name, svc in reps.items():
        (device,) = svc["deploy"]["resources"]["reservations"]["devices"]
        assert device["driver"] == "nvidia" and device["capabilities"] == ["gpu"] and "count" not in device
        (gpu,) = device["device_ids"]
        assert name == f"tts-gpu{gpu}"
        seen.append(gpu)
        assert "ports" not in svc, "replicas are reached through the load balancer only"
        assert svc["healthcheck"]["test"][-1].endswith("/readyz")
        grace = float(re.fullmatch(r"(\d+)s", svc["stop_grace_period"]).group(1))
        from ttsserve.server import WRITE_OUT_S

        assert grace >= Settings.model_fields["shutdown_grace_s"].default + WRITE_OUT_S
        assert svc["command"][:2] == ["ttsserve", "serve"]
    assert sorted(seen) == [str(i) for i in range(len(seen))]
    lb = services()["lb"]
    assert set(lb["depends_on"]) == set(reps) and lb["ports"] == ["8000:8000"]


def test_haproxy_hashes_on_the_voice_and_checks_readyz():
    sections = haproxy_sections()
    backend = sections["backend ttsserve"]
    assert directive(backend, "balance") == [["hdr(X-TTS-Voice)"]]
    assert directive(backend, "hash-type") == [["consistent"]]
    assert int(directive(backend, "hash-balance-factor")[0][0]) > 100
    assert ["send", "meth", "GET", "uri", "/readyz"] in directive(backend, "http-check")
    assert ["expect", "status", "200"] in directive(backend, "http-check")
    assert "check" in directive(backend, "default-server")[0]
    servers = {words[1].split(":")[0] for words in directive(backend, "server")}
    assert servers == set(replicas()), "every replica in the backend, and only those"
    defaults = sections["defaults"]
    timeout = {w[0]: w[1] for w in directive(defaults, "timeout")}
    assert float(timeout["server"].rstrip("s")) > Settings.model_fields["request_timeout_s"].default
    assert directive(sections["frontend tts"], "bind") == [[":8000"]]


def test_prometheus_scrapes_every_replica():
    cfg = yaml.safe_load((DIR / "prometheus.yml").read_text())
    (job,) = cfg["scrape_configs"]
    assert job["metrics_path"] == "/metrics"
    assert {t.split(":")[0] for t in job["static_configs"][0]["targets"]} == set(replicas())
    assert "ttsserve_jobs_in_flight" in {m.name for m in Telemetry().registry.collect()}


def compose_cmd() -> list[str] | None:
    if shutil.which("docker") and subprocess.run(["docker", "compose", "version"], capture_output=True).returncode == 0:
        return ["docker", "compose"]
    return ["docker-compose"] if shutil.which("docker-compose") else None


@pytest.mark.skipif(compose_cmd() is None, reason="needs docker compose or docker-compose (.ci/run installs docker-compose)")
def test_compose_tool_accepts_the_file():
    out = subprocess.run([*compose_cmd(), "-f", str(COMPOSE), "config", "--services"], capture_output=True, text=True,
                         cwd=DIR, timeout=60)
    assert out.returncode == 0, out.stderr
    assert set(out.stdout.split()) == set(replicas()) | {"lb", "prometheus", "grafana"}


@pytest.mark.skipif(shutil.which("haproxy") is None, reason="needs haproxy (.ci/run installs it)")
def test_haproxy_accepts_the_config():
    out = subprocess.run(["haproxy", "-c", "-f", str(HAPROXY)], capture_output=True, text=True, timeout=30)
    assert out.returncode == 0, out.stdout + out.stderr
    # the replicas' names resolve only inside the compose network (init-addr none lets HAProxy start without them)
    warnings = [line for line in (out.stdout + out.stderr).splitlines()
                if "[WARNING]" in line and "could not resolve address" not in line]
    assert not warnings, warnings
