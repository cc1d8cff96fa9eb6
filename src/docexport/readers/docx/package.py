"""The Word package: its zip checked before python-docx opens it, its parts and core
properties read without python-docx's defaults."""

from __future__ import annotations

import io
import zipfile
import zlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from lxml import etree

from docexport.errors import InputError
from docexport.normalise import normalise_line, normalise_text

if TYPE_CHECKING:
    from docx.document import Document
    from lxml.etree import _Element

__all__ = [
    "LIMITS",
    "RELATIONSHIPS",
    "PackageLimits",
    "W",
    "check_package",
    "open_document",
    "read_core",
    "related",
]

_MIB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class PackageLimits:
    """What a document may be. An article saved by Word is 10-20 parts and well under
    1 MiB unpacked; a thousand parts leave room for many pictures."""

    parts: int = 1000
    unpacked_bytes: int = 50 * _MIB
    xml_bytes: int = 20 * _MIB
    """Parsed XML takes about 24 times its size in memory (writers/docx/untrusted.py)."""
    ratio: int = 100
    """Unpacked / packed size of one part over 1 MiB; Word's XML packs 3-10 to 1."""


LIMITS = PackageLimits()
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
_CORE_TYPE = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"

_DC, _CP = (
    "{http://purl.org/dc/elements/1.1/}",
    "{http://schemas.openxmlformats.org/package/2006/metadata/core-properties}",
)
_CORE = {"title": f"{_DC}title", "author": f"{_DC}creator", "subject": f"{_DC}subject",
         "comments": f"{_DC}description", "identifier": f"{_DC}identifier",
         "language": f"{_DC}language", "keywords": f"{_CP}keywords", "category": f"{_CP}category",
         "created": "{http://purl.org/dc/terms/}created"}  # fmt: skip


# What zipfile and python-docx raise for a damaged package (found by fuzzing), and what
# that means to the user. python-docx trusts the package's structure: a wrong root
# element or a relationship without a target surfaces as AttributeError or TypeError.
_DAMAGED: dict[type[Exception], str] = {
    **dict.fromkeys((zipfile.BadZipFile, zlib.error, EOFError), "a part of its ZIP is corrupt"),
    NotImplementedError: "its ZIP uses a feature Word does not",
    KeyError: "a part it needs is missing",
    ValueError: "its main part is not a Word document body",
    AttributeError: "its parts are not arranged as in a Word document",
    TypeError: "its parts are not arranged as in a Word document",
}


def check_package(data: bytes, limits: PackageLimits = LIMITS) -> None:
    """Refuse a zip that is damaged or would cost too much to open; ``InputError``."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, ValueError) as exc:
        raise InputError("damaged Word document: not a readable ZIP archive") from exc
    if len(entries) > limits.parts:
        raise InputError(
            f"Word document has {len(entries):,} parts (the limit is {limits.parts:,})"
        )
    if len({entry.filename for entry in entries}) < len(entries):
        raise InputError("damaged Word document: two parts of the same name")
    for entry in entries:
        if entry.flag_bits & 0x1:
            raise InputError(f"Word document part {entry.filename} is encrypted")
        if entry.compress_type not in {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED}:
            raise InputError(f"Word document part {entry.filename} uses an unknown compression")
        if entry.file_size > _MIB and entry.file_size > limits.ratio * entry.compress_size:
            raise InputError(
                f"Word document part {entry.filename} unpacks to more than {limits.ratio} "
                "times its size (a zip bomb?)"
            )
    if sum(e.file_size for e in entries) > limits.unpacked_bytes:
        raise InputError(f"Word document unpacks to over {limits.unpacked_bytes // _MIB} MiB")
    if (
        sum(e.file_size for e in entries if e.filename.endswith((".xml", ".rels")))
        > limits.xml_bytes
    ):
        raise InputError(f"Word document's XML unpacks to over {limits.xml_bytes // _MIB} MiB")


def open_document(data: bytes) -> Document:
    import docx  # noqa: PLC0415 - only Word input pays for python-docx
    from docx.opc.exceptions import OpcError  # noqa: PLC0415

    damaged: tuple[type[Exception], ...] = (OpcError, *_DAMAGED)

    try:
        document = docx.Document(io.BytesIO(data))
    except etree.XMLSyntaxError as exc:
        raise InputError(
            f"damaged Word document: a part is not well-formed XML ({exc.msg})"
        ) from exc
    except damaged as exc:
        reason = next((r for kind, r in _DAMAGED.items() if isinstance(exc, kind)), "")
        raise InputError(f"damaged Word document: {reason or 'not a Word package'}") from exc
    if document.element.tag != f"{W}document" or document.element.body is None:
        raise InputError("damaged Word document: its main part has no body")
    return document


def related(source: Any, reltype: str) -> _Element | None:
    """The XML of the part ``source`` (a part or the package) relates to as ``reltype``;
    ``None`` when there is none, it is external or python-docx did not parse it."""
    part = next(
        (r.target_part for r in source.rels.values() if r.reltype == reltype and not r.is_external),
        None,
    )
    element = getattr(part, "element", None)
    return element if isinstance(element, etree._Element) else None


def read_core(document: Document) -> dict[str, str]:
    """Core properties as one-line text. Read here: python-docx would make up a default
    part (titled "Word Document") for a package without one."""
    root = related(document.part.package, _CORE_TYPE)
    found = {name: root.find(tag) for name, tag in _CORE.items()} if root is not None else {}
    return {
        name: normalise_line(normalise_text("".join(map(str, element.itertext()))))
        for name, element in found.items()
        if element is not None
    }
