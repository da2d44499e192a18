"""CPU thread defaults: torch's intra-op threads follow the CPUs the process may use, OpenMP threads sleep
when idle (OMP_WAIT_POLICY=PASSIVE, set by the CLI unless the environment says otherwise)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import torch

from ttsserve.engine.engine import Engine
from ttsserve.settings import usable_cpus
from ttsserve.telemetry import Telemetry

SRC = Path(__file__).resolve().parents[2] / "src"


@pytest.mark.skipif(not hasattr(os, "sched_setaffinity") or len(os.sched_getaffinity(0)) < 2,
                    reason="needs Linux and two CPUs")
def test_usable_cpus_follows_the_affinity_mask():
    one = sorted(os.sched_getaffinity(0))[:1]
    out = subprocess.run([sys.executable, "-c", "from ttsserve.settings import usable_cpus; print(usable_cpus())"],
                         env={**os.environ, "PYTHONPATH": str(SRC)}, capture_output=True, text=True, check=True,
                         preexec_fn=lambda: os.sched_setaffinity(0, one))
    assert out.stdout.strip() == "1"
    assert usable_cpus() <= len(os.sched_getaffinity(0))


def test_worker_uses_the_usable_cpus_unless_told(tone_settings, monkeypatch):
    import asyncio

    from tests.stages import ToneAcoustic
    from ttsserve.engine.engine import SynthesisRequest

    seen = []  # torch's thread count is per OS thread: read it where the model runs, in the worker thread
    infer = ToneAcoustic.infer
    monkeypatch.setattr(ToneAcoustic, "infer", lambda self, inputs: (seen.append(torch.get_num_threads()), infer(self, inputs))[1])
    for threads in (None, 1):
        engine = Engine(tone_settings(torch_threads=threads), Telemetry())
        engine.start()
        try:
            asyncio.run(engine.synthesize(SynthesisRequest(text="你好", voice="tone")))
        finally:
            engine.stop()
    assert seen == [usable_cpus(), 1]


def test_cli_sets_passive_omp_wait_unless_the_environment_has_one(monkeypatch, capsys):
    from ttsserve.cli import main

    monkeypatch.delenv("OMP_WAIT_POLICY", raising=False)
    with pytest.raises(SystemExit):
        main(["--help"])
    assert os.environ["OMP_WAIT_POLICY"] == "PASSIVE"
    monkeypatch.setenv("OMP_WAIT_POLICY", "ACTIVE")
    with pytest.raises(SystemExit):
        main(["--help"])
    assert os.environ["OMP_WAIT_POLICY"] == "ACTIVE"
