"""The one page: fixed frame, then the auto-fit of everything else.

Order of sacrifice, so that every article fits on exactly one page:

1. shrink the scalable sections (bottom line, key points, panel, body) together, down to
   ``fit.min_scale`` of the theme sizes (the readable limit), binary-searching the largest
   scale at which everything fits, on measured line counts (no document is rebuilt);
2. at that limit, cut the article text at a line and end it with "… continued in the full
   text" and the number of paragraphs left out;
3. only if the enrichment alone overflows the page: drop panel entries and key points from
   the end, and as a very last resort cut the bottom line with an ellipsis.

The headline is sized separately (see ``sections._headline``) and is never dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from docexport.model import BlockKind
from docexport.writers.pdf.body import flow_body, single_column
from docexport.writers.pdf.page import Brief, Op, Sink, Style
from docexport.writers.pdf.panel import entity_panel
from docexport.writers.pdf.sections import (
    banner,
    bluf_box,
    footer,
    header,
    key_points,
    label_style,
    notable_quotes,
)

if TYPE_CHECKING:
    from docexport.briefing import BriefContent
    from docexport.model import NewsItem

__all__ = ["font_texts", "lay_out"]

_SPACE = re.compile(r"\s+")
_SEARCH_STEPS = 3  # (1 - 0.86) / 2**3: the scale to within 0.018 (0.17 pt of body text)


@dataclass(frozen=True, slots=True)
class Frame:
    """A body column: left edge, top, width and height in points."""

    x: float
    top: float
    width: float
    height: float


@dataclass(slots=True)
class Composition:
    ops: list[Op]
    complete: bool
    """Everything fitted: no body text cut, no entry dropped."""


def font_texts(item: NewsItem, content: BriefContent, classification: str) -> tuple[str, str]:
    """All the text the page may show, and the part set in bold: what the document's fonts
    must cover."""
    texts = [content.headline, item.subheadline or "", item.slugline or "", classification]
    texts += [b.text for b in item.body]
    texts += [content.bluf, *content.key_points]
    texts += [f"“{q.text}” — {q.speaker}" for q in content.quotes]
    texts += [f"{e.name} {e.detail}" for e in content.entities]
    texts += [f.label for f in content.figures]
    texts += [s.label for s in item.subjects or ()]
    texts += [item.dateline.text] if item.dateline is not None else []
    texts += [*item.bylines, item.source.file_name, item.guid]
    bold = [content.headline, classification, *(f.value_text for f in content.figures)]
    bold += [b.text for b in item.body if b.kind is BlockKind.HEADING]
    return "".join(texts + bold), "".join(bold)


def lay_out(brief: Brief) -> list[Op]:
    """Every operation of the page, fitted as the module docstring describes."""
    theme = brief.theme
    ops: list[Op] = []
    top = brief.page[1] - theme.margins["top"]
    banner(brief, ops, top)
    y = header(brief, ops, top - theme.banner_height - 9)
    bottom = theme.margins["bottom"]
    foot = bottom + theme.banner_height + 6 + theme.sizes["footer"] * 1.5 + 3
    ops += _fit(brief, y, foot + 8).ops
    # Footer and bottom banner last: the content stream follows reading order, which is
    # the order text extractors and screen readers give.
    footer(brief, ops, foot)
    banner(brief, ops, bottom + theme.banner_height)
    return ops


def _fit(brief: Brief, top: float, bottom: float) -> Composition:
    """The composition at the largest scale in [min_scale, 1] at which everything fits;
    tries only measure (into a ``Sink``), the winner is composed once more for real."""

    def fits(scale: float) -> bool:
        return _compose(brief, scale, top, bottom, Sink()).complete

    low, high = brief.theme.min_scale, 1.0
    if fits(high):
        low = high
    else:
        # Below min_scale nothing shrinks further: if no try fits, the body is cut there.
        for _ in range(_SEARCH_STEPS):
            middle = (low + high) / 2
            low, high = (middle, high) if fits(middle) else (low, middle)
    return _compose(brief, low, top, bottom, [])


def _compose(brief: Brief, scale: float, top: float, bottom: float, ops: list[Op]) -> Composition:
    """The scalable part of the page at ``scale``, between ``top`` and ``bottom``."""
    body = _body_style(brief, scale)
    label = label_style(brief, scale)
    shown = _article_adds_something(brief)
    # Room always left for the article: its label, a few lines and the cut marker.
    lines = brief.theme.reserve_body_lines + 1.5 if shown else 0.0
    reserve = lines * body.line_height + label.line_height + 12 * scale
    x, width = brief.left, brief.right - brief.left
    height, bluf_cut = bluf_box(brief, ops, top, scale, top - bottom - reserve - 10 * scale)
    y = top - (height + 10 * scale if height else 0.0)
    cuts = [bluf_cut]
    for section in (key_points, notable_quotes):
        room = y - bottom - reserve - 8 * scale
        height, cut = section(brief, ops, (x, y, width), scale, room)
        y -= height + 8 * scale if height else 0.0
        cuts.append(cut)
    room = y - bottom - reserve - 10 * scale
    band, panel_cut = entity_panel(brief, Sink(), (x, 0.0, width), scale, room)
    floor = bottom + (band + 10 * scale if band else 0.0)
    complete, depth = True, 0.0
    if shown:
        if y < top:
            brief.place(ops, brief.theme.labels["article"], label, (x, y, width), align="start")
            y -= label.line_height + 2 * scale
        frames = _frames(brief, (x, y, width, y - floor), _column_count(brief, body, width))
        complete, depth = flow_body(brief, ops, frames, body)
    if band and not isinstance(ops, Sink):
        # The band follows the article (no empty page above a band pinned to the foot),
        # and comes after it in the content stream (reading order).
        y -= depth + 10 * scale if depth else 0.0
        entity_panel(brief, ops, (x, y, width), scale, room)
    return Composition(ops, complete and not (any(cuts) or panel_cut))


def _article_adds_something(brief: Brief) -> bool:
    """False when every paragraph is already on the page word for word (a two-line
    article that is its own bottom line): the same text twice reads as a mistake."""
    content = brief.content
    shown = _SPACE.sub(" ", " ".join((content.bluf, *content.key_points)))
    return any(_SPACE.sub(" ", block.text).strip() not in shown for block in brief.item.body)


def _column_count(brief: Brief, style: Style, width: float) -> int:
    """One full-width column for a short article, else two (see ``single_column``)."""
    column = (width - brief.theme.layout["column_gap"]) / 2
    limit = brief.theme.layout["single_column_lines"]
    return 1 if single_column(brief, style, column, limit) else 2


def _frames(brief: Brief, box: tuple[float, float, float, float], count: int) -> list[Frame]:
    """``count`` columns across ``box`` = (x, top, width, height), in reading order (right
    to left for RTL)."""
    x, top, width, height = box
    gap = brief.theme.layout["column_gap"]
    column = (width - gap * (count - 1)) / count
    frames = [Frame(x + i * (column + gap), top, column, max(height, 0.0)) for i in range(count)]
    return frames[::-1] if brief.rtl else frames


def _body_style(brief: Brief, scale: float) -> Style:
    return Style(brief.theme.sizes["body"] * scale, brief.theme.leading)
