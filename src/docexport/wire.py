"""The JSON wire format of the news item (``schemas/news-item.schema.json``).

``NewsItem.to_dict`` and ``NewsItem.from_dict`` delegate here, so that ``model.py`` holds
the model and this module how it is written and read. Round trip:
``item_from_dict(item_to_dict(i)) == i``.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from docexport.errors import DocExportError, SchemaError
from docexport.model import (
    Block,
    BlockKind,
    Dateline,
    Entity,
    EntityType,
    Figure,
    Link,
    NewsItem,
    Origin,
    Quote,
    Rights,
    Source,
    Span,
    Subject,
    Summary,
    validate_dict,
)

__all__ = ["item_from_dict", "item_to_dict"]


def item_to_dict(item: NewsItem) -> dict[str, Any]:
    """``item`` as JSON-ready data conforming to the news-item schema."""
    out: dict[str, Any] = {"guid": item.guid, "version": item.version}
    out["headline"] = item.headline
    for key in ("subheadline", "slugline"):
        if (value := getattr(item, key)) is not None:
            out[key] = value
    if item.created is not None:
        out["created"] = item.created.isoformat()
    if item.bylines:
        out["bylines"] = list(item.bylines)
    if item.dateline is not None:
        d = item.dateline
        out["dateline"] = _drop_none(
            text=d.text,
            place=d.place,
            source=d.source,
            country_code=d.country_code,
            subdivision_code=d.subdivision_code,
            geonames_id=d.geonames_id,
        )
    _put_provenance(out, item)
    out["language"] = item.language
    out["body"] = [_block_dict(b) for b in item.body]
    s = item.source
    out["source"] = {
        "file_name": s.file_name,
        "sha256": s.sha256,
        "encoding": s.encoding,
        "size": s.size,
    }
    _put_enrichment(out, item)
    if item.extra:
        out["extra"] = copy.deepcopy(dict(item.extra))
    return out


def item_from_dict(data: Mapping[str, Any]) -> NewsItem:
    """Validate ``data`` against the schema, then build the item; raises ``SchemaError``."""
    validate_dict(data)
    _check_integers(data)
    created = data.get("created")
    dateline = data.get("dateline")
    return NewsItem(
        guid=data["guid"],
        version=data["version"],
        headline=data["headline"],
        subheadline=data.get("subheadline"),
        slugline=data.get("slugline"),
        created=_parse_created(created) if created is not None else None,
        bylines=tuple(data.get("bylines", ())),
        dateline=Dateline(**dateline) if dateline is not None else None,
        provider=data.get("provider"),
        rights=Rights(**data["rights"]) if "rights" in data else None,
        credit_line=data.get("credit_line"),
        info_sources=tuple(data.get("info_sources", ())),
        urgency=data.get("urgency"),
        genres=tuple(map(_subject_from, data.get("genres", ()))),
        keywords=tuple(data.get("keywords", ())),
        language=data["language"],
        body=tuple(map(_block_from, data["body"])),
        source=Source(**data["source"]),
        entities=_opt(data, "entities", _entity_from),
        quotes=_opt(data, "quotes", _quote_from),
        figures=_opt(data, "figures", _figure_from),
        subjects=_opt(data, "subjects", _subject_from),
        summary=_summary_from(data["summary"]) if "summary" in data else None,
        extra=_copied_extra(data.get("extra", {})),
    )


def _parse_created(text: str) -> date | datetime:
    # The schema's "format" is only checked with optional packages: parse for real here,
    # so that 2024-02-30 is refused rather than passed on to every writer.
    try:
        return datetime.fromisoformat(text) if "T" in text else date.fromisoformat(text)
    except ValueError as exc:
        reason = f"not a valid news item at created: {text[:40]!r} is not a date ({exc})"
        raise SchemaError(reason) from None


def _check_integers(data: Mapping[str, Any]) -> None:
    """JSON Schema counts 1.0 as an integer; the writers would print it as "1.0"."""
    for key in ("version", "urgency"):
        if key in data and type(data[key]) is not int:
            raise SchemaError(f"not a valid news item at {key}: {data[key]!r} is not an integer")


def _drop_none(**fields: Any) -> dict[str, Any]:
    return {k: v for k, v in fields.items() if v is not None}


def _span_dict(span: Span) -> dict[str, int]:
    return {"block": span.block, "start": span.start, "end": span.end}


def _copied_extra(extra: Mapping[str, Any]) -> dict[str, Any]:
    from docexport.limits import check_extra_depth  # noqa: PLC0415 - limits imports this module

    try:
        check_extra_depth(extra)
    except DocExportError as exc:
        raise SchemaError(f"not a valid news item at extra: {exc.reason}") from None
    return copy.deepcopy(dict(extra))


def _block_dict(block: Block) -> dict[str, Any]:
    out: dict[str, Any] = {"kind": block.kind.value, "text": block.text}
    if block.level is not None:
        out["level"] = block.level
    if block.ordered:
        out["ordered"] = True
    if block.links:
        out["links"] = [{"start": k.start, "end": k.end, "href": k.href} for k in block.links]
    return out


def _block_from(d: Mapping[str, Any]) -> Block:
    return Block(
        kind=BlockKind(d["kind"]),
        text=d["text"],
        level=d.get("level"),
        ordered=d.get("ordered", False),
        links=tuple(Link(**k) for k in d.get("links", ())),
    )


def _put_provenance(out: dict[str, Any], item: NewsItem) -> None:
    if item.provider is not None:
        out["provider"] = item.provider
    if item.rights is not None:
        r = item.rights
        out["rights"] = _drop_none(holder=r.holder, notice=r.notice, usage_terms=r.usage_terms)
    if item.credit_line is not None:
        out["credit_line"] = item.credit_line
    if item.info_sources:
        out["info_sources"] = list(item.info_sources)
    if item.urgency is not None:
        out["urgency"] = item.urgency
    if item.genres:
        out["genres"] = [_subject_dict(g) for g in item.genres]
    if item.keywords:
        out["keywords"] = list(item.keywords)


def _subject_dict(s: Subject) -> dict[str, Any]:
    return _drop_none(
        qcode=s.qcode, name=s.name, broader=list(s.broader) or None, origin=s.origin.value
    )


def _subject_from(d: Mapping[str, Any]) -> Subject:
    return Subject(
        qcode=d["qcode"],
        name=d.get("name"),
        broader=tuple(d.get("broader", ())),
        origin=Origin(d.get("origin", Origin.MACHINE)),
    )


def _put_enrichment(out: dict[str, Any], item: NewsItem) -> None:
    if item.entities is not None:
        out["entities"] = [
            _drop_none(
                name=e.name,
                type=e.type.value,
                titles=list(e.titles) or None,
                country_code=e.country_code,
                subdivision_code=e.subdivision_code,
                geonames_id=e.geonames_id,
                place_kind=e.place_kind,
                origin=e.origin.value,
                mention_count=e.mention_count,
                mentions=[_span_dict(m) for m in e.mentions],
            )
            for e in item.entities
        ]
    if item.quotes is not None:
        out["quotes"] = [
            _drop_none(text=q.text, speaker=q.speaker, span=_span_dict(q.span)) for q in item.quotes
        ]
    if item.figures is not None:
        out["figures"] = [
            _drop_none(
                text=f.text,
                value=f.value,
                value_max=f.value_max,
                approximate=f.approximate or None,
                unit=f.unit,
                context=f.context,
                span=_span_dict(f.span),
            )
            for f in item.figures
        ]
    if item.subjects is not None:
        out["subjects"] = [_subject_dict(s) for s in item.subjects]
    if item.summary is not None:
        out["summary"] = {"bluf": item.summary.bluf, "key_points": list(item.summary.key_points)}


def _opt(data: Mapping[str, Any], key: str, build: Any) -> tuple[Any, ...] | None:
    return tuple(build(d) for d in data[key]) if key in data else None


def _entity_from(d: Mapping[str, Any]) -> Entity:
    return Entity(
        name=d["name"],
        type=EntityType(d["type"]),
        titles=tuple(d.get("titles", ())),
        country_code=d.get("country_code"),
        subdivision_code=d.get("subdivision_code"),
        geonames_id=d.get("geonames_id"),
        place_kind=d.get("place_kind"),
        origin=Origin(d.get("origin", Origin.MACHINE)),
        mentions=tuple(Span(**m) for m in d["mentions"]),
    )


def _quote_from(d: Mapping[str, Any]) -> Quote:
    return Quote(text=d["text"], speaker=d.get("speaker"), span=Span(**d["span"]))


def _figure_from(d: Mapping[str, Any]) -> Figure:
    return Figure(
        text=d["text"],
        value=d["value"],
        unit=d["unit"],
        context=d.get("context"),
        span=Span(**d["span"]),
        value_max=d.get("value_max"),
        approximate=d.get("approximate", False),
    )


def _summary_from(d: Mapping[str, Any]) -> Summary:
    return Summary(bluf=d["bluf"], key_points=tuple(d["key_points"]))
