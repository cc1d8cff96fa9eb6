"""The article a page describes in schema.org JSON-LD: top level, in a list or in ``@graph``.

Publishers' JSON-LD is often broken (HTML comments or CDATA around it, several objects in
one script) or huge; a script that does not parse is skipped, never fatal, and the walk
over the parsed data is bounded in depth and size.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from lxml.etree import _Element

__all__ = ["ARTICLE_TYPES", "LinkedData", "names", "read_linked_data", "text_of"]

ARTICLE_TYPES = frozenset(
    {
        "Article",
        "NewsArticle",
        "ReportageNewsArticle",
        "AnalysisNewsArticle",
        "OpinionNewsArticle",
        "BackgroundNewsArticle",
        "ReviewNewsArticle",
        "AskPublicNewsArticle",
        "SatiricalArticle",
        "BlogPosting",
        "LiveBlogPosting",
        "Report",
    }
)
"""schema.org types read as the page's article (Article and its news and blog subtypes)."""

_MAX_DEPTH = 24
_MAX_NODES = 20_000
_WRAPPER = re.compile(r"^\s*(?:<!--|//\s*<!\[CDATA\[|<!\[CDATA\[)|(?:-->|//\s*\]\]>|\]\]>)\s*$")


@dataclass(frozen=True, slots=True)
class LinkedData:
    article: Mapping[str, Any] | None = None
    """The first object of an article type, in document order."""
    nodes: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    """Every object with an ``@id``, so that ``{"@id": ...}`` references resolve."""

    def resolve(self, value: Any) -> Any:
        """``value``, or the object a bare ``{"@id": ...}`` reference points to."""
        if isinstance(value, Mapping) and set(value) == {"@id"}:
            return self.nodes.get(str(value["@id"]), value)
        return value


def read_linked_data(root: _Element) -> LinkedData:
    """The article object and the ``@id`` index of every JSON-LD script in the page."""
    article: Mapping[str, Any] | None = None
    nodes: dict[str, Mapping[str, Any]] = {}
    for script in root.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        data = _parse(script.text or "")
        for node in _objects(data):
            if isinstance(node.get("@id"), str) and len(node) > 1:  # not a bare reference
                nodes.setdefault(node["@id"], node)
            if article is None and _is_article(node):
                article = node
    return LinkedData(article, nodes)


def text_of(value: Any) -> str | None:
    """A schema.org text value: a string, the first string of a list, a ``@value``.

    Character references are resolved: many CMSs put HTML-escaped text in JSON-LD
    (``"Rock &amp; Roll"``), and a literal ``&amp;`` in a headline is never meant.
    """
    if isinstance(value, str):
        return html.unescape(value) if "&" in value else value
    if isinstance(value, list):
        return next((t for t in map(text_of, value) if t), None)
    if isinstance(value, Mapping) and isinstance(value.get("@value"), str):
        return text_of(value["@value"])
    return None


def names(value: Any, data: LinkedData) -> Iterator[str]:
    """The names in a Person/Organization value: strings, objects with ``name``, lists."""
    for one in value if isinstance(value, list) else [value]:
        thing = data.resolve(one)
        if isinstance(thing, str):
            yield thing
        elif isinstance(thing, Mapping) and (name := text_of(thing.get("name"))):
            yield name


def _parse(text: str) -> Any:
    text = _WRAPPER.sub("", text.strip())
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        return None


def _objects(data: Any) -> Iterator[Mapping[str, Any]]:
    """Every JSON object in ``data``, parents before children, within the bounds."""
    stack: list[tuple[Any, int]] = [(data, 0)]
    seen = 0
    while stack and seen < _MAX_NODES:
        value, depth = stack.pop()
        seen += 1
        if depth > _MAX_DEPTH:
            continue
        if isinstance(value, Mapping):
            yield value
            stack.extend((child, depth + 1) for child in reversed(list(value.values())))
        elif isinstance(value, list):
            stack.extend((child, depth + 1) for child in reversed(value))


def _is_article(node: Mapping[str, Any]) -> bool:
    kinds = node.get("@type")
    for kind in kinds if isinstance(kinds, list) else [kinds]:
        # "NewsArticle", "schema:NewsArticle" and "https://schema.org/NewsArticle" alike.
        if isinstance(kind, str) and re.split(r"[/:#]", kind)[-1] in ARTICLE_TYPES:
            return True
    return False
