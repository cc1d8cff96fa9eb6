"""``--to nitf``: an IPTC NITF 3.6 document (``application/nitf+xml``, ``.nitf.xml``).

Namespaced (``http://iptc.org/std/NITF/2006-10-18/``), valid against IPTC's 3.6 XSD, and
read back by ``docexport.readers.nitf``. ``.nitf.xml`` so that it never collides with
NewsML-G2's ``.xml`` in one output folder; ``application/nitf+xml`` is the content type
IPTC gives NITF inside NewsML-G2 (``inlineXML``), not an IANA registration.

- Dates: NITF requires none. ``version``, ``change.date`` and ``change.time`` on ``<nitf>``
  are the XSD's fixed values (when the DTD last changed), not dates of the item.
  ``date.issue`` is the item's own date at its precision: ``YYYYMMDDTHHMMSS±HHMM`` (NITF's
  preferred form), or ``YYYYMMDD`` for a bare date (NITF suggests ``…000000`` then, a made-up
  midnight); an undated item has none (NITF: "assumed to be on receipt"). No clock is read.
- Rights only as stated: ``doc.copyright holder``; the notice as ``<meta name="copyright">``
  (NITF's only displayable notice, ``copyrite``, sits inside the body text); usage terms as
  ``doc.rights limitations``. The provider is ``distributor``; the slugline ``du-key key``.
- Concepts: ``identified-content`` holds people, organisations and places (a place with
  its ISO 3166 country and subdivision codes and GeoNames id), and Media Topics and genres
  as ``classifier`` (``idsrc`` the vocabulary, ``value`` the code). ``tobject.subject`` is
  only for IPTC Subject Codes (``subj:``): its eight-digit ``refnum`` would make a Media Topic
  read as the Subject Code of the same number. NITF has no "why present", so what
  enrichment made carries ``class="machine-made"`` (NITF's open categorisation attribute)
  and one ``ed-msg`` says so in words. Byline titles have no slot that keeps the name whole.
- ``body.head``: ``hl1``/``hl2``, a byline of ``person`` names, the dateline with its place
  as ``location``, the summary's bottom line as ``abstract`` (key points in a second one).
  ``body.content``: ``p``, ``hl2`` (``class="level-3"`` below level 2), ``bq``, ``ul``/``ol``,
  ``pre``, web links as ``a href``, mentions as inline ``person``/``org``/``location``.
  ``body.end`` only carries a tagline a NITF input had (``extra["nitf"]``), never our own.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any, BinaryIO, ClassVar
from urllib.parse import urlsplit

from lxml import etree

from docexport.model import BlockKind, Entity, EntityType, Origin, Subject
from docexport.normalise import XML_FORBIDDEN
from docexport.writers import mentions_by_block

if TYPE_CHECKING:
    from docexport.model import Block, Dateline, NewsItem
    from docexport.writers import WriterOptions

__all__ = ["MACHINE_CLASS", "NITF_NS", "NitfWriter", "build_nitf", "norm_date"]

NITF_NS = "http://iptc.org/std/NITF/2006-10-18/"
MACHINE_CLASS = "machine-made"
"""``class`` of what docexport's enrichment made: NITF has no "why present" attribute."""
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# Fixed by the 3.6 XSD: the DTD's identifier and when it last changed.
_FIXED = {
    "version": "-//IPTC//DTD NITF 3.6//EN",
    "change.date": "September 11, 2009",
    "change.time": "12:26",
}
_N = "{" + NITF_NS + "}"
_NSMAP: dict[Any, str] = {None: NITF_NS}  # lxml-stubs 0.5 wants str keys, lxml takes None
# qcode scheme alias → vocabulary URI, as declared in IPTC's catalog v41.
_SCHEME_URIS = {
    "medtop": "http://cv.iptc.org/newscodes/mediatopic/",
    "genre": "http://cv.iptc.org/newscodes/genre/",
}
_GEONAMES = "https://sws.geonames.org/"
_ISO_SUBDIVISION = "ISO 3166-2"
_SUBJECT_CODE = re.compile(r"subj:([0-9]{8})")
_TAGS = {EntityType.PERSON: "person", EntityType.ORGANISATION: "org", EntityType.PLACE: "location"}
_MAX_OFFSET = timedelta(hours=14)
_HL2_LEVEL = 2


class NitfWriter:
    name: ClassVar[str] = "nitf"
    media_type: ClassVar[str] = "application/nitf+xml"
    extension: ClassVar[str] = ".nitf.xml"
    binary: ClassVar[bool] = False

    def __init__(self, options: WriterOptions) -> None:
        self.options = options  # nothing in NITF needs an option or a rendition time

    def write(self, item: NewsItem, out: BinaryIO) -> None:
        root = build_nitf(item)
        out.write(etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True))


def build_nitf(item: NewsItem) -> etree._Element:
    """The ``<nitf>`` element for ``item``; fed by the model alone, so it is pure."""
    root = etree.Element(_N + "nitf", attrib=_FIXED, nsmap=_NSMAP)
    if item.language != "und":
        root.set("baselang", item.language)
    _add_head(root, item)
    body = _sub(root, "body")
    body.set(_XML_LANG, item.language)
    _add_body_head(body, item)
    _add_body_content(_sub(body, "body.content"), item)
    if isinstance(tagline := _source_extra(item).get("body_end"), str) and tagline:
        _sub(_sub(body, "body.end"), "tagline", tagline)
    return root


def norm_date(value: date | datetime) -> str:
    """NITF's ``norm`` form: ``YYYYMMDDTHHMMSS±HHMM``, or ``YYYYMMDD`` for a bare date.

    A naive time is written without a zone (unknown); an offset NITF cannot write (with
    seconds, beyond ±14:00) is converted to UTC.
    """
    if not isinstance(value, datetime):
        return f"{value.year:04d}{value.month:02d}{value.day:02d}"
    offset = value.utcoffset()
    if offset is not None and (offset % timedelta(minutes=1) or abs(offset) > _MAX_OFFSET):
        value, offset = value.astimezone(UTC), timedelta()
    text = f"{norm_date(value.date())}T{value.hour:02d}{value.minute:02d}{value.second:02d}"
    if offset is None:
        return text
    minutes = int(abs(offset).total_seconds()) // 60
    return f"{text}{'-' if offset < timedelta() else '+'}{minutes // 60:02d}{minutes % 60:02d}"


def _sub(
    parent: etree._Element, name: str, text: str | None = None, /, **attrs: str
) -> etree._Element:
    """A NITF child element; text and attributes cleaned of what XML 1.0 cannot carry."""
    try:
        element = etree.SubElement(parent, _N + name, attrs)
    except ValueError:  # items from our readers never get here; API-built items may
        element = etree.SubElement(parent, _N + name, {k: _clean(v) for k, v in attrs.items()})
    if text is not None:
        _set(element, text)
    return element


def _set(element: etree._Element, text: str, *, tail: bool = False) -> None:
    """Set the text (or tail); lxml refuses what XML 1.0 forbids, so that is dropped."""
    field = "tail" if tail else "text"
    try:
        setattr(element, field, text)
    except ValueError:
        setattr(element, field, _clean(text))


def _clean(text: str) -> str:
    return XML_FORBIDDEN.sub("", text)


def _source_extra(item: NewsItem) -> Mapping[str, Any]:
    """What a NITF input carried beyond the model (``extra["nitf"]``), written back."""
    extra = item.extra.get("nitf")
    return extra if isinstance(extra, Mapping) else {}


def _machine(origin: Origin) -> dict[str, str]:
    return {"class": MACHINE_CLASS} if origin is Origin.MACHINE else {}


def _add_head(root: etree._Element, item: NewsItem) -> None:
    # XSD order in head: title, meta, tobject, iim, docdata, pubdata, revision-history.
    head = _sub(root, "head")
    _sub(head, "title", item.headline)
    if item.rights is not None and item.rights.notice:
        _sub(head, "meta", name="copyright", content=item.rights.notice)
    subject_codes = [s for s in item.subjects or () if _SUBJECT_CODE.fullmatch(s.qcode)]
    if subject_codes:
        tobject = _sub(head, "tobject")
        for subject in subject_codes:
            _add_subject_code(tobject, subject)
    _add_docdata(_sub(head, "docdata"), item)


def _add_subject_code(tobject: etree._Element, subject: Subject) -> None:
    """An IPTC Subject Code; its name on the tier the code is of (subject/matter/detail)."""
    code = subject.qcode.removeprefix("subj:")
    attrs = {"tobject.subject.ipr": "IPTC", "tobject.subject.refnum": code}
    if subject.name:
        tier = "type" if code.endswith("000000") else "matter" if code.endswith("000") else "detail"
        attrs[f"tobject.subject.{tier}"] = subject.name
    _sub(tobject, "tobject.subject", **attrs)


def _add_docdata(docdata: etree._Element, item: NewsItem) -> None:
    # docdata is a free choice of children; this order follows the XSD's list.
    _sub(docdata, "doc-id", **{"id-string": item.guid})
    if item.urgency is not None:  # IPTC 1-9; NITF documents 1-8 (9 kept: it reads back)
        _sub(docdata, "urgency", **{"ed-urg": str(item.urgency)})
    if item.created is not None:
        _sub(docdata, "date.issue", norm=norm_date(item.created))
    for note in _editor_notes(item):
        _sub(docdata, "ed-msg", info=note)
    if item.slugline:
        _sub(docdata, "du-key", key=item.slugline)
    _add_rights(docdata, item)
    if item.keywords:
        keys = _sub(docdata, "key-list")
        for keyword in item.keywords:
            _sub(keys, "keyword", key=keyword)
    concepts = [*(item.subjects or ()), *item.genres]
    if item.entities or any(not _SUBJECT_CODE.fullmatch(s.qcode) for s in concepts):
        _add_identified_content(_sub(docdata, "identified-content"), item)


def _add_rights(docdata: etree._Element, item: NewsItem) -> None:
    """Only what the input or the user stated: no rights information means no claim."""
    rights = item.rights
    year = _source_extra(item).get("copyright_year")
    copyright_attrs: dict[str, str] = {}
    if isinstance(year, str) and re.fullmatch("[0-9]{4}", year):
        copyright_attrs["year"] = year
    if rights is not None and rights.holder:
        copyright_attrs["holder"] = rights.holder
    if copyright_attrs:
        _sub(docdata, "doc.copyright", **copyright_attrs)
    if rights is not None and rights.usage_terms:
        _sub(docdata, "doc.rights", limitations=rights.usage_terms)


def _editor_notes(item: NewsItem) -> list[str]:
    """A NITF input's editor's messages, then which parts enrichment made (if any)."""
    notes = _source_extra(item).get("ed_messages")
    kept = [n for n in notes if isinstance(n, str) and n] if isinstance(notes, list) else []
    machine = {e.type for e in item.entities or () if e.origin is Origin.MACHINE}
    made = [label for kind, label in _ENTITY_LABELS.items() if kind in machine]
    if any(c.origin is Origin.MACHINE for c in (*(item.subjects or ()), *item.genres)):
        made.append("subjects")
    if item.dateline is not None and (item.dateline.geonames_id or item.dateline.country_code):
        made.append("the dateline's place codes")
    if item.summary is not None and item.summary.bluf:
        made.append("the abstract")
    if not made:
        return kept
    listed = ", ".join(made[:-1]) + " and " + made[-1] if len(made) > 1 else made[0]
    note = f"{_NOTE} {listed} may have been derived from the text by docexport's enrichment"
    kept = [n for n in kept if not n.startswith(_NOTE)]  # a note of an earlier conversion
    return [*kept, f'{note}; what it made is marked class="{MACHINE_CLASS}".']


_NOTE = "Machine-made, unreviewed:"
_ENTITY_LABELS = {
    EntityType.PERSON: "people",
    EntityType.ORGANISATION: "organisations",
    EntityType.PLACE: "places",
}


def _add_identified_content(content: etree._Element, item: NewsItem) -> None:
    for entity in item.entities or ():
        if entity.type is EntityType.PLACE:
            _add_place(content, entity)
        else:
            _sub(content, _TAGS[entity.type], entity.name, **_machine(entity.origin))
    for kind, concepts in (("subject", item.subjects or ()), ("genre", item.genres)):
        for concept in concepts:
            if not _SUBJECT_CODE.fullmatch(concept.qcode):
                _add_classifier(content, kind, concept)


def _add_place(parent: etree._Element, entity: Entity) -> None:
    """``location`` with the name in ``country``/``region``/``city`` as the gazetteer knows the
    place, its GeoNames id as the location code and the ISO codes of what it lies in."""
    kind = entity.place_kind if entity.place_kind in ("country", "region", "city") else None
    attrs = _machine(entity.origin) | _geonames(entity.geonames_id)
    location = _sub(parent, "location", "" if kind else entity.name, **attrs)
    if kind == "city":
        _sub(location, "city", entity.name)
    subdivision = None if kind == "country" else entity.subdivision_code
    _add_codes(location, subdivision, entity.country_code, kind=kind, name=entity.name)


def _add_codes(
    location: etree._Element,
    subdivision: str | None,
    country: str | None,
    *,
    kind: str | None = None,
    name: str | None = None,
) -> None:
    """``region``/``country`` with the ISO 3166 codes (empty unless they name the place
    itself); codes the model lacks are left out, never guessed."""
    if subdivision or kind == "region":
        codes = {"region-code": subdivision, "code-source": _ISO_SUBDIVISION} if subdivision else {}
        _sub(location, "region", name if kind == "region" else None, **codes)
    if country or kind == "country":
        iso = {"iso-cc": country} if country else {}
        _sub(location, "country", name if kind == "country" else None, **iso)


def _geonames(geonames_id: int | None) -> dict[str, str]:
    if geonames_id is None:
        return {}
    return {"location-code": str(geonames_id), "code-source": _GEONAMES}


def _add_classifier(parent: etree._Element, kind: str, concept: Subject) -> None:
    alias, colon, code = concept.qcode.partition(":")
    attrs = {"type": kind, "value": code if colon else concept.qcode}
    if colon:
        attrs["idsrc"] = _SCHEME_URIS.get(alias, alias)
    _sub(parent, "classifier", concept.name, **attrs, **_machine(concept.origin))


def _add_body_head(body: etree._Element, item: NewsItem) -> None:
    # XSD order: hedline, note, rights, byline, distributor, dateline, abstract, series.
    head = _sub(body, "body.head")
    hedline = _sub(head, "hedline")
    _sub(hedline, "hl1", item.headline)
    if item.subheadline:
        _sub(hedline, "hl2", item.subheadline)
    if item.bylines:
        _add_byline(_sub(head, "byline", "By "), item.bylines)
    if item.provider:
        _sub(head, "distributor", item.provider)
    if item.dateline is not None:
        _add_dateline(_sub(head, "dateline", ""), item.dateline)
    summary = item.summary
    if summary is not None and summary.bluf:
        _sub(_sub(head, "abstract"), "p", summary.bluf)
    if summary is not None and summary.key_points:
        points = _sub(_sub(head, "abstract"), "ul")
        for point in summary.key_points:
            _sub(points, "li", point)


def _add_byline(byline: etree._Element, names: tuple[str, ...]) -> None:
    """``By <person>A</person>, <person>B</person> and <person>C</person>``: each name whole."""
    for index, name in enumerate(names):
        person = _sub(byline, "person", name)
        if index < len(names) - 1:
            _set(person, " and " if index == len(names) - 2 else ", ", tail=True)


def _add_dateline(element: etree._Element, dateline: Dateline) -> None:
    """The dateline text as written, its place (where the text names it) as ``location``."""
    place = dateline.place.strip()
    found = re.search(re.escape(place), dateline.text, re.IGNORECASE) if place else None
    if found is None:
        _set(element, dateline.text)
        return
    _set(element, dateline.text[: found.start()])
    attrs = _geonames(dateline.geonames_id)
    if attrs or dateline.country_code:
        attrs["class"] = MACHINE_CLASS  # the model's dateline codes come from enrichment
    location = _sub(element, "location", found.group(), **attrs)
    _add_codes(location, dateline.subdivision_code, dateline.country_code)
    _set(location, dateline.text[found.end() :], tail=True)


def _add_body_content(content: etree._Element, item: NewsItem) -> None:
    """Blocks in order; consecutive list items share a list, consecutive quotes a ``bq``."""
    marks = mentions_by_block(item)
    group: etree._Element | None = None
    for index, block in enumerate(item.body):
        group = _group_for(content, block, group)
        element = _block_element(group if group is not None else content, block)
        links = [(k.start, k.end, k.href) for k in block.links if _safe_href(k.href)]
        inline: list[tuple[int, int, Entity | str]] = [*marks.get(index, ()), *links]
        inline = [m for m in inline if 0 <= m[0] < m[1] <= len(block.text)]
        if inline and block.kind is not BlockKind.PREFORMATTED:  # pre holds text only
            _mark_inline(element, block.text, inline)


def _group_for(
    content: etree._Element, block: Block, group: etree._Element | None
) -> etree._Element | None:
    """The list or quote ``block`` belongs in: the open one if it fits, else a new one."""
    if block.kind is BlockKind.LIST_ITEM:
        tag = _N + ("ol" if block.ordered else "ul")
        return group if group is not None and group.tag == tag else _sub(content, tag[len(_N) :])
    if block.kind is BlockKind.BLOCKQUOTE:
        if group is not None and group.tag == _N + "block":
            return group
        return _sub(_sub(content, "bq"), "block")
    return None


def _block_element(parent: etree._Element, block: Block) -> etree._Element:
    if block.kind is BlockKind.HEADING:
        if block.level is not None and block.level > _HL2_LEVEL:  # NITF has one subhead level
            return _sub(parent, "hl2", block.text, **{"class": f"level-{block.level}"})
        return _sub(parent, "hl2", block.text)
    tag = {BlockKind.LIST_ITEM: "li", BlockKind.PREFORMATTED: "pre"}.get(block.kind, "p")
    return _sub(parent, tag, block.text)


def _safe_href(href: str) -> bool:
    """Only web and mail links: a ``javascript:`` or ``data:`` one is dropped, its text kept."""
    try:
        return urlsplit(href.strip()).scheme.lower() in {"http", "https", "mailto"}
    except ValueError:  # e.g. a malformed IPv6 host
        return False


def _mark_inline(
    element: etree._Element, text: str, marks: list[tuple[int, int, Entity | str]]
) -> None:
    """Wrap links in ``<a href>`` and mentions in ``<person>``/``<org>``/``<location>``.

    A mention written differently from the name carries the name as ``value`` (NITF's
    normalised value); ``location`` has no such attribute, so only a place mention spelled
    as the place's name is marked. Marks overlapping one already placed are skipped.
    """
    last, previous = 0, None
    for start, end, what in sorted(marks, key=lambda m: (m[0], isinstance(m[2], Entity))):
        mention = text[start:end]
        same = isinstance(what, Entity) and mention.casefold() == what.name.casefold()
        place = isinstance(what, Entity) and what.type is EntityType.PLACE
        if start < last or not mention.strip() or (place and not same):
            continue
        # The text before the first mark is set even when "": pretty_print then leaves
        # this mixed content alone instead of indenting between adjacent marks.
        if previous is None:
            _set(element, text[:start])
        else:
            _set(previous, text[last:start], tail=True)
        if isinstance(what, str):
            mark = _sub(element, "a", mention, href=what)
        else:
            mark = _sub(
                element, _TAGS[what.type], mention, **({} if same else {"value": what.name})
            )
        last, previous = end, mark
    if previous is not None:
        _set(previous, text[last:], tail=True)
