"""NITF 3.6 output: valid against IPTC's official XSD, honest about dates, rights and
machine-made metadata, and read back by our NITF reader with the same article."""

from __future__ import annotations

import dataclasses
import io
from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from hypothesis import HealthCheck, given, settings
from lxml import etree

from docexport.enrich import enrich
from docexport.errors import DocExportError
from docexport.model import Block, BlockKind, Link, Origin, Rights, Subject, Summary
from docexport.normalise import normalise_line
from docexport.readers import json as json_reader
from docexport.readers import nitf as nitf_reader
from docexport.readers import read_data
from docexport.readers import text as text_reader
from docexport.readers.text import read_bytes
from docexport.writers import WriterOptions, get_writer
from docexport.writers.nitf import MACHINE_CLASS, NITF_NS, NitfWriter, norm_date
from tests.conftest import SEED, article, shared_path
from tests.hostile import strategies
from tests.writers.conftest import DATELINED_TEXT, stress

NS = {"n": NITF_NS}
STAMP = datetime(2025, 1, 2, 3, 4, 5, tzinfo=UTC)
HOSTILE = "<script>alert('x')</script> & <b>bold</b> ]]> \"quoted\" <!-- c -->"


@pytest.fixture(scope="session")
def nitf_schema() -> etree.XMLSchema:
    xsd = shared_path("nitf", "nitf-3-6.xsd")
    return etree.XMLSchema(etree.parse(str(xsd), etree.XMLParser(no_network=True)))


def render(item, **options) -> bytes:
    out = io.BytesIO()
    NitfWriter(WriterOptions(**options)).write(item, out)
    return out.getvalue()


def assert_valid(schema: etree.XMLSchema, xml: bytes) -> etree._Element:
    root = etree.fromstring(xml)
    if not schema.validate(root):
        pytest.fail("\n".join(f"{e.line}: {e.message}" for e in schema.error_log))
    return root


def text_item(text: str, name: str = "article.txt"):
    return read_bytes(text.encode("utf-8"), name)


def hostile_item():
    item = text_item(article(f"Headline {HOSTILE}", f"First {HOSTILE}", "Second paragraph."))
    blocks = (
        *item.body,
        Block(kind=BlockKind.HEADING, text=f"Sub {HOSTILE}", level=2),
        Block(kind=BlockKind.LIST_ITEM, text="<li>one</li>", ordered=True),
        Block(kind=BlockKind.LIST_ITEM, text="two", ordered=True),
        Block(kind=BlockKind.BLOCKQUOTE, text="<bq>"),
        Block(kind=BlockKind.PREFORMATTED, text="a  <pre>\n  b"),
        Block(
            text="safe evil",
            links=(
                Link(start=0, end=4, href="https://example.org/?a=1&b=<2>"),
                Link(start=5, end=9, href="javascript:alert(1)"),
            ),
        ),
    )
    return dataclasses.replace(item, body=blocks, bylines=("<i>Eve</i>",))


CASES = {
    "seed enriched": lambda: enrich(read_bytes(SEED.read_bytes(), SEED.name)),
    "datelined": lambda: enrich(text_item(DATELINED_TEXT)),
    "undated": lambda: enrich(text_item(article("No date here", "Body text.", date=None))),
    "arabic": lambda: enrich(stress("arabic")),
    "hostile text": lambda: enrich(hostile_item()),
}


def rich_item():
    """Every field the NITF reader reads back, set by hand."""
    item = text_item(DATELINED_TEXT)
    body = (
        *item.body,
        Block(kind=BlockKind.HEADING, text="What comes next", level=2),
        Block(kind=BlockKind.LIST_ITEM, text="First point"),
        Block(kind=BlockKind.LIST_ITEM, text="Second point"),
        Block(kind=BlockKind.LIST_ITEM, text="Step one", ordered=True),
        Block(kind=BlockKind.BLOCKQUOTE, text="We will act."),
        Block(kind=BlockKind.BLOCKQUOTE, text="And soon."),
        Block(kind=BlockKind.PREFORMATTED, text="rate | 4.0\nold  | 4.25"),
        Block(text="See the ECB site.", links=(Link(start=4, end=16, href="https://ecb.int"),)),
    )
    return dataclasses.replace(
        item,
        body=body,
        subheadline="Inflation is easing",
        urgency=3,
        keywords=("rates", "ECB"),
        provider="Acme News",
        rights=Rights(holder="Acme News Ltd"),
        summary=Summary(bluf="The ECB kept rates on hold."),
    )


def read_back(xml: bytes):
    return nitf_reader.read_bytes(xml, "out.nitf.xml")


@pytest.mark.parametrize("case", sorted(CASES))
def test_output_is_valid_against_the_official_schema(nitf_schema, case) -> None:
    item = CASES[case]()
    root = assert_valid(nitf_schema, render(item))
    assert root.get("version") == "-//IPTC//DTD NITF 3.6//EN"
    assert (root.get("change.date"), root.get("change.time")) == ("September 11, 2009", "12:26")
    assert root.findtext("n:head/n:title", namespaces=NS) == item.headline
    assert root.findtext("n:body/n:body.head/n:hedline/n:hl1", namespaces=NS) == item.headline
    assert root.find("n:head/n:docdata/n:doc-id", NS).get("id-string") == item.guid
    assert root.find("n:body", NS).get("{http://www.w3.org/XML/1998/namespace}lang") == (
        item.language
    )


def test_the_writer_is_registered_with_its_own_extension() -> None:
    assert get_writer("nitf") is NitfWriter
    assert (NitfWriter.extension, NitfWriter.media_type) == (".nitf.xml", "application/nitf+xml")
    assert NitfWriter.extension != get_writer("newsml").extension
    assert NitfWriter.binary is False


def test_fields_of_a_datelined_article(nitf_schema) -> None:
    item = enrich(text_item(DATELINED_TEXT))
    root = assert_valid(nitf_schema, render(item))
    docdata = root.find("n:head/n:docdata", NS)
    assert docdata.find("n:date.issue", NS).get("norm") == "20241022T093000+0200"
    head = root.find("n:body/n:body.head", NS)
    byline = head.find("n:byline", NS)
    assert [p.text for p in byline.findall("n:person", NS)] == ["Jane Reporter", "Li Wei"]
    assert "".join(byline.itertext()) == "By Jane Reporter and Li Wei"
    dateline = head.find("n:dateline", NS)
    assert "".join(dateline.itertext()) == "FRANKFURT (Reuters)"
    location = dateline.find("n:location", NS)
    assert location.text == "FRANKFURT" and location.get("class") == MACHINE_CLASS
    assert location.find("n:country", NS).get("iso-cc") == "DE"
    assert location.get("code-source") == "https://sws.geonames.org/"
    assert head.findtext("n:abstract/n:p", namespaces=NS) == item.summary.bluf
    ecb = root.find("n:body/n:body.content/n:p/n:org", NS)
    assert (ecb.text, ecb.get("value")) == ("ECB", "European Central Bank")


def test_arabic_keeps_its_script_and_language(nitf_schema) -> None:
    item = CASES["arabic"]()
    xml = render(item)
    root = assert_valid(nitf_schema, xml)
    assert root.get("baselang") == item.language == "ar"
    assert root.findtext("n:body/n:body.content/n:p", namespaces=NS) == item.body[0].text
    assert item.headline.encode() in xml  # UTF-8, not character references
    assert read_back(xml).language == "ar"


def test_the_summary_is_the_abstract_and_key_points_a_second_one(nitf_schema) -> None:
    item = CASES["seed enriched"]()
    head = assert_valid(nitf_schema, render(item)).find("n:body/n:body.head", NS)
    bluf, points = head.findall("n:abstract", NS)
    assert bluf.findtext("n:p", namespaces=NS) == item.summary.bluf
    assert [li.text for li in points.findall("n:ul/n:li", NS)] == list(item.summary.key_points)
    assert read_back(render(item)).summary.bluf == item.summary.bluf


def test_body_structure_and_hostile_text_are_escaped(nitf_schema) -> None:
    item = hostile_item()
    xml = render(item)
    root = assert_valid(nitf_schema, xml)
    assert b"<script" not in xml and b"&lt;script&gt;" in xml
    content = root.find("n:body/n:body.content", NS)
    assert [etree.QName(e).localname for e in content] == ["p", "p", "hl2", "ol", "bq", "pre", "p"]
    assert content[0].text == item.body[0].text
    assert [li.text for li in content[3]] == ["<li>one</li>", "two"]
    assert content.findtext("n:bq/n:block/n:p", namespaces=NS) == "<bq>"
    assert content.findtext("n:pre", namespaces=NS) == "a  <pre>\n  b"
    links = content[6].findall("n:a", NS)
    assert [(a.text, a.get("href")) for a in links] == [("safe", "https://example.org/?a=1&b=<2>")]
    assert "".join(content[6].itertext()) == "safe evil"  # the javascript: link's text stays
    back = read_back(xml)
    assert back.headline == item.headline
    assert [b.text for b in back.body] == [b.text for b in item.body]
    assert back.bylines == item.bylines


def test_round_trip_through_the_nitf_reader(nitf_schema) -> None:
    item = rich_item()
    xml = render(item)
    assert_valid(nitf_schema, xml)
    back = read_back(xml)
    assert (back.guid, back.headline, back.subheadline) == (
        item.guid,
        item.headline,
        item.subheadline,
    )
    assert back.body == item.body  # kinds, texts, levels, list order and links
    assert back.bylines == item.bylines
    assert back.dateline.text == item.dateline.text
    assert back.dateline.place == item.dateline.place
    assert back.keywords == item.keywords
    assert back.urgency == item.urgency
    assert back.rights == item.rights
    assert back.provider == item.provider
    assert back.created == item.created
    assert back.language == item.language
    assert back.summary == item.summary


@pytest.mark.parametrize("case", sorted(CASES))
def test_every_case_reads_back_with_the_same_article(case) -> None:
    item = CASES[case]()
    back = read_back(render(item))
    assert back.headline == item.headline
    assert [(b.kind, b.text) for b in back.body] == [(b.kind, b.text) for b in item.body]
    assert back.bylines == item.bylines
    assert (back.dateline and back.dateline.text) == (item.dateline and item.dateline.text)
    assert (back.keywords, back.urgency, back.rights) == (item.keywords, item.urgency, item.rights)
    assert back.created == item.created
    assert back.guid == item.guid


def test_mentions_are_marked_inline_and_read_back_as_entities() -> None:
    item = CASES["seed enriched"]()
    back = read_back(render(item))
    ryder = next(e for e in item.entities if e.name == "Patrick Ryder")
    back_ryder = next(e for e in back.entities if e.name == "Patrick Ryder")
    assert back_ryder.mentions == tuple(m for m in ryder.mentions if m.block >= 0)
    assert back_ryder.origin is Origin.MACHINE  # our class="machine-made" mark reads back


def test_stated_rights_only_and_never_docexport(nitf_schema) -> None:
    rights = Rights(holder="Acme News Ltd", notice="© 2024 Acme News Ltd", usage_terms="Internal")
    root = assert_valid(nitf_schema, render(dataclasses.replace(rich_item(), rights=rights)))
    docdata = root.find("n:head/n:docdata", NS)
    assert docdata.find("n:doc.copyright", NS).attrib == {"holder": "Acme News Ltd"}
    assert docdata.find("n:doc.rights", NS).get("limitations") == "Internal"
    meta = root.find("n:head/n:meta", NS)
    assert (meta.get("name"), meta.get("content")) == ("copyright", "© 2024 Acme News Ltd")
    for case in CASES.values():
        root = etree.fromstring(render(case()))
        assert root.find(".//n:doc.copyright", NS) is None
        assert root.find(".//n:doc.rights", NS) is None
        assert root.find("n:head/n:meta", NS) is None
        holders = [e.get("holder") or "" for e in root.iter()]
        assert not any("docexport" in h.lower() for h in holders)


@pytest.mark.parametrize("created", [None, date(2024, 10, 22)])
def test_dates_are_never_invented(nitf_schema, created) -> None:
    item = dataclasses.replace(enrich(text_item(DATELINED_TEXT)), created=created)
    late = datetime(2031, 5, 6, 7, 8, 9, tzinfo=UTC)
    xml = render(item, now=late, generated=STAMP)
    root = assert_valid(nitf_schema, xml)
    issue = root.find("n:head/n:docdata/n:date.issue", NS)
    if created is None:
        assert issue is None
    else:
        assert issue.get("norm") == "20241022"  # no made-up midnight
    assert b"2031" not in xml and b"2025" not in xml
    assert read_back(xml).created == created


def test_date_norms() -> None:
    minus = timezone(-timedelta(hours=5, minutes=30))
    assert norm_date(datetime(2024, 1, 2, 3, 4, 5, tzinfo=minus)) == "20240102T030405-0530"
    assert norm_date(datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC)) == "20240102T030405+0000"
    odd = timezone(timedelta(minutes=19, seconds=32))
    assert norm_date(datetime(1900, 1, 1, 12, tzinfo=odd)) == "19000101T114028+0000"
    assert norm_date(datetime(2024, 1, 2, 3, 4, 5)) == "20240102T030405"  # noqa: DTZ001
    assert norm_date(date(1000, 1, 2)) == "10000102"


def test_subject_codes_go_to_tobject_and_other_concepts_to_classifiers(nitf_schema) -> None:
    subjects = (
        Subject(qcode="subj:04000000", name="economy, business and finance", origin=Origin.SOURCE),
        Subject(qcode="subj:04006002", name="central bank"),
        Subject(qcode="medtop:20000344", name="interest rate"),
    )
    genres = (Subject(qcode="genre:Analysis", name="analysis", origin=Origin.SOURCE),)
    item = dataclasses.replace(rich_item(), subjects=subjects, genres=genres)
    root = assert_valid(nitf_schema, render(item))
    codes = root.findall("n:head/n:tobject/n:tobject.subject", NS)
    assert [c.get("tobject.subject.refnum") for c in codes] == ["04000000", "04006002"]
    assert codes[0].get("tobject.subject.type") == "economy, business and finance"
    assert codes[1].get("tobject.subject.detail") == "central bank"
    classifiers = root.findall(".//n:identified-content/n:classifier", NS)
    assert [(c.get("type"), c.get("idsrc"), c.get("value"), c.text) for c in classifiers] == [
        ("subject", "http://cv.iptc.org/newscodes/mediatopic/", "20000344", "interest rate"),
        ("genre", "http://cv.iptc.org/newscodes/genre/", "Analysis", "analysis"),
    ]
    assert [c.get("class") for c in classifiers] == [MACHINE_CLASS, None]
    back = read_back(render(item))
    assert [s.qcode for s in back.subjects] == ["subj:04000000", "subj:04006002"]


def test_machine_made_concepts_are_marked_and_noted(nitf_schema) -> None:
    item = CASES["seed enriched"]()
    root = assert_valid(nitf_schema, render(item))
    identified = root.find("n:head/n:docdata/n:identified-content", NS)
    people = identified.findall("n:person", NS)
    assert [p.text for p in people] == [e.name for e in item.entities if e.type == "person"]
    assert {e.get("class") for e in identified} == {MACHINE_CLASS}
    iraq = next(
        loc for loc in identified.findall("n:location", NS) if "".join(loc.itertext()) == "Iraq"
    )
    assert iraq.find("n:country", NS).get("iso-cc") == "IQ"
    note = root.find("n:head/n:docdata/n:ed-msg", NS).get("info")
    assert note.startswith("Machine-made, unreviewed: people, organisations, places")
    stated = [dataclasses.replace(e, origin=Origin.SOURCE) for e in item.entities]
    plain = dataclasses.replace(item, entities=tuple(stated), subjects=(), summary=None)
    root = etree.fromstring(render(plain))
    assert root.find(".//n:ed-msg", NS) is None
    assert {e.get("class") for e in root.find(".//n:identified-content", NS)} == {None}


def test_deeper_headings_keep_their_level_as_a_class(nitf_schema) -> None:
    deeper = Block(kind=BlockKind.HEADING, text="Detail", level=3)
    item = dataclasses.replace(rich_item(), body=(*rich_item().body, deeper))
    root = assert_valid(nitf_schema, render(item))
    assert root.findall(".//n:body.content/n:hl2", NS)[-1].get("class") == "level-3"


def test_what_a_nitf_input_carried_goes_back_and_no_tagline_is_invented(nitf_schema) -> None:
    assert all(
        etree.fromstring(render(c())).find(".//n:body.end", NS) is None for c in CASES.values()
    )
    tagline = "Stuart Myles contributed to this article."
    extra = {"nitf": {"body_end": tagline, "copyright_year": "2024"}}
    item = dataclasses.replace(rich_item(), extra=extra)
    root = assert_valid(nitf_schema, render(item))
    assert root.findtext("n:body/n:body.end/n:tagline", namespaces=NS) == tagline
    copyright_el = root.find("n:head/n:docdata/n:doc.copyright", NS)
    assert copyright_el.attrib == {"year": "2024", "holder": "Acme News Ltd"}
    assert read_back(render(item)).extra["nitf"]["body_end"] == tagline


def test_output_is_pure() -> None:
    item = CASES["datelined"]()
    early = datetime(2020, 1, 1, tzinfo=UTC)
    assert render(item, now=early) == render(item, now=STAMP) == render(item, generated=STAMP)


FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))


@FUZZ
@given(data=strategies.articles())
def test_any_article_gives_valid_nitf_that_reads_back(nitf_schema, data: bytes) -> None:
    try:
        item = enrich(read_data(data, "fuzz", text_reader))
    except DocExportError:
        return
    xml = render(item)
    assert_valid(nitf_schema, xml)
    back = read_back(xml)
    assert back.headline == item.headline
    assert [b.text for b in back.body] == [b.text for b in item.body]
    assert back.bylines == item.bylines
    assert (back.dateline and back.dateline.text) == (item.dateline and item.dateline.text)
    created = item.created
    if isinstance(created, datetime):  # NITF's norm form has whole seconds
        created = created.replace(microsecond=0)
    assert back.created == created


SEED_DICT = enrich(read_bytes(SEED.read_bytes(), SEED.name)).to_dict()


@FUZZ
@given(data=strategies.json_items(SEED_DICT))
def test_any_json_item_gives_valid_nitf(nitf_schema, data: bytes) -> None:
    try:
        item = read_data(data, "fuzz", json_reader)
    except DocExportError:
        return
    xml = render(item)
    assert_valid(nitf_schema, xml)
    back = read_back(xml)
    # The reader trims and collapses whitespace in attribute values, as in every XML input.
    holder = normalise_line(item.rights.holder or "") if item.rights is not None else None
    assert (back.headline, back.keywords, back.urgency) == (
        item.headline,
        item.keywords,
        item.urgency,
    )
    assert back.rights == (Rights(holder=holder) if holder else None)


def test_machine_made_entities_read_back_as_machine_made() -> None:
    import io  # noqa: PLC0415

    from docexport import render  # noqa: PLC0415
    from docexport.enrich import enrich  # noqa: PLC0415
    from docexport.model import Origin  # noqa: PLC0415
    from docexport.readers import get_reader, read_data  # noqa: PLC0415
    from docexport.writers import WriterOptions  # noqa: PLC0415
    from tests.conftest import SEED  # noqa: PLC0415

    item = enrich(read_data(SEED.read_bytes(), SEED.name, get_reader("text")))
    out = io.BytesIO()
    render(item, "nitf", out, WriterOptions())
    back = read_data(out.getvalue(), "seed.nitf.xml", get_reader("nitf"))
    assert back.entities
    assert {e.origin for e in back.entities} == {Origin.MACHINE}
