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
_KEEP = 2  # lines of a paragraph kept together on each side of a column break


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


def flow_body(brief: Brief, ops: list[Op], frames: list[Frame], style: Style) -> tuple[bool, float]:
    """Lay the body out in ``frames``; returns (everything placed, depth used below the
    frames' top). When it had to be cut, the marker is drawn and counted in the depth."""
    if not brief.item.body or not frames:
        return True, 0.0
    paragraphs = _Paragraphs(brief, style, frames[0].width)
    step = style.line_height
    gap = brief.theme.layout["paragraph_gap"] * step
    heights = [frame.height for frame in frames]
    placed, complete = _flow(paragraphs, heights, step, gap)
    if isinstance(ops, Sink):
        return complete, _depth(placed, step)
    if complete:
        if len(frames) > 1:
            placed = _balance(paragraphs, heights, step, gap, placed)
        _emit(ops, paragraphs, frames, placed)
        return True, _depth(placed, step)
    # Cut: flow again with room for the marker at the foot of the last column.
    heights[-1] -= step * 1.4
    placed, _ = _flow(paragraphs, heights, step, gap)
    _emit(ops, paragraphs, frames, placed)
    depth = _marker(brief, ops, paragraphs, frames, placed)
    return False, max(depth, _depth(placed, step))


def single_column(brief: Brief, style: Style, width: float, max_lines: float) -> bool:
    """Whether the body is short enough for one full-width column: at most ``max_lines``
    lines at ``width`` (a column's width). Two columns of two or three lines each read as
    a torn page; wraps only as many paragraphs as it takes to decide."""
    paragraphs = _Paragraphs(brief, style, width)
    total = 0
    for index in range(len(paragraphs)):
        total += len(paragraphs.lines(index)[1])
        if total > max_lines:
            return False
    return True


def _depth(placed: list[_Placed], step: float) -> float:
    return max((spot.offset for spot in placed), default=-step) + step


def _flow(
    paragraphs: _Paragraphs, heights: list[float], step: float, gap: float
) -> tuple[list[_Placed], bool]:
    """Place lines column after column; returns (placements, everything placed).

    Where a paragraph breaks between columns, at least two of its lines stay on each side
    (no orphan at a column's foot, no widow at the next one's top); a heading moves on
    with the first two lines of what follows it. Only an empty column takes what it can,
    so nothing loops; in the last column the text is simply cut (the marker follows).
    """
    placed: list[_Placed] = []
    column, y = 0, 0.0
    for index in range(len(paragraphs)):
        count = len(paragraphs.lines(index)[1])
        y += gap if y > 0 else 0.0
        start = 0
        while start < count:
            room = max(0, int((heights[column] - y) / step + 1e-6))
            last_column = column + 1 == len(heights)
            take = min(room, count - start)
            if take < count - start:
                take = _split(take, count - start, fresh=y == 0, last=last_column)
            elif start == 0 and y > 0 and not last_column:
                take = _keep_heading(paragraphs, index, take, room)
            for number in range(start, start + take):
                placed.append(_Placed(column, y, index, number))
                y += step
            start += take
            if start < count:
                if last_column:
                    return placed, False
                column, y = column + 1, 0.0
    return placed, True


def _split(take: int, left: int, *, fresh: bool, last: bool) -> int:
    """How many of a paragraph's ``left`` lines to set where only ``take`` fit."""
    if last:
        # Before the cut marker: no paragraph opened with a single line.
        return 0 if take == 1 and not fresh else take
    keep = min(take, left - _KEEP)  # no widow: two lines go on together
    if keep >= _KEEP or (fresh and keep >= 1):
        return keep
    # No orphan: the paragraph starts in the next column (an empty one takes what fits).
    return take if fresh else 0


def _keep_heading(paragraphs: _Paragraphs, index: int, take: int, room: int) -> int:
    """0 when a heading would end a column without two lines of what follows it."""
    if paragraphs.blocks[index].kind is not BlockKind.HEADING or index + 1 >= len(paragraphs):
        return take
    following = min(_KEEP, len(paragraphs.lines(index + 1)[1]))
    return take if take + following <= room else 0


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
) -> float:
    """ "… continued in the full text · N more paragraphs" below the last line shown;
    returns the depth of its foot below the frames' top."""
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
    return (
        offset
        + 0.3 * style.line_height
        + brief.place(ops, text, marker, box, align="start", max_lines=1)
    )
