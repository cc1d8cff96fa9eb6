"""Right-to-left text for ReportLab: Arabic shaping and per-line visual reordering.

ReportLab 5's own RTL path needs ``rlbidi``, which is not on PyPI, and its HarfBuzz
shaping turns contextual glyphs into private-use code points that extractors cannot read.
So we shape with arabic-reshaper (which maps to the Unicode presentation forms, kept by
``pdftotext``/pypdf after NFKC) and reorder with python-bidi *after* wrapping, one line at
a time: reordering a whole paragraph first would also reverse the order of its lines.

Known limits: Arabic harakat are dropped by the reshaper (ReportLab has no mark
positioning, so they would land beside their letters); Hebrew niqqud is drawn unpositioned.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

__all__ = ["has_rtl", "is_rtl", "mirrored", "shape", "visual"]

_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")
_ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\u0870-\u08ff]")
_ZWJ, _TATWEEL = "\u200d", "\u0640"
_JOINING_MARKS = frozenset({_ZWJ, _TATWEEL})


def has_rtl(text: str) -> bool:
    """True if ``text`` holds any Hebrew or Arabic-script character."""
    return _RTL.search(text) is not None


def is_rtl(text: str) -> bool:
    """True if the paragraph's base direction (first strong character) is right-to-left."""
    if not has_rtl(text):
        return False
    # Imported here: only documents with RTL text need python-bidi.
    from bidi import get_base_level  # type: ignore[import-untyped]  # noqa: PLC0415

    return bool(get_base_level(text) == 1)


def shape(text: str) -> str:
    """Arabic letters replaced by their joined presentation forms (logical order kept).

    Zero-width joiners join as they should and are then dropped (nothing draws them).
    """
    if _ARABIC.search(text) is None:
        return text
    if _ZWJ not in text:
        return _reshape()(text)
    # arabic-reshaper 3.1 drops each ZWJ from its output but not from the text it finds
    # ligatures in, so every lam-alef after a ZWJ is placed one letter off: an IndexError
    # at the end of the text (an emoji sequence before "لا"), wrong letters elsewhere.
    # A tatweel joins on both sides exactly as ZWJ does and stays in both, one for one:
    # shape with tatweels standing in for the joiners, then drop the stand-ins.
    stand_ins = iter([char == _ZWJ for char in text if char in _JOINING_MARKS])
    shaped = _reshape()(text.replace(_ZWJ, _TATWEEL))
    return "".join(char for char in shaped if char != _TATWEEL or not next(stand_ins))


def visual(line: str, rtl: bool) -> str:
    """One wrapped line in display order, for a paragraph of base direction ``rtl``."""
    if not rtl and not has_rtl(line):
        return line
    from bidi import get_display  # noqa: PLC0415

    return str(get_display(line, base_dir="R" if rtl else "L"))


def mirrored(chars: set[str]) -> set[str]:
    """The mirror images of ``chars`` (``(`` for ``)``) that reordering may draw instead."""
    from bidi.mirror import MIRRORED  # type: ignore[import-untyped]  # noqa: PLC0415

    return {MIRRORED[c] for c in chars if c in MIRRORED}


@functools.cache
def _reshape() -> Callable[[str], str]:
    # Imported here: it imports fontTools, and only Arabic documents need it.
    import arabic_reshaper  # type: ignore[import-untyped]  # noqa: PLC0415

    reshape: Callable[[str], str] = arabic_reshaper.reshape
    return reshape
