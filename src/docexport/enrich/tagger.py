"""A small learned name tagger: an averaged perceptron over word-shape and gazetteer features.

Rules alone plateaued (issue #13): a run of capitalised words says *that* something is a
name, rarely *what* it is ("Indianapolis Colts", "Warsaw Pact", "Milan beat Porto"). The
tagger reads each name-like token with its neighbours and tags it ``B-``/``I-`` person
(PER), organisation (ORG), place (LOC) or other name (MISC: nationalities, events,
currencies; learnt so that they are *not* pushed into the other three), or ``O``.

Decoding is greedy, left to right, as in Ratinov & Roth (2009), who found it as good as
Viterbi for this task; the previous two tags are features. Lower-case words that stand
between no capitalised ones are ``O`` without being scored, which skips about four words
in five. Two document-level features carry what one sentence cannot: whether the word is
also written in lower case in the article (a common word at a sentence start or in an ALL
CAPS headline) and which kind of name the same word was tagged as earlier.

Weights are package data (``data/ner_weights.bin.gz``, trained by ``data/train_ner.py``
with the very feature functions below). Feature strings are stored only as CRC-32 hashes
and the nine per-tag weights of a feature as one Python integer of 24-bit fields, so that
scoring a token is one dictionary lookup and one integer addition per feature (a sum of
packed integers is the packed sum), then nine shifts.
"""

from __future__ import annotations

import functools
import gzip
import re
import struct
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from typing import NamedTuple

from docexport.enrich.gazetteer import load_organisations, load_places, load_titles

__all__ = [
    "LABELS",
    "Document",
    "NameSpan",
    "Token",
    "dynamic_features",
    "feature_key",
    "load_tagger",
    "read_document",
]

LABELS = ("O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC", "B-MISC", "I-MISC")
FIELD_BITS = 24
"""Width of one tag's weight in a packed integer: int16 weights, summed over < 128 features."""
WEIGHTS_FILE = "ner_weights.bin.gz"
MAGIC = b"DXNER1\n"
_MEMO_SIZE = 1 << 18
_FIELD_MASK = (1 << FIELD_BITS) - 1
_FIELD_SIGN = 1 << (FIELD_BITS - 1)

_TOKEN = re.compile(
    r"(?:[A-Za-z]\.){2,}"  # U.S., U.N.
    r"|\d+(?:[.,:/]\d+)*"  # 10,925 1996-08-22 is split at the hyphen
    r"|\w+(?:[-&'’]\w+)*\.?"  # words, al-Sayed, O'Neill, AT&T; a full stop is decided below
    r"|\S"
)
_ABBREVIATIONS = frozenset(
    [
        "Mr",
        "Mrs",
        "Ms",
        "Dr",
        "Prof",
        "St",
        "Jr",
        "Sr",
        "Gen",
        "Lt",
        "Col",
        "Capt",
        "Sgt",
        "Maj",
        "Adm",
        "Brig",
        "Gov",
        "Sen",
        "Rep",
        "Rev",
        "Corp",
        "Inc",
        "Ltd",
        "Co",
        "Bros",
        "Mt",
        "Ft",
        "No",
        "Jan",
        "Feb",
        "Aug",
        "Sept",
        "Sep",
        "Oct",
        "Nov",
        "Dec",
        "Ave",
        "vs",
    ]
)
_JOINERS = frozenset(
    [
        "of",
        "de",
        "da",
        "do",
        "dos",
        "das",
        "del",
        "della",
        "di",
        "van",
        "von",
        "der",
        "den",
        "du",
        "des",
        "la",
        "le",
        "al",
        "el",
        "bin",
        "ibn",
        "y",
        "for",
        "on",
        "the",
        "&",
    ]
)
_CAPS_LINE_SHARE = 0.8
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


class NameSpan(NamedTuple):
    """Tokens ``first``..``last`` (inclusive) of a sentence, tagged ``kind`` (PER, ORG ...)."""

    first: int
    last: int
    kind: str


def tokenize(text: str) -> list[Token]:
    """Words and punctuation roughly as the Penn Treebank (and CoNLL-2003) cut them."""
    tokens: list[Token] = []
    for match in _TOKEN.finditer(text):
        start, word = match.start(), match.group()
        last = word[-1]
        if last not in ".sd" and "-" not in word:  # the common case, kept cheap
            tokens.append(Token(start, match.end(), word))
            continue
        if last == "." and len(word) > 1 and "." not in word[:-1]:
            stem = word[:-1]
            if not (stem in _ABBREVIATIONS or (len(stem) == 1 and stem.isupper())):
                tokens.append(Token(start, start + len(stem), stem))
                tokens.append(Token(start + len(stem), match.end(), "."))
                continue
        if (
            "-" in word and (hyphen := _HYPHEN_SUFFIX.search(word)) is not None
        ):  # "US-led": US, -, led
            at = start + hyphen.start()
            tokens.append(Token(start, at, word[: hyphen.start()]))
            tokens.append(Token(at, at + 1, "-"))
            tokens.append(Token(at + 1, match.end(), word[hyphen.start() + 1 :]))
            continue
        if word.endswith(("'s", "’s")) and word[0].isalpha() and word[1:-2]:
            tokens.append(Token(start, match.end() - 2, word[:-2]))
            tokens.append(Token(match.end() - 2, match.end(), word[-2:]))
            continue
        tokens.append(Token(start, match.end(), word))
    return tokens


@functools.lru_cache(maxsize=1 << 16)  # words repeat: half the cost of features, saved
def _shape(word: str) -> str:
    """``Xx``, ``XX``, ``X.X.``, ``d,d``: character classes, repeats collapsed."""
    out: list[str] = []
    for char in word:
        cls = "X" if char.isupper() else "x" if char.isalpha() else "d" if char.isdigit() else char
        if not out or out[-1] != cls:
            out.append(cls)
    return "".join(out)


def _is_caps_line(tokens: list[Token]) -> bool:
    """An ALL CAPS headline or results line, where case says nothing about names."""
    letters = [t.text for t in tokens if t.text[0].isalpha()]
    upper = sum(w.isupper() for w in letters)
    return len(letters) > 1 and upper >= _CAPS_LINE_SHARE * len(letters)


def _candidates(tokens: list[Token]) -> list[bool]:
    """Tokens worth scoring: any with a capital, and joiners between two of them."""
    caps = [t.text != t.text.lower() for t in tokens]  # has a capital: lower() changes it
    out = caps[:]
    for i in range(len(tokens) - 1):
        if tokens[i].text in _PARTICLES and caps[i + 1]:
            out[i] = True
    for i in range(1, len(tokens) - 1):
        if not caps[i] and caps[i - 1] and tokens[i].text in _JOINERS:
            j = i + 1
            while j < len(tokens) - 1 and tokens[j].text in _JOINERS and j - i < _MAX_JOINERS:
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
    run_ends: dict[str, tuple[str, ...]]
    """Word → last words of the longer names it stands in elsewhere in the article
    ("Ajax" → "amsterdam"): what a lone mention does not say."""
    """Words the article writes in lower case somewhere (so "Despite", "BEAT" are common)."""
    static: list[dict[int, list[str]]]
    """Per sentence: token index → its static feature strings (candidates only)."""
    gazetteer: list[dict[int, list[str]]]
    """Per sentence: token index → gazetteer marks (``ORG-B2``: first of a 2-word body)."""


def read_document(texts: Sequence[str], *, headline: bool) -> Document:
    """Tokenise the texts (the first one is the headline when ``headline``) and compute
    every feature that does not depend on the tags chosen."""
    sentences = [tokenize(text) for text in texts]
    candidates = [_candidates(tokens) for tokens in sentences]
    caps_lines = [_is_caps_line(tokens) for tokens in sentences]
    lower = frozenset(
        t.text
        for tokens in sentences
        for t in tokens[1:]
        if t.text.islower() and len(t.text) > _SHORT
    )
    doc = Document(
        sentences, candidates, caps_lines, lower, _run_ends(sentences, candidates), [], []
    )
    for index, tokens in enumerate(sentences):
        gazetteer = _gazetteer_marks(tokens, doc.candidates[index], caps_lines[index])
        doc.gazetteer.append(gazetteer)
        doc.static.append(_static_features(doc, index, gazetteer, headline and index == 0))
    return doc


def _run_ends(sentences: list[list[Token]], candidates: list[list[bool]]) -> dict:
    ends: dict[str, set[str]] = {}
    for tokens, flags in zip(sentences, candidates, strict=True):
        for first, last in set(_run_bounds(flags).values()):
            if last > first:
                final = tokens[last].text.lower()
                for token in tokens[first:last]:
                    ends.setdefault(token.text.lower(), set()).add(final)
    return {word: tuple(sorted(finals)[:2]) for word, finals in ends.items()}


def _gazetteer_marks(tokens: list[Token], candidates: list[bool], caps: bool) -> dict[int, list]:
    """Token index → ``LOC-B``, ``ORG-I``, ``TTL`` ... for the longest gazetteer matches."""
    marks: dict[int, list[str]] = {}
    places, organisations, titles = load_places(), load_organisations(), _title_set()
    n = len(tokens)
    i = 0
    while i < n:
        if not candidates[i]:
            i += 1
            continue
        run_end = i
        while run_end < n and candidates[run_end]:
            run_end += 1
        words = [t.text for t in tokens[i:run_end]]
        forms = [w.title() if caps and len(w) > _ACRONYM_MAX else w for w in words]
        at = 0
        while at < len(words):
            at += _mark_longest(
                words, forms, at, offset=i, marks=marks, tables=(places, organisations, titles)
            )
        i = run_end
    return marks


def _mark_longest(words, forms, at, *, offset, marks, tables) -> int:
    """Mark the longest gazetteer name starting at ``words[at]``; how many words it took."""
    places, organisations, titles = tables
    for size in range(min(4, len(words) - at), 0, -1):
        name = " ".join(forms[at : at + size])
        kinds = [
            kind
            for kind, hit in (
                ("LOC", name in places),
                ("ORG", name in organisations or " ".join(words[at : at + size]) in organisations),
                ("TTL", name in titles),
            )
            if hit
        ]
        if kinds:
            for k in range(size):
                marks.setdefault(offset + at + k, []).extend(
                    f"{kind}-{'B' if k == 0 else 'I'}{min(size, _LONG)}" for kind in kinds
                )
            if "TTL" in kinds:
                marks.setdefault(offset + at + size, []).append("after-title")
            return size
    return 1


@functools.cache
def _person_names() -> dict[str, str]:
    """Given names and common surnames (``f``, ``l``, ``fl``): person evidence for words
    the training data never saw ("Lars Eklund")."""
    text = resources.files("docexport.enrich").joinpath("data", "person_names.tsv")
    lines = text.read_text("utf-8").splitlines()
    return dict(line.split("\t") for line in lines if line and not line.startswith("#"))


@functools.cache
def _title_set() -> frozenset[str]:
    return frozenset(" ".join(t) for t in load_titles())


def _static_features(
    doc: Document, index: int, gazetteer: dict[int, list[str]], is_headline: bool
) -> dict[int, list[str]]:
    """Candidate token index → its features, from words and shapes computed once per token."""
    tokens, caps = doc.sentences[index], doc.caps_lines[index]
    lowers = ["<s>", "<s>", *(t.text.lower() for t in tokens), "</s>", "</s>"]
    shapes = ["<x>", "<x>", *(_shape(t.text) for t in tokens), "</x>", "</x>"]
    runs = _run_bounds(doc.candidates[index])
    out: dict[int, list[str]] = {}
    for i, is_candidate in enumerate(doc.candidates[index]):
        if not is_candidate:
            continue
        word, at = tokens[i].text, i + 2
        lower, shape, prev1, next1 = lowers[at], shapes[at], lowers[at - 1], lowers[at + 1]
        features = [
            "b",
            f"w={lower}",
            f"s={shape}",
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
            f"s-1s={shapes[at - 1]}|{shape}",
            f"ss+1={shape}|{shapes[at + 1]}",
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
        if name_kind := _person_names().get(lower):
            features.append(f"pn={name_kind}")
        if caps or i == 0:
            features.append(f"lowered={lower in doc.lower_words}")
        if marks := gazetteer.get(i):
            features.extend(f"g={mark}" for mark in marks)
            features.append(f"g-s={marks[0]}|{shape}")
        out[i] = features
    return out


def _run_bounds(candidates: list[bool]) -> dict[int, tuple[int, int]]:
    """Candidate index → first and last index of its run of consecutive candidates."""
    bounds: dict[int, tuple[int, int]] = {}
    i, n = 0, len(candidates)
    while i < n:
        if candidates[i]:
            end = i
            while end + 1 < n and candidates[end + 1]:
                end += 1
            for k in range(i, end + 1):
                bounds[k] = (i, end)
            i = end
        i += 1
    return bounds


def dynamic_features(word: str, prev1: str, prev2: str, memory: str) -> list[str]:
    """Features of the tags already chosen: the previous two, and the kind this word got
    earlier in the article (``memory``, empty if none)."""
    return [f"t-1={prev1}", f"t-2={prev2}|{prev1}", f"t-1w={prev1}|{word.lower()}", f"m={memory}"]


def feature_key(feature: str) -> int:
    """A feature's stable key: CRC-32 (``hash()`` is salted per process)."""
    return zlib.crc32(feature.encode("utf-8"))


def unpack(total: int) -> list[int]:
    """The nine per-tag scores of a packed sum."""
    scores = []
    for _ in LABELS:
        field = total & _FIELD_MASK
        if field & _FIELD_SIGN:
            field -= 1 << FIELD_BITS
        scores.append(field)
        total = (total - field) >> FIELD_BITS
    return scores


class Tagger:
    """Greedy decoding with packed integer weights (see the module docstring)."""

    def __init__(self, weights: dict[int, int]) -> None:
        self._weights = weights
        self._memo: dict[str, int] = {}
        """Feature string → packed weights: skips encoding and CRC-32 for features seen
        before (shapes, tags, common words); bounded, emptied when full."""

    def _score(self, features: list[str]) -> int:
        memo, total = self._memo, 0
        for feature in features:
            packed = memo.get(feature)
            if packed is None:
                if len(memo) >= _MEMO_SIZE:
                    memo.clear()
                packed = memo[feature] = self._weights.get(feature_key(feature), 0)
            total += packed
        return total

    def tag(self, texts: Sequence[str], *, headline: bool) -> tuple[Document, list[list[NameSpan]]]:
        """The document as read and, per text, the name spans found in it."""
        doc = read_document(texts, headline=headline)
        memory: dict[str, str] = {}
        found: list[list[NameSpan]] = []
        for index, tokens in enumerate(doc.sentences):
            tags = ["O"] * len(tokens)
            static = doc.static[index]
            for i in static:
                word = tokens[i].text
                prev1 = tags[i - 1] if i > 0 else "<s>"
                prev2 = tags[i - 2] if i > 1 else "<s>"
                feats = static[i] + dynamic_features(word, prev1, prev2, memory.get(word, ""))
                scores = unpack(self._score(feats))
                best = LABELS[max(range(len(LABELS)), key=scores.__getitem__)]
                if best.startswith("I-") and prev1[2:] != best[2:]:
                    best = "B-" + best[2:]  # an I- after O opens a name: read it as B-
                tags[i] = best
                if best != "O":
                    memory[word] = best[2:]
            found.append(spans_of(tags))
        return doc, found


def spans_of(tags: Sequence[str]) -> list[NameSpan]:
    """BIO tags → spans (an ``I-`` of another kind starts a new one)."""
    spans: list[NameSpan] = []
    first, kind = -1, ""
    for i, tag in enumerate([*tags, "O"]):
        if kind and (tag == "O" or tag.startswith("B-") or tag[2:] != kind):
            spans.append(NameSpan(first, i - 1, kind))
            kind = ""
        if tag != "O" and not kind:
            first, kind = i, tag[2:]
    return spans


def pack(scores: Sequence[int]) -> int:
    """Nine per-tag weights as one integer (the inverse of ``unpack``)."""
    return sum(w << (FIELD_BITS * c) for c, w in enumerate(scores))


_RECORD = struct.Struct("<I")
_PACKED_BYTES = FIELD_BITS * len(LABELS) // 8


def encode_weights(weights: dict[int, int]) -> bytes:
    """The weights file: magic, then (CRC-32 key, packed weights) records, sorted, gzipped."""
    body = b"".join(
        _RECORD.pack(key) + packed.to_bytes(_PACKED_BYTES, "little", signed=True)
        for key, packed in sorted(weights.items())
    )
    return gzip.compress(MAGIC + body, compresslevel=9, mtime=0)


@functools.cache
def load_tagger() -> Tagger:
    """The shipped model, read once per process (about 50 ms)."""
    raw = resources.files("docexport.enrich").joinpath("data", WEIGHTS_FILE).read_bytes()
    body = gzip.decompress(raw)
    if not body.startswith(MAGIC):
        raise ValueError(f"{WEIGHTS_FILE}: not a docexport tagger weights file")
    body = memoryview(body)[len(MAGIC) :]
    size = 4 + _PACKED_BYTES
    from_bytes = int.from_bytes
    weights = {
        _RECORD.unpack_from(body, at)[0]: from_bytes(
            body[at + 4 : at + size], "little", signed=True
        )
        for at in range(0, len(body), size)
    }
    return Tagger(weights)
