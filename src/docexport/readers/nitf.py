"""Reader for NITF 3.x (IPTC News Industry Text Format), namespaced or DTD-style.

Both ``<nitf xmlns="http://iptc.org/std/NITF/2006-10-18/">`` and the older
``<!DOCTYPE nitf SYSTEM "nitf.dtd">`` form without a namespace are read; the DTD is never
loaded (``xmlsafe``), its named character entities (``&nbsp;``) are resolved from the
HTML set. What the model keeps:

- ``head/title`` (the headline if ``body.head`` has none); ``docdata``: ``doc-id`` (the
  guid if it is a URN, else a content-derived guid), ``date.issue``/``date.release``
  (created, as precise as written), ``key-list`` (keywords), ``identified-content``
  person/org/location (entities, ``Origin.SOURCE``), ``urgency ed-urg``,
  ``doc.copyright holder``; ``tobject.subject`` IPTC Subject Codes as ``subj:`` subjects;
- ``body.head``: ``hedline`` hl1/hl2 (headline, subheadline), ``byline`` (person names, or
  the text without ``By``), ``dateline`` (its ``location`` is the place), ``abstract``
  (the summary, without key points), ``distributor`` (the provider);
- ``body.content``: paragraphs, ``hl2`` headings, ``bq`` quotes, lists, ``pre``, tables as
  preformatted text, ``a href`` links, inline person/org/location as entity mentions.

The rest that an archive would miss (byline titles, the doc-id when not a URN, the year
of the copyright, editor's messages, ``body.end`` taglines) goes to ``extra["nitf"]``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from docexport.errors import InputError
from docexport.model import (
    Dateline,
    Entity,
    EntityType,
    NewsItem,
    Origin,
    Rights,
    Source,
    Subject,
    Summary,
    make_guid,
)
from docexport.normalise import normalise_line
from docexport.readers.blocks import is_language_tag, source_of, split_names
from docexport.readers.xhtml_body import (
    Body,
    attach_mentions,
    element_text,
    local_name,
    parse_news_date,
    read_body,
)
from docexport.xmlsafe import parse_xml

if TYPE_CHECKING:
    from datetime import date, datetime

    from lxml.etree import _Element

__all__ = [
    "NITF_NS",
    "NitfBody",
    "language_of",
    "make_dateline",
    "read_bytes",
    "read_nitf_body",
]

NITF_NS = "http://iptc.org/std/NITF/2006-10-18/"
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_URN = re.compile(r"urn:[A-Za-z0-9][A-Za-z0-9-]{0,31}:\S+", re.IGNORECASE)
_AGENCY = re.compile(r"\(([^()]{1,40})\)[\s—–-]*$")
_BY = re.compile(r"^by\s+", re.IGNORECASE)
_ENTITY_TAGS = {
    "person": EntityType.PERSON,
    "org": EntityType.ORGANISATION,
    "location": EntityType.PLACE,
}
_ISO_COUNTRY = re.compile(r"[A-Z]{2}")


@dataclass(slots=True)
class NitfBody:
    """What a NITF ``body`` says; also read for NITF inside a NewsML-G2 ``inlineXML``."""

    body: Body
    headline: str | None = None
    subheadline: str | None = None
    bylines: tuple[str, ...] = ()
    dateline: Dateline | None = None
    abstract: str | None = None
    distributor: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def read_bytes(data: bytes, name: str) -> NewsItem:
    """Parse a NITF document; raises ``InputError`` with a one-line reason."""
    root = parse_xml(data)
    if local_name(root) != "nitf":
        raise InputError(f"not NITF: the root element is <{local_name(root)}>, not <nitf>")
    encoding = (root.getroottree().docinfo.encoding or "utf-8").lower()
    return _build(root, source_of(data, name, encoding))


def read_nitf_body(nitf: _Element) -> NitfBody:
    """The headline, bylines, dateline, abstract and blocks of ``nitf``'s ``body``."""
    body_el = _child(nitf, "body")
    head = _child(body_el, "body.head")
    content = _child(body_el, "body.content")
    result = NitfBody(body=read_body(content) if content is not None else Body())
    if head is not None:
        _read_body_head(head, result)
    end = _child(body_el, "body.end")
    if end is not None and (tagline := element_text(end)):
        result.extra["body_end"] = tagline
    return result


def language_of(*elements: _Element | None) -> str | None:
    """The first well-formed ``xml:lang`` (or ``lang``) on ``elements``."""
    for element in elements:
        if element is None:
            continue
        tag = (element.get(_XML_LANG) or element.get("lang") or "").strip()
        if is_language_tag(tag):
            return tag
    return None


def _build(root: _Element, source: Source) -> NewsItem:
    nitf = read_nitf_body(root)
    head = _child(root, "head")
    docdata = _DocData()
    if head is not None:
        _read_head(head, docdata)
    headline = nitf.headline or docdata.title
    if not nitf.body.blocks:
        raise InputError("NITF without body text: body.content holds no paragraphs")
    if not headline:
        raise InputError("NITF without a headline: neither body.head/hedline nor head/title")
    blocks = nitf.body.blocks
    entities, unmentioned = attach_mentions(docdata.entities, nitf.body.marks, headline, blocks)
    extra = {**docdata.extra, **nitf.extra}
    if unmentioned:
        extra["unmentioned_entities"] = [
            {"name": e.name, "type": e.type.value} for e in unmentioned
        ]
    guid = docdata.doc_id if docdata.doc_id and _URN.fullmatch(docdata.doc_id) else None
    if guid is None and docdata.doc_id:
        extra["doc_id"] = docdata.doc_id
    return NewsItem(
        guid=guid or make_guid(headline, (b.text for b in blocks), docdata.created),
        headline=headline,
        subheadline=nitf.subheadline,
        created=docdata.created,
        bylines=nitf.bylines,
        dateline=nitf.dateline,
        provider=nitf.distributor,
        rights=docdata.rights,
        urgency=docdata.urgency,
        keywords=tuple(docdata.keywords),
        language=language_of(root, head, _child(root, "body")) or "und",
        body=tuple(blocks),
        source=source,
        entities=entities or None,
        subjects=tuple(docdata.subjects) or None,
        summary=_summary(nitf.abstract, blocks[0].text),
        extra={"nitf": extra} if extra else {},
    )


def _summary(abstract: str | None, lede: str) -> Summary | None:
    """The abstract, unless it merely repeats the first paragraph (then there is none)."""
    return Summary(bluf=abstract) if abstract and abstract != lede else None


# --- head ---------------------------------------------------------------------------------


@dataclass(slots=True)
class _DocData:
    title: str | None = None
    doc_id: str | None = None
    created: date | datetime | None = None
    urgency: int | None = None
    rights: Rights | None = None
    keywords: list[str] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    subjects: list[Subject] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)


def _read_head(head: _Element, data: _DocData) -> None:
    data.title = element_text(_child(head, "title")) or None
    for subject in head.iterfind("{*}tobject/{*}tobject.subject"):
        _read_tobject_subject(subject, data)
    docdata = _child(head, "docdata")
    if docdata is None:
        return
    doc_id = _child(docdata, "doc-id")
    if doc_id is not None:
        data.doc_id = (doc_id.get("id-string") or "").strip() or None
    _read_dates(docdata, data)
    urgency = _child(docdata, "urgency")
    value = (urgency.get("ed-urg") or "").strip() if urgency is not None else ""
    if re.fullmatch(r"[1-9]", value):  # NITF ed-urg 1-8, IPTC urgency 1-9
        data.urgency = int(value)
    elif value:
        data.extra["urgency"] = value
    for keyword in docdata.iterfind("{*}key-list/{*}keyword"):
        if text := normalise_line(keyword.get("key") or element_text(keyword)):
            data.keywords.append(text)
    for content in docdata.iterfind("{*}identified-content"):
        _read_identified(content, data)
    _read_copyright(docdata, data)
    notes = [normalise_line(m.get("info") or "") for m in docdata.iterfind("{*}ed-msg")]
    if notes := [n for n in notes if n]:
        data.extra["ed_messages"] = notes


def _read_dates(docdata: _Element, data: _DocData) -> None:
    for tag in ("date.issue", "date.release"):
        element = _child(docdata, tag)
        norm = (element.get("norm") or "").strip() if element is not None else ""
        if not norm:
            continue
        value, whole = parse_news_date(norm)
        if not whole:
            data.extra[tag] = norm
        if value is not None:
            data.created = value
            return


def _read_tobject_subject(subject: _Element, data: _DocData) -> None:
    """``tobject.subject`` carries an IPTC Subject Code (NewsML-G2 scheme alias ``subj``)."""
    code = (subject.get("tobject.subject.refnum") or "").strip()
    name = None
    for key in ("detail", "matter", "type"):  # the most specific label first
        if name := normalise_line(subject.get(f"tobject.subject.{key}") or "") or None:
            break
    if re.fullmatch(r"[0-9]{8}", code):  # IPTC Subject Codes have eight digits
        data.subjects.append(Subject(qcode=f"subj:{code}", name=name, origin=Origin.SOURCE))
    elif code or name:
        data.extra.setdefault("tobject_subjects", []).append({"code": code, "name": name})


_MACHINE_MADE = "machine-made"  # the class writers/nitf.py puts on enrichment's entities


def _read_identified(content: _Element, data: _DocData) -> None:
    for element in content:
        kind = _ENTITY_TAGS.get(local_name(element))
        name = element_text(element) or normalise_line(element.get("value") or "")
        if kind is None or not name:
            continue
        country = element.find(".//{*}country") if kind is EntityType.PLACE else None
        code = (country.get("iso-cc") or "").strip().upper() if country is not None else ""
        entity = Entity(
            name=name,
            type=kind,
            mentions=(),
            country_code=code if _ISO_COUNTRY.fullmatch(code) else None,
            # Our own NITF marks what enrichment guessed; anyone else's is the source's.
            origin=Origin.MACHINE
            if _MACHINE_MADE in element.get("class", "").split()
            else Origin.SOURCE,
        )
        data.entities.append(entity)


def _read_copyright(docdata: _Element, data: _DocData) -> None:
    copyright_el = _child(docdata, "doc.copyright")
    if copyright_el is None:
        return
    holder = normalise_line(copyright_el.get("holder") or "")
    if holder:
        data.rights = Rights(holder=holder)
    if year := (copyright_el.get("year") or "").strip():
        data.extra["copyright_year"] = year


# --- body.head ----------------------------------------------------------------------------


def _read_body_head(head: _Element, result: NitfBody) -> None:
    hedline = _child(head, "hedline")
    if hedline is not None:
        result.headline = element_text(_child(hedline, "hl1")) or None
        result.subheadline = element_text(_child(hedline, "hl2")) or None
    bylines: list[str] = []
    for byline in head.iterfind("{*}byline"):
        names, titles = _read_byline(byline)
        bylines += names
        if titles:
            result.extra.setdefault("byline_titles", []).extend(titles)
    result.bylines = tuple(dict.fromkeys(bylines))
    dateline = _child(head, "dateline")
    if dateline is not None:
        result.dateline = _read_dateline(dateline)
    abstract = _child(head, "abstract")
    if abstract is not None:
        result.abstract = element_text(abstract) or None
    result.distributor = element_text(_child(head, "distributor")) or None


def _read_byline(byline: _Element) -> tuple[list[str], list[str]]:
    """Names from ``person`` children, else the text without ``By`` and ``byttl`` titles."""
    titles = [t for t in map(element_text, byline.iterfind(".//{*}byttl")) if t]
    people = [p for p in map(element_text, byline.iterfind(".//{*}person")) if p]
    if people:
        return people, titles
    parts = [byline.text or ""]
    for child in byline:
        if local_name(child) != "byttl":
            parts.append(element_text(child))
        parts.append(child.tail or "")
    text = _BY.sub("", normalise_line(" ".join(parts))).strip(" ,;")
    return list(split_names(text)), titles


def _read_dateline(dateline: _Element) -> Dateline | None:
    text = element_text(dateline)
    if not text:
        return None
    return make_dateline(text, element_text(_child(dateline, "location")))


def make_dateline(text: str, place: str | None) -> Dateline:
    """A dateline from its text; the place as named, else the text before the first comma."""
    agency = _AGENCY.search(text)
    if not place:
        place = re.split(r"[,(]|\s[—–-]", text, maxsplit=1)[0].strip() or text
    return Dateline(
        text=text,
        place=place.title() if place.isupper() else place,
        source=(normalise_line(agency.group(1)) or None) if agency else None,
    )


def _child(parent: _Element | None, name: str) -> _Element | None:
    """The first child called ``name`` in any (or no) namespace."""
    if parent is None:
        return None
    return parent.find("{*}" + name)
