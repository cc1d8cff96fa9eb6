"""Operations onto a ReportLab canvas: shapes first, then all text in one text object.

One text object for the whole page (instead of one ``drawString`` per line) writes a
single BT/ET block and sets font, colour and letter spacing only when they change.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docexport.writers.pdf import bidi
from docexport.writers.pdf.page import Brief, Op, Rect, Rule, Text

if TYPE_CHECKING:
    from reportlab.pdfgen.canvas import Canvas
    from reportlab.pdfgen.textobject import PDFTextObject

    from docexport.writers.pdf.theme import RGB

__all__ = ["draw"]


def draw(canvas: Canvas, ops: list[Op], brief: Brief) -> None:
    """Paint ``ops`` on the current page of ``canvas``."""
    for op in ops:
        if isinstance(op, Rect):
            canvas.setFillColorRGB(*_rgb(brief, op.colour))
            canvas.rect(op.x, op.y, op.width, op.height, stroke=0, fill=1)
        elif isinstance(op, Rule):
            canvas.setStrokeColorRGB(*_rgb(brief, op.colour))
            canvas.setLineWidth(op.width)
            canvas.line(op.x1, op.y1, op.x2, op.y2)
    text = canvas.beginText()
    state: dict[str, object] = {}
    for op in ops:
        if isinstance(op, Text):
            _draw_line(text, op, brief, state)
    canvas.drawText(text)


def _draw_line(text: PDFTextObject, op: Text, brief: Brief, state: dict[str, object]) -> None:
    style = op.style
    colour = _rgb(brief, style.colour)
    if state.get("colour") != colour:
        text.setFillColorRGB(*colour)
        state["colour"] = colour
    spacing = style.tracking * style.size
    if state.get("spacing") != spacing:
        text.setCharSpace(spacing)
        state["spacing"] = spacing
    text.setTextOrigin(op.x, op.y)
    for face, part in brief.chain(style).runs(bidi.visual(op.text, op.rtl)):
        font = (face.name, style.size)
        if state.get("font") != font:
            text.setFont(*font)
            state["font"] = font
        text.textOut(part)


def _rgb(brief: Brief, colour: str | RGB) -> RGB:
    return brief.theme.colours[colour] if isinstance(colour, str) else colour
