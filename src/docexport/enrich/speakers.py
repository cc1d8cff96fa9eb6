"""Who a quotation's speech verb names: the subject resolved against the article's entities.

The subject is resolved as: a person the entity extractor found there; a bare surname →
the full name given earlier; "he"/"she" → the current speaker if the paragraph before
quoted or reported them, else the person named last; "the minister", "the spokesman" →
the one person introduced with that role, none if several or none were; "the company",
"the report" → the organisation that spoke last or, failing that, the one named most;
an organisation named next to the verb ("Ahold said in a statement") → that
organisation (``Quote.speaker`` is a name, not a person). Unnamed sources ("a trader
said", "one source told Reuters") give none, as does anything unresolved: never a guess.
A name ending in a facility word ("Kennedy Space Center") is never a speaker.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from docexport.model import Entity, EntityType, Span
from docexport.normalise import word_set as _word_set

__all__ = ["Names", "State", "index_names", "resolve_subject"]


_NAME = re.compile(r"[A-Z][\w'’.-]*(?:\s+(?:[A-Z][\w'’.-]*|de|da|van|von|al|bin|del|la))*")


_FACILITY = _word_set(
    "Center Centre Building House Palace Airport Stadium Hospital Station Base Hall "
    "Tower Street Square Court Park Bridge Church Mosque Temple Prison Port Harbour "
    "Newsroom newsroom Desk Bureau"
)


_COMPANY = _word_set("SpA Ltd Inc Corp Co AG NV SA Plc PLC plc Group Bank LLC GmbH")


_ROLES = re.compile(
    r"\b(spokes(?:man|woman|person)|minister|analyst|president|chairman|chairwoman|chair|"
    r"director|coach|captain|manager|secretary|governor|economist|leader|head|chief|"
    r"ambassador|adviser|advisor|lawyer|prosecutor|official|commander|premier|mayor|"
    r"source|trader|dealer|broker|executive|officer|general|judge|senator)s?\b",
    re.IGNORECASE,
)


_BODIES = re.compile(
    r"\b(company|group|firm|bank|ministry|report|statement|agency|government|commission|"
    r"council|committee|board|office|department|club|federation|union|party|court)\b",
    re.IGNORECASE,
)


_TITLE_WORDS = _word_set(
    "Mr Mrs Ms Dr Prof President Minister Prime Foreign Finance General Director "
    "Chairman Captain Coach Secretary Governor Chief Senator Judge Bishop Pope King "
    "Queen Prince Sir Lord Lady Vice Deputy Spokesman Spokeswoman Analyst Manager "
    "Ambassador"
)


@dataclass(slots=True)
class Names:
    """What the entities say about a document, indexed for the attribution rules."""

    body: list[str]
    mentions: dict[int, list[tuple[int, int, str, str]]] = field(default_factory=dict)
    """Block → (start, end, kind, value) of every mention, surnames the entities missed too."""
    people: list[tuple[int, int, int, str]] = field(default_factory=list)
    """(block, start, end, full name) of every person mention, in text order."""
    by_surname: dict[str, set[str]] = field(default_factory=dict)
    persons: list[tuple[Entity, list[Span]]] = field(default_factory=list)
    roles: dict[str, set[str]] | None = None  # built on the first "the minister said"
    spoke: list[str] = field(default_factory=list)  # organisations that spoke, in order
    org_counts: Counter[str] = field(default_factory=Counter)


@dataclass(slots=True)
class State:
    """The current speaker and the block in which it was last quoted or reported."""

    speaker: str | None = None
    block: int = -10


def resolve_subject(
    block: int, at: int, segment: str, names: Names, state: State, *, nearest_last: bool
) -> str | None:
    """Who the words next to a speech verb name (module doc, "The subject is resolved")."""
    found = _candidates(block, at, segment, names, verb_at_end=nearest_last)
    if nearest_last:
        found.reverse()
    # A name beats a role in an apposition: "Gen. Marcus Hollander, the alliance's commander".
    for kinds in (("person",), ("pronoun", "role", "unnamed"), ("org", "body")):
        for candidate in (c for c in found if c[1] in kinds):
            return _resolve(block, candidate, names, state)
    return None


def _resolve(block: int, candidate: _Candidate, names: Names, state: State) -> str | None:
    at, kind, value = candidate
    if kind == "person":
        if " " in value:  # "King said" later means the "Billie Jean King" said here
            names.by_surname.setdefault(value.rsplit(maxsplit=1)[-1], set()).add(value)
        return value
    if kind == "pronoun":  # the current speaker if just quoted or reported, else the subject
        return state.speaker if state.block >= block - 1 else _last_person_before(names, block, at)
    if kind == "role":
        return _by_role(value, names, state)
    if kind == "org":
        names.spoke.append(value)
        return value
    if kind == "body":
        return _body(value, names)
    return None  # unnamed


def _by_role(role: str, names: Names, state: State) -> str | None:
    """ "the minister": the one person introduced as minister; none when several were."""
    if names.roles is None:
        names.roles = {}
        for entity, spans in names.persons:
            _add_roles(names.body, entity, spans, names)
    people = names.roles.get(role, set())
    if len(people) == 1:
        return next(iter(people))
    return state.speaker if state.speaker in people else None


def _body(word: str, names: Names) -> str | None:
    """ "the company", "the Commission": the organisation meant, where one is clear."""
    if word[0].isupper():
        named = {n for n in names.org_counts if word in n.split()}
        return next(iter(named)) if len(named) == 1 else None
    if names.spoke:
        return names.spoke[-1]
    ranked = names.org_counts.most_common(2)
    if ranked and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]):
        return ranked[0][0]
    return None


def _last_person_before(names: Names, block: int, at: int) -> str | None:
    """The person "he" or "she" most likely is: the subject that opens the latest paragraph
    naming someone ("Estes, whose only win …"), else the person named last."""
    before = [p for p in names.people if (p[0], p[1]) < (block, at)]
    if not before:
        return None
    latest = [p for p in before if p[0] == before[-1][0]]
    return latest[0][3] if latest[0][1] <= _SUBJECT_REACH else latest[-1][3]


_PRONOUNS = re.compile(r"\b(?:he|she)\b", re.IGNORECASE)


_NOUN_PHRASE = re.compile(
    r"\b(the|a|an|one|another|his|her|its|their)\s+(?:[\w.-]+\s+){0,3}?"
    r"(?:(" + _ROLES.pattern + r")|(" + _BODIES.pattern + "))",
    re.IGNORECASE,
)


_GROUPS = re.compile(
    r"\b(?:analysts|traders|officials|sources|dealers|brokers|witnesses|police|economists)\b",
    re.IGNORECASE,
)


_DOCUMENTS = _word_set("statement report")
_Candidate = tuple[int, str, str]  # offset, kind, value


def _candidates(
    block: int, at: int, segment: str, names: Names, *, verb_at_end: bool
) -> list[_Candidate]:
    """(offset, kind, value) for every possible subject in the segment, in text order."""
    end = at + len(segment)
    mentions = [m for m in names.mentions.get(block, ()) if at <= m[0] < end]
    found: list[_Candidate] = []
    for run in _NAME.finditer(segment):
        start, stop = at + run.start(), at + run.end()
        inside = [m for m in mentions if start <= m[0] < stop]
        mentions = [m for m in mentions if m not in inside]
        if inside and all(m[2] == "person" for m in inside):
            found.append((start, "person", _person_run(run.group(), inside[0][3])))
        elif inside:
            found.extend((m[0], m[2], m[3]) for m in inside)
        else:
            rest = segment[run.end() :] if verb_at_end else segment[: run.start()]
            if kind_value := _name_kind(run.group(), names, adjacent=not rest.strip(" ,")):
                found.append((start, *kind_value))
    found.extend((m[0], m[2], m[3]) for m in mentions)
    found.extend((at + m.start(), "pronoun", "") for m in _PRONOUNS.finditer(segment))
    for m in _NOUN_PHRASE.finditer(segment):
        determiner, role, body = m.group(1).lower(), m.group(2), m.group(4)
        if determiner != "the" and (body or "").lower() in _DOCUMENTS:
            continue  # "according to a statement issued by the company": who issued it
        if determiner != "the":
            found.append((at + m.start(), "unnamed", ""))
        elif role:
            found.append((at + m.start(), "role", _role_key(role)))
        else:
            found.append((at + m.start(), "body", body))
    found.extend((at + m.start(), "unnamed", "") for m in _GROUPS.finditer(segment))
    return sorted(found)


def _person_run(run: str, mentioned: str) -> str:
    """The whole name around a person mention ("Billie Jean" in "Billie Jean King")."""
    words = run.split()
    first = mentioned.split(maxsplit=1)[0]
    if first in words:  # only to the right: "NASA Administrator Bill Nelson" stays Bill Nelson
        words = words[words.index(first) :]
        if len(words) <= _MAX_NAME_WORDS:
            return " ".join(words)
    return mentioned


def _strip_titles(words: list[str]) -> list[str]:
    while words and (words[0].rstrip(".") in _TITLE_WORDS or words[0] in _NOT_NAMES):
        words = words[1:]
    return words


_NOT_NAMES = _word_set(
    "The A An But And He She It They We I In On At For If As When While After Before "
    "This That These Those Asked Speaking According Today Yesterday Tomorrow Monday "
    "Tuesday Wednesday Thursday Friday Saturday Sunday"
)


def _entity_kind(entity: Entity, names: Names) -> tuple[str, str]:
    last = entity.name.split()[-1]
    if last in _FACILITY:
        return "facility", ""
    if entity.type is EntityType.PLACE:
        return "place", ""
    if entity.type is EntityType.ORGANISATION or last in _COMPANY:
        return "org", entity.name
    return "person", _full_name(entity.name, names)


def _name_kind(run: str, names: Names, *, adjacent: bool) -> tuple[str, str] | None:
    """A capitalised run the entities missed: a known surname, or a name right next to
    the verb ("Marco Tonchetti Provera said"), or nothing."""
    if run in names.by_surname:
        full = _full_name(run, names)
        return ("person", full) if full != run else None
    words = _strip_titles(run.split())
    if not words or words[-1] in _FACILITY:
        return None
    if words[-1] in _COMPANY:
        return "org", " ".join(words)
    if len(words) == 1:
        full = _full_name(words[0], names)
        return ("person", full) if full != words[0] else None
    if not adjacent or len(words) > _MAX_NAME_WORDS or _BODIES.search(run) or _ROLES.search(run):
        return None
    return "person", " ".join(words)


def _full_name(name: str, names: Names) -> str:
    """A bare surname → the one full name ending with it given in the article."""
    if " " in name:
        return name
    full = names.by_surname.get(name, set())
    return next(iter(full)) if len(full) == 1 else name


def _role_key(word: str) -> str:
    word = word.lower()
    if word.startswith("spokes"):
        return "spokes"
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


def index_names(body: list[str], entities: tuple[Entity, ...]) -> Names:
    names = Names(body)
    for entity in entities:
        if entity.type is EntityType.PERSON and " " in entity.name:
            names.by_surname.setdefault(entity.name.split()[-1], set()).add(entity.name)
    for entity in entities:
        kind, value = _entity_kind(entity, names)
        spans = [s for s in entity.mentions if s.block >= 0]
        for span in spans:
            names.mentions.setdefault(span.block, []).append((span.start, span.end, kind, value))
        if kind == "person":
            names.people.extend((s.block, s.start, s.end, value) for s in spans)
            names.persons.append((entity, spans))
        elif kind == "org":
            names.org_counts[value] += len(spans)
    _add_surnames(body, names)
    names.people.sort()
    return names


def _add_surnames(body: list[str], names: Names) -> None:
    """Lone surnames of people named in full elsewhere, where the entities missed them."""
    surnames = [surname for surname, full in names.by_surname.items() if len(full) == 1]
    for block, text in enumerate(body):
        taken = names.mentions.setdefault(block, [])
        # Most paragraphs hold none of the few surnames: a substring test (C speed) spares
        # them the walk over every capitalised word.
        if not any(surname in text for surname in surnames):
            continue
        for word in _CAPITALISED.finditer(text):
            full = names.by_surname.get(word.group())
            if full is None or len(full) != 1:
                continue
            if any(s <= word.start() < e for s, e, _, _ in taken):
                continue
            name = next(iter(full))
            taken.append((word.start(), word.end(), "person", name))
            names.people.append((block, word.start(), word.end(), name))


_CAPITALISED = re.compile(r"\b[A-Z][\w'’-]+")


_SUBJECT_REACH = 3  # a paragraph's subject starts it (after an opening quote, say)


_MAX_NAME_WORDS = 4


_ROLE_REACH = 45  # characters before a name ("Foreign Minister and ODS vice-chairman ")


def _add_roles(body: list[str], entity: Entity, spans: list[Span], names: Names) -> None:
    """Role words said of a person: titles, the words before a mention, an apposition."""
    texts = list(entity.titles)
    for span in spans:
        text, start, end = body[span.block], span.start, span.end
        before = text[max(0, start - _ROLE_REACH) : start]
        texts.append(re.split(r"[.;:\"“”]|, ", before)[-1])
        if text.startswith(", ", end):
            texts.append(re.split(r"[,.;]", text[end + 2 : end + 2 + _ROLE_REACH])[0])
    roles = names.roles if names.roles is not None else {}
    for role in {_role_key(m.group(1)) for t in texts for m in _ROLES.finditer(t)}:
        roles.setdefault(role, set()).add(_full_name(entity.name, names))
