"""Entities from a spaCy pipeline (``--enricher spacy``), mapped onto our model.

For users who already run spaCy. Only the entities come from it; quotes, figures, subjects
and the summary are still ours, computed from these entities. spaCy's labels map onto our
three types: ``PERSON`` (``PER`` in WikiNER-style pipelines) → person, ``ORG`` →
organisation, ``GPE``, ``LOC`` and ``FAC`` (airports, stadiums, roads: CoNLL-style news
gold counts them as locations, and on CoNLL's development split mapping them scored a
little better than dropping them) → place. ``NORP`` (nationalities), dates, amounts and
the rest are dropped: our model has no slot for them. Offsets follow
``docexport.enrich.entities``: ``Span(block, start, end)`` in the body block's text,
``HEADLINE_BLOCK`` for the headline. Places go through our gazetteer for their ISO and
GeoNames codes; a title in front of a person ("Gen.") is kept apart, as the rules do.

spaCy is imported here only, and this module only when a caller asks for it, so the
default enrichment stays dependency-light. Each pipeline loads once per process and name.

There is no mode that merges spaCy's entities with ours: on CoNLL-2003's development split
every merge tried (a union where our gazetteer-backed readings win and spaCy's otherwise;
ours first with spaCy's mentions added where we found nothing, for all types or one) scored
at best level with our entities alone, and spaCy ``en_core_web_sm`` alone far below them.
Where the two readings of one span disagreed on its type, ours was right 428 times out of
516, spaCy's 64.
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING, Any

from docexport.enrich import EnricherError
from docexport.enrich.entities import HEADLINE_BLOCK, FoundEntity, to_entities
from docexport.enrich.gazetteer import load_organisations, load_titles, resolve_place
from docexport.enrich.text import split_sentences
from docexport.errors import shorten
from docexport.model import Entity, EntityType, Span

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence

__all__ = ["extract_entities", "load_pipeline"]

INSTALL_HINT = "pip install 'docexport[spacy]' && python -m spacy download en_core_web_sm"

_LABELS = {
    "PERSON": EntityType.PERSON,
    "PER": EntityType.PERSON,
    "ORG": EntityType.ORGANISATION,
    "GPE": EntityType.PLACE,
    "LOC": EntityType.PLACE,
    "FAC": EntityType.PLACE,
}
# Pipes that entity recognition does not need: leaving them out takes about a third off
# en_core_web_sm's time on news. Names a pipeline lacks are ignored by spacy.load.
_UNNEEDED_PIPES = (
    "parser",
    "lemmatizer",
    "tagger",
    "attribute_ruler",
    "senter",
    "morphologizer",
    "textcat",
    "textcat_multilabel",
)
_CHUNK_CHARS = 100_000
"""A block longer than this goes to spaCy in sentence-aligned pieces: its memory grows
with the length of one text, and its default ``max_length`` is a million characters."""
_PACKAGE_NAME = re.compile(r"^[a-z][a-z0-9_]*$")  # en_core_web_sm, not a folder
_CONTEXT_BLOCKS = 8  # as entities.py: the first paragraphs naming a place decide its reading
_LEADING = re.compile(r"^(?:the|The|THE)\s+")
_TRAILING = re.compile(r"(?:['’]s?|[.,;:])$")
_Groups = dict[tuple[EntityType, str], FoundEntity]


@functools.cache
def load_pipeline(model: str) -> Any:
    """``spacy.load(model)`` without the pipes entities do not need, once per process.

    ``model`` is an installed package name or the folder of a saved pipeline. Raises
    ``EnricherError`` with the command to install what is missing.
    """
    try:
        import spacy  # noqa: PLC0415 - an optional extra, imported only when asked for
    except ImportError as exc:
        raise EnricherError(f"the spacy enricher needs spaCy: {INSTALL_HINT}") from exc
    try:
        return spacy.load(model, exclude=list(_UNNEEDED_PIPES))
    except (OSError, ValueError) as exc:  # E050 no such package or folder, E053 no pipeline
        raise EnricherError(_load_problem(model, exc)) from exc


def _load_problem(model: str, exc: Exception) -> str:
    """One line: what failed and the commands that install spaCy and a model."""
    first_line = (str(exc).splitlines() or [type(exc).__name__])[0]
    reason = "no such model package or pipeline folder" if "[E050]" in first_line else first_line
    package = model if _PACKAGE_NAME.match(model) else "en_core_web_sm"
    return (
        f"cannot load spaCy model {model!r}: {shorten(reason)}; install it with "
        f"python -m spacy download {package} (spaCy: pip install 'docexport[spacy]')"
    )


def extract_entities(headline: str, texts: Sequence[str], model: str) -> tuple[Entity, ...]:
    """Persons, organisations and places that the spaCy pipeline ``model`` finds in the
    headline and body blocks ``texts``, grouped by name as ``extract_entities`` groups them."""
    nlp = load_pipeline(model)
    pieces = list(_pieces(headline, texts))
    found: _Groups = {}
    for piece, doc in zip(pieces, nlp.pipe(p[2] for p in pieces), strict=True):
        for ent in doc.ents:
            kind = _LABELS.get(ent.label_)
            if kind is not None:
                _add_mention(found, kind, piece, ent.start_char, ent.end_char)
    _merge_partial_people(found)
    _resolve_places(found, headline, texts)
    return to_entities(found.values())


def _pieces(headline: str, texts: Sequence[str]) -> Iterator[tuple[int, int, str]]:
    """(block, offset of the piece in its block, text): the headline, then each block,
    a long block cut at sentence ends so that offsets stay those of the block."""
    if headline.strip():
        yield HEADLINE_BLOCK, 0, headline
    for block, text in enumerate(texts):
        if len(text) <= _CHUNK_CHARS:
            yield block, 0, text
            continue
        start = end = 0
        for sentence in split_sentences(block, text):
            if sentence.end - start > _CHUNK_CHARS and end > start:
                yield block, start, text[start:end]
                start = sentence.start
            end = sentence.end
        yield block, start, text[start:end]


def _add_mention(
    found: _Groups, kind: EntityType, piece: tuple[int, int, str], start: int, end: int
) -> None:
    """One mention, trimmed of a leading "the", a possessive and edge punctuation; a person's
    title inside or right before the span is kept apart ("Gen. Erik Kurilla")."""
    block, base, text = piece
    surface = text[start:end]
    if lead := _LEADING.match(surface):
        start += lead.end()
    while end > start and (tail := _TRAILING.search(text[start:end])) is not None:
        end -= len(tail.group())
    title = None
    if kind is EntityType.PERSON:
        title, start = _title_at(text, start, end)
    name = " ".join(text[start:end].split())
    if not name or not any(c.isalpha() for c in name):
        return
    if kind is EntityType.ORGANISATION:
        name = load_organisations().get(name, name)
    group = found.setdefault((kind, name), FoundEntity(kind, name))
    group.spans[Span(block=block, start=base + start, end=base + end)] = None
    if title and title not in group.titles:
        group.titles.append(title)


def _title_at(text: str, start: int, end: int) -> tuple[str | None, int]:
    """A title opening the span (its new start past it) or standing right before it."""
    words = text[start:end].split()
    for title in load_titles():  # longest first
        if len(words) > len(title) and tuple(words[: len(title)]) == title:
            skipped = text.index(words[len(title)], start + len(" ".join(title)))
            return " ".join(title), skipped
    before = text[max(0, start - 40) : start].split()
    for title in load_titles():
        if len(before) >= len(title) and tuple(before[-len(title) :]) == title:
            return " ".join(title), start
    return None, start


def _merge_partial_people(found: _Groups) -> None:
    """ "Kurilla" after "Erik Kurilla": a shorter person whose words end a longer one's
    (or a lone word in it) is the same person, the first such in order of length."""
    people = sorted(
        (g for g in found.values() if g.type is EntityType.PERSON),
        key=lambda g: -len(g.name.split()),
    )
    having: dict[str, list[FoundEntity]] = {}  # word → longer names with it: no all-pairs scan
    for person in people:
        for word in dict.fromkeys(person.name.split()):
            having.setdefault(word, []).append(person)
    for short in people[::-1]:
        parts = short.name.split()
        for full in having.get(parts[-1], ()):
            full_parts = full.name.split()
            if len(full_parts) <= len(parts) or (EntityType.PERSON, full.name) not in found:
                continue
            if full_parts[-len(parts) :] == parts or len(parts) == 1:
                full.spans.update(short.spans)
                full.titles.extend(t for t in short.titles if t not in full.titles)
                del found[(EntityType.PERSON, short.name)]
                break


def _resolve_places(found: _Groups, headline: str, texts: Sequence[str]) -> None:
    """Each place read with the paragraphs that name it: its codes, and its gazetteer name
    (``U.S.`` → United States), under which mentions of one place are merged."""
    for key, group in list(found.items()):
        if group.type is not EntityType.PLACE:
            continue
        blocks = sorted({span.block for span in group.spans})[:_CONTEXT_BLOCKS]
        context = " ".join(headline if b == HEADLINE_BLOCK else texts[b] for b in blocks)
        place = resolve_place(group.name, context)
        if place is None and group.name.isupper() and len(group.name) > len("USA"):
            place = resolve_place(group.name.title(), context)  # a dateline: "WASHINGTON -"
        if place is None:
            continue
        del found[key]
        merged = found.setdefault(
            (EntityType.PLACE, place.name), FoundEntity(group.type, place.name)
        )
        merged.spans.update(group.spans)
        merged.place = merged.place or place
