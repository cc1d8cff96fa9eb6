"""DOCX container and template cache: zipped once, template parsed once, nothing shared.

The writer keeps one parsed blank per template and deep-copies it for each briefing, and
zips the parts itself; these tests check what that must never change: a briefing does not
leak into the next one, the archive is what python-docx's own ``save`` would hold (same
parts, same content types) with fixed dates and sorted names.
"""

from __future__ import annotations

import io
import zipfile
from typing import TYPE_CHECKING

import docx
from lxml import etree

from docexport.readers.text import read_bytes
from docexport.writers import WriterOptions
from docexport.writers.docx import render_docx
from docexport.writers.docx.package import ZIP_EPOCH, package_bytes
from docexport.writers.docx.template import open_template

if TYPE_CHECKING:
    from docexport.model import NewsItem

FIRST = b"Harbour reopens\n\nThe harbour of Portmere reopened on Monday after a week of storms.\n"
SECOND = (
    b"Council votes on budget\n\nCouncillors in Ardley voted 7 to 2 for the budget.\n\n"
    b'"It is a fair budget," said the mayor, Jane Okafor.\n'
)


def item(text: bytes, name: str) -> NewsItem:
    return read_bytes(text, name)


def test_a_briefing_does_not_leak_into_the_next() -> None:
    options = WriterOptions()
    first = render_docx(item(FIRST, "first.txt"), options)
    render_docx(item(SECOND, "second.txt"), options)
    again = render_docx(item(FIRST, "first.txt"), options)
    assert again == first
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(again)).paragraphs)
    assert "Portmere" in text
    assert "Ardley" not in text


def test_each_template_copy_is_its_own() -> None:
    one, _ = open_template(None)
    one.add_paragraph("only in the first copy")
    two, _ = open_template(None)
    assert all(p.text != "only in the first copy" for p in two.paragraphs)
    assert one.part.package is not two.part.package


def test_every_element_of_a_copy_is_inside_one_of_its_parts() -> None:
    """A deep copy of a cached inner element would be a tree of its own, detached from
    the part that gets written: edits through it would silently vanish."""
    document, _ = open_template(None)
    roots = {
        id(part.element) for part in document.part.package.iter_parts() if hasattr(part, "element")
    }
    seen: set[int] = set()
    stack: list[object] = [document]
    while stack:
        current = stack.pop()
        if id(current) in seen or isinstance(current, (str, bytes, int, float, type)):
            continue
        seen.add(id(current))
        if isinstance(current, etree._Element):
            assert id(current.getroottree().getroot()) in roots, current.tag
            continue
        if isinstance(current, dict):
            stack.extend(current.values())
        elif isinstance(current, (list, tuple, set)):
            stack.extend(current)
        elif hasattr(current, "__dict__"):
            stack.extend(vars(current).values())


def test_archive_is_sorted_dated_and_holds_what_python_docx_saves() -> None:
    document, _ = open_template(None)
    document.add_paragraph("Storm warning lifted")
    saved = io.BytesIO()
    document.save(saved)
    ours = zipfile.ZipFile(io.BytesIO(package_bytes(document)))
    theirs = zipfile.ZipFile(saved)
    names = ours.namelist()
    assert names == sorted(names)
    assert names[0] == "[Content_Types].xml"
    assert sorted(theirs.namelist()) == names
    for info in ours.infolist():
        assert info.date_time == ZIP_EPOCH
        assert info.external_attr == 0o644 << 16
        assert ours.read(info.filename) == theirs.read(info.filename), info.filename
