"""Session 30's bench helpers: the text-normalization comparison's scoring and data, and the load profile's thread
reading (bench/tn_compare.py, bench/load_profile_report.py)."""

from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"


def _module(name: str):
    spec = importlib.util.spec_from_file_location(name, BENCH / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_heldout_cases_are_readings_not_digits():
    tn = _module("tn_compare")
    cases = tn.load_cases(tn.CASES)
    assert len(cases) == 51
    for sentence, accepted in cases:
        assert accepted and all(accepted), sentence
        for reading in accepted:  # a reading is words: no digits, Latin letters or symbols left to read
            assert not re.search(r"[0-9A-Za-z%‰℃/~^×]", reading), (sentence, reading)


@pytest.mark.parametrize("name, size", [("tn_heldout2.tsv", 47), ("tn_heldout3.tsv", 43)])
def test_later_heldout_sets_keep_only_the_sentences_letters(name, size):
    tn = _module("tn_compare")
    cases = tn.load_cases(tn.CASES.with_name(name))
    assert len(cases) == size
    for sentence, accepted in cases:
        for reading in accepted:  # letters only where they stand for a name (G1234, GDP, v2.3.1), no digits or symbols
            assert not re.search(r"[0-9%‰℃/~^×°′+]", reading), (sentence, reading)
            assert set(re.findall(r"[A-Z]", reading.upper())) <= set(re.findall(r"[A-Z]", sentence.upper())), (sentence, reading)


def test_letters_score_as_the_system_spells_them(tmp_path):
    tn = _module("tn_compare")
    assert tn.spelled("G二十峰会", {"G": "吉"}) == "吉二十峰会"
    cases = tmp_path / "cases.tsv"
    cases.write_text("G20峰会\tG二十峰会\n", encoding="utf-8")
    out = tmp_path / "r.json"
    assert tn.main(["--cases", str(cases), "--json", str(out)]) == 0
    assert json.loads(out.read_text(encoding="utf-8"))["systems"]["ttsserve"]["right"] == 1


def test_scoring_ignores_punctuation_and_counts_misses(tmp_path):
    tn = _module("tn_compare")
    assert tn.bare("会议，二零二四年。 ok") == "会议二零二四年ok"
    cases = tmp_path / "cases.tsv"
    cases.write_text("# comment\n约3/4的人。\t约四分之三的人\n5G网络\t五克网络\n", encoding="utf-8")  # the second: a wrong label
    out = tmp_path / "r.json"
    assert tn.main(["--cases", str(cases), "--json", str(out)]) == 0
    report = json.loads(out.read_text(encoding="utf-8"))
    system = report["systems"]["ttsserve"]
    assert (system["right"], system["of"]) == (1, 2)
    assert system["misses"] == [{"sentence": "5G网络", "output": "五吉网络", "accepted": ["五克网络"]}]


def test_thread_reading_splits_event_loop_worker_and_others(tmp_path):
    report = _module("load_profile_report")
    before = {"t": 10.0, "pid": 100, "threads": {"100": 1.0, "101": 5.0, "102": 0.5}}
    after = {"t": 12.5, "pid": 100, "threads": {"100": 1.4, "101": 6.5, "102": 0.75, "103": 0.2}}
    for when, data in (("before", before), ("after", after)):
        (tmp_path / f"plain_mixed_threads_{when}.json").write_text(json.dumps(data))
    r = report.thread_reading(tmp_path, "plain", "mixed", 101)
    assert r == {"window_s": 2.5, "event_loop_cpu_s": 0.4, "worker_cpu_s": 1.5, "other_threads_cpu_s": 0.45,
                 "busiest_other_cpu_s": 0.25, "threads": 4}
    assert report.thread_reading(tmp_path, "sync", "mixed", 101) is None  # no snapshots: no reading


def test_gpu_idle_time_goes_to_the_innermost_phase_running_then():
    """bench/whole_request_profile_gpu.py's attribution (microseconds in, ms out): the worker's span is 0-100 us;
    the GPU runs 10-30 and 50-60; phases plan 0-20, vocoder 40-100 with begin 70-80 nested in it."""
    import sys

    sys.path.insert(0, str(BENCH.parent))  # the script imports bench.latency
    try:
        prof = _module("whole_request_profile_gpu")
    finally:
        sys.path.remove(str(BENCH.parent))
    out = prof.idle_by_phase([(10.0, 30.0), (50.0, 60.0), (55.0, 58.0)],
                             [("plan", 0.0, 20.0), ("vocoder", 40.0, 100.0), ("begin", 70.0, 80.0)])
    # idle: 0-10 (plan), 30-40 (outside), 40-50 and 60-70 and 80-100 (vocoder), 70-80 (begin)
    assert out["idle_ms"] == {"vocoder": 0.04, "plan": 0.01, "outside phases": 0.01, "begin": 0.01}
    assert out["span_ms"] == 0.1 and out["gpu_idle_ms"] == 0.07 and out["gaps_over_1ms"] == 0
    assert prof.idle_by_phase([(0.0, 5.0)], [])["idle_ms"] == {}
    busy = prof.idle_by_phase([(-5.0, 2e3)], [("plan", 0.0, 1e3)])  # the GPU busy throughout: no idle time
    assert busy["gpu_idle_ms"] == 0.0 and busy["idle_ms"] == {}
