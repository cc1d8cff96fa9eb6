"""Rules that finish the tagger's names: what the model cannot or should not decide.

Per sentence (``settle``): names of ``organisations.tsv`` replace what they overlap; names
the model cut at a joiner ("Lula" + "da" + "Silva", "Office" + "for National Statistics")
or at a city before a club ("Indianapolis" + "Colts") are one; a nationality before a person
("Swede Kennet Lindqvist") becomes the person's title; words of a title ("Railway Minister")
are no names. Per name: laws, operations and tournaments are no entities (``is_event``);
titles in front of a person are taken out of the name (``strip_titles``). What single
words next to a name say of it (head words, cue nouns, titles) is in ``name_cues.py``.
"""

from __future__ import annotations

import functools

from docexport.enrich.gazetteer import load_organisations
from docexport.enrich.name_cues import (
    NAME_PARTICLES,
    QUALIFYING_WORDS,
    reshaped,
    title_ending_at,
    title_starting_at,
)
from docexport.enrich.name_features import Token
from docexport.enrich.tagger import NameSpan
from docexport.normalise import word_set as _word_set

__all__ = ["is_event", "settle", "strip_titles"]


_EVENT_CUES = _word_set(
    "Act Law Bill Treaty Accord Agreement Operation Exercise Summit Cup Championship "
    "Championships Games Olympics Prize Award Festival Strategy Initiative Programme Program "
    "Convention Protocol Doctrine Declaration"
)
_EVENT_WORDS_BEFORE = _word_set(
    "operation exercise act law treaty programme program mission campaign project codenamed "
    "code-named"
)
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
            while (size := title_ending_at(tokens, end)) and end - size >= 0:
                end -= size
            titled.update(range(end, name.first))
    settled = [
        n
        for n in reshaped(tokens, names)
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
        w.text[:1].isupper() and w.text[1:].islower() and w.text not in QUALIFYING_WORDS
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
            if joiner.text in NAME_PARTICLES and "PER" in (name.kind, previous.kind):
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
        and tokens[name.first].text in QUALIFYING_WORDS
        and title_starting_at(tokens, name.last + 1, len(tokens)) > 0
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
    while (size := title_ending_at(tokens, end)) and end - size >= 0:
        titles.insert(0, " ".join(t.text for t in tokens[end - size : end]))
        end -= size
    while first < last and (size := title_starting_at(tokens, first, last)):
        titles.append(" ".join(t.text for t in tokens[first : first + size]))
        first += size
    return first, titles


# A common word capitalised is no person alone: days, months, holidays, seasons, sports.
_COMMON_WORDS = _word_set(
    "monday tuesday wednesday thursday friday saturday sunday january february march april "
    "june july august september october november december christmas easter ramadan eid "
    "diwali hanukkah thanksgiving passover lent advent halloween spring summer autumn winter "
    "football soccer cricket rugby tennis golf basketball baseball hockey athletics cycling "
    "boxing swimming sailing rowing netball volleyball handball motorsport parliament"
)


def _is_common(word: str) -> bool:
    return word.lower() in _COMMON_WORDS
