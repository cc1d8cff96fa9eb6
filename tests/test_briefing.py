"""Briefing content rules (``docexport.briefing``), on hand-written articles and extremes,
checked in the model and in what the DOCX and PDF writers put on the page.

The DOCX is read back by python-docx, by an independent reader (mammoth) and by
LibreOffice (its PDF export, read with poppler's pdftotext).
"""

from __future__ import annotations

import dataclasses
import io
import re
import subprocess
from typing import TYPE_CHECKING

import docx
import pytest

from docexport.briefing import (
    MAX_BLUF_CHARS,
    MAX_BLUF_WORDS,
    MAX_ENTITIES,
    MAX_FIGURES,
    MAX_KEY_POINTS,
    MAX_QUOTES,
    bounded,
    brief_content,
    is_statement,
    self_contained,
)
from docexport.enrich import enrich
from docexport.model import Entity, EntityType, Figure, Quote, Span, Summary
from docexport.readers.text import read_bytes
from docexport.writers import WriterOptions
from docexport.writers.docx import DocxWriter
from tests.conftest import article, system_tool

if TYPE_CHECKING:
    from pathlib import Path

    from docexport.model import NewsItem

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
HUGE_WORD = "Kraftfahrzeughaftpflicht" * 584  # 14,016 characters, no break anywhere


def item_of(headline: str, *paragraphs: str) -> NewsItem:
    return enrich(read_bytes(article(headline, *paragraphs).encode(), "brief.txt"))


def bare(headline: str = "Council approves budget for new harbour") -> NewsItem:
    """An unenriched item whose enrichment slots a test fills by hand."""
    text = article(headline, "The council met on Monday.", "It voted late at night.")
    return read_bytes(text.encode(), "bare.txt")


def span(block: int = 0) -> Span:
    return Span(block=block, start=0, end=4)


def docx_of(item: NewsItem) -> bytes:
    out = io.BytesIO()
    DocxWriter(WriterOptions()).write(item, out)
    return out.getvalue()


def pdf_text(item: NewsItem) -> str:
    pypdf = pytest.importorskip("pypdf")
    from docexport.writers.pdf import PdfWriter  # noqa: PLC0415 - needs reportlab

    out = io.BytesIO()
    PdfWriter(WriterOptions()).write(item, out)
    reader = pypdf.PdfReader(io.BytesIO(out.getvalue()))
    return "\n".join(page.extract_text() for page in reader.pages)


def section(data: bytes, heading: str) -> list[str]:
    """Texts of the DOCX paragraphs under the Heading 1 ``heading``."""
    texts, inside = [], False
    for paragraph in docx.Document(io.BytesIO(data)).paragraphs:
        if paragraph.style.name == "Heading 1":
            inside = paragraph.text == heading
        elif inside:
            texts.append(paragraph.text)
    return texts


# --- bounded ---------------------------------------------------------------------------


def test_bounded_cuts_at_a_word_boundary_with_a_visible_ellipsis() -> None:
    text = "The committee reviewed the evidence in great detail on Monday"
    cut = bounded(text, 30)
    assert cut == "The committee reviewed the…"
    assert len(cut) <= 30
    assert bounded(text, 200) == text
    assert bounded("  spaced \n\t out  ", 50) == "spaced out"


def test_bounded_cuts_one_huge_word_hard() -> None:
    cut = bounded(HUGE_WORD, 100)
    assert len(cut) == 100
    assert cut.endswith("…")
    assert HUGE_WORD.startswith(cut[:-1])


# --- bottom line ------------------------------------------------------------------------


def test_bluf_leads_with_what_happened_not_the_aftermath() -> None:
    item = item_of(
        "Soldiers raid Kandor camp, injuring two aid workers",
        "Both aid workers are in a stable condition and receiving treatment, a spokesman said.",
        "Soldiers raided the Kandor camp near the border on Monday, injuring two aid workers "
        "from the Red Crescent, the army said.",
        "The camp houses about 4,000 people.",
    )
    bluf = brief_content(item).bluf
    assert bluf.startswith("Soldiers raided the Kandor camp")
    assert "stable condition" not in bluf.split(".")[0]


def test_bluf_opens_with_the_headline_claim_when_no_lead_sentence_states_it() -> None:
    item = item_of(
        "Two Miners Trapped After Collapse at Velmar Copper Mine",
        "Rescue teams worked through the night at the Velmar site, a spokesman for the "
        "regional government said.",
        "Families gathered at the gates on Tuesday morning.",
    )
    bluf = brief_content(item).bluf
    # Title case lowered where the body never capitalises the word; the name keeps its.
    assert bluf.startswith("Two miners trapped after collapse at Velmar")
    assert "copper mine. Rescue teams worked through the night" in bluf


def test_bluf_is_at_most_sixty_words_with_an_ellipsis() -> None:
    long_sentence = "The ministry said that " + " and ".join(
        f"the region of Area{i} would receive new funds" for i in range(30)
    )
    item = dataclasses.replace(bare(), summary=Summary(bluf=long_sentence + "."))
    bluf = brief_content(item).bluf
    assert len(bluf.split()) <= MAX_BLUF_WORDS
    assert bluf.endswith("…")
    assert len(bluf) <= MAX_BLUF_CHARS


def test_a_bluf_of_one_huge_word_is_bounded_in_docx_and_pdf() -> None:
    item = dataclasses.replace(bare(), summary=Summary(bluf=HUGE_WORD))
    bluf = brief_content(item).bluf
    assert len(bluf) <= MAX_BLUF_CHARS
    assert bluf.endswith("…")
    assert section(docx_of(item), "Bottom line up front") == [bluf]
    runs = re.findall(r"(?:Kraftfahrzeughaftpflicht)+", pdf_text(item).replace("\n", ""))
    assert max(len(run) for run in runs) < 2 * MAX_BLUF_CHARS  # not 14,000 characters


# --- key points -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The council approved the harbour budget on Monday.", True),
        ("He emphasized that the budget was final.", False),
        ("In his remarks, the mayor praised the port workers.", False),
        ("This raid marked the latest action against the group.", False),
        ('The mayor called it "a new start for the harbour.', False),  # half a quotation
        ('"We will build it," the mayor said on Monday evening.', True),
        ('"We will build the harbour this year."', False),  # whose words?
    ],
)
def test_self_contained(sentence: str, expected: bool) -> None:
    assert self_contained(sentence) is expected


def test_key_points_are_self_contained_distinct_and_not_the_bluf() -> None:
    bluf = "The council approved a budget of 40 million crowns for the new harbour on Monday."
    points = (
        "The council approved a budget of 40 million crowns for the new harbour.",  # = BLUF
        "He said the harbour would open in 2027.",
        'Opposition members called the plan "a waste of money.',
        "Construction firms from three countries have bid for the dredging contract.",
        "Construction firms from three countries have bid for the dredging contract.",
        "The old harbour was closed after storms damaged its breakwater in 2019.",
        "Fishermen's associations welcomed the decision at a meeting in the town hall.",
    )
    item = dataclasses.replace(bare(), summary=Summary(bluf=bluf, key_points=points))
    content = brief_content(item)
    assert content.key_points == (
        "Construction firms from three countries have bid for the dredging contract.",
        "The old harbour was closed after storms damaged its breakwater in 2019.",
        "Fishermen's associations welcomed the decision at a meeting in the town hall.",
    )
    data = docx_of(item)
    assert section(data, "Key points") == list(content.key_points)


def test_pronoun_led_sentences_never_become_key_points() -> None:
    item = item_of(
        "Port of Lindholm expands container terminal",
        "The Port of Lindholm will expand its container terminal by 2027, the port authority "
        "said on Monday.",
        "He said the expansion was overdue. His remarks came after a year of delays at the "
        "terminal. This decision follows complaints from shipping lines about congestion.",
        "They added that the new berths would double the number of ships the port can handle.",
        "Shipping lines have complained for years about waiting times at the Lindholm terminal.",
        "The regional government will pay half of the cost of the new berths and cranes.",
    )
    for point in brief_content(item).key_points:
        assert point.split()[0] not in {"He", "His", "This", "They"}
        assert self_contained(point)


# --- figures ----------------------------------------------------------------------------


def test_figures_are_labelled_deduplicated_and_capped() -> None:
    figures = [
        Figure(text="2.3%", value=2.3, unit="percent", span=span(), context="inflation")
        for _ in range(60)
    ]
    figures += [
        Figure(text=f"{n}%", value=float(n), unit="percent", span=span(), context=f"rate {n}")
        for n in range(60)
    ]
    figures.insert(1, Figure(text="5.1%", value=5.1, unit="percent", span=span()))  # no label
    item = dataclasses.replace(bare(), figures=tuple(figures))
    shown = brief_content(item).figures
    assert len(shown) == MAX_FIGURES
    assert shown[0].label == "inflation"
    assert shown[0].value_text == "2.3 %"
    assert all(f.label for f in shown)
    assert len({f.value_text for f in shown}) == len(shown)
    assert "5.1 %" not in {f.value_text for f in shown}
    bullets = section(docx_of(item), "Key figures")
    assert bullets[0] == "2.3 %  inflation"
    assert len(bullets) == MAX_FIGURES


def test_figure_values_read_as_written() -> None:
    money = Figure(
        text="$250 million", value=250e6, unit="USD", span=span(), context="joint venture"
    )
    troops = Figure(
        text="roughly 40,000 US troops",
        value=40000,
        unit="troops",
        span=span(),
        context="troops",
        approximate=True,
    )
    yen = Figure(
        text="108-110 yen", value=108, value_max=110, unit="JPY", span=span(), context="dollar"
    )
    item = dataclasses.replace(bare(), figures=(money, troops, yen))
    assert [(f.label, f.value_text) for f in brief_content(item).figures] == [
        ("joint venture", "$250 million"),
        ("troops", "about 40,000"),
        ("dollar", "¥108–110"),
    ]


def test_120_near_identical_figures_stay_a_short_list_in_both_writers() -> None:
    item = item_of(
        "Inflation data for every region",
        *[
            f"Unemployment in region {i % 7} was 5.1% in March and exports grew "
            f"{4 + i % 3}.{i % 10}% over the year."
            for i in range(120)
        ],
    )
    content = brief_content(item)
    assert 0 < len(content.figures) <= MAX_FIGURES
    assert len(section(docx_of(item), "Key figures")) == len(content.figures)
    text = pdf_text(item)
    assert text.count("5.1 %") <= 1  # once as a key figure, never repeated


# --- quotes -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("quote", "expected"),
    [
        ("We will not back down from this reform", True),
        ("resurgent", False),
        ("reckless", False),
        ("The Art of the Deal and Other Stories", False),  # a title
        ("proof that the policy is working as planned", False),  # a fragment
        ("هذه الخطة ستغير وجه الاقتصاد الوطني", True),  # no capitals in Arabic
    ],
)
def test_is_statement(quote: str, expected: bool) -> None:
    assert is_statement(quote) is expected


def test_quotes_need_a_named_speaker_and_appear_once() -> None:
    statement = "We will not back down from this reform, because it must be fixed"
    places = (Entity(name="Kennedy Space Center", type=EntityType.PLACE, mentions=(span(),)),)
    quotes = (
        Quote(text="resurgent", speaker="Ken McCallum", span=span()),
        Quote(text=statement, speaker="Anna Berg", span=span()),
        Quote(text=statement, speaker="Anna Berg", span=span(1)),  # the same, again
        Quote(text="The launch went exactly as we had planned it", speaker=None, span=span()),
        Quote(
            text="The launch went exactly as we had planned it",
            speaker="Kennedy Space Center",
            span=span(),
        ),
        *(
            Quote(text=f"We have done {n} things, all of them well", speaker="Holm", span=span())
            for n in range(5)
        ),
    )
    item = dataclasses.replace(bare(), quotes=quotes, entities=places)
    shown = brief_content(item).quotes
    assert len(shown) == MAX_QUOTES
    assert shown[0].text == statement
    assert shown[0].speaker == "Anna Berg"
    assert [q.speaker for q in shown[1:]] == ["Holm", "Holm"]
    data = docx_of(item)
    assert section(data, "Notable quotes")[:2] == [f"“{statement}”", "— Anna Berg"]


# --- entities and at a glance ------------------------------------------------------------


def test_entities_ranked_by_salience_and_capped_with_the_rest_counted() -> None:
    def entity(name: str, *blocks: int, kind: EntityType = EntityType.ORGANISATION) -> Entity:
        return Entity(name=name, type=kind, mentions=tuple(span(b) for b in blocks))

    entities = (
        *(entity(f"Minor Body {i}", 5) for i in range(12)),
        entity("Often Mentioned", 3, 4, 5, 6, 7, 8),
        entity("Harbour Council", -1, 0, 4),
        Entity(name="Mara Lind", type=EntityType.PERSON, mentions=(span(1),), titles=("Mayor",)),
    )
    item = dataclasses.replace(bare(), entities=entities)
    content = brief_content(item)
    names = [e.name for e in content.entities]
    assert names[:2] == ["Harbour Council", "Often Mentioned"]  # the headline's first
    assert len(names) == MAX_ENTITIES
    assert content.more_entities == len(entities) - MAX_ENTITIES
    assert content.who == "Harbour Council"
    lind = next(e for e in content.entities if e.name == "Mara Lind")
    assert (lind.kind, lind.detail) == ("Person", "Mayor")


def test_entity_table_drops_a_column_no_row_fills() -> None:
    entities = tuple(
        Entity(name=f"Body {i}", type=EntityType.ORGANISATION, mentions=(span(),)) for i in range(3)
    )
    data = docx_of(dataclasses.replace(bare(), entities=entities))
    table = next(
        t for t in docx.Document(io.BytesIO(data)).tables if t.style.name == "Briefing Table"
    )
    assert [c.text for c in table.rows[0].cells] == ["Name", "Type", "Mentions"]
    assert all(cell.text for row in table.rows for cell in row.cells)


def test_a_headline_only_item_shows_no_invented_content() -> None:
    item = enrich(dataclasses.replace(bare("Storm warning issued for the coast"), body=()))
    content = brief_content(item)
    assert content.bluf == ""
    assert content.key_points == content.figures == content.quotes == content.entities == ()
    assert content.who is None
    assert content.where is None
    assert content.when == "22 October 2024"
    document = docx.Document(io.BytesIO(docx_of(item)))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == ["Provenance"]


def test_500_paragraphs_give_a_briefing_of_bounded_sections() -> None:
    item = item_of(
        "Auditors find misconduct across regional offices",
        *[
            f"Auditors visited office {i} in March and found {i + 2} cases of misconduct in "
            "its accounts, the report said."
            for i in range(500)
        ],
    )
    content = brief_content(item)
    assert len(content.key_points) <= MAX_KEY_POINTS
    assert len(content.figures) <= MAX_FIGURES
    assert len(content.entities) <= MAX_ENTITIES
    data = docx_of(item)
    before_text = []
    for paragraph in docx.Document(io.BytesIO(data)).paragraphs:
        if paragraph.text == "Source text":
            break
        before_text.append(paragraph.text)
    assert len(before_text) < 30
    assert len(section(data, "Source text")) == 500


def test_same_item_same_content() -> None:
    item = item_of(
        "Council approves budget for new harbour",
        "The Lindholm council approved a budget of 40 million crowns on Monday.",
    )
    assert brief_content(item) == brief_content(item)


# --- DOCX: right to left, padding, CJK line height ----------------------------------------


def test_right_to_left_quote_and_bluf_have_their_bar_on_the_right() -> None:
    item = item_of(
        "الحكومة تعلن خطة اقتصادية جديدة",
        "أعلنت الحكومة اليوم عن خطة جديدة للاقتصاد الوطني تبدأ في يناير.",
    )
    quote = Quote(text="هذه الخطة ستغير وجه الاقتصاد الوطني", speaker="وزير المالية", span=span())
    data = docx_of(dataclasses.replace(item, quotes=(quote,)))
    document = docx.Document(io.BytesIO(data))
    for style in ("Quote", "Bottom Line"):
        paragraph = next(p for p in document.paragraphs if p.style.name == style)
        props = paragraph._p.pPr
        assert props.find(W + "bidi") is not None
        borders = props.find(W + "pBdr")
        assert borders.find(W + "right").get(W + "val") == "single"  # the bar
    quote_borders = next(p for p in document.paragraphs if p.style.name == "Quote")._p.pPr
    assert quote_borders.find(f"{W}pBdr/{W}left").get(W + "val") == "nil"
    english = docx.Document(io.BytesIO(docx_of(item_of("Budget", "The council met."))))
    bluf = next(p for p in english.paragraphs if p.style.name == "Bottom Line")
    assert bluf._p.pPr.find(W + "pBdr") is None  # left to right: the style's own bar


def test_the_bluf_box_is_padded_on_every_side() -> None:
    document = docx.Document(io.BytesIO(docx_of(item_of("Budget", "The council met."))))
    style = document.styles["Bottom Line"].element
    sides = {
        child.tag.removeprefix(W): int(child.get(W + "space"))
        for child in style.find(f"{W}pPr/{W}pBdr")
    }
    assert set(sides) == {"top", "left", "bottom", "right"}
    assert min(sides.values()) >= 4  # points between the box edge and its text


def test_lines_with_chinese_get_an_exact_line_height() -> None:
    item = item_of(
        "Beijing unveils chip plan",
        "The State Council announced a plan called 集成电路产业发展计划 to support chip makers.",
        "Officials said the plan would be reviewed every year.",
    )
    document = docx.Document(io.BytesIO(docx_of(item)))
    body = [p for p in document.paragraphs if p.style.name == "Body Text"]
    spacing = body[0]._p.pPr.find(W + "spacing")
    assert spacing.get(W + "lineRule") == "exact"
    assert int(spacing.get(W + "line")) > 0
    assert body[1]._p.pPr.find(W + "spacing") is None  # Latin only: the style's spacing


# --- DOCX in other consumers ---------------------------------------------------------------


@pytest.fixture(scope="module")
def harbour() -> NewsItem:
    return item_of(
        "Lindholm council approves 40 million crown harbour budget",
        "The Lindholm council approved a budget of 40 million crowns for a new harbour on "
        "Monday, Mayor Mara Lind said.",
        '"This harbour will bring work back to Lindholm for a generation," Lind told '
        "reporters after the vote.",
        "Construction firms from three countries have bid for the dredging contract, which "
        "is worth about 12 million crowns.",
        "The old harbour was closed after storms damaged its breakwater in 2019.",
        "Fishermen's associations welcomed the decision at a meeting in the town hall.",
        "The regional government will pay half of the cost of the new berths and cranes.",
    )


def test_an_independent_reader_reads_the_briefing_back(harbour: NewsItem) -> None:
    mammoth = pytest.importorskip("mammoth")
    content = brief_content(harbour)
    html = mammoth.convert_to_html(io.BytesIO(docx_of(harbour))).value
    paragraphs = [
        re.sub(r"<[^>]+>", "", p).replace("&quot;", '"').replace("&#x27;", "'")
        for p in re.findall(r"<p>(.*?)</p>", html)
    ]
    assert paragraphs[0] == content.headline
    assert content.bluf in paragraphs
    assert len(content.key_points) >= 3
    for point in content.key_points:
        assert point in paragraphs
    header = re.findall(r"<th><p>(.*?)</p></th>", html)
    assert header[:2] == ["Name", "Type"]
    assert "<td><p>Mara Lind</p></td>" in html


def test_libreoffice_lays_out_lines_with_chinese_as_tall_as_latin_ones(tmp_path: Path) -> None:
    soffice = system_tool("soffice", "libreoffice")
    pdftotext = system_tool("pdftotext")
    latin = "The committee reviewed the evidence in detail and wrote its report. " * 4
    mixed = "The committee reviewed 集成电路 evidence in detail and wrote 报告 report. " * 4
    item = item_of("Committee report", latin, mixed)
    source = tmp_path / "cjk.docx"
    source.write_bytes(docx_of(item))
    profile = (tmp_path / "lo-profile").as_uri()
    subprocess.run(
        [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(source)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    subprocess.run(
        [pdftotext, "-bbox-layout", str(tmp_path / "cjk.pdf"), str(tmp_path / "cjk.html")],
        check=True,
        timeout=60,
    )
    layout = (tmp_path / "cjk.html").read_text("utf-8")
    pitches = []
    for block in re.findall(r"<block .*?</block>", layout, re.S):
        tops = [float(y) for y in re.findall(r'<line xMin="[\d.]+" yMin="([\d.]+)"', block)]
        words = " ".join(re.findall(r">([^<]+)</word>", block))
        if len(tops) >= 3 and "committee" in words:
            pitches.append((("集" in words), round(tops[1] - tops[0], 1)))
    latin_pitch = {p for cjk, p in pitches if not cjk}
    cjk_pitch = {p for cjk, p in pitches if cjk}
    assert latin_pitch
    assert cjk_pitch
    assert max(cjk_pitch) <= max(latin_pitch) + 0.5  # not taller than a Latin line
