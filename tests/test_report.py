"""The run report (summary line, ``--report FILE``) and the progress bar on a terminal."""

from __future__ import annotations

import fcntl
import json
import os
import pty
import struct
import subprocess
import sys
import termios
from pathlib import Path

from tests.batch_helpers import EPOCH, docexport, write_batch


def test_the_report_counts_formats_and_lists_every_failure(tmp_path: Path) -> None:
    inputs = write_batch(tmp_path / "in", 4, bad=True)
    report_path = tmp_path / "run.json"
    result = docexport("convert", str(inputs), "--to", "newsml,json", "-o", str(tmp_path / "out"),
                       "--no-enrich", "--report", str(report_path))  # fmt: skip
    assert result.returncode == 1
    report = json.loads(report_path.read_text("utf-8"))
    assert report["inputs"] == {
        "found": 6, "converted": 4, "up_to_date": 0, "failed": 2, "not_tried": 0
    }  # fmt: skip
    for fmt in ("newsml", "json"):
        assert report["outputs"][fmt]["written"] == 4
        assert report["outputs"][fmt]["failed"] == 2
    failures = {Path(f["input"]).name: f["reason"] for f in report["failures"]}
    assert failures.keys() == {"empty.txt", "photo.txt"}
    assert failures["empty.txt"].endswith("empty.txt: empty file")
    assert "PNG" in failures["photo.txt"]
    assert report["inputs_per_second"] > 0
    assert set(report["seconds"]) == {"wall", "read", "enrich", "write"}
    assert report["engine"] == "local" and report["interrupted"] is False
    summary = result.stderr.strip().splitlines()[-1]
    assert summary.startswith("converted 8 of 12 outputs in ")
    assert summary.endswith(" inputs/s)")


def test_quiet_prints_only_the_failures(tmp_path: Path) -> None:
    inputs = write_batch(tmp_path / "in", 3, bad=True)
    result = docexport("convert", str(inputs), "-o", str(tmp_path / "out"), "--no-enrich", "-q")
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 2 and all(("empty.txt" in x) != ("photo.txt" in x) for x in lines)


def test_the_report_replaces_only_an_earlier_report(tmp_path: Path) -> None:
    inputs = write_batch(tmp_path / "in", 2)
    notes = tmp_path / "notes.json"
    notes.write_text('{"mine": true}', "utf-8")
    refused = docexport("convert", str(inputs), "-o", str(tmp_path / "out"), "--report", str(notes))
    assert refused.returncode == 2
    assert "is not a docexport report" in refused.stderr
    assert notes.read_text("utf-8") == '{"mine": true}'
    assert not (tmp_path / "out").exists()
    report = tmp_path / "run.json"
    for _ in range(2):  # the second run replaces the first run's report
        args = ("convert", str(inputs), "-o", str(tmp_path / "out"), "--report", str(report))
        assert docexport(*args).returncode == 0
    assert json.loads(report.read_text("utf-8"))["inputs"]["up_to_date"] == 2


def _on_a_terminal(*args: str) -> tuple[int, str]:
    """Run docexport with stderr on a pseudo-terminal; returns (exit code, what it showed)."""
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 120, 0, 0))
    process = subprocess.Popen([sys.executable, "-m", "docexport", *args], stdin=subprocess.DEVNULL,
                               stdout=subprocess.DEVNULL, stderr=follower,
                               env={**os.environ, **EPOCH})  # fmt: skip
    os.close(follower)
    shown = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # EIO: the terminal's other side is closed
            break
        if not chunk:
            break
        shown += chunk
    os.close(leader)
    return process.wait(timeout=120), shown.decode("utf-8", "replace")


def test_a_terminal_gets_a_progress_bar_with_rate_and_failures(tmp_path: Path) -> None:
    inputs = write_batch(tmp_path / "in", 6, bad=True)
    code, shown = _on_a_terminal("convert", str(inputs), "-o", str(tmp_path / "out"), "--no-enrich")
    assert code == 1
    assert "8/8" in shown  # items done of the items found
    assert "item/s" in shown
    assert "2 failed" in shown
    assert "empty.txt: empty file" in shown  # failures are still printed, above the bar
    assert " -> " not in shown  # the bar replaces the per-output lines
    quiet_code, quiet = _on_a_terminal("convert", str(inputs), "-o", str(tmp_path / "q"),
                                       "--no-enrich", "--quiet")  # fmt: skip
    assert quiet_code == 1
    assert "item/s" not in quiet and "empty.txt: empty file" in quiet


def test_no_bar_when_stderr_is_not_a_terminal(tmp_path: Path) -> None:
    inputs = write_batch(tmp_path / "in", 3)
    result = docexport("convert", str(inputs), "-o", str(tmp_path / "out"), "--no-enrich")
    assert result.returncode == 0
    assert "item/s" not in result.stderr and "\r" not in result.stderr
    assert result.stderr.count(" -> ") == 3
