"""Item and content metadata: dates, version, parties, rights, urgency, language,
bylines and dateline, with what has no slot put in ``extra``."""

from __future__ import annotations

import dataclasses
import re
from typing import TYPE_CHECKING

from docexport import model
from docexport.normalise import normalise_line
from docexport.readers.blocks import is_language_tag, split_names
from docexport.readers.newsml.concepts import place_codes
from docexport.readers.newsml.elements import (
    Extra,
    attr,
    broader_codes,
    child,
    children,
    describe,
    item_class,
    name_of,
    put,
)
from docexport.readers.nitf import NitfBody, make_dateline
from docexport.readers.xhtml_body import element_text, local_name, parse_news_date

if TYPE_CHECKING:
    from datetime import date, datetime

    from lxml.etree import _Element

    from docexport.readers.newsml.content import BodyText

__all__ = [
    "put_item_meta",
    "read_bylines",
    "read_created",
    "read_dateline",
    "read_info_sources",
    "read_language",
    "read_provider",
    "read_rights",
    "read_urgency",
    "read_version",
]

_IPTC_CATALOG = re.compile(
    r"https?://www\.iptc\.org/std/catalog/catalog\.IPTC-G2-Standards_\d+\.xml"
)
_READ = frozenset({"catalogRef", "rightsInfo", "itemMeta", "contentMeta", "contentSet"})
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def put_item_meta(
    item: _Element, meta: _Element | None, source: model.Source, extra: Extra
) -> None:
    catalogs = [c.get("href") or "" for c in children(item, "catalogRef")]
    put(extra, "catalogs", [h for h in catalogs if h and not _IPTC_CATALOG.fullmatch(h)])
    put(extra, "not_read", sorted({local_name(c) for c in item} - _READ - {""}))
    for key, tag in (("version_created", "versionCreated"), ("embargoed", "embargoed")):
        put(extra, key, element_text(child(meta, tag)))
    if (status := attr(child(meta, "pubStatus"), "qcode")) != "stat:usable":
        put(extra, "pub_status", status)
    if (kind := item_class(item)) != "ninat:text":
        put(extra, "item_class", kind)
    if (file_name := element_text(child(meta, "fileName"))) != source.file_name:
        put(extra, "file_name", file_name)
    generator = child(meta, "generator")
    if generator is not None and element_text(generator) != "docexport":
        extra["generator"] = describe(generator) | {"version": generator.get("versioninfo")}
    put(extra, "service", [describe(s) for s in children(meta, "service")])
    put(extra, "ed_notes", [t for t in map(element_text, children(meta, "edNote")) if t])
    put(extra, "signals", [s.get("qcode") for s in children(meta, "signal") if s.get("qcode")])
    put(extra, "links", [describe(k) for k in children(meta, "link")])


def read_created(
    meta: _Element | None, content: _Element | None, extra: Extra
) -> date | datetime | None:
    """``contentCreated`` as precise as written, else ``firstCreated``; the raw text goes to
    extra where the model cannot hold it (``2016-10``, a time without a UTC offset)."""
    raw = element_text(child(content, "contentCreated"))
    first = element_text(child(meta, "firstCreated"))
    created, whole = parse_news_date(raw) if raw else (None, True)
    if not whole:
        extra["content_created"] = raw
    if first and first != raw:
        extra["first_created"] = first
        created = created or parse_news_date(first)[0]
    put(extra, "content_modified", element_text(child(content, "contentModified")))
    put(extra, "digital_source_type", attr(child(content, "digitalSourceType"), "qcode"))
    put(extra, "alt_ids", [describe(a) for a in children(content, "altId")])
    return created


def read_version(item: _Element, extra: Extra) -> int:
    raw = (item.get("version") or "1").strip()
    if re.fullmatch(r"[1-9][0-9]{0,8}", raw):  # ASCII digits only: int() refuses "²"
        return int(raw)
    extra["version"] = raw
    return 1


def read_provider(meta: _Element | None, extra: Extra) -> str | None:
    provider = child(meta, "provider")
    if provider is None or (provider.get("literal") == "unknown" and not name_of(provider)):
        return None  # what our writer says when it knows of no provider
    return _parties([provider], "provider", extra)[0]


def read_rights(item: _Element, extra: Extra) -> model.Rights | None:
    found = []
    for info in children(item, "rightsInfo"):
        holder = child(info, "copyrightHolder")
        rights = model.Rights(
            holder=_parties([holder], "copyright_holder", extra)[0] if holder is not None else None,
            notice=element_text(child(info, "copyrightNotice")) or None,
            usage_terms=element_text(child(info, "usageTerms")) or None,
        )
        if rights != model.Rights():
            found.append(rights)
    more = [{k: v for k, v in dataclasses.asdict(r).items() if v} for r in found[1:]]
    put(extra, "rights_info", more)
    return found[0] if found else None


def read_urgency(content: _Element | None, extra: Extra) -> int | None:
    raw = element_text(child(content, "urgency"))
    if re.fullmatch(r"[1-9]", raw):  # IPTC urgency: 1 (most urgent) to 9
        return int(raw)
    put(extra, "urgency", raw)
    return None


def read_language(item: _Element, content: _Element | None, text: BodyText, extra: Extra) -> str:
    """``contentMeta/language``, else the item's ``xml:lang``, else the body's, else und."""
    tags = [(e.get("tag") or "").strip() for e in children(content, "language")]
    put(extra, "languages", tags[1:])
    if tags and not is_language_tag(tags[0]):
        extra["language"] = tags[0]
    root = (item.get(_XML_LANG) or "").strip()
    return next((t for t in (*tags[:1], root) if is_language_tag(t)), text.language or "und")


def read_bylines(content: _Element | None, nitf: NitfBody | None, extra: Extra) -> tuple[str, ...]:
    """Creators' names, else the NITF body's bylines, else ``by`` split at "and"."""
    creators = children(content, "creator")
    names = [n for n in map(name_of, creators) if n]
    ids = [describe(c) for c in creators if c.get("qcode") or c.get("uri") or not name_of(c)]
    put(extra, "creators", ids)
    put(extra, "contributors", [describe(c) for c in children(content, "contributor")])
    by = element_text(child(content, "by"))
    if not names and nitf is not None:
        names = list(nitf.bylines)
    if not names and by:
        names = list(split_names(re.sub(r"^[Bb]y\s+", "", by)))
    bylines = tuple(dict.fromkeys(n for n in names if n))
    if by and by != "By " + " and ".join(bylines):
        extra["by"] = by
    return bylines


def _parties(elements: list[_Element], key: str, extra: Extra) -> list[str | None]:
    """Each party's ``name``, ``literal`` or ``qcode``; their other codes go to extra."""
    ids = [describe(e) for e in elements if e.get("qcode") or e.get("uri") or e.get("role")]
    if ids:
        extra.setdefault(key, []).extend(ids)
    return [_party(e) for e in elements]


def _party(element: _Element) -> str | None:
    return (
        name_of(element)
        or normalise_line(attr(element, "literal"))
        or attr(element, "qcode")
        or None
    )


def read_info_sources(content: _Element | None, extra: Extra) -> tuple[str, ...]:
    sources = _parties(children(content, "infoSource"), "info_sources", extra)
    return tuple(dict.fromkeys(filter(None, sources)))


def read_dateline(
    content: _Element | None, nitf: NitfBody | None, extra: Extra
) -> model.Dateline | None:
    """The dateline, its place from ``located`` (with the codes our writer puts there)."""
    located = children(content, "located")
    text = element_text(child(content, "dateline"))
    if not text:
        put(extra, "located", [describe(e) for e in located])
        return nitf.dateline if nitf is not None else None
    dateline = make_dateline(text, name_of(located[0]) if located else None)
    if not located:
        return dateline
    codes = place_codes([located[0].get("qcode")], broader_codes(located[0]))
    if codes.unmapped or len(located) > 1:
        extra["located"] = [describe(e) for e in located]
    return dataclasses.replace(
        dateline,
        country_code=codes.country,
        subdivision_code=codes.subdivision,
        geonames_id=codes.geonames,
    )
