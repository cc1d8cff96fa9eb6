"""An extractive bottom line up front (BLUF) and key points, from the article's sentences.

Sentences are scored by the weight of their content words (words of the headline count
most, then words the article repeats), by the names they carry, and by position (news puts
the most important first). The BLUF is the best sentence of the opening paragraphs (two
when the first is short); key points are the next best, not repeating each other, in
article order. Leading connectives ("Furthermore,") are dropped; nothing else is rewritten.

Key points are whole sentences as ``split_sentences`` gives them, so none is cut after an
abbreviation or inside a quotation closed in its paragraph; a sentence whose quotation
marks do not pair up (part of a quotation that runs over several paragraphs, or longer
than the splitter keeps whole), or that such a quotation runs through, is never a key
point nor joins the BLUF.
"""

from __future__ import annotations

import bisect
import math
import re
from collections import Counter

from docexport.enrich.text import FUNCTION_WORDS, Sentence
from docexport.model import Entity, Summary

__all__ = ["summarise"]

_WORD = re.compile(r"[^\W\d_][\w'-]*")
_CONNECTIVE = re.compile(
    r"^(?:Furthermore|Moreover|However|Lastly|Finally|Meanwhile|Additionally|Also|Still|"
    r"Indeed|Nonetheless|Nevertheless|In addition|Since then),\s+"
)
_LEDE_BLOCKS = 3
_BLUF_MAX_WORDS = 70
_MIN_CONTENT_LETTERS = 3  # "said", "that" and shorter carry no topic
_PRONOUNS = frozenset(
    ["he", "she", "they", "it", "his", "her", "their", "its", "this", "these", "those"]
)
_MIN_POINT_WORDS = 8
_MAX_POINTS = 5
_MAX_OVERLAP = 0.5


def summarise(
    headline: str, sentences: list[Sentence], entities: tuple[Entity, ...]
) -> Summary | None:
    """BLUF (1-2 sentences) and up to five key points, or ``None`` for an empty body."""
    if not sentences:
        return None
    words = [_content(s.text) for s in sentences]  # once: the overlap test reuses them
    scores = _scores(headline, sentences, entities, words)
    content = [set(ws) for ws in words]
    whole = _outside_open_quotations(sentences)
    # The lede sentence leads (news writing puts the news first); the best other sentence of
    # the opening paragraphs joins it while the BLUF stays short enough to read at a glance.
    chosen = [0]
    others = [i for i, s in enumerate(sentences) if i > 0 and s.block < _LEDE_BLOCKS and whole[i]]
    if others:
        best = max(others, key=lambda i: scores[i])
        if len(sentences[0].text.split()) + len(sentences[best].text.split()) <= _BLUF_MAX_WORDS:
            chosen.append(best)
    bluf = " ".join(_tidy(sentences[i].text) for i in sorted(chosen))
    points: list[int] = []
    for i in sorted(range(len(sentences)), key=lambda i: -scores[i]):
        tokens = sentences[i].text.split()
        if i in chosen or len(tokens) < _MIN_POINT_WORDS or tokens[0].lower() in _PRONOUNS:
            continue  # "He emphasized ..." means nothing out of context
        if not whole[i]:
            continue  # half a quotation
        if all(_overlap(content[i], content[j]) <= _MAX_OVERLAP for j in [*chosen, *points]):
            points.append(i)
        if len(points) == _MAX_POINTS:
            break
    return Summary(bluf=bluf, key_points=tuple(_tidy(sentences[i].text) for i in sorted(points)))


def _outside_open_quotations(sentences: list[Sentence]) -> list[bool]:
    """Per sentence: its quotation marks pair up and no quotation left open by an earlier
    sentence of its paragraph runs through it ('"We will fight. We will win.' opens one)."""
    whole: list[bool] = []
    block, opened = -1, False
    for sentence in sentences:
        if sentence.block != block:
            block, opened = sentence.block, False
        pairs = _quotes_pair_up(sentence.text)
        whole.append(pairs and not opened)
        opened ^= not pairs
    return whole


def _quotes_pair_up(text: str) -> bool:
    """Every quotation the sentence opens it closes: straight double quotes come in pairs,
    and as many “ as ”."""
    return text.count('"') % 2 == 0 and text.count("“") == text.count("”")


def _content(text: str) -> list[str]:
    return [
        w
        for w in _WORD.findall(text.lower())
        if len(w) > _MIN_CONTENT_LETTERS and w not in FUNCTION_WORDS
    ]


def _scores(
    headline: str,
    sentences: list[Sentence],
    entities: tuple[Entity, ...],
    words: list[list[str]],
) -> list[float]:
    title = set(_content(headline))
    frequency = Counter(w for ws in words for w in set(ws))
    # Name starts per block, sorted: a sentence's names are counted by two binary searches
    # (a scan of every mention for every sentence made long articles quadratic).
    starts: dict[int, list[int]] = {}
    for block, start in {(m.block, m.start) for e in entities for m in e.mentions}:
        starts.setdefault(block, []).append(start)
    for found in starts.values():
        found.sort()
    scores = []
    for index, (sentence, ws) in enumerate(zip(sentences, words, strict=True)):
        weight = sum((2.0 if w in title else 0.0) + math.log1p(frequency[w] - 1) for w in set(ws))
        in_block = starts.get(sentence.block, [])
        carried = bisect.bisect_left(in_block, sentence.end) - bisect.bisect_left(
            in_block, sentence.start
        )
        position = 1.5 / (1 + index)
        scores.append(weight / math.sqrt(len(ws) + 1) + 0.3 * carried + position)
    return scores


def _overlap(wa: set[str], wb: set[str]) -> float:
    return len(wa & wb) / max(1, len(wa | wb))


def _tidy(sentence: str) -> str:
    tidy = _CONNECTIVE.sub("", sentence)
    return tidy[:1].upper() + tidy[1:] if tidy else sentence
