"""Provenance and rights: stated by the input, the options or docexport.toml, never invented."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree
from pypdf import PdfReader

from docexport.cli import cli
from docexport.model import NewsItem
from tests.conftest import SEED

NS = {"n": "http://iptc.org/std/nar/2006-10-01/"}
EPOCH = {"SOURCE_DATE_EPOCH": "1729555200"}


def convert(*args: str) -> bytes:
    runner = CliRunner()
    result = runner.invoke(cli, ["convert", str(SEED), *args], env=EPOCH, catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    return result.stdout_bytes


def _docx_xml(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return " ".join(package.read(n).decode() for n in package.namelist() if n.endswith("xml"))


def _pdf_text(data: bytes) -> str:
    pdf = PdfReader(io.BytesIO(data))
    return pdf.pages[0].extract_text() + json.dumps({k: str(v) for k, v in pdf.metadata.items()})


@pytest.mark.parametrize("fmt", ["newsml", "json", "docx", "pdf"])
def test_without_rights_options_no_output_names_docexport_as_holder(fmt: str) -> None:
    data = convert("--to", fmt)
    if fmt == "newsml":
        root = etree.fromstring(data)
        assert root.find("n:rightsInfo", NS) is None
        assert root.find("n:itemMeta/n:provider", NS).get("literal") == "unknown"
        text = etree.tostring(root.find("n:contentMeta", NS)).decode()
    elif fmt == "json":
        item = json.loads(data)
        assert "rights" not in item
        assert "provider" not in item
        text = data.decode()
    elif fmt == "docx":
        text = _docx_xml(data)
    else:
        text = _pdf_text(data)
    for claim in ("Copyright", "All rights reserved", "© docexport", "rights reserved"):
        assert claim not in text
    assert "<dc:creator>docexport" not in text


def test_options_fill_provider_rights_and_credit() -> None:
    data = convert(
        "--provider",
        "Acme News",
        "--rights-holder",
        "Acme News Ltd",
        "--rights-notice",
        "© 2024 Acme News Ltd",
        "--usage-terms",
        "Internal use only",
        "--credit-line",
        "Acme",
        "--to",
        "json",
    )
    item = NewsItem.from_dict(json.loads(data))
    assert item.provider == "Acme News"
    assert (item.rights.holder, item.rights.notice, item.rights.usage_terms) == (
        "Acme News Ltd",
        "© 2024 Acme News Ltd",
        "Internal use only",
    )
    assert item.credit_line == "Acme"


def test_config_file_in_the_working_directory_and_options_win(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "docexport.toml").write_text(
        'provider = "Config News"\nrights_holder = "Config Ltd"\nclassification = "OFFICIAL"\n',
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    args = ["convert", str(SEED), "--to", "json", "--provider", "Option News"]
    result = CliRunner().invoke(cli, args, env=EPOCH, catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    item = json.loads(result.stdout_bytes)
    assert item["provider"] == "Option News"  # the command line wins over the file
    assert item["rights"] == {"holder": "Config Ltd"}


def test_config_given_with_option_sets_briefing_defaults(tmp_path: Path) -> None:
    config = tmp_path / "newsroom.toml"
    config.write_text('classification = "OFFICIAL-SENSITIVE"\npage_size = "letter"\n', "utf-8")
    data = convert("--config", str(config), "--to", "pdf")
    page = PdfReader(io.BytesIO(data)).pages[0]
    assert round(float(page.mediabox.width)) == 612  # US letter
    assert "OFFICIAL-SENSITIVE" in page.extract_text()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('provider = "A"\nowner = "B"\n', "unknown setting 'owner'"),
        ("provider = 3\n", "provider: must be a string"),
        ('provider = "a\\nb"\n', "provider: must be one line"),
        ("provider = \n", "not a valid TOML file"),
        ('page_size = "A3"\n', "is not A4 or letter"),
    ],
)
def test_bad_config_is_a_usage_error_naming_the_file(tmp_path: Path, content, message) -> None:
    config = tmp_path / "bad.toml"
    config.write_text(content, "utf-8")
    args = ["convert", str(SEED), "--config", str(config)]
    result = CliRunner().invoke(cli, args, catch_exceptions=False)
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_bad_option_value_is_a_usage_error() -> None:
    result = CliRunner().invoke(cli, ["convert", str(SEED), "--provider", "a\x07b"])
    assert result.exit_code == 2
    assert "--provider" in result.stderr


def test_the_input_wins_over_options(tmp_path: Path) -> None:
    """An item that states its own provider keeps it (JSON input here; NewsML later)."""
    stated = tmp_path / "stated.json"
    stated.write_bytes(convert("--provider", "First Newsroom", "--to", "json"))
    runner = CliRunner()
    args = ["convert", str(stated), "--to", "json", "--provider", "Second Newsroom"]
    result = runner.invoke(cli, args, env=EPOCH, catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout_bytes)["provider"] == "First Newsroom"


def test_json_keeps_date_precision_and_undated_stays_undated(tmp_path: Path) -> None:
    dated = json.loads(convert("--to", "json"))
    assert dated["created"] == "2024-10-22"
    undated = tmp_path / "undated.txt"
    undated.write_text("A headline without a date\n\nBody text here.\n", "utf-8")
    args = ["convert", str(undated), "--to", "json"]
    result = CliRunner().invoke(cli, args, env=EPOCH, catch_exceptions=False)
    data = json.loads(result.stdout_bytes)
    assert "created" not in data
    assert "1970" not in result.stdout and "2024-10-22" not in result.stdout


def test_machine_made_concepts_are_recorded_as_such_in_json() -> None:
    data = json.loads(convert("--to", "json"))
    assert data["entities"] and data["subjects"]
    assert {e["origin"] for e in data["entities"]} == {"machine"}
    assert {s["origin"] for s in data["subjects"]} == {"machine"}
    assert all(s["broader"] for s in data["subjects"])  # every Media Topic has a parent here
