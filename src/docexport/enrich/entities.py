"""People, organisations and places: a learned tagger proposes names, rules finish them.

The tagger (``tagger.py``, an averaged perceptron trained on public news annotations) reads
every name-like word in context and says where a name starts and ends and whether it is a
person, an organisation, a place or some other name (nationalities, events: dropped). What
the rules add afterwards, because the model cannot or should not:

* titles and roles in front of a person go to ``Entity.titles`` ("Gen. Erik Kurilla",
  "Railway Minister Dr. Farah Siddiqui"), never into the name;
* laws, operations and tournaments ("National Security Act") are not entities, whatever
  the model says; bodies from ``organisations.tsv`` are organisations (certain data wins);
  these per-sentence corrections live in ``name_rules.py``;
* places are read with the gazetteer (``resolve_place``): canonical name (U.S. → United
  States), ISO codes and GeoNames id, chosen with the words around them;
* mentions are grouped into one entity: a lone surname, in the body or the headline, joins
  the full name given elsewhere ("Weah" → George Weah), an ALL CAPS mention its mixed-case
  form.

A headline in Title Case ("Fed Holds Rates As Inflation Cools") gives the model no case to
read, so there only gazetteer names and entities already found in the body are marked.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from docexport.enrich.gazetteer import Place, load_organisations, load_places, resolve_place
from docexport.enrich.name_cues import not_a_name
from docexport.enrich.name_features import Token, person_names
from docexport.enrich.name_rules import is_event, settle, strip_titles
from docexport.enrich.tagger import NameSpan, load_tagger
from docexport.enrich.text import Sentence
from docexport.model import Dateline, Entity, EntityType, Span

__all__ = [
    "HEADLINE_BLOCK",
    "FoundEntity",
    "extract_entities",
    "to_entities",
    "with_dateline_place",
]

HEADLINE_BLOCK = -1
"""``Span.block`` of a mention in the headline rather than in a body block."""

_KINDS = {"PER": EntityType.PERSON, "ORG": EntityType.ORGANISATION, "LOC": EntityType.PLACE}
_TOKEN = re.compile(r"\w[\w'’&.\-]*")
_DOTTED_ACRONYM = re.compile(r"^(?:[A-Z]\.){2,}$")
_CAMEL_CASE = re.compile(r"^(?!Ma?c[A-Z])[A-Z][a-z]+[A-Z]\w*$")  # DeepMind, not McCallum
_POSTNOMINALS = frozenset(
    ["KC", "QC", "MP", "MEP", "MBE", "OBE", "CBE", "KBE", "Jr", "Sr", "II", "III", "PhD"]
)
_TITLE_CASE_SHARE = 0.6  # of a headline's longer words capitalised: Title Case, not a sentence
_CONTEXT_BLOCKS = 8
_SHORT_WORD = 3  # at most: "USA" stays in capitals; "the", "of" are not headline words
_TYPE_ORDER = {EntityType.PERSON: 0, EntityType.ORGANISATION: 1, EntityType.PLACE: 2}


@dataclass(slots=True)
class FoundEntity:
    """An entity while mentions are gathered (mutable); ``to_entities`` freezes them."""

    type: EntityType
    name: str
    place: Place | None = None
    """Gazetteer places: the reading (country, subdivision, GeoNames id) in context."""
    titles: list[str] = field(default_factory=list)
    spans: dict[Span, None] = field(default_factory=dict)
    """An ordered set: adding a mention is O(1) however long the article."""


@dataclass(slots=True)  # not frozen: a frozen __init__ costs 0.1 ms an article, one per sentence
class _Line:
    """One tagged text: the headline or a body sentence, and where its offsets start."""

    block: int
    offset: int
    text: str
    tokens: list[Token]
    names: list[NameSpan]
    nationality: dict[int, str] = field(default_factory=dict)
    """First token of a person → the nationality written before it ("Swede")."""


def extract_entities(headline: str, sentences: list[Sentence]) -> tuple[Entity, ...]:
    """Entities of the headline and the body, merged."""
    found: dict[tuple[EntityType, str], FoundEntity] = {}
    texts = [headline, *(s.text for s in sentences)]
    doc, names = load_tagger().tag(texts, headline=True)
    lines = [_Line(HEADLINE_BLOCK, 0, headline, doc.sentences[0], names[0])]
    lines += [
        _Line(s.block, s.start, s.text, tokens, spans)
        for s, tokens, spans in zip(sentences, doc.sentences[1:], names[1:], strict=True)
    ]
    no_names: set[str] = set()  # storms and oil benchmarks: "Boris", "Brent"
    for line in lines[1:]:
        for name in _settled(line):
            _add_name(found, line, name, no_names)
    if _is_title_case(headline, doc.caps_lines[0]):
        _find_in_headline(headline, found)
    else:
        body_words: set[str] | None = None  # built only for a lone headline word
        for name in _settled(lines[0]):
            # A lone headline word the body never repeats is too weak on its own ("Headline")
            if name.first == name.last and body_words is None:
                body_words = {t.text.lower() for tokens in doc.sentences[1:] for t in tokens}
            if name.first < name.last or line_word(lines[0], name).lower() in body_words:
                _add_name(found, lines[0], name, no_names)
    for key in [k for k in found if k[1] in no_names]:
        del found[key]  # "Boris stalled" after "Storm Boris", "Brent rose" after "Brent crude"
    _surnames_in_headline(lines[0], found)
    _merge_partial_bodies(found)
    _merge_partial_people(found)
    _read_places_in_context(found, headline, sentences)
    return to_entities(found.values())


def line_word(line: _Line, name: NameSpan) -> str:
    return line.tokens[name.first].text


def _settled(line: _Line) -> list[NameSpan]:
    """The line's names as the rules settle them (``name_rules.settle``)."""
    names, nationality = settle(line.tokens, line.names)
    line.nationality.update(nationality)
    return names


def _surnames_in_headline(line: _Line, found: dict) -> None:
    """A headline word that is the surname of one person of the body is that person
    ("Weah" in the headline, "George Weah" in the story), whatever the model said of it."""
    owners: dict[str, FoundEntity | None] = {}
    for entry in found.values():
        if entry.type is EntityType.PERSON and " " in entry.name:
            surname = entry.name.split()[-1].lower()
            owners[surname] = None if surname in owners else entry  # two owners: neither
    taken = {(s.start, s.end) for f in found.values() for s in f.spans if s.block == line.block}
    for token in line.tokens:
        owner = owners.get(token.text.lower())
        if owner is not None and token.text[:1].isupper():
            span = Span(block=line.block, start=token.start, end=token.end)
            if not any(start <= token.start < end for start, end in taken):
                owner.spans[span] = None


def _is_title_case(headline: str, caps_line: bool) -> bool:
    words = [w for w in headline.split() if len(w) > _SHORT_WORD and w[0].isalpha()]
    upper = sum(w[0].isupper() for w in words)
    return not caps_line and len(words) > 1 and upper >= _TITLE_CASE_SHARE * len(words)


def _add_name(found: dict, line: _Line, name: NameSpan, no_names: set[str]) -> None:
    tokens = line.tokens
    if (words := not_a_name(tokens, name.first, name.last)) is not None:
        no_names.add(words.lower())
        return
    kind = _KINDS.get(name.kind)
    if kind is None:  # other names, except a country named as one ("US-led")
        text = line.text[tokens[name.first].start : tokens[name.last].end]
        if _country(text) is None:
            return
        kind = EntityType.PLACE
    first, last = name.first, name.last
    titles: list[str] = []
    if kind is EntityType.PERSON:
        first, titles = strip_titles(tokens, first, last)
        if nationality := line.nationality.get(name.first):
            titles.insert(0, nationality)
        while last > first and tokens[last].text.rstrip(".") in _POSTNOMINALS:
            last -= 1
    if first > last:
        return
    text = line.text[tokens[first].start : tokens[last].end]
    if is_event(tokens, first, last):
        return
    if kind is EntityType.PERSON and first == last and _CAMEL_CASE.match(text):
        kind = EntityType.ORGANISATION  # DeepMind, YouTube: companies, not people
    span = Span(
        block=line.block,
        start=line.offset + tokens[first].start,
        end=line.offset + tokens[last].end,
    )
    place = None
    organisation = load_organisations().get(text)
    if organisation is not None:
        kind, text = EntityType.ORGANISATION, organisation
    elif kind is EntityType.PLACE or (place := _country(text)) is not None:
        # A country is a place whatever the model says (national teams are too, in news)
        place = place or _place(text, line.text)
        kind, text = EntityType.PLACE, place.name if place else text
    _add(found, kind, text, span, titles=titles, place=place)


def _country(name: str) -> Place | None:
    place = resolve_place(name)
    return place if place is not None and place.kind == "country" else None


def _place(name: str, context: str) -> Place | None:
    place = resolve_place(name) or resolve_place(name, context)
    if place is None and name.isupper() and len(name) > _SHORT_WORD:  # JAPAN in a caps headline
        place = resolve_place(name.title())
    return place


def _add(
    found: dict,
    kind: EntityType,
    name: str,
    span: Span,
    *,
    titles: list[str] = (),  # type: ignore[assignment]
    place: Place | None = None,
) -> None:
    key = (kind, name.lower())
    entry = found.get(key)
    if entry is None:
        entry = found[key] = FoundEntity(kind, name, place)
    elif entry.name.isupper() and not name.isupper():
        entry.name = name  # "George Weah" over "GEORGE WEAH" from a caps headline
    entry.spans[span] = None
    if titles:
        entry.titles.extend(t for t in titles if t not in entry.titles)


def _merge_partial_people(found: dict) -> None:
    """ "Sousa Teixeira", a titled "Ryder" or a headline "WEAH" joins the full name."""
    people = sorted(
        (f for f in found.values() if f.type is EntityType.PERSON),
        key=lambda f: -len(f.name.split()),
    )
    # Candidates by name part: only names sharing a word can absorb a shorter one, so each
    # name is compared with a few, not with every person.
    having: dict[str, list[FoundEntity]] = {}
    for person in people:
        for part in set(person.name.lower().split()):
            having.setdefault(part, []).append(person)
    for short in people[::-1]:
        parts = short.name.lower().split()
        for full in having.get(parts[-1], ()):
            full_parts = full.name.lower().split()
            if full is short or len(full_parts) <= len(parts):
                continue
            if full_parts[-len(parts) :] == parts or (len(parts) == 1 and parts[0] in full_parts):
                full.spans.update(short.spans)
                full.titles.extend(t for t in short.titles if t not in full.titles)
                del found[(short.type, short.name.lower())]
                break


def _merge_partial_bodies(found: dict) -> None:
    """A lone word read as a person that opens one organisation's name joins it ("Helixa"
    → Helixa Cloud), and so does one read as a place where the rest of the name is a city
    ("Wydad" → Wydad Casablanca: a club); a known place ("Manchester"), a given name
    ("Jordan") or a word two bodies open keeps its own reading."""
    owners: dict[str, FoundEntity | None] = {}
    for entry in found.values():
        if entry.type is EntityType.ORGANISATION and " " in entry.name:
            word = entry.name.split(" ", 1)[0].lower()
            owners[word] = None if word in owners else entry
    for key, entry in list(found.items()) if owners else ():
        owner = owners.get(entry.name.lower())
        if owner is None or entry.titles or _keeps_its_reading(entry, owner):
            continue
        owner.spans.update(entry.spans)
        del found[key]


def _keeps_its_reading(entry: FoundEntity, owner: FoundEntity) -> bool:
    if entry.type is EntityType.PLACE:
        rest = owner.name.split(" ", 1)[1]
        return entry.place is not None or not load_places().candidates(rest)
    return (
        entry.type is not EntityType.PERSON
        or "f" in person_names().get(entry.name.lower(), "")
        or bool(load_places().candidates(entry.name))
    )


def _find_in_headline(headline: str, found: dict) -> None:
    """Gazetteer names and known entities in a Title Case headline, longest n-grams first."""
    tokens = [
        (m.start(), m.group().removesuffix("'s").removesuffix("’s"))
        for m in _TOKEN.finditer(headline)
    ]
    tokens = [(s, w if _DOTTED_ACRONYM.match(w) else w.rstrip(".")) for s, w in tokens]
    known = {f.name: f for f in found.values()}
    taken: set[int] = set()
    for size in (4, 3, 2, 1):
        for i in range(len(tokens) - size + 1):
            if taken and not taken.isdisjoint(range(i, i + size)):
                continue
            name = " ".join(w for _, w in tokens[i : i + size])
            end = tokens[i + size - 1][0] + len(tokens[i + size - 1][1])
            if name and _add_headline_hit(name, (tokens[i][0], end), known, found, headline):
                taken.update(range(i, i + size))


def _add_headline_hit(
    name: str, offsets: tuple[int, int], known: dict, found: dict, headline: str
) -> bool:
    span = Span(block=HEADLINE_BLOCK, start=offsets[0], end=offsets[1])
    # No namesake at all (most n-grams): no reading in any context either.
    places = load_places().candidates(name)
    if places and (place := resolve_place(name) or resolve_place(name, headline)) is not None:
        _add(found, EntityType.PLACE, place.name, span, place=place)
    elif (org := load_organisations().get(name)) is not None:
        _add(found, EntityType.ORGANISATION, org, span)
    elif name in known and (len(name.split()) > 1 or name[0].isupper()):
        known[name].spans[span] = None
    else:
        return False
    return True


def _read_places_in_context(found: dict, headline: str, sentences: list[Sentence]) -> None:
    """Each gazetteer place read again with every paragraph that names it, so that "Portland"
    here and "Portland, Maine" in the next paragraph are one place, in Maine."""
    paragraphs: dict[int, list[str]] = {HEADLINE_BLOCK: [headline]}
    for sentence in sentences:
        paragraphs.setdefault(sentence.block, []).append(sentence.text)
    for entry in found.values():
        if entry.place is not None:
            # The first few paragraphs that name it decide; all of them would make a place
            # named in every paragraph of a long article cost the whole article, each time.
            blocks = sorted({span.block for span in entry.spans})[:_CONTEXT_BLOCKS]
            context = " ".join(text for block in blocks for text in paragraphs.get(block, ()))
            entry.place = resolve_place(entry.name, context) or entry.place


def to_entities(found: Iterable[FoundEntity]) -> tuple[Entity, ...]:
    """The entities with a mention, people first, then organisations, then places; within
    each kind the most mentioned first, then the first mentioned."""
    entries = [f for f in found if f.spans]
    entries.sort(key=lambda f: (_TYPE_ORDER[f.type], -len(f.spans), min(map(_order, f.spans))))
    return tuple(
        Entity(
            name=f.name,
            type=f.type,
            mentions=tuple(sorted(f.spans, key=_order)),
            titles=tuple(f.titles),
            country_code=f.place.country_code if f.place else None,
            subdivision_code=f.place.subdivision_code if f.place else None,
            geonames_id=f.place.geonames_id if f.place else None,
            place_kind=f.place.kind if f.place else None,
        )
        for f in entries
    )


def _order(span: Span) -> tuple[int, int]:
    return span.block, span.start


def with_dateline_place(
    entities: tuple[Entity, ...], dateline: Dateline | None, headline: str, texts: list[str]
) -> tuple[Entity, ...]:
    """``entities`` with the dateline's place among the places, when the gazetteer resolved
    it (``dateline.geonames_id`` or country set), no place found is the same one, and the
    headline or a body block names it ("... agree to cut farm tariffs in Singapore", a lone
    headline word the model read as no name).

    Its mention is that first naming: the text readers take the dateline out of the first
    paragraph (it is ``Dateline.text``), so no span can point at the dateline itself, and
    an entity needs one. A place named only in the dateline stays in the dateline."""
    if not dateline or not dateline.place or not (dateline.geonames_id or dateline.country_code):
        return entities
    name = dateline.place.casefold()
    for entity in entities:
        same_id = dateline.geonames_id is not None and entity.geonames_id == dateline.geonames_id
        if entity.type is EntityType.PLACE and (same_id or entity.name.casefold() == name):
            return entities
    named = re.compile(rf"\b(?:{re.escape(dateline.place)}|{re.escape(dateline.place.upper())})\b")
    texts = [headline, *texts]
    found = ((b, m) for b, t in enumerate(texts, HEADLINE_BLOCK) if (m := named.search(t)))
    block, match = next(found, (HEADLINE_BLOCK, None))
    if match is None:
        return entities
    place = Entity(
        name=dateline.place,
        type=EntityType.PLACE,
        mentions=(Span(block=block, start=match.start(), end=match.end()),),
        country_code=dateline.country_code,
        subdivision_code=dateline.subdivision_code,
        geonames_id=dateline.geonames_id,
        place_kind=_dateline_kind(dateline),
    )
    places = [i for i, e in enumerate(entities) if e.type is EntityType.PLACE]
    at = places[0] if places else len(entities)  # the first place: where the story is
    return (*entities[:at], place, *entities[at:])


def _dateline_kind(dateline: Dateline) -> str | None:
    place = resolve_place(dateline.place, dateline.text)
    return place.kind if place is not None and place.geonames_id == dateline.geonames_id else None
