"""Paragraphs and tables of the body, each with the role its style gives it (title,
heading, quote, list item, preformatted), its text and its links."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from lxml import etree

from docexport.model import Link
from docexport.readers.blocks import InlineText, safe_href
from docexport.readers.docx.package import RELATIONSHIPS, W, related

if TYPE_CHECKING:
    from collections.abc import Iterator

    from docx.document import Document
    from lxml.etree import _Element

__all__ = ["Paragraph", "cell_text", "read_paragraphs"]

_R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


# Inside a paragraph: not the article's text (deleted, moved away, drawings and the text
# boxes in them, embedded objects, Word's alternative renderings of both).
_NOT_TEXT = frozenset(
    f"{W}{name}" for name in ("del", "moveFrom", "drawing", "pict", "object", "rPr", "pPr")
) | {"{http://schemas.openxmlformats.org/markup-compatibility/2006}AlternateContent"}
_ROLES = {
    **{name: name for name in ("title", "subtitle")},
    **dict.fromkeys(("quote", "intense quote", "quotations"), "quote"),
    **{"list bullet": "bullet", "list number": "number"},
    **dict.fromkeys(("preformatted text", "html preformatted", "plain text"), "pre"),
}
_OUTLINE_LEVELS = frozenset("012345678")  # 9: body text


@dataclass(frozen=True, slots=True)
class Paragraph:
    role: str | None
    """``title``, ``subtitle``, ``h1``-``h6``, ``quote``, ``bullet``, ``number``, ``pre``."""
    text: str
    links: tuple[Link, ...] = ()
    ordered: bool = False


def read_paragraphs(document: Document) -> Iterator[Paragraph]:
    """Every paragraph and table of the body, in order, with what its style makes it."""
    roles = _style_roles(document)
    numbering = _numbering(document)
    hrefs = {
        rel.rId: rel.target_ref
        for rel in document.part.rels.values()
        if rel.is_external and rel.reltype == RELATIONSHIPS + "hyperlink"
    }
    for element in _body_elements(document.element.body):
        if element.tag == f"{W}tbl":
            yield Paragraph("table", _table_text(element))
            continue
        style = element.find(f"{W}pPr/{W}pStyle")
        role = roles.get(style.get(f"{W}val", "") if style is not None else "")
        ordered = role == "number"
        outline = element.find(f"{W}pPr/{W}outlineLvl")  # a heading by direct formatting
        level = outline.get(f"{W}val", "") if outline is not None else ""
        if role is None and level in _OUTLINE_LEVELS:
            role = f"h{min(int(level) + 1, 6)}"
        if (number := _number_of(element, numbering)) is not None and role in (None, "bullet"):
            role, ordered = "number" if number else "bullet", number
        if role == "pre":
            yield Paragraph(role, _raw_text(element))
        else:
            yield Paragraph(role, *_text(element, hrefs), ordered=ordered)


def _body_elements(container: _Element) -> Iterator[_Element]:
    """Paragraphs and tables, also those inside content controls and custom XML."""
    for child in container.iterchildren(f"{W}p", f"{W}tbl", f"{W}sdt", f"{W}customXml"):
        if child.tag in (f"{W}p", f"{W}tbl"):
            yield child
        else:
            content = child.find(f"{W}sdtContent")
            yield from _body_elements(child if content is None else content)


def _text(paragraph: _Element, hrefs: dict[str, str]) -> tuple[str, tuple[Link, ...]]:
    """The paragraph's text (whitespace collapsed) with its links."""
    text = InlineText()
    walker = etree.iterwalk(paragraph, events=("start", "end"))
    for event, element in walker:
        if element.tag == f"{W}hyperlink":
            if event == "start":
                text.open_link(safe_href(hrefs.get(element.get(_R_ID, ""), "")))
            else:
                text.close_link()
        elif event == "start":
            text.add(_characters(element, walker))
    return text.finish(trim_links=True)


def _raw_text(paragraph: _Element) -> str:
    """The paragraph's text with its tabs and line breaks, for preformatted text."""
    walker = etree.iterwalk(paragraph, events=("start",))
    return "".join(_characters(element, walker) for _, element in walker).rstrip()


def _characters(element: _Element, walker: Any) -> str:
    if element.tag in _NOT_TEXT:
        walker.skip_subtree()
    return element.text or "" if element.tag == f"{W}t" else _CHARACTERS.get(element.tag, "")


_CHARACTERS = {f"{W}tab": "\t", f"{W}br": "\n", f"{W}cr": "\n", f"{W}noBreakHyphen": "-"}


def _table_text(table: _Element) -> str:
    rows = (map(cell_text, row.iterchildren(f"{W}tc")) for row in table.iterchildren(f"{W}tr"))
    return "\n".join(" | ".join(cells) for cells in rows).strip()


def cell_text(cell: _Element) -> str:
    """A cell's paragraphs as one line (a table inside a cell is left out)."""
    return " ".join(filter(None, (_text(p, {})[0] for p in cell.iterchildren(f"{W}p"))))


def _style_roles(document: Document) -> dict[str, str]:
    """Style id → role, from the style's name or the first along its "based on" chain."""
    names: dict[str, str] = {}
    based_on: dict[str, str] = {}
    root = related(document.part, RELATIONSHIPS + "styles")
    for style in root.iterchildren(f"{W}style") if root is not None else ():
        style_id = style.get(f"{W}styleId", "")
        name, parent = style.find(f"{W}name"), style.find(f"{W}basedOn")
        names[style_id] = (name.get(f"{W}val", "") if name is not None else "").casefold()
        if parent is not None:
            based_on[style_id] = parent.get(f"{W}val", "")
    resolved: dict[str, str | None] = {}  # each style is walked once: linear in styles
    for start in names:
        chain: dict[str, None] = {}  # ordered set; a "based on" loop ends the walk
        current: str | None = start
        role = None
        while current is not None and current not in chain:
            if current in resolved:
                role = resolved[current]
                break
            chain[current] = None
            if role := _role_of(names.get(current, "")):
                break
            current = based_on.get(current)
        resolved.update(dict.fromkeys(chain, role))
    return {style_id: role for style_id, role in resolved.items() if role}


def _role_of(name: str) -> str | None:
    base, _, number = name.rpartition(" ")
    if base == "heading" and number.isdigit():
        return f"h{min(max(int(number), 1), 6)}"
    return _ROLES.get(base if number.isdigit() else name)


def _numbering(document: Document) -> dict[tuple[str, str], bool]:
    """(numId, level) → numbered (True) or bulleted, from the numbering part."""
    root = related(document.part, RELATIONSHIPS + "numbering")
    if root is None:
        return {}
    abstract = {a.get(f"{W}abstractNumId"): a for a in root.iterchildren(f"{W}abstractNum")}
    kinds = {}
    for num in root.iterchildren(f"{W}num"):
        ref = num.find(f"{W}abstractNumId")
        definition = abstract.get(ref.get(f"{W}val") if ref is not None else None)
        for level in definition.iterchildren(f"{W}lvl") if definition is not None else ():
            fmt = level.find(f"{W}numFmt")
            value = fmt.get(f"{W}val", "") if fmt is not None else "decimal"
            kinds[(num.get(f"{W}numId", ""), level.get(f"{W}ilvl", "0"))] = value not in (
                "bullet",
                "none",
            )
    return kinds


def _number_of(paragraph: _Element, numbering: dict[tuple[str, str], bool]) -> bool | None:
    """Whether a directly numbered paragraph is numbered (True) or bulleted; ``None``:
    not in a list (numId 0 takes a paragraph out of its style's list)."""
    num = paragraph.find(f"{W}pPr/{W}numPr")
    if num is None:
        return None
    num_id, level = num.find(f"{W}numId"), num.find(f"{W}ilvl")
    key = num_id.get(f"{W}val", "0") if num_id is not None else "0"
    if key == "0":
        return None
    return numbering.get((key, level.get(f"{W}val", "0") if level is not None else "0"), False)
