"""The PDF fonts that hold a document's shaped glyphs: built per document, named by content.

HarfBuzz hands back glyph ids, many of which no character maps to (a conjunct, a final
form, a mark placed above). ReportLab draws characters, so each document gets, per shaped
face, a font whose cmap gives every glyph it uses a code: the character itself where the
glyph is that character's own (so the ToUnicode map is right with no help), else a code
from plane 15's private use area. The ToUnicode map then sends each code to the logical
characters of its cluster ("क्ष" for one conjunct glyph), and ``draw.py`` wraps each line
in an ``/ActualText`` span as well, which poppler (``pdftotext``, evince) reads in logical
order whatever the glyph order.

Building one (fontTools: subset the variable font to the used glyphs,
instance at the weight, add the cmap) takes 5-40 ms instead of instancing the whole font
(0.05-0.3 s per script, 4-20 s for CJK). The font keeps the source file's ``head``
created/modified dates: fontTools would stamp the time of saving, which made the same
input give different bytes on every run.
"""

from __future__ import annotations

import functools
import hashlib
import io
from typing import TYPE_CHECKING, Any

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import SUBSETN, TTFont

from docexport.errors import WriterError

if TYPE_CHECKING:
    from docexport.writers.pdf.shaping import Glyph, ShapedFace

__all__ = ["GlyphCodes", "document_font"]

_PRIVATE = 0xF0000  # Supplementary Private Use Area-A: no text of ours uses it
_PRIVATE_END = 0xFFFFD
# Not needed to draw glyphs already shaped: dropped before subsetting (instancing layout
# tables was most of the time it took) and never embedded.
_DROPPED = (
    "GSUB", "GPOS", "GDEF", "BASE", "JSTF", "STAT", "HVAR", "MVAR", "VVAR", "DSIG",
    "vhea", "vmtx", "VORG", "cmap", "meta", "morx", "kerx",
)  # fmt: skip


class GlyphCodes:
    """The codes one shaped face's glyphs are drawn with in one document."""

    def __init__(self, face: ShapedFace) -> None:
        self.face = face
        self._codes: dict[tuple[int, str], str] = {}
        self._used: set[str] = set()
        self._next = _PRIVATE

    def code(self, glyph: Glyph) -> str:
        """The character that draws ``glyph`` (with its cluster text) in the document font."""
        key = (glyph.gid, glyph.text)
        found = self._codes.get(key)
        if found is None:
            text = glyph.text
            if len(text) == 1 and text not in self._used and self.face.nominal(text) == glyph.gid:
                found = text
            else:
                while chr(self._next) in self._used:
                    self._next += 1
                if self._next > _PRIVATE_END:
                    raise WriterError("too many distinct glyphs in one document for the PDF")
                found = chr(self._next)
            self._used.add(found)
            self._codes[key] = found
        return found

    def mapping(self) -> tuple[tuple[int, int, str], ...]:
        """(code point, glyph id, cluster text) for every code, in order of first use."""
        return tuple((ord(code), gid, text) for (gid, text), code in self._codes.items())


def document_font(codes: GlyphCodes) -> str:
    """Register the document font for ``codes`` with ReportLab; returns its name.

    The name (and the PDF's BaseFont) is a digest of the face and the mapping: a second
    document with other glyphs never gets the first one's font, and the same document
    gives the same bytes whatever the process drew before.
    """
    mapping = codes.mapping()
    face = codes.face
    digest = hashlib.sha256(repr((face.name, mapping)).encode()).hexdigest()[:10]
    key = f"{face.source.key}-{face.weight}-{digest}"
    name = f"docexport-{key}"
    if name not in pdfmetrics._fonts:  # type: ignore[attr-defined]
        data = _font_bytes(face, key, mapping)
        font = _ShapedTTFont(name, io.BytesIO(data))
        font.texts = {code: text for code, _, text in mapping if text}
        pdfmetrics.registerFont(font)
    return name


def forget_font(name: str) -> None:
    """Unregister a document font (ReportLab has no call for it)."""
    font = pdfmetrics._fonts.pop(name, None)  # type: ignore[attr-defined]
    if font is not None:
        pdfmetrics._dynFaceNames.pop(font.face.name, None)  # type: ignore[attr-defined]


@functools.lru_cache(maxsize=32)
def _font_bytes(
    face: ShapedFace, postscript: str, mapping: tuple[tuple[int, int, str], ...]
) -> bytes:
    # Cached by mapping: re-rendering a document (tests, --force reruns) costs nothing.
    from fontTools import subset  # type: ignore[import-untyped]  # noqa: PLC0415
    from fontTools.ttLib import TTFont as ToolsFont  # type: ignore[import-untyped]  # noqa: PLC0415
    from fontTools.ttLib import newTable  # noqa: PLC0415
    from fontTools.ttLib.tables._c_m_a_p import (  # type: ignore[import-untyped]  # noqa: PLC0415
        CmapSubtable,
    )

    from docexport.writers.pdf.fonts import font_path  # noqa: PLC0415

    font = ToolsFont(font_path(face.source), lazy=True, recalcTimestamp=False)
    count = font["maxp"].numGlyphs
    # Names by number: fontTools would otherwise derive names for all 30,000 CJK glyphs
    # from the cmap (0.5 s) before subsetting.
    names = [f"g{gid}" for gid in range(count)]
    font.setGlyphOrder(names)
    for tag in _DROPPED:
        if tag in font:
            del font[tag]
    options = subset.Options(layout_features=[], name_IDs=["*"], hinting=False, glyph_names=False)
    options.notdef_outline = True
    # Both read the cmap, dropped above.
    options.prune_unicode_ranges = options.prune_codepage_ranges = False
    subsetter = subset.Subsetter(options)
    subsetter.populate(gids={0, *(gid for _, gid, _ in mapping)})
    subsetter.subset(font)
    if "fvar" in font:
        from fontTools.varLib import instancer  # type: ignore[import-untyped]  # noqa: PLC0415

        axes = {
            a.axisTag: float(face.weight) if a.axisTag == "wght" else a.defaultValue
            for a in font["fvar"].axes
        }
        font = instancer.instantiateVariableFont(font, axes)
    cmap = CmapSubtable.newSubtable(12)
    cmap.platformID, cmap.platEncID, cmap.language = 3, 10, 0
    # Glyphs are renumbered (keeping all 30,000 CJK ids made instancing walk them all);
    # the names given above still say which was which.
    cmap.cmap = {code: names[gid] for code, gid, _ in mapping}
    table = newTable("cmap")
    table.tableVersion = 0
    table.tables = [cmap]
    font["cmap"] = table
    names_table = font["name"]
    names_table.removeNames(nameID=6)
    names_table.setName(postscript, 6, 3, 1, 0x409)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


class _ShapedTTFont(TTFont):  # type: ignore[misc]
    """A ReportLab TrueType font whose ToUnicode map gives each code its cluster's text.

    ReportLab writes one character per code, which for a private-use code is no text at
    all; this rewrites each subset's map once ReportLab has made it.
    """

    texts: dict[int, str]

    def addObjects(self, doc: Any) -> None:
        state = self.state.get(doc)
        subsets = [list(s) for s in state.subsets] if state is not None else []
        super().addObjects(doc)
        for number, subset in enumerate(subsets):
            base = b"".join((SUBSETN(number), b"+", self.face.name, self.face.subfontNameX))
            stream = doc.idToObject.get("toUnicodeCMap:" + base.decode("pdfdoc"))
            if stream is not None:
                stream.content = _to_unicode(base.decode("pdfdoc"), subset, self.texts)


def _to_unicode(name: str, subset: list[int], texts: dict[int, str]) -> str:
    """A ToUnicode CMap: each code to its cluster text in UTF-16BE, or to nothing for the
    second and later glyphs of a cluster (``<>``: left out, extractors would print the
    code itself)."""
    pairs = []
    for code, char in enumerate(subset):
        text = texts.get(char, chr(char) if char < _PRIVATE else "")
        pairs.append(f"<{code:02X}> <{text.encode('utf-16-be').hex().upper()}>")
    return "\n".join(
        [
            "/CIDInit /ProcSet findresource begin",
            "12 dict begin",
            "begincmap",
            f"/CIDSystemInfo << /Registry ({name}) /Ordering ({name}) /Supplement 0 >> def",
            f"/CMapName /{name} def",
            "/CMapType 2 def",
            "1 begincodespacerange",
            f"<00> <{len(subset) - 1:02X}>",
            "endcodespacerange",
            # bfchar sections hold at most 100 entries each (PDF reference, 5.9.2).
            *(
                line
                for start in range(0, len(pairs), 100)
                for line in (
                    f"{len(pairs[start : start + 100])} beginbfchar",
                    *pairs[start : start + 100],
                    "endbfchar",
                )
            ),
            "endcmap",
            "CMapName currentdict /CMap defineresource pop",
            "end",
            "end",
        ]
    )
