"""Subjects and genres: concepts with a QCode, and the person, organisation and place
subjects that are entities (with the place codes our writer puts on them)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from docexport import model
from docexport.model import EntityType, Subject
from docexport.readers.newsml.elements import (
    Extra,
    attr,
    broader_codes,
    children,
    describe,
    name_of,
    origin_of,
    qcodes_of,
)

if TYPE_CHECKING:
    from collections.abc import Sequence

    from lxml.etree import _Element

__all__ = ["PlaceCodes", "place_codes", "read_genres", "read_subjects"]

_ENTITY_TYPES = {
    "cpnat:person": EntityType.PERSON,
    "cpnat:organisation": EntityType.ORGANISATION,
    "cpnat:geoArea": EntityType.PLACE,
}
_QCODE = re.compile(r"[A-Za-z][A-Za-z0-9_.-]*:\S+")
_GEONAMES = re.compile(r"geonames:([1-9]\d{0,11})")
_COUNTRY = re.compile(r"iso3166-1a2:([A-Z]{2})")
_SUBDIVISION = re.compile(r"iso3166-2:([A-Z]{2}-[A-Z0-9]{1,3})")


def read_genres(content: _Element | None, extra: Extra) -> tuple[Subject, ...]:
    genres = []
    for element in children(content, "genre"):
        if (concept := _concept(element)) is not None:
            genres.append(concept)
        else:
            extra.setdefault("concepts", []).append(describe(element))
    return tuple(genres)


def read_subjects(
    content: _Element | None, extra: Extra
) -> tuple[list[model.Entity], tuple[Subject, ...] | None]:
    """Entities declared as person/organisation/place subjects, and the other concepts."""
    elements = children(content, "subject")
    entities, subjects = [], []
    for element in elements:
        kind, same_as = element.get("type") or "", qcodes_of(element, "sameAs")
        if kind in _ENTITY_TYPES and name_of(element):
            entities.append(_entity(element, _ENTITY_TYPES[kind], same_as, extra))
        elif (concept := _concept(element)) is not None:
            subjects.append(concept)
            if kind not in ("", "cpnat:abstract") or same_as:
                detail = {"qcode": concept.qcode, "type": kind, "same_as": same_as}
                extra.setdefault("subject_details", []).append(
                    {k: v for k, v in detail.items() if v}
                )
        else:
            extra.setdefault("concepts", []).append(describe(element))
    return entities, (tuple(subjects) if elements else None)


def _concept(element: _Element) -> Subject | None:
    qcode = attr(element, "qcode")
    if not _QCODE.fullmatch(qcode):
        return None
    broader = tuple(q for q in broader_codes(element) if _QCODE.fullmatch(q))
    return Subject(
        qcode=qcode, name=name_of(element) or None, broader=broader, origin=origin_of(element)
    )


def _entity(element: _Element, kind: EntityType, same_as: list[str], extra: Extra) -> model.Entity:
    own = [q for q in (attr(element, "qcode"), *same_as) if q]
    codes, unmapped = PlaceCodes(), bool(own or broader_codes(element))
    if kind is EntityType.PLACE:  # people and organisations have no code slot
        codes = place_codes(own, broader_codes(element))
        unmapped = codes.unmapped
    if unmapped:
        extra.setdefault("entity_codes", []).append(describe(element))
    return model.Entity(
        name=name_of(element),
        type=kind,
        mentions=(),
        country_code=codes.country,
        subdivision_code=codes.subdivision,
        geonames_id=codes.geonames,
        place_kind=codes.kind,
        origin=origin_of(element),
    )


@dataclass(frozen=True, slots=True)
class PlaceCodes:
    country: str | None = None
    subdivision: str | None = None
    geonames: int | None = None
    kind: str | None = None
    unmapped: bool = False


def place_codes(own: Sequence[str | None], broader: Sequence[str]) -> PlaceCodes:
    """A place's own codes (qcode, sameAs) and its parents' (broader), as our writer puts
    them: an own ISO 3166-1 code makes a country, an own ISO 3166-2 code a region."""
    found: dict[str, str] = {}
    unmapped = False
    for code, is_own in [(c, True) for c in own if c] + [(c, False) for c in broader]:
        for key, pattern in (("geonames", _GEONAMES), ("country", _COUNTRY), ("sub", _SUBDIVISION)):
            if (m := pattern.fullmatch(code)) and (is_own or key != "geonames"):
                found.setdefault(key, m.group(1))
                if is_own and key != "geonames":
                    found.setdefault("kind", "country" if key == "country" else "region")
                break
        else:
            unmapped = True
    geonames = found.get("geonames")
    return PlaceCodes(
        country=found.get("country"),
        subdivision=found.get("sub"),
        geonames=int(geonames) if geonames else None,
        kind=found.get("kind"),
        unmapped=unmapped,
    )
