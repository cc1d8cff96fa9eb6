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
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from docexport import model
from docexport.errors import InputError
from docexport.model import Block, EntityType, NewsItem, Origin, Subject
from docexport.normalise import normalise_line, normalise_text
from docexport.readers.nitf import NitfBody, language_of, make_dateline, read_nitf_body
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
    from collections.abc import Sequence
    from datetime import date, datetime

    from lxml.etree import _Element

__all__ = ["read_bytes"]

Extra = dict[str, Any]
_ENTITY_TYPES = {
    "cpnat:person": EntityType.PERSON,
    "cpnat:organisation": EntityType.ORGANISATION,
    "cpnat:geoArea": EntityType.PLACE,
}
_QCODE = re.compile(r"[A-Za-z][A-Za-z0-9_.-]*:\S+")
_LANGUAGE = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*")
_GEONAMES = re.compile(r"geonames:([1-9]\d{0,11})")
_COUNTRY = re.compile(r"iso3166-1a2:([A-Z]{2})")
_SUBDIVISION = re.compile(r"iso3166-2:([A-Z]{2}-[A-Z0-9]{1,3})")
_IPTC_CATALOG = re.compile(
    r"https?://www\.iptc\.org/std/catalog/catalog\.IPTC-G2-Standards_\d+\.xml"
)
_FRAGMENTS = frozenset({"contentMeta", "itemMeta", "contentSet", "rightsInfo", "inlineXML"})
_READ = frozenset({"catalogRef", "rightsInfo", "itemMeta", "contentMeta", "contentSet"})
_AUTHORS = re.compile(r"\s+and\s+|\s*[&;]\s*")
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def read_bytes(data: bytes, name: str) -> NewsItem:
    """Parse a NewsML-G2 document; raises ``InputError`` with a one-line reason."""
    root = parse_xml(data)
    extra: Extra = {}
    item = _find_news_item(root, extra)
    encoding = (root.getroottree().docinfo.encoding or "utf-8").lower()
    digest = hashlib.sha256(data).hexdigest()
    source = model.Source(file_name=name, sha256=digest, encoding=encoding, size=len(data))
    return _build(item, source, extra)


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
    _put(extra, "message_items", len(items) if len(items) > 1 else 0)
    return next((i for i in items if _item_class(i) in ("", "ninat:text")), items[0])


def _build(item: _Element, source: model.Source, extra: Extra) -> NewsItem:
    meta, content = _child(item, "itemMeta"), _child(item, "contentMeta")
    text = _read_content_set(_child(item, "contentSet"), extra)
    if not text.body.blocks:
        what = _item_class(item)
        kind = f" ({what} item)" if what not in ("", "ninat:text") else ""
        raise InputError(f"NewsML-G2 item without body text{kind}: {text.missing}")
    blocks = tuple(text.body.blocks)
    headline, subheadline = _headlines(content, text, extra)
    created = _created(meta, content, extra)
    _put_item_meta(item, meta, source, extra)
    declared, subjects = _subjects(content, extra)
    entities, unmentioned = attach_mentions(declared, text.body.marks, headline, blocks)
    _put(
        extra, "unmentioned_entities", [{"name": e.name, "type": e.type.value} for e in unmentioned]
    )
    nitf, guid = text.nitf, (item.get("guid") or "").strip()
    item_extra = {"newsml": extra} if extra else {}
    if nitf is not None and nitf.extra:
        item_extra["nitf"] = nitf.extra
    return NewsItem(
        guid=guid or model.make_guid(headline, (b.text for b in blocks), created),
        version=_version(item, extra),
        headline=headline,
        subheadline=subheadline,
        slugline=element_text(_child(content, "slugline")) or None,
        created=created,
        bylines=_bylines(content, nitf, extra),
        dateline=_dateline(content, nitf, extra),
        provider=_provider(meta, extra),
        rights=_rights(item, extra),
        credit_line=element_text(_child(content, "creditline")) or None,
        info_sources=_info_sources(content, extra),
        urgency=_urgency(content, extra),
        genres=_genres(content, extra),
        keywords=tuple(filter(None, map(element_text, _children(content, "keyword")))),
        language=_language(item, content, text, extra),
        body=blocks,
        source=source,
        entities=entities if declared or entities else None,
        subjects=subjects,
        summary=_summary(content, nitf, blocks[0], extra),
        extra=item_extra,
    )


# --- content ------------------------------------------------------------------------------


@dataclass(slots=True)
class _Text:
    body: Body
    nitf: NitfBody | None = None
    title: str | None = None
    language: str | None = None
    missing: str = "it has no contentSet"


def _read_content_set(content_set: _Element | None, extra: Extra) -> _Text:
    if content_set is None:
        return _Text(Body())
    remote = [_describe(r) for r in _children(content_set, "remoteContent")]
    _put(extra, "remote_content", remote)
    inline = [r for r in content_set if local_name(r) in ("inlineXML", "inlineData")]
    for rendition in inline:
        is_xml = local_name(rendition) == "inlineXML"
        text = _inline_xml(rendition) if is_xml else _inline_data(rendition)
        if text.body.blocks:
            others = [r.get("contenttype") or local_name(r) for r in inline if r is not rendition]
            _put(extra, "other_renditions", others)
            return text
    reason = "its inline content is empty" if inline else "its contentSet is empty"
    if remote and not inline:
        reason = "its content is remote (remoteContent), not inline"
    return _Text(Body(), missing=reason)


def _inline_xml(inline: _Element) -> _Text:
    root = next((c for c in inline if local_name(c)), None)
    if root is None:
        return _Text(Body())
    if local_name(root) == "nitf":
        nitf = read_nitf_body(root)
        if (head := root.find("{*}head")) is not None:  # the item's own metadata rules
            nitf.extra["head_not_read"] = sorted({local_name(c) for c in head} - {""})
        return _Text(nitf.body, nitf=nitf, language=language_of(root))
    is_html = local_name(root) == "html"
    body = root.find("{*}body") if is_html else None
    title = element_text(root.find("{*}head/{*}title")) if is_html else ""
    content = read_body(root if body is None else body)
    return _Text(content, title=title or None, language=language_of(root, body))


def _inline_data(inline: _Element) -> _Text:
    """Plain text (paragraphs split at blank lines); encoded data is not text to read."""
    kind = inline.get("contenttype") or "text/plain"
    if inline.get("encoding") or not kind.startswith("text/plain"):
        return _Text(Body())
    chunks = re.split(r"\n[^\S\n]*\n", normalise_text(inline.text or ""))
    return _Text(Body(blocks=[Block(text=t) for t in map(normalise_line, chunks) if t]))


def _headlines(content: _Element | None, text: _Text, extra: Extra) -> tuple[str, str | None]:
    """The first headline without a sub-headline role, the first with one; others to extra."""
    main, sub, others = None, None, []
    for element in _children(content, "headline"):
        role, value = element.get("role") or "", element_text(element)
        is_sub = "sub" in role.rpartition(":")[2].casefold()
        if value and is_sub and sub is None:
            sub = value
        elif value and main is None and not is_sub:
            main = value
        elif value:
            others.append(_describe(element))
    _put(extra, "headlines", others)
    nitf = text.nitf
    in_body = text.body.titles[0] if text.body.titles else nitf.headline if nitf else None
    headline = main or in_body or text.title
    if not headline:
        raise InputError("NewsML-G2 item without a headline (in contentMeta or the body)")
    if in_body and in_body != headline:
        extra["body_headline"] = in_body
    return headline, sub or (nitf.subheadline if nitf else None)


def _summary(
    content: _Element | None, nitf: NitfBody | None, lede: Block, extra: Extra
) -> model.Summary | None:
    summaries = [e for e in _children(content, "description") if e.get("role") == "drol:summary"]
    summary = next(filter(None, map(element_text, summaries)), None)
    others = [e for e in _children(content, "description") if e not in summaries[:1]]
    _put(extra, "descriptions", [_describe(e) for e in others])
    summary = summary or (nitf.abstract if nitf else None)
    return model.Summary(bluf=summary) if summary and summary != lede.text else None


# --- item metadata ------------------------------------------------------------------------


def _put_item_meta(
    item: _Element, meta: _Element | None, source: model.Source, extra: Extra
) -> None:
    catalogs = [c.get("href") or "" for c in _children(item, "catalogRef")]
    _put(extra, "catalogs", [h for h in catalogs if h and not _IPTC_CATALOG.fullmatch(h)])
    _put(extra, "not_read", sorted({local_name(c) for c in item} - _READ - {""}))
    for key, tag in (("version_created", "versionCreated"), ("embargoed", "embargoed")):
        _put(extra, key, element_text(_child(meta, tag)))
    if (status := _attr(_child(meta, "pubStatus"), "qcode")) != "stat:usable":
        _put(extra, "pub_status", status)
    if (kind := _item_class(item)) != "ninat:text":
        _put(extra, "item_class", kind)
    if (file_name := element_text(_child(meta, "fileName"))) != source.file_name:
        _put(extra, "file_name", file_name)
    generator = _child(meta, "generator")
    if generator is not None and element_text(generator) != "docexport":
        extra["generator"] = _describe(generator) | {"version": generator.get("versioninfo")}
    _put(extra, "service", [_describe(s) for s in _children(meta, "service")])
    _put(extra, "ed_notes", [t for t in map(element_text, _children(meta, "edNote")) if t])
    _put(extra, "signals", [s.get("qcode") for s in _children(meta, "signal") if s.get("qcode")])
    _put(extra, "links", [_describe(k) for k in _children(meta, "link")])


def _created(
    meta: _Element | None, content: _Element | None, extra: Extra
) -> date | datetime | None:
    """``contentCreated`` as precise as written, else ``firstCreated``; the raw text goes to
    extra where the model cannot hold it (``2016-10``, a time without a UTC offset)."""
    raw = element_text(_child(content, "contentCreated"))
    first = element_text(_child(meta, "firstCreated"))
    created, whole = parse_news_date(raw) if raw else (None, True)
    if not whole:
        extra["content_created"] = raw
    if first and first != raw:
        extra["first_created"] = first
        created = created or parse_news_date(first)[0]
    _put(extra, "content_modified", element_text(_child(content, "contentModified")))
    _put(extra, "digital_source_type", _attr(_child(content, "digitalSourceType"), "qcode"))
    _put(extra, "alt_ids", [_describe(a) for a in _children(content, "altId")])
    return created


def _version(item: _Element, extra: Extra) -> int:
    raw = (item.get("version") or "1").strip()
    if re.fullmatch(r"[1-9][0-9]{0,8}", raw):  # ASCII digits only: int() refuses "²"
        return int(raw)
    extra["version"] = raw
    return 1


def _provider(meta: _Element | None, extra: Extra) -> str | None:
    provider = _child(meta, "provider")
    if provider is None or (provider.get("literal") == "unknown" and not _name(provider)):
        return None  # what our writer says when it knows of no provider
    return _parties([provider], "provider", extra)[0]


def _rights(item: _Element, extra: Extra) -> model.Rights | None:
    found = []
    for info in _children(item, "rightsInfo"):
        holder = _child(info, "copyrightHolder")
        rights = model.Rights(
            holder=_parties([holder], "copyright_holder", extra)[0] if holder is not None else None,
            notice=element_text(_child(info, "copyrightNotice")) or None,
            usage_terms=element_text(_child(info, "usageTerms")) or None,
        )
        if rights != model.Rights():
            found.append(rights)
    more = [{k: v for k, v in dataclasses.asdict(r).items() if v} for r in found[1:]]
    _put(extra, "rights_info", more)
    return found[0] if found else None


# --- content metadata ---------------------------------------------------------------------


def _urgency(content: _Element | None, extra: Extra) -> int | None:
    raw = element_text(_child(content, "urgency"))
    if re.fullmatch(r"[1-9]", raw):  # IPTC urgency: 1 (most urgent) to 9
        return int(raw)
    _put(extra, "urgency", raw)
    return None


def _language(item: _Element, content: _Element | None, text: _Text, extra: Extra) -> str:
    """``contentMeta/language``, else the item's ``xml:lang``, else the body's, else und."""
    tags = [(e.get("tag") or "").strip() for e in _children(content, "language")]
    _put(extra, "languages", tags[1:])
    if tags and not _LANGUAGE.fullmatch(tags[0]):
        extra["language"] = tags[0]
    root = (item.get(_XML_LANG) or "").strip()
    return next((t for t in (*tags[:1], root) if _LANGUAGE.fullmatch(t)), text.language or "und")


def _bylines(content: _Element | None, nitf: NitfBody | None, extra: Extra) -> tuple[str, ...]:
    """Creators' names, else the NITF body's bylines, else ``by`` split at "and"."""
    creators = _children(content, "creator")
    names = [n for n in map(_name, creators) if n]
    ids = [_describe(c) for c in creators if c.get("qcode") or c.get("uri") or not _name(c)]
    _put(extra, "creators", ids)
    _put(extra, "contributors", [_describe(c) for c in _children(content, "contributor")])
    by = element_text(_child(content, "by"))
    if not names and nitf is not None:
        names = list(nitf.bylines)
    if not names and by:
        names = [n.strip(" ,") for n in _AUTHORS.split(re.sub(r"^[Bb]y\s+", "", by))]
    bylines = tuple(dict.fromkeys(n for n in names if n))
    if by and by != "By " + " and ".join(bylines):
        extra["by"] = by
    return bylines


def _parties(elements: list[_Element], key: str, extra: Extra) -> list[str | None]:
    """Each party's ``name``, ``literal`` or ``qcode``; their other codes go to extra."""
    ids = [_describe(e) for e in elements if e.get("qcode") or e.get("uri") or e.get("role")]
    if ids:
        extra.setdefault(key, []).extend(ids)
    return [_party(e) for e in elements]


def _party(element: _Element) -> str | None:
    return (
        _name(element)
        or normalise_line(_attr(element, "literal"))
        or _attr(element, "qcode")
        or None
    )


def _info_sources(content: _Element | None, extra: Extra) -> tuple[str, ...]:
    sources = _parties(_children(content, "infoSource"), "info_sources", extra)
    return tuple(dict.fromkeys(filter(None, sources)))


def _dateline(
    content: _Element | None, nitf: NitfBody | None, extra: Extra
) -> model.Dateline | None:
    """The dateline, its place from ``located`` (with the codes our writer puts there)."""
    located = _children(content, "located")
    text = element_text(_child(content, "dateline"))
    if not text:
        _put(extra, "located", [_describe(e) for e in located])
        return nitf.dateline if nitf is not None else None
    dateline = make_dateline(text, _name(located[0]) if located else None)
    if not located:
        return dateline
    codes = _place_codes([located[0].get("qcode")], _broader(located[0]))
    if codes.unmapped or len(located) > 1:
        extra["located"] = [_describe(e) for e in located]
    return dataclasses.replace(
        dateline,
        country_code=codes.country,
        subdivision_code=codes.subdivision,
        geonames_id=codes.geonames,
    )


def _genres(content: _Element | None, extra: Extra) -> tuple[Subject, ...]:
    genres = []
    for element in _children(content, "genre"):
        if (concept := _concept(element)) is not None:
            genres.append(concept)
        else:
            extra.setdefault("concepts", []).append(_describe(element))
    return tuple(genres)


def _subjects(
    content: _Element | None, extra: Extra
) -> tuple[list[model.Entity], tuple[Subject, ...] | None]:
    """Entities declared as person/organisation/place subjects, and the other concepts."""
    elements = _children(content, "subject")
    entities, subjects = [], []
    for element in elements:
        kind, same_as = element.get("type") or "", _codes(element, "sameAs")
        if kind in _ENTITY_TYPES and _name(element):
            entities.append(_entity(element, _ENTITY_TYPES[kind], same_as, extra))
        elif (concept := _concept(element)) is not None:
            subjects.append(concept)
            if kind not in ("", "cpnat:abstract") or same_as:
                detail = {"qcode": concept.qcode, "type": kind, "same_as": same_as}
                extra.setdefault("subject_details", []).append(
                    {k: v for k, v in detail.items() if v}
                )
        else:
            extra.setdefault("concepts", []).append(_describe(element))
    return entities, (tuple(subjects) if elements else None)


def _concept(element: _Element) -> Subject | None:
    qcode = _attr(element, "qcode")
    if not _QCODE.fullmatch(qcode):
        return None
    broader = tuple(q for q in _broader(element) if _QCODE.fullmatch(q))
    return Subject(
        qcode=qcode, name=_name(element) or None, broader=broader, origin=_origin(element)
    )


def _entity(element: _Element, kind: EntityType, same_as: list[str], extra: Extra) -> model.Entity:
    own = [q for q in (_attr(element, "qcode"), *same_as) if q]
    codes, unmapped = _PlaceCodes(), bool(own or _broader(element))
    if kind is EntityType.PLACE:  # people and organisations have no code slot
        codes = _place_codes(own, _broader(element))
        unmapped = codes.unmapped
    if unmapped:
        extra.setdefault("entity_codes", []).append(_describe(element))
    return model.Entity(
        name=_name(element),
        type=kind,
        mentions=(),
        country_code=codes.country,
        subdivision_code=codes.subdivision,
        geonames_id=codes.geonames,
        place_kind=codes.kind,
        origin=_origin(element),
    )


@dataclass(frozen=True, slots=True)
class _PlaceCodes:
    country: str | None = None
    subdivision: str | None = None
    geonames: int | None = None
    kind: str | None = None
    unmapped: bool = False


def _place_codes(own: Sequence[str | None], broader: Sequence[str]) -> _PlaceCodes:
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
    return _PlaceCodes(
        country=found.get("country"),
        subdivision=found.get("sub"),
        geonames=int(geonames) if geonames else None,
        kind=found.get("kind"),
        unmapped=unmapped,
    )


# --- small helpers ------------------------------------------------------------------------


def _origin(element: _Element) -> Origin:
    return Origin.MACHINE if element.get("why") == "why:inferred" else Origin.SOURCE


def _item_class(item: _Element) -> str:
    return _attr(item.find("{*}itemMeta/{*}itemClass"), "qcode")


def _name(element: _Element) -> str:
    return element_text(_child(element, "name"))


def _broader(element: _Element) -> list[str]:
    return _codes(element, "broader")


def _codes(element: _Element, tag: str) -> list[str]:
    return [q for child in _children(element, tag) if (q := _attr(child, "qcode"))]


def _describe(element: _Element) -> dict[str, Any]:
    """An element as JSON for extra: identifying attributes, name or text, parents."""
    keys = ("qcode", "uri", "literal", "type", "role", "rel", "href", "contenttype", "id")
    out: dict[str, Any] = {k: v for k in keys if (v := _attr(element, k))}
    if name := _name(element):
        out["name"] = name
    elif len(element) == 0 and (text := element_text(element)):
        out["text"] = text
    if broader := _broader(element):
        out["broader"] = broader
    return out


def _attr(element: _Element | None, name: str) -> str:
    return (element.get(name) or "").strip() if element is not None else ""


def _child(parent: _Element | None, name: str) -> _Element | None:
    return parent.find("{*}" + name) if parent is not None else None


def _children(parent: _Element | None, name: str) -> list[_Element]:
    return parent.findall("{*}" + name) if parent is not None else []


def _put(extra: Extra, key: str, value: Any) -> None:
    if value:
        extra[key] = value
