"""WordprocessingML paragraphs and runs that Word shapes correctly in any script.

Word needs to be told three things the text alone does not say: that an Arabic or Hebrew
paragraph reads right to left (``w:bidi`` on the paragraph, ``w:rtl`` on its runs, or
neutral characters such as full stops land on the wrong side), which font draws Chinese,
Japanese or Korean (``w:eastAsia``; the Latin font has no CJK glyphs and Word's own
fallback differs per machine), and which language each script is in (``w:lang``), which
picks the CJK glyph variants and the proofing dictionary.

Paragraphs are built as elements directly rather than through python-docx's
``add_paragraph``/``style`` API: that API resolves the style with an XPath scan of every
style per call, which made a briefing 2.5 times slower than the bare python-docx floor.
"""

from __future__ import annotations

import copy
import re
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeAlias

from lxml import etree

from docexport.normalise import XML_FORBIDDEN

if TYPE_CHECKING:
    from docexport.writers.docx.directions import Overrides

__all__ = [
    "XML_SPACE",
    "Script",
    "W",
    "add_run",
    "has_cjk",
    "is_right_to_left",
    "new_paragraph",
    "script_for",
]

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
"""The WordprocessingML namespace in Clark notation, for element and attribute names."""
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"

# Hebrew, Arabic, Syriac, Thaana, NKo ... Arabic Extended, and the presentation forms.
_RTL_LETTER = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")
_FIRST_LETTER = re.compile(r"[^\W\d_]")
_CJK = re.compile(
    "[\u2e80-\u2fdf\u3000-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua960-\ua97f\uac00-\ud7af"
    "\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\U00020000-\U0003134f]"
)
_HEBREW = re.compile("[\u0590-\u05ff\ufb1d-\ufb4f]")

# Word expects a region with the language (its proofing tools are keyed by locale ids).
_BIDI_LANG = {"ar": "ar-SA", "he": "he-IL", "fa": "fa-IR", "ur": "ur-PK"}
# Language → (w:lang eastAsia, font). The Noto fonts ship with LibreOffice and most Linux
# desktops; the template's font table names the Windows font Word substitutes for each.
_EAST_ASIA = {
    "zh": ("zh-CN", "Noto Sans CJK SC"),
    "zh-hans": ("zh-CN", "Noto Sans CJK SC"),
    "zh-cn": ("zh-CN", "Noto Sans CJK SC"),
    "zh-hant": ("zh-TW", "Noto Sans CJK TC"),
    "zh-tw": ("zh-TW", "Noto Sans CJK TC"),
    "zh-hk": ("zh-HK", "Noto Sans CJK TC"),
    "ja": ("ja-JP", "Noto Sans CJK JP"),
    "ko": ("ko-KR", "Noto Sans CJK KR"),
}
_DEFAULT_CJK_FONT = "Noto Sans CJK SC"

Element: TypeAlias = etree._Element

RUN_CHARS = 32_768
"""The longest text one ``w:t`` gets. Reopening a document, python-docx's parser (libxml2
without ``huge_tree``) refuses a text node over 10,000,000 bytes: a 9.9 MiB paragraph in
one run made a file python-docx could not open. 32,768 characters are at most 164 kB
even at 4 UTF-8 bytes each and escaped, and small enough for any 16-bit length field."""
# Zero-width (non-)joiner, variation selectors, emoji skin tones: they belong with the
# character before them.
_JOINERS = frozenset("\u200c\u200d\ufe0e\ufe0f\U0001f3fb\U0001f3fc\U0001f3fd\U0001f3fe\U0001f3ff")


@dataclass(frozen=True, slots=True)
class Script:
    """How the runs of one item are marked, derived once from the item's language."""

    bidi_lang: str | None
    """``w:lang w:bidi`` for right-to-left runs; ``None``: Hebrew or Arabic by the letters."""
    east_asia_lang: str | None
    """``w:lang w:eastAsia`` for CJK runs, when the item is in a CJK language."""
    east_asia_font: str


def script_for(language: str) -> Script:
    """The marking rules for an item whose language tag (BCP 47) is ``language``."""
    tag = language.casefold()
    east_asia = _EAST_ASIA.get(tag) or _EAST_ASIA.get(tag.split("-")[0])
    return Script(
        bidi_lang=_BIDI_LANG.get(tag.split("-")[0]),
        east_asia_lang=east_asia[0] if east_asia else None,
        east_asia_font=east_asia[1] if east_asia else _DEFAULT_CJK_FONT,
    )


def is_right_to_left(text: str) -> bool:
    """Whether ``text`` starts, at its first letter, in a right-to-left script.

    The Unicode bidi algorithm's rule P2 (first strong character) with letters standing
    in for strong characters: an English paragraph quoting an Arabic name stays LTR.
    """
    first = _FIRST_LETTER.search(text)
    return first is not None and _RTL_LETTER.match(first.group()) is not None


def has_cjk(text: str) -> bool:
    """Whether ``text`` holds a Chinese, Japanese or Korean character."""
    return _CJK.search(text) is not None


def new_paragraph(
    style_id: str,
    *,
    right_to_left: bool = False,
    align: str | None = None,
    fill: str | None = None,
    overrides: Overrides | None = None,
    cjk: bool = False,
) -> Element:
    """An empty ``w:p`` in the style ``style_id``; ``align`` is a ``w:jc`` value and
    ``fill`` a background colour (hex) overriding the style's. With the style's
    ``overrides``, a right-to-left paragraph gets its bar mirrored and a
    ``cjk`` one its line height fixed (``directions``)."""
    paragraph = etree.Element(W + "p")
    props = etree.SubElement(paragraph, W + "pPr")
    etree.SubElement(props, W + "pStyle", {W + "val": style_id})
    mirror = overrides is not None and right_to_left
    # Schema order: pStyle ... pBdr, shd ... bidi ... spacing, ind ... jc.
    if mirror and overrides.mirrored_borders is not None:
        props.append(copy.deepcopy(overrides.mirrored_borders))
    if fill is not None:
        shading = {W + "val": "clear", W + "color": "auto", W + "fill": fill}
        etree.SubElement(props, W + "shd", shading)
    if right_to_left:
        etree.SubElement(props, W + "bidi")
    if cjk and overrides is not None and overrides.exact_line is not None:
        line = {W + "line": str(overrides.exact_line), W + "lineRule": "exact"}
        etree.SubElement(props, W + "spacing", line)
    if align is not None:
        etree.SubElement(props, W + "jc", {W + "val": align})
    return paragraph


def add_run(
    paragraph: Element,
    text: str,
    script: Script,
    *,
    right_to_left: bool,
    style_id: str | None = None,
    colour: str | None = None,
) -> None:
    """Append ``text`` as ``w:r`` runs marked for its script, optionally in a character
    style and a text colour (hex) overriding the styles'.

    Text longer than ``RUN_CHARS`` is split into several runs of the same formatting
    (see there); readers show them as one stretch of text.
    """
    cjk = _CJK.search(text) is not None
    for piece in _pieces(text):
        run = etree.SubElement(paragraph, W + "r")
        if style_id is not None or colour is not None or right_to_left or cjk:
            props = etree.SubElement(run, W + "rPr")
            _add_run_properties(
                props, text, script, style_id=style_id, colour=colour, rtl=right_to_left, cjk=cjk
            )
        node = etree.SubElement(run, W + "t")
        try:
            node.text = piece
        except ValueError:
            # lxml refuses characters XML 1.0 forbids. Items from our readers never carry
            # them, so cleaning only on failure costs nothing on the common path.
            node.text = XML_FORBIDDEN.sub("", piece)
        if piece[:1].isspace() or piece[-1:].isspace():
            node.set(XML_SPACE, "preserve")  # else Word drops the space between two runs


def _pieces(text: str) -> list[str]:
    """``text`` cut into pieces of at most ``RUN_CHARS`` characters, after a space when
    one is near the limit, else between two characters but never before a combining
    mark or a joiner (the cluster stays in one run, so it is shaped as one)."""
    pieces: list[str] = []
    start = 0
    while len(text) - start > RUN_CHARS:
        limit = start + RUN_CHARS
        end = text.rfind(" ", limit - RUN_CHARS // 2, limit) + 1
        if end == 0:
            end = limit
            while end > start + 1 and _joins_previous(text[end]):
                end -= 1
        pieces.append(text[start:end])
        start = end
    pieces.append(text[start:])
    return pieces


def _joins_previous(char: str) -> bool:
    return unicodedata.category(char) in {"Mn", "Mc", "Me"} or char in _JOINERS


def _add_run_properties(
    props: Element,
    text: str,
    script: Script,
    *,
    style_id: str | None,
    colour: str | None,
    rtl: bool,
    cjk: bool,
) -> None:
    # Schema order inside w:rPr: rStyle, rFonts, ..., color, ..., rtl, ..., lang.
    if style_id is not None:
        etree.SubElement(props, W + "rStyle", {W + "val": style_id})
    lang = {}
    if cjk:
        # The hint makes Word draw shared punctuation (quotes, dashes) in the CJK font too.
        fonts = {W + "eastAsia": script.east_asia_font, W + "hint": "eastAsia"}
        etree.SubElement(props, W + "rFonts", fonts)
        if script.east_asia_lang:
            lang[W + "eastAsia"] = script.east_asia_lang
    if colour is not None:
        etree.SubElement(props, W + "color", {W + "val": colour})
    if rtl:
        etree.SubElement(props, W + "rtl")
        hebrew = _HEBREW.search(text) is not None
        lang[W + "bidi"] = script.bidi_lang or ("he-IL" if hebrew else "ar-SA")
    if lang:
        etree.SubElement(props, W + "lang", lang)
