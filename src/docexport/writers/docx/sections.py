"""The sections of the briefing, in reading order, each fed only by the model.

A section with nothing to show is left out entirely (no empty heading): an item that was
never enriched gets a title block, its source text and its provenance.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

from docexport import __version__
from docexport.briefing import bounded, brief_content
from docexport.dates import date_in_words
from docexport.model import BlockKind
from docexport.writers.docx.blocks import Fact
from docexport.writers.docx.properties import iso_utc, utc_or_none

if TYPE_CHECKING:
    from docexport.briefing import BriefContent, BriefEntity
    from docexport.model import NewsItem
    from docexport.writers.docx.blocks import Briefing
    from docexport.writers.docx.properties import Stamp

__all__ = ["add_sections", "entity_table", "publisher"]

_MONTHS = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")
_LANGUAGES = {
    "en": "English", "fr": "French", "de": "German", "es": "Spanish", "it": "Italian",
    "pt": "Portuguese", "nl": "Dutch", "ar": "Arabic", "he": "Hebrew", "ru": "Russian",
    "el": "Greek", "ja": "Japanese", "ko": "Korean", "zh": "Chinese", "hi": "Hindi",
    "th": "Thai",
}  # fmt: skip
_ENTITY_COLUMNS = ("Name", "Type", "Details", "Mentions")
MAX_SUBHEADLINE_CHARS = 300
MAX_FACT_CHARS = 200
# Quotation marks around quotes, by language; the English pair otherwise.
_QUOTE_MARKS = {"fr": ("« ", " »"), "de": ("„", "“"), "ru": ("«", "»"), "ar": ("«", "»")}
_BODY_STYLE = {
    BlockKind.PARAGRAPH: "Body Text",
    BlockKind.HEADING: "Heading 2",
    BlockKind.BLOCKQUOTE: "Quote",
    BlockKind.LIST_ITEM: "List Bullet",
}


def add_sections(briefing: Briefing, item: NewsItem, stamp: Stamp) -> None:
    """Every section of the briefing, in reading order; ``brief_content`` chose what
    goes in (and bounded it), this module only lays it out."""
    content = brief_content(item)
    add_title_block(briefing, item, content)
    add_summary(briefing, content)
    add_entities(briefing, content)
    add_figures(briefing, content)
    add_quotes(briefing, item, content)
    add_source_text(briefing, item)
    add_provenance(briefing, item, stamp)


def add_title_block(briefing: Briefing, item: NewsItem, content: BriefContent) -> None:
    """Headline, subheadline, then date-time group, dateline, who and where at a glance,
    byline, source, language and topics."""
    briefing.paragraph(content.headline, "Title")
    if item.subheadline:
        briefing.paragraph(bounded(item.subheadline, MAX_SUBHEADLINE_CHARS), "Subtitle")
    facts = []
    if item.created is not None:
        facts.append(_date_time_group(item.created))
    if item.dateline is not None:
        facts.append(Fact("Dateline", bounded(item.dateline.text, MAX_FACT_CHARS)))
    if content.who:
        facts.append(Fact("Who", content.who))
    if content.where and item.dateline is None:
        facts.append(Fact("Where", content.where))
    if item.bylines:
        facts.append(Fact("Byline", bounded(_join_names(item.bylines), MAX_FACT_CHARS)))
    source = bounded(publisher(item), MAX_FACT_CHARS)
    note = item.source.file_name if source != item.source.file_name else None
    facts.append(Fact("Source", source, note and bounded(note, MAX_FACT_CHARS)))
    facts.extend(_rights_facts(item))
    name = _LANGUAGES.get(item.language.split("-")[0].casefold())
    facts.append(Fact("Language", f"{name} ({item.language})" if name else item.language))
    if item.subjects:
        topics = ", ".join(subject.label for subject in item.subjects)
        facts.append(Fact("Topics", bounded(topics, MAX_FACT_CHARS)))
    briefing.facts_table(facts)


def add_summary(briefing: Briefing, content: BriefContent) -> None:
    """Bottom line up front and key points, each only when there is one."""
    if content.bluf:
        briefing.heading("Bottom line up front")
        briefing.paragraph(content.bluf, "Bottom Line")
    if content.key_points:
        briefing.heading("Key points")
        for point in content.key_points:
            briefing.paragraph(point, "List Bullet")


def add_entities(briefing: Briefing, content: BriefContent) -> None:
    """The entities table (most salient first), without a column no row fills, and a
    "+N more" line for those the cap left out."""
    if not content.entities:
        return
    briefing.heading("Key entities")
    header, rows = entity_table(content.entities)
    with_details = len(header) == len(_ENTITY_COLUMNS)
    briefing.data_table(
        header,
        rows,
        shares=(0.34, 0.2, 0.32, 0.14) if with_details else (0.5, 0.32, 0.18),
        right_aligned=frozenset({len(header) - 1}),
    )
    if content.more_entities:
        more = content.more_entities
        briefing.note(f"+{more} more {'entity' if more == 1 else 'entities'}")


def entity_table(
    entities: tuple[BriefEntity, ...],
) -> tuple[tuple[str, ...], list[tuple[str, ...]]]:
    """Header and rows of the entities table; the details column only when some row has
    details (titles, a role, a place's code)."""
    rows = [(e.name, e.kind, e.detail, str(e.mentions)) for e in entities]
    if any(e.detail for e in entities):
        return _ENTITY_COLUMNS, rows
    keep = (0, 1, 3)
    return tuple(_ENTITY_COLUMNS[i] for i in keep), [tuple(r[i] for i in keep) for r in rows]


def add_figures(briefing: Briefing, content: BriefContent) -> None:
    """One bullet per figure: the value in bold, then what it counts."""
    if not content.figures:
        return
    briefing.heading("Key figures")
    for figure in content.figures:
        briefing.lead_paragraph(figure.value_text, f"  {figure.label}", "List Bullet")


def add_quotes(briefing: Briefing, item: NewsItem, content: BriefContent) -> None:
    """Each quote in the Quote style, its speaker on the line below."""
    if not content.quotes:
        return
    briefing.heading("Notable quotes")
    opening, closing = _QUOTE_MARKS.get(item.language.split("-")[0], ("“", "”"))
    for quote in content.quotes:
        briefing.paragraph(f"{opening}{quote.text}{closing}", "Quote")
        briefing.paragraph(f"— {quote.speaker}", "Quote Attribution")


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
