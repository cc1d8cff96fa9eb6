"""Does a headline state a claim, and where does its verb start? Word forms only.

Shared by the summary (``enrich/summary.py``: the headline opens the BLUF only when it is
a claim) and the briefing (``briefing``: what comes before the verb is who acts). Kept out
of ``docexport.enrich`` so that a briefing written with ``--no-enrich`` loads none of the
extractors.
"""

from __future__ import annotations

import itertools
import re

from docexport.normalise import word_set as _words

__all__ = ["MIN_CONTENT_LETTERS", "claim_verb_at", "reads_as_claim"]

_WORD = re.compile(r"[^\W\d_][\w'-]*")
MIN_CONTENT_LETTERS = 3  # "said", "that" and shorter carry no topic


# Finite verbs a headline may state its claim with that no ending gives away: auxiliaries,
# modals and base forms frequent in headlines ("Unions accept", "Ministers agree").
_FINITE = _words(
    """is are was were be has have had do does did will would can could shall should may
    might must won't can't isn't aren't wasn't weren't hasn't haven't don't doesn't didn't
    says said say accept agree approve back ban call claim count cut face fall find hit
    hold join kill launch lose make meet miss name open plan quit raise reach reject rise
    see seek sign strike sustain take urge vote warn win"""
)
# Words after which an -s/-ed word is a noun or participle, not the headline's verb.
_NOT_BEFORE_VERB = _words(
    """a an the of on in for with across from to by at about into over under after before
    this that these those its their his her our my your and or as"""
)
# Endings of words that look like a third-person verb and are not ("loss", "crisis").
_NOT_VERB_ENDINGS = ("ss", "us", "is", "ics", "news")


def reads_as_claim(headline: str) -> bool:
    """The headline states something (it has a finite verb) rather than naming a topic.

    A heuristic over word forms, as no tagger runs here: a word past the first that is an
    auxiliary or a frequent headline verb (``_FINITE``), or ends as a third-person or past
    verb (-s, -ed), not last, after a word that is no article or preposition ("airport
    reopens", "inflation eases"; not "report on floods"). "A very long report on flood
    damage" is a label; "Frankfurt airport reopens runway" is a claim. Misses a base-form
    verb not in the list ("Dockers down tools"), and takes a plural noun mid-headline after
    a noun for a verb ("Inflation figures for May").
    """
    return claim_verb_at(headline) is not None


def claim_verb_at(headline: str) -> int | None:
    """Where the headline's finite verb starts (``reads_as_claim``), or ``None``: what
    comes before it is the headline's subject."""
    found = list(_WORD.finditer(headline))
    words = [m.group().lower() for m in found]
    for at, (before, word) in enumerate(itertools.pairwise(words), start=1):
        if before in _NOT_BEFORE_VERB or before in _FINITE:
            continue  # "on the rise", "report on floods": a noun after an article
        if word in _FINITE:
            return found[at].start()
        if at == len(words) - 1 or len(word) <= MIN_CONTENT_LETTERS:
            continue  # "in European factories": a plural noun ends a label
        if word.endswith(("s", "ed")) and not word.endswith(_NOT_VERB_ENDINGS):
            return found[at].start()
    return None
