"""Nothing is lost or clobbered: exclusive outputs, stale temp files, full disks, bugs."""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import BinaryIO, ClassVar

import pytest
from click.testing import CliRunner
from lxml import etree

from docexport import io as docexport_io
from docexport.cli import cli
from docexport.writers import BUILTIN_WRITERS, WriterOptions
from tests.conftest import SEED, article
from tests.hostile.test_inputs import EPOCH, docexport


def run(*args: str):
    return CliRunner().invoke(cli, list(args), env=EPOCH, catch_exceptions=False)


def _batch(folder: Path, count: int) -> Path:
    folder.mkdir()
    for n in range(count):
        (folder / f"a{n:04d}.txt").write_text(article(f"Story {n}", f"Body {n}."), "utf-8")
    return folder


def test_two_concurrent_runs_into_one_folder_overwrite_nothing(tmp_path: Path) -> None:
    inputs, out = _batch(tmp_path / "in", 300), tmp_path / "out"
    command = [sys.executable, "-m", "docexport", "convert", str(inputs), "-o", str(out)]
    env = {**os.environ, **EPOCH}
    runs = [
        subprocess.Popen([*command, "--no-enrich"], stderr=subprocess.PIPE, env=env)
        for _ in range(2)
    ]
    errors = [p.communicate(timeout=120)[1].decode() for p in runs]
    lines = [line for e in errors for line in e.splitlines()]
    written = [line for line in lines if " -> " in line and "identical" not in line]
    # Each output was written by exactly one run; the other run found the very bytes it
    # would have written there (or, recorded in the manifest, up to date): no conflict.
    assert len(written) == 300
    assert [p.returncode for p in runs] == [0, 0], errors
    outputs = sorted(p for p in out.iterdir() if p.name != ".docexport-manifest.jsonl")
    assert len(outputs) == 300
    assert all(p.suffix == ".xml" for p in outputs)  # no temp file left behind
    assert all(etree.parse(str(p)).getroot().get("guid") for p in outputs)


def test_temp_files_of_a_killed_process_are_removed_on_the_next_run(tmp_path: Path) -> None:
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, check=True, text=True)  # fmt: skip
    pid = int(dead.stdout)
    out = tmp_path / "out"
    out.mkdir()
    host = docexport_io._host()
    stale = out / f".docexport.{host}.{pid}.0123456789ab.part"
    stale.write_bytes(b"half a docu")
    alive = out / f".docexport.{host}.{os.getpid()}.0123456789ab.part"
    alive.write_bytes(b"being written")
    result = docexport("convert", str(SEED), "--no-enrich", "-o", str(out / "seed.xml"))
    assert result.returncode == 0, result.stderr
    assert not stale.exists()
    assert alive.exists()  # a live process's temp file is left alone


def test_a_kill_during_the_write_leaves_no_file_under_the_final_name(tmp_path: Path) -> None:
    target = tmp_path / "brief.xml"
    with pytest.raises(KeyboardInterrupt), docexport_io.atomic_write(target) as out:
        out.write(b"<partial")
        raise KeyboardInterrupt
    assert list(tmp_path.iterdir()) == []


def test_the_longest_file_names_convert(tmp_path: Path) -> None:
    name = "n" * 251 + ".txt"  # 255 bytes, the usual limit; the output is .xml, 255 too
    source = tmp_path / name
    source.write_text(article("Headline", "Body."), "utf-8")
    out = tmp_path / "out"
    result = run("convert", str(source), str(SEED), "--no-enrich", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert (out / ("n" * 251 + ".xml")).exists()


def test_a_dangling_symlink_at_the_output_is_not_replaced_without_force(tmp_path: Path) -> None:
    target = tmp_path / "seed.xml"
    target.symlink_to(tmp_path / "nowhere")
    result = run("convert", str(SEED), "-o", str(target))
    assert result.exit_code == 1
    assert "output exists" in result.stderr
    assert target.is_symlink()
    assert run("convert", str(SEED), "-o", str(target), "--force").exit_code == 0
    assert not target.is_symlink()


def test_force_onto_a_directory_is_a_clear_error(tmp_path: Path) -> None:
    folder = tmp_path / "seed.xml"
    folder.mkdir()
    (folder / "keep.txt").write_text("keep", "utf-8")
    result = CliRunner().invoke(
        cli, ["convert", str(SEED), str(SEED), "-o", str(tmp_path / "o"), "--force"]
    )
    assert result.exit_code == 1  # two inputs, one output: refused, not crashed
    from docexport import write  # noqa: PLC0415
    from docexport.readers import read_path  # noqa: PLC0415

    with pytest.raises(OSError, match="output is a directory"):
        write(read_path(str(SEED)), "newsml", folder, force=True)
    assert (folder / "keep.txt").read_text("utf-8") == "keep"


def test_stdout_that_cannot_be_written_is_one_clean_line() -> None:
    if not os.path.exists("/dev/full"):
        pytest.skip("/dev/full is Linux-only")
    with open("/dev/full", "wb") as full:
        result = docexport(
            "convert", str(SEED), "--no-enrich", stdout=full, stderr=subprocess.PIPE,
            capture_output=False,
        )  # fmt: skip
    assert result.returncode == 1
    assert result.stderr.decode().strip() == "stdout: cannot write: No space left on device"


def test_a_full_disk_stops_the_batch_cleanly(tmp_path: Path, monkeypatch) -> None:
    inputs, out = _batch(tmp_path / "in", 6), tmp_path / "out"
    import docexport.io  # noqa: PLC0415

    real_create, calls = docexport.io._create_temp, []

    def create_temp(directory: Path) -> tuple[int, str]:  # the third output finds it full
        calls.append(directory)
        if len(calls) >= 3:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_create(directory)

    monkeypatch.setattr(docexport.io, "_create_temp", create_temp)
    result = run("convert", str(inputs), "-o", str(out), "--no-enrich")
    assert result.exit_code == 1
    assert "out/a0002.xml: cannot write: No space left on device" in result.stderr
    assert "stopping: 3 inputs not tried" in result.stderr
    assert "converted 2 of 6 inputs" in result.stderr
    assert sorted(p.name for p in out.iterdir()) == [
        ".docexport-manifest.jsonl",
        "a0000.xml",
        "a0001.xml",
    ]


class CrashingWriter:
    """A writer with a bug that only one input triggers (a division by zero)."""

    name: ClassVar[str] = "crashing"
    media_type: ClassVar[str] = "text/plain"
    extension: ClassVar[str] = ".txt"
    binary: ClassVar[bool] = False

    def __init__(self, options: WriterOptions) -> None:
        self.options = options

    def write(self, item, out: BinaryIO) -> None:
        out.write(str(1 // (0 if "Story 1" in item.headline else 1)).encode())


def test_a_bug_for_one_input_is_reported_and_the_batch_goes_on(tmp_path, monkeypatch) -> None:
    monkeypatch.setitem(BUILTIN_WRITERS, "crashing", f"{__name__}:CrashingWriter")
    inputs, out = _batch(tmp_path / "in", 4), tmp_path / "out"
    result = run("convert", str(inputs), "--to", "crashing", "-o", str(out), "--no-enrich")
    assert result.exit_code == 1
    [line] = [line for line in result.stderr.splitlines() if "internal error" in line]
    assert line.startswith(str(inputs / "a0001.txt"))
    assert "ZeroDivisionError" in line and "--debug" in line
    assert "Traceback" not in result.stderr
    assert sorted(p.name for p in out.iterdir() if p.suffix != ".jsonl") == [
        "a0000.txt",
        "a0002.txt",
        "a0003.txt",
    ]
    debug = CliRunner().invoke(
        cli, ["convert", str(inputs / "a0001.txt"), "--to", "crashing", "--debug", "--no-enrich"]
    )
    assert "Traceback" in debug.stderr and "ZeroDivisionError" in debug.stderr


def test_a_batch_reaches_the_disk_once_at_its_end_and_one_file_at_once(
    tmp_path: Path, monkeypatch
) -> None:
    """Per-output fsync cost 0.3-0.9 ms an item: a batch into a folder syncs once when it
    ends (outputs, then the manifest); a single output file is still synced itself."""
    synced: list[str] = []
    real_fsync = os.fsync
    monkeypatch.setattr(os, "fsync", lambda fd: (synced.append("fsync"), real_fsync(fd))[1])
    monkeypatch.setattr(os, "sync", lambda: synced.append("sync"))
    result = run("convert", str(_batch(tmp_path / "in", 5)), "-o", f"{tmp_path / 'out'}/",
                 "--no-enrich")  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert len(list((tmp_path / "out").glob("*.xml"))) == 5
    assert synced == ["sync", "fsync"]  # all outputs, then the manifest's records
    synced.clear()
    result = run("convert", str(SEED), "-o", str(tmp_path / "one.xml"), "--no-enrich")
    assert result.exit_code == 0, result.stderr
    assert synced == ["fsync"]


def test_outputs_get_the_permissions_a_plain_open_gives(tmp_path: Path) -> None:
    """0644 less the umask, as ``open()`` would: readable by the archive's other users
    unless the umask says otherwise (the temporary file needs no chmod)."""
    previous = os.umask(0o027)
    try:
        result = run("convert", str(_batch(tmp_path / "in", 2)), "-o", f"{tmp_path / 'out'}/",
                     "--no-enrich")  # fmt: skip
        one = run("convert", str(SEED), "-o", str(tmp_path / "one.xml"), "--no-enrich")
    finally:
        os.umask(previous)
    assert (result.exit_code, one.exit_code) == (0, 0)
    for path in [*(tmp_path / "out").glob("*.xml"), tmp_path / "one.xml"]:
        assert path.stat().st_mode & 0o777 == 0o640, path


def test_a_folder_removed_mid_batch_is_made_again(tmp_path: Path) -> None:
    from docexport import write  # noqa: PLC0415
    from docexport.readers import read_path  # noqa: PLC0415

    item = read_path(str(SEED))
    folder = tmp_path / "out"
    write(item, "newsml", folder / "a.xml")
    shutil.rmtree(folder)
    write(item, "newsml", folder / "b.xml")
    assert sorted(p.name for p in folder.iterdir()) == ["b.xml"]
