"""Cue words around a name: what the words next to a name say it is, or that it is none.

Head words finish a name and give its kind ("Metropolitan" + "Police", "Baltic Sea"), cue
nouns before or after it retype it ("the agency Ibama", "Penang state"), particles join a
person's name ("Ferreira da Silva"), titles stand before a person ("Railway Minister").
A storm's name is no person ("Hurricane Helene") and an oil benchmark no place ("Brent
crude"): ``not_a_name``.
Split out of ``name_rules.py`` (which settles the tagger's names sentence by sentence and
calls these) along that seam: these rules read single words, those read the data.
"""

from __future__ import annotations

import functools

from docexport.enrich.gazetteer import load_places, load_titles
from docexport.enrich.name_features import Token, person_names
from docexport.enrich.tagger import NameSpan
from docexport.normalise import word_set as _word_set

__all__ = [
    "NAME_PARTICLES",
    "QUALIFYING_WORDS",
    "not_a_name",
    "reshaped",
    "title_ending_at",
    "title_starting_at",
]


# Words that, alone before a title, only qualify it ("Commission President", "Railway
# Minister"): not a body of their own, unlike "NASA Administrator".
QUALIFYING_WORDS = _word_set(
    "Commission Council Ministry Department Agency Railway Railways Party Government "
    "Committee Court Parliament Bank Union Army Navy Police Defence Defense Foreign Interior "
    "Finance Health Energy Economy Trade State Senate House Cabinet"
)
NAME_PARTICLES = _word_set("da de do dos das del della di van von der den du")
_MAX_PARTICLES = 2  # "van der"
_CUE_WORDS = 2  # "-", "based"
_SHORTEST_CAMEL = 3  # "DeepMind"; "Mc" is no camel case


def title_ending_at(tokens: list[Token], end: int) -> int:
    """Words of the longest title ending just before token ``end`` ("Railway Minister"), or 0."""
    if end == 0:
        return 0
    for title in _titles_by_word()[1].get(tokens[end - 1].text, ()):
        size = len(title)
        if end - size >= 0 and tuple(t.text for t in tokens[end - size : end]) == title:
            return size
    return 0


def title_starting_at(tokens: list[Token], first: int, last: int) -> int:
    """Words of the longest title from token ``first`` ending before ``last``, or 0."""
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
_GIVEN_NAME = "f"
_HEAD_WORDS = _ORGANISATION_HEADS | _PLACE_HEADS
_CUES_BEFORE = _ORGANISATION_NOUNS | _COMPANY_SUFFIXES
_CUES_AFTER = _PLACE_NOUNS | {"-"}


def reshaped(tokens: list[Token], names: list[NameSpan]) -> list[NameSpan]:
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
        or (first > 0 and tokens[first - 1].text.lower() in NAME_PARTICLES)
    )


def _bridged(tokens: list[Token], left: NameSpan, right: NameSpan) -> NameSpan | None:
    """One name for two that particles, a possessive or a head word join, else None."""
    gap = [t.text for t in tokens[left.last + 1 : right.first]]
    if not gap:
        return _abutting(tokens, left, right)
    particles = len(gap) <= _MAX_PARTICLES and all(w in NAME_PARTICLES for w in gap)
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
            and tokens[at - 1].text not in QUALIFYING_WORDS
            and not title_ending_at(tokens, at)
        ):
            at -= 1
        if at < first and tokens[at - 1].text in _DETERMINERS:
            first = at
    if kind == "PER":
        at = first
        while at > 0 and at - 1 not in taken and tokens[at - 1].text.lower() in NAME_PARTICLES:
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


# Words naming a storm before its name ("Storm Boris", "Hurricane Helene", "Typhoon Yagi").
_STORMS = _word_set("storm hurricane typhoon cyclone")
# Verbs that give a name to what the sentence spoke of ("a storm system named Boris").
_NAMING_VERBS = _word_set("named dubbed called")
# Words after an oil benchmark named after a place ("Brent crude", "Dubai blend").
_BENCHMARK_WORDS = _word_set("crude blend")


def not_a_name(tokens: list[Token], first: int, last: int) -> str | None:
    """The words of the name ``tokens[first:last + 1]`` when the words around it say it
    names no person, body or place, else ``None``: a storm ("Storm Boris", "Tropical Storm
    Helene", "a storm system that meteorologists named Boris": "Boris") or an oil benchmark
    ("Brent crude"). The caller drops these words' other mentions too ("Boris stalled")."""
    words = [t.text for t in tokens[first : last + 1]]
    cue = 1 if words[0] == "Tropical" else 0
    if len(words) > cue + 1 and words[cue].lower() in _STORMS:
        return " ".join(words[cue + 1 :])  # the model took the cue into the name
    before = tokens[first - 1].text.lower() if first else ""
    if before in _STORMS:
        return " ".join(words)
    if before in _NAMING_VERBS and any(t.text.lower() in _STORMS for t in tokens[: first - 1]):
        return " ".join(words)
    if last + 1 < len(tokens) and tokens[last + 1].text in _BENCHMARK_WORDS:
        return " ".join(words)
    return None
