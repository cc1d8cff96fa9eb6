"""The NITF reader: NITF 3.6 in its namespace, old DTD-style NITF, NITF inside NewsML-G2,
and hostile XML (tests/data/nitf holds the three files, written for these tests)."""

from __future__ import annotations

import io
import socket
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from lxml import etree

from docexport.errors import InputError
from docexport.model import BlockKind, EntityType, Link, NewsItem, Origin, Rights, Subject
from docexport.readers import newsml, nitf, read_data, read_path
from docexport.writers import WriterOptions
from docexport.writers.newsml import NewsMLWriter
from tests.conftest import DATA, shared_path

FILES = DATA / "nitf"
NITF_NS = "http://iptc.org/std/NITF/2006-10-18/"


def read(data: bytes, name: str = "story.xml") -> NewsItem:
    return read_data(data, name, nitf)


def spoken(item: NewsItem, entity_name: str) -> list[str]:
    """The text of each mention of the entity called ``entity_name``."""
    entity = next(e for e in item.entities if e.name == entity_name)
    return [item.body[m.block].text[m.start : m.end] for m in entity.mentions]


@pytest.fixture(scope="module")
def nitf_schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(shared_path("nitf", "nitf-3-6.xsd"))))


def test_namespaced_file_is_valid_nitf_3_6(nitf_schema) -> None:
    document = etree.parse(str(FILES / "namespaced-3.6.xml"))
    assert nitf_schema.validate(document), nitf_schema.error_log


def test_namespaced_nitf_head_and_docdata() -> None:
    item = read((FILES / "namespaced-3.6.xml").read_bytes(), "namespaced-3.6.xml")
    assert item.guid == "urn:newsml:example.org:20240305:3f2a9c1d7b6e5a40"  # doc-id, a URN
    assert item.headline == "Harbour authority approves new ferry terminal"
    assert item.subheadline == "Two extra berths by 2026, the board says"
    assert item.created == datetime(2024, 3, 5, 9, 15, tzinfo=UTC)
    assert item.urgency == 4
    assert item.keywords == ("ferries", "harbour")
    assert item.rights == Rights(holder="Example Wire Ltd")
    assert item.provider == "Example Wire"  # body.head/distributor
    assert item.language == "en-GB"
    assert item.bylines == ("Sam Lind", "Rui Costa")
    assert (item.dateline.text, item.dateline.place) == ("KELBY, March 5", "Kelby")
    assert item.summary.bluf == (
        "Kelby's port board has approved a ferry terminal with two more berths."
    )
    assert item.subjects == (
        Subject(qcode="subj:04015000", name="transport", origin=Origin.SOURCE),
    )
    assert item.extra["nitf"] == {
        "copyright_year": "2024",
        "ed_messages": ["Corrects the berth count in paragraph 2."],
        "byline_titles": ["Transport Correspondents"],
        "body_end": "Reporting by Sam Lind; editing by Rui Costa",
    }


def test_namespaced_nitf_body_and_entities() -> None:
    item = read((FILES / "namespaced-3.6.xml").read_bytes())
    assert [(b.kind, b.text) for b in item.body] == [
        (
            BlockKind.PARAGRAPH,
            (
                "The Port of Kelby Authority approved the terminal on Tuesday, "
                "its chair Amara Okafor said."
            ),
        ),
        (BlockKind.PARAGRAPH, "Plans are published on the authority's website."),
        (BlockKind.HEADING, "What changes"),
        (BlockKind.LIST_ITEM, "Two new berths"),
        (BlockKind.LIST_ITEM, "A covered walkway to the station"),
        (BlockKind.BLOCKQUOTE, "This is the biggest change to the harbour in fifty years."),
        (BlockKind.PARAGRAPH, "Amara Okafor"),  # bq/credit: who is quoted
        (BlockKind.PREFORMATTED, "Berth  Length\nA      180 m\nB      210 m"),
        (BlockKind.PARAGRAPH, "Work starts in Kelby next spring."),
    ]
    assert item.body[1].links == (
        Link(start=27, end=46, href="https://example.org/kelby/terminal"),
    )
    assert item.body[2].level == 2
    # identified-content declares them; the inline person/org/location tags mark mentions.
    assert [(e.name, e.type, e.origin) for e in item.entities] == [
        ("Amara Okafor", EntityType.PERSON, Origin.SOURCE),
        ("Port of Kelby Authority", EntityType.ORGANISATION, Origin.SOURCE),
        ("Kelby", EntityType.PLACE, Origin.SOURCE),
    ]
    assert spoken(item, "Amara Okafor") == ["Amara Okafor"]
    assert spoken(item, "Kelby") == ["Kelby"]
    assert item.entities[2].country_code == "GB"


def test_dtd_style_nitf_without_namespace() -> None:
    data = (FILES / "dtd-style.xml").read_bytes()
    assert b'<!DOCTYPE nitf SYSTEM "nitf.dtd">' in data
    item = read(data, "dtd-style.xml")
    assert item.source.encoding == "iso-8859-1"
    assert item.headline == "Café chain closes 40 shops"  # &eacute; from the HTML entity set
    assert (
        item.body[0].text == "The Cafés\xa0Lumière chain will close 40 shops, it said on Saturday."
    )
    assert item.body[1].text == "Staff will be offered jobs elsewhere – about 300 people."
    assert item.created == date(2003, 4, 12)  # date.release, a date stays a date
    assert item.language == "fr-FR"
    assert item.bylines == ("Jeanne Moreau",)
    assert (item.dateline.place, item.dateline.source) == ("Paris", "AFP")
    # The doc-id is no URN: the guid is derived from the content, the doc-id kept.
    assert item.guid.startswith("urn:newsml:docexport.invalid:20030412:")
    assert item.extra["nitf"]["doc_id"] == "WIRE-2003-0412-0087"


def test_nitf_inside_newsml_g2(newsml_schema, nitf_schema) -> None:
    data = (FILES / "newsml-inline-nitf.xml").read_bytes()
    assert newsml_schema.validate(etree.fromstring(data)), newsml_schema.error_log
    item = read_data(data, "newsml-inline-nitf.xml", newsml)
    assert item.guid == "urn:newsml:example.org:20240611:flood-barrier"
    assert item.version == 3
    assert (item.headline, item.subheadline) == (
        "Thames barrier closes for the 200th time",
        "Record run of closures this winter",
    )
    assert [b.kind for b in item.body] == [BlockKind.PARAGRAPH] * 2 + [
        BlockKind.HEADING,
        BlockKind.PARAGRAPH,
    ]
    assert item.body[3].links[0].href == "https://example.org/thames-barrier"
    assert item.created == date(2024, 6, 11)
    assert item.urgency == 3
    assert item.dateline.place == "London"
    assert (item.dateline.geonames_id, item.dateline.country_code) == (2643743, "GB")
    assert item.dateline.source == "Example Wire"
    assert item.rights == Rights(
        holder="Example Wire Ltd",
        notice="© 2024 Example Wire Ltd",
        usage_terms="For subscribers only",
    )
    assert item.info_sources == ("Environment Agency",)
    assert item.summary.bluf == "The Thames Barrier has closed for the 200th time since it opened."
    assert spoken(item, "Tom Reyes") == ["Tom Reyes"]
    assert spoken(item, "Environment Agency") == ["Environment Agency"]  # a NITF org mark
    # Declared but never in the text: the model cannot hold it, extra does.
    extra = item.extra["newsml"]
    assert extra["unmentioned_entities"] == [{"name": "United Kingdom", "type": "place"}]
    assert extra["ed_notes"] == ["Adds the council's figure in paragraph 3."]
    assert extra["alt_ids"] == [{"type": "idtype:thirdparty", "text": "EW-88213"}]

    out = io.BytesIO()
    NewsMLWriter(WriterOptions(generated=datetime(2025, 1, 1, tzinfo=UTC))).write(item, out)
    assert newsml_schema.validate(etree.fromstring(out.getvalue())), newsml_schema.error_log


@pytest.mark.parametrize("name", ["namespaced-3.6.xml", "dtd-style.xml", "newsml-inline-nitf.xml"])
def test_the_registry_detects_each_file(name: str) -> None:
    item = read_path(str(FILES / name))
    assert item.source.file_name == name
    assert item.body


# --- refusals -----------------------------------------------------------------------------


def _nitf(body: str, head: str = "") -> bytes:
    return f'<nitf xmlns="{NITF_NS}">{head}<body>{body}</body></nitf>'.encode()


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"<html><body><p>x</p></body></html>", "not NITF: the root element is <html>"),
        (_nitf("<body.head><hedline><hl1>H</hl1></hedline></body.head>"), "without body text"),
        (_nitf("<body.content><p>Text.</p></body.content>"), "without a headline"),
        (b"<nitf><body><body.content><p>Unclosed</body.content></body></nitf>", "well-formed"),
    ],
)
def test_refusals_are_one_line(data: bytes, reason: str) -> None:
    with pytest.raises(InputError) as caught:
        read(data)
    assert reason in str(caught.value)
    assert "\n" not in str(caught.value)


def test_head_title_is_the_headline_when_body_head_has_none() -> None:
    item = read(_nitf("<body.content><p>Text.</p></body.content>", "<head><title>T</title></head>"))
    assert item.headline == "T"
    assert item.language == "und"


# --- hostile XML --------------------------------------------------------------------------

_STORY = "<body><body.head><hedline><hl1>H</hl1></hedline></body.head><body.content>{}"
_STORY += "</body.content></body></nitf>"
HOSTILE = {
    "billion-laughs": '<?xml version="1.0"?><!DOCTYPE nitf [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10 if i > 1 else "&lol;" * 10}">'
        for i in range(1, 10)
    )
    + "]><nitf>"
    + _STORY.format("<p>&lol9;</p>"),
    "xxe-file": '<!DOCTYPE nitf [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><nitf>'
    + _STORY.format("<p>&xxe;</p>"),
    "xxe-http": '<!DOCTYPE nitf [<!ENTITY xxe SYSTEM "http://127.0.0.1:9/secret">]><nitf>'
    + _STORY.format("<p>&xxe;</p>"),
    "deep-5000": "<nitf>" + _STORY.format("<block>" * 5000 + "<p>x</p>" + "</block>" * 5000),
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_nitf_is_refused_in_one_line(name: str) -> None:
    with pytest.raises(InputError) as caught:
        read(HOSTILE[name].encode())
    message = str(caught.value)
    assert "\n" not in message
    assert ("declares entities" in message) == (name != "deep-5000"), message
    assert "passwd" not in message and "root:" not in message


def test_a_doctype_naming_a_dtd_is_read_without_fetching_it(tmp_path: Path) -> None:
    """The DTD-style DOCTYPE is accepted; no DTD, local or remote, is ever loaded."""
    dtd = tmp_path / "nitf.dtd"
    # Loaded, this DTD would give the body a language by attribute default.
    dtd.write_text('<!ATTLIST body xml:lang CDATA "de">', "ascii")
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(0.3)
    with listener:
        port = listener.getsockname()[1]
        for system in (dtd.as_uri(), f"http://127.0.0.1:{port}/nitf.dtd", "nitf.dtd"):
            doctype = f'<!DOCTYPE nitf SYSTEM "{system}">'
            item = read((doctype + "<nitf>" + _STORY.format("<p>Text.</p>")).encode())
            assert (item.headline, item.language) == ("H", "und")
        with pytest.raises(TimeoutError):
            listener.accept()  # nobody came asking for the DTD
