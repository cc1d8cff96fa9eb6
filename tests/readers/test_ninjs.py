"""The ninjs reader: IPTC's examples and test suite, all three versions' spellings, and
what a hostile or sloppy feed sends."""

from __future__ import annotations

import io
import json
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from docexport.errors import InputError
from docexport.model import BlockKind, EntityType, NewsItem, Origin
from docexport.normalise import normalise_line
from docexport.readers import detect, ninjs, read_data, read_path
from docexport.readers import json as json_reader
from docexport.readers.ninjs.markup import blocks_from_html
from docexport.writers import create_writer
from tests.conftest import DATA, shared_path

NINJS = DATA / "ninjs"

# Every top-level key the reader may take into the model; any other key of an input must
# come back unchanged in extra["ninjs"].
MODEL_KEYS = frozenset(
    {"uri", "headlines", "headline", "bodies", "body_html", "body_xhtml", "body_text"}
    | {"by", "byline", "language", "urgency", "version", "slugline", "located", "keywords"}
    | {"copyrightHolder", "copyrightNotice", "usageTerms", "infoSources", "subjects"}
    | {"copyrightholder", "copyrightnotice", "usageterms", "infosources", "infosource"}
    | {"genres", "genre", "subject", "people", "person", "organisations", "organisation"}
    | {"places", "place"}
)
EXAMPLES = [
    "2.2_004_simple_text_article.json",
    "2.2_005_complex_text_article.json",
    "3.1_004_simple_text_article.json",
    "3.1_005_complex_text_article.json",
]
# IPTC's 3.0 suite, file by file: what reading it as it is does, and why. Every text item
# of should_pass lacks a body (and most a headline too): the suite tests the schema, and a
# news item without text has nothing to convert, so none of them is an article as it is.
NO_BODY, NO_HEADLINE, NOT_ARTICLE = "without body text", "without a headline", "no article"
SHOULD_PASS_TEXT = {
    "001_ninjs_example.json": NO_BODY,
    "002_schema.json": NO_HEADLINE,
    "003_schema_only.json": NO_HEADLINE,
    "004_headlines.json": NO_BODY,
    "005_altids.json": NO_HEADLINE,
    "006_genre.json": NO_BODY,
    "007_trust_indicator.json": NO_BODY,
    "009_rights.json": NO_HEADLINE,
    "010_planned_news_item.json": NO_HEADLINE,
    "019_good_urgency.json": NO_HEADLINE,
}
SHOULD_PASS_OTHER = {
    "010_geojson.json": NO_BODY,  # a picture: caption and renditions, no body
    **dict.fromkeys(
        [
            "002_simple_event.json",
            "003_event_with_organiser.json",
            "005_planned_coverage.json",
            "006_planning_with_rendition.json",
            "007_planning_rendition_reuters.json",
            "008_planning_with_rendition_srt.json",
            "009_planned_coverage_commissioninginfo.json",
            "010_event_with_truncated_date.json",
            "011_event_with_truncated_start_and_end_date.json",
            "012_recurring_event.json",
            "013_planned_coverage.json",
            "014_planning_rendition_reuters.json",
            "015_complex_recurrence.json",
            "016_complex_recurrence_2.json",
            "017_expectedduration.json",
            "018_expectedduration_2.json",
        ],
        NOT_ARTICLE,
    ),
}
# None: read (tolerant: the schema error is in a part kept verbatim in extra).
SHOULD_FAIL = {
    "001_bad_geojson.json": NO_BODY,
    "001_bad_toplevel.json": NO_HEADLINE,
    "002_bad_association.json": None,
    "003_event_with_conflicting_start.json": NOT_ARTICLE,
    "004_event_with_renditions.json": NOT_ARTICLE,
    "004_invalid_truncated_date.json": NOT_ARTICLE,
    "005_planned_coverage_bad_urgency.json": NOT_ARTICLE,
    "006_bad_urgency.json": NO_HEADLINE,
}


def read(doc: dict[str, Any] | bytes | str, name: str = "item.json") -> NewsItem:
    data = json.dumps(doc) if isinstance(doc, dict) else doc
    return read_data(data.encode() if isinstance(data, str) else data, name, ninjs)


def refusal(doc: dict[str, Any] | bytes | str) -> str:
    with pytest.raises(InputError) as info:
        read(doc)
    message = str(info.value)
    assert "\n" not in message and len(message) < 200
    return message


def load(*parts: str) -> dict[str, Any]:
    doc: dict[str, Any] = json.loads(shared_path("ninjs", *parts).read_bytes())
    return doc


def with_article(doc: dict[str, Any]) -> dict[str, Any]:
    """``doc`` with what an article needs added where it has none: a headline, a body."""
    added = {"bodies": [{"value": "<p>Body text of the test.</p>", "contentType": "text/html"}]}
    if not any(k in doc for k in ("headlines", "headline", "title")):
        added["headlines"] = [{"value": "Added headline"}]
    return doc | added


def assert_keys_accounted(doc: dict[str, Any], item: NewsItem) -> None:
    extra = item.extra.get("ninjs", {})
    assert {key: doc.get(key) for key in extra} == extra  # kept unchanged
    assert set(doc) - set(extra) <= MODEL_KEYS
    assert (set(doc) - set(extra)) | set(extra) == set(doc)


def assert_round_trip(item: NewsItem) -> None:
    assert NewsItem.from_dict(item.to_dict()) == item
    out = io.BytesIO()
    create_writer("json").write(item, out)
    assert read_data(out.getvalue(), "item.json", json_reader) == item


# -- IPTC's examples and test suite ------------------------------------------------------


@pytest.mark.parametrize("name", EXAMPLES)
def test_official_examples(name: str) -> None:
    doc = load("examples", name)
    item = read(shared_path("ninjs", "examples", name).read_bytes(), name)
    assert item.headline == "Captain of wrecked cruise ship on trial in Italy"
    # The richtext body: four paragraphs, where the text/plain one runs them together.
    assert [b.kind for b in item.body] == [BlockKind.PARAGRAPH] * 4
    assert item.body[0].text.startswith("GROSSETO, Italy (AP) -- The trial of the captain")
    assert item.body[3].text.endswith(
        "took on water and capsized. Schettino has denied wrongdoing."
    )
    assert item.created == datetime(2013, 7, 9, 10, 37, tzinfo=UTC)
    assert item.bylines == ("Paulo Santalucia", "Frances d'Emilio")
    assert item.language == "en"  # stated by 005, guessed from the text for 004
    kept = item.extra["ninjs"]
    assert kept["uri"] == doc["uri"] and kept["bodies"] == doc["bodies"]
    assert item.guid.startswith("urn:newsml:docexport.invalid:undated:")
    assert_keys_accounted(doc, item)
    assert_round_trip(item)


@pytest.mark.parametrize("name", [n for n in EXAMPLES if "complex" in n])
def test_complex_examples_rights_place_and_entities(name: str) -> None:
    item = read(shared_path("ninjs", "examples", name).read_bytes(), name)
    assert item.rights is not None
    assert (
        item.rights.notice == "Copyright 2013 The News Agency, www.tna.org - all rights reserved."
    )
    assert item.dateline is not None and item.dateline.place == "Grossetto, Italy"
    names = {(e.name, e.type) for e in item.entities or ()}
    assert names == {
        ("Francesco Schettino", EntityType.PERSON),
        ("Tuscany", EntityType.PLACE),
        ("Italy", EntityType.PLACE),
    }
    assert all(e.origin is Origin.SOURCE for e in item.entities or ())
    # "Grossetto" (the text says GROSSETO) and "Costa Crociere SpA" are not in the text:
    # no invented mention; they stay in extra with the rest of their lists.
    kept = item.extra["ninjs"]
    assert "Grossetto" in json.dumps(kept["places"])
    assert kept["organisations"] == [{"name": "Costa Crociere SpA", "rel": "mentions"}]
    italy = next(e for e in item.entities or () if e.name == "Italy")
    assert (italy.country_code, italy.place_kind) == ("IT", "country")


def test_the_suite_tables_cover_every_file() -> None:
    passing = {p.name for p in shared_path("ninjs", "test_suite", "3.0", "should_pass").iterdir()}
    failing = {p.name for p in shared_path("ninjs", "test_suite", "3.0", "should_fail").iterdir()}
    assert passing == set(SHOULD_PASS_TEXT) | set(SHOULD_PASS_OTHER)
    assert failing == set(SHOULD_FAIL)
    for name in SHOULD_PASS_TEXT:
        assert load("test_suite", "3.0", "should_pass", name).get("type", "text") == "text"


@pytest.mark.parametrize(
    ("name", "reason"), [*SHOULD_PASS_TEXT.items(), *SHOULD_PASS_OTHER.items()]
)
def test_should_pass_files_without_an_article_are_refused_in_one_line(
    name: str, reason: str
) -> None:
    assert reason in refusal(load("test_suite", "3.0", "should_pass", name))


@pytest.mark.parametrize("name", SHOULD_PASS_TEXT)
def test_should_pass_text_items_read_once_they_have_text(name: str) -> None:
    doc = with_article(load("test_suite", "3.0", "should_pass", name))
    item = read(doc, name)
    assert item.body[0].text == "Body text of the test."
    assert_keys_accounted(doc, item)
    assert_round_trip(item)


def test_should_pass_fields_land_in_the_model_or_in_extra() -> None:
    suite = ("test_suite", "3.0", "should_pass")
    headlines = read(with_article(load(*suite, "004_headlines.json")))
    assert headlines.headline == "Test of headline property"
    assert len(headlines.extra["ninjs"]["headlines"]) == 6  # roles the model has no slot for
    genres = read(with_article(load(*suite, "006_genre.json")))
    assert [(g.qcode, g.name) for g in genres.genres] == [
        ("genre:Current", "Current"),
        ("genre:From_the_Scene", "From the Scene"),
    ]
    assert genres.extra["ninjs"]["genres"][2:] == [
        {"name": "Fact Check"},  # no code: not invented
        {"literal": "notrecommended:but-punctuation-is-allowed"},
    ]
    assert read(with_article(load(*suite, "019_good_urgency.json"))).urgency == 1
    rights = read(with_article(load(*suite, "009_rights.json"))).extra["ninjs"]
    assert set(rights) == {"uri", "rightsInfo", "associations"}
    first = read(with_article(load(*suite, "001_ninjs_example.json"))).extra["ninjs"]
    assert {"standard", "descriptions", "trustIndicators"} <= set(first)


@pytest.mark.parametrize(("name", "reason"), SHOULD_FAIL.items())
def test_should_fail_files(name: str, reason: str | None) -> None:
    doc = load("test_suite", "3.0", "should_fail", name)
    if reason is not None:
        assert reason in refusal(doc)
        return
    item = read(doc, name)  # 002: the association's unknown key is the association's own
    assert item.extra["ninjs"]["associations"] == doc["associations"]
    assert item.body[0].text == "..." and item.version == 1
    assert_keys_accounted(doc, item)
    assert_round_trip(item)


def test_should_fail_values_are_kept_not_mapped_once_there_is_text() -> None:
    suite = ("test_suite", "3.0", "should_fail")
    urgency = read(with_article(load(*suite, "006_bad_urgency.json")))
    assert urgency.urgency is None and urgency.extra["ninjs"]["urgency"] == 0.1
    top = read(with_article(load(*suite, "001_bad_toplevel.json")))
    assert top.extra["ninjs"]["random"] == "properties should not be accepted"
    picture = with_article(load(*suite, "001_bad_geojson.json"))
    item = read(picture)
    assert item.extra["ninjs"]["places"] == picture["places"]
    assert_keys_accounted(picture, item)


# -- Every version's spelling ------------------------------------------------------------


def test_our_3x_fixture_is_valid_ninjs_3_1() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    referencing = pytest.importorskip("referencing")
    from referencing.jsonschema import DRAFT7  # noqa: PLC0415

    geo = json.loads(shared_path("ninjs", "geojson", "GeoJSON.json").read_bytes())
    registry = referencing.Registry().with_resource(
        "https://geojson.org/schema/GeoJSON.json",
        referencing.Resource.from_contents(geo, default_specification=DRAFT7),
    )
    schema = json.loads(shared_path("ninjs", "ninjs-schema_3.1.json").read_bytes())
    validator = jsonschema.Draft202012Validator(schema, registry=registry)
    assert list(validator.iter_errors(json.loads((NINJS / "v3_article.json").read_bytes()))) == []


def test_3x_article_maps_every_field_with_a_place_in_the_model() -> None:
    doc = json.loads((NINJS / "v3_article.json").read_bytes())
    item = read_path(str(NINJS / "v3_article.json"))  # detection sends it to this reader
    assert (item.headline, item.subheadline) == (
        "Harbour bridge reopens after repairs",
        "Traffic returns to the city's busiest crossing",
    )
    assert (item.version, item.urgency, item.language, item.slugline) == (
        3,
        4,
        "en-GB",
        "UK-Bridge",
    )
    assert item.created == datetime(2024, 5, 1, 6, tzinfo=UTC)  # firstCreated before versionCreated
    assert item.bylines == ("Jane Doe", "John Roe")
    assert item.rights is not None
    assert (item.rights.holder, item.rights.notice, item.rights.usage_terms) == (
        "Example News Ltd",
        "© 2024 Example News Ltd",
        "Editorial use only.",
    )
    assert item.info_sources == ("Example News",)
    assert [b.kind for b in item.body] == [
        BlockKind.PARAGRAPH,
        BlockKind.HEADING,
        BlockKind.PARAGRAPH,
        BlockKind.BLOCKQUOTE,
        BlockKind.LIST_ITEM,
        BlockKind.LIST_ITEM,
    ]
    link = item.body[0].links[0]
    assert item.body[0].text[link.start : link.end] == "city council"
    assert link.href == "https://example.com/council"
    assert [s.qcode for s in item.subjects or ()] == ["medtop:20000753", "medtop:20000756"]
    assert [g.qcode for g in item.genres] == ["genre:Current"]
    entities = {e.name: e for e in item.entities or ()}
    assert set(entities) == {"Jane Roe", "Acme Engineering", "Liverpool", "United Kingdom"}
    assert entities["Liverpool"].geonames_id == 2644210
    assert entities["United Kingdom"].country_code == "GB"
    kept = item.extra["ninjs"]
    assert kept["versionCreated"] == "2024-05-01T12:30:15.250+02:00"
    assert kept["people"][1] == {"name": "Richard Miles"}  # not in the text
    assert {"altIds", "associations", "renditions", "trustIndicators", "edNote"} <= set(kept)
    assert "headlines" not in kept and "copyrightHolder" not in kept
    assert_keys_accounted(doc, item)
    assert_round_trip(item)


def test_2x_article_with_a_guid_uri_and_a_plain_text_body() -> None:
    doc = json.loads((NINJS / "v2_article.json").read_bytes())
    item = read(doc)
    assert item.guid == doc["uri"] and "uri" not in item.extra["ninjs"]
    assert item.created is not None
    assert item.created.isoformat() == "2024-04-30T23:15:00-05:00"  # contentcreated, its offset
    assert [b.text for b in item.body] == [
        "HAMBURG — Die Brücke ist wieder offen.",
        "Der Verkehr rollt seit Mittwoch.",
        "Die Reparatur dauerte drei Monate.",
    ]
    assert (item.language, item.version, item.bylines) == ("de", 2, ("Max Mustermann",))
    assert item.subjects is not None and item.subjects[0].qcode == "medtop:20000753"
    assert item.extra["ninjs"]["infosources"] == [{"name": "Example Agentur", "role": "originfo"}]
    assert "headlines" not in item.extra["ninjs"]  # a bare {"value": ...} is all the model's
    assert_keys_accounted(doc, item)
    assert_round_trip(item)


def test_1x_superdesk_style_item() -> None:
    doc = json.loads((NINJS / "v1_superdesk.json").read_bytes())
    item = read(doc)
    assert item.headline == "Council approves new budget"
    assert [b.text for b in item.body] == [
        "The council in Springfield approved the budget on Tuesday.",
        "Mayor Ana Lopez welcomed it.",
        "Critics did not.",  # <br><br> ends a paragraph
    ]
    assert item.bylines == ("Ana de Souza", "Li Wei")
    assert [s.qcode for s in item.subjects or ()] == ["medtop:20000587", "subj:04000000"]
    assert [g.qcode for g in item.genres] == ["genre:Current"]
    assert item.keywords == ("budget", "council")
    assert {e.name for e in item.entities or ()} == {"Ana Lopez", "Springfield"}
    kept = item.extra["ninjs"]
    assert kept["body_text"] == doc["body_text"]  # the alternative not read
    assert kept["headline"] == doc["headline"]  # normalised in the model, so kept as it was
    assert kept["byline"] == doc["byline"]  # "&" would come back as "and"
    assert {"priority", "service", "charcount", "subject", "description_text"} <= set(kept)
    assert_keys_accounted(doc, item)
    assert_round_trip(item)


@pytest.mark.parametrize(
    ("doc", "version_created"),
    [
        (
            {"versionCreated": "2024-01-01T00:00:00Z", "versioncreated": "1999-01-01T00:00:00Z"},
            2024,
        ),
        (
            {
                "standard": {"schema": "http://www.iptc.org/std/ninjs/ninjs-schema_2.2.json"},
                "versionCreated": "2024-01-01T00:00:00Z",
                "versioncreated": "1999-01-01T00:00:00Z",
            },
            1999,
        ),
    ],
)
def test_of_two_spellings_the_documents_own_version_wins(
    doc: dict[str, Any], version_created: int
) -> None:
    item = read({"uri": "x:1", "headline": "H", "body_text": "B"} | doc)
    assert item.created is not None and item.created.year == version_created


@pytest.mark.parametrize(
    ("stamp", "created"),
    [
        ("2024-05-01", date(2024, 5, 1)),  # a date stays a date: no made-up midnight
        ("2024-05-01T12:00:00.250Z", datetime(2024, 5, 1, 12, 0, 0, 250000, tzinfo=UTC)),
        ("2024-05-01T12:00+05:30", datetime(2024, 5, 1, 12, tzinfo=timezone(timedelta(hours=5.5)))),
        ("2024-05-01T12:00:00", None),  # no offset: not an instant
        ("2024-05-01T12:00:00+15:00", None),
        ("0999-05-01T12:00:00Z", None),
        ("1 May 2024", None),
    ],
)
def test_dates_keep_their_precision_or_stay_unmapped(stamp: str, created: object) -> None:
    item = read({"uri": "x:1", "headline": "H", "body_text": "B", "versionCreated": stamp})
    assert item.created == created
    assert type(item.created) is type(created)
    assert item.extra["ninjs"]["versionCreated"] == stamp


def test_guid_from_the_uri_is_shared_by_versions_of_one_item() -> None:
    first = read({"uri": "http://a.example/1", "version": "1", "headline": "H", "body_text": "B"})
    second = read({"uri": "http://a.example/1", "version": "2", "headline": "H2", "body_text": "C"})
    other = read({"uri": "http://a.example/2", "headline": "H", "body_text": "B"})
    assert first.guid == second.guid != other.guid
    assert (first.version, second.version) == (1, 2)


def test_entities_need_their_exact_name_in_the_text() -> None:
    item = read(
        {
            "uri": "x:1",
            "headline": "Pepe wins",
            "body_text": "Pepes cafe. Pepe said: Pepe.",
            "people": [{"name": "Pepe"}, {"name": "Nobody Here"}],
        }
    )
    (pepe,) = item.entities or ()
    assert [(m.block, m.start) for m in pepe.mentions] == [(-1, 0), (0, 12), (0, 23)]
    assert item.extra["ninjs"]["people"][1] == {"name": "Nobody Here"}


def test_values_of_the_wrong_type_are_kept_not_mapped() -> None:
    doc = {
        "uri": "x:1",
        "headline": "Headline",
        "body_text": "Body.",
        "headlines": "not a list",
        "bodies": {"value": "not a list"},
        "by": 5,
        "subjects": [
            1,
            None,
            "medtop:20000753",
            {"literal": "medtop:20000753"},  # a literal is no code
            {"scheme": "http://cv.iptc.org/newscodes/mediatopic/", "name": "no code"},
        ],
        "people": [1, None, "Body"],
        "language": ["en"],
        "version": 3,
        "urgency": True,
        "slugline": "with spaces",
        "keywords": ["ok", 2],
        "copyrightHolder": {"name": "x"},
    }
    item = read(doc)
    assert (item.headline, item.body[0].text, item.version, item.urgency) == (
        "Headline",
        "Body.",
        1,
        None,
    )
    assert item.subjects is None and item.entities is None and item.keywords == ("ok",)
    assert set(item.extra["ninjs"]) == set(doc) - {"headline", "body_text"}
    assert_round_trip(item)


# -- Refusals and hostile input ----------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"[]", "not an object"),
        (b'"uri"', "not an object"),
        (b'{"headline": "x", "body_text": "y"}', 'no "uri"'),
        (b'{"uri": 5, "headline": "x", "body_text": "y"}', 'no "uri"'),
        (b'{"uri": "x:1", "headline": "x", "body_text": "y",}', "not valid JSON"),
        (b'{"uri": "x:1", "type": "event", "title": "A press conference"}', "no article"),
        (b'{"uri": "x:1", "headline": "x", "urgency": NaN}', "NaN"),
        (b'{"uri": "x:1", "headline": "x", "urgency": -Infinity}', "Infinity"),
        (b'{"uri": "x:1", "headline": "x", "urgency": 1e999}', "not a finite JSON number"),
        (b'{"uri": "x:1", "urgency": 1' + b"0" * 5000 + b"}", "not valid JSON"),
        (b'{"uri": "x:1", "a": ' + b"[" * 100_000 + b"]" * 100_000 + b"}", "nested"),
        (b'{"uri": "x:1", "a": ' + b"[" * 100 + b"]" * 100 + b"}", "nested over 64"),
        (b"", "empty"),
    ],
)
def test_refusals_are_one_line(data: bytes, reason: str) -> None:
    assert reason in refusal(data)


def test_a_big_but_finite_number_is_kept() -> None:
    item = read(
        b'{"uri": "x:1", "headline": "H", "body_text": "B", "urgency": 1' + b"0" * 300 + b"}"
    )
    assert item.urgency is None and item.extra["ninjs"]["urgency"] == 10**300
    assert_round_trip(item)


def test_nesting_within_the_bound_is_kept() -> None:
    deep: Any = "bottom"
    for _ in range(60):
        deep = {"a": deep}
    item = read({"uri": "x:1", "headline": "H", "body_text": "B", "deep": deep})
    assert item.extra["ninjs"]["deep"] == deep
    assert_round_trip(item)


def test_script_and_other_non_text_never_reach_the_body() -> None:
    item = read((NINJS / "hostile_body.json").read_bytes())
    text = " ".join(b.text for b in item.body)
    assert text == "Safe text here. Tail & more"
    for word in ("SCRIPT", "HANDLER", "LINK", "NOSCRIPT", "IFRAME", "COMMENT", "color"):
        assert word not in text
    assert all(not b.links for b in item.body)  # a javascript: link is no link


def test_an_entity_bomb_in_body_html_is_refused() -> None:
    bomb = (
        '<!DOCTYPE p [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
        '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><p>&c;&c;&c;&c;&c;</p>'
    )
    assert "entities" in refusal({"uri": "x:1", "headline": "H", "body_html": bomb})


def test_lone_surrogates_become_replacement_characters() -> None:
    # Unpaired \uD800 escapes are no characters: UTF-8 output could not carry them.
    data = (
        b'{"uri": "x:1", "headline": "A \\ud800 B", "body_text": "C\\udfff", "k\\ud800": "\\udc00"}'
    )
    item = read(data)
    assert (item.headline, item.body[0].text) == ("A \ufffd B", "C\ufffd")
    assert item.extra["ninjs"]["k\ufffd"] == "\ufffd"
    assert_round_trip(item)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.dictionaries(
        st.sampled_from(sorted(MODEL_KEYS | {"versionCreated", "title", "x", "Headlines"})),
        st.recursive(
            st.none()
            | st.booleans()
            | st.integers()
            | st.floats(allow_nan=False, allow_infinity=False)
            | st.text(),
            lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner),
            max_leaves=8,
        ),
    )
)
def test_any_json_never_crashes_the_reader(fields: dict[str, Any]) -> None:
    doc = {"uri": "x:1", "headline": "H", "body_text": "B"} | fields
    try:
        item = read(json.dumps(doc, allow_nan=False))
    except InputError:
        return
    assert_keys_accounted(doc, item)
    assert_round_trip(item)


# -- HTML fragments as blocks ------------------------------------------------------------


def test_html_blocks_kinds_levels_lists_and_links() -> None:
    blocks = blocks_from_html(
        "<h1>Top</h1><h3>Deep</h3><p>One <b>two</b>\n  <a href='http://a.example/x'>three</a>"
        "</p><blockquote><p>Q1</p><p>Q2</p></blockquote><ul><li>a<ol><li>a1</li></ol></li>"
        "</ul><pre>  x = 1\n  y = 2\n</pre><p>a&amp;b&nbsp;c</p>"
    )
    assert [(b.kind.value, b.level, b.ordered, b.text) for b in blocks] == [
        ("heading", 2, False, "Top"),
        ("heading", 3, False, "Deep"),
        ("paragraph", None, False, "One two three"),
        ("blockquote", None, False, "Q1"),
        ("blockquote", None, False, "Q2"),
        ("list_item", None, False, "a"),
        ("list_item", None, True, "a1"),
        ("preformatted", None, False, "  x = 1\n  y = 2"),
        ("paragraph", None, False, "a&b\xa0c"),
    ]
    (link,) = blocks[2].links
    assert (blocks[2].text[link.start : link.end], link.href) == ("three", "http://a.example/x")
    for block in blocks:
        if block.kind is not BlockKind.PREFORMATTED:
            assert normalise_line(block.text) == block.text


def test_html_links_that_would_break_the_item_are_dropped() -> None:
    (block,) = blocks_from_html(
        '<p><a href="http://a.example/a b">spaced</a> <a href="">empty</a> '
        '<a href="data:text/html,x">data</a> <a href=" http://ok.example/ ">ok </a></p>'
    )
    assert block.text == "spaced empty data ok"
    assert [(block.text[k.start : k.end], k.href) for k in block.links] == [
        ("ok", "http://ok.example/")
    ]


def test_html_with_no_text_gives_no_blocks_and_the_item_is_refused() -> None:
    assert blocks_from_html("<img src='x.jpg'><script>x()</script>") == ()
    doc = {"uri": "x:1", "headline": "H", "bodies": [{"value": "<img src='x.jpg'>"}]}
    assert NO_BODY in refusal(doc)


def test_detection_sends_ninjs_here() -> None:
    assert detect((NINJS / "v1_superdesk.json").read_bytes(), "story.json") == "ninjs"
