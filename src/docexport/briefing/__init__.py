"""What goes into a briefing (DOCX and PDF): one decision, two layouts.

The writers lay out a ``BriefContent``; they never choose, cut or re-order content
themselves. Every rule an analyst relies on when forwarding a briefing unedited lives
here, over the enrichment already on the item (``enrich/`` derives; this module only
selects and bounds, so nothing is re-parsed and no fact is invented):

* the bottom line (``NewsItem.summary.bluf``, chosen in ``enrich/summary.py`` so that the
  NewsML and HTML summaries share it) is cut to ``MAX_BLUF_WORDS`` with a visible "…";
* 3-5 key points, each a self-contained sentence: none opening on a pronoun that points
  at nothing ("He said", "His remarks", "This raid"), none with a half quotation, none
  repeating the bottom line or another point;
* at most ``MAX_FIGURES`` figures, one per value and unit and one per label, each with a
  label that names what it counts (``figure_label``: "2.3 %" alone, "year", "deal" or
  "reported" tell nothing, so such a figure is dropped);
* at most ``MAX_QUOTES`` quotes, each a full statement (several words, a verb) with a
  named speaker, never twice; nothing is shown twice on a page: a quote the bottom line
  already carries is left out, and while quotes are shown a key point that is mostly a
  quotation (``MAX_QUOTED_SHARE``) or carries a shown quote is left out, and so is a
  point quoting the same words as the bottom line or an earlier point;
* entities ranked by salience (headline and lead mentions, then mention count), capped,
  with the number left out for a "+N more" line;
* every string bounded (``bounded``) so that no input, however long or unbroken, can
  make a section run over pages.

The caps are the constants below (the figures' in ``briefing.figures``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from docexport.briefing.figures import MAX_FIGURES, BriefFigure, figure_label, key_figures
from docexport.briefing.text import ELLIPSIS as _ELLIPSIS
from docexport.briefing.text import SPACE as _SPACE
from docexport.briefing.text import WORD as _WORD
from docexport.briefing.text import bounded
from docexport.briefing.text import word_set as _words
from docexport.dates import date_in_words
from docexport.headline import claim_verb_at
from docexport.model import EntityType

if TYPE_CHECKING:
    from docexport.model import Entity, NewsItem, Quote

__all__ = [
    "MAX_BLUF_CHARS",
    "MAX_BLUF_WORDS",
    "MAX_ENTITIES",
    "MAX_FIGURES",
    "MAX_KEY_POINTS",
    "MAX_QUOTES",
    "BriefContent",
    "BriefEntity",
    "BriefFigure",
    "BriefQuote",
    "bounded",
    "brief_content",
    "figure_label",
    "is_statement",
    "quoted_share",
    "self_contained",
]

MAX_HEADLINE_CHARS = 300
"""A title of four lines at most; the whole headline stays in the document properties."""
MAX_BLUF_WORDS = 60
MAX_BLUF_CHARS = 420
"""Scripts written without spaces (Chinese, Thai) have few "words": characters bound them."""
MIN_KEY_POINTS, MAX_KEY_POINTS = 3, 5
"""Fewer than three points are shown when the article has no more self-contained ones."""
MAX_POINT_CHARS = 300
MAX_QUOTES = 3
MAX_QUOTED_SHARE = 0.5
"""A key point with more of its words inside quotation marks is a quote, not a point."""
MIN_QUOTE_WORDS = 5
MAX_QUOTE_CHARS = 320
MAX_SPEAKER_CHARS = 60
MAX_ENTITIES = 8
MAX_ENTITY_CHARS = 60
MAX_GLANCE_CHARS = 100
MAX_SOURCES = 3
MAX_SOURCE_CHARS = 80
_POINT_OVERLAP = 0.6  # share of content words two sentences may share before one repeats


# Words that point back at something said before: a sentence opening with one (within its
# first words) means nothing on its own ("He emphasized...", "In his remarks...").
_BACK_POINTERS = _words(
    "he she they it his her their its them him this these those such latter former"
)
_BACK_POINTER_WINDOW = 3
_KIND_LABELS = {
    EntityType.PERSON: "Person",
    EntityType.ORGANISATION: "Organisation",
    EntityType.PLACE: "Place",
}
_LEAD_BLOCKS = 2  # body blocks counted as the lead for salience
_PARTIES = frozenset({EntityType.PERSON, EntityType.ORGANISATION})
_MIN_WHO_MENTIONS = 2  # a party named once in the lead is not what the story is about
# Finite verbs and auxiliaries that make a quotation a statement rather than a label.
_STATEMENT_WORDS = _words(
    """is are was were be been being am has have had do does did will would can could shall
    should may might must not don't won't can't isn't aren't wasn't weren't we i you it
    there"""
)
_OPENING_QUOTES = frozenset('"“«„')
_CLOSING_QUOTES = frozenset('"”»“')
_QUOTED = re.compile(r'"[^"]*"|“[^”]*”|«[^»]*»|„[^“”]*[“”]')


@dataclass(frozen=True, slots=True)
class BriefQuote:
    """A full statement and the named person or body who made it."""

    text: str
    speaker: str


@dataclass(frozen=True, slots=True)
class BriefEntity:
    """One row of the entity table; ``detail`` is titles/role, or a place's code, or ""."""

    name: str
    kind: str
    detail: str
    mentions: int = 0


@dataclass(frozen=True, slots=True)
class BriefContent:
    """Everything a briefing shows beyond the source text, chosen and bounded."""

    headline: str
    bluf: str
    key_points: tuple[str, ...] = ()
    figures: tuple[BriefFigure, ...] = ()
    quotes: tuple[BriefQuote, ...] = ()
    entities: tuple[BriefEntity, ...] = ()
    more_entities: int = 0
    """Entities found but left out by the cap: the "+N more" line."""
    who: str | None = None
    what: str | None = None
    where: str | None = None
    when: str | None = None
    sources: tuple[str, ...] = ()
    """Provider, information sources and credit as the input states them, once each."""


def brief_content(item: NewsItem) -> BriefContent:
    """The briefing's content for ``item``; an unenriched item gets headline and facts only."""
    bluf = _bluf(item.summary.bluf) if item.summary is not None else ""
    quotes = _quotes(item.quotes or (), item.entities or (), bluf)
    candidates = item.summary.key_points if item.summary is not None else ()
    points = _key_points(candidates, bluf, quotes)
    ranked = _ranked_entities(item.entities or ())
    return BriefContent(
        headline=bounded(item.headline, MAX_HEADLINE_CHARS),
        bluf=bluf,
        key_points=points,
        figures=key_figures(item.figures or ()),
        quotes=quotes,
        entities=tuple(_brief_entity(e) for e in ranked[:MAX_ENTITIES]),
        more_entities=max(0, len(ranked) - MAX_ENTITIES),
        who=_who(item),
        what=_what(item),
        where=_where(item, ranked),
        when=_when(item.created),
        sources=_sources(item),
    )


def _bluf(text: str) -> str:
    """The bottom line, at most ``MAX_BLUF_WORDS`` words and ``MAX_BLUF_CHARS`` characters."""
    words = _SPACE.sub(" ", text).strip().split(" ")
    if len(words) > MAX_BLUF_WORDS:
        text = " ".join(words[:MAX_BLUF_WORDS]).rstrip(" ,;:-–—.") + _ELLIPSIS
    return bounded(text, MAX_BLUF_CHARS)


def self_contained(sentence: str) -> bool:
    """No pronoun pointing back within its first words, no half quotation, and not a bare
    quotation (a quotation whose speaker is in another sentence is a quote, not a point)."""
    opening = [w.lower() for w in _WORD.findall(sentence)[:_BACK_POINTER_WINDOW]]
    if any(w in _BACK_POINTERS for w in opening):
        return False
    if sentence.count('"') % 2 or sentence.count("“") != sentence.count("”"):
        return False  # half a quotation
    bare = sentence.strip()
    return not (bare[:1] in _OPENING_QUOTES and bare.rstrip(".")[-1:] in _CLOSING_QUOTES)


def quoted_share(text: str) -> float:
    """Share of ``text``'s words inside paired quotation marks.

    Words, not characters: a long attribution ("said Lars Holm, head of operations at a
    Danish carrier") has long words and would hide that the point is the quotation."""
    quoted = sum(len(_WORD.findall(m)) for m in _QUOTED.findall(text))
    return quoted / max(1, len(_WORD.findall(text)))


def _key_points(
    candidates: tuple[str, ...], bluf: str, quotes: tuple[BriefQuote, ...] = ()
) -> tuple[str, ...]:
    """Self-contained points, none repeating the bottom line, one another or a shown quote
    (beside a quotes section, a point that is mostly a quotation says the same twice)."""
    kept: list[str] = []
    seen = [_content(bluf)]
    shown = [_folded(q.text) for q in quotes]
    quoted = _quotations(bluf)  # a second point quoting "resurgent" tells the same thing
    for point in candidates:
        words = _content(point)
        if not point.strip() or not self_contained(point):
            continue
        if quotes and quoted_share(point) > MAX_QUOTED_SHARE:
            continue
        if any(quote in _folded(point) for quote in shown) or quoted & _quotations(point):
            continue
        if any(_overlap(words, other) > _POINT_OVERLAP for other in seen):
            continue
        kept.append(bounded(point, MAX_POINT_CHARS))
        seen.append(words)
        quoted |= _quotations(point)
        if len(kept) == MAX_KEY_POINTS:
            break
    return tuple(kept)


def _quotations(text: str) -> set[str]:
    """The quotations ``text`` carries, folded: two sentences quoting the same words
    report the same statement."""
    return {_folded(m) for m in _QUOTED.findall(text)} - {""}


def _folded(text: str) -> str:
    """Casefolded words only: a quote matches a sentence whatever its marks and spacing."""
    return " ".join(w.casefold() for w in _WORD.findall(text))


def _content(text: str) -> set[str]:
    return {w.lower() for w in _WORD.findall(text) if len(w) > 3}  # noqa: PLR2004


def _overlap(a: set[str], b: set[str]) -> float:
    """Share of the smaller set found in the other (a point inside the BLUF repeats it)."""
    return len(a & b) / max(1, min(len(a), len(b)))


def _quotes(
    quotes: tuple[Quote, ...], entities: tuple[Entity, ...], bluf: str = ""
) -> tuple[BriefQuote, ...]:
    """Full statements with a named speaker (not a place), each once and not already in
    the bottom line, at most ``MAX_QUOTES``."""
    places = {e.name.casefold() for e in entities if e.type is EntityType.PLACE}
    kept: list[BriefQuote] = []
    seen: list[str] = []
    said = _folded(bluf)
    for quote in quotes:
        speaker = _SPACE.sub(" ", quote.speaker or "").strip()
        text = _SPACE.sub(" ", quote.text).strip()
        if not speaker or speaker.casefold() in places or not is_statement(text):
            continue
        if said and _folded(text) in said:
            continue
        key = text.casefold()
        if any(key in other or other in key for other in seen):
            continue
        seen.append(key)
        kept.append(BriefQuote(bounded(text, MAX_QUOTE_CHARS), bounded(speaker, MAX_SPEAKER_CHARS)))
        if len(kept) == MAX_QUOTES:
            break
    return tuple(kept)


def is_statement(text: str) -> bool:
    """Several words, opening as a sentence does, mostly lower case (not a title), one of
    them verb-like: a statement, not a scare quote ("resurgent"), a title or a fragment."""
    words = _WORD.findall(text)
    if len(words) < MIN_QUOTE_WORDS:
        return False
    if not any(c.isupper() or c.islower() for c in text):
        return True  # a script without capitals (Arabic, Chinese): the length must do
    if words[0].islower():
        return False  # "proof that ...": a fragment worked into the writer's sentence
    capitalised = sum(1 for w in words[1:] if w[:1].isupper())
    if capitalised > (len(words) - 1) / 2:
        return False  # "The Art of the Deal": a title, not a statement
    return any(
        w.lower() in _STATEMENT_WORDS or w.endswith(("ed", "es")) for w in words if w.islower()
    )


def _ranked_entities(entities: tuple[Entity, ...]) -> list[Entity]:
    """Most salient first: headline mentions, then lead mentions, then all mentions."""

    def salience(entity: Entity) -> tuple[float, str]:
        headline = sum(1 for m in entity.mentions if m.block < 0)
        lead = sum(1 for m in entity.mentions if 0 <= m.block < _LEAD_BLOCKS)
        score = 3.0 * min(headline, 1) + 1.5 * min(lead, 2) + entity.mention_count
        return (-score, entity.name.casefold())

    return sorted(entities, key=salience)


def _brief_entity(entity: Entity) -> BriefEntity:
    kind = _KIND_LABELS.get(entity.type, str(entity.type).capitalize())
    if entity.type is EntityType.PLACE:
        detail = entity.subdivision_code or entity.country_code or ""
    else:
        detail = ", ".join(entity.titles)
    return BriefEntity(
        bounded(entity.name, MAX_ENTITY_CHARS),
        kind,
        bounded(detail, MAX_ENTITY_CHARS),
        entity.mention_count,
    )


def _who(item: NewsItem) -> str | None:
    """Who the story is about, or ``None`` when the text does not say it plainly.

    A headline that states a claim names its actor before its verb ("VinaTech signs",
    "Vietnam's VinaTech signs"): the person or organisation there. When that subject is
    no named party ("U.S. military personnel sustain"), naming another would be a guess:
    ``None``. A headline that is a label leaves it to the lead: the person or organisation
    named most in headline and lead, when clearly ahead of the next (two mentions at least).
    """
    parties = [e for e in item.entities or () if e.type in _PARTIES]
    verb = claim_verb_at(item.headline)
    if verb is not None:
        subject = [
            (m.start, e.name) for e in parties for m in e.mentions if m.block < 0 and m.start < verb
        ]
        return bounded(min(subject)[1], MAX_GLANCE_CHARS) if subject else None
    counts = sorted(((_lead_mentions(e), e.name) for e in parties), reverse=True)
    if not counts or counts[0][0] < _MIN_WHO_MENTIONS:
        return None
    if len(counts) > 1 and counts[1][0] == counts[0][0]:
        return None  # two parties as salient: which one is "who" is a guess
    return bounded(counts[0][1], MAX_GLANCE_CHARS)


def _lead_mentions(entity: Entity) -> int:
    return sum(1 for m in entity.mentions if m.block < _LEAD_BLOCKS)


def _what(item: NewsItem) -> str | None:
    labels = [s.label for s in item.subjects or () if s.name][:2]
    return bounded(", ".join(labels), MAX_GLANCE_CHARS) if labels else None


def _where(item: NewsItem, ranked: list[Entity]) -> str | None:
    """The dateline's place, else the most salient place named in headline or lead."""
    if item.dateline is not None and item.dateline.place:
        return bounded(item.dateline.place, MAX_GLANCE_CHARS)
    places = [e.name for e in ranked if e.type is EntityType.PLACE and _lead_mentions(e)]
    return bounded(places[0], MAX_GLANCE_CHARS) if places else None


def _when(created: date | datetime | None) -> str | None:
    if created is None:
        return None
    return date_in_words(created.date() if isinstance(created, datetime) else created)


def _sources(item: NewsItem) -> tuple[str, ...]:
    named = [item.provider, *item.info_sources, item.credit_line]
    seen: list[str] = []
    for name in named:
        shown = bounded(name or "", MAX_SOURCE_CHARS)
        if shown and shown.casefold() not in (s.casefold() for s in seen):
            seen.append(shown)
    return tuple(seen[:MAX_SOURCES])
