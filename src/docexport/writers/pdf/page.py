"""The page as data: drawing operations, text styles, and the document being laid out.

Layout produces a flat list of operations (rectangles, rules, lines of text at absolute
positions) instead of drawing straight away, so the auto-fit can lay the page out at
several scales and keep only the one that fits; ``draw.py`` turns the winner into PDF.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import TYPE_CHECKING, Literal

from docexport.writers.pdf import bidi
from docexport.writers.pdf.lines import Prepared, WrappedLine, ellipsize, prepare, wrap

if TYPE_CHECKING:
    from docexport.briefing import BriefContent
    from docexport.model import NewsItem
    from docexport.writers.pdf.fonts import DocumentFonts, FontChain
    from docexport.writers.pdf.theme import RGB, Theme

__all__ = ["Brief", "Op", "Rect", "Rule", "Sink", "Style", "Text", "baseline"]

Align = Literal["natural", "start", "end", "center"]
"""natural: the paragraph's own direction; start/end: the document's; center."""


@dataclass(frozen=True, slots=True)
class Style:
    """How a run of text looks; ``colour`` names a theme colour or is an RGB triple."""

    size: float
    leading: float = 1.4
    bold: bool = False
    colour: str | RGB = "ink"
    tracking: float = 0.0
    """Letter spacing in em."""

    @property
    def line_height(self) -> float:
        return self.size * self.leading

    def scaled(self, scale: float) -> Style:
        return replace(self, size=self.size * scale)


@dataclass(frozen=True, slots=True)
class Text:
    """One line of text, logical order; ``x`` is its left edge and ``y`` its baseline."""

    x: float
    y: float
    text: str
    rtl: bool
    style: Style


@dataclass(frozen=True, slots=True)
class Rect:
    x: float
    y: float
    width: float
    height: float
    colour: str | RGB


@dataclass(frozen=True, slots=True)
class Rule:
    x1: float
    y1: float
    x2: float
    y2: float
    width: float
    colour: str | RGB


Op = Text | Rect | Rule


class Sink(list[Op]):
    """An operation list that keeps nothing: layout passes that only measure use it.

    The auto-fit tries several scales and needs only heights from all but the last, so
    those tries skip building operations (and balancing columns, drawing the panel).
    """

    def append(self, op: Op, /) -> None:
        pass


@dataclass(slots=True, kw_only=True)
class Brief:
    """One document being laid out: the item, what the brief shows of it, look, fonts,
    page and measuring caches."""

    item: NewsItem
    content: BriefContent
    """Chosen and bounded by ``docexport.briefing`` (shared with the DOCX briefing): the
    layout only places it and never picks or cuts content by its own rules."""
    theme: Theme
    fonts: DocumentFonts
    page: tuple[float, float]
    stamp: datetime | None
    """The rendition's time (``SOURCE_DATE_EPOCH``, else the article's date-time), if any."""
    classification: str
    rtl: bool = False
    _prepared: dict[tuple[str, bool, float], Prepared] = field(default_factory=dict)
    _wrapped: dict[tuple[str, Style, float, int | None], list[WrappedLine]] = field(
        default_factory=dict
    )

    def __post_init__(self) -> None:
        self.rtl = bidi.is_rtl(self.content.headline)

    @property
    def left(self) -> float:
        return self.theme.margins["left"]

    @property
    def right(self) -> float:
        return self.page[0] - self.theme.margins["right"]

    def chain(self, style: Style) -> FontChain:
        return self.fonts.bold if style.bold else self.fonts.regular

    def prepare(self, text: str, style: Style) -> Prepared:
        """``text`` measured in ``style``'s face, once per document."""
        key = (text, style.bold, style.tracking)
        found = self._prepared.get(key)
        if found is None:
            found = self._prepared[key] = prepare(text, self.chain(style), style.tracking)
        return found

    def lines(
        self, text: str, style: Style, width: float, max_lines: int | None = None
    ) -> tuple[Prepared, list[WrappedLine]]:
        """``text`` wrapped to ``width`` points, cut with an ellipsis after ``max_lines``."""
        prepared = self.prepare(text, style)
        key = (text, style, width, max_lines)
        wrapped = self._wrapped.get(key)
        if wrapped is None:
            wrapped = wrap(prepared, width / style.size)
            if max_lines is not None:
                wrapped = ellipsize(prepared, wrapped, max_lines, width / style.size)
            self._wrapped[key] = wrapped
        return prepared, wrapped

    def place(
        self,
        ops: list[Op],
        text: str,
        style: Style,
        box: tuple[float, float, float],
        *,
        align: Align = "natural",
        max_lines: int | None = None,
    ) -> float:
        """Lay ``text`` out in ``box`` = (x, top, width); returns the height used."""
        prepared, wrapped = self.lines(text, style, box[2], max_lines)
        self.emit(ops, wrapped, style, box, rtl=prepared.rtl, align=align)
        return len(wrapped) * style.line_height

    def emit(
        self,
        ops: list[Op],
        wrapped: list[WrappedLine],
        style: Style,
        box: tuple[float, float, float],
        *,
        rtl: bool,
        align: Align = "natural",
    ) -> None:
        """Text operations for already wrapped lines, top of the first line at ``box[1]``."""
        if isinstance(ops, Sink):
            return
        x, top, width = box
        right = {"natural": rtl, "start": self.rtl, "end": not self.rtl}.get(align, False)
        for index, (line, em) in enumerate(wrapped):
            slack = width - em * style.size
            dx = slack / 2 if align == "center" else slack if right else 0.0
            ops.append(Text(x + dx, baseline(top, style, index), line, rtl, style))


def baseline(top: float, style: Style, index: int = 0) -> float:
    """Baseline of line ``index`` in a block whose first line box starts at ``top``."""
    # Centres the cap height in the line box: caps are ~0.7 em, descenders ~0.3 em.
    return top - index * style.line_height - style.line_height / 2 - 0.35 * style.size
