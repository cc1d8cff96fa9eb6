"""The page: paper size, and the handling banner and page numbers in header and footer."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lxml import etree

from docexport.writers.docx.defaults import new_settings, new_story
from docexport.writers.docx.package import RT
from docexport.writers.docx.scripts import (
    XML_SPACE,
    W,
    add_run,
    is_right_to_left,
    new_paragraph,
)

if TYPE_CHECKING:
    from docexport.writers.docx.scripts import Element, Script
    from docexport.writers.docx.template import Document, Styles

__all__ = ["PAGE_SIZES", "banner_colours", "set_up_pages", "text_width"]

PAGE_SIZES = {"a4": (11906, 16838), "letter": (12240, 15840)}
"""Portrait paper sizes in twips by case-folded name: A4 (210 × 297 mm), US Letter
(8.5 × 11 in)."""
_DEFAULT_MARGIN = 1440  # twips: Word's margin when a template's section states none
_EMU_PER_TWIP = 635  # lengths are compared in EMU (English Metric Units), as Word stores
# them, so that a margin given in cm or inches is cut to whole twips only at the end.
_EMU_PER_UNIT = {"mm": 36000, "cm": 360000, "in": 914400, "pt": 12700, "pc": 152400,
                 "pi": 152400}  # fmt: skip
_STORIES = {"header": ("hdr", RT.HEADER), "footer": ("ftr", RT.FOOTER)}
_R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
# w:sectPr's children after the header and footer references (ECMA-376 17.6.17), in
# schema order: a new reference or page size goes before the first of these present.
_SECTION_ORDER = ("footnotePr", "endnotePr", "type", "pgSz", "pgMar", "paperSrc",
                  "pgBorders", "lnNumType", "pgNumType", "cols", "formProt", "vAlign",
                  "noEndnote", "titlePg", "textDirection", "bidi", "rtlGutter", "docGrid",
                  "printerSettings", "sectPrChange")  # fmt: skip

# Conventional banner colours (fill, text) by marking, most restrictive first so that
# "TOP SECRET" is not read as "SECRET". UNCLASSIFIED keeps the template's own colours.
_BANNERS = (
    ("TOP SECRET", ("FF8C00", "000000")),
    ("SECRET", ("C8102E", "FFFFFF")),
    ("CONFIDENTIAL", ("0033A0", "FFFFFF")),
    ("CUI", ("502B85", "FFFFFF")),
    ("CONTROLLED", ("502B85", "FFFFFF")),
    ("UNCLASSIFIED", None),
)
_OTHER_MARKING = ("404040", "FFFFFF")  # unknown markings: neutral, never "unclassified" green


def set_up_pages(
    document: Document, styles: Styles, script: Script, classification: str, page_size: str
) -> None:
    """Paper size, and banner + "Page N of M" on every page; margins stay the template's.

    A user template's own header and footer (a letterhead, say) give way: the handling
    banner must be on every page, and one header/footer for all pages guarantees it.
    """
    settings = _settings(document)
    for element in settings.findall(W + "evenAndOddHeaders"):
        settings.remove(element)
    banner_style = styles.id("Handling Banner")
    for section in document.sections:
        width, height = PAGE_SIZES.get(page_size.casefold(), PAGE_SIZES["a4"])
        size = _get_or_add(section, "pgSz")
        size.set(W + "w", str(width))
        size.set(W + "h", str(height))
        for element in section.findall(W + "titlePg"):  # one header for every page
            section.remove(element)
        header = _story(document, section, "header")
        footer = _story(document, section, "footer")
        _clear(header)
        header.append(_banner(banner_style, classification, script))
        _clear(footer)
        footer.append(_page_numbers(styles.id("Footer")))
        footer.append(_banner(banner_style, classification, script))


def text_width(section: Element) -> int:
    """The width between the side margins of the section ``section``, in twips."""
    size = section.find(W + "pgSz")
    page = _emu(size.get(W + "w")) if size is not None else None
    margins = section.find(W + "pgMar")
    left = _emu(margins.get(W + "left")) if margins is not None else None
    right = _emu(margins.get(W + "right")) if margins is not None else None
    page = page or PAGE_SIZES["a4"][0] * _EMU_PER_TWIP
    left = left if left is not None else _DEFAULT_MARGIN * _EMU_PER_TWIP
    right = right if right is not None else _DEFAULT_MARGIN * _EMU_PER_TWIP
    return int((page - left - right) / _EMU_PER_TWIP)


def banner_colours(classification: str) -> tuple[str, str] | None:
    """(fill, text) hex colours for the marking; ``None``: the template's banner style."""
    marking = classification.upper()
    for keyword, colours in _BANNERS:
        if keyword in marking:
            return colours
    return _OTHER_MARKING


def _banner(style_id: str, classification: str, script: Script) -> Element:
    """The handling line: the marking in the Handling Banner style, recoloured by level."""
    colours = banner_colours(classification)
    fill, text = colours if colours is not None else (None, None)
    right_to_left = is_right_to_left(classification)
    paragraph = new_paragraph(style_id, right_to_left=right_to_left, fill=fill)
    add_run(paragraph, classification, script, right_to_left=right_to_left, colour=text)
    return paragraph


def _emu(value: str | None) -> int | None:
    """A length attribute in EMU: whole twips, or a number with a unit (``2cm``)."""
    if value is None:
        return None
    if "i" in value or "m" in value or "p" in value:
        return round(float(value[:-2]) * _EMU_PER_UNIT[value[-2:]])
    return int(value) * _EMU_PER_TWIP


def _settings(document: Document) -> Element:
    """The document's settings, a new settings part if the template has none."""
    part = document.part.related(document.package, RT.SETTINGS)
    if part is None:
        part = document.package.add(new_settings())
        document.part.relate_to(part, RT.SETTINGS)
    assert part.element is not None  # a settings part is parsed
    return part.element


def _story(document: Document, section: Element, kind: str) -> Element:
    """The root of the section's default header or footer (``kind``), a new empty part
    if it has none."""
    tag = W + kind + "Reference"
    reference = next((r for r in section.iterchildren(tag) if r.get(W + "type") == "default"), None)
    if reference is not None:
        part = document.package.parts[document.part.rels[reference.get(_R_ID, "")].target]
    else:
        package = document.package
        root_tag, reltype = _STORIES[kind]
        part = package.add(new_story(root_tag, package.next_name(f"/word/{kind}%d.xml")))
        rel_id = document.part.relate_to(part, reltype)
        reference = _insert(section, etree.Element(tag, nsmap={"w": W[1:-1]}), _SECTION_ORDER)
        reference.set(W + "type", "default")
        reference.set(_R_ID, rel_id)
    assert part.element is not None  # headers and footers are parsed
    return part.element


def _get_or_add(section: Element, name: str) -> Element:
    found = section.find(W + name)
    if found is None:
        after = _SECTION_ORDER[_SECTION_ORDER.index(name) + 1 :]
        found = _insert(section, etree.Element(W + name, nsmap={"w": W[1:-1]}), after)
    return found


def _insert(parent: Element, child: Element, successors: tuple[str, ...]) -> Element:
    """``child`` before the first of ``successors`` found (by that list's order, as
    python-docx inserted them), else at the end."""
    following = next(
        (f for f in (parent.find(W + name) for name in successors) if f is not None), None
    )
    if following is None:
        parent.append(child)
    else:
        following.addprevious(child)
    return child


def _clear(container: Element) -> None:
    for child in list(container):
        container.remove(child)


def _page_numbers(style_id: str) -> Element:
    """The line "Page N of M", with PAGE and NUMPAGES fields for N and M.

    Each field shows "1" until Word or LibreOffice lays the pages out, which they do for
    header and footer fields on opening: no "update fields" flag is needed (that flag
    makes Word ask the user a question when the file opens).
    """
    paragraph = new_paragraph(style_id)
    _text_run(paragraph, "Page ")
    _field(paragraph, "PAGE")
    _text_run(paragraph, " of ")
    _field(paragraph, "NUMPAGES")
    return paragraph


def _text_run(paragraph: Element, text: str) -> Element:
    run = etree.SubElement(paragraph, W + "r")
    node = etree.SubElement(run, W + "t", {XML_SPACE: "preserve"})
    node.text = text
    return run


def _field(paragraph: Element, instruction: str) -> None:
    for kind in ("begin", "instr", "separate", "result", "end"):
        run = etree.SubElement(paragraph, W + "r")
        if kind == "instr":
            code = etree.SubElement(run, W + "instrText", {XML_SPACE: "preserve"})
            code.text = f" {instruction} \\* MERGEFORMAT "
        elif kind == "result":
            etree.SubElement(run, W + "t").text = "1"
        else:
            etree.SubElement(run, W + "fldChar", {W + "fldCharType": kind})
