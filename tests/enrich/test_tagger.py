"""The name tagger: its fast scoring is the score of the feature strings training learns."""

from __future__ import annotations

import pytest

from docexport.enrich.name_features import (
    dynamic_features,
    read_document,
    static_features,
    tokenize,
)
from docexport.enrich.package_data import mapped
from docexport.enrich.tagger import (
    LABELS,
    WEIGHTS_FILE,
    Tagger,
    Weights,
    encode_weights,
    feature_key,
    load_tagger,
    pack,
    spans_of,
    unpack,
)

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


# Keys chosen to fall at the edges: 0, the last key, both ends of a bucket (top 12 bits).
WEIGHTS = {
    0: pack([1, -1, 0, 0, 0, 0, 0, 0, 0]),
    5: pack([0] * 8 + [-32767]),
    (1 << 20) - 1: pack([32767, 0, 0, 0, 0, 0, 0, 0, 1]),
    1 << 20: pack([-2, 3, -4, 5, -6, 7, -8, 9, -10]),
    0xDEADBEEF: pack([0, 0, 0, 0, 12, 0, 0, 0, 0]),
    (1 << 32) - 1: pack([-1] * 9),
}


def test_the_weights_file_round_trips() -> None:
    weights = Weights(encode_weights(WEIGHTS))
    assert len(weights) == len(WEIGHTS)
    assert dict(weights.items()) == WEIGHTS
    for key, packed in WEIGHTS.items():
        assert weights.get(key) == packed
    for absent in (1, 4, 6, (1 << 20) + 1, 0xDEADBEEE, 0xDEADBEF0, (1 << 32) - 2):
        assert weights.get(absent) == 0
        assert weights.get(absent, -7) == -7
    assert encode_weights(WEIGHTS) == encode_weights(dict(reversed(WEIGHTS.items())))


def test_empty_and_damaged_weights_files() -> None:
    assert len(Weights(encode_weights({}))) == 0
    assert Weights(encode_weights({})).get(feature_key("w=london")) == 0
    data = encode_weights(WEIGHTS)
    with pytest.raises(ValueError, match="truncated"):
        Weights(data[:-1])
    with pytest.raises(ValueError, match="not a docexport"):
        Weights(b"DXNER1\n" + data[7:])


def test_the_shipped_weights_file_is_what_encode_weights_writes() -> None:
    """Read back and written again, the shipped file is the same bytes: sorted keys, a
    right bucket index, and what ``train_ner`` would write for these weights."""
    data = bytes(mapped(WEIGHTS_FILE))
    weights = Weights(data)
    assert len(weights) > 50_000
    assert encode_weights(dict(weights.items())) == data
    assert load_tagger().packed("b") == weights.get(feature_key("b")) != 0


def test_a_feature_string_is_looked_up_by_its_crc32_key() -> None:
    learnt = {feature_key("w=london"): pack([0, 0, 0, 0, 0, 9, 0, 0, 0])}
    tagger = Tagger(Weights(encode_weights(learnt)))
    assert tagger.packed("w=london") == learnt[feature_key("w=london")]
    assert tagger.packed("w=paris") == 0
    assert unpack(tagger.packed("w=london"))[LABELS.index("B-LOC")] == 9
