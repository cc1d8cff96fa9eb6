"""``docexport validate``: official schemas, IPTC's own pass/fail examples, every writer."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from click.testing import CliRunner

from docexport import render
from docexport.cli import cli
from docexport.enrich import enrich
from docexport.errors import DocExportError, UnknownFormatError
from docexport.readers.text import read_bytes
from docexport.resources import package_file
from docexport.validate import validate_bytes
from docexport.writers import BUILTIN_WRITERS, WriterOptions
from tests.conftest import REPO, SEED, shared_path

# Every official file the package ships, and where it comes from in ../shared.
PACKAGED = {
    "newsml-g2/NewsML-G2_2.35-spec-All-Power.xsd": ("newsml-g2", "NewsML-G2_2.35-spec-All-Power.xsd"),
    "newsml-g2/xml.xsd": ("newsml-g2", "xml.xsd"),
    "newsml-g2/catalog.IPTC-G2-Standards_41.xml": ("newsml-g2", "catalog.IPTC-G2-Standards_41.xml"),
    "newsml-g2/LICENSE": ("newsml-g2", "LICENSE"),
    "newsml-g2/LICENSE-catalog": ("newsml-g2", "LICENSE-catalog"),
    "ninjs/ninjs-schema_3.1.json": ("ninjs", "ninjs-schema_3.1.json"),
    "ninjs/ninjs-schema_2.2.json": ("ninjs", "ninjs-schema_2.2.json"),
    "ninjs/LICENSE": ("ninjs", "LICENSE"),
    "ninjs/GeoJSON.json": ("ninjs", "geojson", "GeoJSON.json"),
    "ninjs/LICENSE-geojson-schema.md": ("ninjs", "geojson", "LICENSE-geojson-schema.md"),
    "nitf/nitf-3-6.xsd": ("nitf", "nitf-3-6.xsd"),
    "nitf/nitf-3-6-ruby-include.xsd": ("nitf", "nitf-3-6-ruby-include.xsd"),
    "nitf/xml.xsd": ("nitf", "xml.xsd"),
}  # fmt: skip


@pytest.mark.parametrize("packaged", sorted(PACKAGED))
def test_packaged_schemas_are_byte_identical_to_the_official_ones(packaged: str) -> None:
    ours = package_file(f"schemas/iptc/{packaged}").read_bytes()
    assert ours == shared_path(*PACKAGED[packaged]).read_bytes()


@pytest.mark.parametrize(
    "name",
    [
        "test_2.26_should_pass_CR00201_xhtml_inlineXML.xml",
        "test_2.29_should_pass_001_simplest_file.xml",
        "test_2.33_should_pass_CR00217_text_newsItem_nitf.xml",
    ],
)
def test_iptc_should_pass_newsml_examples_pass(name: str) -> None:
    path = shared_path("newsml-g2", "examples", name)
    assert validate_bytes(path.read_bytes(), str(path)).valid


def test_iptc_should_fail_newsml_example_fails() -> None:
    path = shared_path("newsml-g2", "examples", "test_2.29_should_fail_001_incomplete_file.xml")
    verdict = validate_bytes(path.read_bytes(), str(path))
    assert not verdict.valid
    assert "line 9" in verdict.problems[0]


def test_iptc_ninjs_test_suite() -> None:
    suite = shared_path("ninjs", "test_suite")
    passing = sorted(suite.rglob("should_pass/*.json"))
    failing = sorted(suite.rglob("should_fail/*.json"))
    assert passing and failing
    for path in passing:
        assert validate_bytes(path.read_bytes(), str(path)).valid, path.name
    for path in failing:
        try:
            verdict = validate_bytes(path.read_bytes(), str(path))
        except DocExportError:  # not even ninjs: refused, which is a fail too
            continue
        assert not verdict.valid, path.name


def _seed() -> object:
    return enrich(read_bytes(SEED.read_bytes(), SEED.name))


@pytest.mark.parametrize("fmt", sorted(set(BUILTIN_WRITERS) - {"html", "md"}))
def test_every_writer_output_of_the_seed_validates(fmt: str) -> None:
    shared_path("newsml-g2", "NewsML-G2_2.35-spec-All-Power.xsd")  # CI: shared must be there
    out = io.BytesIO()
    try:
        render(_seed(), fmt, out, WriterOptions())
    except UnknownFormatError as exc:  # a writer this installation does not ship
        pytest.fail(str(exc))
    verdict = validate_bytes(out.getvalue(), f"seed.{fmt}", strict=True)
    assert verdict.valid, verdict.problems


def test_cli_reports_each_file_and_exits_1_when_any_is_invalid(tmp_path: Path) -> None:
    good = tmp_path / "good.xml"
    runner = CliRunner()
    good.write_bytes(runner.invoke(cli, ["convert", str(SEED), "--no-enrich"]).stdout_bytes)
    bad = tmp_path / "bad.xml"
    bad.write_bytes(good.read_bytes().replace(b"<itemClass", b"<itemKlass", 1))
    page = tmp_path / "page.html"
    page.write_text("<!DOCTYPE html><html><body><p>x</p></body></html>", "utf-8")
    ok = runner.invoke(cli, ["validate", str(good)])
    assert ok.exit_code == 0
    assert ok.stdout.strip() == f"{good}: valid (NewsML-G2 2.35)"
    mixed = runner.invoke(cli, ["validate", str(good), str(bad), str(page)])
    assert mixed.exit_code == 1
    assert f"{bad}: invalid (NewsML-G2 2.35): line " in mixed.stdout
    assert f"{page}: not validated: HTML has no official schema" in mixed.stderr


def test_validate_works_from_the_installed_package_alone() -> None:
    # The schemas come from the package (or the checkout), never from ../shared.
    assert package_file("schemas/iptc/newsml-g2/NewsML-G2_2.35-spec-All-Power.xsd").is_file()
    assert (REPO / "schemas" / "iptc" / "NOTICE.md").is_file()
