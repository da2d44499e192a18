"""Running a test module's Triton checks under Triton's interpreter (CPU tensors, no GPU).

Triton picks its interpreter when it is imported, so the checks run in a second pytest process started with
TRITON_INTERPRET=1; the module marks them `interpreted` (skipped in the first process) and calls `run_module`
from a test that is skipped in the second.

Triton's interpreter (3.4 to 3.6 tried) turns a runtime integer argument into a one-element array and later calls
int() on it, which NumPy 2.4 refuses ("only 0-dimensional arrays can be converted to Python scalars"): the fused
decoder step's kernels (runtime loop bounds) then fail under the interpreter only. With the project's NumPy pin
that is the case; run these checks with an older NumPy first on the path, e.g.
`pip install --target /tmp/np23 "numpy==2.3.*" triton` and `PYTHONPATH=/tmp/np23 python -m pytest
tests/unit/test_sambert_fused.py tests/unit/test_sambert_duration.py` (both pass so, session 6)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
INTERPRETED = os.environ.get("TRITON_INTERPRET") == "1"
interpreted = pytest.mark.skipif(not INTERPRETED, reason="run under Triton's interpreter by test_under_the_interpreter")
outside = pytest.mark.skipif(INTERPRETED, reason="not under the interpreter")


def run_module(path: str, *, exclude: str, min_passed: int, timeout_s: int = 1800) -> None:
    """pytest `path` with TRITON_INTERPRET=1, deselecting `exclude` (a -k expression); it must pass with at least
    `min_passed` tests and none skipped."""
    env = {**os.environ, "TRITON_INTERPRET": "1"}
    run = subprocess.run([sys.executable, "-m", "pytest", path, "-q", "-x", "-s", "-p", "no:cacheprovider",
                          "-k", f"not ({exclude})"], cwd=ROOT, env=env, capture_output=True, text=True,
                         timeout=timeout_s)
    print(run.stdout[-6000:], run.stderr[-3000:])
    assert run.returncode == 0
    summary = run.stdout.strip().splitlines()[-1]
    assert "skipped" not in summary and int(re.search(r"(\d+) passed", summary).group(1)) >= min_passed, summary
