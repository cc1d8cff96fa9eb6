"""Resumable, idempotent batches: the manifest beside the outputs (issue #15)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from docexport.cli import cli
from tests.batch_helpers import EPOCH, MANIFEST, docexport, tree, write_batch
from tests.conftest import article


def run(*args: str):
    return CliRunner().invoke(cli, list(args), env=EPOCH, catch_exceptions=False)


def convert(inputs: Path, out: Path, *extra: str):
    report = out.parent / "report.json"
    result = run("convert", str(inputs), "-o", str(out), "--no-enrich", "--report", str(report),
                 *extra)  # fmt: skip
    return result, json.loads(report.read_text("utf-8"))


def test_a_rerun_skips_what_is_current_and_redoes_what_changed(tmp_path: Path) -> None:
    inputs, out = write_batch(tmp_path / "in", 5), tmp_path / "out"
    first, report = convert(inputs, out)
    assert first.exit_code == 0, first.stderr
    assert report["outputs"]["newsml"]["written"] == 5
    before = tree(out)
    stamps = {p: p.stat().st_mtime_ns for p in out.rglob("*.xml")}
    again, report = convert(inputs, out)
    assert again.exit_code == 0, again.stderr
    assert report["inputs"]["up_to_date"] == 5 and report["inputs"]["converted"] == 0
    assert " -> " not in again.stderr
    assert "converted 0 of 5 inputs, 5 inputs already up to date" in again.stderr
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*.xml")} == stamps
    (inputs / "a001.txt").write_text(article("Changed story", "A new body."), "utf-8")
    changed, report = convert(inputs, out)
    assert changed.exit_code == 0, changed.stderr
    assert report["outputs"]["newsml"] == {
        "written": 0, "replaced": 1, "identical": 0, "current": 4, "failed": 0
    }  # fmt: skip
    assert b"Changed story" in (out / "a001.xml").read_bytes()
    assert {k: v for k, v in tree(out).items() if k != "a001.xml"} == {
        k: v for k, v in before.items() if k != "a001.xml"
    }


def test_force_redoes_everything_and_other_options_replace_our_outputs(tmp_path: Path) -> None:
    inputs, out = write_batch(tmp_path / "in", 3), tmp_path / "out"
    assert convert(inputs, out)[0].exit_code == 0
    forced, report = convert(inputs, out, "--force")
    assert forced.exit_code == 0
    assert report["inputs"]["converted"] == 3
    # Other options that change the bytes: our own outputs are stale, so replaced.
    rights, report = convert(inputs, out, "--rights-holder", "Acme News")
    assert rights.exit_code == 0, rights.stderr
    assert report["outputs"]["newsml"]["replaced"] == 3
    assert b"Acme News" in (out / "a000.xml").read_bytes()


def test_files_that_are_not_ours_are_refused_unless_identical(tmp_path: Path) -> None:
    inputs, out = write_batch(tmp_path / "in", 3), tmp_path / "out"
    assert convert(inputs, out)[0].exit_code == 0
    reference = tree(out)
    (out / MANIFEST).unlink()  # as if another tool had put the files there
    (out / "a002.xml").write_text("someone else's file", "utf-8")
    result, report = convert(inputs, out)
    assert result.exit_code == 1
    assert f"{out / 'a002.xml'}: output exists (use --force to overwrite)" in result.stderr
    assert (out / "a002.xml").read_text("utf-8") == "someone else's file"
    # The other two hold exactly our bytes: accepted and recorded, not refused.
    assert report["outputs"]["newsml"]["identical"] == 2
    _, report = convert(inputs, out)
    assert report["outputs"]["newsml"]["current"] == 2
    assert convert(inputs, out, "--force")[0].exit_code == 0
    assert tree(out) == reference


def test_an_output_edited_by_hand_is_no_longer_ours(tmp_path: Path) -> None:
    inputs, out = write_batch(tmp_path / "in", 2), tmp_path / "out"
    assert convert(inputs, out)[0].exit_code == 0
    (out / "a000.xml").write_text("edited by a person", "utf-8")
    (out / "a001.xml").unlink()
    result, report = convert(inputs, out)
    assert result.exit_code == 1
    assert "a000.xml: output exists" in result.stderr
    assert (out / "a000.xml").read_text("utf-8") == "edited by a person"
    assert report["outputs"]["newsml"]["written"] == 1  # the deleted one is redone


def test_a_cut_last_line_of_the_manifest_is_ignored(tmp_path: Path) -> None:
    inputs, out = write_batch(tmp_path / "in", 3), tmp_path / "out"
    assert convert(inputs, out)[0].exit_code == 0
    manifest = out / MANIFEST
    manifest.write_bytes(manifest.read_bytes()[:-40])  # a kill in the middle of a line
    result, report = convert(inputs, out)
    assert result.exit_code == 0, result.stderr
    assert report["inputs"]["up_to_date"] == 2
    assert report["outputs"]["newsml"]["identical"] == 1


def _start(inputs: Path, out: Path, jobs: str) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "docexport", "convert", str(inputs), "--to", "newsml,docx",
               "-o", str(out), "-j", jobs]  # fmt: skip
    return subprocess.Popen(command, env={**os.environ, **EPOCH}, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, start_new_session=True)  # fmt: skip


def _wait_for_records(process: subprocess.Popen[bytes], manifest: Path, count: int) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        if manifest.exists() and manifest.read_bytes().count(b"\n") >= count:
            return
        time.sleep(0.02)
    pytest.fail(f"the batch ended or stalled before {count} outputs: {process.poll()}")


@pytest.mark.parametrize(
    ("jobs", "how"),
    [
        ("1", signal.SIGINT),
        ("2", signal.SIGINT),
        ("1", signal.SIGKILL),
        ("2", signal.SIGKILL),
    ],
)
def test_a_batch_killed_midway_is_finished_by_a_rerun(tmp_path: Path, jobs: str, how) -> None:
    inputs = write_batch(tmp_path / "in", 60)
    assert docexport("convert", str(inputs), "--to", "newsml,docx", "-o",
                     str(tmp_path / "reference"), "-j", "1").returncode == 0  # fmt: skip
    reference = tree(tmp_path / "reference")
    out = tmp_path / "out"
    process = _start(inputs, out, jobs)
    # The first record written: the manifest is written a tenth of a second at a time, and
    # these 60 small inputs take ~0.15 s at -j 2, so a later flush may find the batch done.
    _wait_for_records(process, out / MANIFEST, 1)
    # Ctrl-C reaches the whole process group (the workers too); a kill only the main one.
    if how == signal.SIGINT:
        os.killpg(process.pid, signal.SIGINT)
    else:
        os.kill(process.pid, signal.SIGKILL)
    _, stderr = process.communicate(timeout=120)
    if how == signal.SIGINT:
        assert process.returncode == 130, stderr
        assert b"interrupted: run the same command again" in stderr
        assert b"Traceback" not in stderr
    else:
        assert process.returncode == -signal.SIGKILL
    # A kill may leave a temporary file (removed by the next run), never a partial output.
    partial = {k: v for k, v in tree(out).items() if not Path(k).name.startswith(".docexport.")}
    assert 0 < len(partial) < 120
    assert all(reference[name] == data for name, data in partial.items())  # nothing partial
    rerun = docexport("convert", str(inputs), "--to", "newsml,docx", "-o", str(out), "-j", jobs)
    assert rerun.returncode == 0, rerun.stderr
    assert tree(out) == reference  # every output, byte for byte; no temp file left


def test_records_are_keyed_by_the_path_inside_the_folder_however_it_is_spelled(
    tmp_path: Path,
) -> None:
    from docexport.manifest import Manifest  # noqa: PLC0415

    out = tmp_path / "out"
    manifest = Manifest(out)
    nested = out / "2024" / "10" / "a.xml"
    manifest.record(nested, "ab" * 32, "in/a.txt", "cd" * 32, "options")
    manifest.close()
    again = Manifest(out)
    for spelling in (nested, str(nested), f"{out}/2024/../2024/10/a.xml"):
        found = again.lookup(spelling)
        assert found is not None, spelling
        assert found.sha256 == "ab" * 32
    assert again.lookup(out / "10" / "a.xml") is None
    line = json.loads((out / MANIFEST).read_text("utf-8"))
    assert line["output"] == os.path.join("2024", "10", "a.xml")
