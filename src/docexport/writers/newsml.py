"""``--to newsml``: an IPTC NewsML-G2 2.35 ``newsItem`` (power conformance).

The tree is built element group by element group in small functions fed only by the
model. Element order follows the 2.35 XSD exactly (see the comments); lxml writes the
declaration, the encoding and all escaping.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import TYPE_CHECKING, BinaryIO, ClassVar

from lxml import etree

from docexport import __version__
from docexport.model import Entity, EntityType
from docexport.normalise import XML_FORBIDDEN

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
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)

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
        root = build_news_item(item, generated=self.options.generated)
        out.write(etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True))


def build_news_item(item: NewsItem, *, generated: datetime | None = None) -> etree._Element:
    """The ``newsItem`` element for ``item``; ``generated`` stamps ``versionCreated``."""
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
    _add_item_meta(root, item, generated)
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
    holder = _publisher(item)
    rights = _sub(root, "rightsInfo")
    _sub(_sub(rights, "copyrightHolder", literal=holder), "name", holder)
    year = f" {item.created.year}" if item.created is not None else ""
    _sub(rights, "copyrightNotice", f"Copyright{year} {holder}. All rights reserved.")


def _add_item_meta(root: etree._Element, item: NewsItem, generated: datetime | None) -> None:
    # XSD order: itemClass, provider, versionCreated, firstCreated, pubStatus, ..., generator.
    meta = _sub(root, "itemMeta")
    _sub(meta, "itemClass", qcode="ninat:text")
    _sub(meta, "provider", literal=_publisher(item))
    created = _as_datetime(item.created) if item.created is not None else None
    _sub(meta, "versionCreated", _xs_datetime(generated or created or _EPOCH))
    if created is not None:
        _sub(meta, "firstCreated", _xs_datetime(created))
    _sub(meta, "pubStatus", qcode="stat:usable")
    _sub(meta, "fileName", item.source.file_name)
    _sub(meta, "generator", "docexport", versioninfo=__version__)


def _add_content_meta(root: etree._Element, item: NewsItem) -> None:
    # Three blocks, in order: (a) administrative, (b) located/creator/infoSource...,
    # (c) language/subject/headline/... — every (b) element before every (c) element.
    meta = _sub(root, "contentMeta")
    if item.created is not None:
        _sub(meta, "contentCreated", item.created.isoformat())
    if item.dateline is not None:
        _sub(_sub(meta, "located"), "name", item.dateline.place)
    for author in item.bylines:
        _sub(_sub(meta, "creator"), "name", author)
    _sub(meta, "language", tag=item.language)
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
    lede = item.summary.bluf if item.summary is not None else item.body[0].text
    _sub(meta, "description", lede, role="drol:summary")


def _add_subjects(meta: etree._Element, item: NewsItem) -> None:
    """Media Topics, then the people, organisations and places the item is about."""
    for subject in item.subjects or ():
        element = _sub(meta, "subject", type="cpnat:abstract", qcode=subject.qcode)
        _sub(element, "name", subject.name)
    for entity in item.entities or ():
        attrs = {"type": _CPNAT[entity.type]}
        if entity.country_code and entity.type is EntityType.PLACE:
            # ISO 3166 is in the IPTC catalog as iso3166-1a2, so the qcode resolves.
            attrs["qcode"] = f"iso3166-1a2:{entity.country_code}"
        else:
            attrs["literal"] = entity.name
        _sub(_sub(meta, "subject", **attrs), "name", entity.name)


_CPNAT = {
    EntityType.PERSON: "cpnat:person",
    EntityType.ORGANISATION: "cpnat:organisation",
    EntityType.PLACE: "cpnat:geoArea",
}


def _add_content_set(root: etree._Element, item: NewsItem) -> None:
    inline = _sub(_sub(root, "contentSet"), "inlineXML", contenttype="application/xhtml+xml")
    html = etree.SubElement(inline, _H + "html", nsmap={None: XHTML_NS})
    _xhtml(etree.SubElement(html, _H + "head"), "title", item.headline)
    body = etree.SubElement(html, _H + "body")
    _xhtml(body, "h1", item.headline)
    marks = _mentions_by_block(item)
    for index, block in enumerate(item.body):
        element = _xhtml(body, _XHTML_TAG[block.kind], block.text)
        if index in marks:
            _mark_mentions(element, block.text, marks[index])


def _mentions_by_block(item: NewsItem) -> dict[int, list[tuple[int, int, Entity]]]:
    marks: dict[int, list[tuple[int, int, Entity]]] = {}
    for entity in item.entities or ():
        for span in entity.mentions:
            if span.block >= 0:
                marks.setdefault(span.block, []).append((span.start, span.end, entity))
    return marks


def _mark_mentions(
    element: etree._Element, text: str, marks: list[tuple[int, int, Entity]]
) -> None:
    """Wrap each entity mention in ``<span class="person" title="Patrick Ryder">``.

    Plain XHTML, so any browser or XHTML consumer keeps working; overlapping mentions
    (which the extractor does not produce) are skipped rather than nested.
    """
    element.text, last, tail_of = text[: min(m[0] for m in marks)], 0, None
    for start, end, entity in sorted(marks, key=lambda m: m[0]):
        if start < last:
            continue
        if tail_of is not None:
            tail_of.tail = text[last:start]
        span = etree.SubElement(element, _H + "span", {"class": entity.type.value})
        span.set("title", entity.name)
        span.text, last, tail_of = text[start:end], end, span
    if tail_of is not None:
        tail_of.tail = text[last:]


_XHTML_TAG = {"paragraph": "p", "heading": "h2", "blockquote": "blockquote", "list_item": "p"}


def _xhtml(parent: etree._Element, tag: str, text: str) -> etree._Element:
    element = etree.SubElement(parent, _H + tag)
    _set_text(element, text)
    return element


def _publisher(item: NewsItem) -> str:
    if item.dateline is not None and item.dateline.source:
        return item.dateline.source
    return "docexport"


def _as_datetime(value: date | datetime) -> datetime:
    if isinstance(value, datetime):
        return value
    return datetime.combine(value, time(0, 0), tzinfo=UTC)


def _xs_datetime(value: datetime) -> str:
    text = value.isoformat(timespec="seconds")
    return text.removesuffix("+00:00") + "Z" if text.endswith("+00:00") else text
