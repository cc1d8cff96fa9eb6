"""The entities panel: people, organisations, places, key figures and topics in a band.

A tinted band right below the article (not pinned to the foot of the page, which left
short articles with an empty page above it), one column per kind, so the article keeps
the full width. Lists are capped by the theme (``max_entities``, ``max_figures``)
and, when the page is crowded, shortened from the longest list until the band fits.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docexport.model import EntityType
from docexport.writers.pdf.page import Brief, Op, Rect, Rule, Sink, Style
from docexport.writers.pdf.sections import label_style

if TYPE_CHECKING:
    from docexport.model import Entity

__all__ = ["entity_panel"]

_KINDS = (EntityType.PERSON, EntityType.ORGANISATION, EntityType.PLACE)
_PAD = 8.0
_GAP = 14.0


def entity_panel(
    brief: Brief, ops: list[Op], box: tuple[float, float, float], scale: float, max_height: float
) -> tuple[float, bool]:
    """The band with its top at ``box`` = (x, top, width); returns (height, cut)."""
    x, top, width = box
    limits = _limits(brief)
    columns = [name for name in (*(k.value for k in _KINDS), "figures") if limits[name]]
    if limits["topics"] and not limits["figures"]:
        columns.append("topics")
    if not columns:
        return 0.0, False
    cut = False
    while (height := _band(brief, Sink(), box, scale, limits=limits, columns=columns)) > max_height:
        if not _shrink(limits):
            return 0.0, True
        cut = True
    ops.append(Rect(x, top - height, width, height, "panel"))
    if not isinstance(ops, Sink):
        _band(brief, ops, box, scale, limits=limits, columns=columns)
    return height, cut


def _limits(brief: Brief) -> dict[str, int]:
    layout, item = brief.theme.layout, brief.item
    limits = {
        kind.value: min(int(layout["max_entities"]), _count(item.entities, kind)) for kind in _KINDS
    }
    limits["figures"] = min(int(layout["max_figures"]), len(item.figures or ()))
    limits["topics"] = 1 if item.subjects else 0
    return limits


def _count(entities: tuple[Entity, ...] | None, kind: EntityType) -> int:
    return sum(1 for e in entities or () if e.type is kind)


def _shrink(limits: dict[str, int]) -> bool:
    """One entry less in the longest list (topics go last); False when nothing is left."""
    name = max(limits, key=lambda k: (limits[k], k != "topics"))
    if limits[name] == 0:
        return False
    limits[name] -= 1
    return True


def _band(
    brief: Brief,
    ops: list[Op],
    box: tuple[float, float, float],
    scale: float,
    *,
    limits: dict[str, int],
    columns: list[str],
) -> float:
    """Lay the columns out into ``ops`` below ``box`` = (x, top, width); returns the
    band's height (its columns measured first)."""
    x, top, width = box
    column_width = (width - 2 * _PAD - _GAP * (len(columns) - 1)) / len(columns)
    tallest = max(
        _column(brief, Sink(), name, (0.0, 0.0, column_width), scale=scale, limits=limits)
        for name in columns
    )
    height = tallest + 2 * _PAD
    if isinstance(ops, Sink):
        return height
    order = columns[::-1] if brief.rtl else columns
    for index, name in enumerate(order):
        left = x + _PAD + index * (column_width + _GAP)
        _column(
            brief,
            ops,
            name,
            (left, top - _PAD, column_width),
            scale=scale,
            limits=limits,
        )
    return height


def _column(
    brief: Brief,
    ops: list[Op],
    name: str,
    box: tuple[float, float, float],
    *,
    scale: float,
    limits: dict[str, int],
) -> float:
    """One column of the band (a kind of entity, or figures and topics); its height."""
    x, top, width = box
    labels, sizes = brief.theme.labels, brief.theme.sizes
    y = top
    if name in labels and name not in ("figures", "topics"):
        y -= _label(brief, ops, labels[name], (x, y, width), scale)
        kind = EntityType(name)
        for entity in _ranked(brief.item.entities or (), kind)[: limits[name]]:
            y -= _entity_line(brief, ops, entity, (x, y, width), scale)
    if name == "figures":
        y -= _label(brief, ops, labels["figures"], (x, y, width), scale)
        style = Style(sizes["figure"] * scale, 1.3, bold=True, colour="accent")
        for figure in (brief.item.figures or ())[: limits["figures"]]:
            y -= brief.place(ops, figure.text, style, (x, y, width), max_lines=2) + 2 * scale
    if limits["topics"] and name in ("figures", "topics"):
        y -= 4 * scale if y < top else 0.0
        y -= _label(brief, ops, labels["topics"], (x, y, width), scale)
        topics = " · ".join(s.label for s in brief.item.subjects or ())
        style = Style(sizes["topics"] * scale, 1.4, colour="muted")
        y -= brief.place(ops, topics, style, (x, y, width), max_lines=3)
    return top - y


def _label(
    brief: Brief, ops: list[Op], text: str, box: tuple[float, float, float], scale: float
) -> float:
    """A column's label over a hairline rule; returns its height."""
    x, top, width = box
    style = label_style(brief, scale)
    brief.place(ops, text, style, box, align="start")
    rule = top - style.line_height
    ops.append(Rule(x, rule, x + width, rule, 0.5, "rule"))
    return style.line_height + 3 * scale


def _ranked(entities: tuple[Entity, ...], kind: EntityType) -> list[Entity]:
    """Entities of ``kind``, most mentioned first (ties keep the article's order)."""
    return sorted((e for e in entities if e.type is kind), key=lambda e: -e.mention_count)


def _entity_line(
    brief: Brief, ops: list[Op], entity: Entity, box: tuple[float, float, float], scale: float
) -> float:
    """The entity's name (one line, cut if long) and its mention count at the end side."""
    x, top, width = box
    style = Style(brief.theme.sizes["panel"] * scale, 1.42)
    count = Style(style.size * 0.9, 1.42 / 0.9, colour="muted")
    number = f"{entity.mention_count}×" if entity.mention_count > 1 else ""
    number_width = brief.prepare(number, count).measure(number) * count.size + 4
    name_box = (x + (number_width if brief.rtl else 0.0), top, width - number_width)
    brief.place(ops, entity.name, style, name_box, align="start", max_lines=1)
    if number:
        brief.place(ops, number, count, box, align="end")
    return style.line_height
