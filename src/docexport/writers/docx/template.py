"""The reference document: where every style of the briefing comes from.

The packaged ``templates/briefing-reference.docx`` (built by
``templates/build_reference_docx.py``) or the user's ``--template`` is read and checked
and parsed once per process into a blank (body emptied, keeping styles, numbering, page
margins and settings); each briefing starts from a copy of that blank's parsed parts.
Copying them takes about 0.08 ms where reading and parsing the zip again takes 1.0 ms
(measured on the packaged template), and the template's checks run once.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, cast

from lxml import etree

from docexport.errors import WriterError
from docexport.resources import package_file
from docexport.writers.docx.directions import Overrides, overrides_of
from docexport.writers.docx.package import (
    DOCUMENT_TYPE,
    RT,
    NotAPackageError,
    Package,
    Part,
    read_package,
)
from docexport.writers.docx.scripts import W
from docexport.writers.docx.styles import TemplateStyle, read_styles
from docexport.writers.docx.untrusted import check_style_chains, read_template, safe_package

if TYPE_CHECKING:
    from pathlib import Path

    from docexport.writers.docx.scripts import Element

__all__ = ["PACKAGED_TEMPLATE", "REQUIRED_STYLES", "Document", "Styles", "open_template"]

PACKAGED_TEMPLATE = "templates/briefing-reference.docx"
"""Path of the reference document inside the ``docexport`` package."""

_P, _C, _T = "paragraph", "character", "table"
REQUIRED_STYLES: dict[str, str] = {
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
_R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_NOT_A_DOCX = "template is not a Word document (.docx) that can be opened"


@dataclass(slots=True)
class Document:
    """A Word package and its main document part."""

    package: Package
    part: Part

    @property
    def element(self) -> Element:
        """``w:document``."""
        assert self.part.element is not None  # a parsed part: checked on reading
        return self.part.element

    @property
    def body(self) -> Element:
        return cast("Element", self.element.find(W + "body"))  # checked on reading

    @property
    def sections(self) -> list[Element]:
        """The ``w:sectPr`` of each section; in a blank, those closing the body."""
        found = self.element.xpath(
            "./w:body/w:p/w:pPr/w:sectPr | ./w:body/w:sectPr", namespaces={"w": W[1:-1]}
        )
        return cast("list[Element]", found)

    def copy(self) -> Document:
        package = self.package.copy()
        return Document(package, package.parts[self.part.name])


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
    return blank.copy(), styles


@functools.cache
def _blank(path: Path | None) -> tuple[Document, Styles]:
    """The template parsed, checked and emptied once per process (per path)."""
    document, styles = _load(path)
    body = document.body
    for child in list(body):
        if child.tag != W + "sectPr":
            body.remove(child)
    if body.find(W + "sectPr") is None:  # a template without one gets Word's default page
        body.append(etree.Element(W + "sectPr", nsmap={"w": W[1:-1]}))
    _drop_unused_headers(document)
    # Only what is reached from the relationships is written: the rest need not be copied.
    package = document.package
    package.parts = {part.name: part for part in package.iter_parts()}
    return document, styles


def _drop_unused_headers(document: Document) -> None:
    """Drop the headers and footers only the emptied body used (a section break's own):
    their parts would ride along, unseen, in every briefing, with whatever fields or
    pictures they hold."""
    used = set(cast("list[str]", document.element.xpath("//@r:id", namespaces={"r": _R_ID[1:-3]})))
    rels = document.part.rels
    for rel_id, relationship in list(rels.items()):
        if relationship.reltype in _HEADER_FOOTER and rel_id not in used:
            del rels[rel_id]


def _load(path: Path | None) -> tuple[Document, Styles]:
    """The template parsed, with its style ids; a user's template read and checked first."""
    if path is None:
        document = _document(read_package(package_file(PACKAGED_TEMPLATE).read_bytes()))
        root = _styles_root(document)
        return document, _styles_of(read_styles(root), root)
    data = safe_package(read_template(path), path)
    try:
        document = _document(read_package(data))
        root = _styles_root(document)
    except NotAPackageError as exc:
        raise WriterError(_NOT_A_DOCX, path=str(path)) from exc
    styles = read_styles(root)
    check_style_chains(styles, path)
    missing = _missing_styles(styles)
    if missing:
        raise WriterError(
            f"template lacks the style(s) {', '.join(missing)}: restyle a copy of "
            "docexport's briefing-reference.docx instead of starting from scratch",
            path=str(path),
        )
    return document, _styles_of(styles, root)


def _document(package: Package) -> Document:
    """The package's main document, which must be a Word document (not a template,
    .dotx, nor a macro-enabled .docm) with a body."""
    part = package.related(RT.OFFICE_DOCUMENT)
    if part is None or part.content_type != DOCUMENT_TYPE or part.element is None:
        raise NotAPackageError("no Word main document")
    if part.element.find(W + "body") is None:
        raise NotAPackageError("the main document has no body")
    return Document(package, part)


def _styles_root(document: Document) -> Element | None:
    part = document.part.related(document.package, RT.STYLES)
    return part.element if part is not None else None


def _missing_styles(styles: list[TemplateStyle]) -> list[str]:
    found = {(style.name, style.kind) for style in styles}
    return [name for name, kind in REQUIRED_STYLES.items() if (name, kind) not in found]


def _styles_of(styles: list[TemplateStyle], root: Element | None) -> Styles:
    ids = {
        style.name: style.style_id
        for style in styles
        if style.name is not None
        and style.style_id is not None
        and REQUIRED_STYLES.get(style.name) == style.kind
    }
    return Styles(ids, overrides_of(styles, root, ids))
