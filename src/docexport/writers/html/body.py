"""The article body: blocks as HTML elements, with links and entity mentions marked inline.

- Consecutive list items become one ``<ul>``/``<ol>``; consecutive quote blocks one
  ``<blockquote>`` of paragraphs (the HTML reader reads each paragraph back as a block).
- Heading levels never skip down (an ``h4`` right after the ``h1`` becomes an ``h2``), as
  screen-reader users navigate by them.
- Links become ``<a href>`` only for http, https and mailto targets; any other target
  (``javascript:``, ``data:``) is dropped and its text stays.
- Preformatted text is ``<pre><code>``: the HTML reader (trafilatura) keeps the line
  breaks of a ``pre`` only when it holds ``code``.
- Entity mentions become ``<span class="entity person" data-entity="…">``: unstyled, for
  scripts and scrapers, never changing the text.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from lxml import etree

from docexport.model import BlockKind, Entity
from docexport.writers.html.markup import clean, sub

if TYPE_CHECKING:
    from docexport.model import Block, NewsItem

__all__ = ["add_body", "safe_href"]

_LINK_SCHEMES = frozenset({"http", "https", "mailto"})
_MAX_LEVEL = 6
# (group tag, child tag) for blocks that are gathered into one parent element.
_GROUPS = {BlockKind.LIST_ITEM: ("ul", "li"), BlockKind.BLOCKQUOTE: ("blockquote", "p")}
_TAGS = {BlockKind.PARAGRAPH: "p", BlockKind.PREFORMATTED: "pre"}


@dataclass(frozen=True, slots=True)
class _Mark:
    start: int
    end: int
    href: str | None = None
    entity: Entity | None = None


def add_body(parent: etree._Element, item: NewsItem) -> None:
    """Every body block of ``item``, in order, under ``parent``."""
    marks = _mentions_by_block(item)
    group: etree._Element | None = None
    level = 1  # the headline's
    for index, block in enumerate(item.body):
        if block.kind in _GROUPS:
            group_tag, tag = _GROUPS[block.kind]
            if block.kind is BlockKind.LIST_ITEM and block.ordered:
                group_tag = "ol"
            if group is None or group.tag != group_tag:
                group = etree.SubElement(parent, group_tag)
            element = etree.SubElement(group, tag)
        else:
            group = None
            if block.kind is BlockKind.HEADING:
                level = max(2, min(block.level or 2, level + 1, _MAX_LEVEL))
                tag = f"h{level}"
            else:
                tag = _TAGS.get(block.kind, "p")
            element = etree.SubElement(parent, tag)
            if tag == "pre":
                element = etree.SubElement(element, "code")
        _fill(element, block, marks.get(index, []))


def safe_href(href: str) -> str | None:
    """``href`` if it is an http, https or mailto address, else ``None``."""
    href = clean(href).strip()
    try:
        scheme = urlsplit(href).scheme.lower()
    except ValueError:  # e.g. a malformed IPv6 host
        return None
    return href if scheme in _LINK_SCHEMES else None


def _mentions_by_block(item: NewsItem) -> dict[int, list[_Mark]]:
    marks: dict[int, list[_Mark]] = {}
    for entity in item.entities or ():
        for span in entity.mentions:
            if span.block >= 0:
                marks.setdefault(span.block, []).append(_Mark(span.start, span.end, None, entity))
    return marks


def _fill(element: etree._Element, block: Block, mentions: list[_Mark]) -> None:
    """The block's text with its marks; a mark that is out of range or overlaps one
    already placed (a mention inside a link) is left out, never nested."""
    text = block.text
    links = [_Mark(k.start, k.end, href) for k in block.links if (href := safe_href(k.href))]
    placed: list[_Mark] = []
    for mark in sorted(links + mentions, key=lambda m: (m.start, m.entity is not None)):
        last = placed[-1].end if placed else 0
        if last <= mark.start < mark.end <= len(text):
            placed.append(mark)
    element.text = clean(text[: placed[0].start] if placed else text)
    for number, mark in enumerate(placed):
        if mark.entity is not None:
            inline = sub(element, "span", class_="entity " + mark.entity.type.value)
            inline.set("data-entity", clean(mark.entity.name))
        else:
            inline = etree.SubElement(element, "a", href=str(mark.href))
        inline.text = clean(text[mark.start : mark.end])
        following = placed[number + 1].start if number + 1 < len(placed) else len(text)
        inline.tail = clean(text[mark.end : following])
