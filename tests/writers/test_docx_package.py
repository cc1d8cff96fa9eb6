"""DOCX container and template cache: read and zipped without python-docx, nothing shared.

The writer reads the template's package itself (lxml + zipfile), keeps one parsed blank
per template, copies it for each briefing and zips the parts once. python-docx, which the
writer used to load and save packages with, is the oracle here: for the same package our
reader and writer give the very bytes its ``Document(...).save`` gives, and the parts we
add to a template lacking them are the ones it added. So briefings did not change when
the writer stopped importing it.
"""

from __future__ import annotations

import io
import re
import zipfile
from typing import TYPE_CHECKING

import docx
import pytest
from docx.opc.packuri import PackURI
from docx.opc.parts.coreprops import CorePropertiesPart
from docx.opc.spec import default_content_types
from docx.oxml.ns import qn
from docx.parts.hdrftr import FooterPart, HeaderPart
from docx.parts.settings import SettingsPart
from lxml import etree

from docexport.readers.text import read_bytes
from docexport.writers import WriterOptions
from docexport.writers.docx import render_docx
from docexport.writers.docx.defaults import new_core_properties, new_settings, new_story
from docexport.writers.docx.package import (
    _DEFAULT_TYPES,
    ZIP_EPOCH,
    package_bytes,
    read_package,
    serialise,
)
from docexport.writers.docx.scripts import W
from docexport.writers.docx.template import PACKAGED_TEMPLATE, open_template
from tests.conftest import REPO

if TYPE_CHECKING:
    from pathlib import Path

    from docexport.model import NewsItem

TEMPLATE = REPO / PACKAGED_TEMPLATE
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
FIRST = b"Harbour reopens\n\nThe harbour of Portmere reopened on Monday after a week of storms.\n"
SECOND = (
    b"Council votes on budget\n\nCouncillors in Ardley voted 7 to 2 for the budget.\n\n"
    b'"It is a fair budget," said the mayor, Jane Okafor.\n'
)


def item(text: bytes, name: str) -> NewsItem:
    return read_bytes(text, name)


def parts_of(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def zipped(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return out.getvalue()


def python_docx_saves(data: bytes) -> dict[str, bytes]:
    saved = io.BytesIO()
    docx.Document(io.BytesIO(data)).save(saved)
    return parts_of(saved.getvalue())


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
    etree.SubElement(one.body, W + "p").text = "only in the first copy"
    styles = one.package.parts["/word/styles.xml"].element
    styles.append(etree.Element(W + "style"))
    two, _ = open_template(None)
    assert "only in the first copy" not in etree.tostring(two.element, encoding="unicode")
    assert len(two.package.parts["/word/styles.xml"].element) == len(styles) - 1
    assert one.package is not two.package
    for name, part in one.package.parts.items():
        if part.element is not None:
            assert part.element is not two.package.parts[name].element, name


# A template as Word or LibreOffice may write one: indented XML, an absolute target, an
# image, and a part nothing refers to (python-docx dropped it, so do we).
def _unusual_template() -> bytes:
    parts = parts_of(TEMPLATE.read_bytes())
    rels = parts["word/_rels/document.xml.rels"].decode()
    rels = rels.replace('Target="styles.xml"', 'Target="/word/styles.xml"').replace(
        "</Relationships>",
        f'<Relationship Id="rId9" Type="{R}/image" Target="media/logo.PNG"/></Relationships>',
    )
    parts["word/_rels/document.xml.rels"] = rels.encode()
    for name in ("word/styles.xml", "word/document.xml", "docProps/core.xml"):
        tree = etree.fromstring(parts[name])
        parts[name] = etree.tostring(tree, pretty_print=True, xml_declaration=True,
                                     encoding="UTF-8", standalone=True)  # fmt: skip
    parts["word/media/logo.PNG"] = b"\x89PNG\r\n\x1a\n" + bytes(40)
    parts["customXml/orphan.xml"] = b"<orphan/>"
    types = parts["[Content_Types].xml"].decode()
    parts["[Content_Types].xml"] = types.replace(
        "<Default ", '<Default Extension="png" ContentType="image/png"/><Default ', 1
    ).encode()
    return zipped(parts)


@pytest.mark.parametrize("template", ["packaged", "unusual"])
def test_a_package_is_written_back_as_python_docx_saved_it(template: str) -> None:
    data = TEMPLATE.read_bytes() if template == "packaged" else _unusual_template()
    ours = parts_of(package_bytes(read_package(data)))
    assert ours == python_docx_saves(data)
    assert "customXml/orphan.xml" not in ours


def test_archive_is_sorted_and_dated_with_content_types_first() -> None:
    archive = zipfile.ZipFile(io.BytesIO(render_docx(item(FIRST, "first.txt"), WriterOptions())))
    names = archive.namelist()
    assert names == sorted(names)
    assert names[0] == "[Content_Types].xml"
    for info in archive.infolist():
        assert info.date_time == ZIP_EPOCH
        assert info.external_attr == 0o644 << 16


def test_default_content_types_are_the_opc_specs() -> None:
    assert set(default_content_types) == _DEFAULT_TYPES


def test_new_header_and_footer_are_python_docx_s_emptied() -> None:
    package = docx.Document().part.package
    for ours, theirs in ((new_story("hdr", "/word/header1.xml"), HeaderPart.new(package)),
                         (new_story("ftr", "/word/footer1.xml"), FooterPart.new(package))):  # fmt: skip
        for child in list(theirs.element):  # the empty paragraph: the writer drops it too
            theirs.element.remove(child)
        assert serialise(ours.element) == theirs.blob
        assert (ours.name, ours.content_type) == (theirs.partname, theirs.content_type)


def test_new_settings_are_python_docx_s() -> None:
    theirs = SettingsPart.default(docx.Document().part.package)
    ours = new_settings()
    assert serialise(ours.element) == theirs.blob
    assert (ours.name, ours.content_type) == (theirs.partname, theirs.content_type)


def test_new_core_properties_are_python_docx_s_without_the_clock() -> None:
    part = CorePropertiesPart.default(docx.Document().part.package)
    for modified in part.element.findall(qn("dcterms:modified")):
        part.element.remove(modified)  # the wall clock: the writer drops it
    ours = new_core_properties()
    assert serialise(ours.element) == part.blob
    assert ours.name == PackURI("/docProps/core.xml")


def _without(data: bytes, part: str, rel_id: str, rels: str) -> bytes:
    parts = parts_of(data)
    del parts[part]
    parts[rels] = re.sub(rf'<Relationship Id="{rel_id}"[^>]*/>'.encode(), b"", parts[rels])
    return zipped(parts)


@pytest.mark.parametrize(
    ("missing", "rel_id", "rels"),
    [("word/settings.xml", "rId3", "word/_rels/document.xml.rels"),
     ("docProps/core.xml", "rId2", "_rels/.rels")],
)  # fmt: skip
def test_a_template_lacking_settings_or_core_properties_gets_them(
    tmp_path: Path, missing: str, rel_id: str, rels: str
) -> None:
    template = tmp_path / "lacking.docx"
    template.write_bytes(_without(TEMPLATE.read_bytes(), missing, rel_id, rels))
    data = render_docx(item(FIRST, "first.txt"), WriterOptions(template=template))
    assert missing in parts_of(data)
    document = docx.Document(io.BytesIO(data))
    assert document.core_properties.title == "Harbour reopens"
    assert document.settings.odd_and_even_pages_header_footer is False


def test_margins_in_centimetres_give_the_tables_their_width(tmp_path: Path) -> None:
    """A4 is 11,906 twips wide; 1,134 + 2 cm (1,133.86 twips) of margins leave 9,638."""
    parts = parts_of(TEMPLATE.read_bytes())
    parts["word/document.xml"] = parts["word/document.xml"].replace(
        b'w:right="1134"', b'w:right="2cm"'
    )
    template = tmp_path / "cm.docx"
    template.write_bytes(zipped(parts))
    data = render_docx(item(FIRST, "first.txt"), WriterOptions(template=template))
    body = etree.fromstring(parts_of(data)["word/document.xml"])
    widths = {w.get(W + "w") for w in body.iter(W + "tblW")}
    assert widths == {"9638"}
