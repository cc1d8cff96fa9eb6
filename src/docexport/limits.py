"""The rules every news item meets, whichever reader made it: one boundary for all inputs.

Readers parse; ``check_item`` then decides whether the item is one that every writer can
turn into valid output. It bounds sizes (so that no stage's cost runs away), keeps dates
inside what every standard can express, and refuses text that XML cannot carry. Each
refusal is an ``InputError`` with a one-line reason naming the field.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from docexport.errors import InputError, shorten
from docexport.normalise import XML_FORBIDDEN, has_no_forbidden

if TYPE_CHECKING:
    from collections.abc import Iterator

    from docexport.model import NewsItem, Span

__all__ = [
    "MAX_BLOCKS",
    "MAX_HEADLINE_CHARS",
    "MAX_LINE_CHARS",
    "MAX_YEAR",
    "MIN_YEAR",
    "check_extra_depth",
    "check_item",
]

MIN_YEAR, MAX_YEAR = 1000, 9998
"""Four-digit years (guids, PDF dates, ISO 8601 basic forms), with a year's margin at the
top so that converting any offset to UTC stays inside ``datetime``'s range."""
MAX_OFFSET = timedelta(hours=14)
"""The widest UTC offset in use (Kiribati, +14:00); XML Schema allows no more."""
MAX_HEADLINE_CHARS = 1_000
"""A headline of a thousand characters is already a paragraph; more is a misread file."""
MAX_LINE_CHARS = 10_000
"""Bylines, names, rights notices and other one-line fields."""
MAX_EXTRA_DEPTH = 80
"""Nesting of ``extra`` (fields a source format carried that the model has no slot for):
readers bound their documents at 64 levels; ``extra`` adds the format and field keys."""
MAX_BLOCKS = 100_000
"""Body blocks: a 10 MiB article of one-line paragraphs stays under this."""


def check_item(item: NewsItem) -> NewsItem:
    """Return ``item`` if every writer can render it validly; else raise ``InputError``."""
    _check_created(item)
    if len(item.headline) > MAX_HEADLINE_CHARS:
        raise InputError(
            f"headline is {len(item.headline):,} characters (the limit is "
            f"{MAX_HEADLINE_CHARS:,}): is the first line really a headline?"
        )
    if len(item.body) > MAX_BLOCKS:
        raise InputError(f"{len(item.body):,} body blocks (the limit is {MAX_BLOCKS:,})")
    for field, text in _strings(item):
        if not has_no_forbidden(text) and (bad := XML_FORBIDDEN.search(text)) is not None:
            raise InputError(
                f"{field} contains U+{ord(bad.group()):04X}, a control character or "
                "non-character that XML output cannot carry"
            )
    for field, text in _lines(item):
        if len(text) > MAX_LINE_CHARS:
            raise InputError(f"{field} is over {MAX_LINE_CHARS:,} characters")
    _check_enrichment(item)
    check_extra_depth(item.extra)
    return item


def _check_created(item: NewsItem) -> None:
    created = item.created
    if created is None:
        return
    if not MIN_YEAR <= created.year <= MAX_YEAR:
        raise InputError(f"date {created.isoformat()} is outside the years {MIN_YEAR}-{MAX_YEAR}")
    if isinstance(created, datetime):
        offset = created.utcoffset()
        if offset is None:
            raise InputError(f"date-time {created.isoformat()} has no UTC offset")
        if abs(offset) > MAX_OFFSET or offset % timedelta(minutes=1):
            raise InputError(
                f"date-time {created.isoformat()} has a UTC offset beyond ±14:00 or with seconds"
            )


def _lines(item: NewsItem) -> Iterator[tuple[str, str]]:
    yield "byline", "".join(item.bylines)
    for name in ("subheadline", "slugline", "provider", "credit_line"):
        yield name, getattr(item, name) or ""
    if item.rights is not None:
        yield "rights", (item.rights.holder or "") + (item.rights.notice or "")
    for keyword in item.keywords:
        yield "keyword", keyword


def _strings(item: NewsItem) -> Iterator[tuple[str, str]]:
    yield "headline", item.headline
    yield from _lines(item)
    if item.rights is not None:
        yield "usage terms", item.rights.usage_terms or ""
    for index, block in enumerate(item.body):
        yield f"body block {index}", block.text
    if item.dateline is not None:
        yield "dateline", item.dateline.text + item.dateline.place + (item.dateline.source or "")
    yield "source file name", item.source.file_name
    for source in item.info_sources:
        yield "info source", source
    for concept in (*item.genres, *(item.subjects or ())):
        yield "subject", concept.qcode + (concept.name or "")
    for entity in item.entities or ():
        yield "entity", entity.name + "".join(entity.titles)
    for quote in item.quotes or ():
        yield "quote", quote.text + (quote.speaker or "")
    for figure in item.figures or ():
        yield "figure", figure.text + figure.unit + (figure.context or "")
    if item.summary is not None:
        yield "summary", item.summary.bluf + "".join(item.summary.key_points)


def _check_enrichment(item: NewsItem) -> None:
    """Offsets inside their blocks and finite figures: writers slice and format them."""
    lengths = [len(block.text) for block in item.body]
    spans = [m for e in item.entities or () for m in e.mentions]
    spans += [q.span for q in item.quotes or ()] + [f.span for f in item.figures or ()]
    for span in spans:
        _check_span(span, lengths, len(item.headline))
    for index, block in enumerate(item.body):
        for link in block.links:
            if not 0 <= link.start < link.end <= len(block.text):
                raise InputError(f"a link lies outside block {index}")
            if not has_no_forbidden(link.href) or any(c.isspace() for c in link.href):
                raise InputError(f"a link in block {index} has a malformed address")
    for figure in item.figures or ():
        if not math.isfinite(figure.value):
            raise InputError(f"figure {shorten(figure.text)!r} has no finite value")


def check_extra_depth(extra: object) -> None:
    """Kept source fields are copied and written as JSON: bound their nesting (iteratively,
    so that a hostile depth cannot exhaust the stack here either)."""
    stack: list[tuple[object, int]] = [(extra, 0)]
    while stack:
        value, depth = stack.pop()
        if depth > MAX_EXTRA_DEPTH:
            raise InputError(f"kept source fields are nested over {MAX_EXTRA_DEPTH} levels deep")
        children = value.values() if isinstance(value, dict) else value
        if isinstance(value, dict | list):
            stack.extend((child, depth + 1) for child in children)  # type: ignore[union-attr]


def _check_span(span: Span, lengths: list[int], headline: int) -> None:
    if not -1 <= span.block < len(lengths):
        raise InputError(f"a span points at body block {span.block}, which does not exist")
    length = headline if span.block == -1 else lengths[span.block]
    if not 0 <= span.start < span.end <= length:
        raise InputError(
            f"a span [{span.start}, {span.end}) lies outside block {span.block} "
            f"({length} characters)"
        )
