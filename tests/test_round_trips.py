"""Round trips through every format that has both a writer and a reader.

Generated items (any Unicode, any punctuation, right-to-left text, every block kind,
links, empty or full optional fields) go out in a format and back through its reader;
what the format can carry must come back. The official examples do the same for ninjs.
"""

from __future__ import annotations

import dataclasses
import io
import json
import unicodedata
from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from docexport import render
from docexport.errors import DocExportError
from docexport.limits import check_item
from docexport.model import Block, BlockKind, Link, NewsItem, Rights, Source, make_guid
from docexport.normalise import normalise_line
from docexport.readers import get_reader, read_data
from docexport.writers import WriterOptions
from tests.conftest import shared_path

OPTIONS = WriterOptions(generated=datetime(2025, 1, 2, 3, 4, 5, tzinfo=UTC))
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))

# Printable text in every script, punctuation and symbols included; XML-forbidden
# characters are the boundary's business (tests/hostile), not a round trip's.
TEXT = (
    st.text(
        st.characters(
            categories=["L", "M", "N", "P", "S", "Zs"], exclude_characters="\u00a0\u202f"
        ),
        min_size=1,
        max_size=60,
    )
    .map(lambda text: normalise_line(unicodedata.normalize("NFC", text)))
    .filter(bool)
)  # readers give NFC text (a documented normalisation), so generated items are NFC too
RTL = st.sampled_from(["مرحبا بالعالم، هذا نص.", "שלום עולם, זה טקסט.", "سلام دنیا"])
LINE = st.one_of(TEXT, RTL)


@st.composite
def blocks(draw: st.DrawFn) -> Block:
    kind = draw(st.sampled_from(list(BlockKind)))
    text = draw(LINE)
    links: tuple[Link, ...] = ()
    if kind is not BlockKind.PREFORMATTED and draw(st.booleans()):
        # Readers trim spaces at a link's ends (a documented normalisation): end on a letter.
        ends = [i + 1 for i, c in enumerate(text) if not c.isspace()]
        links = (
            Link(start=0, end=draw(st.sampled_from(ends)), href="https://example.com/a?b=1&c=2"),
        )
    return Block(
        kind=kind,
        text=text,
        level=draw(st.integers(2, 4)) if kind is BlockKind.HEADING else None,
        ordered=draw(st.booleans()) if kind is BlockKind.LIST_ITEM else False,
        links=links,
    )


@st.composite
def items(draw: st.DrawFn) -> NewsItem:
    headline = draw(LINE)
    body = (Block(text=draw(LINE)), *draw(st.lists(blocks(), max_size=5)))
    optional = st.one_of(st.none(), LINE)
    holder = draw(optional)
    return NewsItem(
        guid=make_guid(headline, [b.text for b in body], None),
        headline=headline,
        body=body,
        source=Source(file_name="generated.txt", sha256="0" * 64, encoding="utf-8", size=1),
        language=draw(st.sampled_from(["en", "ar", "he", "fr", "und", "zh-Hant"])),
        bylines=tuple(
            draw(st.lists(LINE.filter(lambda s: " and " not in s), max_size=2, unique=True))
        ),
        provider=draw(optional),
        rights=Rights(holder=holder) if holder else None,
        urgency=draw(st.one_of(st.none(), st.integers(1, 9))),
        created=draw(st.one_of(st.none(), st.dates(*_YEARS))),
    )


_YEARS = (datetime(1950, 1, 1).date(), datetime(2100, 1, 1).date())  # noqa: DTZ001


def through(item: NewsItem, fmt: str, reader: str) -> NewsItem:
    out = io.BytesIO()
    render(item, fmt, out, OPTIONS)
    return read_data(out.getvalue(), "generated.txt", get_reader(reader))


def _texts(item: NewsItem) -> list[tuple[str, str]]:
    return [(b.kind.value, b.text) for b in item.body]


@SETTINGS
@given(item=items())
def test_json_round_trip_is_the_same_item(item: NewsItem) -> None:
    check_item(item)
    assert through(item, "json", "json") == item


@SETTINGS
@given(item=items())
def test_newsml_keeps_what_newsml_carries(item: NewsItem) -> None:
    back = through(item, "newsml", "newsml")
    assert (back.guid, back.headline, back.language) == (item.guid, item.headline, item.language)
    assert _texts(back) == _texts(item)
    assert [b.links for b in back.body] == [b.links for b in item.body]
    assert [(b.level, b.ordered) for b in back.body] == [(b.level, b.ordered) for b in item.body]
    assert (back.provider, back.rights, back.urgency) == (item.provider, item.rights, item.urgency)
    assert back.created == item.created
    assert back.bylines == item.bylines


@SETTINGS
@given(item=items())
def test_ninjs_keeps_what_ninjs_carries(item: NewsItem) -> None:
    for version in ("3.1", "2.2"):
        out = io.BytesIO()
        render(item, "ninjs", out, dataclasses.replace(OPTIONS, ninjs_version=version))
        back = read_data(out.getvalue(), "generated.json", get_reader("ninjs"))
        assert back.headline == item.headline
        assert [b.text for b in back.body] == [b.text for b in item.body]
        assert back.rights == item.rights
        assert back.urgency == item.urgency


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(item=items())
def test_our_word_briefing_reads_back_to_its_headline_and_text(item: NewsItem) -> None:
    try:
        back = through(item, "docx", "docx")
    except DocExportError as exc:  # the briefing refuses nothing a reader accepted
        pytest.fail(str(exc))
    assert back.headline == item.headline
    assert [b.text for b in back.body] == [b.text for b in item.body]


def _ninjs_examples() -> list[str]:
    return [f"{v}_00{n}_{kind}_text_article.json" for v in ("3.1", "2.2")
            for n, kind in ((4, "simple"), (5, "complex"))]  # fmt: skip


@pytest.mark.parametrize("name", _ninjs_examples())
def test_official_ninjs_examples_round_trip(name: str) -> None:
    original: dict[str, Any] = json.loads(shared_path("ninjs", "examples", name).read_text("utf-8"))
    item = read_data(json.dumps(original).encode(), name, get_reader("ninjs"))
    out = io.BytesIO()
    render(item, "ninjs", out, WriterOptions(ninjs_version=name[:3]))
    again = json.loads(out.getvalue())
    # Documented additions: what every ninjs we write states (standard, version,
    # pubStatus) and the language, which the reader guesses when the source has none.
    added = {"standard", "version", "pubStatus", "pubstatus", "language"}
    assert {k: v for k, v in again.items() if k not in added} == {
        k: v for k, v in original.items() if k not in added
    }
