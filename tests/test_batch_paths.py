"""Where outputs go: the path traps of issue #15, each fixed and tested."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from docexport.cli import cli
from tests.batch_helpers import EPOCH, MANIFEST, docexport, tree, write_batch
from tests.conftest import SEED, article


def run(*args: str, input: bytes | None = None):
    return CliRunner().invoke(cli, list(args), input=input, env=EPOCH, catch_exceptions=False)


def test_a_trailing_slash_means_a_directory_even_for_one_input(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run("convert", str(SEED), "--no-enrich", "-o", f"{out}/")
    assert result.exit_code == 0, result.stderr
    assert out.is_dir()
    assert (out / "pentagon-iraq-raid.xml").read_bytes().startswith(b"<?xml")
    # Without the slash, a new name is a file, as before.
    single = tmp_path / "single"
    assert run("convert", str(SEED), "--no-enrich", "-o", str(single)).exit_code == 0
    assert single.is_file()


def test_an_existing_directory_without_the_slash_is_a_directory(tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    result = run("convert", str(SEED), "--no-enrich", "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "out" / "pentagon-iraq-raid.xml").is_file()


def test_a_trailing_slash_on_a_file_is_a_usage_error(tmp_path: Path) -> None:
    existing = tmp_path / "out"
    existing.write_text("keep", "utf-8")
    result = run("convert", str(SEED), "--no-enrich", "-o", f"{existing}/")
    assert result.exit_code == 2
    assert "names a directory but that is a file" in result.stderr
    assert existing.read_text("utf-8") == "keep"


def test_dash_means_standard_output_and_only_one_input(tmp_path: Path) -> None:
    result = docexport("convert", str(SEED), "--no-enrich", "-o", "-", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("<?xml")
    assert list(tmp_path.iterdir()) == []  # no file named "-"
    several = docexport("convert", str(SEED), str(SEED), "-o", "-", cwd=tmp_path)
    assert several.returncode == 2
    assert "-o - (standard output) takes one input in one format" in several.stderr
    assert list(tmp_path.iterdir()) == []


def test_an_existing_file_for_several_inputs_says_the_real_problem(tmp_path: Path) -> None:
    inputs = write_batch(tmp_path / "in", 3)
    target = tmp_path / "result.xml"
    target.write_text("keep", "utf-8")
    result = run("convert", str(inputs / "a000.txt"), str(inputs / "a001.txt"),
                 str(inputs / "a002.txt"), "-o", str(target))  # fmt: skip
    assert result.exit_code == 2
    assert f"-o {target} names a file but 3 inputs need a directory" in result.stderr
    assert "exists" not in result.stderr
    assert target.read_text("utf-8") == "keep"


def test_the_output_folder_inside_the_input_folder_is_never_read_back(tmp_path: Path) -> None:
    inputs = write_batch(tmp_path / "in", 2)
    out, report = inputs / "out", inputs / "report.json"
    first = run("convert", str(inputs), "--to", "json", "-o", str(out), "--no-enrich",
                "--report", str(report))  # fmt: skip
    assert first.exit_code == 0, first.stderr
    assert sorted(tree(out)) == ["a000.json", "a001.json"]
    (inputs / "a002.txt").write_text(article("A third story", "Its body."), "utf-8")
    second = run("convert", str(inputs), "--to", "json", "-o", str(out), "--no-enrich",
                 "--report", str(report))  # fmt: skip
    assert second.exit_code == 0, second.stderr
    # Neither the outputs, nor the manifest, nor the report were taken for inputs.
    assert sorted(tree(out)) == ["a000.json", "a001.json", "a002.json"]
    assert json.loads(report.read_text("utf-8"))["inputs"]["found"] == 3
    assert (out / MANIFEST).is_file()


def test_an_earlier_runs_output_folder_is_not_read_back_by_a_run_writing_elsewhere(
    tmp_path: Path,
) -> None:
    inputs = write_batch(tmp_path / "in", 2)
    first = run("convert", str(inputs), "--to", "json", "-o", str(inputs / "out"), "--no-enrich")
    assert first.exit_code == 0, first.stderr
    second = run("convert", str(inputs), "--to", "newsml", "-o", str(tmp_path / "xml"),
                 "--no-enrich")  # fmt: skip
    assert second.exit_code == 0, second.stderr
    assert sorted(tree(tmp_path / "xml")) == ["a000.xml", "a001.xml"]
    # Named on the command line, such a folder is converted like any other.
    third = run("convert", str(inputs / "out"), "--to", "newsml", "-o", str(tmp_path / "again"))
    assert third.exit_code == 0, third.stderr
    assert sorted(tree(tmp_path / "again")) == ["a000.xml", "a001.xml"]


def test_discovery_and_the_manifest_agree_on_its_name() -> None:
    from docexport import batch, manifest  # noqa: PLC0415

    assert batch.MANIFEST_NAME == manifest.MANIFEST_NAME == MANIFEST


def test_two_inputs_for_one_output_are_both_refused_before_anything_is_written(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "story.txt").write_text(article("Plain text story", "Body."), "utf-8")
    (folder / "story.md").write_text("# Markdown story\n\nBody.\n", "utf-8")
    (folder / "other.txt").write_text(article("Another story", "Body."), "utf-8")
    out = tmp_path / "out"
    result = run("convert", str(folder), "-o", str(out), "--no-enrich")
    assert result.exit_code == 1
    refusals = [line for line in result.stderr.splitlines() if "would also be written" in line]
    assert len(refusals) == 2
    assert any(line.startswith(str(folder / "story.md")) for line in refusals)
    assert any(line.startswith(str(folder / "story.txt")) for line in refusals)
    assert sorted(tree(out)) == ["other.xml"]  # the unrelated input still converts


def test_the_same_file_named_twice_is_refused_too(tmp_path: Path) -> None:
    result = run("convert", str(SEED), str(SEED), "-o", str(tmp_path / "out"), "--no-enrich")
    assert result.exit_code == 1
    assert result.stderr.count("would also be written from") == 2
    assert tree(tmp_path / "out") == {}


def test_format_names_are_case_insensitive(tmp_path: Path) -> None:
    lower = run("convert", str(SEED), "--to", "newsml", "--from", "text", "--no-enrich")
    mixed = run("convert", str(SEED), "--to", "NewsML", "--from", "TEXT", "--no-enrich")
    assert mixed.exit_code == 0, mixed.stderr
    assert mixed.stdout_bytes == lower.stdout_bytes
    several = run("convert", str(SEED), "--to", "NINJS,Json", "-o", str(tmp_path / "o"),
                  "--no-enrich")  # fmt: skip
    assert several.exit_code == 0, several.stderr
    assert sorted(tree(tmp_path / "o")) == [
        "pentagon-iraq-raid.json",
        "pentagon-iraq-raid.ninjs.json",
    ]
