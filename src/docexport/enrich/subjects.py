"""IPTC Media Topics for the item, chosen by cue words (``data/topics.tsv``).

Each topic has a list of cue words; a topic is chosen when at least two different cues
occur (headline hits count double), best-scoring first, five at most. Names are the
official English labels from IPTC's vocabulary (``data/mediatopics.tsv``).
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from dataclasses import dataclass

from docexport.enrich.gazetteer import load_mediatopics, load_topic_cues
from docexport.enrich.text import Sentence
from docexport.model import Entity, Subject

__all__ = ["choose_subjects"]

MAX_SUBJECTS = 5
_MIN_DISTINCT_CUES = 2
_MIN_SCORE = 3
_WORD = re.compile(r"[\w'-]+")


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


@functools.cache
def _cue_index() -> _CueIndex:
    exact: dict[str, set[str]] = {}
    prefixes: dict[str, set[str]] = {}
    phrases: dict[str, list[tuple[tuple[str, ...], bool, frozenset[str]]]] = {}
    for qcode, cues in load_topic_cues():
        for cue in cues:
            words = tuple(cue.rstrip("*").split())
            if len(words) > 1:
                phrases.setdefault(words[0], []).append(
                    (words, cue.endswith("*"), frozenset({qcode}))
                )
            else:
                (prefixes if cue.endswith("*") else exact).setdefault(words[0], set()).add(qcode)
    return _CueIndex(
        {k: frozenset(v) for k, v in exact.items()},
        {k: frozenset(v) for k, v in prefixes.items()},
        tuple(sorted({len(p) for p in prefixes})),
        frozenset(p[:3] for p in prefixes),
        {k: tuple(v) for k, v in phrases.items()},
    )


def _hits(text: str) -> list[tuple[str, str]]:
    """(qcode, cue) for every cue occurrence, in one pass over the words."""
    index = _cue_index()
    words = _WORD.findall(text.lower())
    found: list[tuple[str, str]] = []
    for i, word in enumerate(words):
        found += [(q, word) for q in index.exact.get(word, ())]
        if word[:3] in index.prefix_starts:
            for n in index.prefix_lengths:
                if n > len(word):
                    break
                found += [(q, word[:n]) for q in index.prefixes.get(word[:n], ())]
        for cue, is_prefix, qcodes in index.phrases.get(word, ()):
            here = words[i : i + len(cue)]
            if (
                len(here) == len(cue)
                and here[:-1] == list(cue[:-1])
                and (here[-1].startswith(cue[-1]) if is_prefix else here[-1] == cue[-1])
            ):
                found += [(q, " ".join(cue)) for q in qcodes]
    return found


def choose_subjects(
    headline: str, sentences: list[Sentence], entities: tuple[Entity, ...]
) -> tuple[Subject, ...]:
    """Up to five Media Topics, strongest first (two distinct cues needed, headline x2)."""
    del entities  # names are already in the text; kept in the signature for richer rules
    score: Counter[str] = Counter()
    distinct: dict[str, set[str]] = {}
    for weight, text in ((1, " ".join(s.text for s in sentences)), (2, headline)):
        for qcode, cue in _hits(text):
            score[qcode] += weight
            distinct.setdefault(qcode, set()).add(cue)
    chosen = [q for q in score if len(distinct[q]) >= _MIN_DISTINCT_CUES and score[q] >= _MIN_SCORE]
    chosen.sort(key=lambda q: (-score[q], q))
    topics = load_mediatopics()
    return tuple(
        Subject(qcode=q, name=topics[q][0], broader=topics[q][1]) for q in chosen[:MAX_SUBJECTS]
    )
