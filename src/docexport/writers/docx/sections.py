"""The sections of the briefing, in reading order, each fed only by the model.

A section with nothing to show is left out entirely (no empty heading): an item that was
never enriched gets a title block, its source text and its provenance.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

from docexport import __version__
from docexport.dates import date_in_words
from docexport.model import BlockKind, EntityType
from docexport.writers.docx.blocks import Fact
from docexport.writers.docx.properties import iso_utc, utc_or_none

if TYPE_CHECKING:
    from docexport.model import Entity, NewsItem
    from docexport.writers.docx.blocks import Briefing
    from docexport.writers.docx.properties import Stamp

__all__ = ["add_sections", "entity_rows", "publisher"]

_MONTHS = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")
_LANGUAGES = {
    "en": "English", "fr": "French", "de": "German", "es": "Spanish", "it": "Italian",
    "pt": "Portuguese", "nl": "Dutch", "ar": "Arabic", "he": "Hebrew", "ru": "Russian",
    "el": "Greek", "ja": "Japanese", "ko": "Korean", "zh": "Chinese", "hi": "Hindi",
    "th": "Thai",
}  # fmt: skip
_ENTITY_ORDER = {EntityType.PERSON: 0, EntityType.ORGANISATION: 1, EntityType.PLACE: 2}
_ENTITY_LABEL = {
    EntityType.PERSON: "Person",
    EntityType.ORGANISATION: "Organisation",
    EntityType.PLACE: "Place",
}
# Quotation marks around quotes, by language; the English pair otherwise.
_QUOTE_MARKS = {"fr": ("« ", " »"), "de": ("„", "“"), "ru": ("«", "»"), "ar": ("«", "»")}
_BODY_STYLE = {
    BlockKind.PARAGRAPH: "Body Text",
    BlockKind.HEADING: "Heading 2",
    BlockKind.BLOCKQUOTE: "Quote",
    BlockKind.LIST_ITEM: "List Bullet",
}


def add_sections(briefing: Briefing, item: NewsItem, stamp: Stamp) -> None:
    """Every section of the briefing, in reading order."""
    add_title_block(briefing, item)
    add_summary(briefing, item)
    add_entities(briefing, item)
    add_figures(briefing, item)
    add_quotes(briefing, item)
    add_source_text(briefing, item)
    add_provenance(briefing, item, stamp)


def add_title_block(briefing: Briefing, item: NewsItem) -> None:
    """Headline, subheadline, then date-time group, dateline, byline, source, language."""
    briefing.paragraph(item.headline, "Title")
    if item.subheadline:
        briefing.paragraph(item.subheadline, "Subtitle")
    facts = []
    if item.created is not None:
        facts.append(_date_time_group(item.created))
    if item.dateline is not None:
        facts.append(Fact("Dateline", item.dateline.text))
    if item.bylines:
        facts.append(Fact("Byline", _join_names(item.bylines)))
    source = publisher(item)
    note = item.source.file_name if source != item.source.file_name else None
    facts.append(Fact("Source", source, note))
    facts.extend(_rights_facts(item))
    name = _LANGUAGES.get(item.language.split("-")[0].casefold())
    facts.append(Fact("Language", f"{name} ({item.language})" if name else item.language))
    if item.subjects:
        facts.append(Fact("Topics", ", ".join(subject.label for subject in item.subjects)))
    briefing.facts_table(facts)


def add_summary(briefing: Briefing, item: NewsItem) -> None:
    """Bottom line up front and key points, each only when the summary has it."""
    if item.summary is None:
        return
    if item.summary.bluf:
        briefing.heading("Bottom line up front")
        briefing.paragraph(item.summary.bluf, "Bottom Line")
    if item.summary.key_points:
        briefing.heading("Key points")
        for point in item.summary.key_points:
            briefing.paragraph(point, "List Bullet")


def add_entities(briefing: Briefing, item: NewsItem) -> None:
    """The entities table: name, type (and country), titles, mention count."""
    if not item.entities:
        return
    briefing.heading("Key entities")
    briefing.data_table(
        ("Name", "Type", "Title / role", "Mentions"),
        entity_rows(item.entities),
        shares=(0.33, 0.2, 0.33, 0.14),
        right_aligned=frozenset({3}),
    )


def entity_rows(entities: tuple[Entity, ...]) -> list[tuple[str, str, str, str]]:
    """Rows of the entities table: people, organisations, places; most mentioned first."""
    ordered = sorted(
        entities,
        key=lambda e: (_ENTITY_ORDER.get(e.type, 3), -e.mention_count, e.name.casefold()),
    )
    rows = []
    for entity in ordered:
        kind = _ENTITY_LABEL.get(entity.type, str(entity.type).capitalize())
        if entity.country_code:
            kind += f" ({entity.country_code})"
        rows.append((entity.name, kind, ", ".join(entity.titles), str(entity.mention_count)))
    return rows


def add_figures(briefing: Briefing, item: NewsItem) -> None:
    """One bullet per figure: the figure in bold, then the sentence it stands in."""
    if not item.figures:
        return
    briefing.heading("Key figures")
    for figure in item.figures:
        context = _sentence_with(figure.context, figure.text) if figure.context else None
        rest = f" — {context}" if context else ""
        briefing.lead_paragraph(figure.text, rest, "List Bullet")


def add_quotes(briefing: Briefing, item: NewsItem) -> None:
    """Each quote in the Quote style, its speaker on the line below."""
    if not item.quotes:
        return
    briefing.heading("Notable quotes")
    opening, closing = _QUOTE_MARKS.get(item.language.split("-")[0], ("“", "”"))
    for quote in item.quotes:
        briefing.paragraph(f"{opening}{quote.text}{closing}", "Quote")
        briefing.paragraph(f"— {quote.speaker or 'unattributed'}", "Quote Attribution")


def add_source_text(briefing: Briefing, item: NewsItem) -> None:
    """The article, block by block, each kind in its style; the text is never changed."""
    if not item.body:
        return
    briefing.heading("Source text")
    for block in item.body:
        briefing.paragraph(block.text, _BODY_STYLE.get(block.kind, "Body Text"))


def add_provenance(briefing: Briefing, item: NewsItem, stamp: Stamp | None) -> None:
    """Where the briefing comes from: source file and hash, guid, converter, time."""
    source = item.source
    briefing.heading("Provenance")
    facts = [
        Fact("Source file", source.file_name, f"{source.size:,} bytes, {source.encoding}"),
        Fact("Source SHA-256", source.sha256),
        Fact("NewsML guid", item.guid, f"version {item.version}"),
        Fact("Converter", f"docexport {__version__}"),
    ]
    if stamp is not None:
        utc = utc_or_none(stamp.time)
        shown = iso_utc(utc) if utc is not None else stamp.time.isoformat(timespec="seconds")
        facts.append(Fact("Generated", shown, stamp.basis))
    briefing.facts_table(facts)


def publisher(item: NewsItem) -> str:
    """Who the item comes from: its provider, else its information sources (the agency
    of a dateline), else the source file's name. Never docexport itself."""
    if item.provider:
        return item.provider
    if item.info_sources:
        return ", ".join(item.info_sources)
    return item.source.file_name


def _rights_facts(item: NewsItem) -> list[Fact]:
    """Credit and rights, only as stated by the input or the user (else nothing)."""
    facts = [Fact("Credit", item.credit_line)] if item.credit_line else []
    rights = item.rights
    if rights is not None and (rights.holder or rights.notice):
        facts.append(Fact("Rights", rights.notice or f"© {rights.holder}"))
    if rights is not None and rights.usage_terms:
        facts.append(Fact("Usage terms", rights.usage_terms))
    return facts


def _date_time_group(created: date | datetime) -> Fact:
    """The military date-time group (``221230Z OCT 24``) with the article's own time;
    a date-only article gets its date in words (``22 October 2024``), never a time."""
    if not isinstance(created, datetime):
        value = date_in_words(created)
        return Fact("Date", value, "date only, no time given")
    utc = utc_or_none(created) if created.tzinfo else created.replace(tzinfo=UTC)
    if utc is None:  # past 9999-12-31 in UTC: no group to write, the time as given
        return Fact("Date-time", created.isoformat(timespec="minutes"), "past year 9999 in UTC")
    value = f"{utc:%d%H%M}Z {_MONTHS[utc.month - 1]} {utc.year % 100:02d}"
    return Fact("Date-time group", value, created.isoformat(timespec="minutes"))


def _join_names(names: tuple[str, ...]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _sentence_with(context: str, needle: str) -> str:
    """The sentence of ``context`` that holds ``needle`` (all of it if not found).

    Enrichment may give a whole paragraph as a figure's context; a bullet needs one
    sentence. Splitting at ". " is enough for display and never drops the figure.
    """
    where = context.find(needle)
    if where < 0:
        return context
    before = context.rfind(". ", 0, where)
    after = context.find(". ", where + len(needle))
    return context[before + 2 if before >= 0 else 0 : after + 1 if after >= 0 else None]
