"""The .docx container, zipped once and reproducibly: fixed zip timestamps, sorted entries.

python-docx's ``save`` stamps every zip entry with the wall clock, so two renders of the
same item would differ in their bytes; re-writing its archive with fixed dates cost a second
deflate of every part (about a quarter of a briefing's time). ``package_bytes`` instead
serialises the parts of a python-docx document itself and zips them once, with a fixed
``date_time``, fixed permissions and sorted names: the output is a function of the input
alone, byte for byte what ``save`` followed by ``deterministic_zip`` gives.
"""

from __future__ import annotations

import io
import zipfile
from typing import TYPE_CHECKING

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.oxml import CT_Types, serialize_part_xml
from docx.opc.spec import default_content_types

if TYPE_CHECKING:
    from collections.abc import Iterable

    from docx.document import Document
    from docx.opc.part import Part

__all__ = ["ZIP_EPOCH", "deterministic_zip", "package_bytes"]

ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
"""The earliest time a zip entry can carry (DOS date): used for every entry."""


def package_bytes(document: Document) -> bytes:
    """``document`` as .docx bytes: every part serialised once and zipped once."""
    package = document.part.package
    parts = list(package.iter_parts())
    entries = {
        "[Content_Types].xml": _content_types(parts),
        "_rels/.rels": package.rels.xml,
    }
    for part in parts:
        part.before_marshal()
        entries[part.partname.membername] = part.blob
        if len(part.rels):
            entries[part.partname.rels_uri.membername] = part.rels.xml
    return _zip(entries.items())


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
    """``[Content_Types].xml`` for ``parts``, as python-docx's writer composes it: an
    extension's default where the OPC spec has one for that type, else a per-part
    override; both sorted, so the bytes follow from the parts alone."""
    defaults = {"rels": CT.OPC_RELATIONSHIPS, "xml": CT.XML}
    overrides = {}
    for part in parts:
        extension = part.partname.ext.lower()
        if (extension, part.content_type) in default_content_types:
            defaults[extension] = part.content_type
        else:
            overrides[part.partname] = part.content_type
    types = CT_Types.new()
    for extension in sorted(defaults):
        types.add_default(extension, defaults[extension])
    for partname in sorted(overrides):
        types.add_override(partname, overrides[partname])
    return serialize_part_xml(types)
