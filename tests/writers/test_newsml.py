"""NewsML-G2 output: valid against IPTC's official 2.35 XSD and readable by IPTC's library."""

from __future__ import annotations

import dataclasses
import io
from datetime import UTC, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from docexport.errors import InputError
from docexport.model import Link, Origin, Rights, Subject
from docexport.readers.text import read_bytes
from docexport.writers import WriterOptions
from docexport.writers.newsml import NAR_NS, XHTML_NS, NewsMLWriter
from tests.conftest import SEED, article
from tests.writers.conftest import DATELINED_TEXT

NS = {"n": NAR_NS, "h": XHTML_NS}
STAMP = datetime(2025, 1, 2, 3, 4, 5, tzinfo=UTC)
QCODE_ATTRIBUTES = ("qcode", "role", "type", "rel", "contenttype")


def render(item, **options) -> bytes:
    out = io.BytesIO()
    NewsMLWriter(WriterOptions(**options)).write(item, out)
    return out.getvalue()


def seed_item():
    return read_bytes(SEED.read_bytes(), SEED.name)


def assert_valid(schema, xml: bytes) -> etree._Element:
    root = etree.fromstring(xml)
    if not schema.validate(root):
        pytest.fail("\n".join(f"{e.line}: {e.message}" for e in schema.error_log))
    return root


def test_seed_is_valid_newsml_g2(newsml_schema) -> None:
    root = assert_valid(newsml_schema, render(seed_item()))
    assert root.get("conformance") == "power"
    assert root.findtext("n:contentMeta/n:headline", namespaces=NS) == seed_item().headline
    paragraphs = root.findall("n:contentSet/n:inlineXML/h:html/h:body/h:p", NS)
    assert [p.text for p in paragraphs] == [b.text for b in seed_item().body]


def test_every_qcode_alias_is_declared_in_the_referenced_catalog(newsml_catalog_aliases) -> None:
    root = etree.fromstring(render(seed_item()))
    assert root.find("n:catalogRef", NS).get("href").endswith("IPTC-G2-Standards_41.xml")
    qcodes = [e.get("qcode") for e in root.iter() if e.get("qcode")]
    assert "ninat:text" in qcodes
    assert {q.split(":")[0] for q in qcodes} <= newsml_catalog_aliases
    roles = [e.get("role") for e in root.iter() if e.get("role")]
    assert {r.split(":")[0] for r in roles} <= newsml_catalog_aliases


def test_iptc_python_newsmlg2_reads_it_back_and_resolves_every_qcode() -> None:
    newsmlg2 = pytest.importorskip("NewsMLG2", reason="newsmlg2 (IPTC) is in the test extras")
    item = seed_item()
    xml = render(item)
    parsed = newsmlg2.NewsMLG2Document(xml).get_item()
    assert parsed.guid == item.guid
    assert str(parsed.contentmeta.headline[0]) == item.headline
    assert newsmlg2.get_catalogs(), "the catalogRef was not recognised by newsmlg2"
    root = etree.fromstring(xml)
    codes = [e.get(a) for e in root.iter() for a in ("qcode", "role") if e.get(a)]
    uris = [newsmlg2.qcode_to_uri(code) for code in codes]
    assert all(uri.startswith(("http://", "https://")) for uri in uris), uris


def test_enrichment_becomes_subjects_and_marked_mentions(newsml_schema, enriched_item) -> None:
    root = assert_valid(newsml_schema, render(enriched_item))
    subjects = root.findall("n:contentMeta/n:subject", NS)
    by_type: dict[str, list[str]] = {}
    for s in subjects:
        by_type.setdefault(s.get("type"), []).append(s.findtext("n:name", namespaces=NS))
    assert by_type["cpnat:abstract"] == [s.name for s in enriched_item.subjects]
    assert "Patrick Ryder" in by_type["cpnat:person"]
    assert "CENTCOM" in by_type["cpnat:organisation"]
    iraq = next(s for s in subjects if s.findtext("n:name", namespaces=NS) == "Iraq")
    assert iraq.get("qcode") == "iso3166-1a2:IQ"
    first = root.find("n:contentSet/n:inlineXML/h:html/h:body/h:p", NS)
    spans = first.findall("h:span", NS)
    assert [(s.get("class"), s.get("title"), s.text) for s in spans] == [
        ("person", "Patrick Ryder", "Patrick Ryder"),
        ("person", "Patrick Ryder", "Ryder"),
    ]
    # marking mentions must not change the paragraph's text
    assert "".join(first.itertext()) == enriched_item.body[0].text


def test_itemmeta_and_contentmeta_fields(newsml_schema) -> None:
    text = DATELINED_TEXT
    root = assert_valid(newsml_schema, render(read_bytes(text.encode(), "rates.txt")))
    meta = root.find("n:itemMeta", NS)
    assert meta.findtext("n:firstCreated", namespaces=NS) == "2024-10-22T09:30:00+02:00"
    # The agency of the dateline is the information source and the credit, not the
    # provider of this item and not a rights holder.
    assert meta.find("n:provider", NS).get("literal") == "unknown"
    assert root.find("n:rightsInfo", NS) is None
    content = root.find("n:contentMeta", NS)
    assert content.find("n:infoSource", NS).get("literal") == "Reuters"
    assert content.findtext("n:creditline", namespaces=NS) == "Reuters"
    assert content.findtext("n:contentCreated", namespaces=NS) == "2024-10-22T09:30:00+02:00"
    assert content.findtext("n:located/n:name", namespaces=NS) == "Frankfurt"
    assert [c.findtext("n:name", namespaces=NS) for c in content.findall("n:creator", NS)] == [
        "Jane Reporter",
        "Li Wei",
    ]
    assert content.findtext("n:dateline", namespaces=NS) == "FRANKFURT (Reuters)"
    assert content.findtext("n:by", namespaces=NS) == "By Jane Reporter and Li Wei"
    assert content.findtext("n:description", namespaces=NS) == "The ECB held rates."
    assert content.find("n:language", NS).get("tag") == "en"


def test_undated_article_has_no_date_but_the_required_version_time(newsml_schema) -> None:
    before = datetime.now(UTC).replace(microsecond=0)
    root = assert_valid(newsml_schema, render(read_bytes(b"Headline\n\nBody.", "x.txt")))
    after = datetime.now(UTC)
    assert root.find("n:itemMeta/n:firstCreated", NS) is None
    assert root.find("n:contentMeta/n:contentCreated", NS) is None
    # versionCreated is required: the time of conversion, never 1970.
    version = datetime.fromisoformat(root.findtext("n:itemMeta/n:versionCreated", namespaces=NS))
    assert before <= version <= after
    stamped = render(read_bytes(b"Headline\n\nBody.", "x.txt"), generated=STAMP)
    root = etree.fromstring(stamped)
    assert root.findtext("n:itemMeta/n:versionCreated", namespaces=NS) == "2025-01-02T03:04:05Z"
    assert b"1970" not in stamped


def test_date_only_article_keeps_date_precision(newsml_schema) -> None:
    root = assert_valid(newsml_schema, render(seed_item(), generated=STAMP))
    assert root.findtext("n:contentMeta/n:contentCreated", namespaces=NS) == "2024-10-22"
    # firstCreated is an xs:dateTime: a date-only input has none rather than a fake midnight.
    assert root.find("n:itemMeta/n:firstCreated", NS) is None
    assert b"T00:00:00" not in render(seed_item(), generated=STAMP)


def test_no_rights_claim_and_an_unknown_provider_without_options(newsml_schema) -> None:
    xml = render(seed_item())
    root = assert_valid(newsml_schema, xml)
    assert root.find("n:rightsInfo", NS) is None
    assert root.find("n:itemMeta/n:provider", NS).get("literal") == "unknown"
    assert b"All rights reserved" not in xml


def test_provenance_and_rights_from_the_model(newsml_schema) -> None:
    item = dataclasses.replace(
        seed_item(),
        provider="Acme News",
        rights=Rights(holder="Acme News Ltd", notice="© 2024 Acme News Ltd", usage_terms="None"),
        credit_line="Acme / Reuters",
        urgency=3,
        genres=(Subject(qcode="genre:Current", name="Current", origin=Origin.SOURCE),),
        keywords=("Iraq", "raid"),
        slugline="IRAQ-RAID",
    )
    root = assert_valid(newsml_schema, render(item))
    rights = root.find("n:rightsInfo", NS)
    assert rights.find("n:copyrightHolder", NS).get("literal") == "Acme News Ltd"
    assert rights.findtext("n:copyrightNotice", namespaces=NS) == "© 2024 Acme News Ltd"
    assert rights.findtext("n:usageTerms", namespaces=NS) == "None"
    assert root.find("n:itemMeta/n:provider", NS).get("literal") == "Acme News"
    content = root.find("n:contentMeta", NS)
    assert content.findtext("n:urgency", namespaces=NS) == "3"
    assert content.findtext("n:creditline", namespaces=NS) == "Acme / Reuters"
    genre = content.find("n:genre", NS)
    assert (genre.get("qcode"), genre.get("why"), genre.get("how")) == (
        "genre:Current",
        "why:direct",
        None,
    )
    assert [k.text for k in content.findall("n:keyword", NS)] == ["Iraq", "raid"]
    assert content.findtext("n:slugline", namespaces=NS) == "IRAQ-RAID"


def test_escaping_survives_markup_quotes_cdata_end_and_controls(newsml_schema) -> None:
    nasty = 'AT&T <b>bold</b> "q" \'s ]]> end'
    item = read_bytes(article(nasty, nasty, "<script>alert(1)</script>").encode(), "n.txt")
    xml = render(item)
    root = assert_valid(newsml_schema, xml)
    assert root.findtext("n:contentMeta/n:headline", namespaces=NS) == nasty
    body = root.findall("n:contentSet/n:inlineXML/h:html/h:body/h:p", NS)
    assert [p.text for p in body] == [nasty, "<script>alert(1)</script>"]
    assert b"<script>" not in xml
    assert b"]]>" not in xml


def test_control_characters_in_a_programmatic_item_are_dropped(newsml_schema) -> None:
    item = seed_item()
    dirty = type(item)(
        **{
            **{f: getattr(item, f) for f in item.__dataclass_fields__},
            "headline": "Bell\x07 and \x1b escape",
        }
    )
    root = assert_valid(newsml_schema, render(dirty))
    assert root.findtext("n:contentMeta/n:headline", namespaces=NS) == "Bell and  escape"


def test_output_is_deterministic_and_honours_source_date_epoch() -> None:
    item = read_bytes(DATELINED_TEXT.encode(), "rates.txt")  # has a date-time of its own
    assert render(item) == render(item)
    root = etree.fromstring(render(item))
    version = root.findtext("n:itemMeta/n:versionCreated", namespaces=NS)
    assert version == "2024-10-22T09:30:00+02:00"
    stamped = render(item, generated=STAMP)
    root = etree.fromstring(stamped)
    assert root.findtext("n:itemMeta/n:versionCreated", namespaces=NS) == "2025-01-02T03:04:05Z"
    assert root.findtext("n:itemMeta/n:firstCreated", namespaces=NS) == "2024-10-22T09:30:00+02:00"
    assert render(seed_item(), generated=STAMP) == render(seed_item(), generated=STAMP)


def test_machine_made_concepts_are_marked_and_topics_carry_their_parent(enriched_item) -> None:
    root = etree.fromstring(render(enriched_item))
    subjects = root.findall("n:contentMeta/n:subject", NS)
    assert subjects
    for subject in subjects:
        assert (subject.get("why"), subject.get("how")) == ("why:inferred", "howextr:tool")
    topic = enriched_item.subjects[0]
    element = next(s for s in subjects if s.get("qcode") == topic.qcode)
    assert [b.get("qcode") for b in element.findall("n:broader", NS)] == list(topic.broader)


def test_body_counts_language_and_direction(newsml_schema) -> None:
    root = assert_valid(newsml_schema, render(seed_item()))
    inline = root.find("n:contentSet/n:inlineXML", NS)
    words = sum(len(b.text.split()) for b in seed_item().body)
    assert int(inline.get("wordcount")) == words
    assert int(inline.get("charcount")) == sum(len(b.text) for b in seed_item().body)
    assert inline.find("h:html", NS).get("lang") == "en"
    assert inline.find("h:html", NS).get("dir") is None


def test_non_latin_scripts_are_kept_and_tagged(newsml_schema) -> None:
    text = article("الحكومة تعلن خطة", "أعلنت الحكومة اليوم عن خطة جديدة للاقتصاد الوطني.")
    root = assert_valid(newsml_schema, render(read_bytes(text.encode(), "ar.txt")))
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "ar"
    assert root.findtext("n:contentMeta/n:headline", namespaces=NS) == "الحكومة تعلن خطة"
    html = root.find("n:contentSet/n:inlineXML/h:html", NS)
    assert (html.get("dir"), html.get("lang")) == ("rtl", "ar")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    headline=st.text(min_size=1, max_size=80),
    paragraphs=st.lists(st.text(min_size=1, max_size=200), min_size=1, max_size=5),
)
def test_any_readable_article_gives_valid_newsml(newsml_schema, headline, paragraphs) -> None:
    try:
        item = read_bytes(article(headline, *paragraphs).encode("utf-8", "surrogatepass"), "g")
    except (InputError, UnicodeEncodeError):
        return
    assert_valid(newsml_schema, render(item))


RICHMOND = article(
    "Storm hits Virginia capital",
    "RICHMOND, Va. (AP) — A storm hit Richmond, Virginia on Tuesday, officials in London said.",
)


def test_places_carry_geonames_iso_codes_and_the_located_dateline(newsml_schema) -> None:
    newsmlg2 = pytest.importorskip("NewsMLG2", reason="newsmlg2 (IPTC) is in the test extras")
    from docexport.enrich import enrich  # noqa: PLC0415

    xml = render(enrich(read_bytes(RICHMOND.encode(), "richmond.txt")), generated=STAMP)
    root = assert_valid(newsml_schema, xml)
    located = root.find("n:contentMeta/n:located", NS)
    assert located.get("qcode").startswith("geonames:")
    assert (located.get("why"), located.get("how")) == ("why:inferred", "howextr:tool")
    assert [b.get("qcode") for b in located.findall("n:broader", NS)] == [
        "iso3166-2:US-VA",
        "iso3166-1a2:US",
    ]
    places = {
        s.findtext("n:name", namespaces=NS): s
        for s in root.findall("n:contentMeta/n:subject[@type='cpnat:geoArea']", NS)
    }
    assert places["Richmond"].get("qcode") == located.get("qcode")  # one place, one id
    virginia = places["Virginia"]
    assert virginia.find("n:sameAs", NS).get("qcode") == "iso3166-2:US-VA"
    assert [b.get("qcode") for b in virginia.findall("n:broader", NS)] == ["iso3166-1a2:US"]
    london = [b.get("qcode") for b in places["London"].findall("n:broader", NS)]
    assert london[-1] == "iso3166-1a2:GB"
    # IPTC's own library reads it and resolves every qcode (geonames, iso3166, why, howextr)
    newsmlg2.NewsMLG2Document(xml).get_item()
    codes = [e.get(a) for e in root.iter() for a in ("qcode", "why", "how") if e.get(a)]
    assert all(newsmlg2.qcode_to_uri(c).startswith(("http://", "https://")) for c in codes)


def test_only_web_links_become_anchors(newsml_schema) -> None:
    item = seed_item()
    text = item.body[0].text
    body = (
        dataclasses.replace(
            item.body[0],
            links=(
                Link(start=0, end=9, href="javascript:alert(1)"),
                Link(start=10, end=15, href="https://example.com/a?b=1&c=2"),
            ),
        ),
        *item.body[1:],
    )
    root = assert_valid(newsml_schema, render(dataclasses.replace(item, body=body)))
    first = root.find("n:contentSet/n:inlineXML/h:html/h:body/h:p", NS)
    assert [a.get("href") for a in first.iter(f"{{{XHTML_NS}}}a")] == [
        "https://example.com/a?b=1&c=2"
    ]
    assert "".join(first.itertext()) == text
