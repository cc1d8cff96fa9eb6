"""Reader for ninjs (IPTC News in JSON) text items, versions 1.x, 2.x and 3.x.

3.x keys are camelCase (``versionCreated``), 2.x and 1.x lower case; 1.x has single
``headline``, ``body_html``/``body_text``, ``byline``, ``subject``... All spellings are read
(archives mix them); of two spellings of one key, the document's own version's wins
(``$schema``/``standard.schema``, else its key style). Tolerant, so the official schema is
not applied: only ``uri``, a headline and body text are demanded, and a value the model
cannot hold as it is (urgency 0.1, a slugline with spaces) stays unmapped. Events and
planning items are refused.

``extra["ninjs"]`` keeps, unchanged, every top-level value the model does not hold in full,
for a ninjs writer to give back: unknown keys, ``altIds``, ``associations``, ``renditions``,
a ``uri`` that is no guid, the date keys (``created`` does not say which it was) and any list
of which a part did not fit (a second body, a subject without IPTC code, a person whose
name is not in the text).

Modules: ``document`` (the parsed object and its keys), ``fields`` (headlines, body and
the other one-value fields), ``concepts`` (subjects, genres, entities), ``markup`` (HTML
bodies as blocks).
"""

from __future__ import annotations

import math
import re
from typing import Any

from docexport.errors import InputError
from docexport.io import decode_text
from docexport.language import guess_language
from docexport.model import NewsItem, Source, make_guid
from docexport.readers.blocks import is_language_tag, load_json, source_of
from docexport.readers.ninjs.concepts import (
    GENRE_SCHEMES,
    SUBJECT_SCHEMES,
    read_concepts,
    read_entities,
)
from docexport.readers.ninjs.document import Document, fits, take_if
from docexport.readers.ninjs.fields import (
    read_body,
    read_bylines,
    read_created,
    read_dateline,
    read_headlines,
    read_info_sources,
    read_keywords,
    read_rights,
)

__all__ = ["MAX_DEPTH", "read_bytes"]

MAX_DEPTH = 64
"""JSON nesting deeper than this is no news item (ninjs itself nests about ten deep)."""
_GUID = re.compile(r"^urn:newsml:[A-Za-z0-9.-]+:[0-9A-Za-z]+:[0-9a-f]{16,64}$")
_SLUGLINE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9/-]{0,63}$")
_VERSION = re.compile(r"^[1-9][0-9]{0,8}$")
_SURROGATE = re.compile("[\ud800-\udfff]")
_LEAST_URGENT = 9


def read_bytes(data: bytes, name: str) -> NewsItem:
    """Parse a ninjs text item; raises ``InputError`` with a one-line reason."""
    text, encoding = decode_text(data)
    doc = Document(_parse_object(text))
    return _build_item(doc, source_of(data, name, encoding))


def _parse_object(text: str) -> dict[str, Any]:
    parsed = load_json(text, "a ninjs item", parse_constant=_finite, parse_float=_finite)
    if not isinstance(parsed, dict):
        raise InputError("JSON is not an object, so not a ninjs item")
    _check_tree(parsed)
    uri = parsed.get("uri")
    if not isinstance(uri, str) or not uri.strip():
        raise InputError('not ninjs: no "uri" string (every ninjs version requires one)')
    if str(parsed.get("type", "")).lower() in ("event", "planning"):
        raise InputError(f"a ninjs {parsed['type']} item describes no article: nothing to read")
    return parsed


def _finite(text: str) -> float:
    # Python's json takes NaN and Infinity, which JSON (RFC 8259) does not, and makes 1e999
    # infinite: JSON output could not write either back.
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"{text[:40]} is not a finite JSON number")
    return value


def _check_tree(root: dict[str, Any]) -> None:
    """Refuse deep nesting (copying and writing it would recurse); drop lone surrogates,
    which no UTF-8 output can carry, from every string kept."""
    stack: list[tuple[Any, int]] = [(root, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise InputError(f"JSON nested over {MAX_DEPTH} levels deep: not a ninjs item")
        items = list(node.items()) if isinstance(node, dict) else list(enumerate(node))
        for key, value in items:
            if isinstance(key, str) and _SURROGATE.search(key):
                del node[key]
                key = _SURROGATE.sub("\ufffd", key)  # noqa: PLW2901 - the cleaned key
                node[key] = value
            if isinstance(value, str) and _SURROGATE.search(value):
                node[key] = _SURROGATE.sub("\ufffd", value)
            elif isinstance(value, dict | list):
                stack.append((value, depth + 1))


def _build_item(doc: Document, source: Source) -> NewsItem:
    headline, subheadline = read_headlines(doc)
    body = read_body(doc)
    created = read_created(doc)
    key, uri = doc.first("uri")
    if _GUID.fullmatch(uri):
        guid = uri
        doc.take(key)
    else:
        # The guid names the item across its versions, as the uri does: hashing the uri,
        # not the content, gives every version of one story the same guid.
        guid = make_guid(uri, (), None)
    texts = [block.text for block in body]
    return NewsItem(
        guid=guid,
        version=int(take_if(doc, "version", fits(_VERSION)) or 1),
        headline=headline,
        subheadline=subheadline,
        slugline=take_if(doc, "slugline", fits(_SLUGLINE)),
        created=created,
        bylines=read_bylines(doc),
        dateline=read_dateline(doc),
        rights=read_rights(doc),
        info_sources=read_info_sources(doc),
        urgency=take_if(doc, "urgency", lambda u: type(u) is int and 1 <= u <= _LEAST_URGENT),
        genres=read_concepts(doc, ("genres", "genre"), GENRE_SCHEMES),
        keywords=read_keywords(doc),
        language=take_if(doc, "language", _is_language_tag) or guess_language(" ".join(texts[:3])),
        body=body,
        subjects=read_concepts(doc, ("subjects", "subject"), SUBJECT_SCHEMES) or None,
        entities=read_entities(doc, headline, texts),
        source=source,
        # Last: every argument before it has taken its keys.
        extra={"ninjs": doc.left()} if doc.left() else {},
    )


def _is_language_tag(value: Any) -> bool:
    return isinstance(value, str) and is_language_tag(value)
