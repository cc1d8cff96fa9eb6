"""The news item: what every reader returns, enrichment fills and every writer consumes.

The JSON Schema in ``schemas/news-item.schema.json`` is the single source of truth for
the wire format; ``to_dict`` writes it and ``from_dict`` validates against it once, at the
boundary, before building the dataclasses. Round trip: ``from_dict(to_dict(i)) == i``.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from docexport.errors import SchemaError, shorten

if TYPE_CHECKING:
    from collections.abc import Iterable

__all__ = [
    "Block",
    "BlockKind",
    "Dateline",
    "Entity",
    "EntityType",
    "Figure",
    "Link",
    "NewsItem",
    "Origin",
    "Quote",
    "Rights",
    "Source",
    "Span",
    "Subject",
    "Summary",
    "load_schema",
    "make_guid",
    "validate_dict",
]

GUID_PROVIDER = "docexport.invalid"
"""Provider part of generated guids: RFC 2606's reserved TLD, as no real provider is known."""

_frozen = dataclass(frozen=True, slots=True, kw_only=True)


class BlockKind(StrEnum):
    PARAGRAPH = "paragraph"
    HEADING = "heading"
    """A subheading inside the body (the headline is ``NewsItem.headline``)."""
    BLOCKQUOTE = "blockquote"
    LIST_ITEM = "list_item"
    """One item of a bulleted list (``ordered`` items of a numbered one)."""
    PREFORMATTED = "preformatted"
    """Text whose line breaks and spacing matter (a table as text, code, a poem)."""


class EntityType(StrEnum):
    PERSON = "person"
    ORGANISATION = "organisation"
    PLACE = "place"


class Origin(StrEnum):
    """Who put a concept on the item: enrichment (a machine guess) or the input itself."""

    MACHINE = "machine"
    """Derived from the text by docexport's enrichment (NewsML-G2 ``why:inferred``)."""
    SOURCE = "source"
    """Carried by the input as its publisher assigned it (NewsML-G2 ``why:direct``)."""


@_frozen
class Link:
    """A hyperlink on the characters ``[start, end)`` of its block's text."""

    start: int
    end: int
    href: str


@_frozen
class Block:
    """One block of the body, in reading order."""

    kind: BlockKind = BlockKind.PARAGRAPH
    text: str
    level: int | None = None
    """Headings: 2 for a section heading, 3 below it (1 is the headline's)."""
    ordered: bool = False
    """List items: part of a numbered list."""
    links: tuple[Link, ...] = ()


@_frozen
class Span:
    """Character offsets ``[start, end)`` in body block number ``block`` (-1: the headline)."""

    block: int
    start: int
    end: int


@_frozen
class Dateline:
    """The place (and agency) line that opens a story."""

    text: str
    """As written in the article: ``FRANKFURT (Reuters)``."""
    place: str
    """Title-cased place: ``Frankfurt``."""
    source: str | None = None
    """The agency named in the dateline, if any: ``Reuters``."""
    country_code: str | None = None
    """ISO 3166-1 alpha-2 of the place, where enrichment resolved it (machine-made)."""
    subdivision_code: str | None = None
    """ISO 3166-2 of the place's first-level subdivision (``US-VA``), where resolved."""
    geonames_id: int | None = None
    """GeoNames id of the place, where resolved."""


@_frozen
class Source:
    """Where the item came from; ``sha256`` is of the raw input bytes."""

    file_name: str
    sha256: str
    encoding: str
    size: int


@_frozen
class Entity:
    """A person, organisation or place named in the body, with every mention."""

    name: str
    type: EntityType
    mentions: tuple[Span, ...]
    titles: tuple[str, ...] = ()
    country_code: str | None = None
    """Places: ISO 3166-1 alpha-2 of the country (of the country itself, for a country)."""
    subdivision_code: str | None = None
    """Places: ISO 3166-2 code of the first-level subdivision (``US-VA``), where known."""
    geonames_id: int | None = None
    """Places: the GeoNames id, a stable identifier (``sws.geonames.org/{id}/``)."""
    place_kind: str | None = None
    """Places: ``country``, ``region`` or ``city``, where the gazetteer knows."""
    origin: Origin = Origin.MACHINE

    @property
    def mention_count(self) -> int:
        return len(self.mentions)


@_frozen
class Quote:
    """A direct quotation and, where the text attributes one, its speaker."""

    text: str
    span: Span
    speaker: str | None = None


@_frozen
class Figure:
    """A number with its unit, as written and as a value.

    A range ("between 108 and 110 yen") has ``value`` 108 and ``value_max`` 110; a value
    given as about, nearly, more than or up to is ``approximate``."""

    text: str
    value: float
    unit: str
    span: Span
    context: str | None = None
    """What the figure counts or measures ("inflation", "people killed")."""
    value_max: float | None = None
    approximate: bool = False


@_frozen
class Subject:
    """A concept from a controlled vocabulary: a Media Topic the item is about, a genre."""

    qcode: str
    """``scheme:code``, e.g. an IPTC Media Topic ``medtop:NNNNNNNN`` or ``genre:Analysis``."""
    name: str | None = None
    broader: tuple[str, ...] = ()
    """Qcodes of the parent concepts (for Media Topics: the broader topic)."""
    origin: Origin = Origin.MACHINE

    @property
    def label(self) -> str:
        """The name to show a reader: the concept's name, else its qcode."""
        return self.name or self.qcode


@_frozen
class Rights:
    """Who owns the item and on what terms; each part only as the input or the user says."""

    holder: str | None = None
    """The copyright holder: ``Acme News Ltd``."""
    notice: str | None = None
    """The copyright notice as it should be printed: ``© 2024 Acme News Ltd``."""
    usage_terms: str | None = None
    """What a recipient may do with it: ``For internal use only``."""


@_frozen
class Summary:
    """Bottom line up front (1-3 sentences) and key points, taken from the article."""

    bluf: str
    key_points: tuple[str, ...] = ()


@_frozen
class NewsItem:
    """One article. Enrichment slots are ``None`` until enrichment ran (then maybe empty)."""

    guid: str
    headline: str
    body: tuple[Block, ...]
    source: Source
    language: str = "und"
    """BCP 47; ``und`` (undetermined) when neither the input nor the guess is sure."""
    version: int = 1
    subheadline: str | None = None
    slugline: str | None = None
    created: date | datetime | None = None
    """As precise as the input: a ``date`` stays a date (never a made-up midnight)."""
    bylines: tuple[str, ...] = ()
    dateline: Dateline | None = None
    provider: str | None = None
    """The party that supplies the item (a newsroom, an agency); ``None``: unknown."""
    rights: Rights | None = None
    """``None``: no rights information, so no claim is written."""
    credit_line: str | None = None
    info_sources: tuple[str, ...] = ()
    """Parties the content came from, e.g. the agency of a ``(Reuters)`` dateline."""
    urgency: int | None = None
    """IPTC urgency, 1 (most urgent) to 9."""
    genres: tuple[Subject, ...] = ()
    keywords: tuple[str, ...] = ()
    extra: Mapping[str, Any] = dataclasses.field(default_factory=dict, hash=False)
    """What the source format carried that the model has no slot for, kept so that it is
    not lost: ``{"ninjs": {"altids": …}}``, one key per format, JSON values only."""
    entities: tuple[Entity, ...] | None = None
    quotes: tuple[Quote, ...] | None = None
    figures: tuple[Figure, ...] | None = None
    subjects: tuple[Subject, ...] | None = None
    summary: Summary | None = None

    @property
    def fully_enriched(self) -> bool:
        """True once every enrichment slot is filled (possibly with nothing found)."""
        slots = (self.entities, self.quotes, self.figures, self.subjects, self.summary)
        return all(slot is not None for slot in slots)

    @property
    def paragraphs(self) -> tuple[str, ...]:
        return tuple(b.text for b in self.body if b.kind is BlockKind.PARAGRAPH)

    def to_dict(self) -> dict[str, Any]:
        """The item as JSON-ready data conforming to the news-item schema."""
        from docexport.wire import item_to_dict  # noqa: PLC0415 - wire imports this module

        return item_to_dict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> NewsItem:
        """Validate ``data`` against the schema, then build the item; raises ``SchemaError``."""
        from docexport.wire import item_from_dict  # noqa: PLC0415

        return item_from_dict(data)


def make_guid(headline: str, body: Iterable[str], created: date | None) -> str:
    """A stable guid derived from the normalised content, not from the raw bytes.

    The same article saved as UTF-8 or Windows-1252, with or without CRLF, gets the same guid.
    """
    digest = hashlib.sha256(headline.encode())
    for text in body:
        digest.update(b"\n\n" + text.encode())
    day = created.strftime("%Y%m%d") if created is not None else "undated"
    return f"urn:newsml:{GUID_PROVIDER}:{day}:{digest.hexdigest()[:32]}"


@functools.cache
def load_schema() -> dict[str, Any]:
    """The news-item JSON Schema, read once from package data."""
    from docexport.resources import package_file  # noqa: PLC0415 - only when validating

    text = package_file("schemas/news-item.schema.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


@functools.cache
def _validator() -> Any:
    # jsonschema-rs (compiled, Rust): ~2 µs an item against ~290 µs for the pure-Python
    # jsonschema, which is what makes validation cheap enough to be on by default. It is
    # imported here, not at module top (~15 ms), compiled once per process (~7 ms), and
    # checks formats (date, date-time) for real.
    import jsonschema_rs  # noqa: PLC0415

    return jsonschema_rs.validator_for(load_schema(), validate_formats=True)


def validate_dict(data: Mapping[str, Any]) -> None:
    """Raise ``SchemaError`` naming the first offending field if ``data`` breaks the schema."""
    validator = _validator()
    try:
        if validator.is_valid(data):
            return
    except UnicodeEncodeError as exc:  # a lone surrogate: no UTF-8 text, no valid item
        bad = ord(exc.object[exc.start])
        raise SchemaError(f"not a valid news item: text contains U+{bad:04X}") from None
    errors = sorted(validator.iter_errors(data), key=lambda e: [str(p) for p in e.instance_path])
    if errors:
        first = errors[0]
        where = "/".join(str(p) for p in first.instance_path) or "(root)"
        more = f" (+{len(errors) - 1} more)" if len(errors) > 1 else ""
        # jsonschema's message quotes the offending value, which may be megabytes long.
        raise SchemaError(f"not a valid news item at {where}: {shorten(first.message, 200)}{more}")
