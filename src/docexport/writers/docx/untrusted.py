"""A user's ``--template`` taken as untrusted input: read with limits, links cut.

A template is a zip of XML that ``package`` loads whole, and every briefing copies its
package. So before it is parsed, it is read with a bounded read (``/dev/zero``
and FIFOs never end), its zip directory is checked against ``TemplateLimits`` (a 460 kB
template whose styles part unpacked to 300 MB of tiny elements took lxml past 12 GB),
and every external relationship is dropped with the elements that use it, together with
the settings that fetch or merge content from elsewhere: a remote ``attachedTemplate``
(``TargetMode="External"``) would make Word fetch that URL each time a briefing opens.
"""

from __future__ import annotations

import io
import os
import stat
import zipfile
import zlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

from lxml import etree

from docexport.errors import WriterError

if TYPE_CHECKING:
    from collections.abc import Iterable
    from pathlib import Path

    from docexport.writers.docx.styles import TemplateStyle

__all__ = ["LIMITS", "TemplateLimits", "check_style_chains", "read_template", "safe_package"]

_MIB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class TemplateLimits:
    """What a template may be. Word's own templates are 20-40 kB in 10-30 parts; a house
    template with logos and embedded fonts stays well inside these."""

    file_bytes: int = 10 * _MIB
    parts: int = 200
    unpacked_bytes: int = 50 * _MIB
    """Every part, images and fonts included, once unpacked."""
    xml_bytes: int = 10 * _MIB
    """The parts lxml parses. Dense XML takes about 24 times its size in memory
    (measured: 50 MiB of one-attribute elements, 1.2 GB), so this bounds the memory."""
    ratio: int = 100
    """Unpacked / packed size of one part over 1 MiB; Word's XML packs 3-10 to 1."""


LIMITS = TemplateLimits()

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_PACKAGE_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_R_NAMESPACES = frozenset(
    {
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
        "http://purl.oclc.org/ooxml/officeDocument/relationships",
    }
)
# Settings that pull content in from elsewhere: the attached template and the order to
# restyle from it on opening, a mail merge's data source and query, and web frames.
_LINKING = {
    f"{_W}attachedTemplate": b"attachedTemplate",
    f"{_W}linkStyles": b"linkStyles",
    f"{_W}mailMerge": b"mailMerge",
    f"{_W}frameset": b"frameset",
}
# What zipfile raises for a damaged or exotic archive (found by fuzzing the directory):
# NotImplementedError for a "zip version 24.7" or patched data, ValueError for offsets
# that point before the file.
_NOT_A_ZIP = (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, ValueError)
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, remove_blank_text=False)


def read_template(path: Path, limits: TemplateLimits = LIMITS) -> bytes:
    """The bytes of a regular file of at most ``limits.file_bytes``; ``WriterError`` else.

    Opened without blocking (a FIFO with no writer would block ``open``), checked to be a
    regular file by its descriptor, then read one byte past the limit.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        descriptor = os.open(path, flags)
    except OSError as exc:
        raise WriterError(f"cannot read template: {exc.strerror}", path=str(path)) from exc
    try:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            raise WriterError(
                "template is not a regular file (a directory, device or pipe)", path=str(path)
            )
        with os.fdopen(descriptor, "rb", closefd=False) as stream:
            data = stream.read(limits.file_bytes + 1)
    except OSError as exc:
        raise WriterError(f"cannot read template: {exc.strerror}", path=str(path)) from exc
    finally:
        os.close(descriptor)
    if len(data) > limits.file_bytes:
        raise WriterError(
            f"template is larger than {limits.file_bytes // _MIB} MiB", path=str(path)
        )
    return data


def safe_package(data: bytes, path: Path, limits: TemplateLimits = LIMITS) -> bytes:
    """``data`` (a .docx) re-packed without external links, once it passed ``limits``.

    Raises ``WriterError`` naming the limit a template breaks or why it is not a zip.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            _check_directory(archive.infolist(), limits, path)
            # zipfile stops each part at its declared size and checks its CRC, so a part
            # cannot unpack to more than the directory (checked above) says.
            parts = {name: archive.read(name) for name in archive.namelist()}
    except _NOT_A_ZIP as exc:
        raise WriterError(
            "template is not a Word document (.docx) that can be opened", path=str(path)
        ) from exc
    xml_bytes = sum(len(part) for part in parts.values() if _looks_like_xml(part))
    if xml_bytes > limits.xml_bytes:
        raise WriterError(
            f"template's XML parts unpack to more than {limits.xml_bytes // _MIB} MiB",
            path=str(path),
        )
    _cut_external_links(parts, path)
    return _zip(parts)


def check_style_chains(styles: Iterable[TemplateStyle], path: Path) -> None:
    """Refuse a style "based on" itself through others: LibreOffice crashes on the loop
    (measured: Heading 1 based on Heading 2 based on Heading 1, a segfault)."""
    based_on = {s.style_id: s.based_on for s in styles if s.based_on and s.style_id is not None}
    names = {style.style_id: style.name for style in styles}
    ends: set[str] = set()  # styles whose chain is known to end: each is walked once
    for start in based_on:
        chain: dict[str, None] = {}  # ordered set
        current = start
        while current in based_on and current not in ends:
            if current in chain:
                raise WriterError(
                    f"template style {names.get(current) or current!r} is based on itself (a loop of 'Based on' "
                    "styles, which crashes LibreOffice): fix its 'Based on' style",
                    path=str(path),
                )
            chain[current] = None
            current = based_on[current]
        ends.update(chain)


def _check_directory(entries: list[zipfile.ZipInfo], limits: TemplateLimits, path: Path) -> None:
    def refuse(reason: str) -> WriterError:
        return WriterError(f"template {reason}", path=str(path))

    if len(entries) > limits.parts:
        raise refuse(f"has {len(entries)} parts, more than {limits.parts}")
    if len({entry.filename for entry in entries}) < len(entries):
        raise refuse("has two parts of the same name")
    for entry in entries:
        if entry.flag_bits & 0x1:
            raise refuse(f"part {entry.filename} is encrypted")
        if entry.compress_type not in {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED}:
            raise refuse(f"part {entry.filename} uses a compression Word does not")
        if entry.file_size > _MIB and entry.file_size > limits.ratio * entry.compress_size:
            raise refuse(
                f"part {entry.filename} unpacks more than {limits.ratio} times its size "
                "(a zip bomb?)"
            )
    if sum(entry.file_size for entry in entries) > limits.unpacked_bytes:
        raise refuse(f"unpacks to more than {limits.unpacked_bytes // _MIB} MiB")


def _looks_like_xml(part: bytes) -> bool:
    """Whether lxml could parse ``part``: XML starts with ``<`` after a BOM and spaces,
    whatever the part is called; images and fonts never do."""
    head = part[:64].removeprefix(b"\xef\xbb\xbf").lstrip()
    return head.startswith(b"<") or head.startswith((b"\xff\xfe", b"\xfe\xff"))


def _cut_external_links(parts: dict[str, bytes], path: Path) -> None:
    """Drop external relationships, the elements using them and the linking settings."""
    for name in [n for n in parts if n.endswith(".rels") and "_rels/" in n]:
        removed = _drop_external_relationships(parts, name, path)
        folder, _, base = name.rpartition("_rels/")
        source = folder + base.removesuffix(".rels")
        if removed and source in parts:
            parts[source] = _without(parts[source], removed, source, path)
    for name, part in parts.items():
        if _looks_like_xml(part) and any(marker in part for marker in _LINKING.values()):
            parts[name] = _without(part, set(), name, path)


def _drop_external_relationships(parts: dict[str, bytes], name: str, path: Path) -> set[str]:
    root = _parse(parts[name], name, path)
    removed = set()
    for relationship in root.findall(_PACKAGE_RELS):
        if (relationship.get("TargetMode") or "").casefold() == "external":
            removed.add(relationship.get("Id", ""))
            root.remove(relationship)
    if removed:
        parts[name] = _serialise(root)
    return removed


def _without(part: bytes, relationship_ids: set[str], name: str, path: Path) -> bytes:
    """``part`` without the elements that name one of ``relationship_ids`` or link."""
    root = _parse(part, name, path)
    doomed = [
        element
        for element in root.iter(etree.Element)
        if element.tag in _LINKING
        or any(
            value in relationship_ids
            for key, value in element.attrib.items()
            if etree.QName(key).namespace in _R_NAMESPACES
        )
    ]
    for element in doomed:
        parent = element.getparent()
        if parent is not None:
            parent.remove(element)
    return _serialise(root)


def _parse(part: bytes, name: str, path: Path) -> etree._Element:
    try:
        return etree.fromstring(part, _PARSER)
    except etree.XMLSyntaxError as exc:
        raise WriterError(f"template part {name} is not well-formed XML", path=str(path)) from exc


def _serialise(root: etree._Element) -> bytes:
    data: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    return data


def _zip(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, part in parts.items():
            archive.writestr(name, part)
    return out.getvalue()
