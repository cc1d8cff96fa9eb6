"""Direct quotations and who said them.

Quotes are found per paragraph (a quotation may run over several sentences). The speaker
is, in order: a person named next to a speech verb right after the quote (``," Smith
said``, ``according to Smith``) or right before it (``Smith said: "…"``, ``Smith warned
… a "resurgent" threat``); "he"/"she" → the person last named; a role that points back to
a person introduced with it ("the head of MI5" → the MI5 head named earlier); the speaker
of the previous quote in the same paragraph; else none.
"""

from __future__ import annotations

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


def extract_quotes(body: list[str], entities: tuple[Entity, ...]) -> tuple[Quote, ...]:
    """Every quotation in the body, in order, with a speaker where the text gives one."""
    blocks = dict(enumerate(body))
    mentions = _mentions(entities)
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


def _mentions(entities: tuple[Entity, ...]) -> list[_Mention]:
    found = [
        _Mention(span.block, span.start, span.end, entity)
        for entity in entities
        if entity.type is not EntityType.PLACE
        for span in entity.mentions
        if span.block >= 0
    ]
    return sorted(found, key=lambda m: (m.block, m.start))


def _speaker(
    block: int, text: str, match: re.Match[str], mentions: list[_Mention], roles: dict[str, str]
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
            return _last_person_before(mentions, block, match.start())
    if verb := _SPEECH.search(before):
        named = _people_in(mentions, block, sentence_start, match.start())
        if named:
            return named[-1]
        return _by_role(before, roles) or _organisation_speaking(
            mentions, block, sentence_start + verb.start()
        )
    return None


def _people_in(mentions: list[_Mention], block: int, start: int, end: int) -> list[str]:
    inside = [m for m in mentions if m.block == block and start <= m.start < end]
    people = [m.entity.name for m in inside if m.entity.type is EntityType.PERSON]
    if people:
        return people
    # "…," Helixa Cloud said: an organisation may speak, but only right after the quote.
    return [m.entity.name for m in inside if m.start - start <= _ORG_SPEAKER_GAP][:1]


def _organisation_speaking(mentions: list[_Mention], block: int, verb: int) -> str | None:
    """An organisation named just before the speech verb ("Helixa Cloud said: …")."""
    close = [m for m in mentions if m.block == block and 0 <= verb - m.end <= _ORG_SPEAKER_GAP]
    return close[-1].entity.name if close else None


def _last_person_before(mentions: list[_Mention], block: int, offset: int) -> str | None:
    earlier = [
        m
        for m in mentions
        if (m.block, m.start) < (block, offset) and m.entity.type is EntityType.PERSON
    ]
    return earlier[-1].entity.name if earlier else None


def _roles(blocks: dict[int, str], mentions: list[_Mention]) -> dict[str, str]:
    """ "role word + organisation" → the person introduced next to them ("head MI5" → McCallum)."""
    roles: dict[str, str] = {}
    for person in (m for m in mentions if m.entity.type is EntityType.PERSON):
        text = blocks[person.block]
        window = (max(0, person.start - _ROLE_REACH), person.end + _ROLE_REACH)
        role = _ROLE.search(text, *window)
        if role is None:
            continue
        for org in mentions:
            if (
                org.block == person.block
                and org.entity.type is EntityType.ORGANISATION
                and window[0] <= org.start < window[1]
            ):
                roles.setdefault(f"{role.group(1).lower()} {org.entity.name}", person.entity.name)
    return roles


def _by_role(text: str, roles: dict[str, str]) -> str | None:
    for key, person in roles.items():
        role, org = key.split(" ", 1)
        if re.search(rf"\b{role}\b", text, re.IGNORECASE) and org in text:
            return person
    return None
