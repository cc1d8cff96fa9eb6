"""``--to html``: a standalone, accessible article page (HTML5) for screen and print.

The page::

    <header class="masthead">  the provider, as stated; the date
    <main> <article>
        <header>               kicker, h1 headline, standfirst, byline, dateline, <time>
        <aside class="summary">   machine-generated bottom line and key points, so labelled
        <div class="article-body">   the body blocks (sections h2…h6)
        <aside class="key-facts">   people, organisations, places, topics, keywords
        <footer>               credit, sources and rights, only as stated
    <footer class="colophon">  the source file

plus a schema.org ``NewsArticle`` in JSON-LD, which the HTML reader reads back (headline,
date, byline, language; the asides and footers are skipped as page furniture, so the body
comes back as it was). Not a body under ~250 characters: trafilatura then falls back to
the text of the whole page, which comes back as one block.

Safety: lxml builds and serialises every element, escaping all text and attribute values;
the only raw text is the constant stylesheet and the JSON-LD, whose ``<``, ``>`` and ``&``
are JSON escapes (``linked_data.py``). A Content-Security-Policy forbids every script and
every external resource, so the page fetches nothing even if something slipped through.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, BinaryIO, ClassVar

from lxml import etree

from docexport import __version__
from docexport.writers.html.body import add_body
from docexport.writers.html.linked_data import build_linked_data, script_text
from docexport.writers.html.markup import clean, is_right_to_left, sub, ui_text
from docexport.writers.html.sections import (
    add_article_footer,
    add_article_header,
    add_colophon,
    add_key_facts,
    add_masthead,
    add_summary,
)
from docexport.writers.html.style import STYLESHEET, STYLESHEET_HASH

if TYPE_CHECKING:
    from docexport.model import NewsItem
    from docexport.writers import WriterOptions

__all__ = ["CONTENT_SECURITY_POLICY", "HtmlWriter", "build_page", "is_right_to_left", "render_page"]

# Scripts do not run (JSON-LD is data, not a script) and nothing is loaded from anywhere;
# only the page's own stylesheet applies. frame-ancestors is not allowed in a <meta> CSP.
CONTENT_SECURITY_POLICY = (
    f"default-src 'none'; style-src '{STYLESHEET_HASH}'; img-src 'none'; "
    "base-uri 'none'; form-action 'none'"
)
# Elements whose children each start a new line in the output (readability of the source;
# whitespace between these is not rendered).
_BLOCK_CONTAINERS = frozenset(
    {"html", "head", "body", "header", "main", "article", "aside", "footer", "div", "ul", "ol",
     "dl", "blockquote"}
)  # fmt: skip


class HtmlWriter:
    name: ClassVar[str] = "html"
    media_type: ClassVar[str] = "text/html"
    extension: ClassVar[str] = ".html"
    binary: ClassVar[bool] = False

    def __init__(self, options: WriterOptions) -> None:
        self.options = options

    def write(self, item: NewsItem, out: BinaryIO) -> None:
        out.write(render_page(item))


def render_page(item: NewsItem) -> bytes:
    """The page for ``item`` as UTF-8 bytes, ``<!DOCTYPE html>`` first."""
    page = build_page(item)
    return etree.tostring(page, method="html", encoding="UTF-8", doctype="<!DOCTYPE html>") + b"\n"


def build_page(item: NewsItem) -> etree._Element:
    """The ``<html>`` element of the page for ``item``."""
    page = etree.Element("html", lang=clean(item.language))
    if is_right_to_left(item.language):
        page.set("dir", "rtl")
    _add_head(page, item)
    body = sub(page, "body")
    ui_text(body, "a", "Skip to article", item, class_="skip-link", href="#headline")
    add_masthead(body, item)
    article = sub(sub(body, "main", id="main"), "article", aria_labelledby="headline")
    add_article_header(article, item)
    add_summary(article, item)
    add_body(sub(article, "div", class_="article-body"), item)
    add_key_facts(article, item)
    add_article_footer(article, item)
    add_colophon(body, item)
    _break_lines(page)
    return page


def _add_head(page: etree._Element, item: NewsItem) -> None:
    head = sub(page, "head")
    sub(head, "meta", charset="utf-8")
    sub(head, "meta", name="viewport", content="width=device-width, initial-scale=1")
    sub(head, "meta", http_equiv="Content-Security-Policy", content=CONTENT_SECURITY_POLICY)
    sub(head, "meta", name="referrer", content="no-referrer")
    sub(head, "title", item.headline)
    if item.subheadline:
        sub(head, "meta", name="description", content=item.subheadline)
    sub(head, "meta", name="generator", content=f"docexport {__version__}")
    sub(head, "style").text = STYLESHEET
    script = sub(head, "script", type="application/ld+json")
    script.text = "\n" + script_text(build_linked_data(item)) + "\n"


def _break_lines(page: etree._Element) -> None:
    """A newline before each child of a block container, where no text is there already."""
    for element in page.iter(*_BLOCK_CONTAINERS):
        children = list(element)
        if not children or (element.text or "").strip():
            continue
        if any((child.tail or "").strip() for child in children):
            continue  # mixed content: whitespace here could show
        element.text = "\n"
        for child in children:
            child.tail = "\n"
