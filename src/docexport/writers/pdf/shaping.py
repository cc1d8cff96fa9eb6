"""HarfBuzz shaping for the faces ReportLab cannot set on its own: complex scripts and CJK.

ReportLab maps one character to one glyph and positions nothing, so Arabic, Hebrew marks,
Indic conjuncts and vowel signs, Thai tone marks and Khmer/Myanmar stacks came out wrong
(or, through arabic-reshaper, as presentation forms that search cannot find). Every such
face is a :class:`ShapedFace`: HarfBuzz (uharfbuzz) shapes its text straight from the
installed variable font at the face's weight, which gives the widths the layout measures
with and, at drawing time, the glyph ids and offsets to draw (``draw.py``). The PDF font
holding those glyphs is built per document (``embedding.py``).

CJK faces are shaped faces too: HarfBuzz reads a 30,000-glyph cmap and variable advances
in C in ~20 ms, where fontTools took ~0.35 s before anything could be measured.
"""

from __future__ import annotations

import functools
import unicodedata
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from docexport.writers.pdf import bidi

if TYPE_CHECKING:
    from docexport.writers.pdf.fonts import FontSource

__all__ = ["Glyph", "ShapedFace", "hb_face"]

_MEASURED_LIMIT = 50_000
# Bidi classes that, with at least one right-to-left letter and no left-to-right letter,
# digit or explicit embedding, resolve to a single right-to-left run (UAX #9).
_ONE_RTL_RUN = frozenset({"R", "AL", "NSM", "ON", "WS", "CS", "ES", "ET", "BN", "S"})


@dataclass(frozen=True, slots=True)
class Glyph:
    """One shaped glyph, in visual order: positions in em."""

    gid: int
    text: str
    """The logical characters of the cluster this glyph starts ("" for its other glyphs)."""
    advance: float
    x_offset: float
    y_offset: float


@dataclass(frozen=True, slots=True, eq=False)
class ShapedFace:
    """A font source at one weight, shaped with HarfBuzz; drawn through a document font."""

    source: FontSource
    weight: int
    cover: frozenset[str] = field(repr=False)
    _font: Any = field(repr=False)
    _upem: int = field(repr=False)
    _measured: dict[str, float] = field(default_factory=dict, repr=False)

    @property
    def name(self) -> str:
        return f"{self.source.key}@{self.weight}"

    def width(self, text: str) -> float:
        """Shaped advance of ``text`` in em (marks and ligatures as they are drawn).

        Measured run by run in each run's own direction, as ``draw.py`` shapes it: Arabic
        shaped left-to-right has other advances (no cursive attachment), and right-aligned
        lines measured that way overshot their box by up to 13 pt.
        """
        found = self._measured.get(text)
        if found is None:
            found = sum(
                glyph.advance
                for segment, rtl in _directional_runs(text)
                for glyph in self.shape(segment, rtl=rtl)
            )
            if len(self._measured) > _MEASURED_LIMIT:
                self._measured.clear()
            self._measured[text] = found
        return found

    def shape(self, text: str, *, rtl: bool) -> list[Glyph]:
        """``text`` (logical order, one direction) as glyphs in visual order.

        Each cluster's characters go to its first glyph in logical order, so that joining
        the glyphs' texts in logical order gives ``text`` back (for the ToUnicode map).
        """
        import uharfbuzz as hb  # noqa: PLC0415 - loaded with the face, never for Latin-only text

        buffer = hb.Buffer()
        buffer.add_str(text)
        buffer.guess_segment_properties()
        buffer.direction = "rtl" if rtl else "ltr"
        # A mark left alone (at the start of a line, in a measurement) is drawn bare, not
        # on the dotted circle HarfBuzz would put under it.
        buffer.flags = hb.BufferFlags.DO_NOT_INSERT_DOTTED_CIRCLE
        hb.shape(self._font, buffer, {})
        infos, positions = buffer.glyph_infos, buffer.glyph_positions
        # Cluster values are indices into the UTF-8-free string HarfBuzz was given: code
        # points for add_str. A cluster runs to the next larger cluster value.
        starts = sorted({info.cluster for info in infos})
        ends = dict(zip(starts, [*starts[1:], len(text)], strict=True))
        scale = 1.0 / self._upem
        seen: set[int] = set()
        order = range(len(infos) - 1, -1, -1) if rtl else range(len(infos))
        texts = [""] * len(infos)
        for index in order:
            cluster = infos[index].cluster
            if cluster not in seen:
                seen.add(cluster)
                texts[index] = text[cluster : ends[cluster]]
        return [
            Glyph(
                info.codepoint,
                texts[index],
                position.x_advance * scale,
                position.x_offset * scale,
                position.y_offset * scale,
            )
            for index, (info, position) in enumerate(zip(infos, positions, strict=True))
        ]

    def advances(self, gid: int) -> float:
        """The font's own advance of glyph ``gid`` at this weight, in em."""
        advance: int = self._font.get_glyph_h_advance(gid)
        return advance / self._upem

    def nominal(self, char: str) -> int | None:
        """The glyph the font's cmap gives ``char``, if any."""
        gid: int | None = self._font.get_nominal_glyph(ord(char))
        return gid


def _directional_runs(text: str) -> list[tuple[str, bool]]:
    """``text`` as runs of one direction (base direction from its first strong character)."""
    if not bidi.has_rtl(text):
        return [(text, False)]
    # A word of right-to-left letters and neutrals only is one run: no need for the bidi
    # algorithm (~15 µs a word, 40 % of measuring an Arabic word the first time).
    if {unicodedata.bidirectional(char) for char in text} <= _ONE_RTL_RUN:
        return [(text, True)]
    return bidi.visual_runs(text, bidi.is_rtl(text))


@functools.cache
def hb_face(source: FontSource) -> Any:
    """The HarfBuzz face of ``source``'s file, read once per process."""
    import uharfbuzz as hb  # noqa: PLC0415

    from docexport.writers.pdf.fonts import font_path  # noqa: PLC0415 - fonts imports us

    return hb.Face(font_path(source).read_bytes())


@functools.cache
def shaped_face(source: FontSource, weight: int) -> ShapedFace:
    """The face for ``source`` at ``weight``, set up once per process (a few ms)."""
    import uharfbuzz as hb  # noqa: PLC0415

    face = hb_face(source)
    font = hb.Font(face)
    axes = {axis.tag for axis in face.axis_infos}
    if "wght" in axes:
        font.set_variations({"wght": float(weight)})
    return ShapedFace(source, weight, coverage(source), font, face.upem)


@functools.cache
def coverage(source: FontSource) -> frozenset[str]:
    """The characters ``source``'s cmap maps."""
    return frozenset(map(chr, hb_face(source).unicodes))
