"""Every install works: a wheel and an editable install, run from another directory.

Each case builds a fresh virtual environment and installs docexport there the way a
user would (``pip install .`` of the built wheel, ``pip install -e .``), then runs the
formats that need package data (the schema, the DOCX template, the PDF theme) from a
directory outside the checkout. Slow (tens of seconds, pip's cache helps), but it is the
only proof that the package data ships.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest

from tests.conftest import REPO, SEED


def _venv(where: Path) -> Path:
    venv.EnvBuilder(with_pip=True).create(where)
    return where / "bin" / "python"


def _pip(python: Path, *args: str) -> None:
    result = subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", *args],
        capture_output=True, text=True, check=False, timeout=900,
    )  # fmt: skip
    if result.returncode != 0:
        pytest.fail(f"pip install {' '.join(args)} failed:\n{result.stderr[-3000:]}")


def _exercise(python: Path, cwd: Path) -> str:
    """Run every format that reads package data, plus JSON input, from ``cwd``."""
    docexport = [str(python), "-m", "docexport"]
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["SOURCE_DATE_EPOCH"] = "1729555200"
    for fmt in ("newsml", "json", "docx", "pdf"):
        out = cwd / f"seed.{fmt}"
        result = subprocess.run(
            [*docexport, "convert", str(SEED), "--to", fmt, "--validate", "-o", str(out)],
            cwd=cwd, capture_output=True, text=True, check=False, env=env, timeout=120,
        )  # fmt: skip
        assert result.returncode == 0, f"{fmt}: {result.stderr}"
        assert out.stat().st_size > 0
    again = subprocess.run(
        [*docexport, "convert", str(cwd / "seed.json"), "--to", "json"],
        cwd=cwd, capture_output=True, text=True, check=False, env=env, timeout=120,
    )  # fmt: skip
    assert again.returncode == 0, again.stderr
    assert json.loads(again.stdout)["headline"].startswith("U.S. Military")
    where = subprocess.run(
        [str(python), "-c", "import docexport; print(docexport.__file__)"],
        cwd=cwd, capture_output=True, text=True, check=True, env=env,
    )  # fmt: skip
    return where.stdout.strip()


def test_the_wheel_works_from_any_directory(tmp_path: Path) -> None:
    python = _venv(tmp_path / "venv")
    dist = tmp_path / "dist"
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(dist), str(REPO)],
        capture_output=True, text=True, check=False, timeout=600,
    )  # fmt: skip
    assert build.returncode == 0, build.stderr
    [wheel] = dist.glob("docexport-*.whl")
    _pip(python, str(wheel))
    location = _exercise(python, tmp_path)
    assert str(tmp_path / "venv") in location  # the installed copy, not the checkout


def test_an_editable_install_works_from_any_directory(tmp_path: Path) -> None:
    python = _venv(tmp_path / "venv")
    _pip(python, "-e", str(REPO))
    location = _exercise(python, tmp_path)
    assert location.startswith(str(REPO / "src"))  # the checkout itself
