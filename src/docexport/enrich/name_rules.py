"""Rules that finish the tagger's names: what the model cannot or should not decide.

Per sentence (``settle``): names of ``organisations.tsv`` replace what they overlap; names
the model cut at a joiner ("Lula" + "da" + "Silva", "Office" + "for National Statistics")
or at a city before a club ("Indianapolis" + "Colts") are one; a nationality before a person
("Swede Kennet Lindqvist") becomes the person's title; words of a title ("Railway Minister")
are no names. Per name: laws, operations and tournaments are no entities (``is_event``);
titles in front of a person are taken out of the name (``strip_titles``).
"""

from __future__ import annotations

import functools

from docexport.enrich.gazetteer import load_organisations, load_places, load_titles
from docexport.enrich.name_features import Token, person_names
from docexport.enrich.tagger import NameSpan

__all__ = ["is_event", "settle", "strip_titles"]


def _word_set(words: str) -> frozenset[str]:
    """A word list written as prose: ruff would put a list literal one word a line."""
    return frozenset(words.split())


_EVENT_CUES = _word_set(
    "Act Law Bill Treaty Accord Agreement Operation Exercise Summit Cup Championship "
    "Championships Games Olympics Prize Award Festival Strategy Initiative Programme Program "
    "Convention Protocol Doctrine Declaration"
)
# Words that, alone before a title, only qualify it ("Commission President", "Railway
# Minister"): not a body of their own, unlike "NASA Administrator".
_QUALIFYING_WORDS = _word_set(
    "Commission Council Ministry Department Agency Railway Railways Party Government "
    "Committee Court Parliament Bank Union Army Navy Police Defence Defense Foreign Interior "
    "Finance Health Energy Economy Trade State Senate House Cabinet"
)
_EVENT_WORDS_BEFORE = _word_set(
    "operation exercise act law treaty programme program mission campaign project codenamed "
    "code-named"
)
_NAME_PARTICLES = _word_set("da de do dos das del della di van von der den du")
_MAX_PARTICLES = 2  # "van der"
_CUE_WORDS = 2  # "-", "based"
_SHORTEST_CAMEL = 3  # "DeepMind"; "Mc" is no camel case
_PERSON_WORDS = 3  # at most, in a name read as a person against the model's word
_LONGEST_ORGANISATION = 4  # words: longer names of organisations.tsv are not looked for


def settle(tokens: list[Token], found: list[NameSpan]) -> tuple[list[NameSpan], dict[int, str]]:
    """The model's names, corrected where the data or the words are certain: names of
    ``organisations.tsv`` replace what they overlap, "Lula da Silva" split at "da" is one,
    a city before a club is part of it, words of a person's title are no names. Also
    returns the nationality written before a person ("Swede"), by the person's first token."""
    names = _joined(tokens, found)
    certain = _known_organisations(tokens)
    if certain:
        taken = {i for name in certain for i in range(name.first, name.last + 1)}
        names = [n for n in names if not taken & set(range(n.first, n.last + 1))] + certain
    nationality: dict[int, str] = {}
    names = _regrouped(tokens, sorted(names), nationality)
    titled: set[int] = set()
    for name in names:
        if name.kind == "PER":
            end = name.first
            while (size := _title_ending_at(tokens, end)) and end - size >= 0:
                end -= size
            titled.update(range(end, name.first))
    settled = [
        n
        for n in _reshaped(tokens, names)
        if not _qualifies_a_title(tokens, n)
        and not set(range(n.first, n.last + 1)) <= titled  # "Mrs Justice": no name
        and not (n.first == n.last and n.kind == "PER" and _is_common(tokens[n.first].text))
    ]
    return settled, nationality


def _regrouped(
    tokens: list[Token], names: list[NameSpan], nationality: dict[int, str]
) -> list[NameSpan]:
    """Adjacent names the model cut apart: "Indianapolis" + "Colts" is one club; a
    nationality + a name ("Swede" + "Kennet Lindqvist") is a person with a title."""
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
                    nationality[name.first] = tokens[previous.first].text
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
            # On a tie the part that is no adjective ("Confederation of" + "African") wins
            kind = max(
                (name, previous), key=lambda n: (_capitalised(tokens, n), n.kind != "MISC")
            ).kind
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
    organisations, sizes = load_organisations(), _organisation_sizes()
    found: list[NameSpan] = []
    n, free = len(tokens), 0  # tokens before ``free`` are in a name found already
    for i, token in enumerate(tokens):
        if i < free or token.text not in sizes:
            continue
        for size in sizes[token.text]:
            if i + size <= n and " ".join(t.text for t in tokens[i : i + size]) in organisations:
                found.append(NameSpan(i, i + size - 1, "ORG"))
                free = i + size
                break
    return found


@functools.cache
def _organisation_sizes() -> dict[str, tuple[int, ...]]:
    """First word → word counts (at most four, longest first) of the organisations it opens:
    only those lengths can match ("The" opens a few names, of two or three words)."""
    sizes: dict[str, set[int]] = {}
    for name in load_organisations():
        words = name.split(" ")
        if len(words) <= _LONGEST_ORGANISATION:
            sizes.setdefault(words[0], set()).add(len(words))
    return {word: tuple(sorted(found, reverse=True)) for word, found in sizes.items()}


def _qualifies_a_title(tokens: list[Token], name: NameSpan) -> bool:
    return (
        name.first == name.last
        and tokens[name.first].text in _QUALIFYING_WORDS
        and _title_starting_at(tokens, name.last + 1, len(tokens)) > 0
    )


def is_event(tokens: list[Token], first: int, last: int) -> bool:
    """A law, operation or tournament: a cue word in the name's capitalised run
    ("Operation Inherent Resolve", even where the model tagged only "Resolve")."""
    while first > 0 and tokens[first - 1].text[:1].isupper():
        first -= 1
    while last + 1 < len(tokens) and tokens[last + 1].text[:1].isupper():
        last += 1
    words = [t.text for t in tokens[first : last + 1]]
    before = tokens[first - 1].text.lower() if first > 0 else ""
    return words[0] in _EVENT_CUES or words[-1] in _EVENT_CUES or before in _EVENT_WORDS_BEFORE


def strip_titles(tokens: list[Token], first: int, last: int) -> tuple[int, list[str]]:
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


# Last words that make a capitalised run a body, whatever the first words are: "Redwood
# Partners", "Kaveri Infrastructure", "Charles de Gaulle Airport" (a facility that operates,
# an organisation by the gold rules), "Metropolitan Police".
_ORGANISATION_HEADS = _word_set(
    "Partners Partnership Infrastructure Cloud Capital Holdings Holding Group Committee "
    "Commission Police Airport Airways Airlines Center Centre Institute Foundation Fund "
    "Bank Securities Investments Ventures Technologies Technology Systems Solutions Labs "
    "Industries Motors Energy Pharmaceuticals Logistics Corporation Corp Inc Ltd LLC PLC "
    "Company Agency Authority Ministry Council Board Bureau Office Service Services Front "
    "Party Movement Alliance Coalition Union Federation Association Society University "
    "College School Hospital Clinic Court Tribunal Parliament Assembly Senate Congress "
    "Army Navy Forces Guard Brigade Regiment Network Media Studios Trust Exchange Communications"
)
# Of those, the ones no place ends with ("West Bank", "Soviet Union", "National Tennis
# Centre" are places): they make a body of what the model read as a place ("Amazon Fund").
_BODY_HEADS = _word_set(
    "Partners Partnership Infrastructure Cloud Capital Holdings Holding Group Committee "
    "Commission Police Fund Securities Investments Ventures Technologies Systems Solutions "
    "Labs Industries Motors Pharmaceuticals Logistics Corporation Corp Inc Ltd LLC PLC Company "
    "Communications"
)
# Words before a name that bound it: what stands between them and a body's head word is
# part of the name ("the Monetary Policy Committee", "the bank's Monetary Policy Committee").
_POSSESSIVE = ("'s", "’s")
_DETERMINERS = frozenset(("the", "The", "its", "their", "a", "an", *_POSSESSIVE))
# Last words of a named place that is not a settlement: "Suwałki Gap", "Baltic Sea".
_PLACE_HEADS = _word_set(
    "Gap Sea Ocean Strait Straits Gulf Bay River Lake Mountains Mountain Hills Valley Desert "
    "Island Islands Peninsula Coast Canal Basin Plateau Delta Belt"
)
# A lower-case noun before a name says it is a body ("venture fund Redwood Partners", "the
# agency Ibama"); one after it, that it is a place ("Penang state").
_ORGANISATION_NOUNS = _word_set(
    "agency company firm fund provider developer startup start-up regulator lender insurer "
    "carrier airline operator maker manufacturer brokerage bank group party broadcaster "
    "newspaper club conglomerate retailer supplier contractor watchdog"
)
_PLACE_NOUNS = _word_set("state province region county district prefecture island")
_PLACE_SUFFIXES = _word_set("based led backed born headquartered")
_COMPANY_SUFFIXES = _word_set("based headquartered")  # "Berlin-based Datenhafen": a company
# A common word capitalised is no person alone: days, months, holidays, seasons, sports.
_COMMON_WORDS = _word_set(
    "monday tuesday wednesday thursday friday saturday sunday january february march april "
    "june july august september october november december christmas easter ramadan eid "
    "diwali hanukkah thanksgiving passover lent advent halloween spring summer autumn winter "
    "football soccer cricket rugby tennis golf basketball baseball hockey athletics cycling "
    "boxing swimming sailing rowing netball volleyball handball motorsport parliament"
)
_GIVEN_NAME = "f"
_HEAD_WORDS = _ORGANISATION_HEADS | _PLACE_HEADS
_CUES_BEFORE = _ORGANISATION_NOUNS | _COMPANY_SUFFIXES
_CUES_AFTER = _PLACE_NOUNS | {"-"}


def _is_common(word: str) -> bool:
    return word.lower() in _COMMON_WORDS


def _reshaped(tokens: list[Token], names: list[NameSpan]) -> list[NameSpan]:
    """Names the words around them finish: a surname after a particle ("Ferreira da
    Silva"), a possessive inside a body ("People's Front"), a head word after the run
    ("Metropolitan Police"), a cue noun before or after it, an "X-based" place."""
    out: list[NameSpan] = []
    for name in names:
        near = out and name.first - out[-1].last <= _MAX_PARTICLES + 1  # cheap test first
        if near and (joined := _bridged(tokens, out[-1], name)) is not None:
            out[-1] = joined
            continue
        out.append(name)
    taken: set[int] | None = None  # built for the rare name that may widen
    reshaped = []
    for name in out:
        if _may_widen(tokens, name):
            taken = taken or {i for n in out for i in range(n.first, n.last + 1)}
            name = _widened(tokens, name, taken)  # noqa: PLW2901
        reshaped.append(_retyped(tokens, name))
    return reshaped


def _may_widen(tokens: list[Token], name: NameSpan) -> bool:
    """Whether ``_widened`` has a word to look at (most names: none)."""
    first, last, _ = name
    return (
        (last + 1 < len(tokens) and tokens[last + 1].text in _ORGANISATION_HEADS)
        or tokens[last].text in _ORGANISATION_HEADS
        or (first > 0 and tokens[first - 1].text.lower() in _NAME_PARTICLES)
    )


def _bridged(tokens: list[Token], left: NameSpan, right: NameSpan) -> NameSpan | None:
    """One name for two that particles, a possessive or a head word join, else None."""
    gap = [t.text for t in tokens[left.last + 1 : right.first]]
    if not gap:
        return _abutting(tokens, left, right)
    particles = len(gap) <= _MAX_PARTICLES and all(w in _NAME_PARTICLES for w in gap)
    if particles and "PER" in (left.kind, right.kind) and tokens[right.first].text[:1].isupper():
        return NameSpan(left.first, right.last, "PER")  # "Ferreira" da "Silva"
    possessive = len(gap) == 1 and gap[0] in _POSSESSIVE and left.kind == "ORG"
    if possessive and tokens[right.last].text in _ORGANISATION_HEADS:
        return NameSpan(left.first, right.last, "ORG")  # "Dravida People" 's "Front"
    return None  # "Malaysia" 's "Penang": two names


def _abutting(tokens: list[Token], left: NameSpan, right: NameSpan) -> NameSpan | None:
    """One body for two names side by side: "Reagan" + "Communications", "Google" +
    "DeepMind", "Confederation of African" + "Football" (not "... of South" + "Korea")."""
    joined = NameSpan(left.first, right.last, "ORG")
    if (  # "the" + "Financial" + "Stability Committee"
        left.kind == "MISC"
        and left.first == left.last
        and right.kind == "ORG"
        and tokens[right.last].text in _ORGANISATION_HEADS
        and left.first > 0
        and tokens[left.first - 1].text in _DETERMINERS
    ):
        return joined
    if right.first != right.last:
        return None
    word = tokens[right.first].text
    if word in _ORGANISATION_HEADS and right.kind == "ORG" and left.kind != "LOC":
        return joined
    if left.kind != "ORG":
        return None
    joiners = [i for i in range(left.first, left.last + 1) if tokens[i].text.islower()]
    after_joiner = joiners and right.kind != "PER"
    if after_joiner and not _is_place(tokens, NameSpan(joiners[-1] + 1, right.last, "LOC")):
        return joined
    return joined if _is_camel(word) else None


def _is_camel(word: str) -> bool:
    return (
        len(word) >= _SHORTEST_CAMEL
        and word[0].isupper()
        and not word.isupper()
        and word[1:] != word[1:].lower()
    )


def _is_title_word(word: str) -> bool:
    """Capitalised, then lower case ("Police"), as a word in running text is written."""
    return len(word) > 1 and word[0].isupper() and word[1:].islower()


def _widened(tokens: list[Token], name: NameSpan, taken: set[int]) -> NameSpan:
    """A body's head word the model left out ("Metropolitan" + "Police") and, before a
    body, capitalised words it left out ("Monetary" + "Policy Committee"); particles
    before a person ("Van der" + "Linden")."""
    first, last, kind = name
    n = len(tokens)
    while last + 1 < n and last + 1 not in taken and tokens[last + 1].text in _ORGANISATION_HEADS:
        last, kind = last + 1, "ORG"
    if kind == "ORG" and tokens[last].text in _ORGANISATION_HEADS:
        at = first
        while (
            at > 1
            and at - 1 not in taken
            and _is_title_word(tokens[at - 1].text)
            and tokens[at - 1].text not in _QUALIFYING_WORDS
            and not _title_ending_at(tokens, at)
        ):
            at -= 1
        if at < first and tokens[at - 1].text in _DETERMINERS:
            first = at
    if kind == "PER":
        at = first
        while at > 0 and at - 1 not in taken and tokens[at - 1].text.lower() in _NAME_PARTICLES:
            at -= 1
        if at < first and tokens[at].text[:1].isupper():
            first = at
    return NameSpan(first, last, kind)


def _retyped(tokens: list[Token], name: NameSpan) -> NameSpan:
    """The kind the name's own last word or the words around it say, where they say one;
    a known given name first keeps a person against a cue noun ("the club Lars Eklund")."""
    first, last, kind = name
    word, before = tokens[last].text, tokens[first - 1].text if first else ""
    following = tokens[last + 1].text if last + 1 < len(tokens) else ""
    # Most names have no cue at all: one look at three words, then nothing else to do
    if word not in _HEAD_WORDS and before not in _CUES_BEFORE and following not in _CUES_AFTER:
        return name
    after = tokens[last + 1 : last + 1 + _CUE_WORDS]
    no_given_name = kind == "PER" and _GIVEN_NAME not in person_names().get(
        tokens[first].text.lower(), ""
    )
    company_cue = before in _COMPANY_SUFFIXES and first > 1 and tokens[first - 2].text == "-"
    rules = (
        (first < last and kind == "PER" and word in _ORGANISATION_HEADS, "ORG"),
        (first < last and kind == "LOC" and word in _BODY_HEADS, "ORG"),
        (kind in ("PER", "MISC") and _based(after) and _is_place(tokens, name), "LOC"),
        (kind != "LOC" and first < last and word in _PLACE_HEADS, "LOC"),
        (kind in ("PER", "LOC") and company_cue, "ORG"),  # "Berlin-based Datenhafen"
        (
            (no_given_name or kind == "MISC") and before in _ORGANISATION_NOUNS,
            "ORG",
        ),  # "agency Ibama"
        (kind == "PER" and bool(after) and after[0].text in _PLACE_NOUNS, "LOC"),  # "Penang state"
    )
    return name._replace(kind=next((said for holds, said in rules if holds), kind))


def _based(after: list[Token]) -> bool:
    return len(after) == _CUE_WORDS and after[0].text == "-" and after[1].text in _PLACE_SUFFIXES


def _is_place(tokens: list[Token], name: NameSpan) -> bool:
    text = " ".join(t.text for t in tokens[name.first : name.last + 1])
    return bool(load_places().candidates(text))
