"""The entities panel: people, organisations, places, key figures and topics in a band.

A tinted band right below the article (not pinned to the foot of the page, which left
short articles with an empty page above it), one column per kind, so the article keeps
the full width. What it lists is ``BriefContent``'s choice (ranked, capped entities with
a "+N more" count, labelled figures); on a crowded page the band drops entries from its
longest list until it fits, and counts entities so dropped in the "+N more" line.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from docexport.model import EntityType
from docexport.writers.pdf.page import Brief, Op, Rect, Rule, Sink, Style
from docexport.writers.pdf.sections import label_style

if TYPE_CHECKING:
    from docexport.briefing import BriefEntity, BriefFigure

__all__ = ["entity_panel"]

_KINDS = tuple(kind.value for kind in EntityType)
_PAD = 8.0
_GAP = 14.0
_DETAIL_SHARE = 0.45  # at most this share of a column for a title or place code
_VALUE_SHARE = 0.4  # a figure's value beside its label when it fits in this share


@dataclass(frozen=True, slots=True)
class _Lists:
    """What the band can show: entities by kind, figures, topics."""

    entities: dict[str, list[BriefEntity]]
    figures: tuple[BriefFigure, ...]
    topics: str


def entity_panel(
    brief: Brief, ops: list[Op], box: tuple[float, float, float], scale: float, max_height: float
) -> tuple[float, bool]:
    """The band with its top at ``box`` = (x, top, width); returns (height, cut)."""
    x, top, width = box
    lists = _lists(brief)
    limits = {kind: len(entries) for kind, entries in lists.entities.items()}
    limits["figures"] = len(lists.figures)
    limits["topics"] = 1 if lists.topics else 0
    columns = [name for name in (*_KINDS, "figures") if limits.get(name)]
    if limits["topics"] and not limits["figures"]:
        columns.append("topics")
    if not columns:
        return 0.0, False
    cut = False
    while (
        height := _band(brief, Sink(), box, scale, lists=lists, limits=limits, columns=columns)
    ) > max_height:
        if not _shrink(limits):
            return 0.0, True
        cut = True
    ops.append(Rect(x, top - height, width, height, "panel"))
    if not isinstance(ops, Sink):
        _band(brief, ops, box, scale, lists=lists, limits=limits, columns=columns)
    return height, cut


def _lists(brief: Brief) -> _Lists:
    content = brief.content
    entities: dict[str, list[BriefEntity]] = {kind: [] for kind in _KINDS}
    for entity in content.entities:
        kind = entity.kind.casefold()
        if kind in entities:
            entities[kind].append(entity)
    topics = " · ".join(s.label for s in brief.item.subjects or ())
    return _Lists(entities, content.figures, topics)


def _shrink(limits: dict[str, int]) -> bool:
    """One entry less in the longest list (topics go last); False when nothing is left."""
    name = max(limits, key=lambda k: (limits[k], k != "topics"))
    if limits[name] == 0:
        return False
    limits[name] -= 1
    return True


def _more(brief: Brief, lists: _Lists, limits: dict[str, int]) -> int:
    """Entities not shown: left out by the content cap, or dropped here for room."""
    dropped = sum(len(entries) - limits[kind] for kind, entries in lists.entities.items())
    return brief.content.more_entities + dropped


def _band(
    brief: Brief,
    ops: list[Op],
    box: tuple[float, float, float],
    scale: float,
    *,
    lists: _Lists,
    limits: dict[str, int],
    columns: list[str],
) -> float:
    """Lay the columns out into ``ops`` below ``box`` = (x, top, width); returns the
    band's height (its columns measured first). Figures get a wider column: a value and
    what it counts."""
    x, top, width = box
    weights = [brief.theme.layout["figures_weight"] if c == "figures" else 1.0 for c in columns]
    unit = (width - 2 * _PAD - _GAP * (len(columns) - 1)) / sum(weights)
    widths = [unit * w for w in weights]
    more = _more(brief, lists, limits)
    more_style = Style(brief.theme.sizes["topics"] * scale, 1.5, colour="muted")
    tallest = max(
        _column(brief, Sink(), name, (0.0, 0.0, w), scale, lists=lists, limits=limits)
        for name, w in zip(columns, widths, strict=True)
    )
    height = tallest + 2 * _PAD + (more_style.line_height + 2 * scale if more else 0.0)
    if isinstance(ops, Sink):
        return height
    order = list(zip(columns, widths, strict=True))
    left = x + _PAD
    for name, column_width in order[::-1] if brief.rtl else order:
        _column(
            brief, ops, name, (left, top - _PAD, column_width), scale, lists=lists, limits=limits
        )
        left += column_width + _GAP
    if more:
        text = brief.theme.labels["more_entities"].format(count=more)
        line = (x + _PAD, top - height + _PAD + more_style.line_height, width - 2 * _PAD)
        brief.place(ops, text, more_style, line, align="start", max_lines=1)
    return height


def _column(
    brief: Brief,
    ops: list[Op],
    name: str,
    box: tuple[float, float, float],
    scale: float,
    *,
    lists: _Lists,
    limits: dict[str, int],
) -> float:
    """One column of the band (a kind of entity, or figures and topics); its height."""
    x, top, width = box
    labels, sizes = brief.theme.labels, brief.theme.sizes
    y = top
    if name in _KINDS:
        y -= _label(brief, ops, labels[name], (x, y, width), scale)
        for entity in lists.entities[name][: limits[name]]:
            y -= _entity_line(brief, ops, entity, (x, y, width), scale)
    if name == "figures":
        y -= _label(brief, ops, labels["figures"], (x, y, width), scale)
        shown = lists.figures[: limits["figures"]]
        value = _value_style(brief, scale)
        widths = [brief.prepare(f.value_text, value).measure(f.value_text) for f in shown]
        # Labels line up just after the widest value that fits the value share.
        fitting = [w * value.size for w in widths if w * value.size <= width * _VALUE_SHARE]
        column = max(fitting, default=0.0) + 6 * scale
        for figure in shown:
            y -= _figure(brief, ops, figure, (x, y, width), scale, column=column) + 2 * scale
    if limits["topics"] and name in ("figures", "topics"):
        y -= 4 * scale if y < top else 0.0
        y -= _label(brief, ops, labels["topics"], (x, y, width), scale)
        style = Style(sizes["topics"] * scale, 1.4, colour="muted")
        y -= brief.place(ops, lists.topics, style, (x, y, width), max_lines=3)
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


def _value_style(brief: Brief, scale: float) -> Style:
    return Style(brief.theme.sizes["figure"] * scale, 1.3, bold=True, colour="accent")


def _figure(
    brief: Brief,
    ops: list[Op],
    figure: BriefFigure,
    box: tuple[float, float, float],
    scale: float,
    *,
    column: float,
) -> float:
    """The value in bold and what it counts beside it (from ``column`` points on), or
    under it when the value is wider; returns the height used."""
    x, top, width = box
    value = _value_style(brief, scale)
    label = Style(brief.theme.sizes["figure_label"] * scale, 1.3, colour="muted")
    shown = brief.prepare(figure.value_text, value).measure(figure.value_text) * value.size
    if shown > column:
        used = brief.place(ops, figure.value_text, value, box, align="start", max_lines=1)
        below = (x, top - used, width)
        return used + brief.place(ops, figure.label, label, below, align="start", max_lines=2)
    rest = width - column
    value_box = (x + rest if brief.rtl else x, top, column)
    brief.place(ops, figure.value_text, value, value_box, align="start", max_lines=1)
    # Both styles set 1.3 line boxes, so this puts the label's baseline on the value's.
    shift = value.size - label.size
    label_box = (x if brief.rtl else x + column, top - shift, rest)
    used = brief.place(ops, figure.label, label, label_box, align="start", max_lines=2)
    return max(value.line_height, used + shift)


def _entity_line(
    brief: Brief, ops: list[Op], entity: BriefEntity, box: tuple[float, float, float], scale: float
) -> float:
    """The entity's name (one line, cut if long) and, at the end side, its title or place
    code when that fits whole ("Major…" tells less than nothing)."""
    x, top, width = box
    style = Style(brief.theme.sizes["panel"] * scale, 1.42)
    muted = Style(style.size * 0.9, 1.42 / 0.9, colour="muted")
    detail_width = 0.0
    if entity.detail:
        measured = brief.prepare(entity.detail, muted).measure(entity.detail) * muted.size
        if measured <= width * _DETAIL_SHARE:
            detail_width = measured + 4
            brief.place(ops, entity.detail, muted, box, align="end", max_lines=1)
    name_box = (x + (detail_width if brief.rtl else 0.0), top, width - detail_width)
    brief.place(ops, entity.name, style, name_box, align="start", max_lines=1)
    return style.line_height
