"""People, organisations and places: a learned tagger proposes names, rules finish them.

The tagger (``tagger.py``, an averaged perceptron trained on public news annotations) reads
every name-like word in context and says where a name starts and ends and whether it is a
person, an organisation, a place or some other name (nationalities, events: dropped). What
the rules add afterwards, because the model cannot or should not:

* titles and roles in front of a person go to ``Entity.titles`` ("Gen. Erik Kurilla",
  "Railway Minister Dr. Farah Siddiqui"), never into the name;
* laws, operations and tournaments ("National Security Act") are not entities, whatever
  the model says; bodies from ``organisations.tsv`` are organisations (certain data wins);
* places are read with the gazetteer (``resolve_place``): canonical name (U.S. → United
  States), ISO codes and GeoNames id, chosen with the words around them;
* mentions are grouped into one entity: a lone surname, in the body or the headline, joins
  the full name given elsewhere ("Weah" → George Weah), an ALL CAPS mention its mixed-case
  form.

A headline in Title Case ("Fed Holds Rates As Inflation Cools") gives the model no case to
read, so there only gazetteer names and entities already found in the body are marked.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from docexport.enrich.gazetteer import Place, load_organisations, load_titles, resolve_place
from docexport.enrich.name_features import Token
from docexport.enrich.tagger import NameSpan, load_tagger
from docexport.enrich.text import Sentence
from docexport.model import Entity, EntityType, Span

__all__ = ["HEADLINE_BLOCK", "extract_entities"]

HEADLINE_BLOCK = -1
"""``Span.block`` of a mention in the headline rather than in a body block."""

_KINDS = {"PER": EntityType.PERSON, "ORG": EntityType.ORGANISATION, "LOC": EntityType.PLACE}
_TOKEN = re.compile(r"\w[\w'’&.\-]*")
_DOTTED_ACRONYM = re.compile(r"^(?:[A-Z]\.){2,}$")
_EVENT_CUES = frozenset(
    [
        "Act",
        "Law",
        "Bill",
        "Treaty",
        "Accord",
        "Agreement",
        "Operation",
        "Exercise",
        "Summit",
        "Cup",
        "Championship",
        "Championships",
        "Games",
        "Olympics",
        "Prize",
        "Award",
        "Festival",
        "Strategy",
        "Initiative",
        "Programme",
        "Program",
        "Convention",
        "Protocol",
        "Doctrine",
        "Declaration",
    ]
)
# Words that, alone before a title, only qualify it ("Commission President", "Railway
# Minister"): not a body of their own, unlike "NASA Administrator".
_QUALIFYING_WORDS = frozenset(
    [
        "Commission",
        "Council",
        "Ministry",
        "Department",
        "Agency",
        "Railway",
        "Railways",
        "Party",
        "Government",
        "Committee",
        "Court",
        "Parliament",
        "Bank",
        "Union",
        "Army",
        "Navy",
        "Police",
        "Defence",
        "Defense",
        "Foreign",
        "Interior",
        "Finance",
        "Health",
        "Energy",
        "Economy",
        "Trade",
        "State",
        "Senate",
        "House",
        "Cabinet",
    ]
)
_CAMEL_CASE = re.compile(r"^(?!Ma?c[A-Z])[A-Z][a-z]+[A-Z]\w*$")  # DeepMind, not McCallum
_EVENT_WORDS_BEFORE = frozenset(
    [
        "operation",
        "exercise",
        "act",
        "law",
        "treaty",
        "programme",
        "program",
        "mission",
        "campaign",
        "project",
    ]
)
_POSTNOMINALS = frozenset(
    ["KC", "QC", "MP", "MEP", "MBE", "OBE", "CBE", "KBE", "Jr", "Sr", "II", "III", "PhD"]
)
_TITLE_CASE_SHARE = 0.6  # of a headline's longer words capitalised: Title Case, not a sentence
_CONTEXT_BLOCKS = 8
_NAME_PARTICLES = frozenset(
    ["da", "de", "do", "dos", "das", "del", "della", "di", "van", "von", "der", "den", "du"]
)
_PERSON_WORDS = 3  # at most, in a name read as a person against the model's word
_SHORT_WORD = 3  # at most: "USA" stays in capitals; "the", "of" are not headline words
_TYPE_ORDER = {EntityType.PERSON: 0, EntityType.ORGANISATION: 1, EntityType.PLACE: 2}


@dataclass(slots=True)
class _Found:
    type: EntityType
    name: str
    place: Place | None = None
    """Gazetteer places: the reading (country, subdivision, GeoNames id) in context."""
    titles: list[str] = field(default_factory=list)
    spans: dict[Span, None] = field(default_factory=dict)
    """An ordered set: adding a mention is O(1) however long the article."""


@dataclass(frozen=True, slots=True)
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
    found: dict[tuple[EntityType, str], _Found] = {}
    texts = [headline, *(s.text for s in sentences)]
    doc, names = load_tagger().tag(texts, headline=True)
    lines = [_Line(HEADLINE_BLOCK, 0, headline, doc.sentences[0], names[0])]
    lines += [
        _Line(s.block, s.start, s.text, tokens, spans)
        for s, tokens, spans in zip(sentences, doc.sentences[1:], names[1:], strict=True)
    ]
    for line in lines[1:]:
        for name in _settled(line):
            _add_name(found, line, name)
    if _is_title_case(headline, doc.caps_lines[0]):
        _find_in_headline(headline, found)
    else:
        body_words = {t.text.lower() for tokens in doc.sentences[1:] for t in tokens}
        for name in _settled(lines[0]):
            # A lone headline word the body never repeats is too weak on its own ("Headline")
            if name.first < name.last or line_word(lines[0], name).lower() in body_words:
                _add_name(found, lines[0], name)
    _surnames_in_headline(lines[0], found)
    _merge_partial_people(found)
    _read_places_in_context(found, headline, sentences)
    return _to_entities(found)


def line_word(line: _Line, name: NameSpan) -> str:
    return line.tokens[name.first].text


def _settled(line: _Line) -> list[NameSpan]:
    """The model's names, corrected where the data or the words are certain: names of
    ``organisations.tsv`` replace what they overlap, "Lula da Silva" split at "da" is one,
    a city before a club is part of it, words of a person's title are no names."""
    tokens = line.tokens
    names = _joined(tokens, line.names)
    certain = _known_organisations(tokens)
    if certain:
        taken = {i for name in certain for i in range(name.first, name.last + 1)}
        names = [n for n in names if not taken & set(range(n.first, n.last + 1))] + certain
    names = _regrouped(line, sorted(names))
    titled: set[int] = set()
    for name in names:
        if name.kind == "PER":
            end = name.first
            while (size := _title_ending_at(tokens, end)) and end - size >= 0:
                end -= size
            titled.update(range(end, name.first))
    return [
        n
        for n in names
        if not _qualifies_a_title(tokens, n)
        and not (n.kind != "PER" and set(range(n.first, n.last + 1)) <= titled)
    ]


def _regrouped(line: _Line, names: list[NameSpan]) -> list[NameSpan]:
    """Adjacent names the model cut apart: "Indianapolis" + "Colts" is one club; a
    nationality + a name ("Swede" + "Kennet Lindqvist") is a person with a title."""
    tokens = line.tokens
    out: list[NameSpan] = []
    for name in names:
        previous = out[-1] if out else None
        if previous is not None and previous.last + 1 == name.first:
            if previous.kind == "LOC" and name.kind == "ORG":
                out[-1] = NameSpan(previous.first, name.last, "ORG")
                continue
            if previous.kind == "MISC" and previous.first == previous.last:
                if name.kind == "ORG" and _looks_like_a_person(tokens[name.first : name.last + 1]):
                    name = NameSpan(name.first, name.last, "PER")  # noqa: PLW2901
                if name.kind == "PER":
                    line.nationality[name.first] = tokens[previous.first].text
        out.append(name)
    return out


def _looks_like_a_person(words: list[Token]) -> bool:
    return 1 < len(words) <= _PERSON_WORDS and all(
        w.text[:1].isupper() and w.text[1:].islower() and w.text not in _QUALIFYING_WORDS
        for w in words
    )


def _joined(tokens: list[Token], names: list[NameSpan]) -> list[NameSpan]:
    """Adjacent names that a lower-case joiner ties together become one ("Office" +
    "for National Statistics", "Lula" + "da" + "Silva"), of the kind of the part with more
    capitalised words; joiners left at either end are dropped."""
    out: list[NameSpan] = []
    for name in names:
        previous = out[-1] if out else None
        if (
            previous is not None
            and previous.last + 1 == name.first
            and (tokens[name.first].text.islower() or tokens[previous.last].text.islower())
        ):
            out.pop()
            kind = max((name, previous), key=lambda n: _capitalised(tokens, n)).kind
            joiner = tokens[name.first if tokens[name.first].text.islower() else previous.last]
            if joiner.text in _NAME_PARTICLES and "PER" in (name.kind, previous.kind):
                kind = "PER"  # "da", "von": particles of people's names
            out.append(NameSpan(previous.first, name.last, kind))
            continue
        out.append(name)
    trimmed = []
    for name in out:
        first, last = name.first, name.last
        while first < last and tokens[first].text.islower() and tokens[first].text not in "al el":
            first += 1
        while last > first and tokens[last].text.islower():
            last -= 1
        if tokens[first].text[:1].isupper() or first < last:
            trimmed.append(NameSpan(first, last, name.kind))
    return trimmed


def _capitalised(tokens: list[Token], name: NameSpan) -> int:
    return sum(t.text[:1].isupper() for t in tokens[name.first : name.last + 1])


def _known_organisations(tokens: list[Token]) -> list[NameSpan]:
    """Longest runs of up to four tokens that ``organisations.tsv`` names."""
    organisations, first_words = load_organisations(), _organisation_first_words()
    found: list[NameSpan] = []
    i = 0
    while i < len(tokens):
        if tokens[i].text not in first_words:
            i += 1
            continue
        for size in (4, 3, 2, 1):
            if i + size <= len(tokens) and (
                " ".join(t.text for t in tokens[i : i + size]) in organisations
            ):
                found.append(NameSpan(i, i + size - 1, "ORG"))
                i += size - 1
                break
        i += 1
    return found


@functools.cache
def _organisation_first_words() -> frozenset[str]:
    return frozenset(name.split()[0] for name in load_organisations())


def _qualifies_a_title(tokens: list[Token], name: NameSpan) -> bool:
    return (
        name.first == name.last
        and tokens[name.first].text in _QUALIFYING_WORDS
        and _title_starting_at(tokens, name.last + 1, len(tokens)) > 0
    )


def _surnames_in_headline(line: _Line, found: dict) -> None:
    """A headline word that is the surname of one person of the body is that person
    ("Weah" in the headline, "George Weah" in the story), whatever the model said of it."""
    owners: dict[str, _Found | None] = {}
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


def _add_name(found: dict, line: _Line, name: NameSpan) -> None:
    kind = _KINDS.get(name.kind)
    tokens = line.tokens
    if kind is None:  # other names, except a country named as one ("US-led")
        text = line.text[tokens[name.first].start : tokens[name.last].end]
        if _country(text) is None:
            return
        kind = EntityType.PLACE
    first, last = name.first, name.last
    titles: list[str] = []
    if kind is EntityType.PERSON:
        first, titles = _strip_titles(tokens, first, last)
        if nationality := line.nationality.get(name.first):
            titles.insert(0, nationality)
        while last > first and tokens[last].text.rstrip(".") in _POSTNOMINALS:
            last -= 1
    if first > last:
        return
    text = line.text[tokens[first].start : tokens[last].end]
    if _is_event(tokens, first, last):
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


def _is_event(tokens: list[Token], first: int, last: int) -> bool:
    """A law, operation or tournament: a cue word in the name's capitalised run
    ("Operation Inherent Resolve", even where the model tagged only "Resolve")."""
    while first > 0 and tokens[first - 1].text[:1].isupper():
        first -= 1
    while last + 1 < len(tokens) and tokens[last + 1].text[:1].isupper():
        last += 1
    words = [t.text for t in tokens[first : last + 1]]
    before = tokens[first - 1].text.lower() if first > 0 else ""
    return words[0] in _EVENT_CUES or words[-1] in _EVENT_CUES or before in _EVENT_WORDS_BEFORE


def _strip_titles(tokens: list[Token], first: int, last: int) -> tuple[int, list[str]]:
    """Titles just before the person and any the model left inside the span, in text order:
    "Railway Minister Dr. Farah Siddiqui" → ["Minister", "Dr."], first word "Farah"."""
    titles: list[str] = []
    end = first
    while (size := _title_ending_at(tokens, end)) and end - size >= 0:
        titles.insert(0, " ".join(t.text for t in tokens[end - size : end]))
        end -= size
    while first < last and (size := _title_starting_at(tokens, first, last)):
        titles.append(" ".join(t.text for t in tokens[first : first + size]))
        first += size
    return first, titles


def _title_ending_at(tokens: list[Token], end: int) -> int:
    if end == 0:
        return 0
    for title in _titles_by_word()[1].get(tokens[end - 1].text, ()):
        size = len(title)
        if end - size >= 0 and tuple(t.text for t in tokens[end - size : end]) == title:
            return size
    return 0


def _title_starting_at(tokens: list[Token], first: int, last: int) -> int:
    if first >= len(tokens):
        return 0
    for title in _titles_by_word()[0].get(tokens[first].text, ()):
        size = len(title)
        if first + size <= last and tuple(t.text for t in tokens[first : first + size]) == title:
            return size
    return 0


@functools.cache
def _titles_by_word() -> tuple[dict[str, list[tuple[str, ...]]], dict[str, list[tuple[str, ...]]]]:
    """Titles by first word and by last word, longest first (``load_titles`` order)."""
    by_first: dict[str, list[tuple[str, ...]]] = {}
    by_last: dict[str, list[tuple[str, ...]]] = {}
    for title in load_titles():
        by_first.setdefault(title[0], []).append(title)
        by_last.setdefault(title[-1], []).append(title)
    return by_first, by_last


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
        entry = found[key] = _Found(kind, name, place)
    elif entry.name.isupper() and not name.isupper():
        entry.name = name  # "George Weah" over "GEORGE WEAH" from a caps headline
    entry.spans[span] = None
    entry.titles.extend(t for t in titles if t not in entry.titles)


def _merge_partial_people(found: dict) -> None:
    """ "Sousa Teixeira", a titled "Ryder" or a headline "WEAH" joins the full name."""
    people = sorted(
        (f for f in found.values() if f.type is EntityType.PERSON),
        key=lambda f: -len(f.name.split()),
    )
    # Candidates by name part: only names sharing a word can absorb a shorter one, so each
    # name is compared with a few, not with every person.
    having: dict[str, list[_Found]] = {}
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
            if taken & set(range(i, i + size)):
                continue
            name = " ".join(w for _, w in tokens[i : i + size])
            end = tokens[i + size - 1][0] + len(tokens[i + size - 1][1])
            span = Span(block=HEADLINE_BLOCK, start=tokens[i][0], end=end)
            if name and _add_headline_hit(name, span, known, found, headline):
                taken.update(range(i, i + size))


def _add_headline_hit(name: str, span: Span, known: dict, found: dict, headline: str) -> bool:
    if (place := resolve_place(name) or resolve_place(name, headline)) is not None:
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


def _to_entities(found: dict) -> tuple[Entity, ...]:
    entries = [f for f in found.values() if f.spans]
    entries.sort(key=lambda f: (_TYPE_ORDER[f.type], -len(f.spans), _first(f)))
    return tuple(
        Entity(
            name=f.name,
            type=f.type,
            mentions=tuple(sorted(f.spans, key=lambda s: (s.block, s.start))),
            titles=tuple(f.titles),
            country_code=f.place.country_code if f.place else None,
            subdivision_code=f.place.subdivision_code if f.place else None,
            geonames_id=f.place.geonames_id if f.place else None,
            place_kind=f.place.kind if f.place else None,
        )
        for f in entries
    )


def _first(f: _Found) -> tuple[int, int]:
    first = min(f.spans, key=lambda s: (s.block, s.start))
    return first.block, first.start
