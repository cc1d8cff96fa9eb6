"""A small learned name tagger: an averaged perceptron over word-shape and gazetteer features.

Rules alone plateaued (issue #13): a run of capitalised words says *that* something is a
name, rarely *what* it is ("Indianapolis Colts", "Warsaw Pact", "Milan beat Porto"). The
tagger reads each name-like token with its neighbours and tags it ``B-``/``I-`` person
(PER), organisation (ORG), place (LOC) or other name (MISC: nationalities, events,
currencies; learnt so that they are *not* pushed into the other three), or ``O``.

Decoding is greedy, left to right, as in Ratinov & Roth (2009), who found it as good as
Viterbi for this task; the previous two tags are features. Lower-case words that stand
between no capitalised ones are ``O`` without being scored, which skips about four words
in five. The features are defined in ``name_features.py``, shared with training.

Weights are package data (``data/ner_weights.bin``, trained by ``data/train_ner.py``).
Feature strings are stored only as CRC-32 hashes and the nine per-tag weights of a feature
as one Python integer of 24-bit fields, so that scoring a token is one lookup and one
integer addition per feature (a sum of packed integers is the packed sum). The file is read
as it lies (``Weights``): sorted keys, a bucket index over them and the packed values, with
no decompression and no parse per entry. Building a dict of its 70,000 entries took 35 ms
of every process that enriched anything; a lookup in the file's arrays costs about 0.5 µs,
paid once per distinct feature string (the tagger memoises them).

Scoring builds few feature strings. The features a word brings by itself (the word, its
shape, affixes, length, name list) and those it brings as a neighbour (``w-1=``,
``s+1=`` ...) are summed once per distinct word and kept (``_WordScores``), those of two
neighbouring words once per pair; only the context's features (the run, the gazetteer,
the tags chosen) are looked up per token, from small tables where they can. Sums of integers
are exact in any order, so this is the very score of the feature strings
(``tests/enrich/test_tagger.py`` holds the two equal). Measured on the seed article (467
words, warm): 2.1 → 1.0 ms, reading the document (tokens, gazetteer) included.
"""

from __future__ import annotations

import functools
import struct
import sys
import zlib
from array import array
from bisect import bisect_left
from collections.abc import Iterator, Mapping, Sequence
from mmap import mmap
from typing import Final, NamedTuple

from docexport.enrich.name_features import (
    BoundedMemo,
    Document,
    person_names,
    read_document,
    shape,
)
from docexport.enrich.package_data import mapped

__all__ = [
    "LABELS",
    "NameSpan",
    "Tagger",
    "Weights",
    "encode_weights",
    "feature_key",
    "load_tagger",
    "spans_of",
]

LABELS = ("O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC", "B-MISC", "I-MISC")
FIELD_BITS = 24
"""Width of one tag's weight in a packed integer: int16 weights, summed over < 128 features."""
WEIGHTS_FILE = "ner_weights.bin"
MAGIC = b"DXNER2\n\0"  # eight bytes: the arrays after the header stay 4-byte aligned
_MEMO_SIZE = 1 << 18
_FIELD_MASK = (1 << FIELD_BITS) - 1
_FIELD_SIGN = 1 << (FIELD_BITS - 1)
_SHIFTS = tuple(FIELD_BITS * c for c in range(len(LABELS)))
_BIAS = sum(_FIELD_SIGN << shift for shift in _SHIFTS)
"""Added to a packed sum, it turns each signed field f into the plain digit f + 2**23, so
that the best tag is the largest digit, with no borrows to undo."""


class NameSpan(NamedTuple):
    """Tokens ``first``..``last`` (inclusive) of a sentence, tagged ``kind`` (PER, ORG ...)."""

    first: int
    last: int
    kind: str


class _WordScores(NamedTuple):
    """One word's share of a token's score: as the token itself and as each neighbour."""

    lower: str
    shape: str
    own: tuple[int, int]
    """The word's own features, in a sentence of mixed case and in an ALL CAPS one."""
    before1: int  # as the word before the token (w-1=, s-1=)
    after1: int  # as the word after it (w+1=, s+1=)
    before2: int  # two words before (w-2=)
    after2: int  # two words after (w+2=)


def feature_key(feature: str) -> int:
    """A feature's stable key: CRC-32 (``hash()`` is salted per process)."""
    return zlib.crc32(feature.encode("utf-8"))


def unpack(total: int) -> list[int]:
    """The nine per-tag scores of a packed sum."""
    total += _BIAS
    return [((total >> shift) & _FIELD_MASK) - _FIELD_SIGN for shift in _SHIFTS]


def pack(scores: Sequence[int]) -> int:
    """Nine per-tag weights as one integer (the inverse of ``unpack``)."""
    return sum(w << (FIELD_BITS * c) for c, w in enumerate(scores))


class Tagger:
    """Greedy decoding with packed integer weights (see the module docstring)."""

    def __init__(self, weights: Mapping[int, int] | Weights) -> None:
        self._memo = BoundedMemo(lambda feature: weights.get(feature_key(feature), 0), _MEMO_SIZE)
        """Feature string → packed weights: skips encoding and CRC-32 for features seen
        before (shapes, tags, common words)."""
        self._words = BoundedMemo(self._score_word, _MEMO_SIZE)
        """Token text → its share of a token's score (``_WordScores``)."""
        self._edges = (
            self.packed("w-1=<s>") + self.packed("s-1=<x>"),
            self.packed("w-2=<s>"),
            self.packed("w+1=</s>") + self.packed("s+1=</x>"),
            self.packed("w+2=</s>"),
        )
        tags = ("<s>", *LABELS)
        self._tags = {
            (two, one): self.packed(f"t-1={one}") + self.packed(f"t-2={two}|{one}")
            for two in tags
            for one in tags
        }
        flags = (False, True)
        self._starts = {  # i=: first token?, ALL CAPS line?, headline?
            (a, b, c): self.packed(f"i={a}|{b}|{c}") for a in flags for b in flags for c in flags
        }
        self._places = {  # rp=: words before and after the token in its run, up to 3
            (a, b): self.packed(f"rp={a}|{b}") for a in range(4) for b in range(4)
        }
        self._memories = {  # m=: the kind the word got earlier in the article, if any
            kind: self.packed(f"m={kind}") for kind in ("", *{label[2:] for label in LABELS})
        }
        self._pairs = BoundedMemo(self._score_pair, _MEMO_SIZE)
        """(word, next word) → their pair features, as the next word's and as the word's."""

    def packed(self, feature: str) -> int:
        """The packed weights of one feature string (0 for a feature never learnt)."""
        return self._memo[feature]

    def _score_word(self, text: str) -> _WordScores:
        """The features of ``name_features.static_features`` that read one word alone."""
        lower, form, packed = text.lower(), shape(text), self._memo.__getitem__
        own = sum(
            packed(f)
            for f in (
                "b",
                f"w={lower}",
                f"s={form}",
                f"p3={lower[:3]}",
                f"x3={lower[-3:]}",
                f"x2={lower[-2:]}",
                f"x4={lower[-4:]}",
                f"len={min(len(text), 6)}",
            )
        )
        if name_kind := person_names().get(lower):
            own += packed(f"pn={name_kind}")
        return _WordScores(
            lower,
            form,
            (own + packed(f"caps-w={lower}|False"), own + packed(f"caps-w={lower}|True")),
            packed(f"w-1={lower}") + packed(f"s-1={form}"),
            packed(f"w+1={lower}") + packed(f"s+1={form}"),
            packed(f"w-2={lower}"),
            packed(f"w+2={lower}"),
        )

    def _score_pair(self, key: tuple[str, str]) -> tuple[int, int]:
        left, right = self._words[key[0]], self._words[key[1]]
        packed = self._memo.__getitem__
        return (
            packed(f"w-1w={left.lower}|{right.lower}") + packed(f"s-1s={left.shape}|{right.shape}"),
            packed(f"ww+1={left.lower}|{right.lower}") + packed(f"ss+1={left.shape}|{right.shape}"),
        )

    def tag(self, texts: Sequence[str], *, headline: bool) -> tuple[Document, list[list[NameSpan]]]:
        """The document as read and, per text, the name spans found in it."""
        doc = read_document(texts, headline=headline)
        return doc, [  # most sentences hold no name: no walk over their tags
            spans_of(tags) if tags.count("O") != len(tags) else []
            for tags in self.tag_document(doc)
        ]

    def tag_document(self, doc: Document) -> list[list[str]]:
        """Per sentence, the tag of every token."""
        memory: dict[str, str] = {}
        return [self._tag_sentence(doc, index, memory) for index in range(len(doc.sentences))]

    def _tag_sentence(self, doc: Document, index: int, memory: dict[str, str]) -> list[str]:
        tokens = doc.sentences[index]
        tags = ["O"] * len(tokens)
        runs = doc.runs[index]
        if not runs:
            return tags
        cache = self._words
        words = [cache[t.text] for t in tokens]
        memo = self._memo
        for i in runs:
            word = tokens[i].text
            prev1 = tags[i - 1] if i > 0 else "<s>"
            prev2 = tags[i - 2] if i > 1 else "<s>"
            total = self._static_score(doc, index, words, i)
            total += self._tags[prev2, prev1] + memo[f"t-1w={prev1}|{words[i].lower}"]
            total += self._memories[memory.get(word, "")]
            total += _BIAS
            mask = _FIELD_MASK
            digits = (  # _SHIFTS unrolled (a quarter faster than a comprehension)
                total & mask,
                total >> 24 & mask,
                total >> 48 & mask,
                total >> 72 & mask,
                total >> 96 & mask,
                total >> 120 & mask,
                total >> 144 & mask,
                total >> 168 & mask,
                total >> 192 & mask,
            )
            best = LABELS[digits.index(max(digits))]
            if best[0] == "I" and prev1[2:] != best[2:]:
                best = "B-" + best[2:]  # an I- after O opens a name: read it as B-
            tags[i] = best
            if best != "O":
                memory[word] = best[2:]
        return tags

    def _static_score(self, doc: Document, index: int, words: list[_WordScores], i: int) -> int:
        """The packed sum of ``static_features(doc, index)[i]``, built from word shares."""
        memo, caps, this = self._memo, doc.caps_lines[index], words[i]
        lower, form = this.lower, this.shape
        total = this.own[caps]
        before_edge, before2_edge, after_edge, after2_edge = self._edges
        tokens = doc.sentences[index]
        if i > 0:
            total += words[i - 1].before1 + self._pairs[tokens[i - 1].text, tokens[i].text][0]
            total += words[i - 2].before2 if i > 1 else before2_edge
        else:
            total += before_edge + before2_edge
            total += memo[f"w-1w=<s>|{lower}"] + memo[f"s-1s=<x>|{form}"]
        n = len(words)
        if i + 1 < n:
            total += words[i + 1].after1 + self._pairs[tokens[i].text, tokens[i + 1].text][1]
            total += words[i + 2].after2 if i + 2 < n else after2_edge
        else:
            total += after_edge + after2_edge
            total += memo[f"ww+1={lower}|</s>"] + memo[f"ss+1={form}|</x>"]
        total += self._starts[i == 0, caps, doc.headline and index == 0]
        first, last = doc.runs[index][i]
        total += memo[f"rl={words[last].lower}"] + memo[f"rf={words[first].lower}"]
        total += self._places[min(i - first, 3), min(last - i, 3)]
        for final in doc.run_ends.get(lower, ()):
            total += memo[f"drl={final}"]
        if caps or i == 0:
            total += memo[f"lowered={lower in doc.lower_words}"]
        if marks := doc.gazetteer[index].get(i):
            for mark in marks:
                total += memo[f"g={mark}"]
            total += memo[f"g-s={marks[0]}|{form}"]
        return total


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


_HEADER = struct.Struct("<8sII")  # magic, number of features, bucket bits
_PACKED_BYTES = FIELD_BITS * len(LABELS) // 8
_BUCKET_BITS = 12  # 4,096 buckets of about 17 keys: a bisect of 4-5 steps per lookup
_U32: Final = "I"  # array type code of a 4-byte unsigned int on every platform CPython supports


class Weights:
    """The weights file read as it lies: CRC-32 key → packed weights, read-only.

    Layout (little-endian): ``MAGIC``, the number of features ``n`` and the bucket bits
    ``b`` (two uint32); the bucket index, ``2**b + 1`` uint32 (bucket ``k`` holds the keys
    whose top ``b`` bits are ``k``: positions ``index[k]`` to ``index[k + 1]``); the ``n``
    keys, uint32, sorted; the ``n`` packed values, ``_PACKED_BYTES`` each, signed. Opening
    it copies two small arrays and decodes nothing else; ``get`` decodes one value.
    """

    __slots__ = ("_index", "_keys", "_shift", "_values")

    def __init__(self, data: bytes | mmap) -> None:
        """Raises ``ValueError`` when ``data`` is not a whole weights file."""
        if len(data) < _HEADER.size or data[: len(MAGIC)] != MAGIC:
            raise ValueError(f"{WEIGHTS_FILE}: not a docexport tagger weights file")
        _, count, bits = _HEADER.unpack_from(data)
        keys_at = _HEADER.size + 4 * ((1 << bits) + 1)
        values_at = keys_at + 4 * count
        if len(data) != values_at + _PACKED_BYTES * count:
            raise ValueError(f"{WEIGHTS_FILE}: truncated or padded weights file")
        view = memoryview(data)
        self._index = _u32s(view[_HEADER.size : keys_at])
        self._keys = _u32s(view[keys_at:values_at])
        self._values = view[values_at:]
        self._shift = 32 - bits

    def get(self, key: int, default: int = 0) -> int:
        """The packed weights of ``key``, or ``default`` for a feature never learnt."""
        bucket = key >> self._shift
        end = self._index[bucket + 1]
        at = bisect_left(self._keys, key, self._index[bucket], end)
        if at == end or self._keys[at] != key:
            return default
        at *= _PACKED_BYTES
        return int.from_bytes(self._values[at : at + _PACKED_BYTES], "little", signed=True)

    def __len__(self) -> int:
        return len(self._keys)

    def items(self) -> Iterator[tuple[int, int]]:
        """Every (key, packed weights), in key order (for tests and tools, not for tagging)."""
        for at, key in enumerate(self._keys):
            start = at * _PACKED_BYTES
            value = self._values[start : start + _PACKED_BYTES]
            yield key, int.from_bytes(value, "little", signed=True)


def _u32s(view: memoryview) -> Sequence[int]:
    """Little-endian uint32s as a sequence ``bisect`` can search: the bytes themselves
    where the machine is little-endian (nothing copied), else a swapped copy."""
    if sys.byteorder == "little":
        return view.cast(_U32)
    out = array(_U32, view.tobytes())
    out.byteswap()
    return out


def encode_weights(weights: Mapping[int, int]) -> bytes:
    """The weights file (``Weights`` describes it) for CRC-32 key → packed weights."""
    keys = sorted(weights)
    shift = 32 - _BUCKET_BITS
    index = [bisect_left(keys, bucket << shift) for bucket in range(1 << _BUCKET_BITS)]
    return b"".join(
        [
            _HEADER.pack(MAGIC, len(keys), _BUCKET_BITS),
            struct.pack(f"<{len(index) + 1}I", *index, len(keys)),
            struct.pack(f"<{len(keys)}I", *keys),
            *(weights[k].to_bytes(_PACKED_BYTES, "little", signed=True) for k in keys),
        ]
    )


@functools.cache
def load_tagger() -> Tagger:
    """The shipped model, opened once per process (well under 1 ms: see ``Weights``)."""
    return Tagger(Weights(mapped(WEIGHTS_FILE)))
