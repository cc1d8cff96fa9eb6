"""Building blocks of the briefing: styled paragraphs and the two kinds of table.

Every block takes its look from a named style of the template; nothing here sets a font,
a size or a colour, so restyling the template restyles the briefing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from lxml import etree

from docexport.writers.docx.scripts import W, add_run, has_cjk, is_right_to_left, new_paragraph

if TYPE_CHECKING:
    from collections.abc import Sequence

    from docexport.writers.docx.scripts import Element, Script
    from docexport.writers.docx.template import Styles

__all__ = ["Briefing", "Fact"]

_NOTE_GAP = 80  # twips (4 pt) between a table's bottom rule and the note under it
_LABEL_TWIPS = 1928  # 3.4 cm: the label column of a facts table
# tblLook: apply the style's header-row and banded-row formatting, nothing else.
_LOOK = {"val": "0420", "firstRow": "1", "lastRow": "0", "firstColumn": "0",
         "lastColumn": "0", "noHBand": "0", "noVBand": "1"}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Fact:
    """One row of a facts table: a label, a value and an optional grey note after it."""

    label: str
    value: str
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Briefing:
    """Appends blocks to a document body, in the template's styles and the item's script.

    ``end`` is the body's final ``w:sectPr``: blocks go before it, in call order.
    """

    end: Element
    styles: Styles
    script: Script
    width: int
    """The text width (page width less the side margins) in twips."""

    def heading(self, text: str, level: int = 1) -> Element:
        """A section heading (Heading 1) or a heading inside the article (Heading 2)."""
        return self.paragraph(text, f"Heading {level}")

    def paragraph(self, text: str, style: str) -> Element:
        """A paragraph of ``text`` in the named paragraph style."""
        right_to_left = is_right_to_left(text)
        paragraph = self._new(style, text, right_to_left)
        add_run(paragraph, text, self.script, right_to_left=right_to_left)
        return self._append(paragraph)

    def lead_paragraph(self, lead: str, rest: str, style: str) -> Element:
        """A paragraph opening with ``lead`` in the Strong character style, then ``rest``."""
        right_to_left = is_right_to_left(lead + rest)
        paragraph = self._new(style, lead + rest, right_to_left)
        strong = self.styles.id("Strong")
        add_run(paragraph, lead, self.script, right_to_left=right_to_left, style_id=strong)
        if rest:
            add_run(paragraph, rest, self.script, right_to_left=right_to_left)
        return self._append(paragraph)

    def note(self, text: str) -> Element:
        """A grey line under a table ("+13 more entities"), clear of its bottom rule."""
        paragraph = self._new("Table Text", text, is_right_to_left(text))
        props = paragraph.find(W + "pPr")
        # Schema order: spacing after bidi and before jc; a CJK note already has one.
        spacing = props.find(W + "spacing")
        if spacing is None:
            spacing = etree.SubElement(props, W + "spacing")
        spacing.set(W + "before", str(_NOTE_GAP))
        add_run(paragraph, text, self.script, right_to_left=is_right_to_left(text),
                style_id=self.styles.id("Meta Note"))  # fmt: skip
        return self._append(paragraph)

    def facts_table(self, facts: Sequence[Fact]) -> Element:
        """Label / value rows (title block, provenance) in the Briefing Facts style."""
        widths = (_LABEL_TWIPS, self.width - _LABEL_TWIPS)
        table = self._table("Briefing Facts", widths)
        label_style, value_style = self.styles.id("Meta Label"), self.styles.id("Meta Value")
        note_style = self.styles.id("Meta Note")
        for fact in facts:
            row = etree.SubElement(table, W + "tr")
            self._cell(row, widths[0], fact.label, label_style)
            value = self._cell(row, widths[1], fact.value, value_style)
            if fact.note:
                right_to_left = value.find(W + "pPr/" + W + "bidi") is not None
                add_run(value, f"  {fact.note}", self.script, right_to_left=right_to_left,
                        style_id=note_style)  # fmt: skip
        return table

    def data_table(
        self,
        header: Sequence[str],
        rows: Sequence[Sequence[str]],
        shares: Sequence[float],
        right_aligned: frozenset[int] = frozenset(),
    ) -> Element:
        """A table with a header row (repeated on every page) in the Briefing Table style.

        ``shares`` split the text width between the columns; columns whose index is in
        ``right_aligned`` (counts) are aligned right.
        """
        # Inner column edges on multiples of 72 twips (1/20 inch, a whole number of
        # LibreOffice's 1/100 mm) and the last column taking the rest: other widths leave a
        # hairline seam through the shaded rows in LibreOffice's PDF export.
        widths = [round(self.width * share / 72) * 72 for share in shares[:-1]]
        widths.append(self.width - sum(widths))
        table = self._table("Briefing Table", widths)
        text_style = self.styles.id("Table Text")
        for index, cells in enumerate([header, *rows]):
            row = etree.SubElement(table, W + "tr")
            if index == 0:
                etree.SubElement(etree.SubElement(row, W + "trPr"), W + "tblHeader")
            for column, (width, text) in enumerate(zip(widths, cells, strict=True)):
                align = "right" if column in right_aligned else None
                self._cell(row, width, text, text_style, align=align)
        return table

    def _table(self, style: str, widths: Sequence[int]) -> Element:
        table = etree.Element(W + "tbl")
        props = etree.SubElement(table, W + "tblPr")
        etree.SubElement(props, W + "tblStyle", {W + "val": self.styles.id(style)})
        etree.SubElement(props, W + "tblW", {W + "w": str(sum(widths)), W + "type": "dxa"})
        # Fixed layout: Word and LibreOffice use these widths instead of sizing columns by
        # their content (a long URL would otherwise squeeze every other column).
        etree.SubElement(props, W + "tblLayout", {W + "type": "fixed"})
        etree.SubElement(props, W + "tblLook", {W + key: value for key, value in _LOOK.items()})
        grid = etree.SubElement(table, W + "tblGrid")
        for width in widths:
            etree.SubElement(grid, W + "gridCol", {W + "w": str(width)})
        return self._append(table)

    def _cell(
        self, row: Element, width: int, text: str, style_id: str, align: str | None = None
    ) -> Element:
        """A cell holding one paragraph of ``text``; returns the paragraph."""
        cell = etree.SubElement(row, W + "tc")
        props = etree.SubElement(cell, W + "tcPr")
        etree.SubElement(props, W + "tcW", {W + "w": str(width), W + "type": "dxa"})
        right_to_left = is_right_to_left(text)
        paragraph = new_paragraph(
            style_id,
            right_to_left=right_to_left,
            align=align,
            overrides=self.styles.overrides_for(style_id),
            cjk=has_cjk(text),
        )
        if text:
            add_run(paragraph, text, self.script, right_to_left=right_to_left)
        cell.append(paragraph)
        return paragraph

    def _new(self, style: str, text: str, right_to_left: bool) -> Element:
        """An empty paragraph in ``style``, mirrored for right-to-left text and with an
        even line height for CJK text (``directions``)."""
        style_id = self.styles.id(style)
        return new_paragraph(
            style_id,
            right_to_left=right_to_left,
            overrides=self.styles.overrides_for(style_id),
            cjk=has_cjk(text),
        )

    def _append(self, block: Element) -> Element:
        self.end.addprevious(block)
        return block
