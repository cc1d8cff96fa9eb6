"""Page furniture that text extraction keeps with the article, and how to tell it apart.

An article element usually holds its own header: a kicker ("Culture"), the headline, a
standfirst, a byline-and-date line, before the first paragraph of text. Those lines are
metadata, not body text; the standfirst becomes the subheadline. Further down, a
"Read also:" line that is nearly all link, a rule (``___``) and a closing copyright
line are dropped as well. Every rule looks at the page's own metadata or at the form of
a line, never at its language.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from docexport.model import Block, BlockKind

if TYPE_CHECKING:
    from lxml.etree import _Element

    from docexport.readers.html.metadata import PageMetadata

__all__ = ["Article", "page_chrome", "separate_furniture"]

_HEADLINE_REACH = 5
"""The headline, when extraction kept it, is among the first few blocks."""
_HEADER_REACH = 6
"""Header lines after the headline: kicker, standfirst, byline, date, credits."""
_BYLINE_LINE_WORDS = 25
_DEK_WORDS = (6, 40)
"""A standfirst's length in words: shorter lines are kickers and dates."""
_TEASER_LINK_SHARE = 0.5
_TEASER_OTHER_WORDS = 4
_COPYRIGHT = ("©", "copyright", "(c) ")
_CHROME_MIN_CHARS = 40
_CHROME_TAGS = frozenset({"nav", "footer"})
_CHROME_ROLES = frozenset({"navigation", "banner", "contentinfo", "search"})
_CONTENT_TAGS = frozenset({"article", "main"})
_SENTENCE_END = tuple(".!?:;…\"'”’»)")


@dataclass(frozen=True, slots=True)
class Article:
    body: list[Block]
    standfirst: str | None
    """A standfirst found in the page's header, if the metadata gave none."""


def page_chrome(root: _Element) -> tuple[str, ...]:
    """The text of the page's navigation, site header and footers, one string each.

    When a page has no article, extraction falls back to whatever text there is, which
    is then the menu; a block found whole inside this text is not article text.
    """
    found = []
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        role = (element.get("role") or "").strip().lower()
        site_header = element.tag == "header" and not any(
            a.tag in _CONTENT_TAGS for a in element.iterancestors()
        )
        if element.tag in _CHROME_TAGS or role in _CHROME_ROLES or site_header:
            text = _key(" ".join(t for t in element.itertext() if isinstance(t, str)))
            if text:
                found.append(text)
    return tuple(found)


def separate_furniture(
    blocks: list[Block], page: PageMetadata, chrome: tuple[str, ...] = ()
) -> Article:
    """The article's blocks without header lines, teasers, rules and copyright lines, and
    without the blocks that are only text of the page's ``chrome`` (``page_chrome``)."""
    headlines = {_key(page.headline or ""), _key(page.visible_headline or "")}
    leading = blocks[:_HEADLINE_REACH]
    at = next((i for i, b in enumerate(leading) if _key(b.text) in headlines), None)
    rest = blocks if at is None else blocks[at + 1 :]
    standfirst = None
    header = 0
    for block in rest[:_HEADER_REACH]:
        kind = _header_line(block, page, headline_seen=at is not None)
        if kind is None:
            break
        if kind == "dek" and standfirst is None:
            standfirst = block.text
        header += 1
    body = [b for b in rest[header:] if not _filler(b) and not _in_chrome(b, chrome)]
    while body and _key(body[-1].text).startswith(_COPYRIGHT):
        body.pop()
    return Article(body, standfirst)


def _header_line(block: Block, page: PageMetadata, *, headline_seen: bool) -> str | None:
    """What kind of header line ``block`` is (``None``: it is article text)."""
    text = _key(block.text)
    if page.description and text == _key(page.description):
        return "description"  # a standfirst, as a paragraph or as a heading
    if block.kind is not BlockKind.PARAGRAPH:
        return None
    words = len(text.split())
    if words <= _BYLINE_LINE_WORDS and (
        text.startswith("by ") or any(_key(name) in text for name in page.bylines)
    ):
        return "byline"
    # Without the headline in sight, a short line may be the article's first sentence.
    if not headline_seen or text.endswith(_SENTENCE_END) or words > _DEK_WORDS[1]:
        return None
    return "dek" if words >= _DEK_WORDS[0] else "kicker"


def _in_chrome(block: Block, chrome: tuple[str, ...]) -> bool:
    # A short line ("Welcome", "Weather") may be a menu entry and a heading alike: only
    # whole menus, or long runs of menu text, count as chrome.
    text = _key(block.text)
    if len(text) < _CHROME_MIN_CHARS:
        return text in chrome
    return any(text in menu for menu in chrome)


def _filler(block: Block) -> bool:
    """A rule such as ``* * *``, or a "Read also: <link>" teaser inside the article."""
    if not any(c.isalnum() for c in block.text):
        return True
    if block.kind is BlockKind.HEADING or not block.links:
        return False
    linked = sum(link.end - link.start for link in block.links)
    unlinked_words = len(_unlinked(block).split())
    return linked / len(block.text) >= _TEASER_LINK_SHARE and unlinked_words <= _TEASER_OTHER_WORDS


def _unlinked(block: Block) -> str:
    text, at = [], 0
    for link in sorted(block.links, key=lambda link: link.start):
        text.append(block.text[at : link.start])
        at = max(at, link.end)
    text.append(block.text[at:])
    return " ".join(text)


def _key(text: str) -> str:
    return " ".join(text.casefold().split())
