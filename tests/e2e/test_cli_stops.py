"""The CLI fails or stops in one line: a port in use (before any voice loads), a CUDA device on a host without
one, Ctrl-C in `ttsserve batch` (finished files kept, a re-run resumes)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys

import pytest
import torch

from tests.e2e.conftest import PROJECT, free_port
from tests.stages import write_tone_voice

# The CLI with the test-only tone stages registered (a real `ttsserve` cannot load them).
CLI = [sys.executable, "-c", "import sys, tests.stages; from ttsserve.cli import main; sys.exit(main(sys.argv[1:]))"]


def cli_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TTSSERVE_")}
    env["PYTHONPATH"] = os.pathsep.join([str(PROJECT / "src"), str(PROJECT)])
    env.update(extra)
    return env


def test_serve_on_a_port_in_use_fails_before_loading_voices():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        out = subprocess.run([sys.executable, "-m", "ttsserve", "serve", "--port", str(port), "--device", "cpu"],
                             cwd=PROJECT, env=cli_env(), capture_output=True, text=True, timeout=120)
    assert out.returncode == 2
    assert out.stderr == f"ttsserve: cannot listen on 127.0.0.1:{port}: Address already in use\n"


@pytest.mark.skipif(torch.cuda.is_available(), reason="checks a host without CUDA")
@pytest.mark.parametrize("command", [["serve", "--port", str(free_port())], ["synth", "你好", "-o", "x.wav"]])
def test_cuda_device_without_cuda_is_one_line(command, tmp_path):
    out = subprocess.run([sys.executable, "-m", "ttsserve", *command, "--device", "cuda"], cwd=tmp_path,
                         env=cli_env(), capture_output=True, text=True, timeout=120)
    assert out.returncode == 2
    assert out.stderr == (f"ttsserve: device 'cuda' requested but CUDA is not available (torch {torch.__version__}); "
                          "use --device cpu or auto\n")
    assert not (tmp_path / "x.wav").exists()


@pytest.mark.parametrize("mode", ["in-process", "server"])
def test_ctrl_c_in_batch_stops_cleanly_and_resumes(mode, server_process, tmp_path):
    # two quick items, then ten that take 2 s each: Ctrl-C comes while the third is in flight, long before the end
    items = tmp_path / "items.csv"
    items.write_text("id,text,voice\n" + "".join(f"i{n:02d},你好,{'tone' if n < 2 else 'slow'}\n" for n in range(12)),
                     encoding="utf-8")
    out = tmp_path / "out"
    args = [*CLI, "batch", str(items), "-o", str(out), "--concurrency", "1"]
    if mode == "server":
        base, _ = server_process(["-m", "tests.e2e.serve_tone", str(tmp_path / "w"), "{port}", "2.0"])
        args += ["--server", base]
    else:
        write_tone_voice(tmp_path / "w", "tone")
        write_tone_voice(tmp_path / "w", "slow", delay_s=2.0)
        args += ["--weights-dir", str(tmp_path / "w"), "--device", "cpu"]
    env = cli_env(TTSSERVE_DEFAULT_VOICE="tone", TTSSERVE_FRONTEND__TYPE="test-chars", TTSSERVE_FRONTEND_PROCESSES="0")
    # as from a terminal: Ctrl-C's signal not ignored (a test run started in the background by a non-interactive
    # shell ignores SIGINT, and children inherit that)
    proc = subprocess.Popen(args, cwd=PROJECT, env=env, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    try:
        lines = []
        while not (lines and lines[-1].startswith("[2/12]")):  # two items written, the third in flight
            line = proc.stderr.readline()
            assert line, f"batch ended early: {''.join(lines)}"
            lines.append(line)
        proc.send_signal(signal.SIGINT)
        rest = proc.stderr.read()
        assert proc.wait(timeout=30) == 130, rest
    finally:
        if proc.poll() is None:
            proc.kill()
    assert "Traceback" not in rest and "KeyboardInterrupt" not in rest
    assert rest.strip().splitlines()[-1].startswith("interrupted: the files written so far are complete; "
                                                    "run the same command again to resume")
    written = sorted(p.name for p in out.iterdir())
    assert 2 <= len(written) < 12 and all(n.endswith(".wav") and not n.startswith(".") for n in written)

    # the same command again (in-process, the slow voice made quick) does only what is missing
    write_tone_voice(tmp_path / "quick", "tone")
    write_tone_voice(tmp_path / "quick", "slow")
    again = [*CLI, "batch", str(items), "-o", str(out), "--weights-dir", str(tmp_path / "quick"), "--device", "cpu"]
    done = subprocess.run(again, cwd=PROJECT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert f"12 items: {12 - len(written)} synthesized, {len(written)} already done, 0 failed" in done.stderr
