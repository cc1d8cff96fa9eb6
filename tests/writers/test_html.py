"""HTML output: a standalone, accessible article page that no article text can break.

The page is checked as a parser sees it (lxml's HTML parser), as the HTML reader reads it
back (round trip), and as a real browser renders it (headless Chromium, a system package:
skipped with a reason where absent, required in CI).
"""

from __future__ import annotations

import dataclasses
import io
import itertools
import json
import re
import struct
import subprocess
import tempfile
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, assume, given, settings
from lxml import html

from docexport.errors import InputError
from docexport.model import (
    Block,
    BlockKind,
    Entity,
    EntityType,
    Link,
    NewsItem,
    Origin,
    Rights,
    Span,
    Subject,
)
from docexport.readers import get_reader
from docexport.readers.text import read_bytes
from docexport.writers import WriterOptions, get_writer
from docexport.writers.html import HtmlWriter, render_page
from tests.conftest import SEED, article, system_tool
from tests.hostile import strategies
from tests.writers.conftest import enrich_by_hand, stress

SCRIPT_BREAK = "</script><script>alert(1)</script>"
ATTRIBUTE_BREAK = '"><img src=x onerror=alert(1)>'
HOSTILE = f"{SCRIPT_BREAK} {ATTRIBUTE_BREAK} ]]> <!-- & &amp; '"
LONG_PARAGRAPHS = (
    (
        "The European Central Bank kept its deposit rate unchanged on Tuesday, as policymakers "
        "weighed slowing inflation against weak growth across the euro area's largest economies."
    ),
    (
        "Officials said the decision was unanimous and that future moves would depend on "
        "incoming data, repeating guidance that markets had largely expected before the meeting."
    ),
    (
        "Economists polled before the announcement had forecast no change, although several "
        "said a cut in December remained likely if wage growth continued to ease."
    ),
)
# A dated, bylined, datelined article long enough to be extracted as an article (trafilatura
# reads a page whose text is under ~250 characters as a whole-page dump).
DATED_TEXT = article(
    "Rates held as inflation slows",
    "By Jane Reporter and Li Wei",
    "FRANKFURT (Reuters) — " + LONG_PARAGRAPHS[0],
    *LONG_PARAGRAPHS[1:],
    date="2024-10-22T09:30:00+02:00",
)

ARABIC_TEXT = article(
    "الحكومة تعلن خطة اقتصادية جديدة",
    "أعلنت الحكومة اليوم عن خطة جديدة للاقتصاد الوطني تبدأ في يناير، وتشمل دعم الصناعات "
    "الصغيرة وتوسيع برامج التدريب المهني في جميع المحافظات.",
    "وقال وزير المالية في مؤتمر صحفي إن الخطة ستخفض معدل البطالة خلال ثلاث سنوات، "
    "مضيفا أن تمويلها سيأتي من الموازنة العامة ومن شركاء دوليين.",
    "ورحب اتحاد الغرف التجارية بالإعلان، لكنه طالب بجدول زمني واضح للتنفيذ وبمشاركة "
    "القطاع الخاص في متابعة النتائج.",
)


def render(item: NewsItem) -> bytes:
    out = io.BytesIO()
    HtmlWriter(WriterOptions()).write(item, out)
    return out.getvalue()


def parse(page: bytes) -> Any:
    return html.document_fromstring(page)


def linked_data(root: Any) -> dict[str, Any]:
    scripts = root.findall(".//script")
    assert len(scripts) == 1
    assert scripts[0].get("type") == "application/ld+json"
    data: dict[str, Any] = json.loads(scripts[0].text)
    return data


def dated() -> NewsItem:
    return read_bytes(DATED_TEXT.encode("utf-8"), "dated.txt")


@pytest.fixture
def seed_page() -> bytes:
    return render(enrich_by_hand(read_bytes(SEED.read_bytes(), SEED.name)))


# Structure -------------------------------------------------------------------------------


def test_the_registry_gives_the_html_writer() -> None:
    cls = get_writer("html")
    assert cls is HtmlWriter
    assert (cls.name, cls.media_type, cls.extension, cls.binary) == (
        "html",
        "text/html",
        ".html",
        False,
    )


def test_the_page_is_a_standalone_html5_document(seed_page: bytes) -> None:
    assert seed_page.startswith(b'<!DOCTYPE html>\n<html lang="en">')
    root = parse(seed_page)
    head = root.find("head")
    assert head[0].tag == "meta"
    assert head[0].get("charset") == "utf-8"
    viewport = head.find("meta[@name='viewport']")
    assert "width=device-width" in viewport.get("content")
    assert root.findtext(".//title").startswith("U.S. Military Personnel Sustain Injuries")


def test_landmarks_and_one_h1_then_headings_in_order(seed_page: bytes) -> None:
    body = parse(seed_page).find("body")
    assert [child.tag for child in body if child.tag != "a"] == ["header", "main", "footer"]
    article_element = body.find("main/article")
    assert article_element is not None
    assert article_element.find("header/h1") is not None
    headings = [int(h.tag[1]) for h in body.iter("h1", "h2", "h3", "h4", "h5", "h6")]
    assert headings.count(1) == 1
    assert headings[0] == 1
    assert all(b - a <= 1 for a, b in itertools.pairwise(headings))


def test_body_headings_never_skip_a_level() -> None:
    item = dataclasses.replace(
        dated(),
        body=(
            Block(kind=BlockKind.HEADING, text="Deep", level=4),
            Block(text="Text."),
            Block(kind=BlockKind.HEADING, text="Deeper", level=6),
            Block(kind=BlockKind.HEADING, text="Back up", level=2),
        ),
    )
    body = parse(render(item)).find_class("article-body")[0]
    assert [h.tag for h in body.iter("h2", "h3", "h4", "h5", "h6")] == ["h2", "h3", "h2"]


def test_body_blocks_keep_their_kinds() -> None:
    blocks = (
        Block(text="Opening paragraph."),
        Block(kind=BlockKind.LIST_ITEM, text="one"),
        Block(kind=BlockKind.LIST_ITEM, text="two"),
        Block(kind=BlockKind.LIST_ITEM, text="first", ordered=True),
        Block(kind=BlockKind.BLOCKQUOTE, text="Quoted one."),
        Block(kind=BlockKind.BLOCKQUOTE, text="Quoted two."),
        Block(kind=BlockKind.PREFORMATTED, text="\n  col | col\n  1   | 2"),
    )
    body = parse(render(dataclasses.replace(dated(), body=blocks))).find_class("article-body")[0]
    assert [child.tag for child in body] == ["p", "ul", "ol", "blockquote", "pre"]
    assert [li.text for li in body.find("ul")] == ["one", "two"]
    assert [p.text for p in body.find("blockquote")] == ["Quoted one.", "Quoted two."]
    assert body.find("pre/code").text == "\n  col | col\n  1   | 2"


def test_byline_dateline_and_a_date_time_as_given() -> None:
    root = parse(render(dated()))
    header = root.find(".//article/header")
    text = " ".join(header.text_content().split())
    assert "By Jane Reporter and Li Wei" in text
    assert "FRANKFURT (Reuters)" in text
    times = [t.get("datetime") for t in root.iter("time")]
    assert "2024-10-22T09:30:00+02:00" in times
    assert linked_data(root)["datePublished"] == "2024-10-22T09:30:00+02:00"


def test_a_date_only_article_keeps_a_date_and_an_undated_one_has_none(
    seed_page: bytes,
) -> None:
    root = parse(seed_page)
    assert {t.get("datetime") for t in root.iter("time")} == {"2024-10-22"}
    assert linked_data(root)["datePublished"] == "2024-10-22"
    undated = read_bytes(article("No date here", "Body text.", date=None).encode(), "u.txt")
    assert undated.created is None
    root = parse(render(undated))
    assert not list(root.iter("time"))
    assert "datePublished" not in linked_data(root)


def test_odd_offsets_and_microseconds_give_valid_html_times() -> None:
    lmt = datetime(1890, 1, 1, 12, 0, tzinfo=UTC).astimezone(
        ZoneInfo("Europe/Amsterdam")
    )  # local mean time: an offset with seconds, which HTML cannot write
    precise = datetime(2024, 10, 22, 9, 30, 15, 123456, tzinfo=UTC)
    for created, expected in ((lmt, "1890-01-01T12:00:00Z"), (precise, "2024-10-22T09:30:15.123Z")):
        root = parse(render(dataclasses.replace(dated(), created=created)))
        assert expected in {t.get("datetime") for t in root.iter("time")}


def test_right_to_left_languages_get_dir_rtl_and_english_labels_are_marked() -> None:
    root = parse(render(stress("arabic")))
    assert root.get("lang") == "ar"
    assert root.get("dir") == "rtl"
    for time in root.iter("time"):
        assert (time.get("lang"), time.get("dir")) == ("en", "ltr")
    assert parse(render(stress("cyrillic"))).get("dir") is None
    hebrew = dataclasses.replace(stress("cyrillic"), language="he-IL")
    assert parse(render(hebrew)).get("dir") == "rtl"
    assert parse(render(dataclasses.replace(hebrew, language="ks-Arab"))).get("dir") == "rtl"


def test_summary_and_extracted_facts_are_marked_as_machine_made(seed_page: bytes) -> None:
    root = parse(seed_page)
    summary = root.find_class("summary")[0]
    assert summary.tag == "aside"
    assert "Machine-generated summary" in summary.text_content()
    assert summary.find_class("bluf")[0].text.startswith("Two US service members")
    assert len(summary.find("ul")) == 4
    facts = root.find_class("key-facts")[0]
    labels = [dt.text for dt in facts.iter("dt")]
    assert labels == ["People", "Organisations", "Places", "Topics"]
    assert "by software" in facts.find_class("machine-note")[0].text
    data = linked_data(root)
    assert data["abstract"].startswith("Two US service members")
    assert "description" not in data  # a machine summary is not the article's own dek
    assert {term["termCode"] for term in data["about"]} >= {"medtop:16000000"}
    assert {"@type": "Person", "name": "Patrick Ryder"} in data["mentions"]


def test_mixed_origins_are_marked_one_by_one() -> None:
    item = enrich_by_hand(read_bytes(SEED.read_bytes(), SEED.name))
    stated = Subject(qcode="medtop:04000000", name="economy", origin=Origin.SOURCE)
    root = parse(render(dataclasses.replace(item, subjects=(stated, *(item.subjects or ())))))
    chips = {li.text: li for li in root.find_class("key-facts")[0].iter("li")}
    assert chips["economy"].get("data-origin") is None
    assert chips["politics"].get("data-origin") == "machine"
    assert chips["politics"].find_class("machine-mark")


def test_entity_mentions_are_marked_without_changing_the_text(seed_page: bytes) -> None:
    body = parse(seed_page).find_class("article-body")[0]
    mentions = body.find_class("entity")
    assert {"Patrick Ryder", "CENTCOM"} <= {m.get("data-entity") for m in mentions}
    assert body.find("p").text_content().startswith("According to Major General Patrick Ryder")


def test_no_rights_no_publisher_and_never_docexport_as_either(seed_page: bytes) -> None:
    root = parse(seed_page)
    data = linked_data(root)
    for key in ("publisher", "copyrightHolder", "copyrightNotice", "creditText"):
        assert key not in data
    assert not root.find_class("article-footer")
    assert "©" not in root.text_content()
    masthead = root.find_class("masthead")[0].text_content()
    assert "docexport" not in masthead.casefold()


def test_rights_and_provider_appear_exactly_as_stated() -> None:
    item = dataclasses.replace(
        dated(),
        provider="Acme News",
        rights=Rights(holder="Acme News Ltd", notice="© 2024 Acme News Ltd", usage_terms="No"),
        credit_line="Acme/Reuters",
    )
    root = parse(render(item))
    data = linked_data(root)
    assert data["publisher"] == {"@type": "Organization", "name": "Acme News"}
    assert data["copyrightHolder"] == "Acme News Ltd"
    assert data["copyrightNotice"] == "© 2024 Acme News Ltd"
    assert data["creditText"] == "Acme/Reuters"
    footer = root.find_class("article-footer")[0].text_content()
    assert "© 2024 Acme News Ltd" in footer
    assert "Credit: Acme/Reuters" in footer
    assert "docexport" not in footer.casefold()
    assert root.find_class("masthead-name")[0].text == "Acme News"


# Safety ----------------------------------------------------------------------------------


def hostile_item() -> NewsItem:
    item = dated()
    text = f"Before {HOSTILE} after."
    return dataclasses.replace(
        item,
        headline=f"Headline {HOSTILE}",
        subheadline=f"Dek {HOSTILE}",
        bylines=(f"Jane {ATTRIBUTE_BREAK}", SCRIPT_BREAK),
        provider=SCRIPT_BREAK,
        rights=Rights(holder=ATTRIBUTE_BREAK, notice=SCRIPT_BREAK),
        keywords=(HOSTILE,),
        body=(
            Block(text=text, links=(Link(start=0, end=6, href="javascript:alert(1)"),)),
            Block(
                text="click here or here or mail",
                links=(
                    Link(start=0, end=5, href=f"https://example.com/?q={ATTRIBUTE_BREAK}"),
                    Link(start=11, end=15, href=" JavaScript:alert(1)"),
                    Link(start=19, end=21, href="data:text/html,<script>alert(1)</script>"),
                    Link(start=22, end=26, href="mailto:desk@example.com"),
                ),
            ),
            Block(kind=BlockKind.HEADING, text=HOSTILE, level=2),
            Block(kind=BlockKind.PREFORMATTED, text=HOSTILE),
            Block(kind=BlockKind.LIST_ITEM, text=HOSTILE),
        ),
        entities=(
            Entity(
                name=ATTRIBUTE_BREAK,
                type=EntityType.PERSON,
                mentions=(Span(block=0, start=7, end=20),),
            ),
        ),
        subjects=(Subject(qcode=f"x:{ATTRIBUTE_BREAK}", name=SCRIPT_BREAK),),
    )


def assert_inert(page: bytes) -> Any:
    """Exactly one script element (the JSON-LD), no injected element or handler, only safe
    link targets; returns the parsed page."""
    assert len(re.findall(rb"<script", page, re.IGNORECASE)) == 1
    assert len(re.findall(rb"</script", page, re.IGNORECASE)) == 1
    root = parse(page)
    assert root.find(".//img") is None
    for element in root.iter():
        if isinstance(element.tag, str):
            assert not [name for name in element.attrib if name.lower().startswith("on")]
    for link in root.iter("a"):
        href = link.get("href")
        assert href.startswith("#") or urlsplit(href).scheme in {"http", "https", "mailto"}
    linked_data(root)
    return root


def test_hostile_text_stays_text_everywhere() -> None:
    item = hostile_item()
    page = render(item)
    root = assert_inert(page)
    assert root.findtext(".//title") == item.headline
    assert root.find(".//h1").text == item.headline
    body = root.find_class("article-body")[0]
    assert body.find("p").text_content() == item.body[0].text
    assert body.find("pre/code").text == HOSTILE
    assert [a.get("href") for a in body.iter("a")][-1] == "mailto:desk@example.com"
    assert root.find_class("entity")[0].get("data-entity") == ATTRIBUTE_BREAK
    assert b"javascript:" not in page.lower()
    assert b"data:text/html" not in page


def test_json_ld_is_safe_inside_its_script_and_parses_back() -> None:
    item = hostile_item()
    page = render(item)
    script = re.search(rb"<script[^>]*>(.*?)</script>", page, re.DOTALL)
    assert script is not None
    raw = script.group(1)
    assert b"<" not in raw
    assert b">" not in raw
    assert b"&" not in raw
    data = json.loads(raw)
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == item.headline
    assert data["author"][1]["name"] == SCRIPT_BREAK
    assert data["keywords"] == [HOSTILE]


def test_characters_html_cannot_carry_are_dropped_or_escaped() -> None:
    odd = "bell\x07 del\x7f c1\x85 nonchar\ufffe line\u2028sep"
    item = dataclasses.replace(dated(), headline=f"Head {odd}", body=(Block(text=f"Body {odd}"),))
    root = assert_inert(render(item))
    assert root.find(".//h1").text == "Head bell del c1 nonchar line\u2028sep"
    assert linked_data(root)["headline"] == item.headline  # escaped, so given back whole


def test_nothing_is_loaded_from_anywhere(seed_page: bytes) -> None:
    root = parse(seed_page)
    assert not root.findall(".//link")
    assert not [e for e in root.iter() if isinstance(e.tag, str) and e.get("src")]
    style = root.find(".//style").text
    assert "url(" not in style
    assert "@import" not in style
    assert "@media print" in style
    policy = root.find(".//meta[@http-equiv='Content-Security-Policy']").get("content")
    assert "default-src 'none'" in policy
    assert "script-src" not in policy  # so scripts fall back to 'none'


@given(strategies.articles())
@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
def test_any_article_gives_a_parseable_inert_page(data: bytes) -> None:
    try:
        item = read_bytes(data, "fuzz.txt")
    except InputError:
        assume(False)
        return
    page = render(item)
    root = assert_inert(page)
    assert " ".join(root.find(".//h1").text_content().split()) == " ".join(item.headline.split())
    assert item.headline.split()[0] in root.text_content()
    assert linked_data(root)["headline"] == item.headline


# Round trip through the HTML reader ------------------------------------------------------


def read_back(item: NewsItem) -> NewsItem:
    return get_reader("html").read_bytes(render(item), "page.html")


@pytest.mark.parametrize(
    "make",
    [
        lambda: enrich_by_hand(read_bytes(SEED.read_bytes(), SEED.name)),
        dated,
        lambda: read_bytes(ARABIC_TEXT.encode("utf-8"), "arabic.txt"),
    ],
    ids=["enriched-seed", "dated-bylined", "arabic"],
)
def test_the_html_reader_reads_back_what_was_written(make: Any) -> None:
    item = make()
    back = read_back(item)
    assert back.headline == item.headline
    assert back.created == item.created
    assert back.bylines == item.bylines
    assert back.language == item.language
    assert [block.text for block in back.body] == [block.text for block in item.body]


def test_block_kinds_and_links_come_back() -> None:
    first = LONG_PARAGRAPHS[0]
    start = first.index("European Central Bank")
    link = Link(start=start, end=start + len("European Central Bank"), href="https://ecb.eu/")
    blocks = (
        Block(text=first, links=(link,)),
        Block(kind=BlockKind.HEADING, text="What the bank said", level=2),
        Block(text=LONG_PARAGRAPHS[1]),
        Block(kind=BlockKind.LIST_ITEM, text="Deposit rate unchanged"),
        Block(kind=BlockKind.LIST_ITEM, text="Guidance repeated"),
        Block(kind=BlockKind.BLOCKQUOTE, text="We remain data-dependent, the president said."),
        Block(kind=BlockKind.PREFORMATTED, text="Rate | Level\nDeposit | 3.25%"),
        Block(text=LONG_PARAGRAPHS[2]),
    )
    item = dataclasses.replace(dated(), body=blocks)
    back = read_back(item)
    assert [(b.kind, b.text) for b in back.body] == [(b.kind, b.text) for b in blocks]
    assert back.body[0].links == blocks[0].links


def test_provider_and_rights_come_back() -> None:
    item = dataclasses.replace(
        dated(), provider="Acme News", rights=Rights(holder="Acme", notice="© 2024 Acme")
    )
    back = read_back(item)
    assert back.provider == "Acme News"
    assert back.rights == Rights(holder="Acme", notice="© 2024 Acme")


def test_output_is_deterministic() -> None:
    item = dated()
    assert render(item) == render(item)
    assert render_page(item) == render(item)
    assert render(dataclasses.replace(item, created=date(2024, 10, 22))) != render(item)


# A real browser --------------------------------------------------------------------------

CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",  # needed as root (containers, CI); the page runs no script anyway
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    "--enable-logging=stderr",
    "--v=0",
)
# Console messages (errors, CSP violations, uncaught exceptions) as Chromium logs them.
CONSOLE_TROUBLE = re.compile(r"CONSOLE|Uncaught|Refused to|Content Security Policy")


def chromium(browser: str, page: Path, *args: str) -> subprocess.CompletedProcess[str]:
    with tempfile.TemporaryDirectory() as profile:
        return subprocess.run(
            [browser, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args, page.as_uri()],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )


def test_the_console_check_would_see_an_error(tmp_path: Path) -> None:
    """The method's control: a page that throws is reported on stderr."""
    browser = system_tool("chromium", "chromium-browser")
    page = tmp_path / "throws.html"
    page.write_text("<!DOCTYPE html><p>x</p><script>throw new Error('boom')</script>", "utf-8")
    result = chromium(browser, page, "--dump-dom")
    assert CONSOLE_TROUBLE.search(result.stderr), result.stderr[-2000:]


def test_chromium_renders_the_seed_page_cleanly(tmp_path: Path, seed_page: bytes) -> None:
    browser = system_tool("chromium", "chromium-browser")
    page = tmp_path / "seed.html"
    page.write_bytes(seed_page)
    result = chromium(browser, page, "--dump-dom")
    assert result.returncode == 0, result.stderr[-2000:]
    assert not CONSOLE_TROUBLE.search(result.stderr), result.stderr[-2000:]
    root = html.document_fromstring(result.stdout)
    assert root.find(".//h1").text.startswith("U.S. Military Personnel")
    assert linked_data(root)["@type"] == "NewsArticle"
    shot = tmp_path / "seed.png"
    result = chromium(browser, page, f"--screenshot={shot}", "--window-size=1200,1600")
    assert result.returncode == 0, result.stderr[-2000:]
    png = shot.read_bytes()
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    assert struct.unpack(">II", png[16:24]) == (1200, 1600)
    assert len(png) > 20_000  # a rendered article, not a blank page (a blank one is ~5 KB)


def test_chromium_runs_nothing_from_hostile_text(tmp_path: Path) -> None:
    browser = system_tool("chromium", "chromium-browser")
    page = tmp_path / "hostile.html"
    page.write_bytes(render(hostile_item()))
    result = chromium(browser, page, "--dump-dom")
    assert result.returncode == 0, result.stderr[-2000:]
    assert not CONSOLE_TROUBLE.search(result.stderr), result.stderr[-2000:]
    root = html.document_fromstring(result.stdout)
    assert_inert(result.stdout.encode("utf-8"))
    assert root.find(".//h1").text == hostile_item().headline
