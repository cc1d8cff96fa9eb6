"""The NewsML-G2 reader: IPTC's examples, our writer's output read back byte for byte,
containers (newsMessage, packageItem), XHTML bodies and hostile XML."""

from __future__ import annotations

import io
import re
import socket
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from docexport.enrich import enrich
from docexport.errors import InputError
from docexport.model import Block, BlockKind, EntityType, Link, NewsItem, Origin, Source
from docexport.normalise import normalise_line, normalise_text
from docexport.readers import newsml, read_data
from docexport.readers import text as text_reader
from docexport.writers import WriterOptions
from docexport.writers.newsml import NAR_NS, XHTML_NS, NewsMLWriter
from tests.conftest import SEED, shared_path
from tests.writers.conftest import DATELINED_TEXT

NS = {"n": NAR_NS, "h": XHTML_NS, "nitf": "http://iptc.org/std/NITF/2006-10-18/"}
STAMP = datetime(2025, 1, 2, 3, 4, 5, tzinfo=UTC)

# Every file in ../shared/newsml-g2/examples, with what the reader makes of it. A text item
# lists (headline, number of body blocks); a refused one the reason it is refused.
READ = {
    "LISTING_2_NewsML-G2_Text_Document.xml": ('Fed to halt QE to avert "bubble"', 2),
    "LISTING_22_Sports_story_in_NewsML-G2NITF.xml": (
        "Preview: Arizona Diamondbacks (29-23) at Philadelphia Phillies (26-24), 7:05 p.m.",
        6,
    ),
    "constructed_good_text_newsItem_xhtml.xml": ("Sample headline", 1),
    "test_2.26_should_pass_CR00201_xhtml_inlineXML.xml": ("Text", 2),  # XHTML <title>
    "test_2.33_should_pass_CR00217_text_newsItem_nitf.xml": ('Fed to halt QE to avert "bubble"', 2),
}
# Valid NewsML-G2 without any text (an empty inlineXML) is no article: the model needs a
# body, as the text reader refuses a headline alone. The should_fail item is empty too.
REFUSED = {
    "LISTING_1_A_NewsML-G2_News_Item.xml": "without body text: its inline content is empty",
    "LISTING_28_Illustrating_Located_Subject_and_Dateline.xml": "fragment (a bare <contentMeta>)",
    "test_2.29_should_fail_001_incomplete_file.xml": "without body text: it has no contentSet",
    "test_2.29_should_pass_001_simplest_file.xml": "without body text: its inline content is empty",
}


def example(name: str) -> bytes:
    return shared_path("newsml-g2", "examples", name).read_bytes()


def read(data: bytes, name: str = "item.xml") -> NewsItem:
    return read_data(data, name, newsml)  # the reader, then the rules every item meets


def render(item: NewsItem) -> bytes:
    out = io.BytesIO()
    NewsMLWriter(WriterOptions(generated=STAMP)).write(item, out)
    return out.getvalue()


def assert_valid(schema, xml: bytes) -> etree._Element:
    root = etree.fromstring(xml)
    if not schema.validate(root):
        pytest.fail("\n".join(f"{e.line}: {e.message}" for e in schema.error_log))
    return root


def assert_one_line_refusal(data: bytes, *needles: str) -> InputError:
    with pytest.raises(InputError) as caught:
        read(data)
    message = str(caught.value)
    assert "\n" not in message
    assert all(n in message for n in needles), message
    return caught.value


# --- IPTC's examples ----------------------------------------------------------------------


def test_every_example_is_classified() -> None:
    folder = shared_path("newsml-g2", "examples")
    assert {p.name for p in folder.glob("*.xml")} == set(READ) | set(REFUSED)


@pytest.mark.parametrize("name", sorted(READ))
def test_text_example_reads_and_writes_back_valid(name: str, newsml_schema) -> None:
    source = etree.fromstring(example(name))
    item = read(example(name), name)
    headline, blocks = READ[name]
    assert (item.headline, len(item.body)) == (headline, blocks)
    assert item.guid == source.get("guid")
    assert item.source == Source(
        file_name=name,
        sha256=item.source.sha256,
        encoding="utf-8",
        size=len(example(name)),
    )
    assert [b.text for b in item.body] == _paragraphs(source)

    out = assert_valid(newsml_schema, render(item))
    assert out.get("guid") == source.get("guid")
    assert out.findtext("n:contentMeta/n:headline", namespaces=NS) == headline
    topics = {
        s.get("qcode")
        for s in source.iterfind("n:contentMeta/n:subject", NS)
        if s.get("type") not in ("cpnat:person", "cpnat:organisation", "cpnat:geoArea")
    }
    written = {s.get("qcode") for s in out.iterfind("n:contentMeta/n:subject", NS)}
    assert topics <= written
    body = out.findall("n:contentSet/n:inlineXML/h:html/h:body/h:p", NS)
    assert ["".join(p.itertext()) for p in body] == _paragraphs(source)


def _paragraphs(item: etree._Element) -> list[str]:
    """The body paragraphs of an IPTC example, found independently of the reader."""
    found = item.findall(".//nitf:body.content/nitf:p", NS) or item.findall(".//h:body/h:p", NS)
    return [normalise_line("".join(p.itertext())) for p in found]


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_example_without_text_is_refused_with_a_reason(name: str) -> None:
    assert_one_line_refusal(example(name), REFUSED[name])


def test_listing_1_metadata_once_it_has_a_body() -> None:
    """LISTING_1 is IPTC's fullest metadata example, but carries no text: give it some."""
    data = re.sub(
        rb"<inlineXML .*?</inlineXML>",
        b'<inlineXML contenttype="application/xhtml+xml"><html xmlns="http://www.w3.org/1999/'
        b'xhtml"><body><p>The Fed will halt QE.</p></body></html></inlineXML>',
        example("LISTING_1_A_NewsML-G2_News_Item.xml"),
        flags=re.S,
    )
    item = read(data, "listing1.xml")
    assert item.headline == 'Fed to halt QE to avert "bubble"'
    assert item.version == 11
    assert item.language == "en-GB"  # no <language>: the item's xml:lang
    assert item.provider == "nprov:REUTERS"  # a qcode alone names the provider
    assert item.rights.holder == "Example Enews LLP"
    assert item.rights.notice == "Copyright 2017-18 Example Enews LLP, all rights reserved"
    assert item.rights.usage_terms == "Not for use outside the United States"
    assert item.created == datetime(2016, 10, 18, 11, 12, tzinfo=timezone(timedelta(hours=-5)))
    assert item.bylines == ("Meredith Jameson",)
    assert item.slugline == "US-Finance-Fed"
    assert item.dateline is None  # located without a dateline: kept in extra, not invented
    assert [(g.qcode, g.name, g.origin) for g in item.genres] == [
        ("genre:interview", "Interview", Origin.SOURCE)
    ]
    labour = item.subjects[1]
    assert (labour.qcode, labour.name, labour.broader) == (
        "medtop:20000523",
        "labour market",
        ("medtop:04000000",),
    )
    extra = item.extra["newsml"]
    assert extra["embargoed"] == "2018-10-23T12:00:00Z"
    assert extra["first_created"] == "2016-10-18T13:12:21-05:00"
    assert extra["signals"] == ["sig:update"]
    assert extra["ed_notes"][0].startswith("Note to editors: STRICTLY EMBARGOED.")
    assert extra["links"][0]["rel"] == "irel:seeAlso"
    assert extra["service"] == [{"qcode": "svc:uknews", "name": "UK News Service"}]
    assert extra["located"][0]["broader"] == ["prov:2365", "iso3166-1a2:DE"]
    assert extra["info_sources"] == [{"uri": "http://www.example.com"}]
    assert extra["creators"] == [
        {"uri": "http://www.example.com/staff/mjameson", "name": "Meredith Jameson"}
    ]
    assert "http://www.example.com/newsml-g2/catalog.enews_2.xml" in extra["catalogs"]


def test_listing_22_summary_entities_and_codes_without_a_slot() -> None:
    item = read(example("LISTING_22_Sports_story_in_NewsML-G2NITF.xml"))
    assert item.summary.bluf.startswith("A pair of teams coming off big weekend sweeps will")
    assert item.summary.key_points == ()
    davis = next(e for e in item.entities if e.name == "Doug Davis")
    assert davis.type is EntityType.PERSON
    assert davis.origin is Origin.SOURCE
    [mention] = davis.mentions
    assert item.body[mention.block].text[mention.start : mention.end] == "Doug Davis"
    extra = item.extra["newsml"]
    assert {"type": "idtype:tsn-id", "id": "sportsnetwork.com-5932656"} in extra["alt_ids"]
    assert {"qcode": "league:l.mlb.com", "same_as": ["subj:15007000"]} in extra["subject_details"]
    assert extra["entity_codes"][0]["qcode"] == "person:l.mlb.com-p.456"
    assert extra["body_headline"].startswith("Arizona Diamondbacks (29-23)")


def test_digital_source_type_is_kept() -> None:
    item = read(example("test_2.33_should_pass_CR00217_text_newsItem_nitf.xml"))
    assert item.extra["newsml"]["digital_source_type"] == "digsrctype:trainedAlgorithmicMedia"
    assert item.extra["nitf"]["byline_titles"] == ["Staff Reporter"]


# --- our own output, read back ------------------------------------------------------------
# Normalisation: the XML is read under the article's own file name, because the writer puts
# Source.file_name into itemMeta/fileName. Nothing else is adjusted.


def _articles() -> dict[str, NewsItem]:
    seed = text_reader.read_bytes(SEED.read_bytes(), SEED.name)
    dated = text_reader.read_bytes(DATELINED_TEXT.encode(), "rates.txt")
    return {"seed": seed, "seed-enriched": enrich(seed), "dated-enriched": enrich(dated)}


@pytest.mark.parametrize("name", ["seed", "seed-enriched", "dated-enriched"])
def test_round_trip_is_byte_identical(name: str, newsml_schema) -> None:
    item = _articles()[name]
    first = render(item)
    assert_valid(newsml_schema, first)
    back = read(first, item.source.file_name)
    assert render(back) == first
    same = ("guid", "headline", "body", "created", "bylines", "dateline", "language", "subjects")
    assert {f: getattr(back, f) for f in same} == {f: getattr(item, f) for f in same}
    assert (back.info_sources, back.credit_line) == (item.info_sources, item.credit_line)
    if item.summary is not None:
        assert back.summary.bluf == item.summary.bluf


def test_round_trip_keeps_entities_but_what_the_writer_never_writes() -> None:
    """Titles, headline mentions and the kind of a place without codes are not in NewsML;
    an entity named only in the headline (Pentagon) is found there by its name."""
    item = _articles()["seed-enriched"]
    back = read(render(item), item.source.file_name)
    assert [(e.name, e.type, e.origin) for e in back.entities] == [
        (e.name, e.type, e.origin) for e in item.entities
    ]
    for before, after in zip(item.entities, back.entities, strict=True):
        in_body = {m for m in before.mentions if m.block >= 0}
        assert set(after.mentions) == (in_body or set(before.mentions))
        assert (after.country_code, after.geonames_id) == (before.country_code, before.geonames_id)
    assert back.quotes is None and back.figures is None  # enrichment's, not NewsML's


def test_dateline_codes_come_back_from_located() -> None:
    item = _articles()["dated-enriched"]
    back = read(render(item), "rates.txt")
    assert back.dateline == item.dateline
    assert back.dateline.source == "Reuters"
    assert back.dateline.geonames_id is not None


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    text=st.text(st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]), min_size=1),
    cut=st.tuples(st.integers(0, 400), st.integers(1, 400)),
)
def test_any_paragraph_and_link_survive_writer_and_reader(text: str, cut: tuple[int, int]) -> None:
    text = normalise_line(normalise_text(text))  # as every reader hands text on: NFC, one line
    if not text:
        return
    start = min(cut[0], len(text) - 1)
    end = min(start + cut[1], len(text))
    links = (
        ()
        if text[start:end].strip() != text[start:end]
        else (Link(start=start, end=end, href="https://x.org/a"),)
    )
    item = NewsItem(
        guid="urn:newsml:docexport.invalid:undated:" + "0" * 32,
        headline="Headline",
        body=(Block(text=text, links=links),),
        source=Source(file_name="a.txt", sha256="0" * 64, encoding="utf-8", size=1),
    )
    try:
        back = read(render(item), "a.txt")
    except InputError:
        return  # text that check_item refuses (a non-character, say)
    assert back.body == item.body


# --- containers ---------------------------------------------------------------------------


def _item_xml(body: str = "<p>Text.</p>", guid: str = "urn:x:1", kind: str = "ninat:text") -> str:
    return (
        f'<newsItem xmlns="{NAR_NS}" guid="{guid}" standard="NewsML-G2" standardversion="2.35">'
        f'<itemMeta><itemClass qcode="{kind}"/><provider literal="X"/>'
        "<versionCreated>2024-01-01T00:00:00Z</versionCreated></itemMeta>"
        "<contentMeta><headline>H</headline></contentMeta><contentSet>"
        f'<inlineXML><html xmlns="{XHTML_NS}"><body>{body}</body></html></inlineXML>'
        "</contentSet></newsItem>"
    )


def test_a_news_message_gives_its_first_text_item() -> None:
    picture = _item_xml(guid="urn:x:pic", kind="ninat:picture")
    message = (
        f'<newsMessage xmlns="{NAR_NS}"><header><sent>2024-01-01T00:00:00Z</sent></header>'
        f'<itemSet><packageItem guid="urn:x:pkg"/>{picture}{_item_xml(guid="urn:x:text")}'
        f"{_item_xml(guid='urn:x:later')}</itemSet></newsMessage>"
    )
    item = read(message.encode())
    assert item.guid == "urn:x:text"
    assert item.extra["newsml"]["message_items"] == 3


def test_a_package_of_references_is_refused() -> None:
    package = (
        f'<packageItem xmlns="{NAR_NS}" guid="urn:x:pkg" standard="NewsML-G2" '
        'standardversion="2.35"><groupSet root="G1"><group id="G1" role="group:main">'
        '<itemRef residref="urn:x:1"/></group></groupSet></packageItem>'
    )
    assert_one_line_refusal(package.encode(), "package holds references to items, not text")


def test_a_package_carrying_an_inline_text_item_is_read() -> None:
    package = f'<packageItem xmlns="{NAR_NS}" guid="urn:x:pkg">{_item_xml()}</packageItem>'
    assert read(package.encode()).guid == "urn:x:1"


def test_an_item_whose_text_is_remote_says_so() -> None:
    xml = _item_xml().replace(
        re.search(r"<inlineXML>.*</inlineXML>", _item_xml()).group(),
        '<remoteContent href="https://example.org/story.txt" contenttype="text/plain"/>',
    )
    assert_one_line_refusal(xml.encode(), "its content is remote (remoteContent)")


def test_plain_text_inline_data() -> None:
    xml = re.sub(
        r"<inlineXML>.*</inlineXML>",
        '<inlineData contenttype="text/plain">First  para\ngraph.\n\n  Second.</inlineData>',
        _item_xml(),
    )
    assert [b.text for b in read(xml.encode()).body] == ["First para graph.", "Second."]


# --- XHTML bodies -------------------------------------------------------------------------


def test_xhtml_blocks_links_and_marks() -> None:
    body = (
        "<h1>H</h1><p>By  <a href='https://a.org/x'>the <b>bank</b></a>,"
        " <span class='person' title='Ana Lima'>Lima</span> said.<br/>Then left.</p>"
        "<h3>Section</h3><blockquote><p>One.</p><p>Two.</p></blockquote>"
        "<ol><li>First<ul><li>Inner</li></ul></li><li>Second</li></ol>"
        "<pre>a  b\n c</pre><div>Loose <em>text</em></div><script>x()</script>"
    )
    item = read(_item_xml(body).encode())
    assert [(b.kind, b.text, b.level, b.ordered) for b in item.body] == [
        (BlockKind.PARAGRAPH, "By the bank, Lima said. Then left.", None, False),
        (BlockKind.HEADING, "Section", 3, False),
        (BlockKind.BLOCKQUOTE, "One.", None, False),
        (BlockKind.BLOCKQUOTE, "Two.", None, False),
        (BlockKind.LIST_ITEM, "First", None, True),
        (BlockKind.LIST_ITEM, "Inner", None, False),
        (BlockKind.LIST_ITEM, "Second", None, True),
        (BlockKind.PREFORMATTED, "a  b\n c", None, False),
        (BlockKind.PARAGRAPH, "Loose text", None, False),
    ]
    assert item.body[0].links == (Link(start=3, end=11, href="https://a.org/x"),)
    # An undeclared mark is still the publisher's statement: an entity from the source.
    [lima] = item.entities
    assert (lima.name, lima.type, lima.origin) == ("Ana Lima", EntityType.PERSON, Origin.SOURCE)
    assert item.body[0].text[lima.mentions[0].start : lima.mentions[0].end] == "Lima"


def test_html_that_lost_its_namespace_reads_the_same() -> None:
    xml = _item_xml("<p>Same <a href='https://a.org'>text</a>.</p>").replace(
        f' xmlns="{XHTML_NS}"', ""
    )
    assert read(xml.encode()).body[0] == Block(
        text="Same text.", links=(Link(start=5, end=9, href="https://a.org"),)
    )


def test_dates_keep_their_precision() -> None:
    for written, expected in [
        ("2024-03-01", date(2024, 3, 1)),
        ("2024-03-01T10:00:00+01:00", datetime(2024, 3, 1, 9, tzinfo=UTC)),
        ("2024-03", None),
        ("2024-03-01T10:00:00", date(2024, 3, 1)),  # no offset: the day is certain
    ]:
        xml = _item_xml().replace(
            "<headline>", f"<contentCreated>{written}</contentCreated><headline>"
        )
        item = read(xml.encode())
        assert item.created == expected
        lost = item.extra.get("newsml", {}).get("content_created")
        assert lost == (None if expected and len(written) != 19 else written)


# --- hostile XML --------------------------------------------------------------------------

HOSTILE = {
    "billion-laughs": (
        '<?xml version="1.0"?><!DOCTYPE newsItem [<!ENTITY a "aaaaaaaaaa">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;">]>'
        + _item_xml("<p>&c;</p>")
    ),
    "xxe-file": (
        '<!DOCTYPE newsItem [<!ENTITY x SYSTEM "file:///etc/passwd">]>' + _item_xml("<p>&x;</p>")
    ),
    "xxe-http": (
        '<!DOCTYPE newsItem [<!ENTITY % x SYSTEM "http://127.0.0.1:9/x.dtd"> %x;]>' + _item_xml()
    ),
    "deep": _item_xml("<div>" * 5000 + "deep" + "</div>" * 5000),
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_xml_is_refused_in_one_line(name: str) -> None:
    error = assert_one_line_refusal(HOSTILE[name].encode())
    assert "entities" in str(error) or "nested" in str(error) or "depth" in str(error)


def test_an_external_dtd_is_never_fetched(tmp_path: Path) -> None:
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(0.3)
    port = listener.getsockname()[1]
    dtd = tmp_path / "g2.dtd"
    dtd.write_text('<!ATTLIST newsItem version CDATA "7">', "ascii")  # would change the item
    with listener:
        for system in (f"http://127.0.0.1:{port}/g2.dtd", dtd.as_uri()):
            item = read(f'<!DOCTYPE newsItem SYSTEM "{system}">{_item_xml()}'.encode())
            assert item.version == 1
        with pytest.raises(TimeoutError):
            listener.accept()


# --- any input: our error or an item every writer can take --------------------------------

_TAGS = [
    "newsItem", "itemMeta", "contentMeta", "contentSet", "inlineXML", "inlineData", "headline",
    "subject", "name", "broader", "sameAs", "located", "dateline", "creator", "by", "description",
    "language", "urgency", "contentCreated", "html", "head", "title", "body", "h1", "h2", "p", "a",
    "span", "ul", "ol", "li", "pre", "blockquote", "table", "tr", "td", "br", "nitf", "body.head",
    "body.content", "hedline", "hl1", "hl2", "byline", "person", "org", "location", "bq", "block",
]  # fmt: skip
_ATTRIBUTES = st.sampled_from(["qcode", "type", "role", "href", "class", "title", "tag", "why"])
_VALUES = st.sampled_from(
    ["", " ", "medtop:1", "cpnat:person", "cpnat:geoArea", "geonames:12", "iso3166-1a2:FR",
     "drol:summary", "person", "why:inferred", "x y", "https://a.org", "en", "3", "Ana"]
)  # fmt: skip
_TEXT = st.text(
    st.characters(codec="utf-8", exclude_categories=["Cs", "Cc", "Cn"])
    | st.sampled_from(" \n\xa0"),
    max_size=12,
)


@st.composite
def _element(draw: st.DrawFn, children: st.SearchStrategy[list[etree._Element]]) -> etree._Element:
    made = etree.Element(draw(st.sampled_from(_TAGS)), draw(st.dictionaries(_ATTRIBUTES, _VALUES)))
    made.text, made.tail = draw(_TEXT), draw(_TEXT)
    made.extend(draw(children))
    return made


_TREES = st.recursive(
    _element(st.just([])), lambda kids: _element(st.lists(kids, max_size=4)), max_leaves=30
)


_SKELETONS = {
    # newsItem/contentMeta, then the XHTML body; nitf/head, body.head, body.content.
    newsml: f'<newsItem xmlns="{NAR_NS}"><contentMeta><headline>H</headline>{{}}</contentMeta>'
    "<contentSet><inlineXML><html><body><p>P</p>{}</body></html></inlineXML></contentSet>"
    "</newsItem>",
    "nitf": "<nitf><head>{}</head><body><body.head><hedline><hl1>H</hl1></hedline>{}"
    "</body.head><body.content><p>P</p>{}</body.content></body></nitf>",
}


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(parts=st.lists(st.lists(_TREES, max_size=3), min_size=3, max_size=3), which=st.booleans())
def test_any_markup_is_read_or_refused_with_our_error(
    parts: list[list[etree._Element]], which: bool
) -> None:
    """Random elements inside a skeleton: the item is read (and writes) or refused by us."""
    from docexport.readers import nitf  # noqa: PLC0415 - one strategy for both readers

    reader = newsml if which else nitf
    fill = ["".join(etree.tostring(e, encoding="unicode") for e in part) for part in parts]
    data = _SKELETONS[newsml if which else "nitf"].format(*fill).encode()
    try:
        item = read_data(data, "fuzz.xml", reader)
    except InputError:
        return
    assert item.body and item.headline
    render(item)
