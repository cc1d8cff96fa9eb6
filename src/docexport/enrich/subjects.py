"""IPTC Media Topics for the item, chosen by weighted cue words (``data/topics.tsv``).

Two decisions, made differently on purpose (issue #13: a topic for nearly every article,
but a fine-grained topic only when it is sure):

* **Level 1.** Every cue occurrence votes for the level-1 field it belongs to (a row of
  a level-1 topic, or of any topic below it). A cue in the headline weighs three times,
  in the first two sentences twice; repeats of one cue add only logarithmically, so a
  story is carried by many different words rather than one repeated name. The field
  with the highest total is given when the total reaches ``MIN_LEVEL1_SCORE`` (one cue in
  the headline, or two in the text): most news has that much signal, and the first
  topic right matters more than an empty list. A short item (a brief, a wire teaser of
  ``SHORT_ITEM_WORDS`` words or fewer) has no room for a second cue, so there one cue in
  its lead suffices, but only when no other field has as much: a tie between two
  single cues is a guess, and a wrong topic is worse than none. A fragment of fewer than
  ``SHORT_ITEM_MIN_WORDS`` words, headline included, is not a brief but a caption or a
  line of text: one word is no evidence there. A second field is added
  only when it is nearly as strong (``SECOND_LEVEL1_SHARE``).
* **Narrower topics** (level 2 and below) need at least ``MIN_DISTINCT_CUES`` different
  cues and a score of ``MIN_NARROW_SCORE``, and must sit under a field already given:
  a wrong fine topic is worse than none.

Subjects come out strongest field first: its narrower topics, strongest first, or the
level-1 topic itself where none is sure (a narrower topic names its field through its
broader chain, so the field is not repeated); five at most. Names and broader chains are the official English ones from IPTC's vocabulary
(``data/mediatopics.tsv``). Everything is deterministic: ties break on the qcode.
"""

from __future__ import annotations

import functools
import math
import re
from collections import defaultdict
from dataclasses import dataclass

from docexport.enrich.gazetteer import load_mediatopics, load_topic_cues
from docexport.enrich.text import Sentence
from docexport.model import Entity, Subject

__all__ = ["choose_subjects", "level1_scores"]

MAX_SUBJECTS = 5
MIN_LEVEL1_SCORE = 2.0
SECOND_LEVEL1_SHARE = 0.6
MIN_DISTINCT_CUES = 2
MIN_NARROW_SCORE = 3.0
HEADLINE_WEIGHT = 3.0
LEAD_WEIGHT = 2.0
LEAD_SENTENCES = 2
SHORT_ITEM_WORDS = 80
SHORT_ITEM_MIN_WORDS = 15
SHORT_MIN_LEVEL1_SCORE = 1.0 + math.log(LEAD_WEIGHT)
_WORD = re.compile(r"[\w&]+(?:[-'][\w&]+)*")
_POSSESSIVE = re.compile(r"['’]s\b")


@dataclass(frozen=True, slots=True)
class _CueIndex:
    exact: dict[str, frozenset[str]]
    """One-word cues → topics."""
    prefixes: dict[str, frozenset[str]]
    """One-word prefix cues (``raid*``) → topics."""
    prefix_lengths: tuple[int, ...]
    prefix_starts: frozenset[str]
    """First three letters of every prefix cue: a cheap filter before trying each length."""
    phrases: dict[str, tuple[tuple[tuple[str, ...], bool, frozenset[str]], ...]]
    """First word → (words, last word is a prefix, topics) for many-word cues."""
    level1: dict[str, str]
    """Every topic in the cue table → its level-1 ancestor."""


def _level1_of(qcode: str) -> str:
    topics = load_mediatopics()
    seen = {qcode}
    while broader := topics[qcode][1]:
        qcode = broader[0]
        if qcode in seen:  # a cycle would be a data error; stop rather than loop
            break
        seen.add(qcode)
    return qcode


@functools.cache
def _cue_index() -> _CueIndex:
    exact: dict[str, set[str]] = {}
    prefixes: dict[str, set[str]] = {}
    phrases: dict[str, dict[tuple[tuple[str, ...], bool], set[str]]] = {}
    for qcode, cues in load_topic_cues():
        for cue in cues:
            words = tuple(cue.rstrip("*").split())
            if len(words) > 1:
                key = (words, cue.endswith("*"))
                phrases.setdefault(words[0], {}).setdefault(key, set()).add(qcode)
            else:
                (prefixes if cue.endswith("*") else exact).setdefault(words[0], set()).add(qcode)
    qcodes = {q for q, _ in load_topic_cues()}
    return _CueIndex(
        {k: frozenset(v) for k, v in exact.items()},
        {k: frozenset(v) for k, v in prefixes.items()},
        tuple(sorted({len(p) for p in prefixes})),
        frozenset(p[:3] for p in prefixes),
        {
            k: tuple((w, p, frozenset(q)) for (w, p), q in sorted(v.items()))
            for k, v in phrases.items()
        },
        {q: _level1_of(q) for q in sorted(qcodes)},
    )


def _hits(words: list[str]) -> list[tuple[frozenset[str], str]]:
    """(topics, cue) for every cue occurrence, in one pass over the words.

    A many-word cue takes its words for itself: "clinical trial" is a health cue and not
    also the court's "trial", "European Union" is not a trade union.
    """
    phrases = _cue_index().phrases
    found: list[tuple[frozenset[str], str]] = []
    i, end = 0, len(words)
    while i < end:
        word = words[i]
        if word in phrases and (phrase := _phrase_at(words, i, phrases[word])):
            found += phrase
            i += max(len(cue.split()) for _, cue in phrase)
            continue
        found += _word_cues(word)
        i += 1
    return found


@functools.lru_cache(maxsize=1 << 16)
def _word_cues(word: str) -> tuple[tuple[frozenset[str], str], ...]:
    """The one-word cues a word matches, exact and prefix (memoised: news reuses words)."""
    index = _cue_index()
    found = [(index.exact[word], word)] if word in index.exact else []
    if word[:3] in index.prefix_starts:
        for n in index.prefix_lengths:
            if n > len(word):
                break
            if word[:n] in index.prefixes:
                found.append((index.prefixes[word[:n]], word[:n] + "*"))
    return tuple(found)


def _phrase_at(
    words: list[str], i: int, candidates: tuple[tuple[tuple[str, ...], bool, frozenset[str]], ...]
) -> list[tuple[frozenset[str], str]]:
    """The many-word cues that start at ``words[i]``."""
    found = []
    for cue, is_prefix, qcodes in candidates:
        here = words[i : i + len(cue)]
        if (
            len(here) == len(cue)
            and here[:-1] == list(cue[:-1])
            and (here[-1].startswith(cue[-1]) if is_prefix else here[-1] == cue[-1])
        ):
            found.append((qcodes, " ".join(cue)))
    return found


def _words(text: str) -> list[str]:
    """Lower-case words, possessives dropped: ``Microsoft's`` is the cue ``microsoft``."""
    return _WORD.findall(_POSSESSIVE.sub("", text.lower()))


def _weighted_texts(headline: str, sentences: list[Sentence]) -> list[tuple[float, str]]:
    lead = " ".join(s.text for s in sentences[:LEAD_SENTENCES])
    rest = " ".join(s.text for s in sentences[LEAD_SENTENCES:])
    return [(HEADLINE_WEIGHT, headline), (LEAD_WEIGHT, lead), (1.0, rest)]


def _scores(
    headline: str, sentences: list[Sentence]
) -> tuple[dict[str, float], dict[str, float], dict[str, int]]:
    """Level-1 scores, narrower-topic scores and narrower topics' distinct-cue counts."""
    index = _cue_index()
    field_cues: dict[tuple[str, str], float] = defaultdict(float)
    topic_cues: dict[tuple[str, str], float] = defaultdict(float)
    for weight, text in _weighted_texts(headline, sentences):
        for qcodes, cue in _hits(_words(text)):
            for field in {index.level1[q] for q in qcodes}:
                field_cues[field, cue] += weight
            for qcode in qcodes:
                if index.level1[qcode] != qcode:
                    topic_cues[qcode, cue] += weight
    fields: dict[str, float] = defaultdict(float)
    for (field, _), mass in field_cues.items():
        fields[field] += 1.0 + math.log(mass)
    topics: dict[str, float] = defaultdict(float)
    distinct: dict[str, int] = defaultdict(int)
    for (qcode, _), mass in topic_cues.items():
        topics[qcode] += 1.0 + math.log(mass)
        distinct[qcode] += 1
    return fields, topics, distinct


def level1_scores(headline: str, sentences: list[Sentence]) -> list[tuple[str, float]]:
    """Every level-1 field with any cue, strongest first: the evidence behind the choice."""
    fields, _, _ = _scores(headline, sentences)
    return sorted(fields.items(), key=lambda kv: (-kv[1], kv[0]))


def _sure_enough(ranked: list[tuple[str, float]], headline: str, sentences: list[Sentence]) -> bool:
    """Whether the strongest field has the evidence to be given (see the module doc)."""
    best = ranked[0][1]
    if best >= MIN_LEVEL1_SCORE:
        return True
    if best < SHORT_MIN_LEVEL1_SCORE - 1e-9 or (len(ranked) > 1 and ranked[1][1] >= best):
        return False
    words = len(headline.split()) + sum(len(s.text.split()) for s in sentences)
    return SHORT_ITEM_MIN_WORDS <= words <= SHORT_ITEM_WORDS


def choose_subjects(
    headline: str, sentences: list[Sentence], entities: tuple[Entity, ...]
) -> tuple[Subject, ...]:
    """Up to five Media Topics, the strongest level-1 field's first (see the module doc)."""
    del entities  # names are already in the text; kept in the signature for richer rules
    fields, topics, distinct = _scores(headline, sentences)
    ranked = sorted(fields.items(), key=lambda kv: (-kv[1], kv[0]))
    if not ranked or not _sure_enough(ranked, headline, sentences):
        return ()
    chosen = [ranked[0][0]]
    if len(ranked) > 1 and ranked[1][1] >= SECOND_LEVEL1_SHARE * ranked[0][1]:
        chosen.append(ranked[1][0])
    index = _cue_index()
    narrow = sorted(
        (q for q in topics if distinct[q] >= MIN_DISTINCT_CUES and topics[q] >= MIN_NARROW_SCORE),
        key=lambda q: (-topics[q], q),
    )
    ordered: list[str] = []
    for field in chosen:  # a field stands for itself only where nothing narrower is sure
        ordered += [n for n in narrow if index.level1[n] == field] or [field]
    table = load_mediatopics()
    return tuple(
        Subject(qcode=q, name=table[q][0], broader=table[q][1]) for q in ordered[:MAX_SUBJECTS]
    )
