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
    figure_label,
    is_statement,
    quoted_share,
    self_contained,
)
from docexport.enrich import enrich
from docexport.enrich.summary import dangling, reads_as_claim
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


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The ministry approved the harbour plan on Monday.", False),
        ("Ryder then mentioned that the operation had ended.", True),
        ("Officials also said the bridge would stay shut.", True),
        ("The US has also continued operations in the region.", True),
        ("However, the ministry approved the plan.", False),  # the connective is dropped
        ("However the ministry still has to approve the plan.", True),
        ("They said the bridge would stay shut.", True),
        ("The agreement still needs the approval of parliament.", False),
    ],
)
def test_dangling(sentence: str, expected: bool) -> None:
    assert dangling(sentence) is expected


def test_bluf_after_the_claim_is_the_first_fact_it_leaves_out_never_a_continuation() -> None:
    item = item_of(
        "Two Rangers Injured in Avalanche Near Morvik Pass, Park Service Says",
        "According to a spokeswoman, both men are in a stable condition in hospital in Tromsa.",
        "The spokeswoman then said that rescue teams had dug both men out of the snow after "
        "two hours.",
        "Snow had fallen for three days at Morvik Pass, on a trail that stayed open all week.",
    )
    bluf = brief_content(item).bluf
    assert bluf.startswith("Two rangers injured in avalanche near Morvik Pass")
    assert "both men are in a stable condition" in bluf
    assert "then said" not in bluf


@pytest.mark.parametrize(
    ("headline", "expected"),
    [
        ("Council approves budget for new harbour", True),
        ("Port strike ends after unions accept pay deal", True),
        ("Ministers agree to cut farm tariffs", True),
        ("Two Miners Trapped After Collapse at Velmar Mine", True),
        ("A very long report on flood damage across the region", False),
        ("Inflation data for every region", False),
        ("The rise of the machines in European factories", False),
        ("Annual report of the harbour authority for 2024", False),
    ],
)
def test_reads_as_claim(headline: str, expected: bool) -> None:
    assert reads_as_claim(headline) is expected


def test_a_label_headline_never_opens_the_bluf() -> None:
    item = item_of(
        "A Detailed Report on Harbour Dredging Across the Northern Coast",
        "Engineers finished dredging the Lindholm channel on Friday, a month late.",
        "Fishing boats had waited outside the harbour for two weeks.",
    )
    bluf = brief_content(item).bluf
    assert bluf.startswith("Engineers finished dredging the Lindholm channel")
    assert "report" not in bluf.casefold()


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


@pytest.mark.parametrize(
    ("sentence", "share"),
    [
        ("The council approved the budget.", 0.0),
        ('"We will build it," the mayor said.', 4 / 7),
        ('"Every day of the strike cost us two days," said Lars Holm of Nordline.', 9 / 14),
        ("The mayor called the plan \u201ca new start for the harbour\u201d.", 6 / 11),
    ],
)
def test_quoted_share_counts_words_inside_quotation_marks(sentence: str, share: float) -> None:
    assert quoted_share(sentence) == pytest.approx(share)


def test_nothing_is_shown_twice_between_bluf_key_points_and_quotes() -> None:
    in_bluf = "Our harbour will be the busiest on the coast by 2030"
    shown = "We have waited ten years for this decision and we welcome it"
    bluf = f'The council approved the harbour budget, and the mayor said "{in_bluf}".'
    points = (
        f'"{shown}," said Anna Berg, head of the fishermen\'s association.',  # the quote
        '"The dredging will start in May and end by the autumn," Berg said.',  # mostly quoted
        "Construction firms from three countries have bid for the dredging contract.",
        "The old harbour was closed after storms damaged its breakwater in 2019.",
    )
    quotes = (
        Quote(text=in_bluf, speaker="Mayor Ole Dahl", span=span()),
        Quote(text=shown, speaker="Anna Berg", span=span(1)),
    )
    item = dataclasses.replace(bare(), summary=Summary(bluf=bluf, key_points=points), quotes=quotes)
    content = brief_content(item)
    assert [q.text for q in content.quotes] == [shown]  # the BLUF already carries the other
    assert content.key_points == points[2:]
    # Without a quotes section, a quotation with its speaker is a point like any other.
    alone = dataclasses.replace(item, quotes=())
    assert brief_content(alone).key_points == points
    data = docx_of(item)
    assert section(data, "Key points") == list(points[2:])
    assert section(data, "Notable quotes")[0] == f"“{shown}”"


def test_two_points_quoting_the_same_words_are_one_point() -> None:
    points = (
        'The head of MI5 warned that the group presents a "resurgent" threat after years.',
        'Despite the raid, the security chief has said the group poses a "resurgent" threat.',
        "Fishermen's associations welcomed the decision at a meeting in the town hall.",
    )
    item = dataclasses.replace(bare(), summary=Summary(bluf="", key_points=points))
    assert brief_content(item).key_points == (points[0], points[2])


def test_quotations_are_key_points_only_when_facts_run_short() -> None:
    item = item_of(
        "Port strike ends after dockers accept pay deal",
        "Dock workers at the port of Lindholm voted on Tuesday to accept a two-year pay "
        "deal, ending a nine-day strike.",
        '"This is a fair result for everyone who kept the port running," said union leader '
        "Niek Dahl.",
        "The agreement raises wages by 9% over two years and adds a one-off payment.",
        "Employers had offered 6% before the walkout began on May 11 at the container terminals.",
        "Union members backed the deal by 78% to 22%, with a turnout of 64% at the vote.",
        "Shipping lines said the delays had rippled across the whole of northern Europe.",
    )
    points = item.summary.key_points
    assert len(points) >= 3
    assert not any(p.startswith('"') for p in points)


# --- figures ----------------------------------------------------------------------------


def test_figures_are_labelled_deduplicated_and_capped() -> None:
    figures = [
        Figure(text="2.3%", value=2.3, unit="percent", span=span(), context="inflation")
        for _ in range(60)
    ]
    figures += [
        Figure(text=f"{n}%", value=float(n), unit="percent", span=span(), context=f"tax rate {n}")
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
        ("per dollar", "¥108–110"),  # an exchange rate
    ]


@pytest.mark.parametrize(
    ("context", "unit", "expected"),
    [
        ("inflation", "percent", "inflation"),
        ("deposit rate", "percent", "deposit rate"),
        ("people killed", "people", "people killed"),
        ("flights delayed", "flights", "flights delayed"),
        ("rate", "percent", None),  # whose rate?
        ("fall", "percent", None),
        ("year", "percent", None),
        ("euro zone", "percent", None),
        ("deal", "percent", None),  # a share of the votes for the deal
        ("says", "count", None),
        ("0", "count", None),
        ("Spain reported", "percent", None),  # a verb phrase, not what is counted
        ("barrel", "percent", None),  # a unit
        ("employers offered", "percent", None),
        ("them", "percent", None),
        (None, "percent", None),
    ],
)
def test_figure_label_names_what_is_counted(
    context: str | None, unit: str, expected: str | None
) -> None:
    figure = Figure(text="2", value=2.0, unit=unit, span=span(), context=context)
    assert figure_label(figure) == expected


def test_one_figure_per_label_the_first_being_the_article_s_main_one() -> None:
    figures = (
        Figure(text="2.3%", value=2.3, unit="percent", span=span(), context="inflation"),
        Figure(text="1.9%", value=1.9, unit="percent", span=span(), context="year"),
        Figure(text="2.6%", value=2.6, unit="percent", span=span(), context="inflation"),
        Figure(text="2.7%", value=2.7, unit="percent", span=span(), context="core inflation"),
        Figure(text="2%", value=2.0, unit="percent", span=span(), context="rate"),
    )
    item = dataclasses.replace(bare(), figures=figures)
    assert [(f.label, f.value_text) for f in brief_content(item).figures] == [
        ("inflation", "2.3 %"),
        ("core inflation", "2.7 %"),
    ]
    assert section(docx_of(item), "Key figures") == ["2.3 %  inflation", "2.7 %  core inflation"]


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


def party(name: str, kind: EntityType, *mentions: tuple[int, int]) -> Entity:
    """An entity with mentions given as (block, start); block -1 is the headline."""
    spans = tuple(Span(block=b, start=s, end=s + len(name)) for b, s in mentions)
    return Entity(name=name, type=kind, mentions=spans)


def test_who_is_the_named_subject_of_a_claim_headline() -> None:
    headline = "Vietnam's VinaTech signs chip deal with Korea's Hanmo"
    item = dataclasses.replace(
        bare(headline),
        entities=(
            party("Vietnam", EntityType.PLACE, (-1, 0)),
            party("VinaTech", EntityType.ORGANISATION, (-1, 10), (0, 0)),
            party("Hanmo", EntityType.ORGANISATION, (-1, 48), (0, 30), (1, 0), (1, 20)),
        ),
    )
    assert brief_content(item).who == "VinaTech"  # not Hanmo, named more but the object


def test_who_is_none_when_the_claim_s_subject_is_no_named_party() -> None:
    headline = "U.S. military personnel sustain injuries in raid targeting ISIS"
    item = dataclasses.replace(
        bare(headline),
        entities=(
            party("United States", EntityType.PLACE, (-1, 0), (0, 40)),
            party("ISIS", EntityType.ORGANISATION, (-1, 59), (0, 10), (1, 5)),
            party("Patrick Ryder", EntityType.PERSON, (0, 0), (0, 50), (1, 0)),
        ),
    )
    assert brief_content(item).who is None
    assert brief_content(item).where == "United States"


def test_who_after_a_label_headline_is_the_clearly_most_named_party_of_the_lead() -> None:
    entities = (
        party("Anna Berg", EntityType.PERSON, (0, 0), (1, 0), (1, 30)),
        party("Lindholm Council", EntityType.ORGANISATION, (0, 20)),
        party("Ole Dahl", EntityType.PERSON, (5, 0), (6, 0), (7, 0), (8, 0)),  # not the lead
    )
    item = dataclasses.replace(bare("Harbour dredging in figures"), entities=entities)
    assert brief_content(item).who == "Anna Berg"
    tied = (*entities, party("Fiskeri AS", EntityType.ORGANISATION, (0, 40), (1, 50), (1, 70)))
    assert brief_content(dataclasses.replace(item, entities=tied)).who is None


def test_where_is_none_when_no_place_is_named_in_headline_or_lead() -> None:
    far = (party("Oslo", EntityType.PLACE, (6, 0), (7, 0), (8, 0)),)
    item = dataclasses.replace(bare("Harbour dredging in figures"), entities=far)
    assert item.dateline is None
    assert brief_content(item).where is None


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
