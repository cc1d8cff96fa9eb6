"""The characters of a saved web page: byte-order mark, UTF-8, the page's declaration.

Close to a browser's order (WHATWG "encoding sniffing"), with one change for saved
pages: a BOM wins; else bytes that are valid UTF-8 are UTF-8, whatever the page declares
(browsers and tools that save a page often re-encode it and leave the old
``<meta charset>`` behind, and non-ASCII text in a legacy encoding is almost never
valid UTF-8 by chance); else a ``<meta charset>``, ``<meta http-equiv="Content-Type">``
or XML declaration in the first kilobytes; else plausible Windows-1252, as the
plain-text format reads it. A declaration the bytes contradict is not trusted.
"""

from __future__ import annotations

import codecs
import re

from docexport.errors import InputError
from docexport.io import decode_text

__all__ = ["decode_page"]

_PRESCAN = 4096  # how far browsers look for a declaration (WHATWG: 1024; real pages overrun)
_DECLARED = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)"""
    rb"""|<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9._:-]+)""",
    re.IGNORECASE,
)
# Labels that WHATWG maps to another decoder: Latin-1 and ASCII pages are Windows-1252
# (browsers have always read them so, and real pages rely on it); a UTF-16 label in an
# ASCII-compatible document cannot be true.
_WHATWG = {
    "iso-8859-1": "windows-1252",
    "iso8859-1": "windows-1252",
    "latin1": "windows-1252",
    "latin-1": "windows-1252",
    "l1": "windows-1252",
    "us-ascii": "windows-1252",
    "ascii": "windows-1252",
    "utf-16": "utf-8",
    "utf-16le": "utf-8",
    "utf-16be": "utf-8",
}
# Python codec name → the label that Source.encoding reports (as decode_text does).
_LABELS = {"cp1252": "windows-1252", "utf-8": "utf-8", "latin-1": "iso-8859-1"}


def decode_page(data: bytes) -> tuple[str, str]:
    """``(text, encoding label)`` of an HTML page; raises ``InputError`` as ``decode_text``."""
    if not data or data.isspace():
        raise InputError("empty file" if not data else "file contains only whitespace")
    if data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return decode_text(data)
    if data.isascii() or _is_utf8(data):
        return decode_text(data)
    declared = _declared_codec(data[:_PRESCAN])
    if declared is not None and b"\x00" not in data:
        try:
            text = data.decode(declared)
        except UnicodeDecodeError:
            pass  # the declaration is wrong: sniff as if there were none
        else:
            return text, _LABELS.get(declared, declared)
    return decode_text(data)


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _declared_codec(head: bytes) -> str | None:
    match = _DECLARED.search(head)
    if match is None:
        return None
    label = (match.group(1) or match.group(2)).decode("ascii").lower()
    label = _WHATWG.get(label, label)
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    # Only byte-per-character or UTF-8 codecs: a page that parsed as ASCII up to its
    # declaration cannot be UTF-16/32 (and a "utf-7" label is a known XSS trick).
    if name.startswith(("utf-16", "utf-32", "utf-7")):
        return None
    return name
