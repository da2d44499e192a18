from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

PROJECT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_ready(base: str, proc: subprocess.Popen, timeout_s: float = 120) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}: {proc.stderr.read().decode(errors='replace')[-3000:]}")
        try:
            if httpx.get(f"{base}/readyz", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError("server did not become ready")


def _servers():
    """Start a server command on a free loopback port: start(args, env, port) -> (base_url, Popen); every server
    started is stopped when the generator closes."""
    procs = []

    def start(args: list[str], env: dict[str, str] | None = None, port: int | None = None):
        port = port or free_port()
        full_env = {k: v for k, v in os.environ.items() if not k.startswith("TTSSERVE_")}
        full_env["PYTHONPATH"] = os.pathsep.join([str(PROJECT / "src"), str(PROJECT), full_env.get("PYTHONPATH", "")])
        full_env.update(env or {})
        cmd = [sys.executable, *[a.replace("{port}", str(port)) for a in args]]
        proc = subprocess.Popen(cmd, cwd=PROJECT, env=full_env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        procs.append(proc)
        base = f"http://127.0.0.1:{port}"
        wait_ready(base, proc)
        return base, proc

    yield start
    for p in procs:
        if p.poll() is None:
            p.kill()
        p.wait(timeout=10)


@pytest.fixture
def server_process():
    """Start a server command on a free loopback port; yields start(args, env, port) -> (base_url, Popen); always
    stops it."""
    yield from _servers()


@pytest.fixture(scope="module")
def module_server_process():
    """As `server_process`, the servers shared by a module's tests (those that leave no state behind: a server
    start is 3-5 s of imports on a 2-core machine)."""
    yield from _servers()
