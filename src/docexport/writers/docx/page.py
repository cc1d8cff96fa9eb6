"""The page: paper size, and the handling banner and page numbers in header and footer."""

from __future__ import annotations

from typing import TYPE_CHECKING

from docx.shared import Twips
from lxml import etree

from docexport.writers.docx.scripts import (
    XML_SPACE,
    W,
    add_run,
    is_right_to_left,
    new_paragraph,
)

if TYPE_CHECKING:
    from docx.document import Document
    from docx.section import Section

    from docexport.writers.docx.scripts import Element, Script
    from docexport.writers.docx.template import Styles

__all__ = ["PAGE_SIZES", "banner_colours", "set_up_pages", "text_width"]

PAGE_SIZES = {"a4": (Twips(11906), Twips(16838)), "letter": (Twips(12240), Twips(15840))}
"""Portrait paper sizes by case-folded name: A4 (210 × 297 mm), US Letter (8.5 × 11 in)."""
_DEFAULT_MARGIN = Twips(1440)  # Word's margin when a template's section states none

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
    document.settings.odd_and_even_pages_header_footer = False
    banner_style = styles.id("Handling Banner")
    for section in document.sections:
        size = PAGE_SIZES.get(page_size.casefold(), PAGE_SIZES["a4"])
        section.page_width, section.page_height = size
        section.different_first_page_header_footer = False
        section.header.is_linked_to_previous = False
        section.footer.is_linked_to_previous = False
        header, footer = section.header.part.element, section.footer.part.element
        _clear(header)
        header.append(_banner(banner_style, classification, script))
        _clear(footer)
        footer.append(_page_numbers(styles.id("Footer")))
        footer.append(_banner(banner_style, classification, script))


def text_width(section: Section) -> int:
    """The width between the side margins, in twips."""
    page = section.page_width or PAGE_SIZES["a4"][0]
    left = section.left_margin if section.left_margin is not None else _DEFAULT_MARGIN
    right = section.right_margin if section.right_margin is not None else _DEFAULT_MARGIN
    return int((page - left - right) / Twips(1))


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
