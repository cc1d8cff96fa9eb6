"""Reader for saved HTML article pages (news sites, blogs, press releases, AMP pages).

What is read from where:

- the characters: BOM, then ``<meta charset>``/``http-equiv``, else UTF-8 or plausible
  Windows-1252 (``encoding.py``);
- headline, date, byline, publisher, rights holder, keywords, description: schema.org
  JSON-LD (``Article``, ``NewsArticle`` and their subtypes, also inside ``@graph``), then
  OpenGraph, then meta tags and microdata, then ``<h1>``/``<title>`` (``metadata.py``);
- language: ``<html lang>``, else a content-language meta, JSON-LD ``inLanguage`` or
  ``og:locale``, else guessed from the text (``docexport.language``);
- the article text only, with subheadings, block quotes, lists, tables and links: found
  by trafilatura, turned into blocks (``body.py``);
- URLs, image, site name, section and modification date: ``extra["html"]``.

The markup is parsed by ``docexport.xmlsafe.parse_html`` (no network, entity declarations
refused) before anything else looks at it. Nothing is fetched: no URL is ever passed on.
"""

from __future__ import annotations

import codecs

from docexport.errors import InputError
from docexport.language import guess_language
from docexport.model import Block, BlockKind, NewsItem, Rights, make_guid
from docexport.readers.blocks import source_of
from docexport.readers.html.body import extract_blocks
from docexport.readers.html.encoding import decode_page
from docexport.readers.html.furniture import page_chrome, separate_furniture
from docexport.readers.html.metadata import PageMetadata, read_metadata
from docexport.xmlsafe import parse_html

__all__ = ["read_bytes"]


def read_bytes(data: bytes, name: str) -> NewsItem:
    """Read one saved article page; raises ``InputError`` with a one-line reason."""
    text, encoding = decode_page(data)
    # libxml2 would honour the page's own <meta charset> over our decoding; a UTF-8
    # byte-order mark overrides it, so the tree sees exactly the text decoded above.
    root = parse_html(codecs.BOM_UTF8 + text.encode("utf-8", "replace"))
    page = read_metadata(root)
    base_url = page.extra.get("canonical") or page.extra.get("url")
    chrome = page_chrome(root)
    article = separate_furniture(extract_blocks(root, base_url), page, chrome)
    blocks = article.body
    if not any(block.kind is not BlockKind.HEADING for block in blocks):
        raise InputError("no article text found in this page")
    headline = page.headline or _first_heading(blocks)
    if headline is None:
        raise InputError("no headline found in this page (no JSON-LD, og:title, <h1> or <title>)")
    paragraphs = [block.text for block in blocks]
    return NewsItem(
        guid=make_guid(headline, paragraphs, page.created),
        headline=headline,
        subheadline=_subheadline(page, blocks) or article.standfirst,
        created=page.created,
        bylines=page.bylines,
        provider=page.publisher,
        credit_line=page.publisher,
        rights=_rights(page),
        keywords=page.keywords,
        language=page.language or guess_language(" ".join(paragraphs[:3])),
        body=tuple(blocks),
        source=source_of(data, name, encoding),
        extra={"html": page.extra} if page.extra else {},
    )


def _first_heading(blocks: list[Block]) -> str | None:
    return next((b.text for b in blocks if b.kind is BlockKind.HEADING), None)


def _subheadline(page: PageMetadata, blocks: list[Block]) -> str | None:
    """The page's description, unless it only repeats the headline or the opening text."""
    description = page.description
    if description is None or _key(description) == _key(page.headline or ""):
        return None
    opening = _key(" ".join(block.text for block in blocks[:2]))
    return None if _key(description) in opening else description


def _key(text: str) -> str:
    return " ".join(text.casefold().split())


def _rights(page: PageMetadata) -> Rights | None:
    if page.rights_holder is None and page.rights_notice is None:
        return None
    return Rights(holder=page.rights_holder, notice=page.rights_notice)
