"""The template's styles as Word shows them: name, kind, id and the style each is based on.

Read from ``w:styles`` directly. Word (and python-docx before us) writes a few built-in
names in lower case in the XML (``heading 1``) and shows them capitalised; ``name`` is
the shown form, the one ``template.REQUIRED_STYLES`` lists.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from docexport.writers.docx.scripts import W

if TYPE_CHECKING:
    from docexport.writers.docx.scripts import Element

__all__ = ["TemplateStyle", "based_on_chain", "first_by_id", "read_styles"]

# Built-in styles whose name in styles.xml differs from the one Word shows.
_SHOWN = {"caption": "Caption", "footer": "Footer", "header": "Header"} | {
    f"heading {level}": f"Heading {level}" for level in range(1, 10)
}
_MAX_CHAIN = 20  # longer "based on" chains are not followed (loops are refused earlier)


@dataclass(frozen=True, slots=True)
class TemplateStyle:
    element: Element
    style_id: str | None
    name: str | None
    """As Word shows it; ``None`` for a style without ``w:name``."""
    kind: str
    """``w:type``: paragraph, character, table or numbering (paragraph when absent)."""
    based_on: str | None
    """The id in ``w:basedOn``, if any."""


def read_styles(root: Element | None) -> list[TemplateStyle]:
    """The ``w:style`` children of ``root`` (a ``w:styles``), in document order."""
    if root is None:
        return []
    return [_style(element) for element in root.iterchildren(W + "style")]


def based_on_chain(style: TemplateStyle, by_id: dict[str, TemplateStyle]) -> list[Element]:
    """The style's element, then those it is based on, at most ``_MAX_CHAIN``; ``by_id``
    holds the first style of each id, the one Word applies."""
    chain: list[Element] = []
    current: TemplateStyle | None = style
    while current is not None and len(chain) < _MAX_CHAIN:
        chain.append(current.element)
        current = by_id.get(current.based_on) if current.based_on is not None else None
    return chain


def first_by_id(styles: list[TemplateStyle]) -> dict[str, TemplateStyle]:
    found: dict[str, TemplateStyle] = {}
    for style in styles:
        if style.style_id is not None:
            found.setdefault(style.style_id, style)
    return found


def _style(element: Element) -> TemplateStyle:
    name = _child_value(element, "name")
    return TemplateStyle(
        element=element,
        style_id=element.get(W + "styleId"),
        name=_SHOWN.get(name, name) if name is not None else None,
        kind=element.get(W + "type", "paragraph"),
        based_on=_child_value(element, "basedOn"),
    )


def _child_value(element: Element, tag: str) -> str | None:
    child = element.find(W + tag)
    return child.get(W + "val") if child is not None else None
