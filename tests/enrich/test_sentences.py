"""The sentence splitter on hand-written examples of each pattern of issue #13, and key
points that are whole sentences."""

from __future__ import annotations

import pytest

from docexport.enrich.summary import summarise
from docexport.enrich.text import split_sentences


def texts(text: str) -> list[str]:
    return [s.text for s in split_sentences(0, text)]


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        # titles before a name never end a sentence
        (
            "Gen. Mara Oduya met Dr. Ilse Brandt. They talked.",
            ["Gen. Mara Oduya met Dr. Ilse Brandt.", "They talked."],
        ),
        # dotted acronyms, inside brackets too, end one only before a usual sentence opener
        (
            "Sales of U.S. cars rose. Exports (U.S. data show) fell.",
            ["Sales of U.S. cars rose.", "Exports (U.S. data show) fell."],
        ),
        (
            "The plant moved to the U.S. The old one closed.",
            ["The plant moved to the U.S.", "The old one closed."],
        ),
        (
            "The talks ended (U.S. officials left early). Prices fell.",
            ["The talks ended (U.S. officials left early).", "Prices fell."],
        ),
        # company suffixes and numbered abbreviations
        (
            "Hollin Corp. Chairman Ray Tull resigned. Hollin Corp. The firm denied it.",
            ["Hollin Corp. Chairman Ray Tull resigned.", "Hollin Corp.", "The firm denied it."],
        ),
        (
            "She is ranked No. 3 after Jan. 12. He said no. Then he left.",
            ["She is ranked No. 3 after Jan. 12.", "He said no.", "Then he left."],
        ),
        (
            "The plant in Fresno, Calif. opened. Its owner was ill. Doctors came.",
            ["The plant in Fresno, Calif. opened.", "Its owner was ill.", "Doctors came."],
        ),
        # initials
        (
            "J. R. R. Tolkien wrote it. George W. Bush read it.",
            ["J. R. R. Tolkien wrote it.", "George W. Bush read it."],
        ),
        # decimals, inner dots and ellipses
        (
            "Growth was 2.5 percent in U.S.-led markets. Rates held.",
            ["Growth was 2.5 percent in U.S.-led markets.", "Rates held."],
        ),
        (
            "He paused ... then went on. It was late... Nobody stayed.",
            ["He paused ... then went on.", "It was late...", "Nobody stayed."],
        ),
        # a sentence ending inside a quotation keeps its closing mark
        ('"We will win." He left.', ['"We will win."', "He left."]),
        ("“We will win.” He left.", ["“We will win.”", "He left."]),
        # a quotation of several sentences stays whole
        (
            '"Rates must fall. They will fall soon," Ana Ruiz said. Markets rose.',
            ['"Rates must fall. They will fall soon," Ana Ruiz said.', "Markets rose."],
        ),
        (
            "Ruiz said: “Rates must fall. They will.” Markets rose.",
            ["Ruiz said: “Rates must fall. They will.”", "Markets rose."],
        ),
        # a question or exclamation inside a quotation, then the attribution
        (
            '"Why now?" she asked. "Because!" he said.',
            ['"Why now?" she asked.', '"Because!" he said.'],
        ),
        # "e.g." before a lower-case word
        (
            "Some crops, e.g. maize, failed. Others grew.",
            ["Some crops, e.g. maize, failed.", "Others grew."],
        ),
    ],
)
def test_split(text: str, sentences: list[str]) -> None:
    assert texts(text) == sentences


def test_a_quotation_never_closed_is_cut_as_prose() -> None:
    # Reuters leaves a quotation open when it runs on to the next paragraph.
    assert texts('"We are ready. The army is ready.') == ['"We are ready.', "The army is ready."]


def test_offsets_point_at_the_text_and_line_breaks_end_sentences() -> None:
    text = "  First one. Second one.\nThird"
    found = split_sentences(4, text)
    assert [s.text for s in found] == ["First one.", "Second one.", "Third"]
    for sentence in found:
        assert sentence.block == 4
        assert text[sentence.start : sentence.end] == sentence.text


def test_cjk_stops_need_no_space() -> None:
    assert texts("今天下雨。明天晴！") == ["今天下雨。", "明天晴！"]


def test_key_points_are_whole_sentences_never_half_a_quotation() -> None:
    paragraphs = [
        "Parliament in Valdora approved the new water tariff on Tuesday after a long debate.",
        (
            '"The tariff protects poor households. It also funds new pipes for the northern '
            'districts," said Energy Minister Tomas Ekberg after the vote in the capital.'
        ),
        (
            "The opposition said the tariff would raise prices for farmers in the dry south "
            "(U.S. advisers had warned of this) and vowed to fight it."
        ),
        '"We will take this to the courts. Farmers cannot pay more for water this year.',
        (
            "Water prices for farmers in the south rose sharply last year after the long "
            "drought hit the region."
        ),
    ]
    sentences = [s for i, p in enumerate(paragraphs) for s in split_sentences(i, p)]
    summary = summarise("Valdora approves water tariff", sentences, ())
    assert summary is not None
    whole = {s.text for s in sentences}
    for point in summary.key_points:
        assert point in whole
        assert point.count('"') % 2 == 0  # never a half quotation
    chosen = [summary.bluf, *summary.key_points]
    assert any(p.startswith('"The tariff protects') for p in chosen)
    assert any("(U.S. advisers had warned of this) and vowed" in p for p in chosen)
    assert not any("We will take" in p for p in chosen)
    assert not any("Farmers cannot pay" in p for p in chosen)  # inside the open quotation
