"""Enrichment: everything derived from the text, computed once, between reading and writing.

``enrich(item)`` returns a copy of the item with its optional slots filled: entities,
quotes, key figures, IPTC subjects and an extractive summary. Writers only read these
fields; none of them re-parses text. By default all of it is offline rules and gazetteers
shipped as package data (see ``enrich/data/README.md``), loaded once per process on first
use. ``enricher="spacy"`` takes the entities from a spaCy pipeline instead
(``enrich/spacy_backend.py``, the ``docexport[spacy]`` extra); every other slot is still
ours, computed from those entities.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from docexport.enrich.entities import HEADLINE_BLOCK, extract_entities, with_dateline_place
from docexport.enrich.figures import extract_figures
from docexport.enrich.gazetteer import resolve_place
from docexport.enrich.quotes import extract_quotes
from docexport.enrich.subjects import choose_subjects
from docexport.enrich.summary import summarise
from docexport.enrich.text import split_sentences
from docexport.errors import DocExportError
from docexport.model import Dateline, NewsItem, Subject

if TYPE_CHECKING:
    from docexport.enrich.text import Sentence
    from docexport.model import Entity

__all__ = [
    "DEFAULT_SPACY_MODEL",
    "ENRICHERS",
    "HEADLINE_BLOCK",
    "MAX_ENRICH_CHARS",
    "EnricherError",
    "check_enricher",
    "enrich",
]

ENRICHERS = ("rules", "spacy")
"""Where entities come from: our offline rules (the default) or a spaCy pipeline. A mode
merging both was measured and left out (see ``spacy_backend``): it did not beat the rules."""
DEFAULT_SPACY_MODEL = "en_core_web_sm"

MAX_ENRICH_CHARS = 1_000_000
"""Enrichment reads the body's blocks up to this many characters (ten long features).
Every extractor is linear, at about 0.8 s per million characters; the bound keeps a
10 MB article's enrichment under a second. Past it, nothing is extracted or marked."""


class EnricherError(DocExportError, LookupError):
    """The enricher asked for cannot run: an unknown name, or spaCy or its model missing.
    The reason is one line naming what to install (``pip install 'docexport[spacy]'``)."""


def check_enricher(enricher: str, spacy_model: str = DEFAULT_SPACY_MODEL) -> None:
    """Raise ``EnricherError`` unless ``enricher`` can run here: a known name and, for
    ``spacy``, spaCy and ``spacy_model`` loadable (loaded now, once per process)."""
    if enricher not in ENRICHERS:
        raise EnricherError(f"unknown enricher {enricher!r} (known: {', '.join(ENRICHERS)})")
    if enricher != "rules":
        from docexport.enrich.spacy_backend import load_pipeline  # noqa: PLC0415

        load_pipeline(spacy_model)


def enrich(
    item: NewsItem, *, enricher: str = "rules", spacy_model: str = DEFAULT_SPACY_MODEL
) -> NewsItem:
    """The item with entities, quotes, figures, subjects and summary filled in.

    Only empty slots are filled: what the input carries (a NewsML-G2 item's subjects and
    people, a JSON item's enrichment) is kept as it is. Media Topics are the exception:
    the machine's are added after the source's, each marked as machine-made, where the
    source has not already given the same topic. ``enricher`` is one of ``ENRICHERS``;
    ``spacy_model`` (a package name or a saved pipeline's folder) is read only by
    ``spacy``. Raises ``EnricherError`` when the enricher cannot run.
    """
    check_enricher(enricher, spacy_model)
    if item.fully_enriched:
        return item
    texts = _enriched_blocks(item)
    sentences = [s for i, text in enumerate(texts) for s in split_sentences(i, text)]
    dateline = _resolve_dateline(item)
    entities = item.entities
    if entities is None:
        entities = _extracted_entities(item.headline, texts, sentences, enricher, spacy_model)
        entities = with_dateline_place(entities, dateline, item.headline, texts)
    return dataclasses.replace(
        item,
        dateline=dateline,
        entities=entities,
        quotes=item.quotes if item.quotes is not None else extract_quotes(texts, entities),
        figures=item.figures if item.figures is not None else extract_figures(sentences),
        subjects=_merged_subjects(item, choose_subjects(item.headline, sentences, entities)),
        summary=item.summary or summarise(item.headline, sentences, entities),
    )


def _extracted_entities(
    headline: str, texts: list[str], sentences: list[Sentence], enricher: str, model: str
) -> tuple[Entity, ...]:
    if enricher == "rules":
        return extract_entities(headline, sentences)
    from docexport.enrich import spacy_backend  # noqa: PLC0415 - spaCy only when asked for

    return spacy_backend.extract_entities(headline, texts, model)


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
