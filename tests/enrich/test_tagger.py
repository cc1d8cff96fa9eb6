"""The name tagger: its fast scoring is the score of the feature strings training learns."""

from __future__ import annotations

import pytest

from docexport.enrich.name_features import (
    dynamic_features,
    read_document,
    static_features,
    tokenize,
)
from docexport.enrich.tagger import LABELS, load_tagger, spans_of, unpack

TEXTS = [
    "FIFA BANS ZIDANE FOR THREE MATCHES",
    "Gen. Erik Kurilla of U.S. Central Command told Reuters in Baghdad on Monday.",
    "The Bank of England's governor, Andrew Bailey, met officials of the IMF.",
    "Indianapolis Colts beat the New England Patriots 24-10 in Indianapolis.",
    "Kurilla said US-led forces would stay; Bailey did not.",
    "al Qaeda and Lula da Silva",
    "nothing capitalised here at all",
    "A",
    "",
]


def reference_tags(texts: list[str], *, headline: bool) -> list[list[str]]:
    """Greedy decoding over the feature strings, as ``data/train_ner.py`` decodes."""
    tagger, doc = load_tagger(), read_document(texts, headline=headline)
    memory: dict[str, str] = {}
    out = []
    for index, tokens in enumerate(doc.sentences):
        tags = ["O"] * len(tokens)
        for i, static in static_features(doc, index).items():
            word = tokens[i].text
            prev1 = tags[i - 1] if i > 0 else "<s>"
            prev2 = tags[i - 2] if i > 1 else "<s>"
            features = static + dynamic_features(word, prev1, prev2, memory.get(word, ""))
            scores = unpack(sum(tagger.packed(f) for f in features))
            tag = LABELS[max(range(len(LABELS)), key=scores.__getitem__)]
            if tag.startswith("I-") and prev1[2:] != tag[2:]:
                tag = "B-" + tag[2:]
            tags[i] = tag
            if tag != "O":
                memory[word] = tag[2:]
        out.append(tags)
    return out


@pytest.mark.parametrize("headline", [True, False])
def test_fast_scoring_tags_as_the_feature_strings_do(headline: bool) -> None:
    tagger = load_tagger()
    expected = reference_tags(TEXTS, headline=headline)
    assert tagger.tag_document(read_document(TEXTS, headline=headline)) == expected
    _, spans = tagger.tag(TEXTS, headline=headline)
    assert spans == [spans_of(tags) for tags in expected]
    assert any(tag != "O" for tags in expected for tag in tags)  # the texts do hold names


def test_the_tagger_finds_the_kinds_of_plain_names() -> None:
    _, spans = load_tagger().tag(["Headline", TEXTS[1]], headline=True)
    tokens = tokenize(TEXTS[1])
    found = {" ".join(t.text for t in tokens[s.first : s.last + 1]): s.kind for s in spans[1]}
    assert found.get("Erik Kurilla") == "PER"
    assert found.get("Baghdad") == "LOC"


def test_unpack_reads_negative_and_positive_fields() -> None:
    scores = [-5, 0, 7, -32000, 32000, 1, -1, 2, -2]
    packed = sum(w << (24 * c) for c, w in enumerate(scores))
    assert unpack(packed) == scores


def test_tokenize_splits_possessives_full_stops_and_hyphen_suffixes() -> None:
    words = [t.text for t in tokenize("Smith's US-led Mr. Jones left.")]
    assert words == ["Smith", "'s", "US", "-", "led", "Mr.", "Jones", "left", "."]
    assert [t.text for t in tokenize("U.S. A. Lee")] == ["U.S.", "A.", "Lee"]
    offsets = [(t.start, t.end) for t in tokenize("ab  cd's")]
    assert offsets == [(0, 2), (4, 6), (6, 8)]


def test_every_token_score_is_the_sum_of_its_feature_strings() -> None:
    """The invariant behind the fast path, token by token (tags could hide a small slip)."""
    tagger = load_tagger()
    doc = read_document(TEXTS, headline=True)
    checked = 0
    for index, tokens in enumerate(doc.sentences):
        words = [tagger._words[t.text] for t in tokens]
        for i, features in static_features(doc, index).items():
            expected = sum(tagger.packed(f) for f in features)
            assert tagger._static_score(doc, index, words, i) == expected, tokens[i].text
            checked += 1
    assert checked > 20
