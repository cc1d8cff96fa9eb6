"""Subjects and genres with IPTC NewsCodes, and the people, organisations and places
whose names the text contains."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from docexport.model import Entity, EntityType, Origin, Span, Subject
from docexport.readers.ninjs.document import one_line

if TYPE_CHECKING:
    from docexport.readers.ninjs.document import Document

__all__ = ["GENRE_SCHEMES", "SUBJECT_SCHEMES", "read_concepts", "read_entities"]

_ENTITY_KEYS = (
    (EntityType.PERSON, ("people", "person")),
    (EntityType.ORGANISATION, ("organisations", "organisation")),
    (EntityType.PLACE, ("places", "place")),
)
_NEWSCODE = re.compile(r"^https?://cv\.iptc\.org/newscodes/([a-z]+)/([^/?#\s]+)/?$", re.I)
_COUNTRY = re.compile(r"^https?://cvx?\.iptc\.org/iso3166-1a2/([a-z]{2})/?$", re.I)
_GEONAMES = re.compile(r"^https?://(?:sws\.|www\.)?geonames\.org/([1-9][0-9]{0,9})\b")

# IPTC NewsCodes scheme URI → catalog alias, for the vocabularies the model's slots hold.
SUBJECT_SCHEMES = {"mediatopic": "medtop", "subjectcode": "subj"}
GENRE_SCHEMES = {"genre": "genre"}
_MAX_SEARCH = 1_000_000  # body characters searched for entity names (enrichment's bound)
_MAX_MENTIONS = 1_000  # per entity: an entity is shown, not counted, beyond that
_MAX_ENTITIES = 1_000  # per list searched in the text: each search reads the body


def read_concepts(
    doc: Document, names: tuple[str, ...], schemes: dict[str, str]
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
    scheme = next(s for s, a in (SUBJECT_SCHEMES | GENRE_SCHEMES).items() if a == alias)
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
    return Subject(qcode=qcode, name=one_line(entry.get("name")), origin=Origin.SOURCE)


def read_entities(doc: Document, headline: str, texts: list[str]) -> tuple[Entity, ...] | None:
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
            name = one_line(entry.get("name")) if isinstance(entry, dict) else None
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
