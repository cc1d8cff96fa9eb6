"""Items for writer tests: the seed with a hand-made enrichment, and stress articles.

The enrichment here is written by hand (not by ``docexport.enrich``) so that writer tests
do not depend on the extractor's accuracy: they check that writers carry what the model
holds, whatever produced it.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from docexport.model import Entity, EntityType, Figure, NewsItem, Quote, Span, Subject, Summary
from docexport.readers.text import read_bytes
from tests.conftest import SEED, article, system_tool


def _spans(item: NewsItem, needle: str) -> tuple[Span, ...]:
    spans = []
    for index, block in enumerate(item.body):
        start = block.text.find(needle)
        while start != -1:
            spans.append(Span(block=index, start=start, end=start + len(needle)))
            start = block.text.find(needle, start + 1)
    return tuple(spans)


def _entity(item, name, kind, *forms, titles=(), country=None) -> Entity:
    found = {s for form in (name, *forms) for s in _spans(item, form)}
    inner = {
        s
        for s in found
        for o in found
        if o != s and o.block == s.block and o.start <= s.start and s.end <= o.end
    }
    mentions = tuple(sorted(found - inner, key=lambda s: (s.block, s.start)))
    return Entity(
        name=name,
        type=kind,
        mentions=mentions,
        titles=titles,
        country_code=country,
        place_kind="country" if country else None,  # every coded place here is a country
    )


def enrich_by_hand(item: NewsItem) -> NewsItem:
    """The seed with entities, quotes, figures, subjects and a summary, as enrichment would."""
    P, ORG, L = EntityType.PERSON, EntityType.ORGANISATION, EntityType.PLACE
    entities = (
        _entity(item, "Patrick Ryder", P, "Ryder", titles=("Major General",)),
        _entity(item, "Erik Kurilla", P, titles=("Gen.",)),
        _entity(item, "Ken McCallum", P),
        _entity(item, "ISIS", ORG),
        _entity(item, "CENTCOM", ORG),
        _entity(item, "MI5", ORG),
        _entity(item, "Hezbollah", ORG),
        _entity(item, "Hamas", ORG),
        _entity(item, "al Qaeda", ORG),
        _entity(item, "Iraq", L, country="IQ"),
        _entity(item, "United States", L, "US", country="US"),
        _entity(item, "Middle East", L),
        _entity(item, "Syria", L, country="SY"),
        _entity(item, "Israel", L, country="IL"),
        _entity(item, "United Kingdom", L, country="GB"),
    )
    quote_span = _spans(item, '"resurgent"')[0]
    figure_span = _spans(item, "roughly 40,000 US troops")[0]
    return NewsItem(
        **{
            f: getattr(item, f)
            for f in (
                "guid",
                "headline",
                "body",
                "source",
                "language",
                "version",
                "created",
                "bylines",
                "dateline",
            )
        },
        entities=entities,
        quotes=(Quote(text="resurgent", speaker="Ken McCallum", span=quote_span),),
        figures=(
            Figure(
                text="roughly 40,000 US troops",
                value=40000,
                unit="troops",
                span=figure_span,
                context=item.body[figure_span.block].text,
            ),
        ),
        subjects=(
            Subject(qcode="medtop:16000000", name="conflict, war and peace"),
            Subject(qcode="medtop:20000053", name="act of terror"),
            Subject(qcode="medtop:11000000", name="politics"),
        ),
        summary=Summary(
            bluf=(
                "Two US service members were injured in a joint US-Iraqi raid on ISIS leaders "
                "in Iraq, the Pentagon said; both are stable."
            ),
            key_points=(
                "CENTCOM and Iraqi security forces targeted several high-ranking ISIS leaders.",
                "Several ISIS operatives were killed; whether the leaders died is unconfirmed.",
                "Roughly 40,000 US troops are in the Middle East as regional tensions rise.",
                'MI5\'s Ken McCallum warns ISIS and al Qaeda present a "resurgent" threat.',
            ),
        ),
    )


@pytest.fixture
def seed_item() -> NewsItem:
    return read_bytes(SEED.read_bytes(), SEED.name)


@pytest.fixture
def enriched_item(seed_item: NewsItem) -> NewsItem:
    return enrich_by_hand(seed_item)


# Every metadata field the reader knows: ISO date-time, two bylines, a dateline with agency.
DATELINED_TEXT = article(
    "Rates held",
    "By Jane Reporter and Li Wei",
    "FRANKFURT (Reuters) — The ECB held rates.",
    "Second paragraph.",
    date="2024-10-22T09:30:00+02:00",
)

LONG_URL = "https://example.org/" + "a1b2c3/" * 855  # about 6,000 characters, no spaces
LONG_WORD = "Donaudampfschifffahrt" * 381  # about 8,000 characters, unbreakable

STRESS_TEXTS = {
    "three-lines": article("Short item", "One line of body."),
    "sixty-paragraphs": article(
        "A very long report",
        *[
            f"Paragraph {i}: " + "The committee reviewed the evidence in detail. " * 6
            for i in range(1, 61)
        ],
    ),
    "long-url": article("Link dump", "See " + LONG_URL + " for details.", "After the link."),
    "long-word": article("Compound", LONG_WORD, "Then normal text."),
    "latin-diacritics": article(
        "Žluťoučký kůň úpěl ďábelské ódy",
        "Łódź, Kraków and São Paulo: façade, naïve, smörgåsbord, Ærøskøbing, İstanbul.",
    ),
    "cyrillic": article(
        "Правительство объявило план", "Министр заявил, что реформа начнётся в январе."
    ),
    "greek": article(
        "Η κυβέρνηση ανακοίνωσε σχέδιο",
        "Ο υπουργός δήλωσε ότι η μεταρρύθμιση ξεκινά τον Ιανουάριο.",
    ),
    "arabic": article(
        "الحكومة تعلن خطة اقتصادية جديدة",
        "أعلنت الحكومة اليوم عن خطة جديدة للاقتصاد الوطني تبدأ في يناير.",
    ),
    "hebrew": article("הממשלה הודיעה על תוכנית חדשה", "השר אמר שהרפורמה תתחיל בינואר."),
    "chinese": article("政府宣布新的经济计划", "政府今天宣布了新的经济计划，改革将于一月开始。"),
}


@pytest.fixture(params=sorted(STRESS_TEXTS))
def stress_item(request: pytest.FixtureRequest) -> NewsItem:
    return read_bytes(STRESS_TEXTS[request.param].encode("utf-8"), f"{request.param}.txt")


def stress(name: str) -> NewsItem:
    return read_bytes(STRESS_TEXTS[name].encode("utf-8"), f"{name}.txt")


def poppler(tool: str, data: bytes, tmp_path: Path) -> str:
    """What a poppler tool (``pdftotext``, ``pdffonts`` ...) prints for the PDF ``data``."""
    system_tool(tool)
    path = tmp_path / "brief.pdf"
    path.write_bytes(data)
    args = [tool, str(path), "-"] if tool == "pdftotext" else [tool, str(path)]
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout
