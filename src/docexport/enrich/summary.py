"""An extractive bottom line up front (BLUF) and key points, from the article's sentences.

Sentences are scored by the weight of their content words (words of the headline count
most, then words the article repeats), by the names they carry, and by position (news puts
the most important first). Key points are the next best after the BLUF, not repeating each
other, in article order. Leading connectives ("Furthermore,") are dropped; nothing else is
rewritten.

The BLUF leads with the core fact: the headline's claim, grounded in the lead. Its first
sentence is the one of the opening paragraphs that covers most of the headline's content
words and names (word stems, so "injured" covers "Injuries"), not blindly the first: a
lede about the aftermath ("both individuals are in a stable condition") gives way to the
sentence that says what happened. When no lead sentence covers enough of the headline's
words (the lede assumes the headline was read; ``_MIN_COVER``), the headline itself opens the BLUF as a
sentence (title case lowered where the body writes the word in lower case or never
capitalises it mid-sentence; names keep theirs), so the BLUF states who did what, where,
from the article's own words only. A second lead sentence joins while the BLUF stays
within ``_BLUF_MAX_WORDS``. Briefings cut the BLUF further (``docexport.briefing``).

Key points are whole sentences as ``split_sentences`` gives them, so none is cut after an
abbreviation or inside a quotation closed in its paragraph; a sentence whose quotation
marks do not pair up (part of a quotation that runs over several paragraphs, or longer
than the splitter keeps whole), or that such a quotation runs through, is never a key
point nor joins the BLUF.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import math
import re
from collections import Counter

from docexport.enrich.text import FUNCTION_WORDS, Sentence
from docexport.headline import MIN_CONTENT_LETTERS, claim_verb_at, reads_as_claim
from docexport.model import Entity, Summary
from docexport.normalise import word_set as _words

__all__ = ["claim_verb_at", "dangling", "reads_as_claim", "summarise", "word_count"]

_WORD = re.compile(r"[^\W\d_][\w'-]*")


_CONNECTIVE = re.compile(
    r"^(?:Furthermore|Moreover|However|Lastly|Finally|Meanwhile|Additionally|Also|Still|"
    r"Indeed|Nonetheless|Nevertheless|In addition|Since then|Then|Later|Afterwards|"
    r"Separately|Besides|Likewise|Thus|Therefore|Similarly|In turn),\s+"
)
# Words that carry on from a sentence before ("Ryder then mentioned", "The US has also
# continued"): within a sentence's first words they leave it dangling out of context.
_CONTINUATIONS = _words(
    """then also too again later afterwards subsequently further likewise meanwhile however
    moreover furthermore additionally besides nonetheless nevertheless instead thus
    therefore hence accordingly similarly"""
)
_CONTINUATION_WINDOW = 4
_LEDE_BLOCKS = 3
_BLUF_MAX_WORDS = 60
_STEM = 5  # letters compared: "injured" and "Injuries", "targeting" and "targeted"
_MIN_COVER = 0.3  # share of the headline's words the lead must cover not to need it
_MIN_CLAIM_WORDS = 4  # a shorter headline is a label ("Markets wrap"), not a claim
_MIN_CAPITALISED = 0.6  # share of a headline's words capitalised for it to be Title Case
_MIN_CONTENT_LETTERS = MIN_CONTENT_LETTERS
# _WORD's words longer than _MIN_CONTENT_LETTERS, found by the engine itself: a word is a
# maximal run from a letter, so no shorter word's tail can match (half the time of
# finding every word and dropping the short ones).
_CONTENT_WORD = re.compile(rf"[^\W\d_][\w'-]{{{_MIN_CONTENT_LETTERS},}}")
_PRONOUNS = frozenset(
    ["he", "she", "they", "it", "his", "her", "their", "its", "this", "these", "those"]
)
_QUOTED = re.compile(r'"[^"]*"|“[^”]*”|«[^»]*»|„[^“”]*[“”]')
_MAX_QUOTED_SHARE = 0.5
_QUOTE_MARKS = '"“«„'
_AFTER_LOWER = re.compile(r"\b[a-z]+,?\s+(?=([A-Z]\w*))")
_MIN_NOVELTY = 0.5  # share of a sentence's stems the headline lacks for it to add a fact
_MIN_POINT_WORDS = 8
_MIN_POINTS, _MAX_POINTS = 3, 5
_MAX_OVERLAP = 0.5
_UNSPACED_LETTERS = r"[\u0e01-\u0e4e\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]+"
"""Thai, kana and CJK ideographs: scripts written without spaces between words."""
# Letters a word on average: [CJK, Thai] (Chinese words are 1-2 characters, Thai ~4).
_LETTERS_PER_WORD = (2, 4)
_CJK_STOPS = ("。", "！", "？", "．", "」", "』", "”", "）")


def summarise(
    headline: str, sentences: list[Sentence], entities: tuple[Entity, ...]
) -> Summary | None:
    """BLUF (1-2 sentences) and up to five key points, or ``None`` for an empty body."""
    if not sentences:
        return None
    words = [_content(s.text) for s in sentences]  # once: the overlap test reuses them
    scores = _scores(headline, sentences, entities, words)
    whole = _outside_open_quotations(sentences)
    chosen, claim = _bluf_sentences(headline, sentences, entities, scores, whole, words=words)
    bluf = _joined([*claim, *(_tidy(sentences[i].text) for i in chosen)])
    points = _points(sentences, scores, [set(ws) for ws in words], whole, chosen)
    return Summary(bluf=bluf, key_points=tuple(_tidy(sentences[i].text) for i in sorted(points)))


def _points(
    sentences: list[Sentence],
    scores: list[float],
    content: list[set[str]],
    whole: list[bool],
    chosen: list[int],
) -> list[int]:
    """Key points: the best scored self-contained sentences not repeating one another.

    Facts in the writer's words come first; a quotation ('"...," said X') joins only while
    there are fewer than ``_MIN_POINTS``, as the quotes carry it with its speaker.
    """
    ranked = sorted(range(len(sentences)), key=lambda i: -scores[i])
    quoted = {i for i in ranked if _quotation(sentences[i].text)}
    points: list[int] = []
    for i in [*(i for i in ranked if i not in quoted), *(i for i in ranked if i in quoted)]:
        if i in quoted and len(points) >= _MIN_POINTS:
            break
        short = word_count(sentences[i].text) < _MIN_POINT_WORDS
        if i in chosen or short or dangling(sentences[i].text):
            continue  # "He emphasized ..." means nothing out of context
        if not whole[i]:
            continue  # half a quotation
        if all(_overlap(content[i], content[j]) <= _MAX_OVERLAP for j in [*chosen, *points]):
            points.append(i)
        if len(points) == _MAX_POINTS:
            break
    return points


def _bluf_sentences(
    headline: str,
    sentences: list[Sentence],
    entities: tuple[Entity, ...],
    scores: list[float],
    whole: list[bool],
    *,
    words: list[list[str]],
) -> tuple[list[int], list[str]]:
    """Lead sentences of the BLUF (article order) and the headline claim opening it, if any.

    The lede is chosen when it names an entity of the headline ("Lumora AI ... said it had
    raised"); otherwise the sentence covering most of the headline (ties: the better
    scored, then the earlier), which then leads the BLUF: a lede about the aftermath gives
    way. The best other lead sentence joins while the BLUF stays short. Headlines' verbs
    rarely recur in the lede ("Holds" beside "kept"), hence the low ``_MIN_COVER``.
    ``words`` are the sentences' content words (``_content``), computed once by the caller.
    """
    lede = [i for i, s in enumerate(sentences) if s.block < _LEDE_BLOCKS and whole[i]] or [0]
    # "Ryder then mentioned ..." carries on from a sentence the BLUF does not show.
    # A bare quotation ('"Nobody wanted a strike."') needs the speaker another sentence has.
    lede = [
        i for i in lede if not (dangling(sentences[i].text) or _quotation(sentences[i].text))
    ] or lede
    names = {n for e in entities if _in_headline(e) for n in _stems(e.name)}
    title = _stems(headline) | names
    stems = {i: {w[:_STEM] for w in words[i]} for i in lede}
    cover = {i: len(title & stems[i]) / max(1, len(title)) for i in lede}
    best_first = max(lede, key=lambda i: (cover[i], scores[i], -i))
    first = lede[0] if names & stems[lede[0]] else best_first
    claim = [] if cover[best_first] >= _MIN_COVER else _claim(headline, sentences, entities)
    if claim:  # the headline said what happened; next comes the first fact it leaves out
        first = _first_addition(lede, title, stems)
    chosen = [first]
    length = word_count(sentences[first].text) + sum(word_count(c) for c in claim)
    # Never a second sentence that says the first again (a wire item repeating its lede).
    said = set(words[first])
    others = [i for i in lede if i != first and _overlap(set(words[i]), said) <= _MAX_OVERLAP]
    if others:
        best = max(others, key=lambda i: (cover[i], scores[i], -i))
        if length + word_count(sentences[best].text) <= _BLUF_MAX_WORDS:
            chosen.append(best)
    chosen.sort(key=lambda i: (i != first, i))
    return chosen, claim


def dangling(sentence: str) -> bool:
    """The sentence, once a leading connective is dropped, carries on from one before it:
    it opens with a pronoun ("He emphasized", "This raid") or has a continuation word in
    its first words ("Ryder then mentioned", "Officials also said")."""
    opening = itertools.islice(_WORD.finditer(_tidy(sentence)), _CONTINUATION_WINDOW)
    words = [m.group().lower() for m in opening]
    return bool(words) and (words[0] in _PRONOUNS or any(w in _CONTINUATIONS for w in words))


def _first_addition(lede: list[int], known: set[str], stems: dict[int, set[str]]) -> int:
    """The earliest lead sentence mostly about what ``known`` (the headline) leaves out.

    Earliest, as news puts the most important first (the casualties' condition before the
    operation's details); "mostly new" (``_MIN_NOVELTY``), as the claim already says the
    rest. Failing that, the sentence adding the most. ``stems``: each lead sentence's."""
    novelty = {i: len(stems[i] - known) / max(1, len(stems[i])) for i in lede}
    new = [i for i in lede if novelty[i] >= _MIN_NOVELTY]
    return new[0] if new else max(lede, key=lambda i: (novelty[i], -i))


def _quotation(sentence: str) -> bool:
    """Most of the sentence's words are inside quotation marks: a quote, not a fact stated."""
    if not any(mark in sentence for mark in _QUOTE_MARKS):
        return False  # most sentences: no need to count words
    quoted = sum(len(_WORD.findall(m)) for m in _QUOTED.findall(sentence))
    return quoted > len(_WORD.findall(sentence)) * _MAX_QUOTED_SHARE


def _stems(text: str) -> set[str]:
    return {w[:_STEM] for w in _content(text)}


def _in_headline(entity: Entity) -> bool:
    return any(m.block < 0 for m in entity.mentions)


def _claim(headline: str, sentences: list[Sentence], entities: tuple[Entity, ...]) -> list[str]:
    """The headline as the BLUF's opening sentence, or nothing when it states no claim."""
    text = " ".join(headline.split())
    words = text.split(" ")
    if len(words) < _MIN_CLAIM_WORDS or text.endswith(("?", ":")) or text.isupper():
        return []
    if not reads_as_claim(text):
        return []  # "A very long report on ...": a label; the lead says what happened
    capitalised = sum(1 for w in words if w[:1].isupper())
    if capitalised >= _MIN_CAPITALISED * len(words):
        text = _sentence_case(text, " ".join(s.text for s in sentences), entities)
    return [text if text.endswith((".", "!", "…")) else text + "."]


def _sentence_case(headline: str, body: str, entities: tuple[Entity, ...]) -> str:
    """A Title Case headline in sentence case: a word keeps its capital when it is the
    first, part of a name found in the headline, an acronym or mixed case ("U.S.",
    "McCallum"), or written capitalised after a lower-case word in the body and never in
    lower case ("Military" of "the Higher Military Commission" beside "US military" is
    lowered)."""
    keep = [False] * len(headline)
    for entity in entities:
        for mention in entity.mentions:
            if mention.block < 0:
                keep[mention.start : mention.end] = [True] * (mention.end - mention.start)
    # One pass over the body for both tests (a search per headline word cost ~1 ms on the
    # seed): its plain words, and the words it capitalises right after a lower-case word.
    plain = set(re.findall(r"\w+", body))
    capitalised = set(_AFTER_LOWER.findall(body))
    lowered = headline
    for match in _WORD.finditer(headline):
        word, start = match.group(), match.start()
        if start == 0 or keep[start] or not word[:1].isupper() or not word[1:].islower():
            continue
        if _is_name(word, body, plain, capitalised):
            continue  # a name: the body capitalises it where no sentence starts, never not
        lowered = lowered[:start] + word.lower() + lowered[match.end() :]
    return lowered


def _is_name(word: str, body: str, plain: set[str], capitalised: set[str]) -> bool:
    """The body never writes ``word`` in lower case and capitalises it after a lower-case
    word. Words with a hyphen or apostrophe ("Flood-hit") are looked up in the body text."""
    if not word.isalnum():
        return re.search(r"\b" + re.escape(word.lower()) + r"\b", body) is None and bool(
            re.search(r"\b[a-z]+,?\s+" + re.escape(word) + r"\b", body)
        )
    return word.lower() not in plain and word in capitalised


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
    """Content words; in scripts written without spaces, letter pairs stand in for them
    (a Chinese or Thai sentence is one "word" to ``_WORD``: nothing would overlap)."""
    text = text.lower()
    runs = [] if text.isascii() else _unspaced().findall(text)  # most sentences: no 2nd pass
    if runs:
        text = _unspaced().sub(" ", text)
    words = [w for w in _CONTENT_WORD.findall(text) if w not in FUNCTION_WORDS]
    return words + [run[i : i + 2] for run in runs for i in range(len(run) - 1)] if runs else words


def word_count(text: str) -> int:
    """Words in ``text``: white-space tokens, and for a run of Chinese, Japanese or Thai
    letters (written without spaces) its length over the script's letters per word."""
    if text.isascii() or _unspaced().search(text) is None:
        return len(text.split())
    spaced = len(_unspaced().sub(" ", text).split())
    runs = _unspaced().findall(text)
    return spaced + sum(-(-len(r) // _LETTERS_PER_WORD[r[0] < "\u3000"]) for r in runs)


@functools.cache
def _unspaced() -> re.Pattern[str]:
    """Compiled on first use (0.9 ms: its wide ranges), by text that is not ASCII."""
    return re.compile(_UNSPACED_LETTERS)


def _joined(sentences: list[str]) -> str:
    """Sentences as one paragraph: a space between them, none after a CJK stop ("。")."""
    out = ""
    for sentence in sentences:
        out += sentence if not out or out.endswith(_CJK_STOPS) else " " + sentence
    return out


def _scores(
    headline: str,
    sentences: list[Sentence],
    entities: tuple[Entity, ...],
    words: list[list[str]],
) -> list[float]:
    title = set(_content(headline))
    frequency = Counter(w for ws in words for w in set(ws))
    # Each word's weight once, not once per sentence holding it; summed in the same order.
    weights = {w: (2.0 if w in title else 0.0) + math.log1p(n - 1) for w, n in frequency.items()}
    # Name starts per block, sorted: a sentence's names are counted by two binary searches
    # (a scan of every mention for every sentence made long articles quadratic).
    starts: dict[int, list[int]] = {}
    for block, start in {(m.block, m.start) for e in entities for m in e.mentions}:
        starts.setdefault(block, []).append(start)
    for found in starts.values():
        found.sort()
    scores = []
    for index, (sentence, ws) in enumerate(zip(sentences, words, strict=True)):
        weight = sum(map(weights.__getitem__, sorted(set(ws))))  # a fixed order: same floats
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
