"""A cheap, offline guess of an article's language (BCP 47), by script then stopwords."""

from __future__ import annotations

import re
from collections import Counter

__all__ = ["guess_language"]

_SAMPLE = 800  # a hundred words decide; reading more only costs time
_MIN_VOTES = 3

# (first code point, last code point, tag); the first script with a clear majority wins.
_SCRIPTS = (
    (0x0600, 0x06FF, "ar"),
    (0x0590, 0x05FF, "he"),
    (0x0400, 0x04FF, "ru"),
    (0x0370, 0x03FF, "el"),
    (0x3040, 0x30FF, "ja"),  # kana decides Japanese before the shared Han range
    (0xAC00, 0xD7AF, "ko"),
    (0x4E00, 0x9FFF, "zh"),
    (0x0900, 0x097F, "hi"),
    (0x0E00, 0x0E7F, "th"),
)

# Only words that are frequent in one language and rare in the others ("de", "e", "que",
# shared by several Romance languages, are left out on purpose).
_STOPWORDS = {
    "en": "the and of to that for with was said from has are were this which",
    "fr": "le les des est une dans pour qui sur aux du pas avec sont été",
    "de": "der die das und ist nicht mit den dem auf für von sich eine wurde",
    "es": "el los las del y por para es como pero más fue está han",
    "it": "il gli della che di è sono nel alla anche degli delle stato questo",
    "pt": "os das dos não ao são uma com foi pelo pela também",
    "nl": "het een van dat op zijn niet voor werd ook bij naar",
}
_STOP_INDEX = {word: lang for lang, words in _STOPWORDS.items() for word in words.split()}
_LETTER = re.compile(r"[^\W\d_]")
_NON_LATIN = re.compile(r"[^\W\d_\u0000-\u036f]")


def guess_language(text: str, default: str = "en") -> str:
    """Return a language tag for ``text``; ``default`` when nothing is conclusive."""
    sample = text[:_SAMPLE]
    if not sample.isascii() and (tag := _by_script(sample)):
        return tag
    # Plain split, not a word regex: 3x faster, and stopwords rarely carry punctuation.
    votes = Counter(filter(None, map(_STOP_INDEX.get, sample.lower().split())))
    if not votes:
        return default
    best, n = votes.most_common(1)[0]
    return best if n >= _MIN_VOTES else default


def _by_script(sample: str) -> str | None:
    # Only the non-Latin letters are classified one by one; Latin prose with a few
    # accents or curly quotes costs one regex scan (this runs on every article read).
    others = _NON_LATIN.findall(sample)
    if not others:
        return None
    counts: Counter[str] = Counter()
    for ch in others:
        code = ord(ch)
        for first, last, tag in _SCRIPTS:
            if first <= code <= last:
                counts[tag] += 1
                break
    if not counts:
        return None
    if counts["ja"] and counts["ja"] * 10 >= counts["zh"]:
        return "ja"
    tag, n = counts.most_common(1)[0]
    letters = len(_LETTER.findall(sample))
    return tag if n * 2 >= letters else None
