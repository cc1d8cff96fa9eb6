"""Fonts for the brief: which file draws which character, registered once per process.

ReportLab draws TrueType outlines only and has no fallback of its own, so every string is
split into runs along a *chain* of faces: the first face whose cmap has a character draws
it. The chains, in order:

- static Open Sans Regular/Bold (ttf-opensans): Latin, Greek and Cyrillic in two weights at
  no set-up cost (Noto Sans was designed from it, so the fallbacks below match it);
- Noto Sans (fontpkg-noto-sans) for the rest of Latin/Greek/Cyrillic, regular weight only;
- Noto Sans Arabic and Hebrew (justmytype-intl-rtl);
- Noto Sans SC, then KR, for Han, kana and hangul (justmytype-intl-cjk, extra ``cjk``).

ReportLab ignores ``gvar`` and draws a variable font's default instance. That is Regular
for Noto Sans and Noto Sans Arabic but Thin for Hebrew and CJK, and every bold but Open
Sans needs wght 700, so those are instanced with fontTools: once per process for Arabic
and Hebrew (0.1-0.9 s, only when a document needs them), per document for CJK after
subsetting to the document's characters (about 0.3 s a weight; instancing all 30,000
glyphs of Noto Sans SC takes 20 s). Layout tables are dropped first: ReportLab never
reads GSUB/GPOS, and instancing them took most of the time (Noto Sans Bold: 9.7 s with
them, 1.6 s without).
"""

from __future__ import annotations

import functools
import hashlib
import io
import unicodedata
from dataclasses import dataclass, field
from importlib.util import find_spec
from pathlib import Path
from types import TracebackType

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from docexport.errors import WriterError

__all__ = ["DocumentFonts", "Face", "FontChain", "FontSource", "is_cjk"]


@dataclass(frozen=True, slots=True)
class FontSource:
    """A font file inside an installed package, and the weight to draw it at."""

    key: str
    """PostScript name given to the instance, and part of the ReportLab font name."""
    package: str
    path: str
    weight: int | None = None
    """Instance at this ``wght``; ``None``: draw the file's default instance as it is."""
    per_document: bool = False
    """Subset to the document's characters before instancing (CJK: 30,000 glyphs)."""
    install: str = "docexport"


_RTL = "justmytype_intl_rtl"
_CJK = "justmytype_intl_cjk"
_ARABIC = "fonts/ofl/notosansarabic/NotoSansArabic[wdth,wght].ttf"
_HEBREW = "fonts/ofl/notosanshebrew/NotoSansHebrew[wdth,wght].ttf"
_SC = "fonts/ofl/notosanssc/NotoSansSC[wght].ttf"
_KR = "fonts/ofl/notosanskr/NotoSansKR[wght].ttf"
_CJK_EXTRA = "'docexport[cjk]'"

OPEN_SANS = FontSource("OpenSans-Regular", "ttf_opensans", "ttf/OpenSans-Regular.ttf")
OPEN_SANS_BOLD = FontSource("OpenSans-Bold", "ttf_opensans", "ttf/OpenSans-Bold.ttf")
NOTO_SANS = FontSource("NotoSans-Regular", "fontpkg_noto_sans", "files/NotoSans[wdth,wght].ttf")
ARABIC = FontSource("NotoSansArabic-Regular", _RTL, _ARABIC)
ARABIC_BOLD = FontSource("NotoSansArabic-Bold", _RTL, _ARABIC, 700)
HEBREW = FontSource("NotoSansHebrew-Regular", _RTL, _HEBREW, 400)
HEBREW_BOLD = FontSource("NotoSansHebrew-Bold", _RTL, _HEBREW, 700)
SC = FontSource("NotoSansSC-Regular", _CJK, _SC, 400, True, _CJK_EXTRA)
SC_BOLD = FontSource("NotoSansSC-Bold", _CJK, _SC, 700, True, _CJK_EXTRA)
KR = FontSource("NotoSansKR-Regular", _CJK, _KR, 400, True, _CJK_EXTRA)
KR_BOLD = FontSource("NotoSansKR-Bold", _CJK, _KR, 700, True, _CJK_EXTRA)

REGULAR_CHAIN = (OPEN_SANS, NOTO_SANS, ARABIC, HEBREW, SC, KR)
# Bold falls back to regular where no bold instance is cheap (Noto Sans: 1.6 s per
# process for the rare characters Open Sans lacks) and, last, to the regular CJK subset.
BOLD_CHAIN = (OPEN_SANS_BOLD, ARABIC_BOLD, HEBREW_BOLD, NOTO_SANS, SC_BOLD, KR_BOLD, SC, KR)

_REPLACEMENT = "\ufffd"  # Open Sans draws it for characters no font has: never a blank box
_INVISIBLE = frozenset({"Cc", "Cf", "Mn", "Me", "Cs", "Co", "Cn"})
_UNUSED_TABLES = ("GSUB", "GPOS", "GDEF", "STAT", "HVAR", "MVAR", "DSIG", "vhea", "vmtx", "VORG")
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
    """A registered ReportLab font: its name, the characters it has and their advances."""

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


class FontChain:
    """One weight's faces in fallback order: the first face that has a character draws it."""

    def __init__(self, links: tuple[FontSource | Face, ...]) -> None:
        self._links = links
        first = links[0]
        self.primary = first if isinstance(first, Face) else process_face(first)
        self._cover = self.primary.cover
        self._by_char: dict[str, Face | None] = {}
        self._widths: dict[str, float] = {}

    def face_for(self, char: str) -> Face | None:
        """The face that draws ``char``, or ``None`` if no installed font has it."""
        try:
            return self._by_char[char]
        except KeyError:
            face = self._by_char[char] = self._find(char)
            return face

    def clean(self, text: str) -> str:
        """``text`` with characters no font has dropped (invisible) or replaced by U+FFFD."""
        if self._cover.issuperset(text):
            return text
        out = []
        for char in text:
            if char in "\t\n\r\v\f\u2028\u2029":
                out.append(" ")
            elif self.face_for(char) is not None:
                out.append(char)
            elif unicodedata.category(char) not in _INVISIBLE:
                out.append(_REPLACEMENT)
        return "".join(out)

    def runs(self, text: str) -> list[tuple[Face, str]]:
        """``text`` (already cleaned) split into (face, substring) runs."""
        if self._cover.issuperset(text):
            return [(self.primary, text)]
        runs: list[tuple[Face, str]] = []
        current: Face | None = None
        start = 0
        for index, char in enumerate(text):
            face = self.face_for(char) or self.primary
            # Spaces and punctuation stay in the current run when its face has them:
            # fewer font switches, and the spacing of the surrounding script.
            if (
                current is not None
                and face is not current
                and char in current.cover
                and unicodedata.category(char)[0] in "PZ"
            ):
                face = current
            if face is not current:
                if current is not None:
                    runs.append((current, text[start:index]))
                current, start = face, index
        if current is not None:
            runs.append((current, text[start:]))
        return runs

    def width(self, text: str) -> float:
        """Advance of ``text`` in em."""
        if self._cover.issuperset(text):
            return self.primary.width(text)
        cached = self._widths.get(text)
        if cached is None:
            cached = self._widths[text] = sum(face.width(part) for face, part in self.runs(text))
        return cached

    def _find(self, char: str) -> Face | None:
        for link in self._links:
            if isinstance(link, Face):
                if char in link.cover:
                    return link
            elif not link.per_document and char in coverage(link):
                return process_face(link)
        return None


class DocumentFonts:
    """The regular and bold chains for one document.

    Use as a context manager: leaving it unregisters the document's own CJK faces.
    Raises ``WriterError`` when the text needs CJK fonts and the ``cjk`` extra is missing.
    """

    def __init__(self, text: str, bold_text: str) -> None:
        self._own: list[Face] = []
        regular = self._own_faces(REGULAR_CHAIN, {c for c in set(text) if is_cjk(c)}, {})
        own = self._own_faces(BOLD_CHAIN, {c for c in set(bold_text) if is_cjk(c)}, regular)
        self.regular = FontChain(_links(REGULAR_CHAIN, own))
        self.bold = FontChain(_links(BOLD_CHAIN, own))

    def __enter__(self) -> DocumentFonts:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        for face in self._own:
            # A document's CJK subset is of no use to the next document: drop it rather
            # than let a long batch pile up fonts.
            forget_face(face)

    def _own_faces(
        self, chain: tuple[FontSource, ...], chars: set[str], have: dict[str, Face]
    ) -> dict[str, Face]:
        """``have`` plus faces of the chain's per-document sources for ``chars`` (CJK)."""
        faces = dict(have)
        for source in (s for s in chain if s.per_document and chars):
            mine = {c for c in chars if c in coverage(source)}
            chars -= mine
            if mine and source.key not in faces:
                face = document_face(source, "".join(sorted(mine)))
                faces[source.key] = face
                self._own.append(face)
        return faces


def _links(chain: tuple[FontSource, ...], own: dict[str, Face]) -> tuple[FontSource | Face, ...]:
    """The chain with per-document sources replaced by this document's faces (or left out)."""
    links: list[FontSource | Face] = []
    for source in chain:
        if not source.per_document:
            links.append(source)
        elif source.key in own:
            links.append(own[source.key])
    return tuple(links)


@functools.cache
def process_face(source: FontSource) -> Face:
    """The face for ``source``, loaded (instanced if needed) and registered once per process."""
    path = font_path(source)
    data: str | io.BytesIO = str(path)
    if source.weight is not None:
        data = io.BytesIO(_instance(path, source, ""))
    font = TTFont(f"docexport-{source.key}", data)
    pdfmetrics.registerFont(font)
    return _face(font)


def document_face(source: FontSource, chars: str) -> Face:
    """A face with just ``chars`` of ``source``, registered under a name of its own.

    The name comes from the characters, not from a counter: ReportLab files a TrueType
    font under its PostScript name too and hands back the first font filed there for any
    later one of the same name, so every subset needs a name of its own (else the second
    CJK document of a process drew the first one's glyphs, i.e. none); and the same
    document gives the same bytes whatever the process converted before it.
    """
    font = TTFont(f"docexport-{subset_name(source, chars)}", io.BytesIO(_subset(source, chars)))
    pdfmetrics.registerFont(font)
    return _face(font)


def subset_name(source: FontSource, chars: str) -> str:
    """The PostScript name of the subset of ``source`` holding ``chars``."""
    return f"{source.key}-{hashlib.sha256(chars.encode()).hexdigest()[:10]}"


def forget_face(face: Face) -> None:
    """Unregister a document's own face (ReportLab has no call for it)."""
    font = pdfmetrics._fonts.pop(face.name, None)  # type: ignore[attr-defined]
    if font is not None:
        pdfmetrics._dynFaceNames.pop(font.face.name, None)  # type: ignore[attr-defined]


@functools.cache
def coverage(source: FontSource) -> frozenset[str]:
    """The characters ``source`` has, read from its cmap without instancing it."""
    if source.weight is None:
        return process_face(source).cover
    # Imported here: fontTools costs ~0.1 s and Latin, Greek and Cyrillic never need it.
    from fontTools.ttLib import TTFont as ToolsFont  # type: ignore[import-untyped]  # noqa: PLC0415

    with ToolsFont(font_path(source), lazy=True) as font:
        return frozenset(map(chr, font.getBestCmap()))


@functools.cache
def font_path(source: FontSource) -> Path:
    """Where ``source`` is installed; raises ``WriterError`` naming what to install."""
    # find_spec locates the package without importing it (ttf_opensans imports Pillow).
    spec = find_spec(source.package)
    for root in (spec.submodule_search_locations or []) if spec is not None else []:
        if (path := Path(root, source.path)).is_file():
            return path
    package = source.package.replace("_", "-")
    raise WriterError(
        f"the PDF writer needs the font package {package}: pip install {source.install}"
    )


@functools.lru_cache(maxsize=16)
def _subset(source: FontSource, chars: str) -> bytes:
    # Cached by characters: re-rendering a document (tests, --force reruns) costs nothing.
    return _instance(font_path(source), source, chars)


def _instance(path: Path, source: FontSource, chars: str) -> bytes:
    from fontTools import subset  # type: ignore[import-untyped]  # noqa: PLC0415
    from fontTools.ttLib import TTFont as ToolsFont  # noqa: PLC0415
    from fontTools.varLib import instancer  # type: ignore[import-untyped]  # noqa: PLC0415

    font = ToolsFont(path, lazy=bool(chars))
    for tag in _UNUSED_TABLES:
        if tag in font:
            del font[tag]
    if chars:
        options = subset.Options(layout_features=[], name_IDs=["*"], hinting=False)
        subsetter = subset.Subsetter(options)
        subsetter.populate(text=chars)
        subsetter.subset(font)
    weight = float(source.weight or 400)
    axes = {a.axisTag: weight if a.axisTag == "wght" else a.defaultValue for a in font["fvar"].axes}
    font = instancer.instantiateVariableFont(font, axes)
    names = font["name"]
    names.removeNames(nameID=6)
    # BaseFont in the PDF (pdffonts tells weights apart), and ReportLab's key for the face.
    names.setName(subset_name(source, chars) if chars else source.key, 6, 3, 1, 0x409)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def _face(font: TTFont) -> Face:
    face = font.face
    widths = {chr(code): width / 1000 for code, width in face.charWidths.items()}
    cover = frozenset(map(chr, face.charToGlyph))
    return Face(font.fontName, cover, widths, face.defaultWidth / 1000)
