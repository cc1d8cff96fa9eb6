"""Third-party input formats through the ``docexport.readers`` entry-point group."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

PLUGIN = '''
"""A reader for "memo" files: a first line MEMO, then a subject line, then the text."""
import hashlib
from docexport.errors import InputError
from docexport.model import Block, NewsItem, Source, make_guid

EXTENSIONS = (".memo",)


def sniff(head):
    return head.startswith(b"MEMO\\n")


def read_bytes(data, name):
    lines = data.decode("utf-8").splitlines()
    if len(lines) < 3 or lines[0] != "MEMO":
        raise InputError("not a memo")
    headline, body = lines[1], [line for line in lines[2:] if line]
    return NewsItem(
        guid=make_guid(headline, body, None),
        headline=headline,
        body=tuple(Block(text=t) for t in body),
        source=Source(file_name=name, sha256=hashlib.sha256(data).hexdigest(),
                      encoding="utf-8", size=len(data)),
    )
'''


def _install(root: Path) -> None:
    (root / "memo_reader.py").write_text(PLUGIN, "utf-8")
    info = root / "memo_reader-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: memo-reader\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text("[docexport.readers]\nmemo = memo_reader\n")


def _docexport(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(root), "SOURCE_DATE_EPOCH": "0"}
    return subprocess.run(
        [sys.executable, "-m", "docexport", *args],
        capture_output=True, text=True, env=env, check=False, timeout=60,
    )  # fmt: skip


def test_a_plugin_reader_is_found_by_extension_by_content_and_by_name(tmp_path: Path) -> None:
    _install(tmp_path)
    memo = b"MEMO\nBudget approved\nThe board approved the budget.\n"
    by_extension = tmp_path / "a.memo"
    by_extension.write_bytes(memo)
    by_content = tmp_path / "b.dat"
    by_content.write_bytes(memo)
    for path in (by_extension, by_content):
        result = _docexport(tmp_path, "convert", str(path), "--to", "json", "--no-enrich")
        assert result.returncode == 0, result.stderr
        assert '"headline": "Budget approved"' in result.stdout
    named = _docexport(tmp_path, "convert", str(by_content), "--from", "memo", "--no-enrich")
    assert named.returncode == 0, named.stderr
    listing = _docexport(tmp_path, "formats")
    assert ["memo", ".memo"] in [line.split() for line in listing.stdout.splitlines()]
