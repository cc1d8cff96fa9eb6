"""Article bodies in XML markup (XHTML, NITF ``body.content``) as model blocks.

Shared by the NewsML-G2 and NITF readers. Elements are matched by local name, so an
``<html>`` that lost its XHTML namespace (and inherited NewsML-G2's) reads the same.
Inline text is gathered by ``blocks.InlineText``: link and entity-mark offsets are those
of the final ``Block.text``. Link addresses are kept whatever their scheme, as written.
"""

from __future__ import annotations

import dataclasses
import html.entities
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from lxml import etree

from docexport.limits import MAX_YEAR, MIN_YEAR
from docexport.model import Block, BlockKind, Entity, EntityType, Origin, Span
from docexport.normalise import normalise_line, normalise_text
from docexport.readers.blocks import InlineText, Mark, safe_href

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence

    from lxml.etree import _Element

__all__ = [
    "Body",
    "Mark",
    "attach_mentions",
    "element_text",
    "local_name",
    "parse_news_date",
    "read_body",
]

MAX_NAME_SEARCH = 5_000_000
"""Words (and name comparisons) looked at to find unmarked mentions: a 10 MB body once
over, with room to spare; past it, an entity not yet found stays unmentioned."""

# Entity marks: our NewsML writer's <span class="person" title="…">, NITF's inline elements.
_SPAN_CLASSES = {
    "person": EntityType.PERSON,
    "organisation": EntityType.ORGANISATION,
    "place": EntityType.PLACE,
}
_NITF_MARKS = {
    "person": EntityType.PERSON,
    "org": EntityType.ORGANISATION,
    "location": EntityType.PLACE,
}
_HEADINGS = {f"h{n}": n for n in range(2, 7)} | {"hl2": 2}
_TITLES = frozenset({"h1", "hl1"})
_PARAGRAPHS = frozenset({"p", "dt", "dd", "fn", "address", "caption", "figcaption", "credit"})
_ATTRIBUTIONS = frozenset({"credit"})  # NITF's bq/credit: who is quoted, not quoted text
_QUOTES = frozenset({"blockquote", "bq"})
_LISTS = {"ul": False, "ol": True}
_CONTAINERS = frozenset(
    {"html", "body", "div", "section", "article", "main", "header", "footer", "aside"}
    | {"block", "body.content", "note", "figure", "dl", "hgroup", "center", "nitf-table"}
)
# Left out with their content: as blocks (they end a paragraph) and inside a line.
_SKIPPED_BLOCKS = frozenset({"head", "media", "hr", "nav", "form", "template"})
_SKIPPED_BLOCKS |= {"nitf-table-metadata"}
_SKIPPED = _SKIPPED_BLOCKS | {"script", "style", "img", "object", "iframe", "video", "audio"}
_SKIPPED |= {"svg", "math"}
_BLOCKS = frozenset(
    _TITLES | _PARAGRAPHS | _QUOTES | _CONTAINERS | _SKIPPED_BLOCKS | {"pre", "table", "li"}
).union(_HEADINGS, _LISTS)
_INLINE_SPECIAL = frozenset({"br", "a", "span"} | set(_NITF_MARKS)) | _SKIPPED
_WORD = re.compile(r"\w+")
_MAX_OFFSET = timedelta(hours=14)  # the widest UTC offset in use, as limits.check_item
_NEWS_DATE = re.compile(
    r"(\d{4})(?:-?(\d{2})(?:-?(\d{2})(?:T(\d{2}):?(\d{2})(?::?(\d{2})(?:[.,]\d+)?)?"
    r"(Z|[+-]\d{2}(?::?\d{2})?)?)?)?)?"
)


@dataclass(slots=True)
class Body:
    blocks: list[Block] = field(default_factory=list)
    marks: list[Mark] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)
    """``h1``/``hl1`` texts: the first is the headline as the body repeats it."""


def local_name(element: _Element) -> str:
    """The tag without its namespace; ``""`` for entity references and other non-elements."""
    tag = element.tag
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def element_text(element: _Element | None) -> str:
    """All text inside ``element`` (named entities of a DTD-style file resolved), one line."""
    if element is None:
        return ""
    return _inline(element).finish()[0]


def read_body(container: _Element) -> Body:
    """The blocks of a body element (XHTML ``body``, NITF ``body.content``), in order."""
    body = Body()
    _walk(container, body, quote=False)
    return body


def parse_news_date(text: str) -> tuple[date | datetime | None, bool]:
    """An ISO 8601 date or date-time (basic or extended form) and whether it was kept whole.

    A date-time without a UTC offset (or with one beyond ±14:00) keeps only its date;
    ``YYYY-MM``, ``YYYY``, a year outside what every writer can express and anything
    unparsable give ``None``. The flag is False whenever something was lost.
    """
    match = _NEWS_DATE.fullmatch(text.strip())
    try:
        value = _date_of(match.groups()) if match and match.group(3) else None
    except ValueError:
        value = None
    if match is None or value is None or not MIN_YEAR <= value.year <= MAX_YEAR:
        return None, False
    if isinstance(value, datetime) and abs(value.utcoffset() or timedelta()) > _MAX_OFFSET:
        return value.date(), False
    return value, match.group(4) is None or match.group(7) is not None


def _date_of(groups: Sequence[str | None]) -> date | datetime:
    year, month, day, hour, minute, second, zone = groups
    day_value = date(int(year or ""), int(month or ""), int(day or ""))
    if hour is None or zone is None:
        return day_value
    zone = "+00:00" if zone == "Z" else f"{zone[:3]}:{zone[3:].lstrip(':') or '00'}"
    return datetime.fromisoformat(f"{day_value}T{hour}:{minute}:{second or '00'}{zone}")


def attach_mentions(
    declared: Sequence[Entity], marks: Sequence[Mark], headline: str, blocks: Sequence[Block]
) -> tuple[tuple[Entity, ...], list[Entity]]:
    """Declared entities with their mentions, then entities only the marks name.

    A declared entity's mentions are the marks of its type and name; without any, the
    whole-word occurrences of its name in the headline and body (the publisher named it,
    the text says where). Returns the entities and those declared ones never mentioned,
    which the model cannot hold (an entity has at least one mention).
    """
    by_key: dict[tuple[EntityType, str], list[Mark]] = {}
    for mark in marks:
        for name in {n.casefold() for n in (mark.name, mark.alias) if n}:
            by_key.setdefault((mark.type, name), []).append(mark)
    unmarked = [e.name for e in declared if (e.type, e.name.casefold()) not in by_key]
    occurrences = _find_names(unmarked, headline, blocks) if unmarked else {}
    found: list[Entity] = []
    unmentioned: list[Entity] = []
    used: set[int] = set()
    for entity in declared:
        own = by_key.get((entity.type, entity.name.casefold()), [])
        used.update(id(m) for m in own)
        spans = {m.span for m in own} or set(occurrences.get(entity.name, ()))
        if spans:
            mentions = tuple(sorted(spans, key=lambda s: (s.block, s.start)))
            found.append(dataclasses.replace(entity, mentions=mentions))
        else:
            unmentioned.append(entity)
    undeclared: dict[tuple[EntityType, str], set[Span]] = {}
    for mark in marks:
        if id(mark) not in used:
            undeclared.setdefault((mark.type, mark.name), set()).add(mark.span)
    for (kind, name), spans in undeclared.items():
        mentions = tuple(sorted(spans, key=lambda s: (s.block, s.start)))
        found.append(Entity(name=name, type=kind, mentions=mentions, origin=Origin.SOURCE))
    return tuple(found), unmentioned


def _find_names(
    names: Sequence[str], headline: str, blocks: Sequence[Block]
) -> dict[str, list[Span]]:
    """Whole-word occurrences of each name: one pass over the text for all of them, and
    bounded (``MAX_NAME_SEARCH``) however many names share a first word."""
    by_word: dict[str, list[tuple[str, int]]] = {}
    for name in dict.fromkeys(names):
        if first := _WORD.search(name):
            by_word.setdefault(first.group(), []).append((name, first.start()))
    found: dict[str, list[Span]] = {}
    budget = MAX_NAME_SEARCH
    for index, text in [(-1, headline), *enumerate(b.text for b in blocks)]:
        for word in _WORD.finditer(text):
            candidates = by_word.get(word.group(), ())
            budget -= len(candidates) + 1
            if budget < 0:
                return found
            for name, offset in candidates:
                start, end = word.start() - offset, word.start() - offset + len(name)
                if start >= 0 and text.startswith(name, start) and _whole(text, start, end):
                    found.setdefault(name, []).append(Span(block=index, start=start, end=end))
    return found


def _whole(text: str, start: int, end: int) -> bool:
    return not (start and _WORD.match(text, start - 1)) and not (
        end < len(text) and _WORD.match(text, end)
    )


# --- blocks -------------------------------------------------------------------------------


def _walk(container: _Element, body: Body, *, quote: bool) -> None:
    """Block children in order; inline content between them makes an implicit paragraph."""
    run = InlineText()
    run.add(container.text)
    for child in container:
        name = local_name(child)
        if name and _is_block(child, name):
            _flush(run, body, BlockKind.BLOCKQUOTE if quote else BlockKind.PARAGRAPH)
            run = InlineText()
            _block(child, name, body, quote=quote)
        else:
            _add_element(run, child)
        run.add(child.tail)
    _flush(run, body, BlockKind.BLOCKQUOTE if quote else BlockKind.PARAGRAPH)


def _is_block(element: _Element, name: str) -> bool:
    if name in _BLOCKS:
        return True
    # An element we do not know is a block if it holds blocks (a custom wrapper).
    return any(local_name(c) in _BLOCKS for c in element)


def _block(element: _Element, name: str, body: Body, *, quote: bool) -> None:
    quoted = quote and name not in _ATTRIBUTIONS
    paragraph = BlockKind.BLOCKQUOTE if quoted else BlockKind.PARAGRAPH
    if name in _SKIPPED:
        return
    if name in _TITLES and not quote:
        line = _inline(element)
        body.titles.append(line.finish()[0])
        if len(body.titles) > 1:  # a second title is a section heading, not the headline
            _flush(line, body, BlockKind.HEADING, level=2)
    elif name in _HEADINGS and not quote:
        _flush(_inline(element), body, BlockKind.HEADING, level=_HEADINGS[name])
    elif name in _QUOTES:
        _walk(element, body, quote=True)
    elif name in _LISTS or name == "li":
        _list(element, body, ordered=_LISTS.get(name, False))
    elif name == "pre":
        _preformatted(_pre_text(element), body)
    elif name == "table":
        _preformatted(_table_text(element), body)
    elif (name in _PARAGRAPHS or name in _HEADINGS or name in _TITLES) and not any(
        _is_block(c, local_name(c)) for c in element
    ):
        _flush(_inline(element), body, paragraph)
    else:
        _walk(element, body, quote=quote)


def _list(element: _Element, body: Body, *, ordered: bool) -> None:
    """Each ``li`` one list item; nested lists follow their parent item (the model is flat)."""
    items = [element] if local_name(element) == "li" else list(element)
    for item in items:
        line, nested = InlineText(), []
        line.add(item.text)
        for child in item:
            if local_name(child) in _LISTS:
                nested.append(child)
            else:
                block = _is_block(child, local_name(child))
                if block:  # a paragraph inside an item: a space, the model's item is flat
                    line.space()
                _add_element(line, child)
                if block:
                    line.space()
            line.add(child.tail)
        _flush(line, body, BlockKind.LIST_ITEM, ordered=ordered)
        for sub in nested:
            _list(sub, body, ordered=_LISTS[local_name(sub)])


def _preformatted(text: str, body: Body) -> None:
    text = normalise_text(text).strip("\n")
    if text.strip():
        body.blocks.append(Block(kind=BlockKind.PREFORMATTED, text=text))


def _pre_text(element: _Element) -> str:
    return "".join(_raw_text(element))


def _table_text(table: _Element) -> str:
    rows = []
    for row in table.iter("{*}tr", "tr"):
        cells = [element_text(c) for c in row if local_name(c) in ("td", "th")]
        if any(cells):
            rows.append(" | ".join(cells))
    return "\n".join(rows)


def _raw_text(element: _Element) -> Iterator[str]:
    yield (element.text or "") if isinstance(element.tag, str) else _entity_text(element)
    for child in element:
        if local_name(child) == "br":
            yield "\n"
        yield from _raw_text(child)
        yield child.tail or ""


def _inline(element: _Element) -> InlineText:
    line = InlineText()
    _add_content(line, element)
    return line


def _flush(
    line: InlineText,
    body: Body,
    kind: BlockKind,
    *,
    level: int | None = None,
    ordered: bool = False,
) -> None:
    text, links = line.finish()
    if text:
        index = len(body.blocks)
        body.blocks.append(Block(kind=kind, text=text, level=level, ordered=ordered, links=links))
        body.marks.extend(line.marks(index))


# --- inline text --------------------------------------------------------------------------


def _add_element(line: InlineText, element: _Element) -> None:
    """``element`` as inline markup: its text, a link, an entity mark, a line break."""
    name = local_name(element)
    if not name:
        line.add(_entity_text(element))
    elif name == "br":
        line.space()
    elif name in ("a", "span") or name in _NITF_MARKS:
        _add_marked(line, element, name)
    elif name not in _SKIPPED:
        _add_content(line, element)


def _add_content(line: InlineText, element: _Element) -> None:
    """The text inside ``element``, its children as inline markup."""
    line.add(element.text)
    for child in element:
        # _add_element inlined for plain children: one stack frame per nesting level.
        if isinstance(child.tag, str) and local_name(child) not in _INLINE_SPECIAL:
            _add_content(line, child)
        else:
            _add_element(line, child)
        line.add(child.tail)


def _add_marked(line: InlineText, element: _Element, name: str) -> None:
    href = safe_href(element.get("href"), ()) if name == "a" else None
    link = line.open_link(href)
    kind, title = _mark_of(element, name)
    token = line.open_span() if kind is not None else 0
    _add_content(line, element)
    if link:
        line.close_link()
    if kind is not None:
        alias = normalise_line(element.get("value") or "") if name in _NITF_MARKS else ""
        line.close_mark(token, kind, title, alias or None)


def _mark_of(element: _Element, name: str) -> tuple[EntityType | None, str | None]:
    if name == "span":
        kind = _SPAN_CLASSES.get((element.get("class") or "").strip())
        title = normalise_line(element.get("title") or "")
        return (kind, title) if kind is not None and title else (None, None)
    return _NITF_MARKS.get(name), None


def _entity_text(reference: _Element) -> str:
    """A named entity reference left by a DTD-style file (the DTD is never loaded)."""
    name = str(getattr(reference, "name", "") or "")
    code = html.entities.name2codepoint.get(name)
    return chr(code) if code is not None else f"&{name};" if name else ""
