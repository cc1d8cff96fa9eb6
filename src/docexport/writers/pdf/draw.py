"""Operations onto a ReportLab canvas: shapes first, then all text in one text object.

One text object for the whole page (instead of one ``drawString`` per line) writes a
single BT/ET block and sets font, colour and letter spacing only when they change.

A line that the first face draws whole, left to right, goes out as one string (the fast
path: all Latin text). Any other line is cut into directional runs in visual order
(``bidi.py``) and face runs; runs of shaped faces become HarfBuzz glyphs, placed one
group at a time where HarfBuzz moves them off the font's own advances (marks, kerning).
Such a line is wrapped in a marked-content span whose ``/ActualText`` is the line as
typed, so extractors that honour it (poppler: ``pdftotext``, evince) return the logical
text whatever order and glyphs were drawn. Shaped runs get no letter spacing (it would
tear joined letters and stacked marks apart); the run's share of it follows the run.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from docexport.writers.pdf import bidi
from docexport.writers.pdf.fonts import Face
from docexport.writers.pdf.page import Brief, Op, Rect, Rule, Text
from docexport.writers.pdf.shaping import Glyph, ShapedFace

if TYPE_CHECKING:
    from reportlab.pdfgen.canvas import Canvas
    from reportlab.pdfgen.textobject import PDFTextObject

    from docexport.writers.pdf.embedding import GlyphCodes
    from docexport.writers.pdf.theme import RGB

__all__ = ["draw"]

_EPSILON = 1e-6


@dataclass(frozen=True, slots=True)
class _Shaped:
    """A run of a shaped face: its glyphs in visual order and the characters they draw."""

    face: ShapedFace
    glyphs: list[Glyph]
    text: str
    rtl: bool


_Piece = tuple[Face, str] | _Shaped


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
    lines = [(op, _pieces(op, brief)) for op in ops if isinstance(op, Text)]
    fonts = _document_fonts(lines, brief)
    text = canvas.beginText()
    state: dict[str, object] = {}
    for op, pieces in lines:
        _draw_line(text, op, pieces, brief, state=state, fonts=fonts)
    canvas.drawText(text)


def _pieces(op: Text, brief: Brief) -> list[_Piece] | None:
    """The line's runs in drawing order, or ``None`` for the fast path."""
    chain = brief.chain(op.style)
    if not op.rtl and chain.covers(op.text):
        return None
    pieces: list[_Piece] = []
    for segment, rtl in bidi.visual_runs(op.text, op.rtl):
        runs = chain.runs(segment)
        for face, part in reversed(runs) if rtl else runs:
            if isinstance(face, ShapedFace):
                pieces.append(_Shaped(face, face.shape(part, rtl=rtl), part, rtl))
            else:
                pieces.append((face, _mirror(part[::-1]) if rtl else part))
    return pieces


def _mirror(text: str) -> str:
    """Brackets and the like facing the other way, for unshaped right-to-left runs."""
    from bidi.mirror import MIRRORED  # type: ignore[import-untyped]  # noqa: PLC0415

    return "".join(MIRRORED.get(char, char) for char in text)


def _document_fonts(
    lines: list[tuple[Text, list[_Piece] | None]], brief: Brief
) -> dict[ShapedFace, tuple[str, GlyphCodes]]:
    """Each shaped face's document font (registered, unregistered with the document)."""
    shaped = [p for _, pieces in lines for p in pieces or () if isinstance(p, _Shaped)]
    if not shaped:
        return {}
    from docexport.writers.pdf.embedding import GlyphCodes, document_font  # noqa: PLC0415

    codes: dict[ShapedFace, GlyphCodes] = {}
    for piece in shaped:
        found = codes.setdefault(piece.face, GlyphCodes(piece.face))
        for glyph in piece.glyphs:
            found.code(glyph)
    fonts = {}
    for face, face_codes in codes.items():
        name = document_font(face_codes)
        brief.fonts.adopt(name)
        fonts[face] = (name, face_codes)
    return fonts


def _draw_line(
    text: PDFTextObject,
    op: Text,
    pieces: list[_Piece] | None,
    brief: Brief,
    *,
    state: dict[str, object],
    fonts: dict[ShapedFace, tuple[str, GlyphCodes]],
) -> None:
    style = op.style
    colour = _rgb(brief, style.colour)
    if state.get("colour") != colour:
        text.setFillColorRGB(*colour)
        state["colour"] = colour
    spacing = style.tracking * style.size
    text.setTextOrigin(op.x, op.y)
    if pieces is None:
        _set(text, state, "spacing", spacing)
        _set(text, state, "font", (brief.chain(style).primary.name, style.size))
        text.textOut(op.text)
        return
    x = op.x
    for piece in pieces:
        text.setTextOrigin(x, op.y)
        if isinstance(piece, _Shaped):
            name, codes = fonts[piece.face]
            _set(text, state, "spacing", 0.0)
            _set(text, state, "font", (name, style.size))
            x += _glyphs(text, piece, codes, style.size) + spacing * len(piece.text)
            state["font"] = None  # the glyphs set fonts and rise behind ReportLab's back
        else:
            face, part = piece
            _set(text, state, "spacing", spacing)
            _set(text, state, "font", (face.name, style.size))
            text.textOut(part)
            x += (face.width(part) + style.tracking * len(part)) * style.size


def _glyphs(text: PDFTextObject, piece: _Shaped, codes: GlyphCodes, size: float) -> float:
    """Draw ``piece`` at the text origin as TJ arrays; returns its advance in points.

    Each glyph is shifted by HarfBuzz's offset and advanced by HarfBuzz's advance, the
    difference from the font's own width going into the array; vertical offsets (stacked
    marks) set the text rise. A left-to-right run is also wrapped in an ``/ActualText``
    span with its characters as typed: poppler reads that instead of the glyphs, whose
    order (a vowel sign drawn before its consonant) and gaps would otherwise give text
    out of order or split words. Right-to-left runs go without: poppler reverses an
    ActualText it finds on right-to-left letters, but reorders their glyphs' own
    ToUnicode text (``embedding.py``) correctly.
    """
    from reportlab.lib.rl_accel import fp_str  # noqa: PLC0415
    from reportlab.pdfbase.pdfmetrics import getFont  # noqa: PLC0415

    canvas = text._canvas
    font = getFont(text._fontname)
    code = text._code  # raw operators: ReportLab has no call for TJ arrays or marked content
    if not piece.rtl:
        actual = ("\ufeff" + piece.text).encode("utf-16-be").hex().upper()
        code.append(f"/Span <</ActualText <{actual}>>> BDC")
    widths = piece.face.advances
    subset, rise, parts = -1, 0.0, []
    pending = 0.0
    total = 0.0

    def flush() -> None:
        if parts:
            code.append(f"[{' '.join(parts)}] TJ")
            parts.clear()

    for glyph in piece.glyphs:
        ((number, byte),) = font.splitString(codes.code(glyph), canvas._doc)
        glyph_rise = glyph.y_offset * size
        if number != subset or glyph_rise != rise:
            flush()
            if number != subset:
                subset = number
                code.append(f"{font.getSubsetInternalName(number, canvas._doc)} {fp_str(size)} Tf")
            if glyph_rise != rise:
                rise = glyph_rise
                code.append(f"{fp_str(rise)} Ts")
        pending += glyph.x_offset
        if abs(pending) > _EPSILON:
            parts.append(fp_str(-pending * 1000))
        parts.append(f"({canvas._escape(byte)})")
        pending = glyph.advance - widths(glyph.gid) - glyph.x_offset
        total += glyph.advance
    flush()
    if rise:
        code.append("0 Ts")
    if not piece.rtl:
        code.append("EMC")
    return total * size


def _set(text: PDFTextObject, state: dict[str, object], key: str, value: object) -> None:
    if state.get(key) == value:
        return
    state[key] = value
    if key == "spacing":
        text.setCharSpace(value)
    else:
        text.setFont(*value)  # type: ignore[misc]


def _rgb(brief: Brief, colour: str | RGB) -> RGB:
    return brief.theme.colours[colour] if isinstance(colour, str) else colour
