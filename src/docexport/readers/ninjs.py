"""Reader for ninjs (IPTC News in JSON) text items, versions 1.x, 2.x and 3.x.

3.x keys are camelCase (``versionCreated``), 2.x and 1.x lower case; 1.x has single
``headline``, ``body_html``/``body_text``, ``byline``, ``subject``... All spellings are read
(archives mix them); of two spellings of one key, the document's own version's wins
(``$schema``/``standard.schema``, else its key style). Tolerant, so the official schema is
not applied: only ``uri``, a headline and body text are demanded, and a value the model
cannot hold as it is (urgency 0.1, a slugline with spaces) stays unmapped. Events and
planning items are refused.

``extra["ninjs"]`` keeps, unchanged, every top-level value the model does not hold in full,
for a ninjs writer to give back: unknown keys, ``altIds``, ``associations``, ``renditions``,
a ``uri`` that is no guid, the date keys (``created`` does not say which it was) and any list
of which a part did not fit (a second body, a subject without IPTC code, a person whose
name is not in the text).
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from docexport.errors import InputError
from docexport.io import decode_text
from docexport.language import guess_language
from docexport.limits import MAX_LINE_CHARS, MAX_YEAR, MIN_YEAR
from docexport.model import (
    Block,
    Dateline,
    Entity,
    EntityType,
    NewsItem,
    Origin,
    Rights,
    Source,
    Span,
    Subject,
    make_guid,
)
from docexport.normalise import normalise_line, normalise_text
from docexport.readers.html_blocks import blocks_from_html

if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = ["MAX_DEPTH", "read_bytes"]

MAX_DEPTH = 64
"""JSON nesting deeper than this is no news item (ninjs itself nests about ten deep)."""

_DATE_KEYS = ("contentCreated", "firstCreated", "versionCreated")
"""Preference for ``created``: when the content was made, else its first version."""
_ENTITY_KEYS = (
    (EntityType.PERSON, ("people", "person")),
    (EntityType.ORGANISATION, ("organisations", "organisation")),
    (EntityType.PLACE, ("places", "place")),
)
_GUID = re.compile(r"^urn:newsml:[A-Za-z0-9.-]+:[0-9A-Za-z]+:[0-9a-f]{16,64}$")
_LANGUAGE = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
_SLUGLINE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9/-]{0,63}$")
_VERSION = re.compile(r"^[1-9][0-9]{0,8}$")
_DAY = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_BLANK_LINES = re.compile(r"\n[^\S\n]*\n\s*")
_AUTHOR_SPLIT = re.compile(r"\s+and\s+|\s*[&;]\s*")
_BY = re.compile(r"^by\s+", re.IGNORECASE)
_NEWSCODE = re.compile(r"^https?://cv\.iptc\.org/newscodes/([a-z]+)/([^/?#\s]+)/?$", re.I)
_COUNTRY = re.compile(r"^https?://cvx?\.iptc\.org/iso3166-1a2/([a-z]{2})/?$", re.I)
_GEONAMES = re.compile(r"^https?://(?:sws\.|www\.)?geonames\.org/([1-9][0-9]{0,9})\b")
_SURROGATE = re.compile("[\ud800-\udfff]")
# IPTC NewsCodes scheme URI → catalog alias, for the vocabularies the model's slots hold.
_SUBJECT_SCHEMES = {"mediatopic": "medtop", "subjectcode": "subj"}
_GENRE_SCHEMES = {"genre": "genre"}
_LEAST_URGENT = 9
_SUBHEADLINE_ROLES = frozenset({"sub", "subheadline", "subhead", "subtitle"})
_MAX_SEARCH = 1_000_000  # body characters searched for entity names (enrichment's bound)
_MAX_MENTIONS = 1_000  # per entity: an entity is shown, not counted, beyond that
_MAX_ENTITIES = 1_000  # per list searched in the text: each search reads the body


class _Document:
    """The parsed ninjs object and which of its keys the model took in full."""

    def __init__(self, fields: dict[str, Any]) -> None:
        self.fields = fields
        self.taken: set[str] = set()
        self.camel_first = _is_3x(fields)

    def first(self, *names: str) -> tuple[str, Any]:
        """The first present key of ``names`` (each also in the other case style)."""
        for name in names:
            spellings = (name, name.lower()) if self.camel_first else (name.lower(), name)
            for key in spellings:
                if key in self.fields:
                    return key, self.fields[key]
        return "", None

    def take(self, key: str, whole: bool = True) -> None:
        if key and whole:
            self.taken.add(key)

    def left(self) -> dict[str, Any]:
        return {k: v for k, v in self.fields.items() if k not in self.taken}


def read_bytes(data: bytes, name: str) -> NewsItem:
    """Parse a ninjs text item; raises ``InputError`` with a one-line reason."""
    text, encoding = decode_text(data)
    doc = _Document(_parse_object(text))
    source = Source(
        file_name=name, sha256=hashlib.sha256(data).hexdigest(), encoding=encoding, size=len(data)
    )
    return _build_item(doc, source)


def _parse_object(text: str) -> dict[str, Any]:
    try:
        parsed = json.loads(text, parse_constant=_finite, parse_float=_finite)
    except json.JSONDecodeError as exc:
        raise InputError(
            f"not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
        ) from exc
    except RecursionError:
        raise InputError("JSON is nested too deeply to be a ninjs item") from None
    except ValueError as exc:  # an integer of over 4,300 digits, NaN, Infinity, 1e999
        raise InputError(f"not valid JSON for a ninjs item: {exc}") from None
    if not isinstance(parsed, dict):
        raise InputError("JSON is not an object, so not a ninjs item")
    _check_tree(parsed)
    uri = parsed.get("uri")
    if not isinstance(uri, str) or not uri.strip():
        raise InputError('not ninjs: no "uri" string (every ninjs version requires one)')
    if str(parsed.get("type", "")).lower() in ("event", "planning"):
        raise InputError(f"a ninjs {parsed['type']} item describes no article: nothing to read")
    return parsed


def _finite(text: str) -> float:
    # Python's json takes NaN and Infinity, which JSON (RFC 8259) does not, and makes 1e999
    # infinite: JSON output could not write either back.
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"{text[:40]} is not a finite JSON number")
    return value


def _check_tree(root: dict[str, Any]) -> None:
    """Refuse deep nesting (copying and writing it would recurse); drop lone surrogates,
    which no UTF-8 output can carry, from every string kept."""
    stack: list[tuple[Any, int]] = [(root, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise InputError(f"JSON nested over {MAX_DEPTH} levels deep: not a ninjs item")
        items = list(node.items()) if isinstance(node, dict) else list(enumerate(node))
        for key, value in items:
            if isinstance(key, str) and _SURROGATE.search(key):
                del node[key]
                key = _SURROGATE.sub("\ufffd", key)  # noqa: PLW2901 - the cleaned key
                node[key] = value
            if isinstance(value, str) and _SURROGATE.search(value):
                node[key] = _SURROGATE.sub("\ufffd", value)
            elif isinstance(value, dict | list):
                stack.append((value, depth + 1))


def _is_3x(fields: dict[str, Any]) -> bool:
    standard = fields.get("standard")
    declared = fields.get("$schema") or (
        standard.get("schema") if isinstance(standard, dict) else ""
    )
    if isinstance(declared, str) and (found := re.search(r"ninjs-schema_(\d)", declared)):
        return found.group(1) >= "3"
    return any(k != k.lower() for k in fields)


def _build_item(doc: _Document, source: Source) -> NewsItem:
    headline, subheadline = _headlines(doc)
    body = _body(doc)
    created = _created(doc)
    key, uri = doc.first("uri")
    if _GUID.fullmatch(uri):
        guid = uri
        doc.take(key)
    else:
        # The guid names the item across its versions, as the uri does: hashing the uri,
        # not the content, gives every version of one story the same guid.
        guid = make_guid(uri, (), None)
    texts = [block.text for block in body]
    return NewsItem(
        guid=guid,
        version=int(_match(doc, "version", _fits(_VERSION)) or 1),
        headline=headline,
        subheadline=subheadline,
        slugline=_match(doc, "slugline", _fits(_SLUGLINE)),
        created=created,
        bylines=_bylines(doc),
        dateline=_dateline(doc),
        rights=_rights(doc),
        info_sources=_info_sources(doc),
        urgency=_match(doc, "urgency", lambda u: type(u) is int and 1 <= u <= _LEAST_URGENT),
        genres=_concepts(doc, ("genres", "genre"), _GENRE_SCHEMES),
        keywords=_keywords(doc),
        language=_match(doc, "language", _fits(_LANGUAGE)) or guess_language(" ".join(texts[:3])),
        body=body,
        subjects=_concepts(doc, ("subjects", "subject"), _SUBJECT_SCHEMES) or None,
        entities=_entities(doc, headline, texts),
        source=source,
        # Last: every argument before it has taken its keys.
        extra={"ninjs": doc.left()} if doc.left() else {},
    )


def _line(value: Any) -> str | None:
    """``value`` as a one-line field of the model, or ``None`` if it cannot be one."""
    if not isinstance(value, str) or len(value) > MAX_LINE_CHARS:
        return None
    return normalise_line(normalise_text(value)) or None


def _match(doc: _Document, name: str, fits: Callable[[Any], object]) -> Any:
    """The value of key ``name`` if the model can hold it as it is (then taken), else None."""
    key, value = doc.first(name)
    if value is None or not fits(value):
        return None
    doc.take(key)
    return value


def _fits(pattern: re.Pattern[str]) -> Callable[[Any], bool]:
    return lambda value: isinstance(value, str) and pattern.fullmatch(value) is not None


def _headlines(doc: _Document) -> tuple[str, str | None]:
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
        headline = _line(value)
        doc.take(key, headline is not None and headline == value)
    if headline is None:  # metadata, but a natural-language name: kept as it is, too
        headline = _line(doc.first("title")[1])
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
        return _line(" ".join(block.text for block in blocks_from_html(entry["value"])))
    return _line(entry["value"])


def _plain(entry: dict[str, Any] | None, text: str | None, roles: tuple[Any, ...]) -> bool:
    """Whether a writer gives ``entry`` back from the model's ``text`` (and a role)."""
    if entry is None or text != entry["value"] or not set(entry) <= {"value", "role"}:
        return False
    return _role(entry) in roles


def _body(doc: _Document) -> tuple[Block, ...]:
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


def _created(doc: _Document) -> date | datetime | None:
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


def _bylines(doc: _Document) -> tuple[str, ...]:
    key, value = doc.first("by", "byline")
    if (line := _line(value)) is None:
        return ()
    names = tuple(n.strip(" ,") for n in _AUTHOR_SPLIT.split(_BY.sub("", line)) if n.strip(" ,"))
    doc.take(key, " and ".join(names) == value)  # how writers join them again
    return names


def _dateline(doc: _Document) -> Dateline | None:
    key, value = doc.first("located")
    if (line := _line(value)) is None:
        return None
    doc.take(key, line == value)
    return Dateline(text=line, place=line)


def _rights(doc: _Document) -> Rights | None:
    found: dict[str, str] = {}
    for field, name in (
        ("holder", "copyrightHolder"),
        ("notice", "copyrightNotice"),
        ("usage_terms", "usageTerms"),
    ):
        key, value = doc.first(name)
        text = _line(value) if field == "holder" else _text(value)
        if text is not None and len(text) + sum(map(len, found.values())) <= MAX_LINE_CHARS:
            found[field] = text
            doc.take(key, text == value)
    return Rights(**found) if found else None


def _text(value: Any) -> str | None:
    return (normalise_text(value).strip() or None) if isinstance(value, str) else None


def _info_sources(doc: _Document) -> tuple[str, ...]:
    key, value = doc.first("infoSources", "infosource")
    entries = value if isinstance(value, list) else []
    names = [_line(e.get("name")) if isinstance(e, dict) else None for e in entries]
    exact = all(isinstance(e, dict) and set(e) == {"name"} for e in entries)
    exact = exact and all(n == e["name"] for n, e in zip(names, entries, strict=True))
    doc.take(key, bool(entries) and exact)
    return tuple(n for n in names if n)


def _keywords(doc: _Document) -> tuple[str, ...]:
    key, value = doc.first("keywords")  # 1.x, and many 2.x feeds
    entries = value if isinstance(value, list) else []
    lines = [_line(k) for k in entries]
    doc.take(key, bool(entries) and lines == entries)
    return tuple(line for line in lines if line)


def _concepts(
    doc: _Document, names: tuple[str, ...], schemes: dict[str, str]
) -> tuple[Subject, ...]:
    """Concepts with an IPTC NewsCodes URI of ``schemes`` (or 1.x ``scheme`` + ``code``)."""
    key, value = doc.first(*names)
    entries = value if isinstance(value, list) else []
    concepts = [_concept(e, schemes) if isinstance(e, dict) else None for e in entries]
    exact = all(_gives_back(c, e) for c, e in zip(concepts, entries, strict=True))
    doc.take(key, bool(entries) and exact)
    return tuple(dict.fromkeys(c for c in concepts if c is not None))


def _gives_back(concept: Subject | None, entry: Any) -> bool:
    if concept is None or not set(entry) <= {"uri", "name"}:
        return False
    alias, code = concept.qcode.split(":", 1)
    scheme = next(s for s, a in (_SUBJECT_SCHEMES | _GENRE_SCHEMES).items() if a == alias)
    uri = f"http://cv.iptc.org/newscodes/{scheme}/{code}"
    return entry.get("name") == concept.name and entry.get("uri") == uri


def _concept(entry: dict[str, Any], schemes: dict[str, str]) -> Subject | None:
    uri, scheme, code = entry.get("uri"), entry.get("scheme"), entry.get("code")
    if not isinstance(uri, str) and isinstance(scheme, str) and isinstance(code, str):
        uri = f"{scheme.rstrip('/')}/{code}"  # 1.x
    found = _NEWSCODE.match(uri) if isinstance(uri, str) else None
    if found is None or found.group(1).lower() not in schemes:
        return None  # a name or literal alone: no code to give, so not invented
    qcode = f"{schemes[found.group(1).lower()]}:{found.group(2)}"
    return Subject(qcode=qcode, name=_line(entry.get("name")), origin=Origin.SOURCE)


def _entities(doc: _Document, headline: str, texts: list[str]) -> tuple[Entity, ...] | None:
    """People, organisations and places whose exact name the headline or body contains.

    A name that is not in the text has no mention to point at, so it stays in extra
    rather than getting an invented span; ``None`` (enrichment may run) if none is found.
    """
    found: dict[tuple[str, EntityType], Entity] = {}
    for kind, names in _ENTITY_KEYS:
        key, value = doc.first(*names)
        entries = value[:_MAX_ENTITIES] if isinstance(value, list) else []
        exact = bool(entries) and len(entries) == len(value)
        for entry in entries:
            name = _line(entry.get("name")) if isinstance(entry, dict) else None
            mentions = _mentions(name, [headline, *texts]) if name else ()
            exact = exact and bool(mentions) and set(entry) == {"name"} and name == entry["name"]
            if name and mentions and (name, kind) not in found:
                found[name, kind] = _entity(name, kind, mentions, entry)
        doc.take(key, exact)
    return tuple(found.values()) or None


def _mentions(name: str, texts: list[str]) -> tuple[Span, ...]:
    """Whole-word occurrences ("Pepe" is not in "Pepes") in the headline (block -1) and
    the blocks within the first ``_MAX_SEARCH`` characters, at most ``_MAX_MENTIONS``."""
    spans: list[Span] = []
    budget = _MAX_SEARCH
    for block, text in enumerate(texts, start=-1):
        budget -= len(text)
        start = text.find(name) if budget >= 0 else -1
        while start >= 0 and len(spans) < _MAX_MENTIONS:
            end = start + len(name)
            if not (_is_word(text, start - 1) or _is_word(text, end)):
                spans.append(Span(block=block, start=start, end=end))
            start = text.find(name, start + 1)
    return tuple(spans)


def _is_word(text: str, index: int) -> bool:
    return 0 <= index < len(text) and text[index].isalnum()


def _entity(name: str, kind: EntityType, mentions: tuple[Span, ...], entry: Any) -> Entity:
    uri = entry["uri"] if kind is EntityType.PLACE and isinstance(entry.get("uri"), str) else ""
    country, geonames = _COUNTRY.match(uri), _GEONAMES.match(uri)
    return Entity(
        name=name,
        type=kind,
        mentions=mentions,
        country_code=country.group(1).upper() if country else None,
        place_kind="country" if country else None,
        geonames_id=int(geonames.group(1)) if geonames else None,
        origin=Origin.SOURCE,
    )
