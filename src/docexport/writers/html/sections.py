"""The parts of the page around the body, each fed only by the model.

A part with nothing to show is left out (no empty heading). Credit and rights appear only
as the input or the user stated them; the summary and what enrichment extracted are
labelled as machine-made. Class names avoid the words text extractors treat as page
chrome (``meta``, ``byline``, ``footer``) except where the line is meant to be skipped:
the byline and date line are metadata, read back from the JSON-LD, not body text.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, NamedTuple

from docexport.dates import date_in_words
from docexport.model import EntityType, Origin
from docexport.writers.html.linked_data import iso_date
from docexport.writers.html.markup import sub, ui_text

if TYPE_CHECKING:
    from lxml import etree

    from docexport.model import Entity, NewsItem

__all__ = [
    "add_article_footer",
    "add_article_header",
    "add_colophon",
    "add_key_facts",
    "add_masthead",
    "add_summary",
]

_ENTITY_ROWS = (
    (EntityType.PERSON, "People"),
    (EntityType.ORGANISATION, "Organisations"),
    (EntityType.PLACE, "Places"),
)
MACHINE_SUMMARY_NOTE = (
    "Machine-generated summary, derived from the article text by software; "
    "not reviewed by an editor."
)
MACHINE_FACTS_NOTE = "Items marked * were extracted from the text by software, unreviewed."
MACHINE_FACTS_ALL_NOTE = "Extracted from the article text by software; not reviewed by an editor."


def add_masthead(body: etree._Element, item: NewsItem) -> None:
    """The page banner: who supplies the item (only a stated provider: a dateline's agency
    is a source of the story, not the publisher of the page), and its date."""
    header = sub(body, "header", class_="masthead")
    inner = sub(header, "div", class_="masthead-inner")
    if item.provider:
        sub(inner, "p", item.provider, class_="masthead-name")
    else:
        ui_text(inner, "p", "News article", item, class_="masthead-name")
    if item.created is not None:
        edition = sub(inner, "p", class_="masthead-edition")
        _add_time(edition, item.created, item, with_time=False)


def add_article_header(article: etree._Element, item: NewsItem) -> None:
    """Kicker, headline, standfirst, then the byline and the dateline with the date."""
    header = sub(article, "header", class_="article-header")
    kicker = item.genres[0].label if item.genres else item.slugline
    if kicker:
        sub(header, "p", kicker, class_="kicker")
    sub(header, "h1", item.headline, id="headline")
    if item.subheadline:
        sub(header, "p", item.subheadline, class_="standfirst")
    if not (item.bylines or item.dateline or item.created is not None):
        return
    info = sub(header, "div", class_="article-meta")
    if item.bylines:
        _add_byline(sub(info, "p", class_="byline"), item)
    if item.dateline is not None or item.created is not None:
        line = sub(info, "p", class_="dateline-date")
        if item.dateline is not None:
            sub(line, "span", item.dateline.text, class_="dateline")
        if item.created is not None:
            if item.dateline is not None:
                sub(line, "span", " · ", aria_hidden="true")
            _add_time(line, item.created, item, with_time=True)


def _add_byline(line: etree._Element, item: NewsItem) -> None:
    ui_text(line, "span", "By ", item)
    for number, name in enumerate(item.bylines):
        if number:
            last = number == len(item.bylines) - 1
            ui_text(line, "span", " and " if last else ", ", item)
        sub(line, "span", name, class_="name")


def _add_time(
    parent: etree._Element, created: date | datetime, item: NewsItem, *, with_time: bool
) -> None:
    """``<time datetime>`` as precise as the item: a date stays a date."""
    shown = date_in_words(created)
    if with_time and isinstance(created, datetime):
        shown += f", {created:%H:%M}"
        offset = created.utcoffset()
        if offset is not None:
            zone = created.strftime("%z")
            shown += " UTC" if not offset else f" UTC{zone[:3]}:{zone[3:5]}"
    ui_text(parent, "time", shown, item, datetime=iso_date(created))


def add_summary(article: etree._Element, item: NewsItem) -> None:
    """Bottom line up front and key points, labelled as machine-generated."""
    summary = item.summary
    if summary is None or not (summary.bluf or summary.key_points):
        return
    aside = sub(article, "aside", class_="summary", aria_labelledby="summary-heading")
    ui_text(aside, "h2", "Summary", item, id="summary-heading")
    if summary.bluf:
        sub(aside, "p", summary.bluf, class_="bluf")
    if summary.key_points:
        points = sub(aside, "ul", class_="key-points")
        for point in summary.key_points:
            sub(points, "li", point)
    ui_text(aside, "p", MACHINE_SUMMARY_NOTE, item, class_="machine-note")


class _Entry(NamedTuple):
    name: str
    role: str | None
    machine: bool


def add_key_facts(article: etree._Element, item: NewsItem) -> None:
    """People, organisations, places, topics, genres and keywords, as lists of names."""
    rows = [(label, entries) for label, entries in _fact_rows(item) if entries]
    if not rows:
        return
    aside = sub(article, "aside", class_="key-facts", aria_labelledby="key-facts-heading")
    ui_text(aside, "h2", "Key facts", item, id="key-facts-heading")
    machine = [entry.machine for _, entries in rows for entry in entries]
    # Mark entries one by one only where machine-made and stated ones are mixed.
    mark_each = any(machine) and not all(machine)
    facts = sub(aside, "dl")
    for label, entries in rows:
        row = sub(facts, "div")
        ui_text(row, "dt", label, item)
        chips = sub(sub(row, "dd"), "ul", class_="chips")
        for entry in entries:
            _add_chip(chips, item, entry, marked=entry.machine and mark_each)
    if any(machine):
        note = MACHINE_FACTS_NOTE if mark_each else MACHINE_FACTS_ALL_NOTE
        ui_text(aside, "p", note, item, class_="machine-note")


def _fact_rows(item: NewsItem) -> list[tuple[str, list[_Entry]]]:
    rows = []
    for kind, label in _ENTITY_ROWS:
        named = _ranked([e for e in item.entities or () if e.type is kind])
        rows.append((label, [_Entry(e.name, _role(e), e.origin is Origin.MACHINE) for e in named]))
    for label, concepts in (("Topics", item.subjects or ()), ("Genre", item.genres)):
        rows.append((label, [_Entry(c.label, None, c.origin is Origin.MACHINE) for c in concepts]))
    rows.append(("Keywords", [_Entry(keyword, None, False) for keyword in item.keywords]))
    return rows


def _add_chip(chips: etree._Element, item: NewsItem, entry: _Entry, *, marked: bool) -> None:
    chip = sub(chips, "li", entry.name)
    if entry.role:
        sub(chip, "span", f" ({entry.role})", class_="role")
    if entry.machine:
        chip.set("data-origin", "machine")
    if marked:
        ui_text(chip, "sup", "*", item, class_="machine-mark", title="extracted by software")


def _ranked(entities: list[Entity]) -> list[Entity]:
    return sorted(entities, key=lambda e: (-e.mention_count, e.name.casefold()))


def _role(entity: Entity) -> str | None:
    """A person's titles; a place's country, unless the place is the country."""
    country = entity.country_code if entity.place_kind != "country" else None
    return ", ".join(entity.titles) or country or None


def add_article_footer(article: etree._Element, item: NewsItem) -> None:
    """Credit, sources and rights, each only as stated (else no footer at all)."""
    rights = item.rights
    lines: list[tuple[str, str]] = []
    if item.credit_line:
        lines.append(("Credit: ", item.credit_line))
    sources = [name for name in item.info_sources if name != item.credit_line]
    if sources:
        lines.append(("Sources: ", ", ".join(sources)))
    if rights is not None and (rights.notice or rights.holder):
        lines.append(("", rights.notice or f"© {rights.holder}"))
    if rights is not None and rights.usage_terms:
        lines.append(("Usage terms: ", rights.usage_terms))
    if not lines:
        return
    footer = sub(article, "footer", class_="article-footer")
    for label, value in lines:
        line = sub(footer, "p")
        if label:
            ui_text(line, "span", label, item)
        sub(line, "span", value)


def add_colophon(body: etree._Element, item: NewsItem) -> None:
    """The page footer: which file the article was converted from."""
    footer = sub(body, "footer", class_="colophon")
    line = sub(sub(footer, "div", class_="colophon-inner"), "p")
    sentence = ui_text(line, "span", "Converted from ", item)
    sub(sentence, "bdi", item.source.file_name, class_="source-file")  # any direction
