"""ninjs output: valid against IPTC's official 3.1 and 2.2 JSON Schemas, honest about dates,
rights and machine-made metadata, with article text escaped in the HTML body.

The validator is the README's (draft 2020-12, the local GeoJSON schema in a registry so
nothing is fetched) with strict ``date-time`` and ``uri`` format checks of our own:
jsonschema only enforces ``date-time`` when the optional ``rfc3339-validator`` is
installed. IPTC's own test suite proves the validator accepts and rejects what it should.
"""

from __future__ import annotations

import dataclasses
import io
import json
import re
from datetime import UTC, date, datetime
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from lxml import html
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7

from docexport.enrich import enrich
from docexport.errors import DocExportError, WriterError
from docexport.model import Block, BlockKind, Link, Origin, Rights, Subject
from docexport.readers import json as json_reader
from docexport.readers import read_data
from docexport.readers import text as text_reader
from docexport.readers.text import read_bytes
from docexport.writers import WriterOptions, get_writer
from docexport.writers import ninjs as ninjs_writer
from docexport.writers.ninjs import MACHINE_CREATOR, NinjsWriter, build_ninjs
from tests.conftest import SEED, article, shared_path
from tests.hostile import strategies
from tests.writers.conftest import DATELINED_TEXT, enrich_by_hand, stress

VERSIONS = ("3.1", "2.2")
STAMP = datetime(2025, 1, 2, 3, 4, 5, tzinfo=UTC)
HOSTILE = "<script>alert('x')</script> & <b>bold</b> ]]> \"quoted\" <!-- c -->"

_DATE_TIME = re.compile(
    r"(\d{4})-(\d\d)-(\d\d)[Tt](\d\d):(\d\d):(\d\d)(?:\.\d+)?(?:[Zz]|[+-](\d\d):(\d\d))"
)
_URI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]*")


def _is_date_time(value: object) -> bool:
    """RFC 3339 ``date-time``: a full date, a time and a zone offset, each in range."""
    if not isinstance(value, str):
        return True
    match = _DATE_TIME.fullmatch(value)
    if match is None:
        return False
    year, month, day, hour, minute, second, off_h, off_m = match.groups()
    try:
        date(int(year), int(month), int(day))
    except ValueError:
        return False
    offset_ok = off_h is None or (int(off_h) <= 23 and int(off_m) <= 59)
    return int(hour) <= 23 and int(minute) <= 59 and int(second) <= 60 and offset_ok


def _format_checker() -> jsonschema.FormatChecker:
    checker = jsonschema.Draft202012Validator.FORMAT_CHECKER
    checker = jsonschema.FormatChecker(checker.checkers)  # a copy: the global one stays as is
    checker.checks("date-time")(_is_date_time)
    checker.checks("uri")(lambda value: not isinstance(value, str) or bool(_URI.fullmatch(value)))
    return checker


def _validator(version: str) -> jsonschema.Draft202012Validator:
    geojson = json.loads(shared_path("ninjs", "geojson", "GeoJSON.json").read_text("utf-8"))
    registry = Registry().with_resource(
        "https://geojson.org/schema/GeoJSON.json",
        Resource.from_contents(geojson, default_specification=DRAFT7),
    )
    schema_file = shared_path("ninjs", f"ninjs-schema_{version}.json")
    schema = json.loads(schema_file.read_text("utf-8"))
    return jsonschema.Draft202012Validator(
        schema, registry=registry, format_checker=_format_checker()
    )


@pytest.fixture(scope="session")
def validators() -> dict[str, jsonschema.Draft202012Validator]:
    return {version: _validator(version) for version in VERSIONS}


def errors_of(validator: jsonschema.Draft202012Validator, document: Any) -> list[str]:
    return [f"{e.json_path}: {e.message[:200]}" for e in validator.iter_errors(document)]


def render(item, version: str = "3.1", **options) -> dict[str, Any]:
    out = io.BytesIO()
    NinjsWriter(WriterOptions(ninjs_version=version, **options)).write(item, out)
    return json.loads(out.getvalue())


def assert_valid(validators, item, version: str, **options) -> dict[str, Any]:
    document = render(item, version, **options)
    assert errors_of(validators[version], document) == []
    return document


def keys_of(value: Any) -> set[str]:
    """Every object key anywhere in ``value``."""
    if isinstance(value, list):
        return set().union(*map(keys_of, value)) if value else set()
    if isinstance(value, dict):
        return set(value).union(*map(keys_of, value.values()))
    return set()


def text_item(text: str, name: str = "article.txt"):
    return read_bytes(text.encode("utf-8"), name)


def hostile_item():
    item = text_item(article(f"Headline {HOSTILE}", f"First {HOSTILE}", "Second paragraph."))
    blocks = (
        *item.body,
        Block(kind=BlockKind.HEADING, text=f"Sub {HOSTILE}", level=3),
        Block(kind=BlockKind.LIST_ITEM, text="<li>one</li>", ordered=True),
        Block(kind=BlockKind.LIST_ITEM, text="two", ordered=True),
        Block(kind=BlockKind.BLOCKQUOTE, text="<blockquote>"),
        Block(kind=BlockKind.PREFORMATTED, text="a  <pre>\n  b"),
        Block(
            text="safe evil",
            links=(
                Link(start=0, end=4, href="https://example.org/?a=1&b=<2>"),
                Link(start=5, end=9, href=" javascript:alert(1)"),
            ),
        ),
    )
    return dataclasses.replace(item, body=blocks, bylines=("<i>Eve</i>",))


CASES = {
    "seed enriched": lambda: enrich(read_bytes(SEED.read_bytes(), SEED.name)),
    "seed enriched by hand": lambda: enrich_by_hand(read_bytes(SEED.read_bytes(), SEED.name)),
    "datelined": lambda: enrich(text_item(DATELINED_TEXT)),
    "undated": lambda: enrich(text_item(article("No date here", "Body text.", date=None))),
    "arabic": lambda: enrich(stress("arabic")),
    "hostile text": lambda: enrich(hostile_item()),
}


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("case", sorted(CASES))
def test_output_is_valid_against_the_official_schema(validators, case, version) -> None:
    document = assert_valid(validators, CASES[case](), version)
    assert document["standard"]["version"] == version


def test_iptc_test_suite_passes_and_fails_as_iptc_expects(validators) -> None:
    suite = shared_path("ninjs", "test_suite", "3.0")
    rejected = {
        path: bool(errors_of(validators["3.1"], json.loads(path.read_text("utf-8"))))
        for path in sorted(suite.glob("should_*/*.json"))
    }
    wrong = [p.name for p, no in rejected.items() if no != (p.parent.name == "should_fail")]
    assert wrong == []
    kinds = [path.parent.name for path in rejected]
    assert (kinds.count("should_pass"), kinds.count("should_fail")) == (27, 8)


@pytest.mark.parametrize("version", VERSIONS)
def test_official_examples_are_valid(validators, version) -> None:
    examples = sorted(shared_path("ninjs", "examples").glob(f"{version}_*.json"))
    assert len(examples) == 2
    for path in examples:
        assert errors_of(validators[version], json.loads(path.read_text("utf-8"))) == []


@pytest.mark.parametrize(
    "value",
    ["2024-10-22", "2024-10-22T09:30:00", "2024-02-30T00:00:00Z", "2024-10-22T24:00:00Z",
     "2024-10-22T09:30:00+02:00:30", "2024-10-22 09:30:00Z"],
)  # fmt: skip
def test_the_validator_refuses_dates_that_are_not_rfc3339(validators, value) -> None:
    for version, key in (("3.1", "contentCreated"), ("2.2", "contentcreated")):
        assert errors_of(validators[version], {"uri": "urn:x:1", key: value})


def test_version_is_chosen_by_the_option_and_checked() -> None:
    assert get_writer("ninjs") is NinjsWriter
    assert NinjsWriter(WriterOptions()).version == "3.1"
    with pytest.raises(WriterError, match=r"3\.1, 2\.2"):
        NinjsWriter(WriterOptions(ninjs_version="4.0"))
    assert issubclass(WriterError, DocExportError)


def test_fields_of_a_datelined_article_in_both_versions(validators) -> None:
    item = text_item(DATELINED_TEXT)
    v3 = assert_valid(validators, item, "3.1")
    assert v3["uri"] == item.guid and v3["type"] == "text" and v3["version"] == "1"
    assert v3["contentCreated"] == v3["firstCreated"] == "2024-10-22T09:30:00+02:00"
    assert v3["versionCreated"] == "2024-10-22T09:30:00+02:00"
    assert v3["pubStatus"] == "usable" and v3["language"] == item.language
    assert v3["headlines"] == [{"role": "main", "value": "Rates held"}]
    assert v3["by"] == "Jane Reporter and Li Wei"
    assert v3["located"] == "Frankfurt"
    assert v3["infoSources"] == [{"name": "Reuters"}]
    plain, rich = v3["bodies"]
    assert plain["value"] == "\n\n".join(b.text for b in item.body)
    assert (plain["contentType"], rich["contentType"]) == ("text/plain", "text/html")
    assert plain["wordCount"] == rich["wordCount"] == sum(len(b.text.split()) for b in item.body)
    v2 = assert_valid(validators, item, "2.2")
    assert v2["contentcreated"] == v2["firstcreated"] == v2["versioncreated"]
    assert v2["bodies"][0]["contenttype"] == "text/plain" and v2["infosources"]
    assert {k for k in keys_of(v2) if k != k.lower()} == set()
    # The same document, spelt differently (and declaring its own schema).
    assert ninjs_writer._renamed(v2, ninjs_writer._TO_V3) == v3 | {"standard": v2["standard"]}
    assert v2["standard"]["schema"] == "http://www.iptc.org/std/ninjs/ninjs-schema_2.2.json#"


def test_a_subheadline_urgency_and_stated_rights_are_carried(validators) -> None:
    item = dataclasses.replace(
        text_item(DATELINED_TEXT),
        subheadline="The second line",
        urgency=3,
        slugline="ECB-RATES",
        provider="Acme News",
        rights=Rights(
            holder="Acme News Ltd", notice="© 2024 Acme News Ltd", usage_terms="Internal"
        ),
    )
    for version in VERSIONS:
        assert_valid(validators, item, version)
    document = render(item)
    assert document["headlines"][1] == {"role": "subhead", "value": "The second line"}
    assert (document["urgency"], document["slugline"]) == (3, "ECB-RATES")
    assert document["copyrightHolder"] == "Acme News Ltd"
    assert document["copyrightNotice"] == "© 2024 Acme News Ltd"
    assert document["usageTerms"] == "Internal"
    assert document["infoSources"][0] == {"name": "Acme News", "role": "provider"}


@pytest.mark.parametrize("case", sorted(CASES))
def test_no_rights_are_claimed_without_rights_information(case) -> None:
    for version in VERSIONS:
        document = render(CASES[case](), version)
        assert not {"copyrightHolder", "copyrightholder", "copyrightNotice", "copyrightnotice",
                    "usageTerms", "usageterms", "rightsInfo", "rightsinfo"} & set(document)  # fmt: skip


@pytest.mark.parametrize("created", [None, date(2024, 10, 22)])
def test_dates_are_never_invented(validators, created) -> None:
    item = dataclasses.replace(text_item(DATELINED_TEXT), created=created)
    late = datetime(2031, 5, 6, 7, 8, 9, tzinfo=UTC)
    document = assert_valid(validators, item, "3.1", now=late)
    assert not {"contentCreated", "firstCreated", "versionCreated"} & set(document)
    assert "2031" not in json.dumps(document)
    stamped = assert_valid(validators, item, "3.1", generated=STAMP)
    assert stamped["versionCreated"] == "2025-01-02T03:04:05Z"
    assert not {"contentCreated", "firstCreated"} & set(stamped)


def test_a_naive_or_second_offset_time_is_not_given_a_zone(validators) -> None:
    naive = dataclasses.replace(text_item(DATELINED_TEXT), created=datetime(2024, 1, 2, 3))  # noqa: DTZ001
    assert not {"contentCreated", "versionCreated"} & set(assert_valid(validators, naive, "3.1"))
    odd = text_item(article("Old time", "Body.", date="1900-01-01T12:00:00+00:19:32"))
    document = assert_valid(validators, odd, "3.1")
    assert document["contentCreated"] == "1900-01-01T11:40:28Z"


def test_article_text_is_escaped_in_the_html_body(validators) -> None:
    item = hostile_item()
    for version in VERSIONS:
        assert_valid(validators, item, version)
    plain, rich = render(item)["bodies"]
    assert "<script" not in rich["value"] and "&lt;script&gt;" in rich["value"]
    assert HOSTILE in plain["value"]
    fragments = html.fragments_fromstring(rich["value"])
    tags = [element.tag for element in fragments]
    assert tags == ["p", "p", "h3", "ol", "blockquote", "pre", "p"]
    assert [e.text_content() for e in fragments[:3]] == [b.text for b in item.body[:3]]
    assert [li.text for li in fragments[3]] == ["<li>one</li>", "two"]
    assert fragments[5].text_content() == "a  <pre>\n  b"
    links = fragments[6].findall("a")
    assert [(a.text, a.get("href")) for a in links] == [("safe", "https://example.org/?a=1&b=<2>")]
    assert fragments[6].text_content() == "safe evil"
    assert render(item)["by"] == "<i>Eve</i>"  # a plain-text field: kept as written


def test_machine_made_subjects_are_marked_and_the_rest_is_noted(validators) -> None:
    item = enrich(read_bytes(SEED.read_bytes(), SEED.name))
    document = assert_valid(validators, item, "3.1")
    assert item.subjects and all(s.origin is Origin.MACHINE for s in item.subjects)
    assert [s["creator"] for s in document["subjects"]] == [MACHINE_CREATOR] * len(item.subjects)
    assert document["subjects"][0]["uri"].startswith("http://cv.iptc.org/newscodes/mediatopic/")
    assert {p["rel"] for p in document["people"] + document["places"]} == {"mentions"}
    assert "people" in document["edNote"] and "summary" in document["edNote"]
    assert document["descriptions"] == [
        {"role": "summary", "contentType": "text/plain", "value": item.summary.bluf}
    ]
    iraq = next(p for p in document["places"] if p["name"] == "Iraq")
    assert iraq == {"name": "Iraq", "rel": "mentions", "uri": "https://sws.geonames.org/99237/",
                    "literal": "IQ"}  # fmt: skip
    assert "creator" in keys_of(assert_valid(validators, item, "2.2")["subjects"])
    # Places the input itself carried (kept in extra) are written instead, and not noted.
    item = dataclasses.replace(item, extra={"ninjs": {"places": [{"name": "Baghdad"}]}})
    document = assert_valid(validators, item, "3.1")
    assert document["places"] == [{"name": "Baghdad"}]
    assert "places" not in document["edNote"] and "people" in document["edNote"]


def test_source_concepts_are_unmarked_and_keywords_are_free_text_subjects(validators) -> None:
    item = dataclasses.replace(
        text_item(DATELINED_TEXT),
        subjects=(Subject(qcode="medtop:20000053", name="act of terror", origin=Origin.SOURCE),
                  Subject(qcode="x:y z", origin=Origin.SOURCE)),
        genres=(Subject(qcode="genre:Analysis", name="analysis", origin=Origin.SOURCE),),
        keywords=("rates", "ECB"),
    )  # fmt: skip
    document = assert_valid(validators, item, "3.1")
    assert document["subjects"] == [
        {"name": "act of terror", "uri": "http://cv.iptc.org/newscodes/mediatopic/20000053"},
        {"literal": "x:y z"},
        {"name": "rates"},
        {"name": "ECB"},
    ]
    assert document["genres"] == [
        {"name": "analysis", "uri": "http://cv.iptc.org/newscodes/genre/Analysis"}
    ]
    assert "edNote" not in document


def test_what_a_ninjs_input_carried_is_written_back_in_either_spelling(validators) -> None:
    passed = {
        "uri": "http://ninjs.example.com/newsitems/1",
        "altids": [{"role": "internal", "value": "A-1"}],
        "renditions": [{"name": "web", "contenttype": "text/html", "sizeinbytes": 10}],
        "places": [{"name": "Nowhere", "geojson": {"type": "Point", "coordinates": [1, 2]}}],
        "ednote": "Embargoed for radio.",
        "pubstatus": "withheld",
        "versioncreated": "2013-07-09T10:37:00Z",
        "eventDetails": {"dates": {"startDate": "2024-10-22T09:00:00Z"}},
        "headline": "ninjs 1.x key, in neither schema",
        "headlines": [{"role": "main", "value": "the source's"}, {"role": "x", "value": "y"}],
        "standard": {"name": "ninjs", "version": "2.2"},
    }
    item = dataclasses.replace(text_item(DATELINED_TEXT), extra={"ninjs": passed})
    v3 = assert_valid(validators, item, "3.1")
    assert v3["uri"] == passed["uri"] and v3["pubStatus"] == "withheld"
    assert v3["altIds"] == passed["altids"] and v3["edNote"] == "Embargoed for radio."
    assert v3["renditions"] == [{"name": "web", "contentType": "text/html", "sizeInBytes": 10}]
    assert v3["places"] == [{"name": "Nowhere", "geoJSON": passed["places"][0]["geojson"]}]
    # The reader leaves a key in extra when the model holds it only in part: as read wins.
    assert v3["headlines"] == passed["headlines"]
    assert v3["standard"]["version"] == "3.1" and "headline" not in v3
    # The source's own dates, not ones derived from the model's single date.
    assert v3["versionCreated"] == passed["versioncreated"]
    assert not {"firstCreated", "contentCreated"} & set(v3)
    stamped = render(item, generated=STAMP)
    assert stamped["versionCreated"] == "2025-01-02T03:04:05Z"
    v2 = assert_valid(validators, item, "2.2")
    assert v2["altids"] == passed["altids"] and "eventdetails" not in v2


@pytest.mark.parametrize("version", VERSIONS)
def test_official_examples_round_trip_through_the_ninjs_reader(validators, version) -> None:
    reader = pytest.importorskip("docexport.readers.ninjs")
    other = next(v for v in VERSIONS if v != version)
    for path in sorted(shared_path("ninjs", "examples").glob(f"{version}_*.json")):
        item = read_data(path.read_bytes(), path.name, reader)
        source = json.loads(path.read_text("utf-8"))
        document = assert_valid(validators, item, version)
        assert {key: document.get(key) for key in source} == source
        assert set(document) - set(source) <= {"version", "standard", "pubStatus", "pubstatus",
                                                 "language"}  # fmt: skip
        assert_valid(validators, item, other)


def test_output_is_pure() -> None:
    item = enrich(text_item(article("Undated", "Body.", date=None)))
    first = render(item, now=datetime(2020, 1, 1, tzinfo=UTC))
    assert first == render(item, now=datetime(2030, 1, 1, tzinfo=UTC))
    assert build_ninjs(item) == first


def test_key_tables_match_the_schemas() -> None:
    def names(node: Any) -> set[str]:
        if isinstance(node, list):
            return set().union(*map(names, node)) if node else set()
        if not isinstance(node, dict):
            return set()
        own = set(node["properties"]) if isinstance(node.get("properties"), dict) else set()
        return own.union(*map(names, node.values()))

    v3 = json.loads(shared_path("ninjs", "ninjs-schema_3.1.json").read_text("utf-8"))
    v2 = json.loads(shared_path("ninjs", "ninjs-schema_2.2.json").read_text("utf-8"))
    assert set(v3["$defs"]["ninjsType"]["properties"]) == ninjs_writer._TOP_LEVEL_V3
    camel = {k for k in names(v3) if k != k.lower()}
    assert camel == set(ninjs_writer._CAMEL_KEYS) | set(ninjs_writer._ONLY_IN_3) | {
        "embargoedUntil"
    }
    renamed = {v for v in ninjs_writer._TO_V2.values() if v is not None}
    assert renamed <= names(v2)
    assert set(ninjs_writer._ONLY_IN_2) == names(v2) - {k.lower() for k in names(v3)} - {
        "embargoed"
    }


FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))


@FUZZ
@given(data=strategies.articles())
def test_any_article_gives_valid_honest_ninjs(validators, data: bytes) -> None:
    try:
        item = enrich(read_data(data, "fuzz", text_reader))
    except DocExportError:
        return
    for version in VERSIONS:
        document = render(item, version)
        assert errors_of(validators[version], document) == []
        lowered = {key.lower(): value for key, value in document.items()}
        assert "docexport" not in str(lowered.get("copyrightholder", "")).lower()
        dates = {k for k in lowered if k in {"contentcreated", "firstcreated", "versioncreated"}}
        if not isinstance(item.created, datetime):
            assert dates == set()
        elif dates:
            parsed = datetime.fromisoformat(lowered["contentcreated"].replace("Z", "+00:00"))
            assert parsed == item.created


SEED_DICT = enrich(read_bytes(SEED.read_bytes(), SEED.name)).to_dict()


@FUZZ
@given(data=strategies.json_items(SEED_DICT))
def test_any_json_item_gives_valid_ninjs(validators, data: bytes) -> None:
    try:
        item = read_data(data, "fuzz", json_reader)
    except DocExportError:
        return
    for version in VERSIONS:
        assert errors_of(validators[version], render(item, version)) == []
