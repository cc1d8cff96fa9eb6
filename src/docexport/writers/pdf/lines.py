"""Line breaking measured in em: prepare a paragraph once, wrap it at any size cheaply.

Widths scale linearly with the font size, so a paragraph is tokenised and measured once
(at 1 em) and the auto-fit's binary search re-wraps it at each candidate size with
additions only: no ReportLab objects, no document rebuilt. Breaks fall at spaces, between
CJK characters (never before closing punctuation) and, in Thai, Lao, Khmer and Myanmar
(written without spaces between words), between character clusters: a consonant with its
vowel signs and tone marks, a leading vowel with the consonant after it. Thai clusters are
then grouped into words by maximal matching against a Thai word list (``thai_words.txt.gz``,
package data): the fewest clusters left outside any word, then the fewest words, so that
a line breaks between words ("ร้อน|ขึ้น"), never inside one ("ร้อ|น"). A cluster no
word covers (a name, a rare word) still breaks on its own. A token wider than the line (an
8,000-character word, a 6,000-character URL) is broken between clusters, so no text can
overflow or crash the layout.
"""

from __future__ import annotations

import bisect
import functools
import gzip
import itertools
import unicodedata
from dataclasses import dataclass, field
from importlib import resources

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
        return self.chain.width(text, self.tracking)

    def edges(self, token: str) -> list[float]:
        """Offsets in em of every character boundary of ``token`` (0 first), cached."""
        found = self._edges.get(token)
        if found is None:
            widths = (self.measure(char) for char in token)
            found = self._edges[token] = [0.0, *itertools.accumulate(widths)]
        return found


def prepare(text: str, chain: FontChain, tracking: float = 0.0) -> Prepared:
    """Clean and measure ``text``; the base direction comes from its first strong
    character. Shaped scripts are measured as HarfBuzz sets them (``fonts.py``)."""
    text = chain.clean(text)
    rtl = bidi.is_rtl(text)
    tokens = [
        (token, chain.width(token, tracking), spaced and index > 0)
        for index, (token, spaced) in enumerate(_tokens(text))
    ]
    space = chain.width(" ", tracking)
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
        if max(word) < "\u0e00":  # fast path: no CJK or Thai (Latin, Greek, Arabic, Hindi...)
            tokens.append((word, spaced))
        else:
            tokens.extend((piece, spaced and i == 0) for i, piece in enumerate(_pieces(word)))
        spaced = True
    return tokens


def _pieces(word: str) -> list[str]:
    """A word with Han or kana split between characters and Thai-like scripts between
    clusters (Thai ones grouped into words); closing punctuation stays with the character
    before, opening punctuation with the one after."""
    pieces: list[str] = []
    for char in word:
        before = pieces[-1][-1] if pieces else ""
        if pieces and (char in _CLOSING or before in _OPENING or not _may_break(before, char)):
            pieces[-1] += char
        else:
            pieces.append(char)
    if len(pieces) > 1 and any("\u0e01" <= char <= "\u0e4e" for char in word):
        return list(_thai_words_of(tuple(pieces)))
    return pieces


_WORD_ENDS = "".join(_CLOSING) + "\u0e2f\u0e46"  # marks a cluster keeps after a word: ฯ ๆ


@functools.lru_cache(maxsize=4096)
def _thai_words_of(clusters: tuple[str, ...]) -> tuple[str, ...]:
    """``clusters`` grouped into dictionary words by maximal matching: the split leaving
    the fewest clusters outside a word, then with the fewest pieces (ties: the longest word
    first). Linear: each cluster starts at most ``_LONGEST_THAI_WORD`` candidate words;
    cached, as a paragraph is wrapped again at every size the auto-fit tries."""
    words, longest = _thai_words()
    n = len(clusters)
    # best[i]: (clusters outside a word, pieces, end of the first piece) for clusters[i:]
    best: list[tuple[int, int, int]] = [(0, 0, n)] * (n + 1)
    for i in range(n - 1, -1, -1):
        outside, count, _ = best[i + 1]
        choice = (outside + 1, count + 1, i + 1)
        word = clusters[i]
        for j in range(i + 1, n + 1):
            if j > i + 1:
                word += clusters[j - 1]
            if len(word) > longest:
                break
            known = word in words or word.rstrip(_WORD_ENDS) in words  # "กรุงเทพฯ", "ใหม่,"
            if known and (best[j][0], best[j][1] + 1) <= choice[:2]:
                choice = (best[j][0], best[j][1] + 1, j)  # on a tie, the longer word
        best[i] = choice
    grouped: list[str] = []
    i = 0
    while i < n:
        end = best[i][2]
        grouped.append("".join(clusters[i:end]))
        i = end
    return tuple(grouped)


@functools.cache
def _thai_words() -> tuple[frozenset[str], int]:
    """The Thai word list (package data, read once per process, only for Thai text) and
    the length of its longest word in characters."""
    packed = resources.files("docexport").joinpath("data", "thai_words.txt.gz").read_bytes()
    words = frozenset(gzip.decompress(packed).decode("utf-8").split())
    return words, max(map(len, words))


def _may_break(before: str, char: str) -> bool:
    """Whether a line may break between ``before`` and ``char`` inside a word."""
    if _breaks_anywhere(char) or _breaks_anywhere(before):
        return True
    if not (_clustered(char) and _clustered(before)):
        return False
    return not (
        char in _NO_BREAK_BEFORE
        or before in _NO_BREAK_AFTER
        or unicodedata.category(char)[0] == "M"
    )


def _clustered(char: str) -> bool:
    # Thai, Lao, Myanmar, Khmer: no spaces between words.
    return (
        "\u0e00" <= char <= "\u0eff"
        or "\u1000" <= char <= "\u109f"
        or ("\u1780" <= char <= "\u17ff")
    )


# Following vowels and signs that end a Thai/Lao syllable, the repetition mark, and
# leading vowels written before the consonant they follow in speech; Khmer coeng and
# Myanmar virama/asat join the next consonant into a stack.
_NO_BREAK_BEFORE = frozenset("\u0e30\u0e32\u0e33\u0e45\u0e46\u0e2f\u0eb0\u0eb2\u0eb3\u0ec6")
_NO_BREAK_AFTER = frozenset(
    "\u0e40\u0e41\u0e42\u0e43\u0e44\u0ec0\u0ec1\u0ec2\u0ec3\u0ec4\u17d2\u1039\u103a"
)


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
            end = _cluster_end(token, start, end)
            pieces.append((token[start:end], edges[end] - edges[start]))
            if end == len(token):
                return pieces
            start = end
        limit = max_width


def _cluster_end(token: str, start: int, end: int) -> int:
    """``end`` (at least ``start + 1``) moved back off combining marks and joiners, but
    not to ``start``: a mark drawn alone at the start of a line shows a dotted circle."""
    end = found = max(end, start + 1)
    while start + 1 < found < len(token) and (
        unicodedata.category(token[found])[0] == "M" or token[found - 1] in "\u200c\u200d"
    ):
        found -= 1
    return found if found > start + 1 or end == start + 1 else end
