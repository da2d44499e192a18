"""The server runs as the Helm chart runs it: read-only root file system, a fresh writable /tmp (the chart's
emptyDir), HOME=/tmp. Emulated with a private mount namespace (`unshare -m`) in which every mount is remounted
read-only and a tmpfs covers /tmp; skipped where that is not allowed (not root, no CAP_SYS_ADMIN)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def unshare_works() -> bool:
    if shutil.which("unshare") is None:
        return False
    probe = subprocess.run(["unshare", "-m", "sh", "-c", "mount --make-rprivate / && mount -t tmpfs tmpfs /mnt"],
                           capture_output=True, timeout=20)
    return probe.returncode == 0


pytestmark = pytest.mark.skipif(not unshare_works(), reason="needs `unshare -m` with mount rights (root in CI)")

DRIVER = textwrap.dedent('''
    import json, os, signal, subprocess, sys, time
    import httpx
    env = {**os.environ, "HOME": "/tmp", "PYTHONDONTWRITEBYTECODE": "1", "TTSSERVE_TORCH_THREADS": "1",
           "TTSSERVE_FRONTEND_PROCESSES": "1"}  # one frontend process, as GPU replicas run them
    log_path = "/dev/shm/ttsserve-ro-server-%d.log" % os.getpid()  # not /tmp: only the server should need that
    log = open(log_path, "w")
    server = subprocess.Popen([sys.executable, "-m", "ttsserve", "serve", "--config", "configs/cpu.yaml",
                               "--host", "127.0.0.1", "--port", sys.argv[1]], env=env, stdout=log, stderr=log)
    url = "http://127.0.0.1:" + sys.argv[1]
    out = {"statuses": []}
    try:
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline and server.poll() is None:
            try:
                if httpx.get(url + "/readyz", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            time.sleep(0.1)
        calls = [("/synthesize", {"text": "你好，世界。今天天气很好。"}),
                 ("/synthesize", {"text": "第二个声音。", "voice": "distill-baker"}),
                 ("/synthesize", {"text": "流式合成。", "stream": True}),
                 ("/v1/audio/speech", {"model": "tts-1", "input": "你好", "voice": "baker", "response_format": "mp3"})]
        for path, body in calls:
            r = httpx.post(url + path, json=body, timeout=60)
            out["statuses"].append([path, r.status_code, len(r.content)])
        out["metrics"] = httpx.get(url + "/metrics", timeout=5).status_code
        try:
            open(os.path.join(os.getcwd(), "probe-write"), "w")
            out["root_writable"] = True
        except OSError:
            out["root_writable"] = False
    finally:
        server.send_signal(signal.SIGTERM)
        out["exit"] = server.wait(timeout=90)
        out["tmp"] = sorted(os.listdir("/tmp"))
        log.close()
        out["log_tail"] = open(log_path).read()[-3000:]
        os.unlink(log_path)
    print("RESULT " + json.dumps(out))
''')


def free_port() -> int:
    import socket

    with socket.socket() as s:  # the mount namespace shares the network: any free loopback port
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_server_serves_with_a_read_only_root_and_a_fresh_tmp(tmp_path):
    driver = tmp_path / "driver.py"
    driver.write_text(DRIVER)
    script = textwrap.dedent(f'''
        set -e
        mount --make-rprivate /
        for m in $(awk '{{print $2}}' /proc/self/mounts | grep -vE '^/(proc|sys|dev)(/|$)' | sort -u); do
          mount -o remount,bind,ro "$m" 2>/dev/null || true
        done
        cp {driver} /dev/shm/ttsserve-ro-driver-$$.py
        # a checkout (and its venv) under /tmp would vanish under the fresh /tmp: keep it visible, read-only
        case "{ROOT}/" in /tmp/*) keep=1 ;; *) keep=0 ;; esac
        if [ $keep = 1 ]; then
          mkdir -p /dev/shm/ttsserve-ro-root-$$ && mount --bind {ROOT} /dev/shm/ttsserve-ro-root-$$
        fi
        mount -t tmpfs -o size=256m,mode=1777 tmpfs /tmp
        if [ $keep = 1 ]; then
          mkdir -p {ROOT} && mount --bind /dev/shm/ttsserve-ro-root-$$ {ROOT} && mount -o remount,bind,ro {ROOT}
        fi
        cd {ROOT}
        exec {sys.executable} /dev/shm/ttsserve-ro-driver-$$.py {free_port()}
    ''')
    env = {"PATH": "/usr/bin:/bin:/usr/sbin:/sbin", "PYTHONPATH": str(ROOT / "src"), "OMP_WAIT_POLICY": "PASSIVE"}
    try:
        run = subprocess.run(["unshare", "-m", "bash", "-c", script], capture_output=True, text=True, timeout=400,
                             env=env)
    finally:
        for leftover in [*Path("/dev/shm").glob("ttsserve-ro-driver-*.py"), *Path("/dev/shm").glob("ttsserve-ro-server-*.log")]:
            leftover.unlink(missing_ok=True)
        for leftover in Path("/dev/shm").glob("ttsserve-ro-root-*"):  # the bind's mount point (empty outside it)
            leftover.rmdir()
    lines = [line for line in run.stdout.splitlines() if line.startswith("RESULT ")]
    assert lines, run.stdout[-2000:] + run.stderr[-2000:]
    out = json.loads(lines[-1][len("RESULT "):])
    assert out["root_writable"] is False  # the emulation holds
    assert [s[:2] for s in out["statuses"]] == [["/synthesize", 200], ["/synthesize", 200], ["/synthesize", 200],
                                                 ["/v1/audio/speech", 200]], out["log_tail"]
    assert all(size > 1000 for _, _, size in out["statuses"])
    assert out["metrics"] == 200 and out["exit"] in (0, -15), out["log_tail"]  # as test_server_lifecycle
    assert "Traceback" not in out["log_tail"] and "Read-only file system" not in out["log_tail"], out["log_tail"]
