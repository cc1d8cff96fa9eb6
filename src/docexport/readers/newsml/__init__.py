"""Reader for IPTC NewsML-G2 text items (what ``writers/newsml.py`` writes, and others').

Reads a ``newsItem``, the first text ``newsItem`` of a ``newsMessage``, or one carried
inside a ``packageItem``; a package of references alone, a bare ``contentMeta`` fragment
and an item without inline text are refused. The body is the first ``inlineXML`` with
text, XHTML (its ``h1`` repeats the headline and is skipped) or NITF (``readers/nitf.py``),
or plain-text ``inlineData``. The item keeps its own guid.

Mapping: ``provider``, ``infoSource`` and ``copyrightHolder`` are their ``name``, else
``literal``, else ``qcode`` (``literal="unknown"`` is no provider); ``creator`` names are
the bylines; ``located`` gives the dateline its place and GeoNames/ISO 3166 codes, when
there is a ``dateline``; ``cpnat:person``/``cpnat:organisation``/``cpnat:geoArea``
subjects are entities, their mentions the body's ``<span class="person|organisation|place"
title="…">`` marks (unmarked: the exact occurrences of the name); ``why="why:inferred"`` is
``Origin.MACHINE``, anything else ``Origin.SOURCE``. ``description role="drol:summary"`` is
the summary's ``bluf`` (without key points) unless it repeats the first paragraph, which
is what our writer puts there for an item without a summary.

What the model has no slot for goes to ``extra["newsml"]``: item identity and history
(``version_created``, ``first_created``, ``content_created`` and ``content_modified`` as
written, ``embargoed``, ``pub_status``, ``item_class``, ``signals``, ``ed_notes``, ``links``,
``alt_ids``, ``digital_source_type``, ``file_name``, ``generator``, ``service``, foreign
``catalogs``), the codes of parties and places (``provider``, ``copyright_holder``,
``creators``, ``contributors``, ``info_sources``, ``located``, ``entity_codes``,
``subject_details``), what did not fit a slot (``concepts``, ``unmentioned_entities``,
``headlines``, ``descriptions``, ``body_headline``, ``by``, ``remote_content``,
``other_renditions``, ``message_items``) and root children not read (``not_read``).

Modules: ``content`` (the body and its headlines), ``meta`` (item and content metadata),
``concepts`` (subjects, genres, entities), ``elements`` (accessors shared by the three).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docexport import model
from docexport.errors import InputError
from docexport.model import NewsItem
from docexport.readers.blocks import source_of
from docexport.readers.newsml.concepts import read_genres, read_subjects
from docexport.readers.newsml.content import read_content_set, read_headlines, read_summary
from docexport.readers.newsml.elements import Extra, child, children, item_class, put
from docexport.readers.newsml.meta import (
    put_item_meta,
    read_bylines,
    read_created,
    read_dateline,
    read_info_sources,
    read_language,
    read_provider,
    read_rights,
    read_urgency,
    read_version,
)
from docexport.readers.xhtml_body import attach_mentions, element_text, local_name
from docexport.xmlsafe import parse_xml

if TYPE_CHECKING:
    from lxml.etree import _Element

__all__ = ["read_bytes"]

_FRAGMENTS = frozenset({"contentMeta", "itemMeta", "contentSet", "rightsInfo", "inlineXML"})


def read_bytes(data: bytes, name: str) -> NewsItem:
    """Parse a NewsML-G2 document; raises ``InputError`` with a one-line reason."""
    root = parse_xml(data)
    extra: Extra = {}
    item = _find_news_item(root, extra)
    encoding = (root.getroottree().docinfo.encoding or "utf-8").lower()
    return _build(item, source_of(data, name, encoding), extra)


def _find_news_item(root: _Element, extra: Extra) -> _Element:
    kind = local_name(root)
    if kind == "newsItem":
        return root
    if kind in _FRAGMENTS:
        raise InputError(f"a NewsML-G2 fragment (a bare <{kind}>), not a whole newsItem")
    if kind not in ("newsMessage", "packageItem"):
        raise InputError(f"not a NewsML-G2 news item: the root element is <{kind}>")
    items = root.findall(".//{*}newsItem")
    if not items and (kind == "packageItem" or root.find(".//{*}packageItem") is not None):
        raise InputError(
            "a NewsML-G2 package holds references to items, not text: "
            "convert the newsItems it refers to"
        )
    if not items:
        raise InputError("a NewsML-G2 newsMessage without a newsItem")
    put(extra, "message_items", len(items) if len(items) > 1 else 0)
    return next((i for i in items if item_class(i) in ("", "ninat:text")), items[0])


def _build(item: _Element, source: model.Source, extra: Extra) -> NewsItem:
    meta, content = child(item, "itemMeta"), child(item, "contentMeta")
    text = read_content_set(child(item, "contentSet"), extra)
    if not text.body.blocks:
        what = item_class(item)
        kind = f" ({what} item)" if what not in ("", "ninat:text") else ""
        raise InputError(f"NewsML-G2 item without body text{kind}: {text.missing}")
    blocks = tuple(text.body.blocks)
    headline, subheadline = read_headlines(content, text, extra)
    created = read_created(meta, content, extra)
    put_item_meta(item, meta, source, extra)
    declared, subjects = read_subjects(content, extra)
    entities, unmentioned = attach_mentions(declared, text.body.marks, headline, blocks)
    put(
        extra, "unmentioned_entities", [{"name": e.name, "type": e.type.value} for e in unmentioned]
    )
    nitf, guid = text.nitf, (item.get("guid") or "").strip()
    item_extra = {"newsml": extra} if extra else {}
    if nitf is not None and nitf.extra:
        item_extra["nitf"] = nitf.extra
    return NewsItem(
        guid=guid or model.make_guid(headline, (b.text for b in blocks), created),
        version=read_version(item, extra),
        headline=headline,
        subheadline=subheadline,
        slugline=element_text(child(content, "slugline")) or None,
        created=created,
        bylines=read_bylines(content, nitf, extra),
        dateline=read_dateline(content, nitf, extra),
        provider=read_provider(meta, extra),
        rights=read_rights(item, extra),
        credit_line=element_text(child(content, "creditline")) or None,
        info_sources=read_info_sources(content, extra),
        urgency=read_urgency(content, extra),
        genres=read_genres(content, extra),
        keywords=tuple(filter(None, map(element_text, children(content, "keyword")))),
        language=read_language(item, content, text, extra),
        body=blocks,
        source=source,
        entities=entities if declared or entities else None,
        subjects=subjects,
        summary=read_summary(content, nitf, blocks[0], extra),
        extra=item_extra,
    )
