"""Per-paragraph overrides a style cannot express: right-to-left sides and CJK line height.

A style's accent bar is written for left-to-right text: ``w:pBdr/w:left`` is the
physical left side (ECMA-376 17.3.1.17), so Word and LibreOffice kept the bar of an Arabic
or Hebrew quote on the left, away from where its lines start. A right-to-left paragraph
gets the style's borders mirrored as direct formatting. Indents need nothing: ``w:ind``'s
``left`` is the leading edge of a right-to-left paragraph (17.3.1.12), and mirroring
them too pushed the text past the bar in LibreOffice.

Line spacing "auto" multiplies the line height of the fonts on the line; a CJK font's is
about a third taller than Arial's, so a line with one Chinese phrase stood out taller than
its neighbours. A paragraph with CJK text gets its style's line height as an exact value,
computed from the style's size and multiple as Arial would lay it out, so every line of
it is as tall as a Latin one.

Both are derived from the template's own styles (resolved along ``w:basedOn``), so a user
template's bars, indents and sizes are mirrored and kept too.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import TYPE_CHECKING

from lxml import etree

from docexport.writers.docx.scripts import W
from docexport.writers.docx.styles import based_on_chain, first_by_id

if TYPE_CHECKING:
    from docexport.writers.docx.scripts import Element
    from docexport.writers.docx.styles import TemplateStyle

__all__ = ["Overrides", "overrides_of"]

_SWAP = {"left": "right", "right": "left", "start": "end", "end": "start"}
_ORDER = ("top", "left", "start", "bottom", "right", "end", "between", "bar")  # schema order
_DEFAULT_HALF_POINTS = 20  # Word's 10 pt when neither style nor defaults give a size
_LATIN_LINE = 1.15  # Arial's (Liberation Sans's) line height, in ems
_AUTO = 240  # w:spacing/@w:line for single spacing with lineRule auto


@dataclass(frozen=True, slots=True)
class Overrides:
    """What one paragraph style needs as direct formatting, by direction and script."""

    mirrored_borders: Element | None = None
    """``w:pBdr`` with left and right swapped, for right-to-left paragraphs (``None``:
    the style has no side border)."""
    exact_line: int | None = None
    """The style's line height in twips, for paragraphs holding CJK text."""


def overrides_of(
    styles: list[TemplateStyle], root: Element | None, names: dict[str, str]
) -> dict[str, Overrides]:
    """Overrides by style id for the paragraph styles named in ``names`` (name → id);
    ``root`` is the template's ``w:styles``, for its default font size."""
    defaults = _default_half_points(root)
    by_id = first_by_id(styles)
    found: dict[str, Overrides] = {}
    for style in styles:
        if style.name not in names or style.kind != "paragraph" or style.style_id is None:
            continue
        chain = based_on_chain(style, by_id)
        borders = _first(chain, "pPr/" + W + "pBdr")
        found[style.style_id] = Overrides(
            mirrored_borders=_mirrored(borders),
            exact_line=_exact_line(chain, defaults),
        )
    return found


def _first(chain: list[Element], path: str) -> Element | None:
    for element in chain:
        found = element.find(W + path)
        if found is not None:
            return found
    return None


def _mirrored(borders: Element | None) -> Element | None:
    """A copy of ``w:pBdr`` with left and right swapped (the vacated side ``nil``, or the
    style's would still show); ``None`` when the style has no side border."""
    if borders is None:
        return None
    mirrored = copy.deepcopy(borders)
    if not {etree.QName(child).localname for child in mirrored} & {"left", "right"}:
        return None
    for child in mirrored:
        name = etree.QName(child).localname
        if name in _SWAP:
            child.tag = W + _SWAP[name]
    for side in ("left", "right"):
        if mirrored.find(W + side) is None:
            mirrored.append(etree.Element(W + side, {W + "val": "nil"}))
    mirrored[:] = sorted(mirrored, key=lambda c: _ORDER.index(etree.QName(c).localname))
    return mirrored


def _exact_line(chain: list[Element], default_half_points: int) -> int | None:
    """The line height in twips the style's "auto" spacing gives Latin text."""
    spacing = None
    for element in chain:
        found = element.find(W + "pPr/" + W + "spacing")
        if found is not None and found.get(W + "line") is not None:
            spacing = found
            break
    if spacing is not None and spacing.get(W + "lineRule", "auto") != "auto":
        return None  # exact or at least already: the style fixed its own height
    multiple = int(spacing.get(W + "line")) / _AUTO if spacing is not None else 1.0
    size = _first(chain, "rPr/" + W + "sz")
    half_points = int(size.get(W + "val")) if size is not None else default_half_points
    return round(half_points * 10 * _LATIN_LINE * multiple)


def _default_half_points(root: Element | None) -> int:
    size = None if root is None else root.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}sz")
    value = size.get(W + "val") if size is not None else None
    return int(value) if value is not None else _DEFAULT_HALF_POINTS
