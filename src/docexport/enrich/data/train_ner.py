"""Train the name tagger's weights (``ner_weights.bin``) from CoNLL-2003 English.

    python -m docexport.enrich.data.train_ner --data DIR [--out FILE] [--epochs N]

``DIR`` holds ``eng.train`` (trained on) and ``eng.testa`` (scored after each epoch, to
choose the number of epochs); ``eng.testb`` is never read here: it is the held-out check
of ``benchmarks/bench_entities_heldout.py``. The CoNLL-2003 files are not part of docexport
(the Reuters text is under NIST's research agreement); only the weights are shipped, keyed
by CRC-32 hashes of feature strings, so the file holds no text. The file is written in
the format ``tagger.Weights`` reads in place (``tagger.encode_weights``): uncompressed, so that
no process pays a decompress and a parse per entry.

Each document is rebuilt as the text reader would give it (tokens joined with spaces, the
dateline line ``PLACE 1996-08-22`` written as ``PLACE - `` before the next sentence), cut
again with the tagger's own tokeniser and features (imported from ``tagger.py``: training
and runtime share one feature function), labelled from the gold spans by character offsets,
and learnt with an averaged perceptron, greedy left to right, the documents shuffled with a
fixed seed: the same data gives the same file, byte for byte. Needs numpy (training only).
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from docexport.enrich.name_features import dynamic_features, read_document, static_features
from docexport.enrich.tagger import LABELS, encode_weights, feature_key, pack, spans_of

_NO_SPACE_BEFORE = {",", ".", ":", ";", "!", "?", ")", "]", "}", "%", "'s", "'", "n't", "'re"}
_NO_SPACE_AFTER = {"(", "[", "{", "$"}
_DATELINE = re.compile(r"^[A-Z][^\d]{0,60}?\s+\d{4}-\d\d-\d\d$")
_SEED = 13
_MAX_WEIGHT = 32000  # int16 range, with room: see tagger.FIELD_BITS
_KINDS = ("PER", "ORG", "LOC")
_DROPOUT = 0.25
_LEXICAL = ("w=", "p3=", "x4=", "w-1w=", "ww+1=", "caps-w=", "rl=", "rf=", "t-1w=", "drl=", "m=")

Sentence = list[tuple[str, str]]
Gold = list[tuple[int, int, str]]  # per text: (start, end, kind) character spans


def read_conll(path: Path) -> Iterator[list[Sentence]]:
    """Documents, each a list of sentences of (token, NER tag)."""
    doc: list[Sentence] = []
    sent: Sentence = []
    for line in [*path.read_text("utf-8", errors="replace").splitlines(), ""]:
        parts = line.split()
        if parts and parts[0] != "-DOCSTART-":
            sent.append((parts[0], parts[-1]))
            continue
        if sent:
            doc.append(sent)
            sent = []
        if parts and doc:  # a -DOCSTART- line
            yield doc
            doc = []
    if doc:
        yield doc


def _detok(sent: Sentence) -> tuple[str, Gold]:
    """The sentence as text, and its names as character spans (IOB1 or IOB2)."""
    text, spans = "", []
    kind, start, end = "", 0, 0
    for token, tag in [*sent, ("", "O")]:
        prefix, _, label = tag.partition("-")
        if kind and (tag == "O" or prefix == "B" or label != kind):
            spans.append((start, end, kind))
            kind = ""
        if not token:
            break
        if text and token not in _NO_SPACE_BEFORE and text[-1] not in _NO_SPACE_AFTER:
            text += " "
        if tag != "O" and not kind:
            kind, start = label, len(text)
        text += token
        end = len(text)
    return text, spans


def document_texts(doc: list[Sentence]) -> tuple[list[str], list[Gold]]:
    """Headline first, datelines folded into the next sentence, as the benchmark does."""
    texts, golds = [], []
    pending, pending_gold = "", []
    for index, sent in enumerate(doc):
        text, gold = _detok(sent)
        if index > 0 and _DATELINE.match(text):
            place = text.rsplit(" ", 1)[0]
            pending = place + " - "
            pending_gold = [g for g in gold if g[1] <= len(place)]
            continue
        shift = len(pending)
        texts.append(pending + text)
        golds.append(pending_gold + [(s + shift, e + shift, k) for s, e, k in gold])
        pending, pending_gold = "", []
    return texts, golds


def token_labels(tokens, gold: Gold) -> list[str]:
    labels = ["O"] * len(tokens)
    for start, end, kind in gold:
        inside = [i for i, t in enumerate(tokens) if t.start < end and t.end > start]
        for n, i in enumerate(inside):
            labels[i] = ("B-" if n == 0 else "I-") + kind
    return labels


def prepare(path: Path) -> list[tuple]:
    """Per document: the Document with its static features per sentence, and gold labels."""
    prepared = []
    for doc in read_conll(path):
        texts, golds = document_texts(doc)
        document = read_document(texts, headline=True)
        static = [static_features(document, i) for i in range(len(document.sentences))]
        labels = [token_labels(t, g) for t, g in zip(document.sentences, golds, strict=True)]
        prepared.append(((document, static), labels, golds))
    return prepared


class _Perceptron:
    """Averaged perceptron on a growing numpy matrix (feature row × tag)."""

    def __init__(self) -> None:
        import numpy as np  # noqa: PLC0415 - training only

        self.np = np
        self.rows: dict[str, int] = {}
        self.w = np.zeros((1 << 16, len(LABELS)))
        self.u = np.zeros_like(self.w)  # Σ step × update, for averaging
        self.step = 1
        self.rng = random.Random(_SEED)  # noqa: S311 - a fixed sequence, not a secret

    def index(self, features: list[str], grow: bool) -> list[int]:
        out = []
        for f in features:
            row = self.rows.get(f)
            if row is None and grow:
                row = self.rows[f] = len(self.rows)
                if row >= len(self.w):
                    pad = self.np.zeros_like(self.w)
                    self.w = self.np.vstack([self.w, pad])
                    self.u = self.np.vstack([self.u, pad])
            if row is not None:
                out.append(row)
        return out

    def predict(self, rows: list[int], weights) -> int:
        matrix = self.w if weights is None else weights  # live weights while training
        return int(matrix[rows].sum(0).argmax()) if rows else 0

    def update(self, rows: list[int], gold: int, guess: int) -> None:
        rows = sorted(set(rows))
        self.w[rows, gold] += 1
        self.w[rows, guess] -= 1
        self.u[rows, gold] += self.step
        self.u[rows, guess] -= self.step

    def averaged(self):
        return self.w - self.u / self.step


def _decode(model: _Perceptron, prepared, labels, weights, train: bool) -> list[list[str]]:
    document, static_by_sentence = prepared
    memory: dict[str, str] = {}
    out = []
    for index, tokens in enumerate(document.sentences):
        tags = ["O"] * len(tokens)
        for i, static in static_by_sentence[index].items():
            word = tokens[i].text
            prev1 = tags[i - 1] if i > 0 else "<s>"
            prev2 = tags[i - 2] if i > 1 else "<s>"
            feats = static + dynamic_features(word, prev1, prev2, memory.get(word, ""))
            if train and model.rng.random() < _DROPOUT:
                # The word itself hidden now and then, so that context and shape carry
                # weight of their own: news is full of names the training data never had.
                feats = [f for f in feats if not f.startswith(_LEXICAL)]
            rows = model.index(feats, grow=train)
            guess = model.predict(rows, weights)
            if train:
                gold = LABELS.index(labels[index][i])
                if guess != gold:
                    model.update(rows, gold, guess)
                model.step += 1
            tag = LABELS[guess]
            if tag.startswith("I-") and prev1[2:] != tag[2:]:
                tag = "B-" + tag[2:]
            tags[i] = tag
            if tag != "O":
                memory[word] = tag[2:]
        out.append(tags)
    return out


def _doc_pairs(document, tags_or_spans, *, gold: bool) -> set[tuple[str, str]]:
    pairs = set()
    for tokens, found in zip(document.sentences, tags_or_spans, strict=True):
        spans = found if gold else [(s.first, s.last, s.kind) for s in spans_of(found)]
        for first, last, kind in spans:
            if kind in _KINDS:
                text = " ".join(t.text for t in tokens[first : last + 1]).lower()
                pairs.add((kind, text.replace(".", "")))
    return pairs


def evaluate(model: _Perceptron, prepared, weights) -> dict[str, float]:
    """Document-level strict F1 per kind and overall, of the tagger alone (no rules)."""
    counts = {k: [0, 0, 0] for k in (*_KINDS, "all")}
    for document, labels, _ in prepared:
        tags = _decode(model, document, labels, weights, train=False)
        predicted = _doc_pairs(document[0], tags, gold=False)
        gold_spans = [[(s.first, s.last, s.kind) for s in spans_of(lab)] for lab in labels]
        gold = _doc_pairs(document[0], gold_spans, gold=True)
        for kind in (*_KINDS, "all"):
            p = {x for x in predicted if kind in ("all", x[0])}
            g = {x for x in gold if kind in ("all", x[0])}
            counts[kind][0] += len(p & g)
            counts[kind][1] += len(p)
            counts[kind][2] += len(g)
    return {k: 2 * tp / (p + g) if p + g else 0.0 for k, (tp, p, g) in counts.items()}


def quantise(model: _Perceptron, weights) -> dict[int, int]:
    """Hashed keys → packed int16 weights; features whose weights all round to 0 dropped."""
    np = model.np
    scale = _MAX_WEIGHT / float(np.abs(weights).max())
    quantised = np.rint(weights * scale).astype(np.int64)
    merged: dict[int, list[int]] = {}
    for feature, row in sorted(model.rows.items()):
        values = quantised[row]
        if not values.any():
            continue
        key = feature_key(feature)
        if key in merged:  # a CRC-32 collision: the runtime cannot tell them apart either
            merged[key] = [a + int(b) for a, b in zip(merged[key], values, strict=True)]
        else:
            merged[key] = [int(v) for v in values]
    return {
        key: pack([max(-_MAX_WEIGHT, min(_MAX_WEIGHT, v)) for v in values])
        for key, values in merged.items()
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, required=True)
    ap.add_argument("--out", type=Path, default=Path(__file__).with_name("ner_weights.bin"))
    ap.add_argument("--epochs", type=int, default=10)  # chosen on eng.testa
    args = ap.parse_args()
    start = time.perf_counter()
    train = prepare(args.data / "eng.train")
    dev = prepare(args.data / "eng.testa")
    print(f"prepared in {time.perf_counter() - start:.0f} s", file=sys.stderr)  # noqa: T201
    model = _Perceptron()
    rng = random.Random(_SEED)  # noqa: S311 - a fixed shuffle, not a secret
    order = list(range(len(train)))
    for epoch in range(1, args.epochs + 1):
        rng.shuffle(order)
        for i in order:
            document, labels, _ = train[i]
            _decode(model, document, labels, None, train=True)
        scores = evaluate(model, dev, model.averaged())
        line = " ".join(f"{k} {v:.3f}" for k, v in scores.items())
        print(f"epoch {epoch}: testa {line}", file=sys.stderr)  # noqa: T201
    weights = quantise(model, model.averaged())
    args.out.write_bytes(encode_weights(weights))
    print(f"{len(weights)} features → {args.out}", file=sys.stderr)  # noqa: T201
    return 0


if __name__ == "__main__":
    sys.exit(main())
