"""recipes/distill/asr_choose.py: candidates parsed as given, and the choice read off the comparison's report
(the lowest pooled syllable error, and whether it differs from the starting checkpoint beyond the noise)."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _module(name: str, path: Path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _choose():
    return _module("asr_choose", ROOT / "recipes" / "distill" / "asr_choose.py")


def test_candidates_keep_their_order_and_refuse_bad_names():
    m = _choose()
    assert m.parse_candidates(["start=a/am.pth", "s17249=b/am_s017249.pth"]) == [
        ("start", Path("a/am.pth")), ("s17249", Path("b/am_s017249.pth"))]
    for bad in (["start=a"], ["start=a", "start=b"], ["Start=a", "b=c"], ["start", "b=c"], ["a=", "b=c"]):
        with pytest.raises(SystemExit):
            m.parse_candidates(bad)


def _report(tmp_path: Path, edits: dict[str, list[int]]) -> dict:
    """A comparison over systems with per-sentence edits (10 syllables a sentence, one speaker)."""
    compare = _module("kokoro_asr_compare", ROOT / "bench" / "kokoro_asr_compare.py")
    runs = []
    for system, row in edits.items():
        path = tmp_path / f"{system}.json"
        clips = [{"voice": f"{system}:baker", "text": f"t{i}", "syllable_edits": e, "ref_syllables": 10}
                 for i, e in enumerate(row)]
        path.write_text(json.dumps({"clips": clips}), encoding="utf-8")
        runs.append(str(path))
    out = tmp_path / "compare.json"
    assert compare.main(runs + ["--base", "start", "--json", str(out), "--boot", "400"]) == 0
    return json.loads(out.read_text(encoding="utf-8"))


def test_a_clearly_better_candidate_is_chosen_outside_the_noise(tmp_path):
    report = _report(tmp_path, {"start": [3] * 20, "later": [1] * 20, "worse": [4] * 20})
    verdict = _choose().choose(report, "start")
    assert verdict["lowest"] == "later" and verdict["outside_noise"]
    assert verdict["lowest_minus_base_points"] == -20.0
    assert verdict["pooled_syler_pct"] == {"start": 30.0, "later": 10.0, "worse": 40.0}


def test_a_lower_reading_inside_the_noise_is_said_to_be_so(tmp_path):
    report = _report(tmp_path, {"start": [2, 0, 1, 3, 0, 2], "later": [0, 3, 1, 0, 2, 1]})  # 8 against 7
    verdict = _choose().choose(report, "start")
    assert verdict["lowest"] == "later" and not verdict["outside_noise"]


def test_a_tie_keeps_the_start(tmp_path):
    verdict = _choose().choose(_report(tmp_path, {"start": [1, 2], "later": [2, 1]}), "start")
    assert verdict["lowest"] == "start" and verdict["lowest_minus_base_points"] is None
