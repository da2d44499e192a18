"""allocator.limit_malloc_arenas: glibc really keeps to the limit (counted by malloc_stats in a fresh
interpreter with 10 threads allocating at once), and an explicit MALLOC_ARENA_MAX wins."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from ttsserve.allocator import limit_malloc_arenas

SRC = str(Path(__file__).resolve().parents[2] / "src")
PROBE = """
import ctypes, sys, threading
from ttsserve.allocator import limit_malloc_arenas
print(limit_malloc_arenas(None if sys.argv[1] == "none" else int(sys.argv[1])), flush=True)
barrier = threading.Barrier(10)
keep = []
def work():
    keep.append(bytearray(200_000))  # malloc'd (beyond pymalloc's small objects) by a thread of its own
    barrier.wait()  # all 10 alive at once
threads = [threading.Thread(target=work) for _ in range(10)]
[t.start() for t in threads]
[t.join() for t in threads]
ctypes.CDLL("libc.so.6").malloc_stats()  # one "Arena N:" block per arena, on stderr
"""

glibc = pytest.mark.skipif(not sys.platform.startswith("linux") or not os.confstr("CS_GNU_LIBC_VERSION"),
                           reason="glibc only")


def arenas(limit: str, **env: str) -> tuple[str, int]:
    environ = {k: v for k, v in os.environ.items() if k != "MALLOC_ARENA_MAX"}
    out = subprocess.run([sys.executable, "-c", PROBE, limit], capture_output=True, text=True, timeout=60,
                         env={**environ, "PYTHONPATH": SRC, **env}, check=True)
    return out.stdout.strip(), sum(line.startswith("Arena ") for line in out.stderr.splitlines())


@glibc
def test_the_limit_holds_for_threads_started_after_it():
    applied, n = arenas("2")
    assert applied == "True" and n == 2
    applied, n = arenas("none")  # glibc's default: a new arena for each new thread (8 per core at most)
    assert applied == "False" and n == min(11, 8 * os.cpu_count())


@glibc
def test_malloc_arena_max_in_the_environment_wins():
    applied, n = arenas("2", MALLOC_ARENA_MAX="3")
    assert applied == "False" and n == 3


def test_no_limit_asked_is_not_applied():
    assert limit_malloc_arenas(None) is False


@glibc
def test_trimmer_trims_once_per_interval_and_counts_what_it_released():
    from ttsserve.allocator import Trimmer

    trimmer = Trimmer(30.0)
    start = trimmer._last
    assert trimmer.maybe_trim(start + 29.0) is False and trimmer.stats["count"] == 0
    assert trimmer.maybe_trim(start + 30.0) is True
    assert trimmer.maybe_trim(start + 45.0) is False  # the interval counts from the last trim
    assert trimmer.maybe_trim(start + 60.0) is True
    stats = trimmer.stats
    assert stats["count"] == 2 and stats["last_seconds"] >= 0 and stats["released_bytes"] >= 0


def test_trimmer_off_never_trims():
    from ttsserve.allocator import Trimmer

    trimmer = Trimmer(None)
    assert trimmer.maybe_trim(trimmer._last + 1e9) is False and trimmer.stats["count"] == 0


APP_PROBE = """
import os, sys
from ttsserve.app import create_app
from ttsserve.settings import Settings
create_app(Settings(**({} if sys.argv[1] == "default" else {"cuda_alloc_conf": None})))
print(os.environ.get("PYTORCH_CUDA_ALLOC_CONF"))
"""


def alloc_conf_after_create_app(which: str, **env: str) -> str:
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("PYTORCH_CUDA_ALLOC_CONF", "TTSSERVE_"))}
    out = subprocess.run([sys.executable, "-c", APP_PROBE, which], capture_output=True, text=True, timeout=120,
                         env={**environ, "PYTHONPATH": SRC, **env}, check=True)
    return out.stdout.strip().splitlines()[-1]


def test_building_the_app_sets_expandable_cuda_segments_unless_told_otherwise():
    assert alloc_conf_after_create_app("default") == "expandable_segments:True"
    assert alloc_conf_after_create_app("none") == "None"  # cuda_alloc_conf: null -> torch's own defaults
    # the operator's PYTORCH_CUDA_ALLOC_CONF wins over the setting
    assert alloc_conf_after_create_app("default", PYTORCH_CUDA_ALLOC_CONF="max_split_size_mb:64") == "max_split_size_mb:64"
    assert alloc_conf_after_create_app("default", TTSSERVE_CUDA_ALLOC_CONF="garbage_collection_threshold:0.8") \
        == "garbage_collection_threshold:0.8"
