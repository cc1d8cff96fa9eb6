"""What every reader shares: block text with link and entity-mark offsets, link addresses
a writer may carry, the ``Source`` of an input, JSON errors, language tags, the names of a
byline, and the finishing of an item whose body may open with a byline and a dateline
(Markdown, Word; the rules for those leads are the plain-text reader's, ``text.py``).

``InlineText`` is the one accumulator behind every markup reader (XHTML and NITF bodies,
ninjs HTML, the HTML reader's article text, Markdown, Word): pieces are added in reading
order, whitespace runs collapse to one space across pieces as ``normalise_line``
collapses a line (the no-break spaces stay), and a link or mark starts at the first
character written after it opens, so its offsets are those of the final text.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from docexport.errors import InputError
from docexport.model import (
    Block,
    BlockKind,
    Dateline,
    EntityType,
    Link,
    NewsItem,
    Source,
    Span,
    make_guid,
)
from docexport.normalise import has_no_forbidden, normalise_text

if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = [
    "MAX_HREF_CHARS",
    "SCRIPT_SCHEMES",
    "UNSAFE_SCHEMES",
    "InlineText",
    "Mark",
    "finish_item",
    "is_language_tag",
    "load_json",
    "parse_dateline",
    "parse_names",
    "safe_href",
    "source_of",
    "split_names",
    "usable_href",
]

MAX_HREF_CHARS = 4096
"""The news-item schema's bound on a link address."""
SCRIPT_SCHEMES = ("javascript:", "vbscript:", "data:")
"""Addresses that run code or carry a document: refused where the markup is a web page's."""
UNSAFE_SCHEMES = (*SCRIPT_SCHEMES, "file:")
"""``SCRIPT_SCHEMES`` and local files: markdown-it's list, used for Markdown and Word."""
_SPACE_RUN = re.compile(r"[^\S\xa0\u202f]+")  # what normalise_line collapses
_LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*")  # the schema's pattern
_NAME_SPLIT = re.compile(r"\s+and\s+|\s*[&;]\s*")


@dataclass(frozen=True, slots=True)
class Mark:
    """An entity mention marked in the markup, at offsets of the final block text."""

    span: Span
    type: EntityType
    name: str
    alias: str | None = None
    """NITF's normalised ``value`` (``Ryder, Patrick``), also matched against names."""


class InlineText:
    """One block's text, added piece by piece, with the offsets of its links and marks.

    ``preformatted``: pieces are only normalised (``normalise_text``), never collapsed.
    ``nested_links``: a link inside a link is a link too (else it is ignored).
    """

    def __init__(self, *, preformatted: bool = False, nested_links: bool = False) -> None:
        self.preformatted = preformatted
        self._nested_links = nested_links
        self._parts: list[str] = []
        self._length = 0
        self._pending = False  # whitespace seen, not yet written (never at the start)
        self._opening: list[int] = []  # spans whose first character is still to come
        self._starts: dict[int, int] = {}
        self._tokens = 0
        self._open_links: list[tuple[int, str]] = []
        self._links: list[tuple[int, int, str]] = []
        self._marks: list[tuple[int, int, EntityType, str | None, str | None]] = []
        self._text, self._lead = "", 0

    def add(self, piece: str | None) -> bool:
        """Append ``piece``; True when it has a character other than whitespace."""
        if not piece:
            return False
        text = normalise_text(piece)
        core = text
        if not self.preformatted:
            # Printable text without a double space has nothing to collapse (the only
            # printable whitespace is " "): skips a regex scan of ~40 ns a character.
            if "  " in text or not text.isprintable():
                text = _SPACE_RUN.sub(" ", text)
            core = text.strip(" ")  # no-break spaces stay, even at a border with markup
            if not core:
                self._pending = self._pending or bool(text)
                return False
            if self._length and (self._pending or text[0] == " "):
                self._parts.append(" ")
                self._length += 1
            self._pending = text[-1] == " "
        if core:
            for token in self._opening:
                self._starts[token] = self._length
            self._opening.clear()
            self._parts.append(core)
            self._length += len(core)
        return bool(core.strip())

    def space(self) -> None:
        """A separator (a line break in running text): one space before what follows."""
        self._pending = True

    def open_span(self) -> int:
        """Start a span at the next character written; the token closes it."""
        self._tokens += 1
        self._opening.append(self._tokens)
        return self._tokens

    def close_span(self, token: int) -> tuple[int, int] | None:
        """Where span ``token`` lies in the text so far; ``None`` if it covers no character."""
        start = self._starts.pop(token, None)
        if token in self._opening:
            self._opening.remove(token)
        return None if start is None else (start, self._length)

    def open_link(self, href: str | None) -> bool:
        """Start a link (``None``: no usable address, the text stays); True if one opened."""
        if href is None or (self._open_links and not self._nested_links):
            return False
        self._open_links.append((self.open_span(), href))
        return True

    def close_link(self) -> None:
        """End the innermost open link; a link on no character is dropped."""
        if self._open_links:
            token, href = self._open_links.pop()
            if (span := self.close_span(token)) is not None:
                self._links.append((*span, href))

    def close_mark(
        self, token: int, kind: EntityType, title: str | None, alias: str | None = None
    ) -> None:
        """End the entity mark opened as ``token`` (``open_span``); untitled, its text names it."""
        if (span := self.close_span(token)) is not None:
            self._marks.append((*span, kind, title, alias))

    def finish(
        self, *, strip: bool = True, trim_links: bool = False
    ) -> tuple[str, tuple[Link, ...]]:
        """The text and its links; open links end here.

        ``strip``: the text without blanks at its ends, as ``normalise_line`` trims
        (no-break spaces too); preformatted text loses its blank lines before and its
        whitespace after. ``trim_links``: links neither start nor end on whitespace.
        """
        while self._open_links:
            self.close_link()
        raw = "".join(self._parts)
        text, lead = raw, 0
        if strip and self.preformatted:
            text = raw.lstrip("\n").rstrip()
            text, lead = (text, len(raw) - len(raw.lstrip("\n"))) if text.strip() else ("", 0)
        elif strip:
            text, lead = raw.strip(), len(raw) - len(raw.lstrip())
        self._text, self._lead = text, lead
        places = [(self._place(start, end, trim_links), href) for start, end, href in self._links]
        return text, tuple(Link(start=p[0], end=p[1], href=href) for p, href in places if p)

    def marks(self, block: int) -> list[Mark]:
        """The entity marks in the finished text, as mentions in body block ``block``."""
        found = []
        for start, end, kind, title, alias in self._marks:
            if place := self._place(start, end, trim=False):
                span = Span(block=block, start=place[0], end=place[1])
                name = title or self._text[place[0] : place[1]]
                found.append(Mark(span=span, type=kind, name=name, alias=alias))
        return found

    def _place(self, start: int, end: int, trim: bool) -> tuple[int, int] | None:
        text = self._text
        start, end = max(start - self._lead, 0), min(end - self._lead, len(text))
        while trim and start < end and text[start].isspace():
            start += 1
        while trim and end > start and text[end - 1].isspace():
            end -= 1
        return (start, end) if start < end else None


def usable_href(href: str) -> bool:
    """Whether the news-item rules let a link carry ``href`` (``limits.check_item`` would
    refuse the whole item otherwise): at most 4,096 characters, no space or control."""
    return (
        len(href) <= MAX_HREF_CHARS
        and has_no_forbidden(href)
        and not any(c.isspace() for c in href)
    )


def safe_href(
    href: str | None,
    refused: tuple[str, ...] = UNSAFE_SCHEMES,
    *,
    fold: Callable[[str], str] = str.casefold,
) -> str | None:
    """``href`` without blanks at its ends if ``usable_href`` and its scheme (compared
    after ``fold``) is none of ``refused``; else ``None`` (the linked text stays)."""
    href = (href or "").strip()
    if not href or not usable_href(href) or fold(href).startswith(refused):
        return None
    return href


def source_of(data: bytes, name: str, encoding: str) -> Source:
    """The ``Source`` of input ``data`` read from file ``name``."""
    digest = hashlib.sha256(data).hexdigest()
    return Source(file_name=name, sha256=digest, encoding=encoding, size=len(data))


def load_json(
    text: str,
    what: str,
    *,
    parse_constant: Callable[[str], Any] | None = None,
    parse_float: Callable[[str], Any] | None = None,
) -> Any:
    """``json.loads`` with these hooks; ``InputError`` naming ``what`` ("a ninjs item")."""
    import json  # noqa: PLC0415 - only the JSON readers pay for it

    try:
        return json.loads(text, parse_constant=parse_constant, parse_float=parse_float)
    except json.JSONDecodeError as exc:
        raise InputError(
            f"not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
        ) from exc
    except RecursionError:
        raise InputError(f"JSON is nested too deeply to be {what}") from None
    except ValueError as exc:  # an integer of over 4,300 digits, NaN, Infinity
        raise InputError(f"not valid JSON for {what}: {exc}") from None


def is_language_tag(tag: str) -> bool:
    """Whether ``tag`` has the shape of a BCP 47 tag the schema takes (``en``, ``pt-BR``)."""
    return _LANGUAGE_TAG.fullmatch(tag) is not None


def split_names(text: str) -> tuple[str, ...]:
    """Names joined by "and", "&" or ";" (``Ana Lima and Li Wei``), commas trimmed."""
    return tuple(n for n in (part.strip(" ,") for part in _NAME_SPLIT.split(text)) if n)


def parse_names(text: str) -> tuple[str, ...]:
    """Author names of a byline: ``By Ana Lima and Li Wei`` → ``("Ana Lima", "Li Wei")``."""
    return split_names(text[3:] if text[:3].casefold() == "by " else text)


def parse_dateline(text: str) -> Dateline | None:
    """``LISBON, Portugal (Lusa)`` → place ``Lisbon``, source ``Lusa``; ``None``: no place."""
    head, bracket, rest = text.partition("(")
    source = rest.partition(")")[0].strip() if bracket else ""
    place = head.partition(",")[0].strip()
    if not place:
        return None
    place = place.title() if place.isupper() else place
    return Dateline(text=text, place=place, source=source or None)


def finish_item(blocks: list[Block], fields: dict[str, Any], source: Source) -> NewsItem:
    """The item from body ``blocks`` and ``NewsItem`` keyword ``fields`` (``headline``
    included): byline and dateline leads read off the body unless ``fields`` has them
    (``fallback_bylines``: the names to use when there is no byline lead), heading levels
    made 2-6, the language guessed unless given, the guid derived. Raises ``InputError``."""
    # Imported here: the language tagger costs the XML readers, which never call this,
    # 4 ms at start-up (text.py loads it too).
    from docexport.language import guess_language  # noqa: PLC0415
    from docexport.readers.text import split_bylines, split_dateline  # noqa: PLC0415

    fallback = fields.pop("fallback_bylines", ())
    first = blocks[0] if blocks and blocks[0].kind is BlockKind.PARAGRAPH else None
    if "bylines" not in fields and first is not None and (names := split_bylines(first.text)):
        fields["bylines"] = names
        del blocks[0]
    elif fallback:
        fields.setdefault("bylines", fallback)
    if "dateline" not in fields and blocks and blocks[0].kind is BlockKind.PARAGRAPH:
        dateline, rest = split_dateline(blocks[0].text)
        if dateline is not None:
            blocks[0] = _cut_front(blocks[0], len(blocks[0].text) - len(rest))
            fields["dateline"] = dateline
    if not blocks:
        raise InputError("no body text: only a headline")
    # Level 1 is the headline's: sections at level 1 move down one, with their subsections.
    shift = any(b.kind is BlockKind.HEADING and b.level == 1 for b in blocks)
    blocks = [_heading_level(b, shift) if b.kind is BlockKind.HEADING else b for b in blocks]
    if "language" not in fields:
        sample = [b.text for b in blocks if b.kind is BlockKind.PARAGRAPH][:3]
        fields["language"] = guess_language(" ".join(sample or [blocks[0].text]))
    agency = fields["dateline"].source if fields.get("dateline") else None
    if agency:  # as the text reader: the agency is a source and the credit, not the holder
        fields.setdefault("info_sources", (agency,))
        fields.setdefault("credit_line", agency)
    texts = [block.text for block in blocks]
    guid = make_guid(fields["headline"], texts, fields.get("created"))
    return NewsItem(guid=guid, body=tuple(blocks), source=source, **fields)


def _heading_level(block: Block, shift: bool) -> Block:
    level = min(max(block.level or 2, 1) + shift, 6)  # six levels, as HTML
    return Block(kind=block.kind, text=block.text, level=max(level, 2), links=block.links)


def _cut_front(block: Block, cut: int) -> Block:
    """``block`` without its first ``cut`` characters; its links move (or shrink) along."""
    links = tuple(
        Link(start=max(k.start - cut, 0), end=k.end - cut, href=k.href)
        for k in block.links
        if k.end > cut
    )
    return Block(kind=block.kind, text=block.text[cut:], links=links)
