"""Direct quotations and who said them.

What counts as a quotation. A run between quotation marks (``"…"``, ``“…”``, ``«…»``,
``„…“``) is a quotation when it is given as someone's words: it opens its paragraph, a
speech verb sits next to it (``," Smith said``, ``said: "…"``), or it reads as a clause
(a pronoun, an auxiliary, an infinitive, or eight words and more). Titles in Title Case
("On the Waterfront"), names, labels and scare quotes (a "resurgent" threat, a "bear
hug") are not quotations and are not returned. A paragraph that opens a quotation and
does not close it continues in the next paragraph that opens with a quotation mark (the
wire convention); each paragraph's part is one ``Quote`` (a span lies in one block), all
with the speaker of the whole.

Who said it, in order:

1. a speech verb after the quote in its sentence, with its subject next to it
   (``," Hoddle said``, ``," said Hugh Johnson, analyst``, ``quotes X as saying``);
2. a speech verb before it in its sentence, or in the paragraph before when that ends
   with a colon (``Jacquet said: "…"``, ``He added: "…"``);
3. else the speaker of the quotation in the paragraph before (a quote paragraph with no
   attribution continues the last speaker), else none.

The subject next to the verb is resolved by ``speakers.py`` (a person, a surname, a
pronoun, a role, an organisation; never a guess).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from docexport.enrich.speakers import Names, State, index_names, resolve_subject
from docexport.model import Entity, Quote, Span
from docexport.normalise import word_set as _word_set

__all__ = ["extract_quotes"]


_OPENERS = {'"': '"', "“": "”", "«": "»", "„": "“”"}


_MARK = re.compile('["“”«»„]')


_SPEECH_VERBS = (
    r"said|says|say|told|tells|added|adds|warned|warns|stated|noted|insisted|argued|"
    r"claimed|announced|explained|wrote|declared|emphasi[sz]ed|stressed|replied|asked|"
    r"continued|concluded|acknowledged|admitted|cautioned|predicted|urged|vowed|recalled|"
    r"complained|conceded|commented|remarked|observed|responded|saying|as saying|"
    r"according to|in a statement"
)


def _first_letters(alternatives: str) -> str:
    """``(?=[...])``: the first letters of the alternatives. Put before an alternation, it
    lets the regex engine pass over most positions at once (searches twice as fast)."""
    return "(?=[" + "".join(sorted({word[0] for word in alternatives.split("|")})) + "])"


_SPEECH = re.compile(
    r"\b" + _first_letters(_SPEECH_VERBS) + "(?:" + _SPEECH_VERBS + r")\b", re.IGNORECASE
)
_SPEECH_JUST_BEFORE = re.compile(
    r"\b(?=[sar])(?:said|says|saying|added|replied|asked)\s*,?$", re.IGNORECASE
)
_QUOTE_OR_SENTENCE_END = re.compile(r'(?<![A-Z])[.!?]["”]?\s|["“”]')


_CLAUSE_WORDS = _word_set(
    "i we you he she it they me us him them my our your is are was were be been am "
    "has have had do does did will would can could should may might must shall not "
    "don't won't can't isn't i'm we're it's there's"
)


# The verbs of a clause: a run after "called" without one is a noun phrase, a label.
_FINITE_WORDS = _word_set(
    "is are was were be been am has have had do does did will would can could should may "
    "might must shall don't won't can't isn't i'm we're it's there's"
)
_NAMING = re.compile(
    r"\b(?:called|calling|calls|dubbed|branded|labell?ed|termed|described\s+(?:\S+\s+){0,6}?as)"
    r"(?:\s+[\w'’-]+){0,4}$",
    re.IGNORECASE,
)
_MODAL_BEFORE = _word_set("will would could should must may might can shall to")
_BE_BEFORE = _word_set("is are was were be been being am")
_HAVE_BEFORE = _word_set("has have had having")
_PARTICIPLES = _word_set(  # irregular past participles ("had "sold secrets"")
    "been made put done taken given become lost won left seen had sent set sold told paid "
    "brought bought thought kept held built spent found caught broken let run shown known"
)
_MIN_VERB_PHRASE = 2  # words: "would "retaliate"" alone may be a scare quote
_ADJECTIVE_LIKE = _word_set("a an the this that these those very so too more most less")


def _continues_verb_phrase(before: str, words: list[str]) -> bool:
    """A run of two words or more that goes on the verb phrase before it: "would" + a
    bare verb, "were" + an -ing or -ed form, "had" + a past participle. A lone adjective
    phrase ("was "strictly defensive"") is not speech."""
    previous = before.rsplit(maxsplit=1)[-1].lower()
    if len(words) < _MIN_VERB_PHRASE or not words[0].isalpha() or words[0] in _ADJECTIVE_LIKE:
        return False
    first = words[0]
    if previous == "to":  # "to "win"" alone is a label
        return len(words) >= _MIN_INFINITIVE_WORDS
    if previous in _MODAL_BEFORE:
        return not first.endswith("ly")
    if previous in _BE_BEFORE:
        return first.endswith(("ing", "ed"))
    if previous in _HAVE_BEFORE:
        return first.endswith(("ed", "en")) or first in _PARTICIPLES
    return False


_LONG_QUOTE = 8  # words: a run this long is speech whatever its words


@dataclass(slots=True)
class _Run:
    block: int
    start: int  # the opening mark
    end: int  # after the closing mark, or the block's end when unclosed
    closed: bool
    inner: str
    continues: bool = False  # continues the unclosed run of the paragraph before


def extract_quotes(body: list[str], entities: tuple[Entity, ...]) -> tuple[Quote, ...]:
    """Every quotation in the body, in order, with its speaker where the text names one."""
    runs = [run for block, text in enumerate(body) for run in _runs_in(block, text)]
    if not runs:
        return ()
    names = index_names(body, entities)
    state = State()
    quotes: list[Quote] = []
    chains = _chains([r for r in runs if _is_quotation(body[r.block], r)])
    by_block: dict[int, list[list[_Run]]] = {}
    for chain in chains:
        by_block.setdefault(chain[0].block, []).append(chain)
    for block, text in enumerate(body):
        chains_here = by_block.get(block, [])
        if chains_here and chains_here[0][0].start > 0:  # "Hung said … . "…," he said."
            _follow_reported_speech(block, text[: chains_here[0][0].start], names, state)
        for chain in chains_here:
            speaker = _chain_speaker(body, chain, names, state)
            state.speaker, state.block = speaker, chain[-1].block
            quotes.extend(
                Quote(
                    text=r.inner,
                    span=Span(block=r.block, start=r.start, end=r.end),
                    speaker=speaker,
                )
                for r in chain
            )
        if block not in by_block:
            _follow_reported_speech(block, text, names, state)
    return tuple(sorted(quotes, key=lambda q: (q.span.block, q.span.start)))


def _runs_in(block: int, text: str) -> list[_Run]:
    """Runs between matching marks; a run still open at the paragraph's end is unclosed."""
    runs: list[_Run] = []
    opened, closers = -1, ""
    for mark in _MARK.finditer(text):
        char, at = mark.group(), mark.start()
        if opened < 0 and char in _OPENERS:
            opened, closers = at, _OPENERS[char]
        elif opened >= 0 and char in closers:
            runs.append(_run(block, text, opened, at + 1, closed=True))
            opened = -1
    if opened >= 0 and text[opened + 1 :].strip():
        runs.append(_run(block, text, opened, len(text), closed=False))
    return [r for r in runs if r.inner]


def _run(block: int, text: str, start: int, end: int, *, closed: bool) -> _Run:
    inner = text[start + 1 : end - 1 if closed else end].strip().rstrip(",").strip()
    return _Run(block, start, end, closed, inner)


def _chains(runs: list[_Run]) -> list[list[_Run]]:
    """Runs grouped into quotations: an unclosed run and the runs that continue it."""
    chains: list[list[_Run]] = []
    for run in runs:
        last = chains[-1][-1] if chains else None
        if last is not None and not last.closed and run.block == last.block + 1 and run.start == 0:
            run.continues = True
            chains[-1].append(run)
        else:
            chains.append([run])
    return chains


def _is_quotation(text: str, run: _Run) -> bool:
    """Someone's words, not a title, a name, a label or a scare quote (module doc)."""
    before = text[: run.start].rstrip()
    if not before or before.endswith(":") or _speech_right_before(before):
        return True
    words = run.inner.split()
    lowered = [w.lower().strip(".,;:!?()'’") for w in words]
    if _NAMING.search(before):  # called the drills "a provocation ...": a label
        return any(w in _FINITE_WORDS for w in lowered)
    if (
        _continues_verb_phrase(before, lowered)  # would "take the necessary measures"
        or _speech_right_after(text, run)
        or (before[-1] in ".!?" and not _is_title_case(words))
        or len(words) >= _LONG_QUOTE
    ):
        return True
    if _is_title_case(words):
        return False
    return any(w in _CLAUSE_WORDS for w in lowered) or _has_infinitive(lowered)


def _speech_right_before(before: str) -> bool:
    """``… said,`` / ``saying,`` just before the mark: the run is the words said."""
    return bool(_SPEECH_JUST_BEFORE.search(before))


_SPEECH_SOON = re.compile(r"\W*(?:\S+\s+){0,6}?(?:\b(?:" + _SPEECH_VERBS + r")\b)", re.IGNORECASE)


_SHORT_WORD = 3  # "of", "the", "and" stay lower case in a title


_MAX_TITLE_WORDS = 12


_MIN_INFINITIVE_WORDS = 3  # "to win" alone is a label; "plans to win" reads as a clause


def _speech_right_after(text: str, run: _Run) -> bool:
    """A speech verb among the first six words after the run, in the same sentence."""
    return bool(_SPEECH_SOON.match(_clause_after(text, run)))


def _is_title_case(words: list[str]) -> bool:
    long_words = [w for w in words if len(w.strip(".,;:!?")) > _SHORT_WORD]
    return (
        bool(long_words)
        and all(w[0].isupper() for w in long_words)
        and len(words) < _MAX_TITLE_WORDS
    )


def _has_infinitive(words: list[str]) -> bool:
    return len(words) >= _MIN_INFINITIVE_WORDS and any(
        a == "to" and b.isalpha() and b not in ("the", "a", "an")
        for a, b in itertools.pairwise(words)
    )


_SENTENCE_END = re.compile(r"(?:\b(\w+))?(?<![A-Z])([.!?])(?=\s|$)")


_NAME_TITLES = _word_set("Dr Mr Mrs Ms Prof Gen Sen Rep Gov Lt Col Capt Sgt Adm St Rev")


def _clause_after(text: str, run: _Run) -> str:
    """The rest of the run's sentence after it, up to the next quotation mark."""
    rest = text[run.end :]
    cut = len(rest)
    if mark := _MARK.search(rest):
        cut = mark.start()
    for end in _SENTENCE_END.finditer(rest, 0, cut):
        if end.group(1) not in _NAME_TITLES:  # "said Dr. Sophie Lemaire": not an end
            return rest[: end.start(2)]
    return rest[:cut]


def _clause_before(text: str, run: _Run) -> str:
    """The run's sentence before it, from the last sentence end or quotation mark."""
    head = text[: run.start]
    starts = [m.end() for m in _QUOTE_OR_SENTENCE_END.finditer(head)]
    return head[max(starts, default=0) :]


def _chain_speaker(body: list[str], chain: list[_Run], names: Names, state: State) -> str | None:
    """The first attribution found in any part of the quotation, else its continuation."""
    for run in chain:
        decided, speaker = _attributed(body, run, names, state)
        if decided:
            return speaker
    first = chain[0]
    if state.block >= first.block - 1:  # a quote paragraph goes on with the last speaker
        return state.speaker
    return None


def _attributed(body: list[str], run: _Run, names: Names, state: State) -> tuple[bool, str | None]:
    """(True, speaker) when a speech verb attributes the run; (False, None) when none does."""
    text = body[run.block]
    after = _clause_after(text, run)
    if verb := _SPEECH.search(after):
        subject = after[: verb.start()]
        at = run.end
        if not subject.strip(" ,"):
            subject = re.split(r"[,;]", after[verb.end() :], maxsplit=1)[0]
            at = run.end + verb.end()
            return True, resolve_subject(run.block, at, subject, names, state, nearest_last=False)
        return True, resolve_subject(run.block, at, subject, names, state, nearest_last=True)
    block, before = run.block, _clause_before(text, run)
    at = run.start - len(before)
    if not text[: run.start].strip() and block > 0 and body[block - 1].rstrip().endswith(":"):
        block, prev = block - 1, body[block - 1]
        before = prev[_sentence_start(prev, len(prev)) :]
        at = len(prev) - len(before)
    verbs = list(_SPEECH.finditer(before))
    if not verbs:  # "President Silva, who …, called the figures "…"": its own subject
        opener = _opening_person(block, _sentence_start(body[block], at), run.start, names)
        return opener is not None, opener
    subject = before[: verbs[-1].start()]
    if subject.strip(" ,").lower() in ("", "and", "but", "then"):  # "X called … and said"
        start = _sentence_start(body[block], at)
        at, subject = start, body[block][start : at + verbs[-1].start()]
    return True, resolve_subject(block, at, subject, names, state, nearest_last=True)


_OPENING_REACH = 40  # characters: "U.S. Commerce Secretary " before the subject's name


def _opening_person(block: int, start: int, quote: int, names: Names) -> str | None:
    """The person whose name opens the sentence starting at ``start``, before the quote."""
    for person_block, at, _, name in names.people:
        if person_block == block and start <= at < min(quote, start + _OPENING_REACH):
            return name
    return None


def _sentence_start(text: str, at: int) -> int:
    stop = text.rfind(". ", 0, at)
    return stop + 2 if stop >= 0 else 0


def _follow_reported_speech(block: int, text: str, names: Names, state: State) -> None:
    """ "Frater said he regarded …": reported speech makes its subject the current speaker."""
    verb = _SPEECH.search(text)
    if verb is None:
        return
    start = _sentence_start(text, verb.start())
    speaker = resolve_subject(
        block, start, text[start : verb.start()], names, state, nearest_last=True
    )
    if speaker is not None:
        state.speaker, state.block = speaker, block
