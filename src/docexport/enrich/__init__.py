"""Enrichment: everything derived from the text, computed once, between reading and writing.

``enrich(item)`` returns a copy of the item with its optional slots filled: entities,
quotes, key figures, IPTC subjects and an extractive summary. Writers only read these
fields; none of them re-parses text. All of it is offline rules and gazetteers shipped as
package data (see ``enrich/data/README.md``), loaded once per process on first use.
"""

from __future__ import annotations

import dataclasses

from docexport.enrich.entities import HEADLINE_BLOCK, extract_entities
from docexport.enrich.figures import extract_figures
from docexport.enrich.gazetteer import resolve_place
from docexport.enrich.quotes import extract_quotes
from docexport.enrich.subjects import choose_subjects
from docexport.enrich.summary import summarise
from docexport.enrich.text import split_sentences
from docexport.model import Dateline, NewsItem, Subject

__all__ = ["HEADLINE_BLOCK", "MAX_ENRICH_CHARS", "enrich"]

MAX_ENRICH_CHARS = 1_000_000
"""Enrichment reads the body's blocks up to this many characters (ten long features).
Every extractor is linear, at about 0.8 s per million characters; the bound keeps a
10 MB article's enrichment under a second. Past it, nothing is extracted or marked."""


def enrich(item: NewsItem) -> NewsItem:
    """The item with entities, quotes, figures, subjects and summary filled in.

    Only empty slots are filled: what the input carries (a NewsML-G2 item's subjects and
    people, a JSON item's enrichment) is kept as it is. Media Topics are the exception:
    the machine's are added after the source's, each marked as machine-made, where the
    source has not already given the same topic.
    """
    if item.fully_enriched:
        return item
    texts = _enriched_blocks(item)
    sentences = [s for i, text in enumerate(texts) for s in split_sentences(i, text)]
    entities = item.entities
    if entities is None:
        entities = extract_entities(item.headline, sentences)
    return dataclasses.replace(
        item,
        dateline=_resolve_dateline(item),
        entities=entities,
        quotes=item.quotes if item.quotes is not None else extract_quotes(texts, entities),
        figures=item.figures if item.figures is not None else extract_figures(sentences),
        subjects=_merged_subjects(item, choose_subjects(item.headline, sentences, entities)),
        summary=item.summary or summarise(item.headline, sentences, entities),
    )


def _merged_subjects(item: NewsItem, found: tuple[Subject, ...]) -> tuple[Subject, ...]:
    if item.subjects is None:
        return found
    given = {subject.qcode for subject in item.subjects}
    return item.subjects + tuple(s for s in found if s.qcode not in given)


def _enriched_blocks(item: NewsItem) -> list[str]:
    """The texts of the leading blocks within ``MAX_ENRICH_CHARS``; a first block longer
    than that is read up to it (a prefix, so every offset found stays valid)."""
    texts: list[str] = []
    total = 0
    for block in item.body:
        if total + len(block.text) > MAX_ENRICH_CHARS:
            if not texts:
                texts.append(block.text[:MAX_ENRICH_CHARS])
            break
        texts.append(block.text)
        total += len(block.text)
    return texts


def _resolve_dateline(item: NewsItem) -> Dateline | None:
    """The dateline with its place's codes, where the gazetteer is sure of the place
    ("RICHMOND, Va." is Richmond, US-VA; a bare small town stays unresolved)."""
    dateline = item.dateline
    if dateline is None or dateline.geonames_id is not None or dateline.country_code:
        return dateline
    context = dateline.text + " " + (item.body[0].text if item.body else "")
    place = resolve_place(dateline.place, context)
    if place is None:
        return dateline
    return dataclasses.replace(
        dateline,
        country_code=place.country_code,
        subdivision_code=place.subdivision_code,
        geonames_id=place.geonames_id,
    )
