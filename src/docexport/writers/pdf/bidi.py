"""Right-to-left text for ReportLab: per-line visual order of directional runs.

ReportLab 5's own RTL path needs ``rlbidi``, which is not on PyPI. Lines are reordered
*after* wrapping, one at a time (reordering a whole paragraph first would also reverse
the order of its lines): :func:`visual_runs` cuts a line into runs of one direction, in
the order they are drawn, each still in logical order, so that HarfBuzz shapes Arabic
whole words (joining needs logical order) and mirrors brackets in right-to-left runs.
Levels come from python-bidi's pure-Python algorithm (its compiled ``get_display`` only
returns a reordered string; ~60 µs a line, and only lines with RTL text pay it).

:func:`shape` (arabic-reshaper presentation forms) is no longer used by the writer, which
shapes with HarfBuzz now; it stays for its callers until they move.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable

__all__ = ["has_rtl", "is_rtl", "mirrored", "shape", "visual", "visual_runs"]

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


def visual_runs(line: str, rtl: bool) -> list[tuple[str, bool]]:
    """``line`` as (text, right-to-left) runs in drawing order, each run in logical order.

    ``rtl`` is the paragraph's base direction. Explicit embeddings and isolates are
    honoured; the characters they remove (and joiners) keep the level of the one before.
    """
    if not rtl and not has_rtl(line):
        return [(line, False)] if line else []
    levels = _levels(line, rtl)
    runs: list[tuple[int, int, int]] = []  # start, end, level
    for index, level in enumerate(levels):
        if runs and runs[-1][2] == level:
            runs[-1] = (runs[-1][0], index + 1, level)
        else:
            runs.append((index, index + 1, level))
    # UAX #9 rule L2: from the highest level down to the lowest odd one, reverse every
    # sequence of runs at that level or higher.
    order = list(range(len(runs)))
    lowest_odd = min(level for _, _, level in runs) | 1
    for level in range(max(level for _, _, level in runs), lowest_odd - 1, -1):
        index = 0
        while index < len(order):
            if runs[order[index]][2] < level:
                index += 1
                continue
            end = index
            while end < len(order) and runs[order[end]][2] >= level:
                end += 1
            order[index:end] = order[index:end][::-1]
            index = end
    return [(line[runs[i][0] : runs[i][1]], runs[i][2] % 2 == 1) for i in order]


def _levels(line: str, rtl: bool) -> list[int]:
    """The resolved embedding level of every character of ``line``."""
    from bidi import algorithm  # noqa: PLC0415

    storage = algorithm.get_empty_storage()
    storage["base_level"] = 1 if rtl else 0
    storage["base_dir"] = "R" if rtl else "L"
    algorithm.get_embedding_levels(line, storage)
    algorithm.explicit_embed_and_overrides(storage)
    algorithm.resolve_weak_types(storage)
    algorithm.resolve_neutral_types(storage, False)
    algorithm.resolve_implicit_levels(storage, False)
    resolved = iter(storage["chars"])
    levels: list[int] = []
    base = storage["base_level"]
    for char in line:
        if unicodedata.bidirectional(char) in algorithm.X9_REMOVED:
            levels.append(levels[-1] if levels else base)
        else:
            levels.append(next(resolved)["level"])
    return levels


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
