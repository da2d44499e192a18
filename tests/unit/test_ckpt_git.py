"""recipes/distill/ckpt_git.sh: the student's checkpoint saved into git history but out of the tree (the device
carries the tree, 64 MiB at most), and restored byte for byte from the commit that `ckpt.ref` names."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "recipes" / "distill" / "ckpt_git.sh"
pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")


def _git(repo: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@t"}
    return subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True, text=True).stdout


def _run(repo: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@t"}
    return subprocess.run(["bash", str(repo / "recipes/distill/ckpt_git.sh"), *args], cwd=repo, env=env,
                          capture_output=True, text=True)


def test_save_keeps_the_student_in_history_only_and_restore_gets_it_back(tmp_path):
    repo = tmp_path / "repo"
    (repo / "recipes" / "distill").mkdir(parents=True)
    shutil.copy(SCRIPT, repo / "recipes" / "distill" / "ckpt_git.sh")
    (repo / ".gitignore").write_text("/.ckpt-from/\n")
    _git(repo, "init", "-q")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "start")
    export = tmp_path / "wts" / "distill-zh"
    (export / "am" / "ckpt").mkdir(parents=True)
    (export / "voice.yaml").write_text("name: distill-zh\n")
    weights = os.urandom(4096)
    (export / "am" / "ckpt" / "checkpoint_861.pth").write_bytes(weights)
    (tmp_path / "wts" / "kokoro_stats.json").write_text('{"zm_yunjian": [4.8, 0.2, 5.1, 1.9]}')

    done = _run(repo, "save", str(tmp_path / "wts"), "distill: a test student")
    assert done.returncode == 0, done.stderr
    ref = (repo / "recipes" / "distill" / "ckpt.ref").read_text().strip()
    tree = _git(repo, "ls-files").split()
    assert not [p for p in tree if p.startswith("recipes/distill/ckpt/")]  # not in the tree
    assert "recipes/distill/ckpt.ref" in tree
    assert _git(repo, "log", "-1", "--format=%s", ref).strip() == "distill: a test student"
    assert _git(repo, "status", "--porcelain") == ""

    done = _run(repo, "restore")
    assert done.returncode == 0, done.stderr
    got = repo / ".ckpt-from" / "distill-zh"
    assert (got / "am" / "ckpt" / "checkpoint_861.pth").read_bytes() == weights
    assert (got / "voice.yaml").read_text() == "name: distill-zh\n"
    assert (repo / ".ckpt-from" / "kokoro_stats.json").read_text() == '{"zm_yunjian": [4.8, 0.2, 5.1, 1.9]}'
    assert _git(repo, "status", "--porcelain") == ""  # restored into an ignored folder


def test_save_refuses_a_folder_without_the_voice(tmp_path):
    repo = tmp_path / "repo"
    (repo / "recipes" / "distill").mkdir(parents=True)
    shutil.copy(SCRIPT, repo / "recipes" / "distill" / "ckpt_git.sh")
    _git(repo, "init", "-q")
    done = _run(repo, "save", str(tmp_path))
    assert done.returncode == 2 and "no distill-zh/voice.yaml" in done.stderr
    done = _run(repo, "restore")
    assert done.returncode == 2 and "nothing saved yet" in done.stderr
