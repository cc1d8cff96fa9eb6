"""Text normalisation shared by readers: NFC, whitespace, characters XML 1.0 forbids; and
``word_set``, how the extractors and the briefing write their word lists."""

from __future__ import annotations

import re
import unicodedata

__all__ = ["XML_FORBIDDEN", "has_no_forbidden", "normalise_line", "normalise_text", "word_set"]

# XML 1.0 forbids C0 controls other than tab/newline/CR, and U+FFFE/U+FFFF; C1 controls
# and DEL are legal but "discouraged" and never meaningful in prose, so they go too.
XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")

# Any run of whitespace except the no-break spaces, which carry meaning (French « », 10 000).
_SPACE_RUN = re.compile(r"[^\S\xa0\u202f]+")


def normalise_text(text: str) -> str:
    """NFC, LF line ends, forbidden characters dropped; line structure kept."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not has_no_forbidden(text):
        text = XML_FORBIDDEN.sub("", text)
    return unicodedata.normalize("NFC", text)


def has_no_forbidden(text: str) -> bool:
    """True when ``text`` has no character ``XML_FORBIDDEN`` matches (fast for ASCII)."""
    # For ASCII, "printable once tab and newline are gone" is exactly "no forbidden
    # character", and str.isprintable runs in C about 10x faster than the regex search.
    if text.isascii():
        return text.replace("\n", "").replace("\t", "").isprintable()
    return XML_FORBIDDEN.search(text) is None


def normalise_line(text: str) -> str:
    """Collapse every whitespace run (newlines included) to one space and trim."""
    if text.isascii() and not _needs_collapse(text):
        return text  # the common case, a clean ASCII paragraph: nothing to do
    if "\xa0" in text or "\u202f" in text:
        return _SPACE_RUN.sub(" ", text).strip()
    # str.split() splits on the same Unicode whitespace as the regex, 7x faster.
    return " ".join(text.split())


def _needs_collapse(text: str) -> bool:
    return (
        "  " in text
        or "\n" in text
        or "\t" in text
        or "\r" in text
        or "\x0b" in text
        or "\x0c" in text
        or text[:1] == " "
        or text[-1:] == " "
    )


def word_set(words: str) -> frozenset[str]:
    """A word list written as prose: ruff would put a list literal one word a line."""
    return frozenset(words.split())
