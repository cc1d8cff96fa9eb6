"""The reference document: where every style of the briefing comes from.

The packaged ``templates/briefing-reference.docx`` (built by
``templates/build_reference_docx.py``) or the user's ``--template`` is read and checked
and parsed once per process into a blank (body emptied, keeping styles, numbering, page
margins and settings); each briefing starts from a deep copy of that blank. Copying the
parsed parts takes about 0.7 ms where parsing the zip again took 1.7 ms, and the template's
checks run once.
"""

from __future__ import annotations

import copy
import functools
import io
import zipfile
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.exceptions import OpcError
from docx.oxml.ns import qn
from lxml import etree

from docexport.errors import WriterError
from docexport.resources import package_file
from docexport.writers.docx.directions import Overrides, overrides_of
from docexport.writers.docx.untrusted import check_style_chains, read_template, safe_package

if TYPE_CHECKING:
    from pathlib import Path

    from docx.document import Document

__all__ = ["PACKAGED_TEMPLATE", "REQUIRED_STYLES", "Styles", "open_template"]

PACKAGED_TEMPLATE = "templates/briefing-reference.docx"
"""Path of the reference document inside the ``docexport`` package."""

_P, _C, _T = WD_STYLE_TYPE.PARAGRAPH, WD_STYLE_TYPE.CHARACTER, WD_STYLE_TYPE.TABLE
REQUIRED_STYLES: dict[str, WD_STYLE_TYPE] = {
    "Title": _P,
    "Subtitle": _P,
    "Heading 1": _P,
    "Heading 2": _P,
    "Body Text": _P,
    "List Bullet": _P,
    "Quote": _P,
    "Footer": _P,
    "Handling Banner": _P,
    "Bottom Line": _P,
    "Quote Attribution": _P,
    "Meta Label": _P,
    "Meta Value": _P,
    "Table Text": _P,
    "Strong": _C,
    "Meta Note": _C,
    "Briefing Table": _T,
    "Briefing Facts": _T,
}
"""Every style the briefing uses, by the name Word shows; a template must define them all."""

_NO_OVERRIDES = Overrides()
_HEADER_FOOTER = frozenset({RT.HEADER, RT.FOOTER})
# What python-docx raises for a file that is not a usable .docx (a .doc, a .dotx, a zip
# of something else, a corrupt part).
_NOT_A_DOCX = (OpcError, zipfile.BadZipFile, KeyError, ValueError, etree.XMLSyntaxError)


@dataclass(frozen=True, slots=True)
class Styles:
    """The style ids of one template, by the names in ``REQUIRED_STYLES``.

    Word shows names, while paragraphs refer to ids: the two differ (``heading 1`` is
    ``Heading1``, and a German Word names its ids ``berschrift1``), so ids are looked up.
    """

    ids: dict[str, str]
    overrides: dict[str, Overrides] = field(default_factory=dict)
    """By style id: the direct formatting a right-to-left or CJK paragraph needs."""

    def id(self, name: str) -> str:
        return self.ids[name]

    def overrides_for(self, style_id: str) -> Overrides:
        return self.overrides.get(style_id, _NO_OVERRIDES)


def open_template(path: Path | None) -> tuple[Document, Styles]:
    """A new document from the reference (``path`` or the packaged one), body emptied.

    Raises ``WriterError`` (with the path) if the template cannot be read, breaks a limit
    of ``untrusted.LIMITS``, is not a Word document, has a loop of "based on" styles, or
    lacks a style of ``REQUIRED_STYLES``. External links of the template are dropped.
    The document is the caller's own: changing it leaves the next one untouched.
    """
    blank, styles = _blank(path)
    return copy.deepcopy(blank), styles


@functools.cache
def _blank(path: Path | None) -> tuple[Document, Styles]:
    """The template parsed, checked and emptied once per process (per path).

    Only whole parts are reached from the returned document (no proxy of an inner
    element is cached on it yet), so ``copy.deepcopy`` copies each part's tree whole:
    a deep copy of a cached inner element would be a detached tree of its own.
    """
    document, styles = _load(path)
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    body.get_or_add_sectPr()  # a template without one gets Word's default page
    _drop_unused_headers(document)
    return document, styles


def _drop_unused_headers(document: Document) -> None:
    """Drop the headers and footers only the emptied body used (a section break's own):
    their parts would ride along, unseen, in every briefing, with whatever fields or
    pictures they hold."""
    used = set(document.element.xpath("//@r:id"))
    part = document.part
    for rel_id, relationship in list(part.rels.items()):
        if relationship.reltype in _HEADER_FOOTER and rel_id not in used:
            del part.rels[rel_id]


def _load(path: Path | None) -> tuple[Document, Styles]:
    """The template parsed, with its style ids; a user's template read and checked first."""
    if path is None:
        document = docx.Document(io.BytesIO(package_file(PACKAGED_TEMPLATE).read_bytes()))
        return document, _styles_of(document)
    data = safe_package(read_template(path), path)
    try:
        document = docx.Document(io.BytesIO(data))
    except _NOT_A_DOCX as exc:
        raise WriterError(
            "template is not a Word document (.docx) that can be opened", path=str(path)
        ) from exc
    check_style_chains(list(document.styles), path)
    missing = _missing_styles(document)
    if missing:
        raise WriterError(
            f"template lacks the style(s) {', '.join(missing)}: restyle a copy of "
            "docexport's briefing-reference.docx instead of starting from scratch",
            path=str(path),
        )
    return document, _styles_of(document)


def _missing_styles(document: Document) -> list[str]:
    found = {(style.name, style.type) for style in document.styles}
    return [name for name, kind in REQUIRED_STYLES.items() if (name, kind) not in found]


def _styles_of(document: Document) -> Styles:
    ids = {
        style.name: style.style_id
        for style in document.styles
        if style.name is not None and REQUIRED_STYLES.get(style.name) == style.type
    }
    return Styles(ids, overrides_of(document, ids))
