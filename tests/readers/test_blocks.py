"""``InlineText``, the accumulator behind every markup reader: whitespace and link offsets."""

from __future__ import annotations

import pytest

from docexport.readers.blocks import InlineText


def joined(*pieces: str) -> str:
    line = InlineText()
    for piece in pieces:
        line.add(piece)
    return line.finish()[0]


@pytest.mark.parametrize(
    ("pieces", "text"),
    [
        (("Storm closes the harbour",), "Storm closes the harbour"),
        (("Storm  closes\tthe\nharbour",), "Storm closes the harbour"),
        (("Storm\tcloses\nthe\u3000harbour\u2028now",), "Storm closes the harbour now"),
        (("Storm \u2028 closes\u3000the  \r\n harbour ",), "Storm closes the harbour"),
        (("Storm ", " closes", "\n", "the", " ", "harbour"), "Storm closes the harbour"),
        (("12\xa0000 ships\u202fin ",), "12\xa0000 ships\u202fin"),  # no-break spaces stay
        (("Ünïcödé  wörds\u00a0 ", "über"), "Ünïcödé wörds\xa0 über"),
    ],
)
def test_whitespace_runs_collapse_to_one_space_across_pieces(
    pieces: tuple[str, ...], text: str
) -> None:
    assert joined(*pieces) == text


def test_a_link_starts_at_its_first_character_after_collapsed_space() -> None:
    line = InlineText()
    line.add("Read  the\t")
    line.open_link("https://example.org/report")
    line.add("  full report ")
    line.close_link()
    line.add("\n today.")
    text, links = line.finish(trim_links=True)
    assert text == "Read the full report today."
    assert text[links[0].start : links[0].end] == "full report"


def test_preformatted_text_keeps_its_runs() -> None:
    line = InlineText(preformatted=True)
    line.add("a  b\n\tc")
    assert line.finish()[0] == "a  b\n\tc"
