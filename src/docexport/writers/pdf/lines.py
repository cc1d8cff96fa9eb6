"""Line breaking measured in em: prepare a paragraph once, wrap it at any size cheaply.

Widths scale linearly with the font size, so a paragraph is tokenised and measured once
(at 1 em) and the auto-fit's binary search re-wraps it at each candidate size with
additions only: no ReportLab objects, no document rebuilt. Breaks fall at spaces and
between CJK characters (never before closing punctuation); a token wider than the line
(an 8,000-character word, a 6,000-character URL) is broken between characters, so no
text can overflow or crash the layout.
"""

from __future__ import annotations

import bisect
import itertools
from dataclasses import dataclass, field

from docexport.writers.pdf import bidi
from docexport.writers.pdf.fonts import FontChain, is_cjk

__all__ = ["ELLIPSIS", "Prepared", "ellipsize", "prepare", "wrap"]

ELLIPSIS = "…"
WrappedLine = tuple[str, float]
"""A line's logical text and its width in em."""

_CLOSING = frozenset("、。，．：；？！）」』】〕〉》〗〙〛”’,.:;?!)]}%")
_OPENING = frozenset("（「『【〔〈《〖〘〚“‘([{")


@dataclass(frozen=True, slots=True)
class Prepared:
    """A paragraph tokenised and measured at 1 em, ready to wrap at any width."""

    tokens: tuple[tuple[str, float, bool], ...]
    """(text, width in em, preceded by a space)."""
    space: float
    rtl: bool
    chain: FontChain
    tracking: float
    """Letter spacing in em, added after every character (ReportLab's charSpace)."""

    _edges: dict[str, list[float]] = field(default_factory=dict, compare=False, repr=False)

    def measure(self, text: str) -> float:
        """Width of ``text`` in em with this paragraph's font and tracking."""
        return self.chain.width(text) + self.tracking * len(text)

    def edges(self, token: str) -> list[float]:
        """Offsets in em of every character boundary of ``token`` (0 first), cached."""
        found = self._edges.get(token)
        if found is None:
            widths = (self.measure(char) for char in token)
            found = self._edges[token] = [0.0, *itertools.accumulate(widths)]
        return found


def prepare(text: str, chain: FontChain, tracking: float = 0.0) -> Prepared:
    """Clean, shape (Arabic) and measure ``text``; the base direction comes from its first
    strong character."""
    text = chain.clean(text)
    rtl = bidi.is_rtl(text)
    text = bidi.shape(text)
    tokens = [
        (token, chain.width(token) + tracking * len(token), spaced and index > 0)
        for index, (token, spaced) in enumerate(_tokens(text))
    ]
    space = chain.width(" ") + tracking
    return Prepared(tuple(tokens), space, rtl, chain, tracking)


def _tokens(text: str) -> list[tuple[str, bool]]:
    """Unbreakable pieces of ``text`` and whether a space precedes each: words, and in CJK
    text single characters (with the closing punctuation that must not start a line)."""
    tokens: list[tuple[str, bool]] = []
    spaced = False
    for word in text.split(" "):
        if not word:
            spaced = True
            continue
        if max(word) < "\u1100":  # fast path: no CJK possible (Latin, Greek, Arabic...)
            tokens.append((word, spaced))
        else:
            tokens.extend((piece, spaced and i == 0) for i, piece in enumerate(_cjk_pieces(word)))
        spaced = True
    return tokens


def _cjk_pieces(word: str) -> list[str]:
    """A word with Han or kana split between characters; closing punctuation stays with the
    character before, opening punctuation with the one after."""
    pieces: list[str] = []
    for char in word:
        if pieces and (
            char in _CLOSING
            or pieces[-1][-1] in _OPENING
            or not (_breaks_anywhere(char) or _breaks_anywhere(pieces[-1][-1]))
        ):
            pieces[-1] += char
        else:
            pieces.append(char)
    return pieces


def _breaks_anywhere(char: str) -> bool:
    # Chinese and Japanese break between any two characters; Korean, like Latin, at spaces.
    return is_cjk(char) and not ("\uac00" <= char <= "\ud7af" or "\u1100" <= char <= "\u11ff")


def wrap(prepared: Prepared, max_width: float) -> list[WrappedLine]:
    """Greedy line breaking at ``max_width`` em; every line is at most that wide."""
    lines: list[WrappedLine] = []
    parts: list[str] = []
    width = 0.0
    for token, token_width, spaced in prepared.tokens:
        gap = prepared.space if spaced and parts else 0.0
        if width + gap + token_width <= max_width:
            parts.extend((" ", token) if gap else (token,))
            width += gap + token_width
            continue
        if token_width > max_width:
            # Fill the rest of the current line first, as a browser's break-all does.
            room = max_width - width - gap if parts else max_width
            pieces = _break_token(prepared, token, room, max_width)
            if parts:
                head, head_width = pieces.pop(0)
                if head:
                    parts.extend((" ", head) if gap else (head,))
                    width += gap + head_width
                lines.append(("".join(parts), width))
            lines.extend(pieces[:-1])
            parts, width = [pieces[-1][0]], pieces[-1][1]
            continue
        if parts:
            lines.append(("".join(parts), width))
        parts, width = [token], token_width
    if parts:
        lines.append(("".join(parts), width))
    return lines


def ellipsize(
    prepared: Prepared, lines: list[WrappedLine], max_lines: int, max_width: float
) -> list[WrappedLine]:
    """At most ``max_lines`` lines; when text is cut the last line ends with an ellipsis."""
    if len(lines) <= max_lines:
        return lines
    if max_lines <= 0:
        return []
    kept = lines[:max_lines]
    text = kept[-1][0].rstrip()
    budget = max_width - prepared.measure(ELLIPSIS)
    # Drop whole words while a word break is in reach, then characters.
    while text and prepared.measure(text) > budget:
        cut = text.rfind(" ")
        text = text[:cut].rstrip() if cut > len(text) // 2 else text[:-1]
    text += ELLIPSIS
    kept[-1] = (text, prepared.measure(text))
    return kept


def _break_token(
    prepared: Prepared, token: str, room: float, max_width: float
) -> list[WrappedLine]:
    """``token`` in pieces: the first at most ``room`` em wide (maybe empty), the rest at most
    ``max_width`` (at least one character each, however narrow the line)."""
    edges = prepared.edges(token)
    pieces: list[WrappedLine] = []
    start, limit = 0, room
    while True:
        # The last character boundary within ``limit`` of ``start``, by bisection: an
        # 8,000-character word is re-broken at every scale the auto-fit tries.
        end = bisect.bisect_right(edges, edges[start] + limit + 1e-9) - 1
        if end == start and limit < max_width:
            pieces.append(("", 0.0))
        elif end >= len(token):
            pieces.append((token[start:], edges[-1] - edges[start]))
            return pieces
        else:
            end = max(end, start + 1)
            pieces.append((token[start:end], edges[end] - edges[start]))
            if end == len(token):
                return pieces
            start = end
        limit = max_width
