"""Headlines, body, date, byline, dateline, rights, sources and keywords of a ninjs item."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from docexport.errors import InputError
from docexport.limits import MAX_LINE_CHARS, MAX_YEAR, MIN_YEAR
from docexport.model import Block, Dateline, Rights
from docexport.normalise import normalise_line, normalise_text
from docexport.readers.blocks import split_names
from docexport.readers.ninjs.document import one_line
from docexport.readers.ninjs.markup import blocks_from_html

if TYPE_CHECKING:
    from docexport.readers.ninjs.document import Document

__all__ = [
    "read_body",
    "read_bylines",
    "read_created",
    "read_dateline",
    "read_headlines",
    "read_info_sources",
    "read_keywords",
    "read_rights",
]

_DATE_KEYS = ("contentCreated", "firstCreated", "versionCreated")
"""Preference for ``created``: when the content was made, else its first version."""
_DAY = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_BLANK_LINES = re.compile(r"\n[^\S\n]*\n\s*")
_BY = re.compile(r"^by\s+", re.IGNORECASE)
_SUBHEADLINE_ROLES = frozenset({"sub", "subheadline", "subhead", "subtitle"})


def read_headlines(doc: Document) -> tuple[str, str | None]:
    key, value = doc.first("headlines")
    entries = [h for h in value if _has_value(h)] if isinstance(value, list) else []
    main = next((h for h in entries if _role(h) in ("main", None)), None)
    main = main or next((h for h in entries if _role(h) not in _SUBHEADLINE_ROLES), None)
    sub = next((h for h in entries if _role(h) in _SUBHEADLINE_ROLES), None)
    headline, subheadline = _entry_text(main), _entry_text(sub)
    # Taken in full only if a writer gives the list back: [main] or [main, sub].
    exact = _plain(main, headline, ("main", None)) and (
        not sub or _plain(sub, subheadline, ("sub",))
    )
    doc.take(key, exact and value == [h for h in (main, sub) if h is not None])
    if headline is None:
        key, value = doc.first("headline")  # 1.x
        headline = one_line(value)
        doc.take(key, headline is not None and headline == value)
    if headline is None:  # metadata, but a natural-language name: kept as it is, too
        headline = one_line(doc.first("title")[1])
    if headline is None:
        raise InputError("ninjs item without a headline (headlines, headline or title)")
    return headline, subheadline


def _has_value(entry: Any) -> bool:
    return isinstance(entry, dict) and isinstance(entry.get("value"), str)


def _role(entry: dict[str, Any]) -> str | None:
    role = entry.get("role")
    return role.lower() if isinstance(role, str) else None


def _content_type(entry: dict[str, Any]) -> str:
    kind = entry.get("contentType", entry.get("contenttype"))
    if isinstance(kind, str):
        return kind.lower()
    return "text/html" if entry["value"].lstrip().startswith("<") else "text/plain"


def _entry_text(entry: dict[str, Any] | None) -> str | None:
    if entry is None:
        return None
    if "html" in _content_type(entry):
        return one_line(" ".join(block.text for block in blocks_from_html(entry["value"])))
    return one_line(entry["value"])


def _plain(entry: dict[str, Any] | None, text: str | None, roles: tuple[Any, ...]) -> bool:
    """Whether a writer gives ``entry`` back from the model's ``text`` (and a role)."""
    if entry is None or text != entry["value"] or not set(entry) <= {"value", "role"}:
        return False
    return _role(entry) in roles


def read_body(doc: Document) -> tuple[Block, ...]:
    key, value = doc.first("bodies")
    entries = [b for b in value if _has_value(b)] if isinstance(value, list) else []
    # Markup first: it has the paragraphs that a plain-text rendering often runs together.
    entries.sort(key=lambda b: ("html" not in _content_type(b), _role(b) not in ("main", None)))
    for entry in entries:
        if blocks := _blocks(entry["value"], "html" in _content_type(entry)):
            simple = set(entry) <= {"value", "role", "contentType", "contenttype"}
            doc.take(key, value == [entry] and simple)
            return blocks
    for name, markup in (("body_html", True), ("body_xhtml", True), ("body_text", False)):
        key, value = doc.first(name)  # 1.x
        if isinstance(value, str) and (blocks := _blocks(value, markup)):
            doc.take(key)
            return blocks
    raise InputError("ninjs item without body text (bodies, body_html or body_text)")


def _blocks(text: str, markup: bool) -> tuple[Block, ...]:
    if markup:
        return blocks_from_html(text)
    paragraphs = _BLANK_LINES.split(normalise_text(text))
    return tuple(Block(text=line) for p in paragraphs if (line := normalise_line(p)))


def read_created(doc: Document) -> date | datetime | None:
    """The first date of ``_DATE_KEYS`` that the model can hold, at its precision.

    The date keys themselves stay in extra: ``created`` does not say which one it was.
    """
    for name in _DATE_KEYS:
        value = doc.first(name)[1]
        if isinstance(value, str) and (stamp := _parse_date(value.strip())) is not None:
            return stamp
    return None


def _parse_date(text: str) -> date | datetime | None:
    try:
        stamp = date.fromisoformat(text) if _DAY.match(text) else datetime.fromisoformat(text)
    except ValueError:
        return None
    if not MIN_YEAR <= stamp.year <= MAX_YEAR:
        return None
    if isinstance(stamp, datetime):
        offset = stamp.utcoffset()
        if offset is None or abs(offset) > timedelta(hours=14) or offset % timedelta(minutes=1):
            return None  # no offset, or one that XML Schema cannot write
    return stamp


def read_bylines(doc: Document) -> tuple[str, ...]:
    key, value = doc.first("by", "byline")
    if (line := one_line(value)) is None:
        return ()
    names = split_names(_BY.sub("", line))
    doc.take(key, " and ".join(names) == value)  # how writers join them again
    return names


def read_dateline(doc: Document) -> Dateline | None:
    key, value = doc.first("located")
    if (line := one_line(value)) is None:
        return None
    doc.take(key, line == value)
    return Dateline(text=line, place=line)


def read_rights(doc: Document) -> Rights | None:
    found: dict[str, str] = {}
    for field, name in (
        ("holder", "copyrightHolder"),
        ("notice", "copyrightNotice"),
        ("usage_terms", "usageTerms"),
    ):
        key, value = doc.first(name)
        text = one_line(value) if field == "holder" else _text(value)
        if text is not None and len(text) + sum(map(len, found.values())) <= MAX_LINE_CHARS:
            found[field] = text
            doc.take(key, text == value)
    return Rights(**found) if found else None


def _text(value: Any) -> str | None:
    return (normalise_text(value).strip() or None) if isinstance(value, str) else None


def read_info_sources(doc: Document) -> tuple[str, ...]:
    key, value = doc.first("infoSources", "infosource")
    entries = value if isinstance(value, list) else []
    names = [one_line(e.get("name")) if isinstance(e, dict) else None for e in entries]
    exact = all(isinstance(e, dict) and set(e) == {"name"} for e in entries)
    exact = exact and all(n == e["name"] for n, e in zip(names, entries, strict=True))
    doc.take(key, bool(entries) and exact)
    return tuple(n for n in names if n)


def read_keywords(doc: Document) -> tuple[str, ...]:
    key, value = doc.first("keywords")  # 1.x, and many 2.x feeds
    entries = value if isinstance(value, list) else []
    lines = [one_line(k) for k in entries]
    doc.take(key, bool(entries) and lines == entries)
    return tuple(line for line in lines if line)
