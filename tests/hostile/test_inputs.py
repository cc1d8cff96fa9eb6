"""Hostile and odd inputs: each finding of the attack session, as a regression test.

Every case ends in one ``path: reason`` line, a non-zero exit, no output file and no
traceback, and never stops the other inputs of the batch.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from docexport.cli import cli
from docexport.io import MAX_INPUT_BYTES
from tests.conftest import SEED, article

EPOCH = {"SOURCE_DATE_EPOCH": "1729555200"}


def run(*args: str, input: bytes | None = None):
    return CliRunner().invoke(cli, list(args), input=input, env=EPOCH, catch_exceptions=False)


def docexport(*args: str, timeout: float = 60, **kwargs) -> subprocess.CompletedProcess[bytes]:
    """A real process: for what CliRunner cannot show (hangs, stdout errors, file names)."""
    command = [sys.executable, "-m", "docexport", *args]
    env = {**os.environ, **EPOCH}
    kwargs.setdefault("capture_output", True)
    return subprocess.run(command, timeout=timeout, check=False, env=env, **kwargs)


def assert_one_clean_line(stderr: str, path: str | Path, reason: str) -> None:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith(f"{path}: "), lines[0]
    assert reason in lines[0]
    assert "Traceback" not in stderr


# --- inputs that are not articles --------------------------------------------------------


def test_a_named_pipe_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    result = docexport("convert", str(fifo), "--no-enrich", timeout=30)
    assert result.returncode == 1
    assert_one_clean_line(result.stderr.decode(), fifo, "not a regular file (a named pipe)")


def test_a_device_is_refused() -> None:
    result = run("convert", "/dev/zero")
    assert result.exit_code == 1
    assert_one_clean_line(result.stderr, "/dev/zero", "not a regular file (a character device)")


def test_size_limit_message_gives_exact_bytes(tmp_path: Path) -> None:
    source = tmp_path / "big.txt"
    source.write_bytes(b"Headline\n\n" + b"x" * (10_495_484 - 10))
    result = run("convert", str(source))
    assert_one_clean_line(result.stderr, source, "too large (10,495,484 bytes")
    assert f"{MAX_INPUT_BYTES:,} bytes" in result.stderr


# --- dates and offsets the standards cannot express --------------------------------------


@pytest.mark.parametrize(
    "stamp",
    [
        "2024-10-22T09:30:00+14:30",  # beyond ±14:00
        "2024-10-22T09:30:00+05:30:15",  # an offset with seconds
        "0999-12-31",  # not a four-digit year for guids and PDF dates
        "9999-12-31T23:59:59-14:00",  # past year 9999 in UTC
    ],
)
def test_dates_outside_what_every_format_can_say_are_refused(tmp_path: Path, stamp) -> None:
    source = tmp_path / "dated.txt"
    source.write_text(article("Headline", "Body text.", date=stamp), "utf-8")
    result = run("convert", str(source))
    assert result.exit_code == 1
    assert_one_clean_line(result.stderr, source, "date")


# --- hostile JSON ------------------------------------------------------------------------


def _seed_json() -> dict:
    return json.loads(run("convert", str(SEED), "--to", "json", "--no-enrich").stdout_bytes)


def _json_case(name: str) -> bytes:
    data = _seed_json()
    if name == "deep":
        return b'{"a":' * 100_000 + b"1" + b"}" * 100_000
    if name == "long-int":
        return json.dumps(data).replace('"version": 1', '"version": 1' + "0" * 5000).encode()
    if name == "impossible-date":
        data["created"] = "2024-02-30T10:00:00Z"
    elif name == "nul":
        data["headline"] = "Null\u0000byte"
    elif name == "nonchar":
        data["body"][0]["text"] = "A non-character \uffff here"
    elif name == "surrogate":
        return json.dumps(data).replace("Military", "Mili\\ud800tary").encode()
    elif name == "float-version":
        data["version"] = 1.0
    elif name == "nan":
        return json.dumps(data).replace('"version": 1', '"version": NaN').encode()
    elif name == "huge-value":
        data["language"] = "x" * 6_000_000
    elif name == "span-outside":
        data["quotes"] = [{"text": "x", "span": {"block": 0, "start": 5, "end": 99_999}}]
    return json.dumps(data).encode()


@pytest.mark.parametrize(
    ("case", "reason"),
    [
        ("deep", "nested too deeply"),
        ("long-int", "not valid JSON"),
        ("impossible-date", "at created"),
        ("nul", "U+0000"),
        ("nonchar", "U+FFFF"),
        ("surrogate", "U+D800"),
        ("float-version", "is not an integer"),
        ("nan", "not valid JSON"),
        ("huge-value", "language"),
        ("span-outside", "outside block 0"),
    ],
)
def test_hostile_json_is_refused_with_one_short_line(tmp_path: Path, case, reason) -> None:
    source = tmp_path / f"{case}.json"
    source.write_bytes(_json_case(case))
    out = tmp_path / "out.xml"
    result = run("convert", str(source), "-o", str(out))
    assert result.exit_code == 1
    assert_one_clean_line(result.stderr, source, reason)
    assert len(result.stderr) < 400  # never the 6 MB value echoed back
    assert not out.exists()


# --- names that are hard to print --------------------------------------------------------


def test_a_file_name_that_is_not_utf8_is_reported_on_one_line(tmp_path: Path) -> None:
    raw = os.fsencode(tmp_path) + b"/caf\xe9\nline.txt"
    with open(raw, "wb"):
        pass  # empty
    result = docexport("convert", os.fsdecode(raw))
    assert result.returncode == 1
    text = result.stderr.decode()
    assert_one_clean_line(text, f"{tmp_path}/caf\\xe9\\nline.txt", "empty file")


def test_validate_names_the_whole_path(tmp_path: Path) -> None:
    nested = tmp_path / "deep" / "er"
    nested.mkdir(parents=True)
    source = nested / "bad.json"
    data = _seed_json()
    data["headline"] = ""
    source.write_text(json.dumps(data), "utf-8")
    result = run("convert", str(source), "--validate")
    assert_one_clean_line(result.stderr, source, "headline")


def test_a_file_that_grows_after_its_size_was_taken_is_still_read_to_the_limit() -> None:
    """The read is sized by the stat; bytes appended meanwhile are read on, and a file
    that grew past the limit is refused, not cut."""
    import io  # noqa: PLC0415

    from docexport.errors import InputError  # noqa: PLC0415
    from docexport.io import _read_limited  # noqa: PLC0415

    assert _read_limited(io.BytesIO(b"x" * 500), 1000, expected=100) == b"x" * 500
    assert _read_limited(io.BytesIO(b"x" * 100), 1000, expected=100) == b"x" * 100
    assert _read_limited(io.BytesIO(b"x" * 40), 1000, expected=100) == b"x" * 40  # shrank
    with pytest.raises(InputError, match="too large"):
        _read_limited(io.BytesIO(b"x" * 1001), 1000, expected=100)
