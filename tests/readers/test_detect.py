"""Which reader reads an input: the bytes first, then the extension; never text by default."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from docexport.cli import cli
from docexport.errors import InputError
from docexport.readers import detect, input_extensions
from tests.conftest import SEED, article


@pytest.mark.parametrize(
    ("data", "path", "reader"),
    [
        (SEED.read_bytes(), "a.txt", "text"),
        (SEED.read_bytes(), "-", "text"),
        (b'<?xml version="1.0"?>\n<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/"/>', "a.txt", "newsml"),
        (b"<?xml version='1.0'?><!-- c --><newsMessage/>", "a.xml", "newsml"),
        (b'<!DOCTYPE nitf SYSTEM "nitf.dtd">\n<nitf><head/></nitf>', "story.xml", "nitf"),
        (b"<!doctype html><html><body><p>x</p></body></html>", "page.txt", "html"),
        (b"\xef\xbb\xbf  <html lang='en'></html>", "-", "html"),
        (b"<p>fragment</p>", "a.html", "html"),
        (b'{"guid": "urn:newsml:x:1:abc", "source": {}}', "a.txt", "json"),
        (b'{"uri": "http://example.com/1", "headline": "x"}', "a.json", "ninjs"),
        (b"---\ntitle: X\n---\nBody\n", "a.txt", "markdown"),
        (b"# Headline\n\nBody\n", "a.md", "markdown"),
        (b"broken {json", "a.json", "json"),
        (b"{broken json", "a.json", "json"),
    ],
)  # fmt: skip
def test_the_content_decides_before_the_extension(data: bytes, path: str, reader: str) -> None:
    assert detect(data, path) == reader


def test_a_word_document_is_detected_inside_its_zip(tmp_path: Path) -> None:
    path = tmp_path / "a.bin"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    assert detect(path.read_bytes(), str(path)) == "docx"


@pytest.mark.parametrize(
    ("data", "path", "looks_like"),
    [
        (b"\x89PNG\r\n\x1a\n....", "photo.txt", "a PNG image"),
        (b"%PDF-1.7 ...", "a.txt", "a PDF document"),
        (b"<?xml version='1.0'?><rss version='2.0'><channel/></rss>", "feed.xml", "<rss>"),
        (b'{"name": "not news"}', "-", "neither a docexport item nor ninjs"),
        (b"name,age\nann,3\n", "people.csv", "plain text"),
    ],
)
def test_what_no_reader_accepts_is_refused_never_read_as_text(data, path, looks_like) -> None:
    with pytest.raises(InputError, match="not a supported article format") as caught:
        detect(data, path)
    assert looks_like in str(caught.value)


def test_directories_are_searched_for_every_input_format() -> None:
    assert {".txt", ".json", ".xml", ".html", ".md", ".docx"} <= input_extensions()


def test_from_overrides_detection_and_unknown_from_is_a_usage_error(tmp_path: Path) -> None:
    odd = tmp_path / "story.csv"
    odd.write_text(article("Read as text anyway", "Body text."), "utf-8")
    refused = CliRunner().invoke(cli, ["convert", str(odd), "--to", "json"])
    assert refused.exit_code == 1
    assert "use --from text" in refused.stderr
    forced = CliRunner().invoke(cli, ["convert", str(odd), "--to", "json", "--from", "text"])
    assert forced.exit_code == 0, forced.stderr
    assert json.loads(forced.stdout_bytes)["headline"] == "Read as text anyway"
    bad = CliRunner().invoke(cli, ["convert", str(odd), "--from", "rtf"])
    assert bad.exit_code == 2
    assert "unknown input format 'rtf'" in bad.stderr


def test_our_own_newsml_read_back_is_never_a_text_article_with_an_xml_headline(
    tmp_path: Path,
) -> None:
    xml = tmp_path / "seed.txt"  # even under a .txt name
    runner = CliRunner()
    xml.write_bytes(runner.invoke(cli, ["convert", str(SEED), "--no-enrich"]).stdout_bytes)
    result = runner.invoke(cli, ["convert", str(xml), "--to", "json"])
    assert "<?xml" not in result.stdout
