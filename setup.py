"""Packaging hook: a wheel carries the shipped voices (weights/) inside the package, as ttsserve/weights/.

Everything else is in pyproject.toml. An editable install (`pip install -e .`) copies nothing: there the
package finds the voices in the checkout's weights/ (settings.default_weights_dir).
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent


class BuildPyWithVoices(build_py):
    def run(self) -> None:
        super().run()
        if self.editable_mode:
            return
        source = HERE / "weights"
        if not source.is_dir():  # an sdist built without weights/: a wheel without voices (TTSSERVE_WEIGHTS_DIR)
            return
        target = Path(self.build_lib) / "ttsserve" / "weights"
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(source, target, ignore=_ignore)


# Voices built on the user's machine from registry packages (not in git, README): never packed into a wheel.
BUILT_VOICES = {"kokoro"}


def _ignore(folder: str, names: list[str]) -> set[str]:
    skip = set(shutil.ignore_patterns("__pycache__", "*.pyc")(folder, names))
    if Path(folder).resolve() == (HERE / "weights").resolve():
        skip |= BUILT_VOICES & set(names)
    return skip


setup(cmdclass={"build_py": BuildPyWithVoices})
