"""``--to ninjs``: IPTC ninjs 3.1 (camelCase keys), or 2.2 (lowercase keys) for older consumers.

Built once in 3.1 spelling from the model, then renamed for 2.2 (key case, ``embargoed``,
no 3.x-only keys). Only ``uri`` is required, so what the model does not know is left out.

- Dates: ``contentCreated``/``firstCreated``/``versionCreated`` are RFC 3339 date-times, so
  a date-only or undated article has none (never a made-up midnight, never the clock);
  ``SOURCE_DATE_EPOCH`` always sets ``versionCreated``.
- Machine-made metadata: ``subjects`` enrichment chose carry ``creator`` (``MACHINE_CREATOR``).
  ``people``/``organisations``/``places``, ``genres`` and ``descriptions`` have no such field
  in either version, so ``edNote`` names those that enrichment made (machine entities also
  get ``rel: mentions``: all extraction knows is that the text names them).
- ``extra["ninjs"]`` (what a ninjs input carried that the model does not hold in full, in
  either version's spelling) goes back as read, over the model's partial copy; ``standard``
  always names the version written.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Set
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, BinaryIO, ClassVar
from urllib.parse import quote, urlsplit

from lxml import etree

from docexport.errors import WriterError
from docexport.model import Block, BlockKind, Entity, EntityType, Origin, Rights, Subject
from docexport.normalise import XML_FORBIDDEN

if TYPE_CHECKING:
    from docexport.model import NewsItem
    from docexport.writers import WriterOptions

__all__ = ["MACHINE_CREATOR", "NINJS_VERSIONS", "NinjsWriter", "build_ninjs"]

NINJS_VERSIONS = ("3.1", "2.2")
MACHINE_CREATOR = "docexport enrichment (machine-generated, unreviewed)"
"""``subjects[].creator`` of what enrichment inferred: "which system created the property"."""

_SCHEMA_URI = "http://www.iptc.org/std/ninjs/ninjs-schema_{}.json#"
# qcode scheme alias → URI, as declared in IPTC's catalog v41 (the NewsML writer's catalog).
_SCHEME_URIS = {
    "medtop": "http://cv.iptc.org/newscodes/mediatopic/",
    "genre": "http://cv.iptc.org/newscodes/genre/",
    "subj": "http://cv.iptc.org/newscodes/subjectcode/",
}
_ISO_COUNTRY_URI = "http://cvx.iptc.org/iso3166-1a2/"
_ISO_SUBDIVISION_URI = "http://cvx.iptc.org/iso3166-2/"
_GEONAMES_URI = "https://sws.geonames.org/{}/"
# Links other than these (javascript:, data:, ...) are dropped; their text stays.
_LINK_SCHEMES = frozenset({"http", "https", "mailto"})
_DATE_KEYS = ("versionCreated", "firstCreated", "contentCreated")

# Every camelCase key of the 3.1 schema; 2.2 spells each in lowercase, except that
# ``embargoedUntil`` is ``embargoed`` and the 3.x-only keys (events, planning, video
# renditions) do not exist. GeoJSON keeps its own keys: ``geoJSON`` values are not renamed.
# fmt: off
_CAMEL_KEYS = (
    "altIds", "charCount", "contactInfo", "contentCreated", "contentType", "copyrightHolder",
    "copyrightNotice", "digitalSourceType", "edNote", "encodedRights", "firstCreated",
    "geoJSON", "infoSources", "langId", "linkedRights", "postalCode", "pubStatus",
    "representationType", "rightsInfo", "sizeInBytes", "symbolType", "trustIndicators",
    "usageTerms", "versionCreated", "wordCount",
)
_ONLY_IN_3 = (
    "aspectRatio", "endDate", "eventDetails", "eventStatus", "exclAudience",
    "expectedDuration", "expectedEndDate", "expectedStartDate", "frameRate", "itemCount",
    "plannedCoverage", "plannedCoverageStatus", "rangeFrom", "rangeTo", "recurrenceDates",
    "recurrenceRules", "scanType", "startDate", "transportProtocol", "videoCodec",
)
_ONLY_IN_2 = ("ticker",)
_TOP_LEVEL_V3 = frozenset({
    "uri", "type", "representationType", "profile", "version", "firstCreated",
    "versionCreated", "contentCreated", "embargoedUntil", "pubStatus", "urgency",
    "copyrightHolder", "copyrightNotice", "usageTerms", "edNote", "language", "descriptions",
    "bodies", "headlines", "people", "organisations", "places", "subjects", "events",
    "eventDetails", "plannedCoverage", "objects", "infoSources", "title", "by", "slugline",
    "located", "renditions", "associations", "altIds", "trustIndicators", "standard",
    "genres", "expires", "rightsInfo", "digitalSourceType",
})
# fmt: on
_TO_V2: dict[str, str | None] = {
    **{key: key.lower() for key in _CAMEL_KEYS},
    "embargoedUntil": "embargoed",
    **dict.fromkeys(_ONLY_IN_3),
}
_TO_V3: dict[str, str | None] = {
    **{v2: v3 for v3, v2 in _TO_V2.items() if v2 is not None},
    **dict.fromkeys(_ONLY_IN_2),
}


class NinjsWriter:
    name: ClassVar[str] = "ninjs"
    media_type: ClassVar[str] = "application/json"
    extension: ClassVar[str] = ".json"
    binary: ClassVar[bool] = False

    def __init__(self, options: WriterOptions) -> None:
        self.options = options
        self.version = str(getattr(options, "ninjs_version", "3.1"))
        if self.version not in NINJS_VERSIONS:
            known = ", ".join(NINJS_VERSIONS)
            raise WriterError(f"ninjs version {self.version!r} is not supported ({known})")

    def write(self, item: NewsItem, out: BinaryIO) -> None:
        document = build_ninjs(item, self.version, generated=self.options.generated)
        text = json.dumps(document, ensure_ascii=False, indent=2, allow_nan=False)
        out.write(text.encode("utf-8") + b"\n")


def build_ninjs(
    item: NewsItem, version: str = "3.1", *, generated: datetime | None = None
) -> dict[str, Any]:
    """The ninjs document for ``item`` as JSON-ready data, in ``version``'s spelling.

    ``generated`` (``SOURCE_DATE_EPOCH``) becomes ``versionCreated``; raises ``WriterError``
    for a version other than those in ``NINJS_VERSIONS``.
    """
    if version not in NINJS_VERSIONS:
        raise WriterError(f"ninjs version {version!r} is not supported")
    passed_on = _passed_on(item)
    made: dict[str, Any] = {
        "uri": item.guid,
        "standard": {"name": "ninjs", "version": version, "schema": _SCHEMA_URI.format(version)},
        "type": "text",
        "version": str(item.version),
        **({} if passed_on.keys() & _DATE_KEYS else _dates(item)),
        "pubStatus": "usable",
        **_administrative(item),
        **_editorial(item),
        **_concepts(item),
    }
    # The reader leaves in extra exactly what the model does not hold in full (a second
    # body, a subject without a code, the source's own dates), so those go back as read.
    document = made | passed_on | {"standard": made["standard"]}
    if generated is not None and (stamp := _rfc3339(generated)):
        document["versionCreated"] = stamp
    if note := _machine_note(item, written=made.keys() - passed_on.keys()):
        own = passed_on.get("edNote")
        document["edNote"] = f"{own}\n\n{note}" if isinstance(own, str) else note
    return document if version == "3.1" else _renamed(document, _TO_V2)


def _passed_on(item: NewsItem) -> dict[str, Any]:
    """Top-level keys a ninjs input carried beyond the model, in 3.1 spelling."""
    source = item.extra.get("ninjs")
    if not isinstance(source, Mapping):
        return {}
    renamed = _renamed(dict(source), _TO_V3)
    if not isinstance(renamed.get("uri"), str) or not renamed["uri"]:
        renamed.pop("uri", None)
    return {key: value for key, value in renamed.items() if key in _TOP_LEVEL_V3}


def _renamed(value: Any, names: Mapping[str, str | None]) -> Any:
    """``value`` with every object key renamed by ``names`` (``None``: dropped)."""
    if isinstance(value, list):
        return [_renamed(v, names) for v in value]
    if not isinstance(value, Mapping):
        return value
    out: dict[str, Any] = {}
    for key, inner in value.items():
        new = names.get(key, key)
        if new is not None:
            out[new] = inner if new.lower() == "geojson" else _renamed(inner, names)
    return out


def _dates(item: NewsItem) -> dict[str, str]:
    """The article's date-time as the item's three dates; nothing for a bare date."""
    created = _rfc3339(item.created) if isinstance(item.created, datetime) else None
    return dict.fromkeys(_DATE_KEYS, created) if created else {}


def _rfc3339(value: datetime) -> str | None:
    """RFC 3339 text, ``Z`` for UTC; ``None`` for a naive time (its zone is unknown)."""
    offset = value.utcoffset()
    if offset is None:
        return None
    if offset.seconds % 60 or offset.microseconds:
        # RFC 3339 offsets have no seconds (a historic local mean time has): say it in UTC.
        try:
            value = value.astimezone(UTC)
        except OverflowError:
            return None
    text = value.isoformat()
    return text.removesuffix("+00:00") + "Z" if text.endswith("+00:00") else text


def _administrative(item: NewsItem) -> dict[str, Any]:
    """Urgency, language and rights, each only as stated."""
    fields: dict[str, Any] = {"language": item.language}
    if item.urgency is not None:
        fields["urgency"] = item.urgency
    rights = item.rights or Rights()
    stated = {
        "copyrightHolder": rights.holder,
        "copyrightNotice": rights.notice,
        "usageTerms": rights.usage_terms,
    }
    return fields | {key: value for key, value in stated.items() if value}


def _machine_note(item: NewsItem, written: Set[str]) -> str | None:
    """Which of the written parts enrichment made, where ninjs has no per-concept field."""
    machine = {_ENTITY_KEYS[e.type] for e in item.entities or () if e.origin is Origin.MACHINE}
    if any(g.origin is Origin.MACHINE for g in item.genres):
        machine.add("genres")
    if item.summary is not None and item.summary.bluf:
        machine.add("descriptions")
    parts = [_NOTE_NAMES.get(k, k) for k in _NOTE_ORDER if k in machine and k in written]
    if not parts:
        return None
    listed = ", ".join(parts[:-1]) + " and " + parts[-1] if len(parts) > 1 else parts[0]
    return f"Machine-made, unreviewed: {listed} were derived from the text by docexport."


_ENTITY_KEYS = {
    EntityType.PERSON: "people",
    EntityType.ORGANISATION: "organisations",
    EntityType.PLACE: "places",
}
_NOTE_ORDER = ("people", "organisations", "places", "genres", "descriptions")
_NOTE_NAMES = {"descriptions": "the summary description"}


def _editorial(item: NewsItem) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    if item.slugline:
        fields["slugline"] = item.slugline
    fields["headlines"] = [{"role": "main", "value": item.headline}]
    if item.subheadline:
        # "subhead" is the role the ninjs user guide gives for 1.x's headline_subhead.
        fields["headlines"].append({"role": "subhead", "value": item.subheadline})
    if item.bylines:
        fields["by"] = _joined(item.bylines)
    if item.dateline is not None and item.dateline.place:
        fields["located"] = item.dateline.place
    if item.summary is not None and item.summary.bluf:
        fields["descriptions"] = [
            {"role": "summary", "contentType": "text/plain", "value": item.summary.bluf}
        ]
    if item.body:
        fields["bodies"] = _bodies(item.body)
    info_sources = [{"name": item.provider, "role": "provider"}] if item.provider else []
    info_sources += [{"name": name} for name in item.info_sources if name != item.provider]
    if info_sources:
        fields["infoSources"] = info_sources
    return fields


def _joined(names: tuple[str, ...]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _bodies(blocks: tuple[Block, ...]) -> list[dict[str, Any]]:
    """The body as plain text (role ``main``) and as HTML (``richtext``), as IPTC's
    3.1 example article does, each with the counts of the body text."""
    counts = {
        "charCount": sum(len(block.text) for block in blocks),
        "wordCount": sum(len(block.text.split()) for block in blocks),
    }
    plain = "\n\n".join(block.text for block in blocks)
    return [
        {"role": "main", "contentType": "text/plain", **counts, "value": plain},
        {"role": "richtext", "contentType": "text/html", **counts, "value": _html(blocks)},
    ]


def _html(blocks: tuple[Block, ...]) -> str:
    """An HTML fragment built by lxml, so article text is always escaped, never markup."""
    elements: list[etree._Element] = []
    open_list: etree._Element | None = None
    for block in blocks:
        if block.kind is BlockKind.LIST_ITEM:
            tag = "ol" if block.ordered else "ul"
            if open_list is None or open_list.tag != tag:
                open_list = etree.Element(tag)
                elements.append(open_list)
            element = etree.SubElement(open_list, "li")
        else:
            open_list = None
            element = etree.Element(_tag_for(block))
            elements.append(element)
        _fill(element, block)
    return "\n".join(etree.tostring(e, encoding="unicode", method="html") for e in elements)


def _tag_for(block: Block) -> str:
    if block.kind is BlockKind.HEADING:
        return f"h{min(max(block.level or 2, 2), 6)}"
    return _HTML_TAG[block.kind]


_HTML_TAG = {
    BlockKind.PARAGRAPH: "p",
    BlockKind.BLOCKQUOTE: "blockquote",
    BlockKind.PREFORMATTED: "pre",
}


def _fill(element: etree._Element, block: Block) -> None:
    """The block's text, with ``<a href>`` on its links; overlapping, out-of-range and
    unsafe links are left as plain text."""
    text, last, previous = block.text, 0, None
    element.text = ""
    for link in sorted(block.links, key=lambda k: (k.start, k.end)):
        if not (last <= link.start < link.end <= len(text)) or not _safe_href(link.href):
            continue
        before = _xml_safe(text[last : link.start])
        if previous is None:
            element.text = before
        else:
            previous.tail = before
        previous = etree.SubElement(element, "a", href=_xml_safe(link.href))
        previous.text, last = _xml_safe(text[link.start : link.end]), link.end
    if previous is None:
        element.text = _xml_safe(text)
    else:
        previous.tail = _xml_safe(text[last:])


def _safe_href(href: str) -> bool:
    try:
        scheme = urlsplit(href.strip()).scheme.lower()
    except ValueError:  # e.g. a malformed IPv6 host
        return False
    return scheme in _LINK_SCHEMES


def _xml_safe(text: str) -> str:
    # lxml refuses the characters XML 1.0 forbids; prose never needs them.
    return XML_FORBIDDEN.sub("", text)


def _concepts(item: NewsItem) -> dict[str, Any]:
    """People, organisations, places, subjects (Media Topics, keywords) and genres."""
    fields: dict[str, Any] = {}
    for kind, key in _ENTITY_KEYS.items():
        entities = [_entity(e) for e in item.entities or () if e.type is kind]
        if entities:
            fields[key] = entities
    subjects = [_concept(s, marked=True) for s in item.subjects or ()]
    # ninjs 2.x and 3.x have no keywords: free-text subjects (name only) carry them.
    subjects += [{"name": keyword} for keyword in item.keywords]
    if subjects:
        fields["subjects"] = subjects
    if item.genres:
        fields["genres"] = [_concept(g, marked=False) for g in item.genres]
    return fields


def _concept(subject: Subject, *, marked: bool) -> dict[str, Any]:
    """A controlled-vocabulary concept: its URI where the scheme is known, else its qcode
    as a literal; ``creator`` for a machine-made one where the schema has it."""
    concept: dict[str, Any] = {}
    if subject.name:
        concept["name"] = subject.name
    scheme, _, code = subject.qcode.partition(":")
    if scheme in _SCHEME_URIS and code:
        concept["uri"] = _SCHEME_URIS[scheme] + quote(code, safe="")
    else:
        concept["literal"] = subject.qcode
    if marked and subject.origin is Origin.MACHINE:
        concept["creator"] = MACHINE_CREATOR
    return concept


def _entity(entity: Entity) -> dict[str, Any]:
    """A person, organisation or place; a place with its GeoNames URI and ISO code."""
    fields: dict[str, Any] = {"name": entity.name}
    if entity.origin is Origin.MACHINE:
        fields["rel"] = "mentions"  # what extraction found: the text names it
    if entity.type is EntityType.PLACE:
        fields.update(_place_ids(entity))
    return fields


def _place_ids(entity: Entity) -> dict[str, str]:
    """The place's own identifiers: its GeoNames id as a URI, and the ISO 3166 code of
    the place itself (a country's alpha-2, a region's subdivision code); a town's
    country or region code is not its own and stays out."""
    if entity.place_kind == "country":
        own, base = entity.country_code, _ISO_COUNTRY_URI
    elif entity.place_kind == "region":
        own, base = entity.subdivision_code, _ISO_SUBDIVISION_URI
    else:
        own, base = None, ""
    ids: dict[str, str] = {}
    if entity.geonames_id is not None and entity.geonames_id > 0:
        ids["uri"] = _GEONAMES_URI.format(entity.geonames_id)
    elif own:
        ids["uri"] = base + quote(own, safe="")
    if own:
        ids["literal"] = own
    return ids
