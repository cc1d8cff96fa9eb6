"""The writer registry: built-ins by dotted path, third-party formats by entry point."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from docexport.errors import UnknownFormatError
from docexport.writers import BUILTIN_WRITERS, available_formats, create_writer, get_writer
from tests.conftest import SEED

PLUGIN = """
class ShoutWriter:
    name = "shout"
    media_type = "text/plain"
    extension = ".shout"
    binary = False

    def __init__(self, options):
        self.options = options

    def write(self, item, out):
        out.write(item.headline.upper().encode())
"""


def test_builtins_load_and_match_their_names() -> None:
    for name in BUILTIN_WRITERS:
        cls = get_writer(name)
        assert cls.name == name
        assert cls.extension.startswith(".")
        assert "/" in cls.media_type


def test_unknown_format_lists_the_available_ones() -> None:
    with pytest.raises(UnknownFormatError, match=r"unknown format 'rtf' \(available: .*newsml"):
        create_writer("rtf")


def test_formats_are_listed_built_in_first() -> None:
    names = [f.name for f in available_formats()]
    assert names[: len(BUILTIN_WRITERS)] == list(BUILTIN_WRITERS)


def _install_fake_distribution(root: Path, module: str, source: str, entry: str) -> None:
    """A minimal installed distribution: a module plus a dist-info with an entry point."""
    (root / f"{module}.py").write_text(source, "utf-8")
    info = root / f"{module}-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {module}\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text(f"[docexport.writers]\n{entry}\n")


def _docexport(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(root)}
    return subprocess.run(
        [sys.executable, "-m", "docexport", *args],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )


def test_third_party_plugin_via_entry_point(tmp_path: Path) -> None:
    _install_fake_distribution(tmp_path, "shout_plugin", PLUGIN, "shout = shout_plugin:ShoutWriter")
    listing = _docexport(tmp_path, "formats")
    assert listing.returncode == 0, listing.stderr
    row = next(line for line in listing.stdout.splitlines() if line.strip().startswith("shout"))
    assert row.split() == ["shout", "text/plain", ".shout", "shout_plugin"]
    converted = _docexport(tmp_path, "convert", str(SEED), "--to", "shout")
    assert converted.returncode == 0, converted.stderr
    assert converted.stdout.startswith("U.S. MILITARY PERSONNEL SUSTAIN INJURIES")


def test_broken_plugin_is_reported_and_breaks_nothing_else(tmp_path: Path) -> None:
    source = textwrap.dedent("raise RuntimeError('plugin exploded at import')\n")
    _install_fake_distribution(tmp_path, "broken_plugin", source, "broken = broken_plugin:Writer")
    assert _docexport(tmp_path, "--help").returncode == 0
    listing = _docexport(tmp_path, "formats")
    assert listing.returncode == 0
    assert "newsml" in listing.stdout
    assert "plugin 'broken' failed to load: RuntimeError: plugin exploded" in listing.stderr
    used = _docexport(tmp_path, "convert", str(SEED), "--to", "broken")
    assert used.returncode == 2
    assert "Traceback" not in used.stderr
    assert "failed to load" in used.stderr
    assert _docexport(tmp_path, "convert", str(SEED), "--to", "json").returncode == 0
