"""Markdown output: front matter and CommonMark the Markdown reader reads back exactly.

Round trips go through ``read_data`` with the Markdown reader (the real boundary, limits
included); structure is checked with markdown-it-py, the parser the reader uses.
"""

from __future__ import annotations

import dataclasses
import io
import unicodedata
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from docexport.model import Block, BlockKind, Dateline, Link, NewsItem, Rights
from docexport.normalise import normalise_line
from docexport.readers import get_reader, read_data
from docexport.readers.text import read_bytes, split_bylines, split_dateline
from docexport.writers import WriterOptions, create_writer
from docexport.writers.markdown import MarkdownWriter
from tests.conftest import article
from tests.writers.conftest import DATELINED_TEXT, stress

P, H, Q, L, PRE = (
    BlockKind.PARAGRAPH,
    BlockKind.HEADING,
    BlockKind.BLOCKQUOTE,
    BlockKind.LIST_ITEM,
    BlockKind.PREFORMATTED,
)


_BASE = read_bytes(article("Base", "x").encode(), "a.txt")


def _write(item: NewsItem) -> str:
    out = io.BytesIO()
    MarkdownWriter(WriterOptions()).write(item, out)
    return out.getvalue().decode("utf-8")


def _read(markdown: str) -> NewsItem:
    return read_data(markdown.encode("utf-8"), "x.md", get_reader("markdown"))


def _front(markdown: str) -> dict[str, Any]:
    head, _, _ = markdown.removeprefix("---\n").partition("\n---\n")
    loaded: dict[str, Any] = yaml.safe_load(head)
    return loaded


def _tokens(markdown: str) -> list[str]:
    """Block token types of the body (after the front matter), as the reader's parser sees it."""
    body = markdown.removeprefix("---\n").partition("\n---\n")[2]
    parser = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
    return [t.type for t in parser.parse(body) if t.type != "inline"]


def _inline_types(markdown: str) -> set[str]:
    body = markdown.removeprefix("---\n").partition("\n---\n")[2]
    parser = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
    return {c.type for t in parser.parse(body) for c in t.children or ()}


def _shape(item: NewsItem) -> list[tuple[Any, ...]]:
    return [(b.kind, b.text, b.level, b.ordered, b.links) for b in item.body]


def _text_item(text: str) -> NewsItem:
    return read_bytes(text.encode("utf-8"), "a.txt")


def _differences(one: NewsItem, other: NewsItem) -> set[str]:
    """Fields that differ, ``source`` aside (the bytes read are different files)."""
    return {
        f.name
        for f in dataclasses.fields(NewsItem)
        if f.name != "source" and getattr(one, f.name) != getattr(other, f.name)
    }


# --- the writer and the articles ----------------------------------------------------------


def test_registered_as_md() -> None:
    writer = create_writer("md")
    assert isinstance(writer, MarkdownWriter)
    assert (writer.media_type, writer.extension, writer.binary) == (
        "text/markdown; charset=utf-8",
        ".md",
        False,
    )


def test_seed_enriched_summary_is_front_matter_marked_machine_made(enriched_item) -> None:
    markdown = _write(enriched_item)
    front = _front(markdown)
    assert front["summary"] == enriched_item.summary.bluf
    assert front["key_points"] == list(enriched_item.summary.key_points)
    assert front["summary_origin"] == "machine"
    assert front["date"] == "2024-10-22"
    assert f"\n---\n\n# {enriched_item.headline}\n\n{enriched_item.body[0].text}\n\n" in markdown
    assert _tokens(markdown)[:3] == ["heading_open", "heading_close", "paragraph_open"]
    assert _tokens(markdown).count("paragraph_open") == len(enriched_item.body)
    back = _read(markdown)
    # The article is back as it was; the enrichment is not the article's (the reader keeps
    # the machine summary in extra, and writes it out again from there).
    assert _differences(enriched_item, back) == {
        "entities",
        "quotes",
        "figures",
        "subjects",
        "summary",
        "extra",
    }
    assert back.guid == enriched_item.guid
    assert _front(_write(back)) == front


def test_datelined_article_round_trips_every_field() -> None:
    item = _text_item(DATELINED_TEXT)
    markdown = _write(item)
    assert _front(markdown) == {
        "title": "Rates held",
        "date": "2024-10-22T09:30:00+02:00",
        "bylines": ["Jane Reporter", "Li Wei"],
        "dateline": "FRANKFURT (Reuters)",
        "credit": "Reuters",
        "language": "en",
    }
    assert "date: '2024-10-22T09:30:00+02:00'" in markdown  # quoted: read as text
    back = _read(markdown)
    assert _differences(item, back) == set()
    assert back.created.isoformat() == "2024-10-22T09:30:00+02:00"
    assert _write(back) == markdown


def test_undated_article_has_no_date() -> None:
    item = _text_item(article("No date here", "Body text.", date=None))
    markdown = _write(item)
    assert "date" not in _front(markdown)
    back = _read(markdown)
    assert back.created is None
    assert _differences(item, back) == set()


def test_arabic_article_is_written_as_text_and_reads_back() -> None:
    item = stress("arabic")
    markdown = _write(item)
    assert f"# {item.headline}\n" in markdown
    assert f"title: {item.headline}\n" in markdown  # allow_unicode: no \u escapes
    back = _read(markdown)
    assert _differences(item, back) == set()


def test_every_block_kind_parses_to_its_markdown_structure() -> None:
    item = dataclasses.replace(
        _text_item(article("Blocks", "x")),
        body=(
            Block(
                text="Intro with a link.",
                links=(Link(start=13, end=17, href="https://a.example/"),),
            ),
            Block(kind=H, text="Section", level=2),
            Block(kind=H, text="Sub", level=3),
            Block(kind=Q, text="A quote."),
            Block(kind=L, text="one"),
            Block(kind=L, text="two"),
            Block(kind=L, text="first", ordered=True),
            Block(kind=L, text="second", ordered=True),
            Block(kind=PRE, text="code ``` with\n  indented\tlines"),
            Block(text="Mail [me].", links=(Link(start=5, end=9, href="mailto:me@a.example"),)),
        ),
    )
    markdown = _write(item)
    assert "[link](https://a.example/)" in markdown
    assert "````\ncode ``` with\n  indented\tlines\n````" in markdown
    assert "- one\n- two\n\n1. first\n2. second" in markdown
    assert _tokens(markdown) == [
        *("heading_open", "heading_close", "paragraph_open", "paragraph_close"),
        *("heading_open", "heading_close", "heading_open", "heading_close"),
        *("blockquote_open", "paragraph_open", "paragraph_close", "blockquote_close"),
        "bullet_list_open",
        *("list_item_open", "paragraph_open", "paragraph_close", "list_item_close") * 2,
        "bullet_list_close",
        "ordered_list_open",
        *("list_item_open", "paragraph_open", "paragraph_close", "list_item_close") * 2,
        "ordered_list_close",
        "fence",
        *("paragraph_open", "paragraph_close"),
    ]
    back = _read(markdown)
    assert _shape(back) == _shape(item)
    assert back.headline == "Blocks"


def test_unsafe_links_leave_their_text_and_never_make_an_image() -> None:
    base = _text_item(article("Links", "x"))
    body = (
        Block(text="Click here now", links=(Link(start=6, end=10, href="javascript:alert(1)"),)),
        Block(text="Wow!this", links=(Link(start=4, end=8, href="https://a.example/(x)&amp;"),)),
    )
    markdown = _write(dataclasses.replace(base, body=body))
    assert "javascript" not in markdown
    assert "Wow\\![this](https://a.example/\\(x\\)\\&amp;)" in markdown
    assert "image" not in _inline_types(markdown)
    back = _read(markdown)
    assert back.body[0] == Block(text="Click here now")
    assert back.body[1] == body[1]


def test_non_ascii_addresses_come_back_percent_encoded() -> None:
    # markdown-it normalises link addresses (as a browser would): the same URL, encoded.
    base = _text_item(article("Links", "x"))
    body = (Block(text="café", links=(Link(start=0, end=4, href="https://a.example/café"),)),)
    back = _read(_write(dataclasses.replace(base, body=body)))
    assert back.body[0].links == (Link(start=0, end=4, href="https://a.example/caf%C3%A9"),)


# --- escaping -----------------------------------------------------------------------------

# fmt: off
HOSTILE = [
    "# not a heading", "## nor this ##", "1. not a list", "2) nor this", "1.5 million is a number",
    "- not a bullet", "+ nor this", "* nor this", "> not a quote", "| a | b |", "```not code",
    "~~~ nor this", "~~not struck~~", "*not emphasis* and _nor this_ and **this**",
    "[not a link](https://a.example/) nor [ref][1]", "[1]: https://a.example/",
    "![not an image](x.png)", "<b>not HTML</b> <!-- nor this --> <https://a.example/>", "<div>",
    "&amp; &#35; &#x41; &copy; are not entities, AT&T stays", "back\\slash \\* \\", "---", "***",
    "===", "`code` ``more``", "Ends with hashes #", "#",
]
# fmt: on


@pytest.mark.parametrize("text", HOSTILE)
def test_markdown_characters_in_article_text_stay_text(text: str) -> None:
    base = _text_item(article("Escapes", "x"))
    body = tuple(
        Block(kind=kind, text=text, level=2 if kind is H else None) for kind in (P, H, Q, L)
    )
    item = dataclasses.replace(base, headline=text, body=body, bylines=("Ana Lima",))
    markdown = _write(item)
    assert _inline_types(markdown) <= {"text", "text_special"}
    back = _read(markdown)
    assert back.headline == text
    assert _shape(back) == _shape(item)


_TRICKY = st.sampled_from(
    [
        *("#", "# ", "##", "1.", "1)", "12. ", "- ", "-", "+ ", "* ", "*", "**", "_", "__"),
        *(">", "> ", "|", "| a |", "`", "```", "~~~", "~~", "~", "[", "]", "[a](http://x)"),
        *("![i](y)", "<", "<b>", "</p>", "<!-- c -->", "<http://a.b>", "&amp;", "&#35;"),
        *("&#x41;", "&copy", "\\", "\\*", "!", "===", "---", "***", "[x]: /u", " ", "\xa0"),
        *("\u202f", "=", "\u0338", "...", "(", ")", "'", '"', "By ", "PARIS (AP) — "),
    ]
)
_CHARS = st.text(st.characters(categories=["L", "M", "N", "P", "S", "Zs"]), max_size=20)
# As readers leave text: NFC, every whitespace run one space, no blanks at the ends.
_LINE = (
    st.lists(st.one_of(_TRICKY, _CHARS), min_size=1, max_size=8)
    .map(lambda parts: normalise_line(unicodedata.normalize("NFC", "".join(parts))))
    .filter(bool)
)
_PRE_LINE = st.text(
    st.characters(categories=["L", "M", "N", "P", "S", "Zs"], include_characters="\t`~")
)
_PREFORMATTED = (
    st.lists(st.one_of(_TRICKY, _PRE_LINE), min_size=1, max_size=5)
    .map(lambda lines: unicodedata.normalize("NFC", "\n".join(lines)).lstrip("\n").rstrip())
    .filter(lambda text: bool(text.strip()))
)
# Addresses markdown-it keeps as written (others come back percent-encoded, the same URL).
_HREF = st.builds(
    "{}://a.example/{}".format,
    st.sampled_from(["http", "https", "HTTPS"]),
    st.text(st.sampled_from("abcXYZ019-._~!$'()*+,;=:@/?#&"), max_size=15),
)


@st.composite
def _blocks(draw: st.DrawFn) -> Block:
    kind = draw(st.sampled_from([P, P, H, Q, L, PRE]))
    if kind is PRE:
        return Block(kind=kind, text=draw(_PREFORMATTED))
    text = draw(_LINE)
    cuts = sorted(set(draw(st.lists(st.integers(0, len(text)), max_size=4))))
    links = []
    for start, end in zip(cuts[::2], cuts[1::2], strict=False):
        if start < end and not text[start].isspace() and not text[end - 1].isspace():
            links.append(Link(start=start, end=end, href=draw(_HREF)))
    return Block(
        kind=kind,
        text=text,
        level=draw(st.integers(2, 6)) if kind is H else None,
        ordered=kind is L and draw(st.booleans()),
        links=tuple(links),
    )


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    headline=_LINE,
    body=st.lists(_blocks(), min_size=1, max_size=6),
    byline=st.booleans(),
    dateline=st.booleans(),
)
def test_any_text_reads_back_exactly(
    headline: str, body: list[Block], byline: bool, dateline: bool
) -> None:
    first = body[0].text if body[0].kind is P else ""
    # Without a byline or dateline, the reader takes a "By …" or "PARIS (AP) —" opening
    # paragraph for one, as it does in any Markdown article: that is reading, not escaping.
    assume(byline or not split_bylines(first))
    assume(dateline or split_dateline(first)[0] is None)
    item = dataclasses.replace(
        _BASE,
        headline=headline,
        body=tuple(body),
        bylines=("Ana Lima",) if byline else (),
        dateline=Dateline(text="LISBON", place="Lisbon") if dateline else None,
    )
    back = _read(_write(item))
    assert back.headline == headline
    assert _shape(back) == _shape(item)


# --- front matter -------------------------------------------------------------------------

# fmt: off
_YAML_TRICKY = st.sampled_from([
    "yes", "No", "null", "~", "2024-01-01", "1.0", "0x1F", "12:30", "'", '"', "#x", "a: b",
    "- x", "[a]", "{b}", "&a", "*x", "!tag", "%x", "@x", "`x", "...", "---", "? x", "|",
])
# fmt: on
_VALUE = st.one_of(_YAML_TRICKY, _LINE)
# The reader splits a byline at "and", "&" and ";" and drops a leading "By ": names
# holding those are not names it can give back.
_NAME = _VALUE.filter(
    lambda n: "and" not in n.split() and not set(n) & set("&;,") and n[:3].casefold() != "by "
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    title=_VALUE,
    subtitle=_VALUE,
    provider=_VALUE,
    credit=_VALUE,
    notice=_VALUE,
    keywords=st.lists(_VALUE, max_size=4, unique=True),
    bylines=st.lists(_NAME, min_size=1, max_size=3, unique=True),
    urgency=st.integers(1, 9),
)
def test_front_matter_values_read_back_as_text(**values: Any) -> None:
    item = dataclasses.replace(
        _BASE,
        headline=values["title"],
        subheadline=values["subtitle"],
        provider=values["provider"],
        credit_line=values["credit"],
        rights=Rights(notice=values["notice"]),
        keywords=tuple(values["keywords"]),
        bylines=tuple(values["bylines"]),
        urgency=values["urgency"],
        slugline="RATES-ECB/2",
    )
    back = _read(_write(item))
    assert back.headline == item.headline
    fields = ("keywords", "subheadline", "provider", "credit_line", "rights", "bylines", "urgency")
    for field in fields:
        assert getattr(back, field) == getattr(item, field), field
    assert back.slugline == "RATES-ECB/2"


@pytest.mark.parametrize(
    "created",
    [
        date(2024, 2, 29),
        datetime(2024, 10, 22, 9, 30, tzinfo=UTC),
        datetime(
            2024, 10, 22, 9, 30, 15, 250000, tzinfo=timezone(timedelta(hours=-3, minutes=-30))
        ),
        datetime(2024, 1, 1, 0, 0, tzinfo=timezone(timedelta(hours=5, minutes=45))),
    ],
)
def test_dates_keep_their_precision_and_offset(created: date) -> None:
    item = dataclasses.replace(_BASE, created=created)
    markdown = _write(item)
    assert _front(markdown)["date"] == created.isoformat()
    back = _read(markdown)
    assert type(back.created) is type(created)
    assert back.created.isoformat() == created.isoformat()


def test_rights_only_as_stated_and_never_docexport() -> None:
    unstated = _write(_BASE)
    assert not {"rights", "rights_holder", "usage_terms", "credit"} & _front(unstated).keys()
    assert "docexport" not in unstated
    holder_only = _write(dataclasses.replace(_BASE, rights=Rights(holder="Acme News")))
    assert _front(holder_only)["rights_holder"] == "Acme News"
    assert "rights" not in _front(holder_only)  # no notice is made up from the holder
    assert "docexport" not in holder_only
    notice = Rights(notice="© 2024 Acme News", usage_terms="Internal use only")
    front = _front(_write(dataclasses.replace(_BASE, rights=notice)))
    assert (front["rights"], front["usage_terms"]) == ("© 2024 Acme News", "Internal use only")


MARKDOWN_INPUT = """\
---
title: Council votes
date: 2024-03-05
author: Ana Lima
tags: [budget, council]
Category: news
draft: false
weight: 3
series: {name: Budget, part: 2}
published: 2024-03-06
note: "two lines\\n---\\nnot the end"
slug: not a valid slug
---

# Council votes

The council voted.
"""


def test_markdown_front_matter_round_trips_through_the_model() -> None:
    item = _read(MARKDOWN_INPUT)
    assert item.extra["markdown"]["Category"] == "news"
    markdown = _write(item)
    front = _front(markdown)
    assert front["note"] == "two lines\n---\nnot the end"  # the fence line stays inside YAML
    assert front["slug"] == "not a valid slug"  # kept as read, still refused as a slugline
    back = _read(markdown)
    assert _differences(item, back) == set()
    assert _write(back) == markdown


def test_the_items_own_value_wins_over_a_duplicate_key() -> None:
    item = _read(
        MARKDOWN_INPUT.replace("title: Council votes", "title: Council votes\nheadline: Other")
    )
    assert item.extra["markdown"]["headline"] == "Other"
    markdown = _write(item)
    assert "headline" not in _front(markdown)
    assert _read(markdown).headline == "Council votes"
