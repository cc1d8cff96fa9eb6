"""The article text of a page, as body blocks: trafilatura finds it, we keep its structure.

trafilatura drops navigation, ads, asides, share bars, related links, scripts, styles,
comments and cookie banners, and returns the article as its own small XML (``p``,
``head rend="h2"``, ``quote``, ``list rend="ol"``/``item``, ``table``/``row``/``cell``,
``code``, ``ref target``, ``hi``, ``lb``). It is given the decoded text, never a URL, so
it fetches nothing; it is imported here, on first use, because it costs ~0.4 s.
"""

from __future__ import annotations

import functools
import re
import sys
import unicodedata
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit

from lxml import etree

from docexport.errors import UnknownFormatError
from docexport.model import Block, BlockKind
from docexport.normalise import XML_FORBIDDEN
from docexport.readers.blocks import MAX_HREF_CHARS, InlineText

if TYPE_CHECKING:
    from collections.abc import Iterator
    from types import ModuleType

    from lxml.etree import _Element

__all__ = ["extract_blocks"]

_SAFE_SCHEMES = frozenset({"http", "https", "mailto", "ftp", "tel"})
_POST_RUN = 3
_SECTION = 2  # Block.level of a section heading
_BLOCK_TAGS = frozenset({"p", "head", "list", "quote", "table", "code", "div"})


def extract_blocks(root: _Element, base_url: str | None = None) -> list[Block]:
    """The article's blocks in reading order (empty when trafilatura finds no article).

    ``root`` is the page as ``xmlsafe.parse_html`` parsed it (it is changed here), so that
    trafilatura sees no more than our hardened parser did. Relative link targets are
    resolved against ``base_url`` when the page gives one; ``javascript:`` and other
    unsafe targets are dropped (the text stays).
    """
    trafilatura = _trafilatura()
    _merge_posts(root)
    # The page goes as markup, not as our tree: trafilatura cleans the text of characters
    # XML forbids and re-parses, which can nest elements differently (a ``<div>`` in a
    # ``<p>``); handed the tree, 2 of our test pages came out otherwise, to save ~5 %.
    document = trafilatura.bare_extraction(
        etree.tostring(root, encoding="unicode", method="html"), options=_extractor()
    )
    body = getattr(document, "body", None)
    return [] if body is None else list(_blocks(body, base_url))


@functools.cache
def _extractor() -> Any:
    """trafilatura's options, built once: per call they cost ~5 % of a page (its config
    is read with ``configparser`` each time). Not the "python" format, which would also
    render the article as plain text (~15 % of a page) for a ``text`` we never read; the
    extraction itself does not depend on the format. Never mutated by trafilatura.
    ``fast`` stays off: without its readability/jusText comparison a page costs ~40 %
    less, and the same on our 18 test pages, but recall drops on real pages (F1 0.909
    against 0.900 on trafilatura's own 750-page benchmark)."""
    from trafilatura.settings import Extractor  # noqa: PLC0415 - imported with trafilatura

    return Extractor(
        output_format="xml",
        comments=False,
        formatting=True,
        links=True,
        tables=True,
        images=False,
        dedup=False,
        with_metadata=False,
    )


def _trafilatura() -> ModuleType:
    """trafilatura, imported on first use (only HTML input pays for it).

    Without its language identifier: trafilatura imports py3langid (and with it numpy,
    ~110 ms of CPU per process, half its import) only to filter pages by a
    ``target_language``, which we never pass, and it treats an absent py3langid as a
    normal set-up. A process that already has py3langid keeps it; a trafilatura that
    cannot do without it is imported again with it."""
    if (module := sys.modules.get("trafilatura")) is not None:
        return module
    if "py3langid" not in sys.modules:
        sys.modules["py3langid"] = None  # type: ignore[assignment]  # import: ImportError
        try:
            import trafilatura  # noqa: PLC0415 - ~0.2 s, only for HTML input

            return trafilatura
        except ImportError:
            for name in [n for n in sys.modules if n.partition(".")[0] == "trafilatura"]:
                del sys.modules[name]
        finally:
            del sys.modules["py3langid"]  # later imports of it, here or elsewhere, work
    try:
        import trafilatura  # noqa: PLC0415
    except ImportError as exc:  # not installed, or justext without lxml_html_clean
        reason = f"reading html needs trafilatura, which cannot be imported ({exc})"
        raise UnknownFormatError(reason) from exc
    return trafilatura


def _merge_posts(root: _Element) -> None:
    """Turn runs of sibling ``<article>`` elements (live-blog posts) into ``<div>``.

    trafilatura takes an ``<article>`` for the whole article and keeps only some of
    the posts of a live blog, dropping their headings; as plain blocks of the page,
    they are all read. Measured on our live-blog page: 7 of 16 lines → 16 of 16.
    """
    parents: dict[_Element, list[_Element]] = {}
    for article in root.iter("article"):
        parent = article.getparent()
        if parent is not None:
            parents.setdefault(parent, []).append(article)
    for siblings in parents.values():
        if len(siblings) >= _POST_RUN:
            for article in siblings:
                article.tag = "div"


def _blocks(body: _Element, base_url: str | None) -> Iterator[Block]:
    for element in body:
        tag = element.tag
        if tag == "head":
            yield from _block(element, BlockKind.HEADING, base_url, level=_level(element))
        elif tag == "quote":
            yield from _quote(element, base_url)
        elif tag == "list":
            yield from _list_items(element, base_url)
        elif tag == "table" and _is_layout(element):
            yield from _blocks(_layout_cells(element), base_url)
        elif tag == "table":
            yield from _preformatted(_table_text(element))
        elif tag == "code":
            yield from _preformatted(_inner_text(element))
        elif tag in ("graphic", "lb"):
            continue
        elif tag == "div":
            yield from _blocks(element, base_url)  # a wrapper: its children are the blocks
        else:
            yield from _block(element, BlockKind.PARAGRAPH, base_url)


def _is_layout(table: _Element) -> bool:
    """A table used for page layout (old CMSs): its cells hold paragraphs and headings."""
    return any(child.tag in _BLOCK_TAGS for cell in _cells(table) for child in cell)


def _cells(table: _Element) -> Iterator[_Element]:
    for row in table:
        if row.tag == "row":
            yield from (cell for cell in row if cell.tag == "cell")


def _layout_cells(table: _Element) -> _Element:
    """The cells' contents as one run of blocks, loose text becoming paragraphs."""
    run = etree.Element("body")
    for cell in _cells(table):
        paragraph = etree.SubElement(run, "p")
        paragraph.text = cell.text
        for child in list(cell):
            if child.tag in _BLOCK_TAGS:
                tail, child.tail = child.tail, None
                run.append(child)
                paragraph = etree.SubElement(run, "p")
                paragraph.text = tail
            else:
                paragraph.append(child)  # inline markup, with its tail
    return run


def _level(head: _Element) -> int:
    rend = head.get("rend", "")
    number = int(rend[1:]) if re.fullmatch(r"h[1-6]", rend) else _SECTION
    return max(number, _SECTION)  # an h1 inside the body is still a section heading


def _quote(quote: _Element, base_url: str | None) -> Iterator[Block]:
    if any(child.tag in ("p", "list", "quote") for child in quote):
        for child in quote:
            if child.tag == "list":
                yield from _list_items(child, base_url)
            else:
                yield from _block(child, BlockKind.BLOCKQUOTE, base_url)
    else:
        yield from _block(quote, BlockKind.BLOCKQUOTE, base_url)


def _list_items(element: _Element, base_url: str | None) -> Iterator[Block]:
    ordered = element.get("rend", "").lower() == "ol"
    for item in element:
        if item.tag != "item":
            yield from _block(item, BlockKind.LIST_ITEM, base_url, ordered=ordered)
            continue
        nested = [child for child in item if child.tag == "list"]
        for child in nested:
            item.remove(child)  # the item's own text first, then its sub-list's items
        yield from _block(item, BlockKind.LIST_ITEM, base_url, ordered=ordered)
        for child in nested:
            yield from _list_items(child, base_url)


def _block(
    element: _Element,
    kind: BlockKind,
    base_url: str | None,
    *,
    level: int | None = None,
    ordered: bool = False,
) -> Iterator[Block]:
    line = InlineText(nested_links=True)
    _add_inline(line, element, base_url)
    text, links = line.finish(strip=False)  # never a blank at the ends but no-break ones
    if text:
        yield Block(kind=kind, text=text, level=level, ordered=ordered, links=links)


def _inner_text(element: _Element) -> str:
    return "".join(t for t in element.itertext() if isinstance(t, str))


def _table_text(table: _Element) -> str:
    rows = []
    for row in table.iter("row"):
        cells = [" ".join(_inner_text(cell).split()) for cell in row.iter("cell")]
        while cells and not cells[-1]:
            cells.pop()
        if cells:
            rows.append(" | ".join(cells))
    return "\n".join(rows)


def _preformatted(text: str) -> Iterator[Block]:
    text = unicodedata.normalize("NFC", XML_FORBIDDEN.sub("", text.replace("\r\n", "\n")))
    lines = [line.rstrip() for line in text.split("\n")]
    while lines and not lines[0].strip():
        lines.pop(0)
    cleaned = "\n".join(lines).rstrip()
    if cleaned:
        yield Block(kind=BlockKind.PREFORMATTED, text=cleaned)


def _add_inline(line: InlineText, element: _Element, base_url: str | None) -> None:
    """The text inside ``element``: ``lb`` a space, ``ref target`` a link (if safe)."""
    if element.tag == "lb":
        line.space()
    href = _safe_href(element.get("target"), base_url) if element.tag == "ref" else None
    opened = line.open_link(href)
    line.add(element.text)
    for child in element:
        _add_inline(line, child, base_url)
        line.add(child.tail)
    if opened:
        line.close_link()


def _safe_href(target: str | None, base_url: str | None) -> str | None:
    """An absolute or page-relative http(s)/mailto target, or ``None`` for anything else."""
    if not target:
        return None
    target = "".join(target.split())  # URLs carry no whitespace; line-wrapped ones do
    if base_url:
        try:
            target = urljoin(base_url, target)
        except ValueError:
            return None
    try:
        scheme = urlsplit(target).scheme.lower()
    except ValueError:  # an unbalanced IPv6 bracket, for one
        return None
    if (scheme and scheme not in _SAFE_SCHEMES) or len(target) > MAX_HREF_CHARS:
        return None
    if XML_FORBIDDEN.search(target):
        return None
    return target
