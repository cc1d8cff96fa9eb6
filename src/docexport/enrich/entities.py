"""People, organisations and places: capitalised runs, gazetteers, titles and cue words.

How a name is recognised, in order: an exact gazetteer hit (places from GeoNames/ISO 3166,
well-known organisations); a title in front (``Gen. Erik Kurilla``: a person, the title kept
apart); an organisational cue word (Bank, Commission, Ministry ...); an acronym; else two
to four capitalised words read as a person. A lone capitalised word is kept only when it
is in a gazetteer or is part of a person already named (``Ryder`` → Patrick Ryder), which
is what keeps sentence openers such as "Furthermore" or "Despite" out. Headlines, often in
title case, are searched only for gazetteer names and entities already found in the body.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from docexport.enrich.gazetteer import (
    Place,
    load_organisations,
    load_places,
    load_titles,
    resolve_place,
)
from docexport.enrich.text import FUNCTION_WORDS, Sentence
from docexport.model import Entity, EntityType, Span

__all__ = ["HEADLINE_BLOCK", "extract_entities"]

HEADLINE_BLOCK = -1
"""``Span.block`` of a mention in the headline rather than in a body block."""

_TOKEN = re.compile(r"\w[\w'’&.\-]*")
_CONNECTORS = frozenset(
    [
        "of",
        "the",
        "de",
        "da",
        "dos",
        "das",
        "do",
        "del",
        "van",
        "von",
        "der",
        "den",
        "du",
        "des",
        "la",
        "le",
        "al",
        "el",
        "bin",
        "ibn",
        "y",
    ]
)
# "Office for National Statistics", "Group on Vaccine Provision": only after a cue word.
_ORG_CONNECTORS = frozenset(("for", "on"))
_PREFIX_PARTICLES = frozenset(("al", "el"))  # "al Qaeda", "el-Sisi": lower case, yet a name
_AL_PREFIX = re.compile(r"^(?:al|el|ad|as|ash|az)-[A-Z]")  # "Tarek al-Sayed"
_HYPHEN_SUFFIXES = re.compile(r"-(?:led|based|backed|born|owned|funded|made|style|bound|run)$")
_DOTTED_ACRONYM = re.compile(r"^(?:[A-Z]\.){2,}$")
_ORG_CUES = frozenset(
    [
        "Bank",
        "Banks",
        "Commission",
        "Council",
        "Ministry",
        "Department",
        "Agency",
        "Authority",
        "Fund",
        "Organization",
        "Organisation",
        "Union",
        "Party",
        "Court",
        "Tribunal",
        "Parliament",
        "Assembly",
        "Committee",
        "Office",
        "Service",
        "Forces",
        "Army",
        "Navy",
        "Police",
        "Corporation",
        "Corp",
        "Inc",
        "Ltd",
        "Group",
        "Holdings",
        "Company",
        "University",
        "Institute",
        "Foundation",
        "Association",
        "Federation",
        "League",
        "Club",
        "FC",
        "Airlines",
        "Airways",
        "Airport",
        "Bureau",
        "Board",
        "Reserve",
        "Exchange",
        "Network",
        "Guard",
        "Coalition",
        "Front",
        "Movement",
        "Brigade",
        "Brigades",
        "Command",
        "Secretariat",
        "Senate",
        "Congress",
        "Cabinet",
        "Government",
        "Directorate",
        "Alliance",
        "Society",
        "Trust",
        "Hospital",
        "School",
        "College",
        "Academy",
        "Labs",
        "Technologies",
        "Systems",
        "Motors",
        "Pharmaceuticals",
        "Consortium",
        "Institution",
        "Regiment",
        "Observatory",
        "Court-Martial",
        "Commissioner",
        "Ombudsman",
        "Cooperative",
        "Partnership",
        "Bancorp",
        "Capital",
        "Partners",
        "Ventures",
        "Media",
        "Energy",
        "Electric",
        "Telecom",
        "Railways",
        "Railway",
        "Post",
        "Times",
        "Journal",
        "Securities",
        "Infrastructure",
        "Semiconductor",
        "Semiconductors",
        "Cloud",
        "Solutions",
        "Industries",
        "Investments",
        "Logistics",
        "Shipping",
        "Mining",
        "Resources",
        "Telecoms",
        "Therapeutics",
        "Robotics",
        "Analytics",
        "Software",
        "Digital",
        "Insurance",
        "Instituto",
        "Institut",
        "Banco",
        "Banque",
        "Confederation",
        "AI",
    ]
)
# Geographic features: a run with one of these is a place ("Suwałki Gap", "Strait of Hormuz").
_PLACE_CUES = frozenset(
    [
        "Gap",
        "Strait",
        "Sea",
        "Bay",
        "Gulf",
        "River",
        "Valley",
        "Mountains",
        "Island",
        "Islands",
        "Peninsula",
        "Desert",
        "Lake",
        "Basin",
        "Plains",
        "Coast",
        "Canal",
        "Pass",
        "Corridor",
        "Delta",
        "Highlands",
        "Province",
        "Region",
        "State",
    ]
)
_CAMEL_CASE = re.compile(r"^(?!Ma?c[A-Z])[A-Z][a-z]+[A-Z]\w*$")  # DeepMind, not McCallum
_POSTNOMINALS = frozenset(
    ["KC", "QC", "MP", "MEP", "MBE", "OBE", "CBE", "KBE", "Jr", "Sr", "II", "III", "PhD"]
)
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
        "Day",
        "Week",
        "Strategy",
        "Plan",
        "Initiative",
        "Programme",
        "Program",
        "Convention",
        "Protocol",
        "Doctrine",
        "Declaration",
    ]
)
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
        "plan",
        "initiative",
        "summit",
        "conference",
        "festival",
        "cup",
        "tournament",
        "drill",
        "drills",
    ]
)
_MONTHS_AND_DAYS = frozenset(
    [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ]
)
_PERSON_WORDS = (2, 5)  # "Ken McCallum" … "Luiz Inácio Lula da Silva"
_ACRONYM_LETTERS = (2, 6)  # UN … AFRICOM
_CONTEXT_BLOCKS = 8
_WORD_WINDOW = 40  # characters either side of a name in which its neighbour word is read
_TYPE_ORDER = {EntityType.PERSON: 0, EntityType.ORGANISATION: 1, EntityType.PLACE: 2}


@dataclass(slots=True)
class _Found:
    type: EntityType
    name: str
    place: Place | None = None
    """Gazetteer places: the reading (country, subdivision, GeoNames id) in context."""
    titles: list[str] = field(default_factory=list)
    spans: dict[Span, None] = field(default_factory=dict)
    """An ordered set: adding a mention is O(1) however long the article (a list's
    membership test made enrichment quadratic)."""


@dataclass(frozen=True, slots=True)
class _Token:
    start: int
    end: int
    text: str
    breaks_after: bool
    """A possessive ('s), hyphen suffix (-led) or punctuation ends the run here."""


def extract_entities(headline: str, sentences: list[Sentence]) -> tuple[Entity, ...]:
    """Entities of the body (and of the headline, where they are certain), merged."""
    found: dict[tuple[EntityType, str], _Found] = {}
    pending: list[tuple[Span, str]] = []  # lone words, resolved once all full names are known
    for sentence in sentences:
        for run in _runs(sentence):
            _classify_run(run, sentence, found, pending)
    _resolve_pending(pending, found)
    _find_in_headline(headline, found)
    _read_places_in_context(found, headline, sentences)
    return _to_entities(found)


def _tokens(sentence: Sentence) -> list[_Token | None]:
    """Name-relevant tokens; ``None`` stands for any other word (it breaks a run)."""
    text, tokens = sentence.text, []
    previous_end = -2
    for match in _TOKEN.finditer(text):
        word = match.group()
        if (
            word[0].islower()
            and word not in _CONNECTORS
            and word not in _ORG_CONNECTORS
            and not _AL_PREFIX.match(word)
        ):
            tokens.append(None)  # the common case, kept cheap: most words are lower case
            previous_end = match.end()
            continue
        if tokens and tokens[-1] is not None and text[previous_end : match.start()] != " ":
            tokens.append(None)  # punctuation between two names ("Bank (ECB)") splits them
        previous_end = match.end()
        breaks = False
        if word.endswith(("'s", "’s")):
            word, breaks = word[:-2], True
        elif hyphen := _HYPHEN_SUFFIXES.search(word):
            word, breaks = word[: hyphen.start()], True
        if word.endswith(".") and not _keeps_dot(word):
            word, breaks = word.rstrip("."), True
        end = match.start() + len(word)
        nxt = text[match.end() : match.end() + 1]
        breaks = breaks or (nxt not in ("", " ") and match.end() == end)
        if word:
            tokens.append(
                _Token(sentence.start + match.start(), sentence.start + end, word, breaks)
            )
    return tokens


def _keeps_dot(word: str) -> bool:
    return bool(_DOTTED_ACRONYM.match(word)) or word in _dotted_title_words() or _is_initial(word)


def _is_initial(word: str) -> bool:
    """ "J." in "J. Smith": one letter and its full stop."""
    return len(word) == len("J.") and word[0].isalpha()


@functools.cache
def _dotted_title_words() -> frozenset[str]:
    """Title words whose full stop is part of them ("Gen.", "Lt."), not a sentence end."""
    return frozenset(w for title in load_titles() for w in title if w.endswith("."))


def _is_name_word(word: str) -> bool:
    return (word[0].isupper() or bool(_AL_PREFIX.match(word))) and word not in _MONTHS_AND_DAYS


def _runs(sentence: Sentence) -> list[list[_Token]]:
    """Maximal runs of capitalised words, joined by name connectors (of, de, van, al ...)."""
    tokens = _tokens(sentence)
    runs: list[list[_Token]] = []
    current: list[_Token] = []
    for index, token in enumerate(tokens):
        if token is None:
            if current:
                runs.append(current)
            current = []
            continue
        word = token.text
        joins_next = not token.breaks_after and _name_follows(tokens, index + 1)
        if (
            _is_name_word(word)
            or (word in _PREFIX_PARTICLES and joins_next)
            or (
                current
                and joins_next
                and (
                    word in _CONNECTORS
                    or (word in _ORG_CONNECTORS and any(t.text in _ORG_CUES for t in current))
                )
            )
        ):
            current.append(token)
        else:
            if current:
                runs.append(current)
            current = []
            continue
        if token.breaks_after:
            runs.append(current)
            current = []
    if current:
        runs.append(current)
    trimmed = (_trim(run) for run in runs)
    return [run for run in trimmed if run]


def _name_follows(tokens: list[_Token | None], index: int) -> bool:
    """A name word comes next, perhaps after more connectors ("von der Leyen")."""
    for position in range(index, len(tokens)):  # no slice copy: sentences can be long
        token = tokens[position]
        if token is None:
            return False
        if _is_name_word(token.text):
            return True
        if token.text not in _CONNECTORS or token.breaks_after:
            return False
    return False


def _trim(run: list[_Token]) -> list[_Token]:
    """Drop leading function words ("The", "Despite") and trailing connectors."""
    text = " ".join(t.text for t in run)
    if text in load_places() or text in load_organisations():
        return run
    while run and (run[0].text.lower() in FUNCTION_WORDS or run[0].text in _CONNECTORS):
        run = run[1:]
    while run and (run[-1].text in _CONNECTORS or run[-1].text in _ORG_CONNECTORS):
        run = run[:-1]
    return run


def _classify_run(
    run: list[_Token], sentence: Sentence, found: dict, pending: list[tuple[Span, str]]
) -> None:
    words = [t.text for t in run]
    title_at, title_len = _find_title(words)
    if title_at is not None:
        if title_at > 0 and _names_on_its_own(run[:title_at]):
            _classify_plain(run[:title_at], sentence, found, pending)  # "Bundesbank" President
        person = run[title_at + title_len :]
        titles = [" ".join(words[title_at : title_at + title_len])]
        while (more := _find_title([t.text for t in person] + ["x"]))[0] == 0:
            titles.append(_join(person[: more[1]]))  # "Railway Minister Dr. Farah Siddiqui"
            person = person[more[1] :]
        while person and person[-1].text in _POSTNOMINALS:
            person = person[:-1]
        if any(t.text in _ORG_CUES or t.text in _PLACE_CUES for t in person):
            _classify_plain(run[title_at:], sentence, found, pending)  # "General Court"
            return
        if person and all(_is_name_word(t.text) or t.text in _CONNECTORS for t in person):
            for title in titles:
                _add(found, EntityType.PERSON, _join(person), _span(sentence, person), title=title)
        return
    _classify_plain(run, sentence, found, pending)


def _names_on_its_own(run: list[_Token]) -> bool:
    """Whether the words before a title name something ("ECB" Vice-President) or only
    qualify the title ("Railway" Minister, "Commission" President)."""
    name = _join(run)
    return (
        len(run) > 1
        or name in load_places()
        or name in load_organisations()
        or _is_acronym(name)
        or name.lower().endswith("bank")
    )


def _find_title(words: list[str]) -> tuple[int | None, int]:
    """Where the first title stands in ``words`` and how many words it has."""
    by_first = _titles_by_first_word()
    for index, word in enumerate(words):
        for title in by_first.get(word, ()):
            if tuple(words[index : index + len(title)]) == title and index + len(title) < len(
                words
            ):
                return index, len(title)
    return None, 0


@functools.cache
def _titles_by_first_word() -> dict[str, tuple[tuple[str, ...], ...]]:
    grouped: dict[str, list[tuple[str, ...]]] = {}
    for title in load_titles():  # already longest first
        grouped.setdefault(title[0], []).append(title)
    return {first: tuple(titles) for first, titles in grouped.items()}


def _classify_plain(run: list[_Token], sentence: Sentence, found: dict, pending: list) -> None:
    if not run:
        return
    name, span = _join(run), _span(sentence, run)
    # Read in context once all mentions are known; the sentence only for towns that need
    # their qualifier to be places at all ("Kenosha, Wisconsin").
    if (place := resolve_place(name) or resolve_place(name, sentence.text)) is not None:
        _add(found, EntityType.PLACE, place.name, span, place=place)
    elif (org := load_organisations().get(name)) is not None:
        _add(found, EntityType.ORGANISATION, org, span)
    elif _is_event(run, sentence):
        return
    elif (
        any(t.text in _ORG_CUES for t in run)
        or name.lower().endswith("bank")
        or any(_CAMEL_CASE.match(t.text) for t in run)
    ):
        _add(found, EntityType.ORGANISATION, name, span)
    elif len(run) > 1 and any(t.text in _PLACE_CUES for t in run):
        _add(found, EntityType.PLACE, name, span)
    elif _is_acronym(name):
        _add(found, EntityType.ORGANISATION, name, span)
    elif _PERSON_WORDS[0] <= len(run) <= _PERSON_WORDS[1] and all(
        _looks_like_name_part(t.text) for t in run[:-1]
    ):
        while run[-1].text in _POSTNOMINALS:  # "Simon Adebayo KC"
            run = run[:-1]
        if len(run) > 1 and _looks_like_name_part(run[-1].text):
            _add(found, EntityType.PERSON, _join(run), _span(sentence, run))
    elif len(run) == 1:
        pending.append((span, name))


def _is_event(run: list[_Token], sentence: Sentence) -> bool:
    if run[0].text in _EVENT_CUES or run[-1].text in _EVENT_CUES:
        return True
    # Only the next word on either side matters: a bounded window, not the whole sentence.
    start, end = run[0].start - sentence.start, run[-1].end - sentence.start
    before = sentence.text[max(0, start - _WORD_WINDOW) : start].split()
    after = sentence.text[end : end + _WORD_WINDOW].split()
    return (bool(before) and before[-1].lower() in _EVENT_WORDS_BEFORE) or (
        bool(after) and after[0].lower().strip(".,;") in _EVENT_WORDS_BEFORE
    )


def _is_acronym(name: str) -> bool:
    letters = name.replace(".", "")
    return (
        _ACRONYM_LETTERS[0] <= len(letters) <= _ACRONYM_LETTERS[1]
        and letters.isalnum()
        and letters[0].isalpha()
        and sum(c.isupper() for c in letters) >= max(2, len(letters) - 1)
    )


def _looks_like_name_part(word: str) -> bool:
    core = word.replace("-", "").replace("'", "").replace("’", "")
    return (
        (core.isalpha() and not word.isupper()) or word in _CONNECTORS or word in _PREFIX_PARTICLES
    )


def _join(run: list[_Token]) -> str:
    return " ".join(t.text for t in run)


def _span(sentence: Sentence, run: list[_Token]) -> Span:
    return Span(block=sentence.block, start=run[0].start, end=run[-1].end)


def _add(
    found: dict,
    kind: EntityType,
    name: str,
    span: Span,
    *,
    title: str | None = None,
    place: Place | None = None,
) -> None:
    entry = found.setdefault((kind, name), _Found(kind, name, place))
    entry.spans[span] = None
    if title and title not in entry.titles:
        entry.titles.append(title)


def _resolve_pending(pending: list[tuple[Span, str]], found: dict) -> None:
    """Lone words: the surname (or any name part) of a person already named, else dropped."""
    owner_of: dict[str, _Found] = {}  # name part → the first person who has it
    for person in found.values():
        if person.type is EntityType.PERSON and " " in person.name:
            for part in person.name.split():
                owner_of.setdefault(part, person)
    for span, word in pending:
        if word not in _CONNECTORS and (owner := owner_of.get(word)) is not None:
            owner.spans[span] = None
    _merge_partial_people(found)


def _merge_partial_people(found: dict) -> None:
    """ "Sousa Teixeira" or a titled "Ryder" joins "Margarida Sousa Teixeira" / "Patrick Ryder"."""
    people = sorted(
        (f for f in found.values() if f.type is EntityType.PERSON),
        key=lambda f: -len(f.name.split()),
    )
    # Candidates by last name part, in the order above: only names sharing that word can
    # absorb a shorter one, so each name is compared with a few, not with every person.
    having: dict[str, list[_Found]] = {}
    for person in people:
        for part in set(person.name.lower().split()):
            having.setdefault(part, []).append(person)
    for short in people[::-1]:
        parts = short.name.lower().split()  # "Von der Leyen" opening a sentence
        for full in having.get(parts[-1], ()):
            full_parts = full.name.lower().split()
            if full is short or len(full_parts) <= len(parts):
                continue
            if full_parts[-len(parts) :] == parts or (len(parts) == 1 and parts[0] in full_parts):
                full.spans.update(short.spans)
                full.titles.extend(t for t in short.titles if t not in full.titles)
                del found[(short.type, short.name)]
                break


def _find_in_headline(headline: str, found: dict) -> None:
    """Gazetteer names and known entities in the headline, longest n-grams first."""
    tokens = [
        (m.start(), m.group().removesuffix("'s").removesuffix("’s"))
        for m in _TOKEN.finditer(headline)
    ]
    tokens = [(s, w.rstrip(".") if not _keeps_dot(w) else w) for s, w in tokens]
    known = {f.name: f for f in found.values()}
    taken: set[int] = set()
    for size in (4, 3, 2, 1):
        for i in range(len(tokens) - size + 1):
            if taken & set(range(i, i + size)):
                continue
            name = " ".join(w for _, w in tokens[i : i + size])
            span = Span(
                block=HEADLINE_BLOCK,
                start=tokens[i][0],
                end=tokens[i + size - 1][0] + len(tokens[i + size - 1][1]),
            )
            if _add_headline_hit(name, span, known, found, headline):
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
