"""Text bounds shared by the briefing's rules: white space, words, visible cuts."""

from __future__ import annotations

import re

from docexport.normalise import word_set

__all__ = ["ELLIPSIS", "SPACE", "WORD", "bounded", "word_set"]

ELLIPSIS = "…"
SPACE = re.compile(r"\s+")
WORD = re.compile(r"[^\W\d_][\w'’-]*")
_MIN_CUT_SHARE = 0.6  # a word-boundary cut must keep this share of the limit, else hard cut


def bounded(text: str, limit: int) -> str:
    """``text`` with white space collapsed, cut to at most ``limit`` characters.

    The cut falls at a word boundary when one is near the end, else inside the word (one
    huge unbroken "word" must still be cut), and is marked with "…".
    """
    text = SPACE.sub(" ", text).strip()
    if len(text) <= limit:
        return text
    room = max(0, limit - len(ELLIPSIS))
    cut = text[: room + 1]
    space = cut.rfind(" ")
    cut = cut[:space] if space >= room * _MIN_CUT_SHARE else cut[:room]
    return cut.rstrip(" ,;:-–—") + ELLIPSIS
