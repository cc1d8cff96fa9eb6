"""What the name tagger reads: tokens, and the features of each name-like token.

Training (``data/train_ner.py``) and tagging share this module: the tokeniser, the
document-level facts (``read_document``) and the feature strings of a token
(``static_features``, ``dynamic_features``). ``tagger.Tagger`` scores the same features
without building most of the strings (see its docstring); a test holds the two equal.

Features of a token: the word, its shape (``Xx``, ``X.X.``) and affixes; the words and
shapes around it; where it sits in its run of name-like words and how that run ends; the
gazetteer names it is part of (places, organisations, titles); whether it is a known given
name or surname; and two document-level facts: whether the article also writes the word in
lower case (a common word at a sentence start or in an ALL CAPS headline) and the last words
of the longer names the same word stands in elsewhere. The tags already chosen add the
previous two tags and the kind the same word was given earlier (``dynamic_features``).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib import resources
from itertools import compress, count
from typing import Any, NamedTuple

from docexport.enrich.gazetteer import load_organisations, load_places, load_titles
from docexport.normalise import word_set as _word_set

__all__ = [
    "BoundedMemo",
    "Document",
    "Token",
    "dynamic_features",
    "person_names",
    "read_document",
    "shape",
    "static_features",
    "tokenize",
]

_TOKEN = re.compile(
    r"(?:[A-Za-z]\.){2,}"  # U.S., U.N.
    r"|\d+(?:[.,:/]\d+)*"  # 10,925 1996-08-22 is split at the hyphen
    r"|\w+(?:[-&'’]\w+)*\.?"  # words, al-Sayed, O'Neill, AT&T; a full stop is decided below
    r"|\S"
)


_ABBREVIATIONS = _word_set(
    "Mr Mrs Ms Dr Prof St Jr Sr Gen Lt Col Capt Sgt Maj Adm Brig Gov Sen Rep Rev Corp Inc "
    "Ltd Co Bros Mt Ft No Jan Feb Aug Sept Sep Oct Nov Dec Ave vs"
)
_JOINERS = _word_set(
    "of de da do dos das del della di van von der den du des la le al el bin ibn y for on the &"
)
_CAPS_LINE_SHARE = 0.8
_MEMO_SIZE = 1 << 16
_MAX_JOINERS = 2  # "Bank of the ..."
_SHORT = 2  # "of", "in": words too short to tell a common word
_ACRONYM_MAX = 3  # "USA", "UAE" stay capitals when a caps line is title-cased
_LONG = 3  # gazetteer match lengths told apart: 1, 2, 3 or more
_PARTICLES = frozenset(("al", "el"))  # "al Qaeda": lower case, yet the start of a name
_HYPHEN_SUFFIX = re.compile(r"(?<=\w)-(?:led|based|backed|born|owned|funded|made|style|bound|run)$")


class Token(NamedTuple):  # a tuple: built for every word, twice as fast as a dataclass
    start: int
    end: int
    text: str


_new_token = tuple.__new__  # Token's own __new__ is a Python function: a call per word saved


def tokenize(text: str) -> list[Token]:
    """Words and punctuation roughly as the Penn Treebank (and CoNLL-2003) cut them."""
    tokens: list[Token] = []
    append, find, at = tokens.append, text.find, 0
    # ``findall`` and ``find`` instead of match objects (a third faster): only white space
    # lies between two matches, so a match is found where it starts.
    for word in _TOKEN.findall(text):
        start = find(word, at)
        at = start + len(word)
        last = word[-1]
        # The common case, kept cheap: no full stop, hyphen or possessive to decide on.
        if last != "." and "-" not in word and not (last == "s" and word[-2:-1] in ("'", "’")):
            append(_new_token(Token, (start, at, word)))
            continue
        if last == "." and len(word) > 1 and "." not in word[:-1]:
            stem = word[:-1]
            if not (stem in _ABBREVIATIONS or (len(stem) == 1 and stem.isupper())):
                append(Token(start, at - 1, stem))
                append(Token(at - 1, at, "."))
                continue
        if (
            "-" in word and (hyphen := _HYPHEN_SUFFIX.search(word)) is not None
        ):  # "US-led": US, -, led
            cut = start + hyphen.start()
            append(Token(start, cut, word[: hyphen.start()]))
            append(Token(cut, cut + 1, "-"))
            append(Token(cut + 1, at, word[hyphen.start() + 1 :]))
            continue
        if word.endswith(("'s", "’s")) and word[0].isalpha() and word[1:-2]:
            append(Token(start, at - 2, word[:-2]))
            append(Token(at - 2, at, word[-2:]))
            continue
        append(Token(start, at, word))
    return tokens


@functools.lru_cache(maxsize=1 << 16)  # words repeat: half the cost of features, saved
def shape(word: str) -> str:
    """``Xx``, ``XX``, ``X.X.``, ``d,d``: character classes, repeats collapsed."""
    out: list[str] = []
    for char in word:
        cls = "X" if char.isupper() else "x" if char.isalpha() else "d" if char.isdigit() else char
        if not out or out[-1] != cls:
            out.append(cls)
    return "".join(out)


def _is_caps_line(words: list[str]) -> bool:
    """An ALL CAPS headline or results line, where case says nothing about names."""
    letters = [w for w in words if w[0].isalpha()]
    upper = len([w for w in letters if w.isupper()])
    return len(letters) > 1 and upper >= _CAPS_LINE_SHARE * len(letters)


def _candidates(words: list[str]) -> list[bool]:
    """Tokens worth scoring: any with a capital, and joiners between two of them."""
    caps = [w != w.lower() for w in words]  # has a capital: lower() changes it
    if True not in caps:  # no capital, no name: most lines of a hostile input, say
        return caps
    out = caps[:]
    n = len(words)
    if not _PARTICLES.isdisjoint(words):
        for i in range(n - 1):
            if words[i] in _PARTICLES and caps[i + 1]:
                out[i] = True
    # Only a word right after a capitalised one can be a joiner: those alone are looked at.
    for i in [k + 1 for k, cap in enumerate(caps[: n - 2]) if cap]:
        if not caps[i] and words[i] in _JOINERS:
            j = i + 1
            while j < n - 1 and words[j] in _JOINERS and j - i < _MAX_JOINERS:
                j += 1
            if caps[j]:
                for k in range(i, j):
                    out[k] = True
    return out


@dataclass(slots=True)
class Document:
    """An article's sentences tokenised, with the document-level facts the features read."""

    sentences: list[list[Token]]
    candidates: list[list[bool]]
    caps_lines: list[bool]
    lower_words: frozenset[str]
    """Words the article writes in lower case somewhere (so "Despite", "BEAT" are common)."""
    run_ends: dict[str, tuple[str, ...]]
    """Word → last words of the longer names it stands in elsewhere in the article
    ("Ajax" → "amsterdam"): what a lone mention does not say."""
    runs: list[dict[int, tuple[int, int]]]
    """Per sentence: candidate index → first and last index of its run of candidates."""
    gazetteer: list[dict[int, list[str]]]
    """Per sentence: token index → gazetteer marks (``ORG-B2``: first of a 2-word body)."""
    headline: bool
    """Whether the first text is the headline."""


def read_document(texts: Sequence[str], *, headline: bool) -> Document:
    """Tokenise the texts (the first one is the headline when ``headline``) and compute
    every document-level fact the features read."""
    sentences = [tokenize(text) for text in texts]
    words = [[t.text for t in tokens] for tokens in sentences]
    candidates = [_candidates(line) for line in words]
    caps_lines = [_is_caps_line(line) for line in words]
    lower = frozenset({w for line in words for w in line[1:] if len(w) > _SHORT and w.islower()})
    spans = [_runs(flags) for flags in candidates]
    runs = [_run_bounds(found) for found in spans]
    gazetteer = [
        _gazetteer_marks(line, found, caps) if found else {}
        for line, found, caps in zip(words, spans, caps_lines, strict=True)
    ]
    return Document(
        sentences,
        candidates,
        caps_lines,
        lower,
        _run_ends(sentences, runs),
        runs,
        gazetteer,
        headline,
    )


def _run_ends(sentences: list[list[Token]], runs: list[dict[int, tuple[int, int]]]) -> dict:
    ends: dict[str, set[str]] = {}
    for tokens, bounds in zip(sentences, runs, strict=True):
        for first, last in set(bounds.values()):
            if last > first:
                final = tokens[last].text.lower()
                for token in tokens[first:last]:
                    ends.setdefault(token.text.lower(), set()).add(final)
    return {word: tuple(sorted(finals)[:2]) for word, finals in ends.items()}


def _runs(candidates: list[bool]) -> list[tuple[int, int]]:
    """First and last index of each run of consecutive candidates, in order. Only the
    candidates' positions are walked (``compress``), not every token."""
    runs: list[tuple[int, int]] = []
    first = last = -2
    for i in compress(count(), candidates):
        if i != last + 1:
            if first >= 0:
                runs.append((first, last))
            first = i
        last = i
    if first >= 0:
        runs.append((first, last))
    return runs


def _run_bounds(runs: list[tuple[int, int]]) -> dict[int, tuple[int, int]]:
    """Candidate index → first and last index of its run of consecutive candidates."""
    bounds: dict[int, tuple[int, int]] = {}
    for run in runs:
        for k in range(run[0], run[1] + 1):
            bounds[k] = run
    return bounds


def _gazetteer_marks(words: list[str], runs: list[tuple[int, int]], caps: bool) -> dict[int, list]:
    """Token index → ``LOC-B``, ``ORG-I``, ``TTL`` ... for the longest gazetteer matches."""
    marks: dict[int, list[str]] = {}
    for first, last in runs:
        # A run's marks stop at the token after it (``after-title``), which is no candidate,
        # so runs never share a token: each run's marks are its own and can be memoised.
        for at, found in _RUN_MARKS[(*words[first : last + 1], caps)]:
            marks.setdefault(first + at, []).extend(found)
    return marks


def _run_marks(key: tuple) -> tuple[tuple[int, tuple[str, ...]], ...]:
    """(index in the run, marks) of one run of words (the key ends with the caps flag)."""
    *words, caps = key
    forms = [w.title() if caps and len(w) > _ACRONYM_MAX else w for w in words]
    marks: dict[int, list[str]] = {}
    at = 0
    while at < len(words):
        at += _mark_longest(words, forms, at, marks=marks)
    return tuple((index, tuple(found)) for index, found in marks.items())


def _mark_longest(words: list[str], forms: list[str], at: int, *, marks: dict[int, list]) -> int:
    """Mark the longest gazetteer name starting at ``words[at]``; how many words it took."""
    organisations, places, titles = load_organisations(), load_places(), _title_set()
    for size in range(min(4, len(words) - at), 0, -1):
        name, written = " ".join(forms[at : at + size]), " ".join(words[at : at + size])
        kinds = [
            kind
            for kind, hit in (
                ("LOC", name in places),
                ("ORG", name in organisations or written in organisations),
                ("TTL", name in titles),
            )
            if hit
        ]
        if kinds:
            for k in range(size):
                marks.setdefault(at + k, []).extend(
                    f"{kind}-{'B' if k == 0 else 'I'}{min(size, _LONG)}" for kind in kinds
                )
            if "TTL" in kinds:
                marks.setdefault(at + size, []).append("after-title")
            return size
    return 1


class BoundedMemo(dict[Any, Any]):
    """Key → ``compute(key)``, bounded (emptied when full). A hit is a plain ``memo[key]``
    (``__missing__`` runs only on a miss), cheaper than a method call per feature."""

    __slots__ = ("_compute", "_size")

    def __init__(self, compute: Callable[[Any], Any], size: int = _MEMO_SIZE) -> None:
        super().__init__()
        self._compute = compute
        self._size = size

    def __missing__(self, key: Any) -> Any:
        if len(self) >= self._size:
            self.clear()
        value = self[key] = self._compute(key)
        return value


_RUN_MARKS = BoundedMemo(_run_marks)
"""Runs of name-like words repeat (names, "The", "He"): their gazetteer marks, once."""


@functools.cache
def person_names() -> dict[str, str]:
    """Given names and common surnames (``f``, ``l``, ``fl``): person evidence for words
    the training data never saw ("Lars Eklund")."""
    text = resources.files("docexport.enrich").joinpath("data", "person_names.tsv")
    body = text.read_text("utf-8")
    start = 0
    while body.startswith("#", start):  # the comment lines on top
        start = body.index("\n", start) + 1
    # One split of the whole table (names hold no space) and a zip: 2.7 -> 1.4 ms a process
    # against a split per row.
    fields = body[start:].split()
    if len(fields) != 2 * body.count("\t", start):  # a tab a row, and no other space
        raise ValueError("person_names.tsv: every row must be a name and its kinds")
    return dict(zip(fields[::2], fields[1::2], strict=True))


@functools.cache
def _title_set() -> frozenset[str]:
    return frozenset(" ".join(t) for t in load_titles())


def static_features(doc: Document, index: int) -> dict[int, list[str]]:
    """Candidate token index of sentence ``index`` → the features that do not depend on the
    tags chosen, as strings (what training learns; ``Tagger`` scores the same ones)."""
    tokens, caps = doc.sentences[index], doc.caps_lines[index]
    is_headline = doc.headline and index == 0
    gazetteer = doc.gazetteer[index]
    lowers = ["<s>", "<s>", *(t.text.lower() for t in tokens), "</s>", "</s>"]
    shapes = ["<x>", "<x>", *(shape(t.text) for t in tokens), "</x>", "</x>"]
    runs = doc.runs[index]
    out: dict[int, list[str]] = {}
    for i, is_candidate in enumerate(doc.candidates[index]):
        if not is_candidate:
            continue
        word, at = tokens[i].text, i + 2
        lower, form, prev1, next1 = lowers[at], shapes[at], lowers[at - 1], lowers[at + 1]
        features = [
            "b",
            f"w={lower}",
            f"s={form}",
            f"p3={lower[:3]}",
            f"x3={lower[-3:]}",
            f"x2={lower[-2:]}",
            f"x4={lower[-4:]}",
            f"w-1={prev1}",
            f"w+1={next1}",
            f"w-2={lowers[at - 2]}",
            f"w+2={lowers[at + 2]}",
            f"s-1={shapes[at - 1]}",
            f"s+1={shapes[at + 1]}",
            f"s-1s={shapes[at - 1]}|{form}",
            f"ss+1={form}|{shapes[at + 1]}",
            f"w-1w={prev1}|{lower}",
            f"ww+1={lower}|{next1}",
            f"i={i == 0}|{caps}|{is_headline}",
            f"caps-w={lower}|{caps}",
            f"len={min(len(word), 6)}",
        ]
        first, last = runs[i]
        features += [  # the whole run of name-like words: "... Corp", "... United"
            f"rl={lowers[last + 2]}",
            f"rf={lowers[first + 2]}",
            f"rp={min(i - first, 3)}|{min(last - i, 3)}",
        ]
        features.extend(f"drl={final}" for final in doc.run_ends.get(lower, ()))
        if name_kind := person_names().get(lower):
            features.append(f"pn={name_kind}")
        if caps or i == 0:
            features.append(f"lowered={lower in doc.lower_words}")
        if marks := gazetteer.get(i):
            features.extend(f"g={mark}" for mark in marks)
            features.append(f"g-s={marks[0]}|{form}")
        out[i] = features
    return out


def dynamic_features(word: str, prev1: str, prev2: str, memory: str) -> list[str]:
    """Features of the tags already chosen: the previous two, and the kind this word got
    earlier in the article (``memory``, empty if none)."""
    return [f"t-1={prev1}", f"t-2={prev2}|{prev1}", f"t-1w={prev1}|{word.lower()}", f"m={memory}"]
