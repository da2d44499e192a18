"""bench/kokoro_asr_compare.py: per-speaker and pooled paired differences between systems' syllable errors."""

from __future__ import annotations

import importlib.util
import json
import random
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "bench"


def _module():
    spec = importlib.util.spec_from_file_location("kokoro_asr_compare", BENCH / "kokoro_asr_compare.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _run(tmp_path: Path, clips: list[dict]) -> Path:
    path = tmp_path / "run.json"
    path.write_text(json.dumps({"clips": clips}), encoding="utf-8")
    return path


def _clip(voice: str, text: str, edits: int, syllables: int = 10) -> dict:
    return {"voice": voice, "text": text, "syllable_edits": edits, "ref_syllables": syllables}


def test_paired_difference_of_equal_systems_is_zero():
    diff, lo, hi = _module().paired_difference([(2, 2, 10), (0, 0, 8), (5, 5, 12)], 200, random.Random(0))
    assert (diff, lo, hi) == (0.0, 0.0, 0.0)


def test_paired_difference_in_points_and_its_interval_holds_it():
    pairs = [(3, 1, 10), (2, 1, 10), (4, 2, 10), (1, 0, 10)]  # base 10 edits, other 4, of 40 syllables
    diff, lo, hi = _module().paired_difference(pairs, 500, random.Random(1))
    assert diff == 15.0
    assert 0 < lo <= diff <= hi


def test_pooled_row_over_every_speaker_and_sentences_both_have(tmp_path):
    clips = [_clip("a:s1", "x", 2), _clip("a:s1", "y", 2), _clip("a:s2", "x", 4),
             _clip("b:s1", "x", 1), _clip("b:s1", "y", 1), _clip("b:s2", "x", 0),
             _clip("b:s3", "z", 9)]  # s3: no base clip, left out of the pairs
    out = tmp_path / "cmp.json"
    assert _module().main([str(_run(tmp_path, clips)), "--base", "a", "--boot", "100", "--json", str(out)]) == 0
    report = json.loads(out.read_text(encoding="utf-8"))
    pooled = report["all_speakers_paired"]["a_minus_b"]
    assert pooled["pairs"] == 3 and pooled["points"] == round(100 * (8 - 2) / 30, 2)
    assert report["speakers"]["s1"]["a_minus_b"]["points"] == 10.0
    assert "a_minus_b" not in report["speakers"]["s3"]


def test_three_part_voices_and_a_voice_named_alone(tmp_path):
    """copy:FOLDER:SPEAKER is the system copy:FOLDER for SPEAKER; a voice of one speaker named alone (baker) is both."""
    clips = [_clip("copy:old:baker", "x", 3), _clip("copy:new:baker", "x", 1), _clip("baker", "x", 0),
             _clip("copy:old:zm_yunxi", "x", 4), _clip("copy:new:zm_yunxi", "x", 2)]
    out = tmp_path / "cmp.json"
    assert _module().main([str(_run(tmp_path, clips)), "--base", "copy:old", "--boot", "100", "--json", str(out)]) == 0
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["speakers"]["baker"]["copy:old_minus_copy:new"]["points"] == 20.0
    assert report["speakers"]["baker"]["baker"]["edits"] == 0
    assert report["all_speakers_paired"]["copy:old_minus_copy:new"]["pairs"] == 2


def test_a_gzipped_run_reads_as_the_plain_one(tmp_path):
    import gzip

    clips = [_clip("a:s1", "x", 2), _clip("b:s1", "x", 1)]
    plain = _run(tmp_path, clips)
    packed = tmp_path / "run.json.gz"
    packed.write_bytes(gzip.compress(plain.read_bytes()))
    assert _module().load(str(packed)) == [dict(c, source=str(packed)) for c in _module().load(str(plain))]
