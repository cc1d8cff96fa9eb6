"""The article text: flowed into columns, balanced when it all fits, cut with a marker when not.

Paragraphs are wrapped lazily: a 60-paragraph article at a size where a dozen fit costs a
dozen wraps, not sixty. Every line has the same height, so placing lines is arithmetic.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from docexport.model import BlockKind
from docexport.writers.pdf.page import Brief, Op, Sink, Style, Text, baseline

if TYPE_CHECKING:
    from docexport.writers.pdf.layout import Frame
    from docexport.writers.pdf.lines import WrappedLine

__all__ = ["flow_body"]

_QUOTE_INDENT = 8.0
_BALANCE_STEPS = 7  # column height to within 1/128 of the frame: under a line


@dataclass(frozen=True, slots=True)
class _Placed:
    column: int
    offset: float
    """Distance from the column's top to the top of the line box."""
    paragraph: int
    line: int


class _Paragraphs:
    """The body blocks wrapped at one size and column width, each on first use."""

    def __init__(self, brief: Brief, style: Style, width: float) -> None:
        self.brief, self.style, self.width = brief, style, width
        self.blocks = brief.item.body
        self._wrapped: dict[int, tuple[bool, list[WrappedLine]]] = {}

    def __len__(self) -> int:
        return len(self.blocks)

    def style_of(self, index: int) -> Style:
        kind = self.blocks[index].kind
        if kind is BlockKind.HEADING:
            return replace(self.style, bold=True)
        if kind is BlockKind.BLOCKQUOTE:
            return replace(self.style, colour="muted")
        return self.style

    def indent(self, index: int) -> float:
        return _QUOTE_INDENT if self.blocks[index].kind is BlockKind.BLOCKQUOTE else 0.0

    def lines(self, index: int) -> tuple[bool, list[WrappedLine]]:
        """(rtl, wrapped lines) of paragraph ``index``."""
        found = self._wrapped.get(index)
        if found is None:
            block = self.blocks[index]
            text = f"• {block.text}" if block.kind is BlockKind.LIST_ITEM else block.text
            width = self.width - self.indent(index)
            prepared, wrapped = self.brief.lines(text, self.style_of(index), width)
            found = self._wrapped[index] = (prepared.rtl, wrapped)
        return found


def flow_body(brief: Brief, ops: list[Op], frames: list[Frame], style: Style) -> bool:
    """Lay the body out in ``frames``; returns False if it had to be cut (marker drawn)."""
    if not brief.item.body or not frames:
        return True
    paragraphs = _Paragraphs(brief, style, frames[0].width)
    step = style.line_height
    gap = brief.theme.layout["paragraph_gap"] * step
    heights = [frame.height for frame in frames]
    placed, complete = _flow(paragraphs, heights, step, gap)
    if isinstance(ops, Sink):
        return complete
    if complete:
        if len(frames) > 1:
            placed = _balance(paragraphs, heights, step, gap, placed)
        _emit(ops, paragraphs, frames, placed)
        return True
    # Cut: flow again with room for the marker at the foot of the last column.
    heights[-1] -= step * 1.4
    placed, _ = _flow(paragraphs, heights, step, gap)
    _emit(ops, paragraphs, frames, placed)
    _marker(brief, ops, paragraphs, frames, placed)
    return False


def _flow(
    paragraphs: _Paragraphs, heights: list[float], step: float, gap: float
) -> tuple[list[_Placed], bool]:
    """Place lines column after column; returns (placements, everything placed)."""
    placed: list[_Placed] = []
    column, y = 0, 0.0
    for index in range(len(paragraphs)):
        lines = paragraphs.lines(index)[1]
        y += gap if y > 0 else 0.0
        # No orphan: a paragraph's first line does not sit alone at a column's foot.
        last_column = column + 1 == len(heights)
        if y > 0 and len(lines) > 1 and y + 2 * step > heights[column] and not last_column:
            column, y = column + 1, 0.0
        for number in range(len(lines)):
            while y + step > heights[column] + 1e-6:
                column, y = column + 1, 0.0
                if column == len(heights):
                    return placed, False
            placed.append(_Placed(column, y, index, number))
            y += step
    return placed, True


def _balance(
    paragraphs: _Paragraphs, heights: list[float], step: float, gap: float, placed: list[_Placed]
) -> list[_Placed]:
    """The placement with the shortest equal columns that still hold everything."""
    low, high = step, max(heights)
    best = placed
    for _ in range(_BALANCE_STEPS):
        middle = (low + high) / 2
        trial, complete = _flow(paragraphs, [middle] * len(heights), step, gap)
        if complete:
            high, best = middle, trial
        else:
            low = middle
    return best


def _emit(
    ops: list[Op], paragraphs: _Paragraphs, frames: list[Frame], placed: list[_Placed]
) -> None:
    for spot in placed:
        frame = frames[spot.column]
        rtl, lines = paragraphs.lines(spot.paragraph)
        text, em = lines[spot.line]
        style = paragraphs.style_of(spot.paragraph)
        indent = paragraphs.indent(spot.paragraph)
        width = frame.width - indent
        x = frame.x + (width - em * style.size if rtl else indent)
        ops.append(Text(x, baseline(frame.top - spot.offset, style), text, rtl, style))


def _marker(
    brief: Brief, ops: list[Op], paragraphs: _Paragraphs, frames: list[Frame], placed: list[_Placed]
) -> None:
    """ "… continued in the full text · N more paragraphs" below the last line shown."""
    labels, style = brief.theme.labels, paragraphs.style
    last = placed[-1] if placed else None
    offset = last.offset + style.line_height if last and last.column == len(frames) - 1 else 0.0
    shown = 0
    if last is not None:
        finished = last.line == len(paragraphs.lines(last.paragraph)[1]) - 1
        shown = last.paragraph + (1 if finished else 0)
    remaining = len(paragraphs) - shown
    text = labels["continued"]
    if remaining > 0:
        count = labels["remaining_one"] if remaining == 1 else labels["remaining"]
        text += " · " + count.format(count=remaining)
    frame = frames[-1]
    marker = replace(style, bold=True, colour="accent")
    box = (frame.x, frame.top - offset - 0.3 * style.line_height, frame.width)
    brief.place(ops, text, marker, box, align="start", max_lines=1)
