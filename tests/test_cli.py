"""The command line: exit codes, batches, atomic outputs, stdin/stdout, lazy imports."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from docexport import __version__
from docexport.cli import cli
from tests.conftest import SEED, article

MANIFEST = ".docexport-manifest.jsonl"

BAD_INPUTS = {
    "empty.txt": b"",
    "image.txt": b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4,
    "cyrillic-cp1251.txt": "Заголовок\n\nПривет мир, это тест".encode("cp1251"),
    "nul.txt": b"text\x00" * 50,
    "headline-only.txt": b" date 2024-10-22 Just a headline\n",
}


def run(*args: str, input: bytes | None = None):
    return CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)


def test_version_and_help() -> None:
    assert __version__ in run("--version").output
    help_text = run("convert", "--help").output
    assert "--to FORMAT" in help_text
    assert "Examples:" in help_text


def test_convert_seed_to_stdout_is_newsml() -> None:
    result = run("convert", str(SEED), "--to", "newsml")
    assert result.exit_code == 0
    root = etree.fromstring(result.stdout_bytes)
    assert root.tag == "{http://iptc.org/std/nar/2006-10-01/}newsItem"


def test_convert_to_file_and_refuse_overwrite_without_force(tmp_path: Path, monkeypatch) -> None:
    # The seed is date-only: NewsML's required versionCreated needs SOURCE_DATE_EPOCH to
    # be the same on every run (else it is the time of conversion).
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1729555200")
    out = tmp_path / "seed.xml"
    assert run("convert", str(SEED), "-o", str(out)).exit_code == 0
    first = out.read_bytes()
    again = run("convert", str(SEED), "-o", str(out))
    assert again.exit_code == 1
    assert "output exists (use --force" in again.stderr
    assert out.read_bytes() == first
    assert run("convert", str(SEED), "-o", str(out), "--force").exit_code == 0
    assert out.read_bytes() == first
    assert sorted(p.name for p in tmp_path.iterdir()) == ["seed.xml"]


def test_json_output_is_the_schema_model(tmp_path: Path) -> None:
    out = tmp_path / "seed.json"
    assert run("convert", str(SEED), "--to", "json", "-o", str(out)).exit_code == 0
    data = json.loads(out.read_text("utf-8"))
    assert data["headline"].startswith("U.S. Military Personnel")
    assert len(data["body"]) == 10
    # and docexport reads its own JSON back
    again = run("convert", str(out), "--to", "json")
    assert json.loads(again.stdout_bytes) == data


def test_batch_continues_past_bad_inputs_and_reports_each(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    for name, data in BAD_INPUTS.items():
        (inputs / name).write_bytes(data)
    (inputs / "good.txt").write_bytes(SEED.read_bytes())
    (inputs / "nested").mkdir()
    (inputs / "nested" / "other.txt").write_text(article("Other", "Body."), "utf-8")
    out = tmp_path / "out"
    result = run(
        "convert", str(inputs), str(tmp_path / "missing.txt"), "--to", "newsml", "-o", str(out)
    )
    assert result.exit_code == 1
    errors = result.stderr.strip().splitlines()
    failed = [
        line
        for line in errors
        if not line.startswith(("converted", str(inputs / "good"), str(inputs / "nested")))
    ]
    assert len(failed) == len(BAD_INPUTS) + 1
    for name in [*BAD_INPUTS, "missing.txt"]:
        assert any(line.startswith(str(tmp_path)) and name in line for line in failed), name
    assert "converted 2 of 8 inputs" in result.stderr
    produced = sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file())
    assert produced == [MANIFEST, "good.xml", "nested/other.xml"]


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_each_bad_input_exits_1_names_the_file_and_writes_nothing(tmp_path: Path, name) -> None:
    source = tmp_path / name
    source.write_bytes(BAD_INPUTS[name])
    target = tmp_path / "out.xml"
    result = run("convert", str(source), "-o", str(target))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{source}: ")
    assert len(result.stderr.strip().splitlines()) == 1
    assert not target.exists()
    assert [p.name for p in tmp_path.iterdir()] == [name]


def test_huge_input_is_refused(tmp_path: Path) -> None:
    source = tmp_path / "huge.txt"
    with source.open("wb") as fh:
        fh.write(b"Headline\n\n")
        fh.truncate(11 * 1024 * 1024)
    result = run("convert", str(source), "--to", "json")
    assert result.exit_code == 1
    assert "too large" in result.stderr
    assert result.stdout_bytes == b""


def test_stdin_to_stdout() -> None:
    result = run("convert", "-", "--to", "json", input=article("From stdin", "Body.").encode())
    assert result.exit_code == 0
    assert json.loads(result.stdout_bytes)["source"]["file_name"] == "stdin"


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    unknown = run("convert", str(SEED), "--to", "rtf")
    assert unknown.exit_code == 2
    assert "unknown format 'rtf'" in unknown.output
    assert "newsml" in unknown.output
    several = run("convert", str(SEED), str(SEED))
    assert several.exit_code == 2
    assert "-o DIRECTORY" in several.output
    assert run("convert").exit_code == 2
    assert run("frobnicate").exit_code == 2


def test_two_inputs_mapping_to_one_output_do_not_overwrite_each_other(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    for d in "ab":
        (tmp_path / d / "story.txt").write_text(article(f"Story {d}", "Body."), "utf-8")
    out = tmp_path / "out"
    result = run(
        "convert",
        str(tmp_path / "a" / "story.txt"),
        str(tmp_path / "b" / "story.txt"),
        "-o",
        str(out),
    )
    # Both are refused before anything is written: which one "wins" must not depend on
    # the order of the arguments (or of a directory listing).
    assert result.exit_code == 1
    assert result.stderr.count("would also be written from") == 2
    assert not (out / "story.xml").exists()


def test_formats_lists_builtins() -> None:
    result = run("formats")
    assert result.exit_code == 0
    outputs, inputs = result.output.split("\n\n")
    lines = outputs.splitlines()
    assert lines[1].split() == ["NAME", "MEDIA", "TYPE", "EXT", "FROM"]
    names = {line.split()[0] for line in lines[2:]}
    assert {"newsml", "json", "docx", "pdf"} <= names
    assert any("application/vnd.iptc.g2.newsitem+xml" in line for line in lines)
    readers = {line.split()[0] for line in inputs.splitlines()[2:]}
    assert {"text", "json", "newsml", "ninjs", "nitf", "html", "markdown", "docx"} <= readers


def test_validate_command(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"headline": "x"}), "utf-8")
    good = tmp_path / "good.json"
    good.write_bytes(run("convert", str(SEED), "--to", "json").stdout_bytes)
    result = run("validate", str(good), str(bad), str(SEED))
    assert result.exit_code == 1
    assert f"{good}: valid (docexport news item)" in result.output
    assert f"{bad}: invalid (docexport news item): not a valid news item" in result.output
    assert f"{SEED}: not validated: plain text has no official schema" in result.stderr


def test_source_date_epoch_is_used_and_bad_values_are_usage_errors(monkeypatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    result = run("convert", str(SEED))
    assert b"<versionCreated>2023-11-14T22:13:20Z</versionCreated>" in result.stdout_bytes
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    assert run("convert", str(SEED)).exit_code == 2


def _subprocess(*args: str, **kwargs) -> subprocess.CompletedProcess[bytes]:
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    return subprocess.run(
        [sys.executable, *args], capture_output=True, env=env, check=False, **kwargs
    )


def test_real_process_converts_and_never_imports_docx_or_reportlab(tmp_path: Path) -> None:
    probe = (
        "import sys\n"
        "from docexport.cli import main\n"
        "try:\n"
        "    main()\n"
        "finally:\n"
        "    heavy = sorted(m for m in ('docx', 'reportlab', 'jsonschema') if m in sys.modules)\n"
        "    print('HEAVY', heavy, file=sys.stderr)\n"
    )
    out = tmp_path / "seed.xml"
    result = _subprocess("-c", probe, "convert", str(SEED), "--to", "newsml", "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert b"HEAVY []" in result.stderr
    assert etree.parse(str(out)).getroot().get("guid").startswith("urn:newsml:")


def test_python_dash_m_and_a_traceback_free_error(tmp_path: Path) -> None:
    result = _subprocess("-m", "docexport", "convert", str(tmp_path / "nope.txt"))
    assert result.returncode == 1
    assert result.stderr.decode().strip() == f"{tmp_path / 'nope.txt'}: no such file"


def test_enrichment_is_on_by_default_and_no_enrich_skips_it(tmp_path: Path) -> None:
    enriched = json.loads(run("convert", str(SEED), "--to", "json").stdout_bytes)
    assert {"entities", "quotes", "figures", "subjects", "summary"} <= enriched.keys()
    plain = json.loads(run("convert", str(SEED), "--to", "json", "--no-enrich").stdout_bytes)
    assert "entities" not in plain
    probe = (
        "import sys\nfrom docexport.cli import main\ntry:\n    main()\nfinally:\n"
        "    print('ENRICH', 'docexport.enrich' in sys.modules, file=sys.stderr)\n"
    )
    for name in ("x.xml", "x.docx", "x.pdf"):  # the briefings' content rules included
        out = tmp_path / name
        result = _subprocess("-c", probe, "convert", str(SEED), "--no-enrich", "-o", str(out),
                             "--to", name.split(".")[1].replace("xml", "newsml"))  # fmt: skip
        assert result.returncode == 0, result.stderr
        assert b"ENRICH False" in result.stderr, name


def test_a_folder_of_mixed_formats_converts_each_file_by_its_own_reader(tmp_path: Path) -> None:
    data = Path(__file__).parent / "data"
    folder = tmp_path / "archive"
    folder.mkdir()
    sources = {
        "story.txt": SEED,
        "agency.xml": data / "nitf" / "namespaced-3.6.xml",
        "page.html": data / "html" / "pages" / "wire-story.html",
        "notes.md": data / "markdown" / "front-matter.md",
        "word.docx": data / "docx" / "libreoffice-article.docx",
    }
    for name, source in sources.items():
        (folder / name).write_bytes(source.read_bytes())
    (folder / "ours.xml").write_bytes(run("convert", str(SEED), "--no-enrich").stdout_bytes)
    (folder / "item.json").write_bytes(
        run("convert", str(SEED), "--to", "json", "--no-enrich").stdout_bytes
    )
    out = tmp_path / "out"
    result = run("convert", str(folder), "--to", "json", "-o", str(out), "--no-enrich")
    assert result.exit_code == 0, result.stderr
    assert "converted 7 of 7 inputs" in result.stderr
    written = [p for p in out.iterdir() if p.name != MANIFEST]
    headlines = {p.stem: json.loads(p.read_text("utf-8"))["headline"] for p in written}
    assert len(headlines) == 7
    assert not any(h.startswith(("<", "{", "---", "PK")) for h in headlines.values())
    assert headlines["ours"] == headlines["story"] == headlines["item"]


def test_several_formats_at_once_read_and_enrich_each_input_once(tmp_path, monkeypatch) -> None:
    # The batch reads each input's bytes once (they are hashed for the manifest too).
    import docexport.engines.task as task_module  # noqa: PLC0415

    reads: list[str] = []
    real_read = task_module.read_input_bytes

    def counting_read(path):
        reads.append(path)
        return real_read(path)

    monkeypatch.setattr(task_module, "read_input_bytes", counting_read)
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_bytes(SEED.read_bytes())
    (folder / "empty.txt").write_bytes(b"")
    out = tmp_path / "out"
    result = run("convert", str(folder), "--to", "NewsML,ninjs,json,docx", "-o", str(out))
    assert result.exit_code == 1  # the empty input
    assert sorted(reads) == sorted([str(folder / "a.txt"), str(folder / "empty.txt")])
    assert sorted(p.name for p in out.iterdir()) == [
        MANIFEST, "a.docx", "a.json", "a.ninjs.json", "a.xml"
    ]  # fmt: skip
    assert result.stderr.count("empty.txt: empty file") == 1  # once, not once per format
    assert "converted 4 of 8 outputs" in result.stderr
    assert json.loads((out / "a.ninjs.json").read_text("utf-8"))["uri"]
    assert json.loads((out / "a.json").read_text("utf-8"))["guid"]


def test_several_formats_need_a_directory() -> None:
    result = run("convert", str(SEED), "--to", "newsml,json")
    assert result.exit_code == 2
    assert "need -o DIRECTORY" in result.stderr
