"""Fonts for the brief: which face draws which character, set up once per process.

ReportLab has no font fallback of its own, so every string is split into runs along a
*chain* of faces: the first face that has a character draws it. The chains, in order:

- static Open Sans Regular/Bold (ttf-opensans): Latin, Greek and Cyrillic in two weights,
  drawn by ReportLab directly at no set-up cost (Noto Sans was designed from it, so the
  fallbacks below match it);
- one Noto Sans face per complex script, each only for its script's characters:
  Arabic and Hebrew (justmytype-intl-rtl), Devanagari, Bengali, Tamil and Telugu
  (justmytype-intl-south-asia), Thai, Lao, Khmer and Myanmar (justmytype-intl-sea), and
  Ethiopic with the ``ethiopic`` extra (justmytype-intl-africa);
- Noto Sans (fontpkg-noto-sans) for the rest of Latin/Greek/Cyrillic, regular weight only;
- Noto Sans SC, then KR, for Han, kana and hangul (justmytype-intl-cjk, extra ``cjk``).

The script and CJK faces are :class:`~docexport.writers.pdf.shaping.ShapedFace`: shaped
with HarfBuzz at the chain's weight straight from the variable font, and drawn through a
per-document font holding only the glyphs used (``embedding.py``). A text with only Open
Sans characters never loads HarfBuzz or fontTools.

A character whose script has a face in a package that is not installed stops the
document with a ``WriterError`` naming the extra to install (an article in Chinese
without CJK fonts is no brief); any other character no face has is drawn as U+FFFD.
"""

from __future__ import annotations

import functools
import unicodedata
from dataclasses import dataclass, field
from importlib.util import find_spec
from pathlib import Path
from types import TracebackType

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from docexport.errors import WriterError
from docexport.writers.pdf.shaping import ShapedFace, shaped_face

__all__ = ["DocumentFonts", "Face", "FontChain", "FontSource", "is_cjk"]

Range = tuple[str, str]


@dataclass(frozen=True, slots=True)
class FontSource:
    """A font file inside an installed package."""

    key: str
    """PostScript name of the face, and part of the ReportLab font name."""
    package: str
    path: str
    script: str = ""
    """What the face is for, in error messages ("Thai"); empty for Latin faces."""
    ranges: tuple[Range, ...] = ()
    """Shaped faces draw only characters in these ranges (their script's blocks)."""
    install: str = "docexport"

    @property
    def shaped(self) -> bool:
        """Shaped with HarfBuzz and drawn through a per-document font."""
        return bool(self.ranges)

    def serves(self, char: str) -> bool:
        return any(low <= char <= high for low, high in self.ranges)


_RTL = "justmytype_intl_rtl"
_SOUTH_ASIA = "justmytype_intl_south_asia"
_SEA = "justmytype_intl_sea"
_CJK = "justmytype_intl_cjk"
_CJK_EXTRA = "'docexport[cjk]'"
_CJK_RANGES = (
    ("\u1100", "\u11ff"),
    ("\u2e80", "\u9fff"),
    ("\uac00", "\ud7af"),
    ("\uf900", "\ufaff"),
    ("\uff00", "\uffef"),
    ("\U00020000", "\U0003ffff"),
)


def _noto(name: str, package: str, script: str, *ranges: Range) -> FontSource:
    folder = f"fonts/ofl/notosans{name.lower()}"
    path = f"{folder}/NotoSans{name}[wdth,wght].ttf"
    return FontSource(f"NotoSans{name}", package, path, script, ranges)


OPEN_SANS = FontSource("OpenSans-Regular", "ttf_opensans", "ttf/OpenSans-Regular.ttf")
OPEN_SANS_BOLD = FontSource("OpenSans-Bold", "ttf_opensans", "ttf/OpenSans-Bold.ttf")
NOTO_SANS = FontSource("NotoSans-Regular", "fontpkg_noto_sans", "files/NotoSans[wdth,wght].ttf")
SCRIPTS = (
    _noto("Arabic", _RTL, "Arabic", ("\u0600", "\u06ff"), ("\u0750", "\u077f"),
          ("\u0870", "\u08ff"), ("\ufb50", "\ufdff"), ("\ufe70", "\ufeff")),
    _noto("Hebrew", _RTL, "Hebrew", ("\u0590", "\u05ff"), ("\ufb1d", "\ufb4f")),
    _noto("Devanagari", _SOUTH_ASIA, "Devanagari", ("\u0900", "\u097f"),
          ("\u1cd0", "\u1cff"), ("\ua8e0", "\ua8ff")),
    _noto("Bengali", _SOUTH_ASIA, "Bengali", ("\u0980", "\u09ff")),
    _noto("Tamil", _SOUTH_ASIA, "Tamil", ("\u0b80", "\u0bff"), ("\U00011fc0", "\U00011fff")),
    _noto("Telugu", _SOUTH_ASIA, "Telugu", ("\u0c00", "\u0c7f")),
    _noto("Thai", _SEA, "Thai", ("\u0e00", "\u0e7f")),
    _noto("Lao", _SEA, "Lao", ("\u0e80", "\u0eff")),
    _noto("Khmer", _SEA, "Khmer", ("\u1780", "\u17ff"), ("\u19e0", "\u19ff")),
    _noto("Myanmar", _SEA, "Myanmar", ("\u1000", "\u109f"), ("\ua9e0", "\ua9ff"),
          ("\uaa60", "\uaa7f")),
    FontSource(
        "NotoSansEthiopic", "justmytype_intl_africa",
        "fonts/ofl/notosansethiopic/NotoSansEthiopic[wdth,wght].ttf", "Ethiopic",
        (("\u1200", "\u139f"), ("\u2d80", "\u2ddf"), ("\uab00", "\uab2f")),
        "'docexport[ethiopic]'",
    ),
)  # fmt: skip
SC = FontSource(
    "NotoSansSC", _CJK, "fonts/ofl/notosanssc/NotoSansSC[wght].ttf",
    "Chinese/Japanese/Korean", _CJK_RANGES, _CJK_EXTRA,
)  # fmt: skip
KR = FontSource(
    "NotoSansKR", _CJK, "fonts/ofl/notosanskr/NotoSansKR[wght].ttf",
    "Chinese/Japanese/Korean", _CJK_RANGES, _CJK_EXTRA,
)  # fmt: skip

REGULAR_CHAIN = (OPEN_SANS, *SCRIPTS, NOTO_SANS, SC, KR)
# Bold falls back to regular Noto Sans for the rare characters Open Sans Bold lacks (a
# bold instance of all of Noto Sans costs 0.6 s per process).
BOLD_CHAIN = (OPEN_SANS_BOLD, *SCRIPTS, NOTO_SANS, SC, KR)
REGULAR, BOLD = 400, 700

_REPLACEMENT = "\ufffd"  # Open Sans draws it for characters no font has: never a blank box
_INVISIBLE = frozenset({"Cc", "Cf", "Mn", "Me", "Cs", "Co", "Cn"})
_JOINERS = frozenset("\u200c\u200d")  # ZWNJ, ZWJ: they choose forms in shaped scripts
_MEASURED_LIMIT = 50_000


def is_cjk(char: str) -> bool:
    """Han, kana, hangul, CJK punctuation and full-width forms: the ``cjk`` extra's job."""
    # Comparisons, not a regex: compiling a character class this wide costs ~5 ms at start-up.
    return (
        "\u2e80" <= char <= "\u9fff"
        or "\uac00" <= char <= "\ud7af"
        or "\uf900" <= char <= "\ufaff"
        or "\uff00" <= char <= "\uffef"
        or "\u1100" <= char <= "\u11ff"
        or char >= "\U00020000"
    )


@dataclass(frozen=True, slots=True, eq=False)
class Face:
    """A font ReportLab draws directly: its name, the characters it has and their advances."""

    name: str
    cover: frozenset[str] = field(repr=False)
    widths: dict[str, float] = field(repr=False)
    """Advance per character, in em."""
    default_width: float = field(repr=False)
    _measured: dict[str, float] = field(default_factory=dict, repr=False)

    def width(self, text: str) -> float:
        """Advance of ``text`` in em (multiply by the font size for points)."""
        found = self._measured.get(text)
        if found is None:
            get, default = self.widths.get, self.default_width
            found = sum([get(c, default) for c in text])
            # Words recur across articles and process faces live as long as the process:
            # keep their widths, within a bound.
            if len(self._measured) > _MEASURED_LIMIT:
                self._measured.clear()
            self._measured[text] = found
        return found


AnyFace = Face | ShapedFace


class FontChain:
    """One weight's faces in fallback order: the first face that has a character draws it."""

    def __init__(self, links: tuple[FontSource, ...], weight: int) -> None:
        self._links = links
        self.weight = weight
        self.primary = process_face(links[0])
        self._cover = self.primary.cover
        self._by_char: dict[str, AnyFace | None] = {}
        self._widths: dict[str, float] = {}

    def face_for(self, char: str) -> AnyFace | None:
        """The face that draws ``char``, or ``None`` if no installed font has it.

        Raises ``WriterError`` when the face for ``char``'s script is in a package that is
        not installed (the message names the extra).
        """
        try:
            return self._by_char[char]
        except KeyError:
            face = self._by_char[char] = self._find(char)
            return face

    def covers(self, text: str) -> bool:
        """True if the primary face draws all of ``text``: the fast path, no shaping."""
        return self._cover.issuperset(text)

    def clean(self, text: str) -> str:
        """``text`` with characters no font has dropped (invisible) or replaced by U+FFFD.

        Zero-width (non-)joiners stay after a character of a shaped face: they pick
        letter forms there, and HarfBuzz draws nothing for them.
        """
        if self._cover.issuperset(text):
            return text
        out: list[str] = []
        shaped = False
        for char in text:
            if char in "\t\n\r\v\f\u2028\u2029":
                out.append(" ")
            elif char in _JOINERS and shaped:
                out.append(char)
                continue
            elif (face := self.face_for(char)) is not None:
                out.append(char)
                shaped = isinstance(face, ShapedFace)
                continue
            elif unicodedata.category(char) not in _INVISIBLE:
                out.append(_REPLACEMENT)
            shaped = False
        return "".join(out)

    def runs(self, text: str) -> list[tuple[AnyFace, str]]:
        """``text`` (already cleaned) split into (face, substring) runs."""
        if self._cover.issuperset(text):
            return [(self.primary, text)]
        runs: list[tuple[AnyFace, str]] = []
        current: AnyFace | None = None
        start = 0
        for index, char in enumerate(text):
            face = self.face_for(char) or self.primary
            if current is not None and face is not current and self._stays(char, current):
                face = current
            if face is not current:
                if current is not None:
                    runs.append((current, text[start:index]))
                current, start = face, index
        if current is not None:
            runs.append((current, text[start:]))
        return runs

    @staticmethod
    def _stays(char: str, current: AnyFace) -> bool:
        """Whether ``char`` stays in the run of ``current`` rather than switch faces."""
        if char in _JOINERS:
            return True
        if char not in current.cover:
            return False
        category = unicodedata.category(char)[0]
        # Spaces and punctuation keep the surrounding script's face and spacing (fewer
        # font switches); marks stay on their base letter, where shaping places them.
        return category in "PZ" or (category == "M" and isinstance(current, ShapedFace))

    def width(self, text: str, tracking: float = 0.0) -> float:
        """Advance of ``text`` in em, with ``tracking`` em added after each character."""
        if self._cover.issuperset(text):
            return self.primary.width(text) + tracking * len(text)
        key = f"{tracking}\x00{text}" if tracking else text
        cached = self._widths.get(key)
        if cached is None:
            cached = self._widths[key] = sum(
                face.width(part) + tracking * len(part) for face, part in self.runs(text)
            )
        return cached

    def _find(self, char: str) -> AnyFace | None:
        for link in self._links:
            if link.shaped:
                if link.serves(char) and char in shaped_face(link, self.weight).cover:
                    return shaped_face(link, self.weight)
            elif char in coverage(link):
                return process_face(link)
        return None


class DocumentFonts:
    """The regular and bold chains for one document.

    Use as a context manager: leaving it unregisters the document's own fonts (those
    ``draw.py`` builds for its shaped glyphs). Raises ``WriterError`` when the text needs
    a font package that is not installed.
    """

    def __init__(self, text: str, bold_text: str) -> None:
        self._own: list[str] = []
        self.regular = FontChain(REGULAR_CHAIN, REGULAR)
        self.bold = FontChain(BOLD_CHAIN, BOLD)
        # Fail before any layout work when a script's font package is missing.
        for chain, chars in ((self.regular, set(text)), (self.bold, set(bold_text))):
            if not chain.covers(chars):
                for char in sorted(chars):
                    chain.face_for(char)

    def adopt(self, name: str) -> None:
        """Unregister the ReportLab font ``name`` when the document is done."""
        self._own.append(name)

    def __enter__(self) -> DocumentFonts:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        from docexport.writers.pdf.embedding import forget_font  # noqa: PLC0415

        for name in self._own:
            # A document's glyph font is of no use to the next document: drop it rather
            # than let a long batch pile up fonts.
            forget_font(name)


@functools.cache
def process_face(source: FontSource) -> Face:
    """The face for ``source``, loaded and registered once per process."""
    font = TTFont(f"docexport-{source.key}", str(font_path(source)))
    pdfmetrics.registerFont(font)
    face = font.face
    widths = {chr(code): width / 1000 for code, width in face.charWidths.items()}
    cover = frozenset(map(chr, face.charToGlyph))
    return Face(font.fontName, cover, widths, face.defaultWidth / 1000)


@functools.cache
def coverage(source: FontSource) -> frozenset[str]:
    """The characters a process face has."""
    return process_face(source).cover


@functools.cache
def font_path(source: FontSource) -> Path:
    """Where ``source`` is installed; raises ``WriterError`` naming what to install."""
    # find_spec locates the package without importing it (ttf_opensans imports Pillow).
    spec = find_spec(source.package)
    for root in (spec.submodule_search_locations or []) if spec is not None else []:
        if (path := Path(root, source.path)).is_file():
            return path
    package = source.package.replace("_", "-")
    purpose = f" for {source.script} text" if source.script else ""
    raise WriterError(
        f"the PDF writer needs the font package {package}{purpose}: pip install {source.install}"
    )
