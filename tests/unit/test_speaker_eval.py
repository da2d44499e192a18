"""recipes/distill/speaker_eval.py's scoring (pure NumPy; the encoder and the engine are not needed here)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def speaker_eval():
    spec = importlib.util.spec_from_file_location("speaker_eval", ROOT / "recipes/distill/speaker_eval.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def unit(v):
    v = np.asarray(v, dtype=np.float64)
    return v / np.linalg.norm(v)


def test_each_speaker_is_scored_against_its_own_or_its_teachers_reference(speaker_eval):
    """Three directions: a, b, and a student of a (near a). Four utterances each: two make the reference, two are
    tested; the student is scored against a's reference, and its closest other is not itself."""
    a, b = unit([1, 0, 0]), unit([0, 1, 0])
    student = unit([0.9, 0.1, 0.4])
    embeds = {name: np.stack([unit(v + 0.01 * k) for k in range(4)])
              for name, v in (("a", a), ("b", b), ("student", student))}
    out = speaker_eval.scores(embeds, {"student": "a"})
    rows, matrix = out["per_speaker"], out["matrix"]
    assert rows["a"]["reference"] == "a" and rows["a"]["closest"] == "a" and rows["a"]["own"] > 0.99
    assert rows["b"]["other_speaker"] in ("a", "student") and rows["b"]["margin"] > 0.5
    s = rows["student"]
    assert s["reference"] == "a" and s["closest"] == "a" and s["other_speaker"] == "b"
    assert s["own"] == pytest.approx(matrix["student"]["a"], abs=1e-4) and s["margin"] > 0
    assert set(matrix) == {"a", "b", "student"} and all(len(r) == 3 for r in matrix.values())


def test_students_are_also_scored_against_the_teachers_alone(speaker_eval):
    """Two students of one model sit closer to each other than to their teachers (shared artefacts): the plain
    margin is negative, the margin against the teachers alone is the own teacher minus the closest other one."""
    a, b = unit([1, 0, 0]), unit([0, 1, 0])
    sa, sb = unit([0.6, 0.2, 0.8]), unit([0.2, 0.6, 0.8])  # both near the artefact direction (0, 0, 1)
    embeds = {name: np.stack([unit(v + 0.01 * k) for k in range(4)])
              for name, v in (("a", a), ("b", b), ("sa", sa), ("sb", sb))}
    out = speaker_eval.scores(embeds, {"sa": "a", "sb": "b"})
    rows, matrix = out["per_speaker"], out["matrix"]
    assert rows["sa"]["other_speaker"] == "sb" and rows["sa"]["margin"] < 0
    assert rows["sa"]["other_teacher"] == "b"
    assert rows["sa"]["margin_teachers"] == pytest.approx(matrix["sa"]["a"] - matrix["sa"]["b"], abs=1e-4)
    assert rows["sa"]["margin_teachers"] > 0
    assert "margin_teachers" not in rows["a"]  # a teacher has no teacher
