"""The item's text: the first inline rendition with text (XHTML, NITF or plain), its
headlines and summary."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from docexport import model
from docexport.errors import InputError
from docexport.model import Block
from docexport.normalise import normalise_line, normalise_text
from docexport.readers.newsml.elements import Extra, children, describe, put
from docexport.readers.nitf import NitfBody, language_of, read_nitf_body
from docexport.readers.xhtml_body import Body, element_text, local_name, read_body

if TYPE_CHECKING:
    from lxml.etree import _Element

__all__ = ["BodyText", "read_content_set", "read_headlines", "read_summary"]


@dataclass(slots=True)
class BodyText:
    body: Body
    nitf: NitfBody | None = None
    title: str | None = None
    language: str | None = None
    missing: str = "it has no contentSet"


def read_content_set(content_set: _Element | None, extra: Extra) -> BodyText:
    if content_set is None:
        return BodyText(Body())
    remote = [describe(r) for r in children(content_set, "remoteContent")]
    put(extra, "remote_content", remote)
    inline = [r for r in content_set if local_name(r) in ("inlineXML", "inlineData")]
    for rendition in inline:
        is_xml = local_name(rendition) == "inlineXML"
        text = _inline_xml(rendition) if is_xml else _inline_data(rendition)
        if text.body.blocks:
            others = [r.get("contenttype") or local_name(r) for r in inline if r is not rendition]
            put(extra, "other_renditions", others)
            return text
    reason = "its inline content is empty" if inline else "its contentSet is empty"
    if remote and not inline:
        reason = "its content is remote (remoteContent), not inline"
    return BodyText(Body(), missing=reason)


def _inline_xml(inline: _Element) -> BodyText:
    root = next((c for c in inline if local_name(c)), None)
    if root is None:
        return BodyText(Body())
    if local_name(root) == "nitf":
        nitf = read_nitf_body(root)
        if (head := root.find("{*}head")) is not None:  # the item's own metadata rules
            nitf.extra["head_not_read"] = sorted({local_name(c) for c in head} - {""})
        return BodyText(nitf.body, nitf=nitf, language=language_of(root))
    is_html = local_name(root) == "html"
    body = root.find("{*}body") if is_html else None
    title = element_text(root.find("{*}head/{*}title")) if is_html else ""
    content = read_body(root if body is None else body)
    return BodyText(content, title=title or None, language=language_of(root, body))


def _inline_data(inline: _Element) -> BodyText:
    """Plain text (paragraphs split at blank lines); encoded data is not text to read."""
    kind = inline.get("contenttype") or "text/plain"
    if inline.get("encoding") or not kind.startswith("text/plain"):
        return BodyText(Body())
    chunks = re.split(r"\n[^\S\n]*\n", normalise_text(inline.text or ""))
    return BodyText(Body(blocks=[Block(text=t) for t in map(normalise_line, chunks) if t]))


def read_headlines(
    content: _Element | None, text: BodyText, extra: Extra
) -> tuple[str, str | None]:
    """The first headline without a sub-headline role, the first with one; others to extra."""
    main, sub, others = None, None, []
    for element in children(content, "headline"):
        role, value = element.get("role") or "", element_text(element)
        is_sub = "sub" in role.rpartition(":")[2].casefold()
        if value and is_sub and sub is None:
            sub = value
        elif value and main is None and not is_sub:
            main = value
        elif value:
            others.append(describe(element))
    put(extra, "headlines", others)
    nitf = text.nitf
    in_body = text.body.titles[0] if text.body.titles else nitf.headline if nitf else None
    headline = main or in_body or text.title
    if not headline:
        raise InputError("NewsML-G2 item without a headline (in contentMeta or the body)")
    if in_body and in_body != headline:
        extra["body_headline"] = in_body
    return headline, sub or (nitf.subheadline if nitf else None)


def read_summary(
    content: _Element | None, nitf: NitfBody | None, lede: Block, extra: Extra
) -> model.Summary | None:
    summaries = [e for e in children(content, "description") if e.get("role") == "drol:summary"]
    summary = next(filter(None, map(element_text, summaries)), None)
    others = [e for e in children(content, "description") if e not in summaries[:1]]
    put(extra, "descriptions", [describe(e) for e in others])
    summary = summary or (nitf.abstract if nitf else None)
    return model.Summary(bluf=summary) if summary and summary != lede.text else None
