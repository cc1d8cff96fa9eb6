"""The page's schema.org ``NewsArticle`` as JSON-LD, safe to put inside ``<script>``.

Only what the item states: no ``datePublished`` for an undated article (a bare date stays
a date), no ``publisher`` unless the provider is known, rights only as given. The text
is escaped so that nothing in it can end the script element: ``<``, ``>`` and ``&`` are
written as ``\\u003c``, ``\\u003e`` and ``\\u0026`` (JSON escapes, so ``json.loads`` gives
the text back unchanged), as are U+2028/U+2029 and the characters HTML forbids.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from docexport.model import EntityType

if TYPE_CHECKING:
    from docexport.model import Entity, NewsItem, Subject

__all__ = ["build_linked_data", "iso_date", "script_text"]

# Characters that must not appear raw in a <script> (or in HTML at all); json.dumps already
# escapes the C0 controls, and the raw newlines of its indentation must stay.
_UNSAFE_IN_SCRIPT = re.compile("[<>&\u2028\u2029\x7f-\x9f\ufffe\uffff\ud800-\udfff]")
_SCHEMA_TYPES = {
    EntityType.PERSON: "Person",
    EntityType.ORGANISATION: "Organization",
    EntityType.PLACE: "Place",
}
_SCHEME_URIS = {
    "medtop": "http://cv.iptc.org/newscodes/mediatopic/",
    "genre": "http://cv.iptc.org/newscodes/genre/",
    "subj": "http://cv.iptc.org/newscodes/subjectcode/",
}
_GEONAMES_URI = "https://sws.geonames.org/{}/"


def build_linked_data(item: NewsItem) -> dict[str, Any]:
    """The ``NewsArticle`` object for ``item``, as JSON-ready data."""
    article: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "identifier": item.guid,
        "headline": item.headline,
    }
    if item.subheadline:
        article["alternativeHeadline"] = item.subheadline
        article["description"] = item.subheadline
    if item.summary is not None and item.summary.bluf:
        article["abstract"] = item.summary.bluf  # machine-made; never read back as a dek
    if item.created is not None:
        article["datePublished"] = iso_date(item.created)
    if item.bylines:
        article["author"] = [{"@type": "Person", "name": name} for name in item.bylines]
    if item.provider:
        article["publisher"] = {"@type": "Organization", "name": item.provider}
    article.update(_rights(item))
    if item.dateline is not None:
        article["dateline"] = item.dateline.text
        article["locationCreated"] = {"@type": "Place", "name": item.dateline.place}
    article["inLanguage"] = item.language
    article.update(_concepts(item))
    words = sum(len(block.text.split()) for block in item.body)
    article["wordCount"] = words
    return article


def script_text(data: dict[str, Any]) -> str:
    """``data`` as JSON text that cannot end a ``<script>`` element or break the page."""
    text = json.dumps(data, ensure_ascii=False, indent=2, allow_nan=False)
    # Such characters occur only inside JSON strings, where a \\u escape means the same.
    return _UNSAFE_IN_SCRIPT.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def iso_date(value: date | datetime) -> str:
    """ISO 8601 as HTML's ``<time datetime>`` and schema.org accept it.

    A date stays a date. An offset with seconds (a historic local mean time), which
    neither allows, is written in UTC; a time too close to year 9999 for that, as its date.
    """
    if not isinstance(value, datetime):
        return value.isoformat()
    offset = value.utcoffset()
    if offset is not None and (offset.seconds % 60 or offset.microseconds):
        try:
            value = value.astimezone(UTC)
        except OverflowError:
            return value.date().isoformat()
    # HTML allows at most three digits of a second.
    text = value.isoformat(timespec="milliseconds" if value.microsecond else "seconds")
    return text.removesuffix("+00:00") + "Z" if text.endswith("+00:00") else text


def _rights(item: NewsItem) -> dict[str, Any]:
    """Credit and rights exactly as stated; nothing at all when none are."""
    stated: dict[str, Any] = {}
    rights = item.rights
    if rights is not None and rights.holder:
        stated["copyrightHolder"] = rights.holder  # a name: whether person or firm is unknown
    if rights is not None and rights.notice:
        stated["copyrightNotice"] = rights.notice
    if rights is not None and rights.usage_terms:
        stated["conditionsOfAccess"] = rights.usage_terms
    if item.credit_line:
        stated["creditText"] = item.credit_line
    return stated


def _concepts(item: NewsItem) -> dict[str, Any]:
    """Keywords, genres, subjects (``about``) and the people, bodies and places named."""
    concepts: dict[str, Any] = {}
    if item.keywords:
        concepts["keywords"] = list(item.keywords)
    if item.genres:
        concepts["genre"] = [genre.label for genre in item.genres]
    if item.subjects:
        concepts["about"] = [_defined_term(subject) for subject in item.subjects]
    if item.entities:
        concepts["mentions"] = [_thing(entity) for entity in item.entities]
    return concepts


def _defined_term(subject: Subject) -> dict[str, Any]:
    term: dict[str, Any] = {"@type": "DefinedTerm", "name": subject.label}
    term["termCode"] = subject.qcode
    scheme, _, code = subject.qcode.partition(":")
    if scheme in _SCHEME_URIS and code:
        term["inDefinedTermSet"] = _SCHEME_URIS[scheme]
        term["@id"] = _SCHEME_URIS[scheme] + quote(code, safe="")
    return term


def _thing(entity: Entity) -> dict[str, Any]:
    thing: dict[str, Any] = {"@type": _SCHEMA_TYPES[entity.type], "name": entity.name}
    if entity.type is EntityType.PLACE and entity.geonames_id and entity.geonames_id > 0:
        thing["sameAs"] = _GEONAMES_URI.format(entity.geonames_id)
    return thing
