"""The Word reader: styles to blocks, core properties, our own briefings, hostile packages."""

from __future__ import annotations

import io
import re
import socket
import zipfile
from collections.abc import Callable
from datetime import UTC, date, datetime

import docx
import pytest
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from docexport.enrich import enrich
from docexport.errors import InputError
from docexport.model import BlockKind, NewsItem, validate_dict
from docexport.readers import docx as docx_reader
from docexport.readers import read_data, read_path
from docexport.readers import text as text_reader
from docexport.readers.docx import PackageLimits, check_package
from docexport.writers import WriterOptions
from docexport.writers.docx import DocxWriter
from tests.conftest import DATA, SEED, article

WORD = DATA / "docx"
RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_CORE = "docProps/core.xml"


def read(data: bytes, name: str = "a.docx") -> NewsItem:
    return read_data(data, name, docx_reader)


def refusal(data: bytes) -> str:
    with pytest.raises(InputError) as caught:
        read(data)
    reason = str(caught.value)
    assert "\n" not in reason
    return reason


def save(document: docx.document.Document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def word_file(*paragraphs: tuple[str | None, str]) -> docx.document.Document:
    """A python-docx document of (style, text) paragraphs."""
    document = docx.Document()
    for style, text in paragraphs:
        document.add_paragraph(text, style=style)
    return document


def add_link(paragraph: docx.text.paragraph.Paragraph, text: str, url: str) -> None:
    r_id = paragraph.part.relate_to(url, RT.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), r_id)
    run, node = OxmlElement("w:r"), OxmlElement("w:t")
    node.text = text
    run.append(node)
    link.append(run)
    paragraph._p.append(link)


def edit_part(data: bytes, name: str, change: Callable[[bytes], bytes | None]) -> bytes:
    """The package with part ``name`` changed (``None``: removed)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            part = source.read(info)
            if info.filename == name:
                part = change(part)
            if part is not None:
                target.writestr(info, part, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def with_core(data: bytes, **elements: str) -> bytes:
    """The package with core properties ``tag=text`` (``dc_creator``, ``dcterms_created``)."""

    def change(part: bytes) -> bytes:
        root = parse_xml(part)
        for key, text in elements.items():
            tag = qn(key.replace("_", ":", 1))
            element = root.find(tag)
            if element is None:
                element = OxmlElement(key.replace("_", ":", 1))
                root.append(element)
            element.text = text
        return bytes(root.xml, "utf-8") if isinstance(root.xml, str) else root.xml

    return edit_part(data, _CORE, change)


# --- Word styles --------------------------------------------------------------------------


def styled_article() -> bytes:
    document = word_file(
        ("Title", "Harbour reopens after storm"),
        ("Subtitle", "Ferries resume on Wednesday"),
        (None, "By Ana Lima"),
        (None, "LISBON (Lusa) — The harbour reopened on Tuesday, "),
        ("Heading 1", "Damage"),
        (None, "Three cranes were damaged."),
        ("Heading 2", "Repairs"),
        ("List Bullet", "Cranes inspected"),
        ("List Bullet 2", "Ferries resume"),
        ("List Number", "First step"),
        ("Quote", "We are open again."),
        ("Intense Quote", "Never closed for long."),
        ("Body Text", "The port expects 40 ships."),
    )
    paragraphs = document.paragraphs
    add_link(paragraphs[3], "the port authority", "https://example.org/port")
    paragraphs[3].add_run(" said.")
    house = document.styles.add_style("House Quote", docx.enum.style.WD_STYLE_TYPE.PARAGRAPH)
    house.base_style = document.styles["Quote"]
    document.add_paragraph("A quote in a house style.", style="House Quote")
    table = document.add_table(rows=2, cols=2)
    for row, cells in zip(table.rows, (("Berth", "Status"), ("1", "open")), strict=True):
        for cell, text in zip(row.cells, cells, strict=True):
            cell.text = text
    edited = document.add_paragraph("Kept ")
    edited._p.append(parse_xml(
        f'<w:del {nsdecls("w")} w:id="1" w:author="x"><w:r><w:delText>deleted </w:delText></w:r></w:del>'
    ))  # fmt: skip
    edited._p.append(
        parse_xml(
            f'<w:ins {nsdecls("w")} w:id="2" w:author="x"><w:r><w:t>inserted</w:t></w:r></w:ins>'
        )
    )
    props = document.core_properties
    props.title, props.language, props.keywords = "Core title", "pt-PT", "storm; harbour"
    props.subject, props.category = "Shipping", "News"
    return save(document)


def test_word_styles_become_blocks() -> None:
    item = read(styled_article())
    assert item.headline == "Harbour reopens after storm"
    assert item.subheadline == "Ferries resume on Wednesday"
    blocks = [(b.kind.value, b.level, b.ordered, b.text) for b in item.body]
    assert blocks == [
        ("paragraph", None, False, "The harbour reopened on Tuesday, the port authority said."),
        ("heading", 2, False, "Damage"),
        ("paragraph", None, False, "Three cranes were damaged."),
        ("heading", 3, False, "Repairs"),
        ("list_item", None, False, "Cranes inspected"),
        ("list_item", None, False, "Ferries resume"),
        ("list_item", None, True, "First step"),
        ("blockquote", None, False, "We are open again."),
        ("blockquote", None, False, "Never closed for long."),
        ("paragraph", None, False, "The port expects 40 ships."),
        ("blockquote", None, False, "A quote in a house style."),  # based on Quote
        ("preformatted", None, False, "Berth | Status\n1 | open"),
        ("paragraph", None, False, "Kept inserted"),  # the tracked deletion is gone
    ]


def test_hyperlinks_become_links_after_the_dateline() -> None:
    item = read(styled_article())
    first = item.body[0]
    (link,) = first.links
    assert first.text[link.start : link.end] == "the port authority"
    assert link.href == "https://example.org/port"
    assert item.dateline is not None
    assert (item.dateline.place, item.dateline.source) == ("Lisbon", "Lusa")


def test_core_properties_and_byline_lead() -> None:
    item = read(styled_article())
    assert item.bylines == ("Ana Lima",)  # the "By" lead, not python-docx's author
    assert item.created is None  # python-docx's template date is nobody's date
    assert item.language == "pt-PT"
    assert item.keywords == ("storm", "harbour")
    assert item.extra["docx"]["subject"] == "Shipping"
    assert item.extra["docx"]["category"] == "News"
    validate_dict(item.to_dict())


def test_first_heading_1_is_the_headline_without_a_title() -> None:
    data = save(word_file(
        ("Heading 1", "Storm closes the harbour"),
        (None, "The port closed on Sunday."),
        ("Heading 1", "Ferries"),
        ("Heading 2", "Timetable"),
        (None, "No ferries run."),
    ))  # fmt: skip
    item = read(data)
    assert item.headline == "Storm closes the harbour"
    headings = [(b.text, b.level) for b in item.body if b.kind is BlockKind.HEADING]
    assert headings == [("Ferries", 2), ("Timetable", 3)]


def test_core_title_is_the_last_resort_and_none_is_refused() -> None:
    document = word_file((None, "Only body text here."))
    document.core_properties.title = "Title from the properties"
    assert read(save(document)).headline == "Title from the properties"
    reason = refusal(save(word_file((None, "Only body text here."))))
    assert reason == "no headline: no Title or Heading 1 paragraph and no title property"


@pytest.mark.parametrize(
    ("created", "expected"),
    [
        ("2024-10-22", date(2024, 10, 22)),  # a date stays a date, no midnight made up
        ("2024-10-22T09:30:00+02:00", datetime(2024, 10, 22, 7, 30, tzinfo=UTC)),
        ("2024-10-22T09:30:00Z", datetime(2024, 10, 22, 9, 30, tzinfo=UTC)),
        ("2024-10-22T09:30:00", None),  # a time without its zone
        ("1601-01-01T00:00:00Z", None),  # Windows' zero date
        ("0001-01-01T00:00:00+05:00", None),  # python-docx's own parse overflows here
        ("yesterday", None),
    ],
)
def test_created_only_when_it_is_a_real_date(
    created: str, expected: date | datetime | None
) -> None:
    data = with_core(save(word_file(("Title", "Head"), (None, "Body."))), dcterms_created=created)
    assert read(data).created == expected


def test_author_becomes_bylines_but_never_a_program() -> None:
    base = save(word_file(("Title", "Head"), (None, "Body text.")))
    assert read(with_core(base, dc_creator="Ana Lima; Li Wei")).bylines == ("Ana Lima", "Li Wei")
    assert read(with_core(base, dc_creator="docexport 0.1.0")).bylines == ()
    assert read(with_core(base, dc_creator="")).bylines == ()
    assert read(base).bylines == ()  # python-docx's default author


def test_a_package_without_core_properties_reads() -> None:
    data = edit_part(save(word_file(("Title", "Head"), (None, "Body."))), _CORE, lambda _: None)
    data = edit_part(
        data, "_rels/.rels", lambda rels: re.sub(rb"<Relationship [^>]*core-pr[^>]*>", b"", rels)
    )
    item = read(data)
    assert item.headline == "Head"  # not python-docx's made-up "Word Document"
    assert item.extra == {}


# --- files saved by LibreOffice -----------------------------------------------------------


def test_libreoffice_file_from_html() -> None:
    item = read_path(str(WORD / "libreoffice-article.docx"))
    assert item.headline == "Harbour reopens after storm"
    assert item.bylines == ("Ana Lima",)
    kinds = [(b.kind.value, b.ordered) for b in item.body]
    assert kinds == [
        ("paragraph", False),
        ("heading", False),
        ("paragraph", False),
        ("list_item", False),
        ("list_item", False),
        ("list_item", True),
        ("list_item", True),
        ("blockquote", False),  # LibreOffice's Quotations style
        ("preformatted", False),
    ]
    assert item.body[-1].text == "Berth  Status\n1      open"  # one block, spaces kept
    first = item.body[0]
    assert [first.text[k.start : k.end] for k in first.links] == ["the port authority"]


def test_libreoffice_file_with_title_and_subtitle() -> None:
    item = read_path(str(WORD / "libreoffice-styles.docx"))
    assert item.headline == "Harbour reopens after storm"
    assert item.subheadline == "Ferries resume on Wednesday"
    assert item.language == "pt-PT"
    assert item.created == datetime(2024, 10, 22, 9, 30, tzinfo=UTC)
    headings = [(b.text, b.level) for b in item.body if b.kind is BlockKind.HEADING]
    assert headings == [("Damage", 2), ("Repairs", 3)]


# --- our own briefing ---------------------------------------------------------------------


def briefing(item: NewsItem) -> bytes:
    buffer = io.BytesIO()
    DocxWriter(WriterOptions()).write(enrich(item), buffer)
    return buffer.getvalue()


def test_our_briefing_reads_back_as_the_article() -> None:
    original = text_reader.read_bytes(SEED.read_bytes(), SEED.name)
    item = read(briefing(original), "briefing.docx")
    assert item.headline == original.headline
    assert item.paragraphs == original.paragraphs  # not the BLUF, entities, quotes, provenance
    assert len(item.body) == len(original.body)
    assert item.created == original.created
    assert item.language == original.language
    assert item.keywords == ()  # the briefing's keywords are its machine-found entities


def test_briefing_title_block_facts_come_back() -> None:
    text = article(
        "Markets rally",
        "By Jane Reporter and John Roe",
        "FRANKFURT (Reuters) — Shares rose on Tuesday.",
        "Bonds were flat.",
        date="2024-10-22T12:30:00+01:00",
    )
    original = text_reader.read_bytes(text.encode(), "markets.txt")
    item = read(briefing(original))
    assert item.bylines == ("Jane Reporter", "John Roe")
    assert item.dateline == original.dateline
    assert item.created == original.created
    assert item.credit_line == "Reuters"
    assert item.paragraphs == original.paragraphs


def test_a_briefing_without_its_generator_comment_is_still_recognised() -> None:
    original = text_reader.read_bytes(SEED.read_bytes(), SEED.name)
    document = docx.Document(io.BytesIO(briefing(original)))
    document.core_properties.comments = ""
    assert read(save(document)).paragraphs == original.paragraphs


# --- hostile packages ---------------------------------------------------------------------


def test_a_zip_bomb_is_refused_before_it_is_unpacked() -> None:
    padding = b" " * (8 * 1024 * 1024)
    data = edit_part(
        save(word_file(("Title", "Head"), (None, "Body."))),
        "word/document.xml",
        lambda part: part.replace(b"<w:body>", b"<w:body>" + padding, 1),
    )
    reason = refusal(data)
    assert "unpacks to more than 100 times its size (a zip bomb?)" in reason


def test_thousands_of_parts_are_refused() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(styled_article())) as source, zipfile.ZipFile(out, "w") as z:
        for info in source.infolist():
            z.writestr(info, source.read(info))
        for index in range(1500):
            z.writestr(f"bulk/part{index}.xml", b"<a/>")
    assert "parts (the limit is 1,000)" in refusal(out.getvalue())


def test_package_limits_bound_the_unpacked_size() -> None:
    with pytest.raises(InputError, match="unpacks to over 0 MiB"):
        check_package(styled_article(), PackageLimits(unpacked_bytes=1024))


@pytest.mark.parametrize(
    ("damage", "reason"),
    [
        (lambda data: data[: len(data) // 2], "not a readable ZIP archive"),
        (lambda data: b"PK\x03\x04" + b"\x00" * 200, "not a readable ZIP archive"),
        (lambda data: edit_part(data, "[Content_Types].xml", lambda _: None), "is missing"),
        (lambda data: edit_part(data, "word/document.xml", lambda p: p[:-40]), "not well-formed"),
        (lambda data: edit_part(data, "word/document.xml", lambda p: b"<a/>"), "main part"),
    ],
)
def test_a_damaged_package_is_one_line(damage: Callable[[bytes], bytes], reason: str) -> None:
    message = refusal(damage(save(word_file(("Title", "Head"), (None, "Body.")))))
    assert message.startswith("damaged Word document: ")
    assert reason in message


def test_external_relationships_are_never_followed(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_network(*args: object) -> None:
        raise AssertionError("the reader opened a connection")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    document = word_file(("Title", "Head"), (None, "See "))
    add_link(document.paragraphs[1], "the report", "https://example.org/r")
    add_link(document.paragraphs[1], " and a script", "javascript:alert(1)")
    document.part.relate_to("https://attacker.example/styles.xml", RT.STYLES, is_external=True)
    template = "https://attacker.example/t.dotx"
    settings_part = document.part.part_related_by(RT.SETTINGS)
    r_id = settings_part.relate_to(template, f"{RELATIONSHIPS}/attachedTemplate", is_external=True)
    attached = f'<w:attachedTemplate {nsdecls("w", "r")} r:id="{r_id}"/>'
    document.settings.element.append(parse_xml(attached))
    item = read(save(document))
    block = item.body[0]
    assert block.text == "See the report and a script"
    assert [(block.text[k.start : k.end], k.href) for k in block.links] == [
        ("the report", "https://example.org/r")
    ]


def test_entities_in_a_part_are_neither_expanded_nor_fetched() -> None:
    base = save(word_file(("Title", "Head"), (None, "MARKER")))
    external = b'<!DOCTYPE w:document [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    data = edit_part(
        base,
        "word/document.xml",
        lambda p: p.replace(b"<w:document", external + b"<w:document", 1).replace(
            b"MARKER", b"Before &x; after"
        ),
    )
    assert "root:" not in " ".join(b.text for b in read(data).body)
    laughs = (
        b"<!DOCTYPE w:document [<!ENTITY a 'aaaaaaaaaa'>"
        + b"".join(b"<!ENTITY %c '%s'>" % (98 + i, (b"&%c;" % (97 + i)) * 10) for i in range(9))
        + b"]>"
    )
    bomb = edit_part(
        base,
        "word/document.xml",
        lambda p: p.replace(b"<w:document", laughs + b"<w:document", 1).replace(b"MARKER", b"&j;"),
    )
    assert "damaged Word document" in refusal(bomb)


@settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))
@given(cuts=st.lists(st.tuples(st.integers(0, 10**6), st.binary(max_size=8)), max_size=4))
def test_any_damage_gives_an_item_or_an_input_error(cuts: list[tuple[int, bytes]]) -> None:
    data = bytearray(BASE_FILE)
    for where, junk in cuts:
        at = where % (len(data) + 1)
        data[at : at + len(junk)] = junk
    try:
        item = read(bytes(data))
    except InputError as error:
        assert "\n" not in str(error)
    else:
        validate_dict(item.to_dict())


BASE_FILE = (WORD / "libreoffice-article.docx").read_bytes()
