"""A wheel installed without the source checkout finds the shipped voices and speaks with the default voice.

Builds the wheel (~50 MB, weights included), installs it into a fresh venv and synthesizes with baker on the
CPU: about 8 s on a 2-core machine, so it is part of the default suite. The venv reuses the running interpreter's installed
dependencies (a .pth file), not its editable ttsserve, and runs outside the checkout: what it imports is
the wheel's copy.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest
import soundfile as sf

PROJECT = Path(__file__).resolve().parents[2]


def _run(cmd: list[str], cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    out = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, f"{cmd} failed ({out.returncode}):\n{out.stdout[-3000:]}\n{out.stderr[-3000:]}"
    return out


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    # Build from a copy of the files a release is made of, so that no build/ or egg-info lands in the checkout.
    src = tmp_path_factory.mktemp("source")
    for name in ("pyproject.toml", "setup.py", "MANIFEST.in", "README.md"):
        shutil.copy2(PROJECT / name, src / name)
    for name in ("src", "weights"):
        shutil.copytree(PROJECT / name, src / name, symlinks=True,
                        ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info"))
    dist = tmp_path_factory.mktemp("dist")
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(dist), str(src)], src)
    (whl,) = dist.glob("ttsserve-*.whl")
    return whl


def test_wheel_carries_the_shipped_voices(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    shipped = {p.relative_to(PROJECT).as_posix() for p in (PROJECT / "weights").rglob("*") if p.is_file()
               and not p.relative_to(PROJECT / "weights").as_posix().startswith("kokoro/")}  # built, never shipped
    assert shipped and {f"ttsserve/{p}" for p in shipped} <= names
    assert not any(n.startswith("ttsserve/weights/kokoro/") for n in names)
    assert "ttsserve/web/index.html" in names


def test_installed_wheel_synthesizes_with_the_default_voice(wheel, tmp_path):
    venv = tmp_path / "venv"
    _run([sys._base_executable, "-m", "venv", "--without-pip", str(venv)], tmp_path)
    python = venv / "bin" / "python"
    purelib = Path(_run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], tmp_path).stdout.strip())
    # dependencies from the running environment; its editable ttsserve (a .pth there) is not processed
    (purelib / "_deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    _run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "--no-index", "-q", str(wheel)], tmp_path)

    env = {k: v for k, v in os.environ.items() if not k.startswith("TTSSERVE_") and k != "PYTHONPATH"}
    work = tmp_path / "elsewhere"
    work.mkdir()
    where = _run([str(python), "-c", "import ttsserve.settings as s; print(s.__file__); print(s.load_settings().weights_dir)"],
                 work, env).stdout.split()
    assert where[0].startswith(str(purelib)) and where[1] == str(purelib / "ttsserve" / "weights")

    out = work / "hello.wav"
    _run([str(venv / "bin" / "ttsserve"), "synth", "你好。", "-o", str(out), "--device", "cpu"], work, env)
    audio, rate = sf.read(out)
    assert rate == 24000 and len(audio) > 0.3 * rate and abs(audio).max() > 0.01

    # the documented override: another folder of voices
    other = tmp_path / "my-voices"
    shutil.copytree(purelib / "ttsserve" / "weights" / "baker", other / "baker")
    env["TTSSERVE_WEIGHTS_DIR"] = str(other)
    listed = _run([str(venv / "bin" / "ttsserve"), "voices"], work, env).stdout
    assert listed.startswith("baker (default)") and len(listed.splitlines()) == 1
