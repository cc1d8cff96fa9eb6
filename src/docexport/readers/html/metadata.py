"""What a page says about its article: headline, date, byline, publisher, language, keywords.

Sources in order of trust: schema.org JSON-LD (``jsonld.py``), then OpenGraph
(``og:title``, ``article:published_time``, ``article:author``), then plain meta tags
(``author``, ``description``, ``keywords``, ``date``, Dublin Core) and microdata
(``itemprop``), and last the visible ``<h1>`` and ``<title>``. Each field takes the first
source that gives a usable value; nothing is guessed from the visible text except the
headline, and no date or time zone is ever invented (a date-time without a UTC offset
keeps only its date).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from docexport.limits import MAX_HEADLINE_CHARS, MAX_LINE_CHARS, MAX_YEAR, MIN_YEAR
from docexport.normalise import normalise_line, normalise_text
from docexport.readers.html.jsonld import LinkedData, names, read_linked_data, text_of

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator, Mapping

    from lxml.etree import _Element

__all__ = ["PageMetadata", "read_metadata"]

_MAX_KEYWORDS = 100
_MAX_NAME_CHARS = 120
_REGION_LETTERS, _SCRIPT_LETTERS = 2, 4  # BCP 47 case conventions: en-GB, zh-Hant
_BCP47 = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
_DATE_METAS = (
    "article:published_time",
    "og:published_time",
    "date",
    "pubdate",
    "publishdate",
    "publish-date",
    "publication_date",
    "article.published",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date",
    "dcterms.date",
    "dcterms.created",
    "sailthru.date",
    "parsely-pub-date",
    "datepublished",
)
_AUTHOR_METAS = ("article:author", "author", "dc.creator", "dcterms.creator", "sailthru.author")
_LANGUAGE_METAS = ("content-language", "language", "dc.language", "dcterms.language")
_KEYWORD_METAS = ("keywords", "news_keywords", "article:tag")
_NAME_SPLIT = re.compile(r"\s*(?:;|&|,|\band\b|\bund\b|\bet\b|\by\b)\s*")
_BY = re.compile(r"^(?:by|von|par|por)\s+(?=\S)", re.IGNORECASE)
_TITLE_SEPARATORS = "|–—-:·•»"


@dataclass(frozen=True, slots=True)
class PageMetadata:
    headline: str | None = None
    visible_headline: str | None = None
    """The article's ``<h1>``, which may differ from the stated headline."""
    description: str | None = None
    created: date | datetime | None = None
    bylines: tuple[str, ...] = ()
    publisher: str | None = None
    rights_holder: str | None = None
    rights_notice: str | None = None
    keywords: tuple[str, ...] = ()
    language: str | None = None
    """BCP 47 as the page declares it (``None``: undeclared, to be guessed)."""
    extra: dict[str, Any] = field(default_factory=dict)
    """URLs, image, site name and the like, for ``NewsItem.extra["html"]``."""


def read_metadata(root: _Element) -> PageMetadata:
    """Everything the page's markup says about its article (see the module docstring)."""
    linked = read_linked_data(root)
    article = linked.article or {}
    metas = _meta_tags(root)
    site = text_of(metas.get("og:site_name")) or _first_name(article.get("publisher"), linked)
    return PageMetadata(
        headline=_headline(root, article, metas, site),
        visible_headline=_visible_headline(root),
        description=_line(text_of(article.get("description")))
        or _first_meta(metas, "og:description", "description", "twitter:description"),
        created=_created(root, article, metas),
        bylines=_bylines(root, article, metas, linked),
        publisher=_first_name(article.get("publisher"), linked),
        rights_holder=_first_name(article.get("copyrightHolder"), linked),
        rights_notice=_line(text_of(article.get("copyrightNotice"))),
        keywords=_keywords(article, metas),
        language=_language(root, article, metas),
        extra=_extra(root, article, metas, site),
    )


def _meta_tags(root: _Element) -> dict[str, list[str]]:
    """``<meta>`` contents by lower-cased name, property, itemprop or http-equiv."""
    found: dict[str, list[str]] = defaultdict(list)
    for meta in root.iter("meta"):
        content = meta.get("content")
        if content is None or not content.strip():
            continue
        for attribute in ("name", "property", "itemprop", "http-equiv"):
            if key := meta.get(attribute):
                found[key.strip().lower()].append(content.strip())
    return found


def _first_meta(metas: dict[str, list[str]], *keys: str) -> str | None:
    for key in keys:
        for value in metas.get(key, ()):
            if line := _line(value):
                return line
    return None


def _line(text: str | None, limit: int = MAX_LINE_CHARS) -> str | None:
    """One normalised line, or ``None`` for nothing or for more than ``limit`` characters
    (a 20,000-character "keyword" is a misplaced text, not a value to keep)."""
    if text is None:
        return None
    line = normalise_line(normalise_text(text))
    return line if line and len(line) <= limit else None


def _element_text(element: _Element) -> str | None:
    return _line(_inner_text(element), MAX_HEADLINE_CHARS)


def _inner_text(element: _Element) -> str:
    return "".join(t for t in element.itertext() if isinstance(t, str))


def _first_name(value: Any, linked: LinkedData) -> str | None:
    return next((line for name in names(value, linked) if (line := _line(name))), None)


# Headline ---------------------------------------------------------------------------


def _headline(
    root: _Element, article: Mapping[str, Any], metas: dict[str, list[str]], site: str | None
) -> str | None:
    for key in ("headline", "name"):
        if stated := _line(text_of(article.get(key)), MAX_HEADLINE_CHARS):
            return stated
    for key in ("og:title", "twitter:title", "headline", "dc.title"):
        for value in metas.get(key, ()):
            if title := _line(value, MAX_HEADLINE_CHARS):
                return _without_site(title, site)
    title = next((t for e in root.iter("title") if (t := _element_text(e))), None)
    return _visible_headline(root) or (_title_headline(root, title, site) if title else None)


def _title_headline(root: _Element, title: str, site: str | None) -> str:
    """The ``<title>`` without the site's name: the one the page gives, else the part of
    ``Headline | Blog name`` that is also a heading of the page."""
    headings = {_key(t) for h in root.iter("h2", "h3") if (t := _element_text(h))}
    for part in re.split(r"\s+[|–—·•»-]\s+", title):
        if _key(part) in headings:
            return part.strip()
    return _without_site(title, site)


def _key(text: str) -> str:
    return " ".join(text.casefold().split())


def _visible_headline(root: _Element) -> str | None:
    """The article's ``<h1>``: the first inside ``<article>``/``<main>``, else the page's
    only one (several, outside any article, are more likely logos and section names)."""
    for container in ("article", "main"):
        for element in root.iter(container):
            if (h1 := element.find(".//h1")) is not None and (text := _element_text(h1)):
                return text
    headings = [text for h1 in root.iter("h1") if (text := _element_text(h1))]
    return headings[0] if len(headings) == 1 else None


def _without_site(title: str, site: str | None) -> str:
    """``title`` without a leading or trailing ``| Site Name`` (only the name the page gives)."""
    if not site:
        return title
    lowered, name = title.casefold(), site.casefold()
    if lowered.endswith(name):
        rest = title[: -len(site)].rstrip()
        if rest and rest[-1] in _TITLE_SEPARATORS and (cut := rest[:-1].strip()):
            return cut
    if lowered.startswith(name):
        rest = title[len(site) :].lstrip()
        if rest and rest[0] in _TITLE_SEPARATORS and (cut := rest[1:].strip()):
            return cut
    return title


# Date -------------------------------------------------------------------------------


def _created(
    root: _Element, article: Mapping[str, Any], metas: dict[str, list[str]]
) -> date | datetime | None:
    for candidate in _date_candidates(root, article, metas):
        if (when := parse_date(candidate)) is not None:
            return when
    return None


def _date_candidates(
    root: _Element, article: Mapping[str, Any], metas: dict[str, list[str]]
) -> Iterator[str]:
    for key in ("datePublished", "dateCreated"):
        if stated := text_of(article.get(key)):
            yield stated
    for key in _DATE_METAS:
        yield from metas.get(key, ())
    for element in root.iterfind(".//*[@itemprop]"):
        if element.get("itemprop", "").strip().lower() == "datepublished":
            yield element.get("datetime") or element.get("content") or _inner_text(element)
    for element in root.iterfind(".//time[@pubdate]"):
        yield element.get("datetime") or ""


def parse_date(text: str) -> date | datetime | None:
    """A date, or an aware date-time, as precise as ``text`` states it; else ``None``.

    ISO 8601 (``2024-03-05``, ``2024-03-05T10:00:00Z``, ``…+01:00``) or RFC 2822. A time
    without a UTC offset keeps only its date: which zone it meant is not stated.
    """
    text = text.strip()
    if not re.match(r"^\d{4}-?\d{2}-?\d{2}", text):
        return _rfc2822(text)
    try:
        if len(text) <= len("2024-03-05"):
            return _in_range(date.fromisoformat(text))
        stamp = datetime.fromisoformat(text.replace("z", "Z"))
    except ValueError:
        return None
    if stamp.tzinfo is None:
        return _in_range(stamp.date())
    offset = stamp.utcoffset() or timedelta()
    if abs(offset) > timedelta(hours=14) or offset % timedelta(minutes=1):
        return _in_range(stamp.date())
    return _in_range(stamp)


def _rfc2822(text: str) -> date | datetime | None:
    if not re.match(r"^(?:[A-Za-z]{3},\s*)?\d{1,2}\s+[A-Za-z]{3}\s+\d{4}", text):
        return None
    from email.utils import parsedate_to_datetime  # noqa: PLC0415 - rare, and 3 ms to import

    try:
        stamp = parsedate_to_datetime(text)
    except (ValueError, TypeError, IndexError):
        return None
    return _in_range(stamp if stamp.tzinfo is not None else stamp.date())


def _in_range(when: date) -> date | None:
    return when if MIN_YEAR <= when.year <= MAX_YEAR else None


# Byline -----------------------------------------------------------------------------


def _bylines(
    root: _Element, article: Mapping[str, Any], metas: dict[str, list[str]], linked: LinkedData
) -> tuple[str, ...]:
    for source in _byline_sources(root, article, metas, linked):
        found = _names(source)
        if found:
            return found
    return ()


def _byline_sources(
    root: _Element, article: Mapping[str, Any], metas: dict[str, list[str]], linked: LinkedData
) -> Iterator[list[str]]:
    yield list(names(article.get("author"), linked))
    for key in _AUTHOR_METAS:
        yield metas.get(key, [])
    yield [
        _itemprop_name(element)
        for element in root.iterfind(".//*[@itemprop]")
        if element.get("itemprop", "").strip().lower() == "author"
    ]
    yield [_inner_text(a) for a in root.iterfind(".//a[@rel]") if a.get("rel") == "author"]


def _itemprop_name(element: _Element) -> str:
    if element.tag == "meta":
        return element.get("content", "")
    for child in element.iterfind(".//*[@itemprop]"):
        if child.get("itemprop", "").strip().lower() == "name":
            return child.get("content") or _inner_text(child)
    return _inner_text(element)


def _names(values: Iterable[str]) -> tuple[str, ...]:
    """Distinct person or organisation names, split where one string holds several."""
    found: list[str] = []
    for value in values:
        line = _line(value)
        if not line or "://" in line or line.startswith("@") or len(line) > _MAX_NAME_CHARS:
            continue  # a profile URL or a handle is not a byline
        line = _BY.sub("", line)
        parts = [p for p in _NAME_SPLIT.split(line) if p]
        # "Smith, John" stays one name: split only when every part is a full name.
        for name in parts if len(parts) > 1 and all(" " in p for p in parts) else [line]:
            if name and name.casefold() not in (f.casefold() for f in found):
                found.append(name)
    return tuple(found)


# Language, keywords, extra ----------------------------------------------------------


def _language(
    root: _Element, article: Mapping[str, Any], metas: dict[str, list[str]]
) -> str | None:
    candidates = [
        root.get("lang"),
        root.get("{http://www.w3.org/XML/1998/namespace}lang"),
        root.get("xml:lang"),
        *(value for key in _LANGUAGE_METAS for value in metas.get(key, ())),
        text_of(article.get("inLanguage")),
        *metas.get("og:locale", ()),
    ]
    for candidate in candidates:
        if candidate and (tag := _bcp47(candidate)):
            return tag
    return None


def _bcp47(text: str) -> str | None:
    tag = text.split(",", maxsplit=1)[0].strip().replace("_", "-")
    if not _BCP47.match(tag):
        return None
    first, *rest = tag.split("-")
    subtags = [first.lower()]
    for part in rest:
        if part.isalpha() and len(part) == _REGION_LETTERS:
            subtags.append(part.upper())
        elif part.isalpha() and len(part) == _SCRIPT_LETTERS:
            subtags.append(part.title())
        else:
            subtags.append(part.lower())
    return "-".join(subtags)


def _keywords(article: Mapping[str, Any], metas: dict[str, list[str]]) -> tuple[str, ...]:
    stated = article.get("keywords")
    values: list[Any] = stated if isinstance(stated, list) else [stated]
    sources = [[t for v in values if (t := text_of(v) or _first_name(v, LinkedData()))]]
    sources += [metas.get(key, []) for key in _KEYWORD_METAS]
    for source in sources:
        found: list[str] = []
        for value in source:
            for keyword in value.split(","):
                line = _line(keyword)
                if line and line not in found:
                    found.append(line)
        if found:
            return tuple(found[:_MAX_KEYWORDS])
    return ()


def _extra(
    root: _Element, article: Mapping[str, Any], metas: dict[str, list[str]], site: str | None
) -> dict[str, Any]:
    canonical = next(
        (link.get("href") for link in root.iter("link") if link.get("rel") == "canonical"), None
    )
    found = {
        "url": _first_meta(metas, "og:url") or _line(text_of(article.get("url"))),
        "canonical": _line(canonical),
        "og:image": _first_meta(metas, "og:image"),
        "site_name": site,
        "section": _line(text_of(article.get("articleSection")))
        or _first_meta(metas, "article:section"),
        "modified": _line(text_of(article.get("dateModified")))
        or _first_meta(metas, "article:modified_time"),
        "license": _line(text_of(article.get("license"))),
    }
    return {key: value for key, value in found.items() if value}
