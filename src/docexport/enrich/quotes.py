"""Direct quotations and who said them.

Quotes are found per paragraph (a quotation may run over several sentences). The speaker
is, in order: a person named next to a speech verb right after the quote (``," Smith
said``, ``according to Smith``) or right before it (``Smith said: "…"``, ``Smith warned
… a "resurgent" threat``); "he"/"she" → the person last named; a role that points back to
a person introduced with it ("the head of MI5" → the MI5 head named earlier); the speaker
of the previous quote in the same paragraph; else none.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from docexport.model import Entity, EntityType, Quote, Span

__all__ = ["extract_quotes"]

_QUOTE = re.compile(r'"([^"\n]+?)"|“([^”\n]+?)”|«\s?([^»\n]+?)\s?»|„([^“”\n]+?)[“”]')
_SPEECH = re.compile(
    r"\b(?:said|says|told|tells|added|adds|warned|warns|stated|states|noted|insisted|argued|"
    r"claimed|announced|explained|wrote|declared|emphasi[sz]ed|stressed|replied|asked|"
    r"continued|concluded|acknowledged|admitted|cautioned|predicted|urged|vowed|according to|"
    r"in a statement)\b",
    re.IGNORECASE,
)
_PRONOUN_SPEECH = re.compile(r"^\W*(?:he|she)\s+\w+", re.IGNORECASE)
_ROLE = re.compile(
    r"\b(head|chief|director|commander|spokes(?:man|woman|person)|minister|governor|"
    r"president|leader|chair(?:man|woman)?|secretary|ceo)\b",
    re.IGNORECASE,
)
_AFTER_REACH = 110  # characters after a quote in which its attribution is looked for
_ORG_SPEAKER_GAP = 4  # "Helixa Cloud said": the organisation must touch the speech verb
_ROLE_REACH = 90  # how far a role word may sit from the person or organisation it names


@dataclass(frozen=True, slots=True)
class _Mention:
    block: int
    start: int
    end: int
    entity: Entity


class _Mentions:
    """Non-place mentions indexed by block and by start, so that every lookup is a binary
    search: scanning all mentions for each quote made long articles quadratic."""

    def __init__(self, entities: tuple[Entity, ...]) -> None:
        found = sorted(
            (
                _Mention(span.block, span.start, span.end, entity)
                for entity in entities
                if entity.type is not EntityType.PLACE
                for span in entity.mentions
                if span.block >= 0
            ),
            key=lambda m: (m.block, m.start),
        )
        self.by_block: dict[int, list[_Mention]] = {}
        for mention in found:
            self.by_block.setdefault(mention.block, []).append(mention)
        self._starts = {b: [m.start for m in ms] for b, ms in self.by_block.items()}
        self.people = [m for m in found if m.entity.type is EntityType.PERSON]
        self._people_keys = [(m.block, m.start) for m in self.people]

    def starting_in(self, block: int, start: int, end: int) -> list[_Mention]:
        """Mentions of ``block`` that start in ``[start, end)``, in order."""
        starts = self._starts.get(block, [])
        first, last = bisect.bisect_left(starts, start), bisect.bisect_left(starts, end)
        return self.by_block[block][first:last] if first < last else []

    def last_person_before(self, block: int, offset: int) -> str | None:
        index = bisect.bisect_left(self._people_keys, (block, offset))
        return self.people[index - 1].entity.name if index else None


def extract_quotes(body: list[str], entities: tuple[Entity, ...]) -> tuple[Quote, ...]:
    """Every quotation in the body, in order, with a speaker where the text gives one."""
    blocks = dict(enumerate(body))
    mentions = _Mentions(entities)
    roles = _roles(blocks, mentions)
    quotes: list[Quote] = []
    for block, text in blocks.items():
        previous: str | None = None
        for match in _QUOTE.finditer(text):
            inner = next(g for g in match.groups() if g is not None).strip().rstrip(",")
            if not inner:
                continue
            speaker = _speaker(block, text, match, mentions, roles) or previous
            span = Span(block=block, start=match.start(), end=match.end())
            quotes.append(Quote(text=inner, speaker=speaker, span=span))
            previous = speaker
    return tuple(quotes)


def _speaker(
    block: int, text: str, match: re.Match[str], mentions: _Mentions, roles: _Roles
) -> str | None:
    after = text[match.end() : match.end() + _AFTER_REACH]
    after = re.split(r"(?<=[.!?])\s", after, maxsplit=1)[0]
    sentence_start = max(text.rfind(". ", 0, match.start()) + 2, 0)
    before = text[sentence_start : match.start()]
    if _SPEECH.search(after):
        named = _people_in(mentions, block, match.end(), match.end() + len(after))
        if named:
            return named[0]
        if _PRONOUN_SPEECH.match(after):
            return mentions.last_person_before(block, match.start())
    if verb := _SPEECH.search(before):
        named = _people_in(mentions, block, sentence_start, match.start())
        if named:
            return named[-1]
        return _by_role(before, roles) or _organisation_speaking(
            mentions, block, sentence_start + verb.start()
        )
    return None


def _people_in(mentions: _Mentions, block: int, start: int, end: int) -> list[str]:
    inside = mentions.starting_in(block, start, end)
    people = [m.entity.name for m in inside if m.entity.type is EntityType.PERSON]
    if people:
        return people
    # "…," Helixa Cloud said: an organisation may speak, but only right after the quote.
    return [m.entity.name for m in inside if m.start - start <= _ORG_SPEAKER_GAP][:1]


def _organisation_speaking(mentions: _Mentions, block: int, verb: int) -> str | None:
    """An organisation named just before the speech verb ("Helixa Cloud said: …")."""
    # A mention that ends by the verb started before it; names are far shorter than this.
    nearby = mentions.starting_in(block, verb - _ROLE_REACH - _ORG_SPEAKER_GAP, verb + 1)
    close = [m for m in nearby if 0 <= verb - m.end <= _ORG_SPEAKER_GAP]
    return close[-1].entity.name if close else None


_Roles = dict[str, list[tuple[str, str]]]
"""Organisation name → (role word, person) pairs, in the order they were found."""


def _roles(blocks: dict[int, str], mentions: _Mentions) -> _Roles:
    """ "role word + organisation" → the person introduced next to them ("head MI5" → McCallum)."""
    roles: _Roles = {}
    seen: set[tuple[str, str]] = set()
    for person in mentions.people:
        text = blocks[person.block]
        window = (max(0, person.start - _ROLE_REACH), person.end + _ROLE_REACH)
        role = _ROLE.search(text, *window)
        if role is None:
            continue
        for org in mentions.starting_in(person.block, *window):
            if org.entity.type is not EntityType.ORGANISATION:
                continue
            key = (role.group(1).lower(), org.entity.name)
            if key not in seen:  # the first person found for a role keeps it
                seen.add(key)
                roles.setdefault(org.entity.name, []).append((key[0], person.entity.name))
    return roles


def _by_role(text: str, roles: _Roles) -> str | None:
    """The person whose role and organisation the text names ("the head of MI5")."""
    words = {w.lower() for w in _ROLE.findall(text)}
    if not words:
        return None
    for org, pairs in roles.items():
        if org in text:
            for role, person in pairs:
                if role in words:
                    return person
    return None
