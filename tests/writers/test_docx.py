"""DOCX briefing: structure, text round trip, properties, scripts, determinism, templates.

Documents are read back with python-docx (and, where installed, LibreOffice): the tests
check what a reader of the file gets, not how the writer built it.
"""

from __future__ import annotations

import dataclasses
import io
import subprocess
import sys
import zipfile
from datetime import UTC, datetime
from typing import TYPE_CHECKING

import docx
import pytest
from docx.shared import RGBColor

from docexport.briefing import MAX_ENTITIES
from docexport.errors import WriterError
from docexport.model import Block, BlockKind, Quote, Rights, Span, Summary
from docexport.readers.text import read_bytes
from docexport.writers import WriterOptions
from docexport.writers.docx import DocxWriter
from docexport.writers.docx.template import PACKAGED_TEMPLATE
from tests.conftest import REPO, system_tool
from tests.writers.conftest import DATELINED_TEXT, stress

if TYPE_CHECKING:
    from pathlib import Path

    from docx.document import Document

    from docexport.model import NewsItem

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
ALL_SECTIONS = [
    "Bottom line up front",
    "Key points",
    "Key entities",
    "Key figures",
    "Notable quotes",
    "Source text",
    "Provenance",
]


def render(item: NewsItem, **options: object) -> bytes:
    out = io.BytesIO()
    DocxWriter(WriterOptions(**options)).write(item, out)  # type: ignore[arg-type]
    return out.getvalue()


def open_docx(data: bytes) -> Document:
    return docx.Document(io.BytesIO(data))


def headings(document: Document) -> list[str]:
    return [p.text for p in document.paragraphs if p.style.name == "Heading 1"]


def body_after(document: Document, heading: str) -> list[str]:
    """Texts of the body paragraphs between ``heading`` and the next Heading 1."""
    texts, inside = [], False
    for paragraph in document.paragraphs:
        if paragraph.style.name == "Heading 1":
            inside = paragraph.text == heading
        elif inside:
            texts.append(paragraph.text)
    return texts


def tables_in_style(document: Document, style: str) -> list[list[list[str]]]:
    """Cell texts of every table in ``style``, in document order."""
    tables = [t for t in document.tables if t.style is not None and t.style.name == style]
    return [[[cell.text for cell in row.cells] for row in table.rows] for table in tables]


def test_writer_declares_the_protocol_attributes() -> None:
    assert DocxWriter.name == "docx"
    assert DocxWriter.extension == ".docx"
    assert DocxWriter.media_type == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert DocxWriter.binary is True


# A full statement with a named speaker (the hand enrichment's "resurgent" is a scare
# quote, which briefings leave out).
STATEMENT = Quote(
    text="Both individuals are in a stable condition and receiving treatment",
    speaker="Patrick Ryder",
    span=Span(block=0, start=0, end=10),
)


def test_sections_appear_in_order_in_named_styles(enriched_item: NewsItem) -> None:
    item = dataclasses.replace(enriched_item, quotes=(STATEMENT, *enriched_item.quotes))
    document = open_docx(render(item))
    first = document.paragraphs[0]
    assert (first.style.name, first.text) == ("Title", enriched_item.headline)
    assert headings(document) == ALL_SECTIONS
    assert body_after(document, "Bottom line up front") == [enriched_item.summary.bluf]
    points = [p for p in document.paragraphs if p.style.name == "List Bullet"]
    assert [p.text for p in points[:4]] == list(enriched_item.summary.key_points)
    quotes = [p.text for p in document.paragraphs if p.style.name == "Quote"]
    assert quotes == [f"“{STATEMENT.text}”"]  # "resurgent" is no notable quote
    assert body_after(document, "Notable quotes")[1] == "— Patrick Ryder"
    assert body_after(document, "Key figures")[0].startswith("40,000  ")


def test_title_block_carries_date_dateline_byline_source_and_language() -> None:
    text = DATELINED_TEXT
    document = open_docx(render(read_bytes(text.encode(), "rates.txt")))
    title_block, _provenance = tables_in_style(document, "Briefing Facts")
    facts = dict(title_block)
    assert facts["Date-time group"].startswith("220730Z OCT 24")  # 09:30+02:00 is 07:30Z
    assert facts["Dateline"] == "FRANKFURT (Reuters)"
    assert facts["Byline"] == "Jane Reporter and Li Wei"
    assert facts["Source"].startswith("Reuters")  # the publisher, when the dateline names one
    assert facts["Language"] == "English (en)"


def test_entities_table_ranks_caps_and_counts_the_rest(enriched_item: NewsItem) -> None:
    document = open_docx(render(enriched_item))
    [[header, *rows]] = tables_in_style(document, "Briefing Table")
    assert header == ["Name", "Type", "Details", "Mentions"]
    assert len(rows) == MAX_ENTITIES < len(enriched_item.entities)
    counts = {e.name: str(e.mention_count) for e in enriched_item.entities}
    assert all(counts[row[0]] == row[3] for row in rows)
    assert ["Patrick Ryder", "Person", "Major General", "5"] in rows
    assert ["Iraq", "Place", "IQ", str(counts["Iraq"])] in rows
    assert rows[0][0] == "ISIS"  # in the headline and mentioned most
    more = len(enriched_item.entities) - MAX_ENTITIES
    assert body_after(document, "Key entities")[0] == f"+{more} more entities"
    table = next(t for t in document.tables if t.style.name == "Briefing Table")
    assert table.rows[0]._tr.find(f"{W}trPr/{W}tblHeader") is not None  # repeats per page


def test_banner_in_header_and_footer_with_page_n_of_m(seed_item: NewsItem) -> None:
    document = open_docx(render(seed_item, classification="SECRET//NOFORN"))
    section = document.sections[0]
    assert [p.text for p in section.header.paragraphs] == ["SECRET//NOFORN"]
    footer = [p.text for p in section.footer.paragraphs]
    assert footer[-1] == "SECRET//NOFORN"
    assert footer[0].startswith("Page ")
    banner = section.header.paragraphs[0]
    assert banner.style.name == "Handling Banner"
    assert banner._p.find(f"{W}pPr/{W}shd").get(f"{W}fill") == "C8102E"  # SECRET is red
    instructions = [e.text.split()[0] for e in section.footer._element.iter(f"{W}instrText")]
    assert instructions == ["PAGE", "NUMPAGES"]


def test_default_marking_is_unclassified_in_the_template_colours(seed_item: NewsItem) -> None:
    document = open_docx(render(seed_item))
    banner = document.sections[0].header.paragraphs[0]
    assert banner.text == "UNCLASSIFIED"
    assert banner._p.find(f"{W}pPr/{W}shd") is None  # the style's green, not an override


def test_every_body_paragraph_round_trips_in_order(enriched_item: NewsItem) -> None:
    document = open_docx(render(enriched_item))
    assert body_after(document, "Source text") == [b.text for b in enriched_item.body]


def test_sixty_paragraph_article_keeps_every_paragraph() -> None:
    item = stress("sixty-paragraphs")
    document = open_docx(render(item))
    texts = body_after(document, "Source text")
    assert len(texts) == 60
    assert texts == list(item.paragraphs)


def test_body_blocks_keep_their_kind() -> None:
    item = dataclasses.replace(
        stress("three-lines"),
        body=(
            Block(kind=BlockKind.HEADING, text="Background"),
            Block(text="A paragraph."),
            Block(kind=BlockKind.BLOCKQUOTE, text="A quoted passage."),
            Block(kind=BlockKind.LIST_ITEM, text="A list item."),
        ),
    )
    document = open_docx(render(item))
    styles = [
        (p.style.name, p.text) for p in document.paragraphs if p.text in {b.text for b in item.body}
    ]
    assert styles == [
        ("Heading 2", "Background"),
        ("Body Text", "A paragraph."),
        ("Quote", "A quoted passage."),
        ("List Bullet", "A list item."),
    ]


def test_stress_items_render_and_read_back(stress_item: NewsItem) -> None:
    document = open_docx(render(stress_item))
    assert document.paragraphs[0].text == stress_item.headline
    assert body_after(document, "Source text") == [b.text for b in stress_item.body]


def test_unenriched_item_leaves_empty_sections_out(seed_item: NewsItem) -> None:
    document = open_docx(render(seed_item))
    assert headings(document) == ["Source text", "Provenance"]
    assert tables_in_style(document, "Briefing Table") == []
    assert all(p.text.strip() for p in document.paragraphs)  # no empty paragraph anywhere


def test_empty_enrichment_leaves_its_sections_out(enriched_item: NewsItem) -> None:
    item = dataclasses.replace(
        enriched_item, entities=(), quotes=(), figures=(), summary=Summary(bluf="Only this.")
    )
    document = open_docx(render(item))
    assert headings(document) == ["Bottom line up front", "Source text", "Provenance"]
    assert [p.style.name for p in document.paragraphs].count("Heading 1") == 3


def test_provenance_names_hash_converter_time_and_guid(seed_item: NewsItem) -> None:
    generated = datetime(2025, 1, 2, 3, 4, 5, tzinfo=UTC)
    document = open_docx(render(seed_item, generated=generated))
    _title_block, provenance = tables_in_style(document, "Briefing Facts")
    facts = dict(provenance)
    assert facts["Source SHA-256"] == seed_item.source.sha256
    assert facts["Converter"] == f"docexport {__import__('docexport').__version__}"
    assert facts["Generated"].startswith("2025-01-02T03:04:05Z")
    assert facts["NewsML guid"].startswith(seed_item.guid)


def test_core_properties(enriched_item: NewsItem) -> None:
    generated = datetime(2025, 1, 2, 3, 4, 5, tzinfo=UTC)
    props = open_docx(render(enriched_item, generated=generated)).core_properties
    assert props.title == enriched_item.headline
    assert "conflict, war and peace" in props.subject
    assert props.author == ""  # no byline, no provider: nobody, never the converter
    keywords = props.keywords.split(", ")
    assert keywords[:3] == ["ISIS", "Iraq", "United States"]  # most mentioned first
    assert props.created.replace(tzinfo=UTC) == generated
    assert props.modified.replace(tzinfo=UTC) == generated
    assert props.language == "en"
    assert props.identifier == enriched_item.guid
    assert props.category == "UNCLASSIFIED"


def test_generation_time_falls_back_to_the_article_time_never_a_made_up_one(
    seed_item: NewsItem,
) -> None:
    dated = read_bytes(DATELINED_TEXT.encode(), "rates.txt")
    props = open_docx(render(dated)).core_properties
    assert props.created.replace(tzinfo=UTC) == datetime(2024, 10, 22, 7, 30, tzinfo=UTC)
    # A date-only or undated article has no time: no document dates rather than a fake
    # midnight, 1970 or the clock; the same bytes on every run.
    for item in (seed_item, read_bytes(b"Undated headline\n\nBody text.", "u.txt")):
        data = render(item)
        props = open_docx(data).core_properties
        assert props.created is None and props.modified is None
        assert data == render(item)
        assert "1970" not in docx_text(data)


def test_date_only_article_says_the_date_in_words(seed_item: NewsItem) -> None:
    title_block, provenance = tables_in_style(open_docx(render(seed_item)), "Briefing Facts")
    assert dict(title_block)["Date"].startswith("22 October 2024")
    assert "Date-time group" not in dict(title_block)
    assert "Generated" not in dict(provenance)


def test_rights_only_as_stated(seed_item: NewsItem) -> None:
    title_block, _ = tables_in_style(open_docx(render(seed_item)), "Briefing Facts")
    assert "Rights" not in dict(title_block)
    stated = dataclasses.replace(
        seed_item,
        provider="Acme News",
        rights=Rights(holder="Acme News Ltd", usage_terms="Internal use only"),
        credit_line="Acme / Reuters",
    )
    document = open_docx(render(stated))
    facts = dict(tables_in_style(document, "Briefing Facts")[0])
    assert facts["Source"].startswith("Acme News")
    assert facts["Rights"] == "© Acme News Ltd"
    assert facts["Usage terms"] == "Internal use only"
    assert facts["Credit"] == "Acme / Reuters"
    assert document.core_properties.author == "Acme News"


def docx_text(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return " ".join(package.read(n).decode("utf-8", "replace") for n in package.namelist())


@pytest.mark.parametrize(("name", "lang"), [("arabic", "ar-SA"), ("hebrew", "he-IL")])
def test_right_to_left_paragraphs_are_marked(name: str, lang: str) -> None:
    document = open_docx(render(stress(name)))
    marked = [p for p in document.paragraphs if p._p.find(f"{W}pPr/{W}bidi") is not None]
    assert [p.text for p in marked] == [stress(name).headline, stress(name).body[0].text]
    for paragraph in marked:
        for run in paragraph.runs:
            props = run._r.find(f"{W}rPr")
            assert props.find(f"{W}rtl") is not None
            assert props.find(f"{W}lang").get(f"{W}bidi") == lang
    english = [p for p in document.paragraphs if p.text == "Source text"]
    assert english[0]._p.find(f"{W}pPr/{W}bidi") is None  # English labels stay LTR


def test_cjk_runs_name_an_east_asian_font_and_language() -> None:
    document = open_docx(render(stress("chinese")))
    body = [p for p in document.paragraphs if p.text == stress("chinese").body[0].text]
    props = body[0].runs[0]._r.find(f"{W}rPr")
    assert props.find(f"{W}rFonts").get(f"{W}eastAsia") == "Noto Sans CJK SC"
    assert props.find(f"{W}lang").get(f"{W}eastAsia") == "zh-CN"
    fonts = zipfile.ZipFile(io.BytesIO(render(stress("chinese")))).read("word/fontTable.xml")
    assert b'w:name="Noto Sans CJK SC"' in fonts
    assert b"SimSun" in fonts  # what Word substitutes where Noto is not installed


def test_forbidden_xml_characters_are_dropped_not_fatal(seed_item: NewsItem) -> None:
    item = dataclasses.replace(seed_item, body=(Block(text="bell\x07 and null\x00 gone"),))
    assert body_after(open_docx(render(item)), "Source text") == ["bell and null gone"]


@pytest.mark.parametrize(("size", "width"), [("A4", 11906), ("letter", 12240), ("Letter", 12240)])
def test_page_size(seed_item: NewsItem, size: str, width: int) -> None:
    section = open_docx(render(seed_item, page_size=size)).sections[0]
    assert round(section.page_width.twips) == width
    assert round(section.left_margin.cm, 1) == 2.0


def test_same_input_and_options_give_the_same_bytes(enriched_item: NewsItem) -> None:
    first = render(enriched_item, classification="CONFIDENTIAL")
    assert render(enriched_item, classification="CONFIDENTIAL") == first
    archive = zipfile.ZipFile(io.BytesIO(first))
    assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    assert archive.namelist() == sorted(archive.namelist())


def test_a_different_generation_time_changes_only_what_it_should(enriched_item: NewsItem) -> None:
    earlier = datetime(2025, 1, 1, tzinfo=UTC)
    later = datetime(2025, 6, 1, tzinfo=UTC)
    one, other = render(enriched_item, generated=earlier), render(enriched_item, generated=later)
    assert one != other
    assert open_docx(one).core_properties.created != open_docx(other).core_properties.created
    assert render(enriched_item, generated=later) == other


def test_packaged_template_is_what_the_build_script_makes(tmp_path: Path) -> None:
    out = tmp_path / "reference.docx"
    subprocess.run(
        [sys.executable, str(REPO / "templates" / "build_reference_docx.py"), str(out)],
        check=True,
        cwd=tmp_path,
    )
    # Entry by entry, uncompressed: another zlib may compress the same parts differently.
    assert _entries(out.read_bytes()) == _entries((REPO / PACKAGED_TEMPLATE).read_bytes()), (
        "templates/briefing-reference.docx is stale: run templates/build_reference_docx.py"
    )


def _entries(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def test_user_template_restyles_the_briefing(seed_item: NewsItem, tmp_path: Path) -> None:
    template = docx.Document(str(REPO / PACKAGED_TEMPLATE))
    heading = template.styles["Heading 1"]
    heading.font.color.rgb = RGBColor(0xC0, 0x00, 0x00)
    heading.font.name = "Liberation Serif"
    path = tmp_path / "house-style.docx"
    template.save(str(path))
    ours = open_docx(render(seed_item, template=path))
    assert ours.styles["Heading 1"].font.color.rgb == RGBColor(0xC0, 0x00, 0x00)
    assert ours.styles["Heading 1"].font.name == "Liberation Serif"
    assert headings(ours) == ["Source text", "Provenance"]  # the specimen text is gone
    default = open_docx(render(seed_item)).styles["Heading 1"]
    assert default.font.color.rgb != RGBColor(0xC0, 0x00, 0x00)


def test_template_lacking_a_style_is_a_one_line_writer_error(
    seed_item: NewsItem, tmp_path: Path
) -> None:
    path = tmp_path / "plain.docx"
    docx.Document().save(str(path))  # python-docx's default: no briefing styles
    with pytest.raises(WriterError) as caught:
        render(seed_item, template=path)
    message = str(caught.value)
    assert message.startswith(f"{path}: template lacks the style(s) ")
    assert "Handling Banner" in message
    assert "briefing-reference.docx" in message
    assert "\n" not in message


@pytest.mark.parametrize(
    ("content", "reason"),
    [(b"not a zip at all", "is not a Word document"), (None, "cannot read template")],
)
def test_unusable_template_is_a_writer_error(
    seed_item: NewsItem, tmp_path: Path, content: bytes | None, reason: str
) -> None:
    path = tmp_path / "broken.docx"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(WriterError, match=reason):
        render(seed_item, template=path)


def test_the_docx_writer_never_imports_python_docx() -> None:
    """python-docx costs about 65 ms of a one-file process: the writer builds the package
    with lxml and zipfile alone, and other formats import neither."""
    code = (
        "import sys, io, docexport, docexport.cli, docexport.writers\n"
        "from docexport.writers import create_writer\n"
        "item = docexport.read(sys.argv[1])\n"
        "create_writer('newsml').write(item, io.BytesIO())\n"
        "assert 'docx' not in sys.modules, 'python-docx imported by newsml'\n"
        "out = io.BytesIO()\n"
        "create_writer('docx').write(item, out)\n"
        "assert out.getvalue().startswith(b'PK'), 'no zip written'\n"
        "assert 'docx' not in sys.modules, 'python-docx imported by the docx writer'\n"
    )
    subprocess.run([sys.executable, "-c", code, str(REPO / "seeds" / "pentagon-iraq-raid.txt")],
                   check=True)  # fmt: skip


def test_libreoffice_opens_it_and_renders_the_headline(
    enriched_item: NewsItem, tmp_path: Path
) -> None:
    soffice = system_tool("soffice", "libreoffice")
    source = tmp_path / "briefing.docx"
    source.write_bytes(render(enriched_item))
    profile = (tmp_path / "lo-profile").as_uri()  # own profile: no clash with a running soffice
    result = subprocess.run(
        [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(source)],
        capture_output=True, text=True, timeout=180, check=False,
    )  # fmt: skip
    pdf = tmp_path / "briefing.pdf"
    assert pdf.exists() and pdf.stat().st_size > 0, result.stdout + result.stderr
    text = _pdf_text(pdf)
    assert " ".join(enriched_item.headline.split()[:6]) in " ".join(text.split())
    assert "UNCLASSIFIED" in text
    assert "Page 1 of 2" in text  # PAGE / NUMPAGES were computed by the layout


def _pdf_text(pdf: Path) -> str:
    return subprocess.run(
        [system_tool("pdftotext"), "-layout", str(pdf), "-"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
