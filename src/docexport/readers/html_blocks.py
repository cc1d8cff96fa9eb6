"""An HTML fragment (ninjs ``body_html``, a NITF or NewsML-G2 XHTML body) as body blocks.

``<p>`` and other containers give paragraphs, ``<h1>``-``<h6>`` headings (``<h1>`` is level
2: level 1 is the item's headline), ``<blockquote>`` quotations, ``<li>`` list items
(``ordered`` inside ``<ol>``), ``<pre>`` preformatted text, ``<a href>`` links on the
characters they cover. Two ``<br>`` in a row end a paragraph, one is a space. Script,
style and other non-text elements are dropped with their content. Text is normalised as
``normalise.normalise_line`` does (``<pre>`` keeps its lines), so offsets are final.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from docexport.model import Block, BlockKind, Link
from docexport.normalise import has_no_forbidden, normalise_text
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
# The whitespace normalise_line collapses: every space but the no-break ones.
_SPACE_RUN = re.compile(r"[^\S\xa0\u202f]+")
_MAX_HREF = 4096  # the news-item schema's bound on a link address
_UNSAFE_SCHEMES = ("javascript:", "vbscript:", "data:")


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
    text: list[str] = field(default_factory=list)
    length: int = 0
    links: list[Link] = field(default_factory=list)
    link: tuple[int, str] | None = None
    """The open ``<a>``: where it started in the running block, and its address."""
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
            self.flush()
            self.style = _style_for(tag, parent, saved)
        opens_link = tag == "a" and self.link is None and self.open_link(element.get("href"))
        self.add(element.text)
        for child in element:
            self.walk(child, tag)
            self.add(child.tail)
        if opens_link:
            self.close_link()
        if tag in _BLOCKS:
            self.flush()
            self.style = saved

    def add(self, text: str | None) -> None:
        if not text:
            return
        text = normalise_text(text)
        if self.style.kind is not BlockKind.PREFORMATTED:
            text = _SPACE_RUN.sub(" ", text)
            if text.startswith(" ") and (not self.length or self.text[-1].endswith(" ")):
                text = text[1:]
        if text:
            self.text.append(text)
            self.length += len(text)
            self.after_break = self.after_break and not text.strip()

    def line_break(self) -> None:
        if self.style.kind is BlockKind.PREFORMATTED:
            self.add("\n")
        elif self.after_break:
            self.flush()  # <br><br>: the paragraph break of markup without <p>
        else:
            self.add(" ")
            self.after_break = True

    def open_link(self, href: str | None) -> bool:
        href = (href or "").strip()
        if not href or len(href) > _MAX_HREF or href.lower().startswith(_UNSAFE_SCHEMES):
            return False
        if not has_no_forbidden(href) or any(c.isspace() for c in href):
            return False  # limits.check_item would refuse the whole item for it
        self.link = (self.length, href)
        return True

    def close_link(self) -> None:
        if self.link is not None:
            start, href = self.link
            if self.length > start:
                self.links.append(Link(start=start, end=self.length, href=href))
            self.link = None

    def flush(self) -> None:
        """End the running block: emit it if it has text, carry an open link over."""
        href = self.link[1] if self.link is not None else None
        self.close_link()
        raw = "".join(self.text)
        text, shift = _trim(raw, self.style.kind)
        if text:
            self.blocks.append(
                Block(
                    kind=self.style.kind,
                    text=text,
                    level=self.style.level,
                    ordered=self.style.ordered,
                    links=_fit_links(self.links, shift, text),
                )
            )
        self.text, self.length, self.links, self.after_break = [], 0, [], False
        self.link = (0, href) if href is not None else None


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
    collector.flush()
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


def _trim(raw: str, kind: BlockKind) -> tuple[str, int]:
    """The block text without surrounding blanks, and how many characters left the front."""
    if kind is BlockKind.PREFORMATTED:
        text = raw.lstrip("\n").rstrip()  # a <pre> keeps the indentation of its first line
        return (text, len(raw) - len(raw.lstrip("\n"))) if text.strip() else ("", 0)
    text = raw.strip()
    return text, len(raw) - len(raw.lstrip())


def _fit_links(links: list[Link], shift: int, text: str) -> tuple[Link, ...]:
    """Links moved by the trimmed front, cut to the text, without blanks at their ends."""
    fitted: list[Link] = []
    for link in links:
        start, end = max(link.start - shift, 0), min(link.end - shift, len(text))
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start < end:
            fitted.append(Link(start=start, end=end, href=link.href))
    return tuple(fitted)
