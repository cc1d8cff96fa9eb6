"""Building elements: every text and attribute goes through lxml, cleaned first.

lxml escapes text and attribute values when it serialises (``<`` ``>`` ``&`` ``"``), so
article text is always text, never markup. It refuses the characters XML 1.0 forbids, which
prose never needs; they are dropped here instead.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lxml import etree

from docexport.normalise import XML_FORBIDDEN

if TYPE_CHECKING:
    from docexport.model import NewsItem

__all__ = ["clean", "is_english", "is_right_to_left", "sub", "ui_text"]

# Languages written right to left, and the scripts that make any language so (ks-Arab).
_RTL_LANGUAGES = frozenset(
    {"ar", "arc", "ckb", "dv", "fa", "he", "ku", "ps", "sd", "ug", "ur", "yi"}
)
_RTL_SCRIPTS = frozenset({"arab", "hebr", "thaa", "syrc", "nkoo", "adlm", "rohg"})
_SCRIPT_SUBTAG_LETTERS = 4  # BCP 47: a script subtag is four letters (Arab, Latn)
# Labels that stay in the page's direction: single words, aligned like the rest.
_ALIGNED_LABELS = frozenset({"h2", "dt"})


def clean(text: str) -> str:
    """``text`` without the characters an HTML page (through lxml) cannot carry."""
    return XML_FORBIDDEN.sub("", text)


def sub(
    parent: etree._Element, tag: str, text: str | None = None, /, **attrs: str
) -> etree._Element:
    """A child element with cleaned text; ``class_`` stands for ``class``."""
    element = etree.SubElement(parent, tag)
    for name, value in attrs.items():
        element.set(name.rstrip("_").replace("_", "-"), clean(value))
    if text is not None:
        element.text = clean(text)
    return element


def is_english(item: NewsItem) -> bool:
    return item.language.split("-")[0].casefold() == "en"


def ui_text(
    parent: etree._Element, tag: str, text: str, item: NewsItem, **attrs: str
) -> etree._Element:
    """An element holding one of the page's own (English) labels, marked as English on a
    page in another language so that screen readers pronounce it right."""
    element = sub(parent, tag, text, **attrs)
    if not is_english(item):
        element.set("lang", "en")
    if tag not in _ALIGNED_LABELS and is_right_to_left(item.language):
        # English on a right-to-left page: "22 October 2024" would show as "October 2024 22"
        # and a sentence's full stop at its left end.
        element.set("dir", "ltr")
    return element


def is_right_to_left(language: str) -> bool:
    """True for a BCP 47 tag of a language or script written right to left."""
    primary, *rest = language.casefold().split("-")
    script = next(
        (part for part in rest if len(part) == _SCRIPT_SUBTAG_LETTERS and part.isalpha()), None
    )
    if script is not None:
        return script in _RTL_SCRIPTS
    return primary in _RTL_LANGUAGES
