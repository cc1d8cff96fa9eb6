"""What an input is, from its first bytes: the content decides before the file name.

Cheap by design (no reader is imported, at most the first few kilobytes are decoded,
except that a JSON document is parsed to tell docexport JSON from ninjs).
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from docexport.io import BINARY_SIGNATURES

__all__ = ["Sniffed", "sniff_format"]

_HEAD = 8192
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# The first element's name, after the XML declaration, comments, PIs and a DOCTYPE.
_FIRST_ELEMENT = re.compile(r"<([A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)")
_PROLOG = re.compile(r"\s*(?:<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>\[]*(?:\[.*?\])?\s*>|\s)*", re.S)
_NEWSML_ROOTS = {"newsItem", "newsMessage", "packageItem", "knowledgeItem", "conceptItem"}
_HTML_ROOTS = {"html", "head", "body", "article", "main", "div", "section", "p", "meta", "title"}


@dataclass(frozen=True, slots=True)
class Sniffed:
    reader: str | None
    """The reader the content itself calls for, or ``None``."""
    plain: bool
    """Readable text that no markup or JSON signature claimed (extension decides)."""
    looks_like: str
    """What it seems to be, for the refusal message."""


def sniff_format(data: bytes, by_extension: str | None) -> Sniffed:
    """Which reader the bytes call for; ``by_extension`` only breaks ties of plain text."""
    if data.startswith(b"PK\x03\x04"):
        return _zip(data)
    for magic, what in BINARY_SIGNATURES:
        if data.startswith(magic):
            return Sniffed(None, False, what)
    text = _head_text(data)
    stripped = text.lstrip()
    if stripped.startswith(("{", "[")):
        return _json(data, by_extension)
    if stripped.startswith("<"):
        return _markup(stripped, by_extension)
    if stripped.startswith("---") and stripped[3:4] in ("\n", "\r"):
        return Sniffed("markdown", True, "Markdown with front matter")
    return Sniffed(None, True, "plain text")


def _head_text(data: bytes) -> str:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data[len(bom) : _HEAD].decode(encoding, "replace")
    return data[:_HEAD].decode("utf-8", "replace")


def _zip(data: bytes) -> Sniffed:
    import io  # noqa: PLC0415 - only ZIP inputs pay for zipfile
    import zipfile  # noqa: PLC0415

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, ValueError, NotImplementedError, OSError):
        return Sniffed(None, False, "a damaged ZIP archive")
    if "word/document.xml" in names:
        return Sniffed("docx", False, "a Word document")
    if any(n.startswith("xl/") for n in names):
        return Sniffed(None, False, "an Excel workbook")
    if any(n.startswith("ppt/") for n in names):
        return Sniffed(None, False, "a PowerPoint presentation")
    return Sniffed(None, False, "a ZIP archive")


def _json(data: bytes, by_extension: str | None) -> Sniffed:
    import json  # noqa: PLC0415 - only JSON inputs pay for it

    try:
        parsed = json.loads(data)
    except (ValueError, RecursionError):
        # Broken JSON: the JSON reader explains what is wrong with it.
        return Sniffed("json", False, "JSON") if by_extension == "json" else _not("broken JSON")
    if isinstance(parsed, dict):
        if "guid" in parsed and "source" in parsed:
            return Sniffed("json", False, "docexport JSON")
        if "uri" in parsed or "ninjs" in str(parsed.get("$schema", "")):
            return Sniffed("ninjs", False, "ninjs")
    if by_extension == "json":
        return Sniffed("json", False, "JSON")  # the schema says which field is missing
    return _not("JSON that is neither a docexport item nor ninjs")


def _markup(text: str, by_extension: str | None) -> Sniffed:
    if re.match(r"<!DOCTYPE\s+html", text, re.I):
        return Sniffed("html", False, "HTML")
    rest = text[_PROLOG.match(text).end() :]  # type: ignore[union-attr]  # always matches
    element = _FIRST_ELEMENT.match(rest)
    if element is None:
        return Sniffed("html", False, "HTML") if by_extension == "html" else _not("markup")
    local = element.group(2)
    if local in _NEWSML_ROOTS:
        what = "NewsML-G2" if local != "knowledgeItem" else "a NewsML-G2 knowledge item"
        return Sniffed("newsml" if local != "knowledgeItem" else None, False, what)
    if local == "nitf":
        return Sniffed("nitf", False, "NITF")
    if local.lower() in _HTML_ROOTS or by_extension == "html":
        return Sniffed("html", False, "HTML")
    return _not(f"XML with the root element <{local}>")


def _not(what: str) -> Sniffed:
    return Sniffed(None, False, what)
