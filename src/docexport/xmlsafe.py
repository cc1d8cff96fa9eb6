"""Parsing XML and HTML from strangers: no entities, no DTDs, no network, bounded size.

Every reader of markup parses through here. An input that declares entities (the
billion-laughs and quadratic blow-up attacks, external entities that read files or URLs)
is refused before lxml sees it; a DOCTYPE that only names a DTD (NITF's
``<!DOCTYPE nitf SYSTEM "nitf.dtd">``) is accepted and never loaded. Each refusal is an
``InputError`` with a one-line reason, within milliseconds and bounded memory.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from lxml import etree

from docexport.errors import InputError

if TYPE_CHECKING:
    from lxml.etree import _Element

__all__ = ["MAX_DEPTH", "MAX_MARKUP_BYTES", "parse_html", "parse_xml"]

MAX_MARKUP_BYTES = 10 * 1024 * 1024
"""The same bound as every input (``io.MAX_INPUT_BYTES``): markup is never bigger."""
MAX_DEPTH = 256
"""Elements nested deeper than this are no article (libxml2's own limit is 256 too,
without ``huge_tree``)."""

_ENTITY_DECLARATION = re.compile(rb"<!ENTITY", re.IGNORECASE)


def _xml_parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
        # Not collect_ids=False: with libxml2 2.14 it makes the parser try to load an
        # external DTD (refused by no_network, but refused loudly).
    )


def parse_xml(data: bytes) -> _Element:
    """The root element of ``data``; raises ``InputError`` for hostile or broken XML."""
    _check_size(data)
    if _ENTITY_DECLARATION.search(data[:65536]) or _ENTITY_DECLARATION.search(data):
        raise InputError(
            "XML that declares entities is refused (a possible entity-expansion attack)"
        )
    try:
        root = etree.fromstring(data, _xml_parser())
    except etree.XMLSyntaxError as exc:
        raise InputError(f"not well-formed XML (line {exc.lineno}: {exc.msg})") from None
    if root is None:
        raise InputError("an XML document without elements")
    _check_depth(root)
    return root


def parse_html(data: bytes) -> _Element:
    """The root of an HTML page (tolerant of real-world markup, never fetching anything)."""
    _check_size(data)
    if _ENTITY_DECLARATION.search(data):
        raise InputError("markup that declares entities is refused")
    parser = etree.HTMLParser(
        no_network=True, remove_comments=True, remove_pis=True, huge_tree=False
    )
    try:
        root = etree.fromstring(data, parser)
    except (etree.XMLSyntaxError, etree.ParserError, ValueError) as exc:
        raise InputError(f"not readable HTML ({exc})") from None
    if root is None:
        raise InputError("an HTML document without elements")
    _check_depth(root)
    return root


def _check_size(data: bytes) -> None:
    if len(data) > MAX_MARKUP_BYTES:
        raise InputError(f"markup over {MAX_MARKUP_BYTES:,} bytes")


def _check_depth(root: _Element) -> None:
    # iterwalk would be exact; the deepest leaf's ancestor count is enough and cheap.
    for element in root.iter():
        if len(element) == 0 and sum(1 for _ in element.iterancestors()) > MAX_DEPTH:
            raise InputError(f"markup nested over {MAX_DEPTH} levels deep")
