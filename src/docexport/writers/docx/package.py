"""The .docx container (Open Packaging Conventions) read and written with lxml and zipfile.

A template is read as python-docx read it, so that the briefing's bytes did not change
when the writer stopped importing python-docx (about 65 ms of every one-file process):
only the parts reached from the package's relationships are kept, the parts python-docx
parsed (document, styles, settings, numbering, headers, footers, comments, core
properties) are parsed with its parser settings (blank text removed) and written back
with its serialisation, every other part (fonts, images, theme) is kept byte for byte,
and relationships and ``[Content_Types].xml`` are written afresh in python-docx's form.

The output is zipped once, reproducibly: fixed ``date_time``, fixed permissions and
sorted names, so it is a function of the input alone.
"""

from __future__ import annotations

import copy
import io
import posixpath
import zipfile
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from lxml import etree

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from docexport.writers.docx.scripts import Element

__all__ = [
    "RT",
    "XML_PARSER",
    "ZIP_EPOCH",
    "NotAPackageError",
    "Package",
    "Part",
    "Relationship",
    "deterministic_zip",
    "package_bytes",
    "read_package",
]

ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
"""The earliest time a zip entry can carry (DOS date): used for every entry."""

XML_PARSER = etree.XMLParser(remove_blank_text=True, resolve_entities=False, no_network=True)
"""How the parsed parts are read: blank text between elements dropped, as python-docx did
(the serialised parts, and so the bytes of every briefing, depend on it)."""

_OFFICE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
_PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
_WML = "application/vnd.openxmlformats-officedocument.wordprocessingml."


class RT:
    """Relationship types the writer looks for or adds."""

    OFFICE_DOCUMENT = _OFFICE + "officeDocument"
    CORE_PROPERTIES = _PACKAGE_RELS + "/metadata/core-properties"
    STYLES = _OFFICE + "styles"
    SETTINGS = _OFFICE + "settings"
    HEADER = _OFFICE + "header"
    FOOTER = _OFFICE + "footer"
    IMAGE = _OFFICE + "image"


# Content types python-docx parsed into XML (its part classes); the rest stay bytes.
_PARSED = frozenset(
    {
        "application/vnd.openxmlformats-package.core-properties+xml",
        _WML + "comments+xml",
        _WML + "document.main+xml",
        _WML + "footer+xml",
        _WML + "header+xml",
        _WML + "numbering+xml",
        _WML + "settings+xml",
        _WML + "styles+xml",
    }
)
# The OPC spec's default content types by extension (ECMA-376 part 2), as python-docx's
# writer uses them: a part of one of these gets a Default, any other an Override.
_PRINTER = "printerSettings"
_DEFAULT_TYPES = frozenset(
    {
        ("bin", "application/vnd.openxmlformats-officedocument.presentationml." + _PRINTER),
        ("bin", "application/vnd.openxmlformats-officedocument.spreadsheetml." + _PRINTER),
        ("bin", _WML + _PRINTER),
        ("bmp", "image/bmp"),
        ("emf", "image/x-emf"),
        ("fntdata", "application/x-fontdata"),
        ("gif", "image/gif"),
        ("jpe", "image/jpeg"),
        ("jpeg", "image/jpeg"),
        ("jpg", "image/jpeg"),
        ("png", "image/png"),
        ("rels", "application/vnd.openxmlformats-package.relationships+xml"),
        ("tif", "image/tiff"),
        ("tiff", "image/tiff"),
        ("wdp", "image/vnd.ms-photo"),
        ("wmf", "image/x-wmf"),
        ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("xml", "application/xml"),
    }
)
DOCUMENT_TYPE = _WML + "document.main+xml"


# What reading a package that is no .docx raises: a damaged zip, a missing part or content
# type (KeyError), a relationship or override lacking an attribute (TypeError,
# AttributeError), badly formed XML.
_NOT_A_PACKAGE = (
    zipfile.BadZipFile, KeyError, ValueError, TypeError, AttributeError, etree.XMLSyntaxError
)  # fmt: skip


class NotAPackageError(Exception):
    """The bytes are not a Word package that can be opened (the caller adds the path)."""


@dataclass(frozen=True, slots=True)
class Relationship:
    reltype: str
    target: str
    """A part name (``/word/styles.xml``) or, when ``external``, a URI."""
    external: bool = False


@dataclass(slots=True)
class Part:
    """One part: parsed (``element``) or kept as bytes (``blob``), with its relationships."""

    name: str
    content_type: str
    element: Element | None = None
    blob: bytes = b""
    rels: dict[str, Relationship] = field(default_factory=dict)

    def related(self, package: Package, reltype: str) -> Part | None:
        """The one part related by ``reltype``; ``None`` if none (or, as in python-docx,
        ``NotAPackageError`` if several)."""
        return _related(self.rels, package, reltype)

    def relate_to(self, target: Part, reltype: str) -> str:
        """The id of a new relationship to ``target``: the lowest free ``rIdN``."""
        return _relate(self.rels, target, reltype)


@dataclass(slots=True)
class Package:
    rels: dict[str, Relationship]
    parts: dict[str, Part]
    """By part name; only those reached from ``rels`` are written."""

    def related(self, reltype: str) -> Part | None:
        return _related(self.rels, self, reltype)

    def relate_to(self, target: Part, reltype: str) -> str:
        return _relate(self.rels, target, reltype)

    def add(self, part: Part) -> Part:
        self.parts[part.name] = part
        return part

    def next_name(self, template: str) -> str:
        """``template`` (``/word/header%d.xml``) with the lowest number no part uses."""
        names = {part.name for part in self.iter_parts()}
        return next(template % n for n in range(1, len(names) + 2) if template % n not in names)

    def iter_parts(self) -> Iterator[Part]:
        """Every part reached from the package's relationships, depth first, once."""
        seen: set[str] = set()
        stack = [iter(self.rels.values())]
        while stack:
            relationship = next(stack[-1], None)
            if relationship is None:
                stack.pop()
            elif not relationship.external and relationship.target not in seen:
                seen.add(relationship.target)
                part = self.parts[relationship.target]
                yield part
                stack.append(iter(part.rels.values()))

    def copy(self) -> Package:
        """A copy whose parsed parts can be changed without touching this one (bytes
        parts are shared: nothing changes them)."""
        parts = {
            name: Part(
                part.name,
                part.content_type,
                copy.deepcopy(part.element) if part.element is not None else None,
                part.blob,
                dict(part.rels),
            )
            for name, part in self.parts.items()
        }
        return Package(dict(self.rels), parts)


def read_package(data: bytes) -> Package:
    """The parts of the .docx ``data`` reached from its relationships.

    Raises ``NotAPackageError`` for anything python-docx could not open: not a zip, no
    ``[Content_Types].xml``, a relationship to a missing part or one without a content
    type, badly formed XML.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return _Reader(archive).package()
    except _NOT_A_PACKAGE as exc:
        raise NotAPackageError(str(exc)) from exc


class _Reader:
    def __init__(self, archive: zipfile.ZipFile) -> None:
        self.archive = archive
        types = etree.fromstring(archive.read("[Content_Types].xml"), XML_PARSER)
        # Case-insensitive, as part names are (ECMA-376 part 2, 9.1.1.1).
        self.overrides = {
            _attribute(o, "PartName").lower(): _attribute(o, "ContentType")
            for o in types.findall(f"{{{_TYPES}}}Override")
        }
        self.defaults = {
            _attribute(d, "Extension").lower(): _attribute(d, "ContentType")
            for d in types.findall(f"{{{_TYPES}}}Default")
        }
        self.parts: dict[str, Part] = {}

    def package(self) -> Package:
        rels = self._walk("/")
        return Package(rels, self.parts)

    def _walk(self, source: str) -> dict[str, Relationship]:
        """The relationships of ``source``, loading (depth first) every part they reach."""
        rels = self._relationships(source)
        for relationship in rels.values():
            if relationship.external or relationship.target in self.parts:
                continue
            name = relationship.target
            blob = self.archive.read(name[1:])
            content_type = self._content_type(name)
            part = Part(name, content_type)
            self.parts[name] = part
            if content_type in _PARSED and relationship.reltype != RT.IMAGE:
                part.element = etree.fromstring(blob, XML_PARSER)
            else:
                part.blob = blob
            part.rels = self._walk(name)
        return rels

    def _relationships(self, source: str) -> dict[str, Relationship]:
        folder, base = posixpath.split(source)
        try:
            xml = self.archive.read(posixpath.join(folder, "_rels", base + ".rels")[1:])
        except KeyError:
            return {}
        rels: dict[str, Relationship] = {}
        root = etree.fromstring(xml, XML_PARSER)
        for element in root.findall(f"{{{_PACKAGE_RELS}}}Relationship"):
            rel_id, reltype = _attribute(element, "Id"), _attribute(element, "Type")
            target = _attribute(element, "Target")
            if element.get("TargetMode", "Internal") == "External":
                rels[rel_id] = Relationship(reltype, target, external=True)
            else:
                rels[rel_id] = Relationship(
                    reltype, posixpath.abspath(posixpath.join(folder, target))
                )
        return rels

    def _content_type(self, name: str) -> str:
        found = self.overrides.get(name.lower())
        if found is None:
            found = self.defaults[posixpath.splitext(name)[1][1:].lower()]
        return found


def _attribute(element: Element, name: str) -> str:
    """An attribute the OPC requires; ``KeyError`` (not a package) when it is missing."""
    value = element.get(name)
    if value is None:
        raise KeyError(f"{etree.QName(element).localname} without {name}")
    return value


def package_bytes(package: Package) -> bytes:
    """``package`` as .docx bytes: every part serialised once and zipped once."""
    parts = list(package.iter_parts())
    entries = {
        "[Content_Types].xml": _content_types(parts),
        "_rels/.rels": _rels_xml(package.rels, "/"),
    }
    for part in parts:
        entries[part.name[1:]] = part.blob if part.element is None else serialise(part.element)
        if part.rels:
            folder, base = posixpath.split(part.name)
            rels_name = posixpath.join(folder, "_rels", base + ".rels")[1:]
            entries[rels_name] = _rels_xml(part.rels, folder)
    return _zip(entries.items())


def serialise(element: Element) -> bytes:
    """A part's XML as Word writes it: a UTF-8 declaration with ``standalone``, no
    whitespace added."""
    data: bytes = etree.tostring(element, encoding="UTF-8", standalone=True)
    return data


def deterministic_zip(data: bytes) -> bytes:
    """``data`` (a zip archive) re-written with sorted entries and fixed timestamps."""
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        return _zip((name, source.read(name)) for name in source.namelist())


def _zip(entries: Iterable[tuple[str, bytes]]) -> bytes:
    """A zip of ``entries`` sorted by name, each dated ``ZIP_EPOCH`` and ``rw-r--r--``.

    Sorting puts ``[Content_Types].xml`` first (``[`` sorts before ``_`` and letters),
    where Office consumers expect it.
    """
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name, blob in sorted(entries):
            entry = zipfile.ZipInfo(name, date_time=ZIP_EPOCH)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16  # rw-r--r--, not the host's umask
            target.writestr(entry, blob)
    return out.getvalue()


def _content_types(parts: list[Part]) -> bytes:
    """``[Content_Types].xml`` for ``parts``: an extension's default where the OPC spec
    has one for that type, else a per-part override; both sorted, so the bytes follow
    from the parts alone."""
    defaults = {
        "rels": "application/vnd.openxmlformats-package.relationships+xml",
        "xml": "application/xml",
    }
    overrides = {}
    for part in parts:
        extension = posixpath.splitext(part.name)[1][1:].lower()
        if (extension, part.content_type) in _DEFAULT_TYPES:
            defaults[extension] = part.content_type
        else:
            overrides[part.name] = part.content_type
    types = _empty_root("Types", _TYPES)
    for extension in sorted(defaults):
        etree.SubElement(types, f"{{{_TYPES}}}Default", Extension=extension,
                         ContentType=defaults[extension])  # fmt: skip
    for name in sorted(overrides):
        etree.SubElement(types, f"{{{_TYPES}}}Override", PartName=name,
                         ContentType=overrides[name])  # fmt: skip
    return serialise(types)


def _rels_xml(rels: dict[str, Relationship], folder: str) -> bytes:
    """A ``.rels`` part: internal targets relative to the source's folder."""
    root = _empty_root("Relationships", _PACKAGE_RELS)
    for rel_id, relationship in rels.items():
        if relationship.external:
            target = relationship.target
        elif folder == "/":
            target = relationship.target[1:]
        else:
            target = posixpath.relpath(relationship.target, folder)
        element = etree.SubElement(root, f"{{{_PACKAGE_RELS}}}Relationship", Id=rel_id,
                                   Type=relationship.reltype, Target=target)  # fmt: skip
        if relationship.external:
            element.set("TargetMode", "External")
    return serialise(root)


def _empty_root(tag: str, namespace: str) -> Element:
    """``<tag xmlns="namespace"/>``: the namespace as the default one, unprefixed."""
    return etree.fromstring(f'<{tag} xmlns="{namespace}"/>', XML_PARSER)


def _related(rels: dict[str, Relationship], package: Package, reltype: str) -> Part | None:
    matching = [r for r in rels.values() if r.reltype == reltype]
    if len(matching) > 1:
        raise NotAPackageError(f"several relationships of type {reltype}")
    if not matching or matching[0].external:
        return None
    return package.parts[matching[0].target]


def _relate(rels: dict[str, Relationship], target: Part, reltype: str) -> str:
    for rel_id, relationship in rels.items():
        if relationship == Relationship(reltype, target.name):
            return rel_id
    rel_id = next(f"rId{n}" for n in range(1, len(rels) + 2) if f"rId{n}" not in rels)
    rels[rel_id] = Relationship(reltype, target.name)
    return rel_id
