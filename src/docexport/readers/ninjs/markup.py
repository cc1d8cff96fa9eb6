"""A ninjs HTML body (``body_html``, a ``text/html`` entry of ``bodies``) as body blocks.

``<p>`` and other containers give paragraphs, ``<h1>``-``<h6>`` headings (``<h1>`` is level
2: level 1 is the item's headline), ``<blockquote>`` quotations, ``<li>`` list items
(``ordered`` inside ``<ol>``), ``<pre>`` preformatted text, ``<a href>`` links on the
characters they cover. Two ``<br>`` in a row end a paragraph, one is a space. Script,
style and other non-text elements are dropped with their content. Text is normalised as
``normalise.normalise_line`` does (``<pre>`` keeps its lines), so offsets are final.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from docexport.model import Block, BlockKind
from docexport.normalise import normalise_text
from docexport.readers.blocks import SCRIPT_SCHEMES, InlineText, safe_href
from docexport.xmlsafe import parse_html

if TYPE_CHECKING:
    from lxml.etree import _Element

__all__ = ["blocks_from_html"]

# Elements whose content is no article text (code, styling, embedded media, form widgets).
_SKIP = frozenset(
    {"script", "style", "noscript", "template", "head", "title", "iframe", "object", "embed"}
    | {"svg", "math", "canvas", "audio", "video", "select", "textarea", "button", "noembed"}
    | {"noframes", "frameset"}
)
_HEADING_LEVELS = {"h1": 2, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
# Elements that end the running block; anything else is inline (b, span, a, ...).
_BLOCKS = frozenset(
    {"p", "div", "section", "article", "main", "header", "footer", "aside", "nav", "figure"}
    | {"figcaption", "body", "html", "ul", "ol", "dl", "dd", "dt", "table", "thead", "tbody"}
    | {"tfoot", "tr", "td", "th", "caption", "address", "hr", "center", "details", "summary"}
    | {"fieldset", "form", "legend", "hgroup", "li", "blockquote", "pre", "h1", "h2", "h3"}
    | {"h4", "h5", "h6"}
)


@dataclass(frozen=True, slots=True)
class _Style:
    kind: BlockKind = BlockKind.PARAGRAPH
    level: int | None = None
    ordered: bool = False


@dataclass(slots=True)
class _Collector:
    """Walks the tree, gathering the running block's text and links, emitting blocks."""

    blocks: list[Block] = field(default_factory=list)
    style: _Style = _Style()
    line: InlineText = field(default_factory=InlineText)
    link: str | None = None
    """The address of the open ``<a>``: a link that spans blocks goes on in the next."""
    after_break: bool = False

    def walk(self, element: _Element, parent: str = "") -> None:
        tag = element.tag.lower() if isinstance(element.tag, str) else ""
        if tag in _SKIP:
            return
        if tag == "br":
            self.line_break()
            return
        saved = self.style
        if tag in _BLOCKS:
            self.flush(_style_for(tag, parent, saved))
        href = (
            safe_href(element.get("href"), SCRIPT_SCHEMES, fold=str.lower) if tag == "a" else None
        )
        opens_link = self.link is None and self.line.open_link(href)
        self.link = href if opens_link else self.link
        self.add(element.text)
        for child in element:
            self.walk(child, tag)
            self.add(child.tail)
        if opens_link:
            self.line.close_link()
            self.link = None
        if tag in _BLOCKS:
            self.flush(saved)

    def add(self, text: str | None) -> None:
        if self.line.add(text):
            self.after_break = False

    def line_break(self) -> None:
        if self.style.kind is BlockKind.PREFORMATTED:
            self.add("\n")
        elif self.after_break:
            self.flush(self.style)  # <br><br>: the paragraph break of markup without <p>
        else:
            self.line.space()
            self.after_break = True

    def flush(self, style: _Style) -> None:
        """End the running block (emitted if it has text); the next one is in ``style``."""
        text, links = self.line.finish(trim_links=True)
        if text:
            kind, level, ordered = self.style.kind, self.style.level, self.style.ordered
            self.blocks.append(
                Block(kind=kind, text=text, level=level, ordered=ordered, links=links)
            )
        self.style, self.after_break = style, False
        self.line = InlineText(preformatted=style.kind is BlockKind.PREFORMATTED)
        self.line.open_link(self.link)


def blocks_from_html(fragment: str) -> tuple[Block, ...]:
    """The body blocks of an HTML fragment, in reading order (empty if it has no text).

    Raises ``InputError`` for markup ``xmlsafe.parse_html`` refuses (entity declarations,
    over 10 MiB, nested too deep).
    """
    # The charset declaration makes libxml2 read the bytes as UTF-8 (it assumes Latin-1).
    data = b'<meta charset="utf-8">' + normalise_text(fragment).encode("utf-8")
    root = parse_html(data)
    collector = _Collector()
    for body in root.iter("body"):
        collector.walk(body)
    collector.flush(collector.style)
    return tuple(collector.blocks)


def _style_for(tag: str, parent: str, current: _Style) -> _Style:
    if tag in _HEADING_LEVELS:
        return _Style(BlockKind.HEADING, level=_HEADING_LEVELS[tag])
    if tag == "li":
        return _Style(BlockKind.LIST_ITEM, ordered=parent == "ol")
    if tag == "blockquote":
        return _Style(BlockKind.BLOCKQUOTE)
    if tag == "pre":
        return _Style(BlockKind.PREFORMATTED)
    return current  # a paragraph in a quotation is part of the quotation
