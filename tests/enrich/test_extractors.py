"""Quotes, figures, subjects and the summary, on small texts and on the seed."""

from __future__ import annotations

import pytest

from docexport.enrich import enrich
from docexport.model import validate_dict
from docexport.readers.text import read_bytes
from tests.conftest import SEED, article


def run(*paragraphs: str, headline: str = "Headline"):
    return enrich(read_bytes(article(headline, *paragraphs).encode(), "t.txt"))


@pytest.fixture(scope="module")
def seed():
    return enrich(read_bytes(SEED.read_bytes(), SEED.name))


def test_seed_scare_quote_resurgent_is_not_a_quotation(seed) -> None:
    # a "resurgent" threat: one word worked into the writer's sentence (issue #13)
    assert seed.quotes == ()


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ('"We will not retreat," said Joachim Wendt.', "Joachim Wendt"),
        ('"We will not retreat," Joachim Wendt told reporters.', "Joachim Wendt"),
        ('Joachim Wendt said: "We will not retreat."', "Joachim Wendt"),
        ('"We will not retreat", according to Joachim Wendt.', "Joachim Wendt"),
        ('"Nothing changes," an official said.', None),
    ],
)
def test_quote_speakers(text: str, speaker: str | None) -> None:
    item = run(text)
    assert [(q.text.rstrip(".,"), q.speaker) for q in item.quotes] == [
        (item.quotes[0].text.rstrip(".,"), speaker)
    ]
    assert "retreat" in item.quotes[0].text or "Nothing" in item.quotes[0].text


def test_pronoun_and_continuation_quotes() -> None:
    item = run('Finance Minister Anna Berg spoke first. "Rates must fall," she said. "And soon."')
    assert [q.speaker for q in item.quotes] == ["Anna Berg", "Anna Berg"]


@pytest.mark.parametrize(
    ("text", "figure", "value", "unit"),
    [
        ("The fund raised $250 million in May.", "$250 million", 250e6, "USD"),
        ("It cost €1.2bn last year.", "€1.2bn", 1.2e9, "EUR"),
        ("Borrowing hit £12bn.", "£12bn", 12e9, "GBP"),
        ("Growth slowed to 3.5 percent.", "3.5 percent", 3.5, "percent"),
        ("Inflation was 2.1% in March.", "2.1%", 2.1, "percent"),
        ("Rates rose 50 basis points.", "50 basis points", 50, "basis points"),
        ("There are roughly 40,000 US troops there.", "roughly 40,000 US troops", 40000, "troops"),
        ("The plan costs 250 million euros.", "250 million euros", 250e6, "EUR"),
    ],
)
def test_figures(text: str, figure: str, value: float, unit: str) -> None:
    figures = run(text).figures
    assert [(f.text, f.value, f.unit) for f in figures] == [(figure, value, unit)]
    # what each figure counts (Figure.context) is tested in tests/enrich/test_figures.py


@pytest.mark.parametrize(
    "text",
    ["MI5 and the G20 met in 2024.", "The score was 2-1 on March 6.", "It was the 13th time."],
)
def test_not_figures(text: str) -> None:
    assert run(text).figures == ()


def test_seed_subjects_are_official_media_topics(seed, mediatopics) -> None:
    qcodes = [s.qcode for s in seed.subjects]
    assert qcodes[0] == "medtop:20000056"  # a raid on ISIS: armed conflict first
    assert "medtop:20000598" in qcodes  # defence
    for subject in seed.subjects:
        assert mediatopics[subject.qcode]["label"] == subject.name


def test_seed_summary_is_extractive(seed) -> None:
    summary = seed.summary
    sentences = " ".join(b.text for b in seed.body)
    # The core fact first (the headline's claim, then the raid), not the aftermath.
    assert summary.bluf.startswith("U.S. military personnel sustain injuries during Iraq raid")
    # The claim is followed by the first fact it leaves out, not by a continuation.
    assert "both individuals involved are in a stable condition" in summary.bluf
    assert "then mentioned" not in summary.bluf
    assert not summary.bluf.startswith("According to Major General Patrick Ryder")
    assert 3 <= len(summary.key_points) <= 5
    for point in summary.key_points:
        assert point[1:] in sentences  # first letter may be re-capitalised
        assert not point.startswith(("He ", "She ", "Furthermore", "Lastly"))


def test_enriched_item_validates_and_round_trips(seed) -> None:
    data = seed.to_dict()
    validate_dict(data)
    assert {"entities", "quotes", "figures", "subjects", "summary"} <= data.keys()
    assert type(seed).from_dict(data) == seed


def test_an_item_with_nothing_to_extract() -> None:
    item = run("it rained all day and nobody came.")
    assert item.entities == ()
    assert item.quotes == ()
    assert item.figures == ()
    assert item.subjects == ()
    assert item.summary.bluf == "It rained all day and nobody came."  # sentence case only
    assert item.summary.key_points == ()


def test_enrichment_keeps_what_the_input_carries_and_fills_only_empty_slots() -> None:
    import dataclasses  # noqa: PLC0415

    from docexport.enrich import enrich  # noqa: PLC0415
    from docexport.model import Origin, Subject  # noqa: PLC0415
    from docexport.readers.text import read_bytes  # noqa: PLC0415
    from tests.conftest import SEED  # noqa: PLC0415

    given = Subject(qcode="medtop:20000053", name="act of terror", origin=Origin.SOURCE)
    item = dataclasses.replace(read_bytes(SEED.read_bytes(), SEED.name), subjects=(given,))
    enriched = enrich(item)
    assert enriched.subjects[0] == given  # the publisher's coding first, untouched
    added = enriched.subjects[1:]
    assert added and all(s.origin is Origin.MACHINE for s in added)
    assert given.qcode not in {s.qcode for s in added}
    assert enriched.summary is not None and enriched.quotes is not None
    assert enrich(enriched) == enriched  # nothing left to fill
