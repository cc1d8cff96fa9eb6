"""``docexport validate``: any file checked against the official standard of its format.

NewsML-G2 against IPTC's 2.35 XSD plus every qcode's scheme in the IPTC catalog it
references; ninjs 3.x and 2.x against IPTC's JSON Schemas; NITF against the 3.6 XSD;
docexport JSON against ``schemas/news-item.schema.json``; DOCX opened (its required parts
present); PDF parsed and its pages counted. The official schemas ship in the package
(``schemas/iptc/``, with their licences), compiled once per process, so it works offline.
"""

from __future__ import annotations

import functools
import io
import json
import re
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

from lxml import etree

from docexport.errors import DocExportError, shorten
from docexport.readers.sniff import sniff_format
from docexport.resources import package_file

__all__ = ["Verdict", "validate_bytes"]

_MAX_PROBLEMS = 3
NAR_NS = "http://iptc.org/std/nar/2006-10-01/"
_CATALOG = "schemas/iptc/newsml-g2/catalog.IPTC-G2-Standards_41.xml"
_CATALOG_URL = "http://www.iptc.org/std/catalog/catalog.IPTC-G2-Standards_41.xml"
_IPTC_CATALOG = re.compile(
    r"^https?://www\.iptc\.org/std/catalog/catalog\.IPTC-G2-Standards_\d+\.xml$"
)
_QCODE_ATTRIBUTES = ("qcode", "role", "type", "rel", "why", "how", "contenttype", "format")


@dataclass(frozen=True, slots=True)
class Verdict:
    standard: str
    """What the file was checked against: ``NewsML-G2 2.35``, ``ninjs 3.1``, …"""
    problems: list[str] = field(default_factory=list)
    note: str = ""

    @property
    def valid(self) -> bool:
        return not self.problems

    def line(self, path: str) -> str:
        if self.valid:
            note = f"; {self.note}" if self.note else ""
            return f"{path}: valid ({self.standard}{note})"
        return f"{path}: invalid ({self.standard}): " + "; ".join(self.problems[:_MAX_PROBLEMS])


def validate_bytes(data: bytes, path: str, *, strict: bool = False) -> Verdict:
    """The verdict for one file; raises ``DocExportError`` for a format it cannot check.

    ``strict``: a NewsML-G2 qcode whose alias no referenced catalog declares makes the item
    invalid (by default it is a warning: the XSD cannot check it, and IPTC's own
    should-pass examples use such aliases).
    """
    from docexport.readers import EXTENSIONS  # noqa: PLC0415

    sniffed = sniff_format(data, EXTENSIONS.get(PurePath(path).suffix.lower()))
    if sniffed.reader == "newsml":
        return _newsml(data, strict=strict)
    check = _CHECKS.get(sniffed.reader or "") or (_pdf if data.startswith(b"%PDF") else None)
    if check is None:
        raise DocExportError(
            f"not validated: {sniffed.looks_like} has no official schema docexport checks "
            "(it validates NewsML-G2, ninjs, NITF, docexport JSON, DOCX and PDF)",
            path=path,
        )
    return check(data)


def _newsml(data: bytes, *, strict: bool = False) -> Verdict:
    root, problems = _xml(data, _newsml_schema())
    if root is None or problems:
        return Verdict("NewsML-G2 2.35", problems)
    undeclared, note = _undeclared_aliases(root)
    if undeclared and strict:
        return Verdict("NewsML-G2 2.35", undeclared)
    if undeclared:
        note = "warning: " + "; ".join(undeclared)
    return Verdict("NewsML-G2 2.35", [], note)


def _nitf(data: bytes) -> Verdict:
    root, problems = _xml(data, _nitf_schema())
    if problems and root is not None and not str(root.tag).startswith("{"):
        problems.append(
            "this is NITF without the 3.6 namespace (the DTD-era form), which no XSD covers"
        )
    return Verdict("NITF 3.6", problems)


def _xml(data: bytes, schema: etree.XMLSchema) -> tuple[Any, list[str]]:
    from docexport.xmlsafe import parse_xml  # noqa: PLC0415

    try:
        root = parse_xml(data)
    except DocExportError as exc:
        return None, [exc.reason]
    if schema.validate(root):
        return root, []
    return root, [f"line {e.line}: {shorten(e.message, 200)}" for e in schema.error_log]


def _undeclared_aliases(root: Any) -> tuple[list[str], str]:
    """Every qcode's alias must be a scheme of a catalog the item references."""
    refs = {r.get("href") or "" for r in root.iter(f"{{{NAR_NS}}}catalogRef")}
    inline = {s.get("alias") for s in root.iter(f"{{{NAR_NS}}}scheme")}
    iptc = {ref for ref in refs if _IPTC_CATALOG.match(ref)}
    # Version 41 stands in for every IPTC standards catalog: IPTC only adds schemes.
    known = inline | (_catalog_aliases() if iptc else set())
    others = refs - iptc
    used = {
        value.split(":", 1)[0]
        for element in root.iter()
        if isinstance(element.tag, str)
        for name in _QCODE_ATTRIBUTES
        if (value := element.get(name)) and ":" in value and "/" not in value
    }
    missing = sorted(used - known)
    if missing and others:  # another provider's catalog: not fetched, so not checked
        return [], f"qcode aliases {', '.join(missing)} left unchecked: catalog not available"
    return [f"qcode alias {alias!r} is in no referenced catalog" for alias in missing], ""


def _ninjs(data: bytes) -> Verdict:
    document = json.loads(data)
    version = _ninjs_version(document)
    validator = _ninjs_validator(version)
    errors = sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path))
    problems = [
        f"at {'/'.join(map(str, e.absolute_path)) or '(root)'}: {shorten(e.message, 200)}"
        for e in errors
    ]
    return Verdict(f"ninjs {version}", problems)


def _ninjs_version(document: Any) -> str:
    schema = str(document.get("$schema", "")) if isinstance(document, dict) else ""
    if "_2." in schema or (isinstance(document, dict) and "versioncreated" in document):
        return "2.2"
    return "3.1"


def _docexport_json(data: bytes) -> Verdict:
    from docexport.model import validate_dict  # noqa: PLC0415

    try:
        validate_dict(json.loads(data))
    except DocExportError as exc:
        return Verdict("docexport news item", [exc.reason])
    return Verdict("docexport news item")


def _docx(data: bytes) -> Verdict:
    import zipfile  # noqa: PLC0415

    required = ("[Content_Types].xml", "word/document.xml", "_rels/.rels")
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        names = set(package.namelist())
        missing = [f"missing part {name}" for name in required if name not in names]
        if missing:
            return Verdict("Office Open XML document", missing)
    import docx  # noqa: PLC0415

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # noqa: BLE001 - any failure to open is the verdict
        return Verdict("Office Open XML document", [f"python-docx cannot open it: {exc}"])
    return Verdict("Office Open XML document", note=f"{len(document.paragraphs)} paragraphs")


def _pdf(data: bytes) -> Verdict:
    from pypdf import PdfReader  # noqa: PLC0415

    try:
        pages = len(PdfReader(io.BytesIO(data)).pages)
    except Exception as exc:  # noqa: BLE001 - any failure to parse is the verdict
        return Verdict("PDF", [f"does not parse: {shorten(str(exc))}"])
    return Verdict("PDF", note=f"{pages} page{'s' if pages != 1 else ''}")


_CHECKS = {
    "nitf": _nitf,
    "ninjs": _ninjs,
    "json": _docexport_json,
    "docx": _docx,
}


@functools.cache
def _newsml_schema() -> etree.XMLSchema:
    return _xml_schema("schemas/iptc/newsml-g2/NewsML-G2_2.35-spec-All-Power.xsd")


@functools.cache
def _nitf_schema() -> etree.XMLSchema:
    return _xml_schema("schemas/iptc/nitf/nitf-3-6.xsd")


def _xml_schema(relative: str) -> etree.XMLSchema:
    # A real file path: the XSDs import xml.xsd beside them by relative schemaLocation.
    path = str(package_file(relative))
    return etree.XMLSchema(etree.parse(path, etree.XMLParser(no_network=True)))


@functools.cache
def _catalog_aliases() -> frozenset[str]:
    catalog = etree.parse(str(package_file(_CATALOG)), etree.XMLParser(no_network=True))
    return frozenset(s.get("alias") for s in catalog.iter(f"{{{NAR_NS}}}scheme"))


@functools.cache
def _ninjs_validator(version: str) -> Any:
    import jsonschema  # noqa: PLC0415
    from referencing import Registry, Resource  # noqa: PLC0415
    from referencing.jsonschema import DRAFT7  # noqa: PLC0415

    geojson = json.loads(package_file("schemas/iptc/ninjs/GeoJSON.json").read_text("utf-8"))
    registry = Registry().with_resource(
        "https://geojson.org/schema/GeoJSON.json",
        Resource.from_contents(geojson, default_specification=DRAFT7),
    )
    text = package_file(f"schemas/iptc/ninjs/ninjs-schema_{version}.json").read_text("utf-8")
    cls = jsonschema.Draft202012Validator
    return cls(json.loads(text), registry=registry, format_checker=cls.FORMAT_CHECKER)
