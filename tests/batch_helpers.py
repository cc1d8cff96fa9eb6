"""Small hand-written batches and a real ``python -m docexport`` process, for the batch
tests (test_batch_*.py, test_manifest.py, test_report.py)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import article

EPOCH = {"SOURCE_DATE_EPOCH": "1729555200"}
MANIFEST = ".docexport-manifest.jsonl"

STORIES = [
    ("Council approves new bridge", "The city council voted 7-2 on Tuesday to build a bridge."),
    ("Storm closes schools", "Heavy snow closed 40 schools in Ohio, officials said."),
    ("Bank raises rates", '"Inflation is too high," said Maria Lopez, the governor.'),
    ("Team wins final", "The Lions beat the Tigers 3-1 in Manchester on Sunday."),
    ("Factory to hire 300", "Acme Corp will hire 300 workers at its plant in Leeds."),
    ("Museum reopens", "The museum in Lyon reopened after a two-year renovation."),
]


def write_batch(folder: Path, count: int, *, bad: bool = False) -> Path:
    """``count`` small varied articles (some in a sub-folder); with ``bad``, two inputs
    that fail (an empty file, a PNG renamed .txt)."""
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(count):
        headline, body = STORIES[n % len(STORIES)]
        where = folder / "sub" if n % 4 == 3 else folder
        where.mkdir(exist_ok=True)
        text = article(f"{headline} ({n})", body, f"Paragraph {n} of the story.")
        (where / f"a{n:03d}.txt").write_text(text, "utf-8")
    if bad:
        (folder / "empty.txt").write_bytes(b"")
        (folder / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    return folder


def docexport(
    *args: str, env: dict[str, str] | None = None, timeout: float = 180, **kwargs
) -> subprocess.CompletedProcess[str]:
    """A real ``python -m docexport`` process, with a fixed SOURCE_DATE_EPOCH."""
    full_env = {**os.environ, **EPOCH, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "docexport", *args],
        capture_output=True,
        text=True,
        env=full_env,
        timeout=timeout,
        check=False,
        **kwargs,
    )


def tree(folder: Path) -> dict[str, bytes]:
    """Every output file under ``folder`` by relative path (the manifest left out)."""
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != MANIFEST
    }


def messages(stderr: str) -> list[str]:
    """Stderr lines without the summary (its timing differs from run to run)."""
    return [line for line in stderr.splitlines() if not line.startswith("converted ")]
