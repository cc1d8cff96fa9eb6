"""Reader for the plain-text article format.

::

     date 2024-10-22 Headline of the story        (leading space optional; the date may be
                                                   an ISO 8601 date-time with UTC offset)
    By Jane Reporter and John Roe                  (optional byline paragraph)

    FRANKFURT (Reuters) — First paragraph ...      (optional dateline lead)

    Second paragraph ...

Paragraphs are separated by blank lines. Without a date line the first line is the
headline and the date is absent (never invented).
"""

from __future__ import annotations

import re
from datetime import date, datetime

from docexport.errors import InputError
from docexport.io import decode_text
from docexport.language import guess_language
from docexport.model import Block, Dateline, NewsItem, Source, make_guid
from docexport.normalise import normalise_line, normalise_text
from docexport.readers.blocks import source_of, split_names

__all__ = ["parse_text", "read_bytes", "split_bylines", "split_dateline"]

_DATE_LINE = re.compile(r"^\s*date\s+(\S+)(?:\s+(.*))?$", re.IGNORECASE)
_BLANK_LINES = re.compile(r"\n[^\S\n]*\n\s*")
_BYLINE = re.compile(r"^by\s+(\S.{0,150})$", re.IGNORECASE)
_BYLINE_MAX_WORDS = 12
# Lower-case words a byline may contain ("By Ana de Souza and Li Wei in Cairo"); any other
# lower-case word means a sentence such as "By the end of the week, ...".
_BYLINE_LOWER = frozenset(
    [
        "and",
        "of",
        "in",
        "at",
        "for",
        "de",
        "da",
        "do",
        "dos",
        "van",
        "von",
        "der",
        "den",
        "al",
        "bin",
        "ibn",
        "y",
        "le",
        "la",
        "du",
    ]
)
# PLACE[, extra][ (Agency)] — text. The place is checked for capitals separately, since
# `re` has no Unicode "uppercase letter" class (SÃO PAULO, MÜNCHEN must match).
_DATELINE = re.compile(
    r"^(?P<place>[^\W\d_][^,(\n—–]{0,40}?)"
    r"(?:,\s*(?P<extra>[^(\n—–]{1,30}?))?"
    r"\s*(?:\((?P<source>[^()\n]{1,40})\))?"
    r"\s*(?P<dash>—|–|--|-)\s+(?=\S)"
)


_DATELINE_REACH = 100  # place (40) + extra (30) + agency (40) stays well under this


def read_bytes(data: bytes, name: str) -> NewsItem:
    """Decode and parse article bytes; raises ``InputError`` with a one-line reason."""
    text, encoding = decode_text(data)
    return parse_text(text, source_of(data, name, encoding))


def parse_text(text: str, source: Source) -> NewsItem:
    """Parse decoded article text into a ``NewsItem``."""
    chunks = [c for c in _BLANK_LINES.split(normalise_text(text).strip()) if c.strip()]
    if not chunks:
        raise InputError("no text after normalisation")
    first_line, _, rest_of_first = chunks[0].partition("\n")
    created, headline = _parse_first_line(first_line)
    chunks[0:1] = [rest_of_first] if rest_of_first.strip() else []
    bylines: tuple[str, ...] = ()
    if chunks and (names := split_bylines(normalise_line(chunks[0]))):
        bylines = names
        del chunks[0]
    paragraphs = [p for p in map(normalise_line, chunks) if p]
    dateline = None
    if paragraphs:
        dateline, paragraphs[0] = split_dateline(paragraphs[0])
    if not paragraphs or not paragraphs[0]:
        raise InputError("no body text: only a headline")
    agency = dateline.source if dateline is not None else None
    return NewsItem(
        guid=make_guid(headline, paragraphs, created),
        headline=headline,
        created=created,
        bylines=bylines,
        dateline=dateline,
        # The agency of a "(Reuters)" dateline is where the story came from and whom to
        # credit; it says nothing of who holds the rights to this text.
        info_sources=(agency,) if agency else (),
        credit_line=agency,
        language=guess_language(" ".join(paragraphs[:3])),
        body=tuple(Block(text=p) for p in paragraphs),
        source=source,
    )


def split_bylines(paragraph: str) -> tuple[str, ...]:
    """The names of a byline paragraph (``By Ana Lima and Li Wei``); ``()`` when the
    paragraph is no byline (over 12 words, or a sentence such as "By the end of ...")."""
    match = _BYLINE.match(paragraph)
    if match is None:
        return ()
    words = match.group(1).replace(",", " ").split()
    if len(words) > _BYLINE_MAX_WORDS or any(
        w[0].islower() and w not in _BYLINE_LOWER for w in words
    ):
        return ()
    return split_names(match.group(1).strip())


def _parse_first_line(line: str) -> tuple[date | datetime | None, str]:
    match = _DATE_LINE.match(line)
    if match is None:
        headline = normalise_line(line)
        if not headline:
            raise InputError("no headline on the first line")
        return None, headline
    token, headline = match.group(1), normalise_line(match.group(2) or "")
    if not headline:
        raise InputError("line 1: the date line has no headline after the date")
    return _parse_date(token), headline


def _parse_date(token: str) -> date | datetime:
    try:
        if "T" not in token and "t" not in token:
            return date.fromisoformat(token)
        stamp = datetime.fromisoformat(token)
    except ValueError:
        raise InputError(
            f"line 1: {token!r} is not a date (YYYY-MM-DD or ISO 8601 date-time with offset)"
        ) from None
    if stamp.tzinfo is None:
        raise InputError(f"line 1: date-time {token!r} has no UTC offset (add Z or +HH:MM)")
    return stamp


def split_dateline(paragraph: str) -> tuple[Dateline | None, str]:
    """A ``PLACE (Agency) —`` lead and the paragraph after it; ``(None, paragraph)``
    when it opens with no dateline (the place must be in capitals)."""
    head = paragraph[:_DATELINE_REACH]
    if "—" not in head and "–" not in head and "-" not in head:
        return None, paragraph  # no dash near the start: skip the backtracking regex
    match = _DATELINE.match(paragraph)
    if match is None:
        return None, paragraph
    place, source = match.group("place").strip(), match.group("source")
    # A dateline place is in capitals; a plain hyphen only counts with an agency, so that
    # "UN - led talks" or "Officials - who ..." are not mistaken for datelines.
    if not (place.isupper() and sum(c.isalpha() for c in place) > 1):
        return None, paragraph
    if match.group("dash") == "-" and source is None:
        return None, paragraph
    text = paragraph[: match.end()].rstrip(" —–-").strip()
    dateline = Dateline(text=text, place=place.title(), source=source.strip() if source else None)
    return dateline, paragraph[match.end() :]
