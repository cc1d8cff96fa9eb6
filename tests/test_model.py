"""The model and its JSON Schema: what readers produce validates, and dicts round-trip."""

from __future__ import annotations

import copy
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from docexport.errors import InputError, SchemaError
from docexport.model import (
    BlockKind,
    Entity,
    EntityType,
    Figure,
    NewsItem,
    Quote,
    Span,
    Subject,
    Summary,
    validate_dict,
)
from docexport.readers.text import read_bytes
from tests.conftest import SEED

# Text a newsroom might send: any printable Unicode, plus whitespace and a few controls.
_chars = st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00")
_line = st.text(_chars, min_size=1, max_size=60)
_paragraph = st.text(_chars, min_size=1, max_size=300)


def _seed_item() -> NewsItem:
    return read_bytes(SEED.read_bytes(), SEED.name)


def test_seed_item_validates_against_schema() -> None:
    validate_dict(_seed_item().to_dict())


def test_round_trip_of_the_seed() -> None:
    item = _seed_item()
    assert NewsItem.from_dict(item.to_dict()) == item


def test_round_trip_with_every_enrichment_slot_filled() -> None:
    span = Span(block=0, start=0, end=4)
    item = _seed_item()
    enriched = NewsItem(
        **{f: getattr(item, f) for f in item.__dataclass_fields__ if f not in _ENRICHMENT},
        entities=(
            Entity(
                name="Patrick Ryder",
                type=EntityType.PERSON,
                mentions=(span, span),
                titles=("Major General",),
            ),
            Entity(name="Iraq", type=EntityType.PLACE, mentions=(span,), country_code="IQ"),
        ),
        quotes=(Quote(text="resurgent", span=span, speaker="Ken McCallum"),),
        figures=(Figure(text="40,000 US troops", value=40000, unit="troops", span=span),),
        subjects=(Subject(qcode="medtop:16000000", name="conflict, war and peace"),),
        summary=Summary(bluf="Two US personnel were hurt.", key_points=("One.", "Two.")),
    )
    data = enriched.to_dict()
    validate_dict(data)
    assert data["entities"][0]["mention_count"] == 2
    assert NewsItem.from_dict(data) == enriched


_ENRICHMENT = {"entities", "quotes", "figures", "subjects", "summary"}


@pytest.mark.parametrize(
    ("mutate", "where"),
    [
        (lambda d: d.pop("headline"), "(root)"),
        (lambda d: d.update(guid="not a urn"), "guid"),
        (lambda d: d.update(created="22/10/2024"), "created"),
        (lambda d: d.update(created="2024-10-22T10:00:00"), "created"),
        (lambda d: d.update(language="english!"), "language"),
        (lambda d: d.update(body=[]), "body"),
        (lambda d: d["body"][0].update(kind="table"), "body/0/kind"),
        (lambda d: d.update(surprise=1), "(root)"),
        (lambda d: d.update(subjects=[{"qcode": "no scheme", "name": "x"}]), "subjects/0/qcode"),
        (lambda d: d.update(headline="two\nlines"), "headline"),
    ],
)
def test_schema_rejects_broken_items(mutate, where: str) -> None:
    data = copy.deepcopy(_seed_item().to_dict())
    mutate(data)
    with pytest.raises(SchemaError, match=re.escape(f"at {where}:")):
        NewsItem.from_dict(data)


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(
    headline=_line,
    paragraphs=st.lists(_paragraph, min_size=0, max_size=6),
    date=st.one_of(st.none(), st.dates().map(lambda d: d.isoformat())),
    crlf=st.booleans(),
)
def test_any_text_gives_a_valid_item_or_an_input_error(headline, paragraphs, date, crlf) -> None:
    first = f" date {date} {headline}" if date else headline
    text = "\n\n".join([first, *paragraphs])
    if crlf:
        text = text.replace("\n", "\r\n")
    try:
        item = read_bytes(text.encode("utf-8"), "generated.txt")
    except InputError:
        return
    data = item.to_dict()
    validate_dict(data)
    assert NewsItem.from_dict(data) == item
    assert all(b.text == b.text.strip() and b.text for b in item.body)


@settings(max_examples=150)
@given(st.binary(max_size=400))
def test_any_bytes_give_an_item_or_an_input_error(data: bytes) -> None:
    try:
        item = read_bytes(data, "random.bin")
    except InputError as exc:
        assert str(exc) and "\n" not in str(exc)
    else:
        validate_dict(item.to_dict())


@given(st.lists(st.sampled_from(list(BlockKind)), min_size=1, max_size=6), _line)
def test_every_block_kind_round_trips(kinds: list[BlockKind], text: str) -> None:
    item = _seed_item()
    data = item.to_dict()
    data["body"] = [{"kind": k.value, "text": text.strip() or "x"} for k in kinds]
    data["headline"] = data["headline"]
    rebuilt = NewsItem.from_dict(data)
    assert [b.kind for b in rebuilt.body] == kinds
    assert rebuilt.to_dict() == data
