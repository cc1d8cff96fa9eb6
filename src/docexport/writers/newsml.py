"""``--to newsml``: an IPTC NewsML-G2 2.35 ``newsItem`` (power conformance).

The tree is built element group by element group in small functions fed only by the
model. Element order follows the 2.35 XSD exactly (see the comments); lxml writes the
declaration, the encoding and all escaping.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, BinaryIO, ClassVar

from lxml import etree

from docexport import __version__
from docexport.model import Block, BlockKind, Entity, EntityType, Origin
from docexport.normalise import XML_FORBIDDEN
from docexport.writers import mentions_by_block, rendition_time

if TYPE_CHECKING:
    from docexport.model import NewsItem
    from docexport.writers import WriterOptions

__all__ = ["CATALOG_URL", "NAR_NS", "XHTML_NS", "NewsMLWriter", "build_news_item"]

NAR_NS = "http://iptc.org/std/nar/2006-10-01/"
XHTML_NS = "http://www.w3.org/1999/xhtml"
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# The exact href matters: consumers such as IPTC's python-newsmlg2 resolve qcode aliases
# (ninat, stat, drol, medtop, cpnat) through the catalog they recognise by this URL.
CATALOG_URL = "http://www.iptc.org/std/catalog/catalog.IPTC-G2-Standards_41.xml"
# Right-to-left scripts' languages: the XHTML body gets dir="rtl".
_RTL_LANGUAGES = frozenset({"ar", "arc", "dv", "fa", "he", "ku", "ps", "sd", "ug", "ur", "yi"})
# What enrichment adds is marked as a machine's inference (IPTC "why present" and "how
# extracted" NewsCodes, both in catalog v41), so no one mistakes it for an editor's coding.
_MACHINE_MADE = {"why": "why:inferred", "how": "howextr:tool"}
_FROM_SOURCE = {"why": "why:direct"}

_N = "{" + NAR_NS + "}"
_H = "{" + XHTML_NS + "}"


class NewsMLWriter:
    name: ClassVar[str] = "newsml"
    media_type: ClassVar[str] = "application/vnd.iptc.g2.newsitem+xml"
    extension: ClassVar[str] = ".xml"
    binary: ClassVar[bool] = False

    def __init__(self, options: WriterOptions) -> None:
        self.options = options

    def write(self, item: NewsItem, out: BinaryIO) -> None:
        version_created = rendition_time(item, self.options) or self.options.now
        root = build_news_item(item, version_created=version_created)
        out.write(etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True))


def build_news_item(item: NewsItem, *, version_created: datetime) -> etree._Element:
    """The ``newsItem`` element for ``item``.

    ``version_created`` is required by the standard: ``SOURCE_DATE_EPOCH``, else the
    article's own date-time, else (date-only or undated input) the time of conversion.
    """
    root = etree.Element(
        _N + "newsItem",
        nsmap={None: NAR_NS},
        guid=item.guid,
        version=str(item.version),
        standard="NewsML-G2",
        standardversion="2.35",
        conformance="power",
    )
    root.set(_XML_LANG, item.language)
    # Root order: catalogRef → rightsInfo → itemMeta → contentMeta → contentSet.
    _sub(root, "catalogRef", href=CATALOG_URL)
    _add_rights_info(root, item)
    _add_item_meta(root, item, version_created)
    _add_content_meta(root, item)
    _add_content_set(root, item)
    return root


def _sub(
    parent: etree._Element, name: str, text: str | None = None, /, **attrs: str
) -> etree._Element:
    """A NewsML-G2 child element; text is cleaned of characters XML 1.0 cannot carry."""
    element = etree.SubElement(parent, _N + name, attrs)
    if text is not None:
        _set_text(element, text)
    return element


def _set_text(element: etree._Element, text: str) -> None:
    # lxml refuses characters XML 1.0 forbids with ValueError. Items from our readers never
    # carry them, so checking first would cost a regex scan per field for nothing; clean
    # only when lxml objects (items built by API users may contain anything).
    try:
        element.text = text
    except ValueError:
        element.text = XML_FORBIDDEN.sub("", text)


def _add_rights_info(root: etree._Element, item: NewsItem) -> None:
    """Only what the input or the user stated; no rights information means no claim."""
    rights = item.rights
    if rights is None:
        return
    info = _sub(root, "rightsInfo")
    # XSD order: copyrightHolder, copyrightNotice, usageTerms.
    if rights.holder:
        _sub(_sub(info, "copyrightHolder", literal=rights.holder), "name", rights.holder)
    if rights.notice:
        _sub(info, "copyrightNotice", rights.notice)
    if rights.usage_terms:
        _sub(info, "usageTerms", rights.usage_terms)


def _add_item_meta(root: etree._Element, item: NewsItem, version_created: datetime) -> None:
    # XSD order: itemClass, provider, versionCreated, firstCreated, pubStatus, ..., generator.
    meta = _sub(root, "itemMeta")
    _sub(meta, "itemClass", qcode="ninat:text")
    if item.provider:
        _sub(_sub(meta, "provider", literal=item.provider), "name", item.provider)
    else:
        # Required by the XSD; "unknown" rather than a guess (and never docexport itself).
        _sub(meta, "provider", literal="unknown")
    _sub(meta, "versionCreated", _xs_datetime(version_created))
    if isinstance(item.created, datetime):  # an xs:dateTime: a bare date has no place here
        _sub(meta, "firstCreated", _xs_datetime(item.created))
    _sub(meta, "pubStatus", qcode="stat:usable")
    _sub(meta, "fileName", item.source.file_name)
    _sub(meta, "generator", "docexport", versioninfo=__version__)


def _add_content_meta(root: etree._Element, item: NewsItem) -> None:
    # Three blocks, in order: (a) administrative, (b) located/creator/infoSource...,
    # (c) language/subject/headline/... — every (b) element before every (c) element.
    meta = _sub(root, "contentMeta")
    if item.urgency is not None:
        _sub(meta, "urgency", str(item.urgency))
    if item.created is not None:  # xs:date or xs:dateTime: as precise as the input
        _sub(meta, "contentCreated", _xs_date_or_datetime(item.created))
    _add_located(meta, item)
    for source in item.info_sources:
        _sub(_sub(meta, "infoSource", literal=source), "name", source)
    for author in item.bylines:
        _sub(_sub(meta, "creator"), "name", author)
    _sub(meta, "language", tag=item.language)
    for genre in item.genres:
        _add_concept(meta, "genre", genre.qcode, genre.name, genre.origin)
    for keyword in item.keywords:
        _sub(meta, "keyword", keyword)
    _add_subjects(meta, item)
    if item.slugline:
        _sub(meta, "slugline", item.slugline)
    _sub(meta, "headline", item.headline)
    # No subheadline here: its headline role scheme (hdltype) is not in IPTC catalog v41,
    # and a role whose alias no catalog declares would not resolve for consumers.
    if item.dateline is not None:
        _sub(meta, "dateline", item.dateline.text)
    if item.bylines:
        _sub(meta, "by", "By " + " and ".join(item.bylines))
    if item.credit_line:
        _sub(meta, "creditline", item.credit_line)
    lede = item.summary.bluf if item.summary is not None else item.body[0].text
    _sub(meta, "description", lede, role="drol:summary")


def _add_located(meta: etree._Element, item: NewsItem) -> None:
    """The dateline place, with its GeoNames id and country where enrichment resolved it."""
    dateline = item.dateline
    if dateline is None:
        return
    attrs = {}
    if dateline.geonames_id is not None:
        attrs = {"qcode": f"geonames:{dateline.geonames_id}", **_MACHINE_MADE}
    located = _sub(meta, "located", **attrs)
    _sub(located, "name", dateline.place)
    _add_broader_places(located, dateline.subdivision_code, dateline.country_code)


def _add_broader_places(
    parent: etree._Element, subdivision: str | None, country: str | None
) -> None:
    # ISO 3166 is in the IPTC catalog (iso3166-2, iso3166-1a2), so these qcodes resolve.
    for qcode in (
        f"iso3166-2:{subdivision}" if subdivision else "",
        f"iso3166-1a2:{country}" if country else "",
    ):
        if qcode:
            _sub(parent, "broader", type="cpnat:geoArea", qcode=qcode)


def _add_concept(
    meta: etree._Element, tag: str, qcode: str, name: str | None, origin: Origin, **attrs: str
) -> etree._Element:
    marks = _MACHINE_MADE if origin is Origin.MACHINE else _FROM_SOURCE
    element = _sub(meta, tag, qcode=qcode, **attrs, **marks)
    if name:
        _sub(element, "name", name)
    return element


def _add_subjects(meta: etree._Element, item: NewsItem) -> None:
    """Media Topics, then the people, organisations and places the item is about."""
    for subject in item.subjects or ():
        element = _add_concept(
            meta, "subject", subject.qcode, subject.name, subject.origin, type="cpnat:abstract"
        )
        for broader in subject.broader:
            _sub(element, "broader", type="cpnat:abstract", qcode=broader)
    for entity in item.entities or ():
        _add_entity_subject(meta, entity)


def _add_entity_subject(meta: etree._Element, entity: Entity) -> None:
    """A person, organisation or place; a place by its codes (``_place_codes``)."""
    codes = _place_codes(entity) if entity.type is EntityType.PLACE else _PlaceCodes()
    marks = _MACHINE_MADE if entity.origin is Origin.MACHINE else _FROM_SOURCE
    ident = {"qcode": codes.qcode} if codes.qcode else {"literal": entity.name}
    subject = _sub(meta, "subject", type=_CPNAT[entity.type], **ident, **marks)
    _sub(subject, "name", entity.name)
    if codes.same_as:
        _sub(subject, "sameAs", type="cpnat:geoArea", qcode=codes.same_as)
    for broader in codes.broader:
        _sub(subject, "broader", type="cpnat:geoArea", qcode=broader)


@dataclass(frozen=True, slots=True)
class _PlaceCodes:
    qcode: str | None = None
    same_as: str | None = None
    broader: tuple[str, ...] = ()


def _place_codes(entity: Entity) -> _PlaceCodes:
    """A country is its ISO 3166-1 code (GeoNames the same concept); a region its GeoNames
    id or ISO 3166-2 code, inside its country; a town its GeoNames id, inside its
    subdivision and country. Codes the gazetteer lacks are left out, never guessed."""
    geonames = f"geonames:{entity.geonames_id}" if entity.geonames_id is not None else None
    country = f"iso3166-1a2:{entity.country_code}" if entity.country_code else None
    subdivision = f"iso3166-2:{entity.subdivision_code}" if entity.subdivision_code else None
    if entity.place_kind == "country" and country:
        return _PlaceCodes(country, geonames)
    if entity.place_kind == "region":
        own = geonames or subdivision
        same = subdivision if geonames and subdivision else None
        return _PlaceCodes(own, same, tuple(filter(None, [country])))
    return _PlaceCodes(geonames, None, tuple(filter(None, [subdivision, country])))


_CPNAT = {
    EntityType.PERSON: "cpnat:person",
    EntityType.ORGANISATION: "cpnat:organisation",
    EntityType.PLACE: "cpnat:geoArea",
}


def _add_content_set(root: etree._Element, item: NewsItem) -> None:
    texts = [block.text for block in item.body]
    inline = _sub(
        _sub(root, "contentSet"),
        "inlineXML",
        contenttype="application/xhtml+xml",
        # Counts of the body text (headline excluded), as IPTC defines them.
        wordcount=str(sum(len(text.split()) for text in texts)),
        charcount=str(sum(map(len, texts))),
    )
    html = etree.SubElement(inline, _H + "html", nsmap={None: XHTML_NS})
    html.set("lang", item.language)
    html.set(_XML_LANG, item.language)
    if item.language.split("-")[0].casefold() in _RTL_LANGUAGES:
        html.set("dir", "rtl")
    _xhtml(etree.SubElement(html, _H + "head"), "title", item.headline)
    body = etree.SubElement(html, _H + "body")
    _xhtml(body, "h1", item.headline)
    marks = mentions_by_block(item)
    parent, open_list = body, None
    for index, block in enumerate(item.body):
        if block.kind is BlockKind.LIST_ITEM:
            tag = "ol" if block.ordered else "ul"
            if open_list is None or open_list.tag != _H + tag:
                open_list = etree.SubElement(body, _H + tag)
            parent = open_list
        else:
            parent, open_list = body, None
        element = _xhtml(parent, _tag_for(block), block.text)
        links = [(k.start, k.end, k.href) for k in block.links if _WEB_HREF.match(k.href)]
        inline: list[tuple[int, int, Entity | str]] = [*marks.get(index, ()), *links]
        if inline:
            _mark_inline(element, block.text, inline)


def _tag_for(block: Block) -> str:
    if block.kind is BlockKind.HEADING:
        return f"h{min(max(block.level or 2, 2), 6)}"
    return _XHTML_TAG[block.kind]


def _mark_inline(
    element: etree._Element, text: str, marks: list[tuple[int, int, Entity | str]]
) -> None:
    """Wrap each entity mention in ``<span class="person" title="Patrick Ryder">`` and each
    link in ``<a href="…">``.

    Plain XHTML, so any browser or XHTML consumer keeps working; marks that overlap one
    already placed (a mention inside a link) are skipped rather than nested.
    """
    element.text, last, tail_of = text[: min(m[0] for m in marks)], 0, None
    for start, end, what in sorted(marks, key=lambda m: (m[0], isinstance(m[2], Entity))):
        if start < last:
            continue
        if tail_of is not None:
            tail_of.tail = text[last:start]
        if isinstance(what, Entity):
            mark = etree.SubElement(element, _H + "span", {"class": what.type.value})
            mark.set("title", what.name)
        else:
            mark = etree.SubElement(element, _H + "a", href=what)
        mark.text, last, tail_of = text[start:end], end, mark
    if tail_of is not None:
        tail_of.tail = text[last:]


# Only links a reader may safely follow become <a>: never javascript:, data: or file:.
_WEB_HREF = re.compile(r"^(?:https?://|mailto:)", re.IGNORECASE)

_XHTML_TAG = {
    BlockKind.PARAGRAPH: "p",
    BlockKind.BLOCKQUOTE: "blockquote",
    BlockKind.LIST_ITEM: "li",
    BlockKind.PREFORMATTED: "pre",
}


def _xhtml(parent: etree._Element, tag: str, text: str) -> etree._Element:
    element = etree.SubElement(parent, _H + tag)
    _set_text(element, text)
    return element


def _xs_date_or_datetime(value: date | datetime) -> str:
    return _xs_datetime(value) if isinstance(value, datetime) else value.isoformat()


def _xs_datetime(value: datetime) -> str:
    text = value.isoformat(timespec="seconds")
    return text.removesuffix("+00:00") + "Z" if text.endswith("+00:00") else text
