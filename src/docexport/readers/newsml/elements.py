"""Small accessors of NewsML-G2 elements (any namespace), and ``extra``'s filling."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docexport.model import Origin
from docexport.readers.xhtml_body import element_text

if TYPE_CHECKING:
    from lxml.etree import _Element

__all__ = [
    "Extra",
    "attr",
    "broader_codes",
    "child",
    "children",
    "describe",
    "item_class",
    "name_of",
    "origin_of",
    "put",
    "qcodes_of",
]

Extra = dict[str, Any]


def origin_of(element: _Element) -> Origin:
    return Origin.MACHINE if element.get("why") == "why:inferred" else Origin.SOURCE


def item_class(item: _Element) -> str:
    return attr(item.find("{*}itemMeta/{*}itemClass"), "qcode")


def name_of(element: _Element) -> str:
    return element_text(child(element, "name"))


def broader_codes(element: _Element) -> list[str]:
    return qcodes_of(element, "broader")


def qcodes_of(element: _Element, tag: str) -> list[str]:
    return [q for child in children(element, tag) if (q := attr(child, "qcode"))]


def describe(element: _Element) -> dict[str, Any]:
    """An element as JSON for extra: identifying attributes, name or text, parents."""
    keys = ("qcode", "uri", "literal", "type", "role", "rel", "href", "contenttype", "id")
    out: dict[str, Any] = {k: v for k in keys if (v := attr(element, k))}
    if name := name_of(element):
        out["name"] = name
    elif len(element) == 0 and (text := element_text(element)):
        out["text"] = text
    if broader := broader_codes(element):
        out["broader"] = broader
    return out


def attr(element: _Element | None, name: str) -> str:
    return (element.get(name) or "").strip() if element is not None else ""


def child(parent: _Element | None, name: str) -> _Element | None:
    return parent.find("{*}" + name) if parent is not None else None


def children(parent: _Element | None, name: str) -> list[_Element]:
    return parent.findall("{*}" + name) if parent is not None else []


def put(extra: Extra, key: str, value: Any) -> None:
    if value:
        extra[key] = value
