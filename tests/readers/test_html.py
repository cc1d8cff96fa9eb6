"""The HTML reader: saved article pages from many kinds of sites, and hostile ones.

The corpus is ``tests/data/html`` (see its README): pages, the hand-marked article text
of each, and its metadata. ``benchmarks/bench_html.py`` prints the same scores beside
peer extractors.
"""

from __future__ import annotations

import json
import re
import socket
import subprocess
import sys
from collections import Counter
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import docexport
from docexport.errors import InputError
from docexport.model import BlockKind, validate_dict
from docexport.readers import html as html_reader
from docexport.readers import read_data
from docexport.readers.html.metadata import parse_date

CORPUS = Path(__file__).resolve().parents[1] / "data" / "html"
PAGES = json.loads((CORPUS / "expected" / "metadata.json").read_text("utf-8"))["pages"]
WORD = re.compile(r"[^\W_]+")
# Pooled bag-of-words F1 (benchmarks/bench_html.py): measured 0.995 on the tuned pages and
# 0.975 on the held-out ones when first scored (1.000 since; see tests/data/html/README.md).
# Peers on the same pages: trafilatura's extract() 0.86 / 0.94, readability-lxml 0.93 / 0.96.
MIN_F1 = {"tuned": 0.97, "heldout": 0.95}


def read_page(page: str):
    data = (CORPUS / "pages" / f"{page}.html").read_bytes()
    return read_data(data, f"{page}.html", html_reader)


def read(markup: str | bytes, name: str = "page.html"):
    data = markup.encode() if isinstance(markup, str) else markup
    return read_data(data, name, html_reader)


def page(body: str, head: str = "<title>A headline</title>", lang: str = "en") -> str:
    return f'<!DOCTYPE html><html lang="{lang}"><head>{head}</head><body>{body}</body></html>'


ARTICLE = (
    "<article><h1>Harbour reopens after storm</h1>"
    "<p>The harbour reopened on Tuesday after engineers checked the sea wall for damage "
    "caused by the storm that swept the coast at the weekend.</p>"
    "<p>Fishing boats were back at sea by the afternoon, the harbour master said, and "
    "the ferry to the islands will run to its usual timetable from Wednesday.</p></article>"
)


# Corpus: metadata and body text ---------------------------------------------------------


@pytest.mark.parametrize("name", sorted(PAGES))
def test_metadata_as_hand_marked(name: str) -> None:
    item, expected = read_page(name), PAGES[name]
    assert item.headline == expected["headline"]
    assert (item.created.isoformat() if item.created else None) == expected["date"]
    assert list(item.bylines) == expected["bylines"]
    assert item.language == expected["language"]


@pytest.mark.parametrize("split", ["tuned", "heldout"])
def test_body_text_quality_gate(split: str) -> None:
    common = got = want = 0
    for name in (p for p, e in PAGES.items() if e["split"] == split):
        extracted = _words("\n".join(b.text for b in read_page(name).body))
        expected = _words((CORPUS / "expected" / f"{name}.txt").read_text("utf-8"))
        common += sum((extracted & expected).values())
        got, want = got + sum(extracted.values()), want + sum(expected.values())
    precision, recall = common / got, common / want
    assert 2 * precision * recall / (precision + recall) >= MIN_F1[split]


def _words(text: str) -> Counter[str]:
    return Counter(w.casefold() for w in WORD.findall(text))


@pytest.mark.parametrize("name", sorted(PAGES))
def test_every_page_is_a_valid_item(name: str) -> None:
    item = read_page(name)
    validate_dict(item.to_dict())
    assert item.source.file_name == f"{name}.html"
    assert item.guid.startswith("urn:newsml:docexport.invalid:")


def test_structure_headings_lists_table_links() -> None:
    item = read_page("table-list")
    kinds = [(b.kind, b.level, b.ordered) for b in item.body]
    assert (BlockKind.HEADING, 2, False) in kinds
    steps = [b for b in item.body if b.kind is BlockKind.LIST_ITEM and b.ordered]
    assert [b.text[:12] for b in steps] == ["We took each", "We excluded ", "We compared "]
    assert sum(b.kind is BlockKind.LIST_ITEM and not b.ordered for b in item.body) == 3
    (table,) = [b for b in item.body if b.kind is BlockKind.PREFORMATTED]
    assert "Oakfield Academy | 58% | 67% | +9" in table.text.splitlines()
    link = read_page("big-news").body[1].links[0]
    text = read_page("big-news").body[1].text
    assert text[link.start : link.end] == "national grid operator"
    assert link.href == "https://www.gridoperator.example/data"


def test_blockquote_and_live_blog_posts() -> None:
    item = read_page("live-blog")
    quotes = [b.text for b in item.body if b.kind is BlockKind.BLOCKQUOTE]
    assert quotes == [
        (
            "Our engineers are working in very difficult conditions and we will restore "
            "supplies as soon as it is safe to do so."
        )
    ]
    headings = [b.text for b in item.body if b.kind is BlockKind.HEADING]
    assert headings[0] == "We're closing this blog" and headings[-1] == "Welcome"


def test_layout_table_cells_are_read_as_blocks() -> None:
    layout = (
        '<table><tr><td colspan="2"><a href="/">Home</a> | <a href="/news/">News</a> | '
        '<a href="/sport/">Sport</a></td></tr><tr><td><a href="/a">Local</a><br>'
        '<a href="/b">Courts</a></td><td>'
        f"{ARTICLE.replace('<article>', '').replace('</article>', '')}"
        "</td></tr><tr><td colspan=2>© 2024 The Gazette Ltd</td></tr></table>"
    )
    item = read(page(layout))
    assert [b.kind for b in item.body] == [BlockKind.PARAGRAPH, BlockKind.PARAGRAPH]
    assert item.body[0].text.startswith("The harbour reopened on Tuesday")


def test_publisher_rights_keywords_and_extra() -> None:
    item = read_page("big-news")
    assert item.provider == item.credit_line == "The Morning Courier"
    assert item.rights is not None and item.rights.holder == "Morning Courier Media Ltd"
    assert item.keywords == ("energy", "heatwave", "electricity", "National Grid", "weather")
    assert item.extra["html"]["canonical"] == "https://www.morningcourier.example/news/uk-68112345"
    assert item.extra["html"]["og:image"].endswith("/pylons.jpg")
    graph = read_page("graph-jsonld")  # publisher and holder are @id references in @graph
    assert graph.provider == "Outback Tribune Pty Ltd"
    assert graph.rights is not None and graph.rights.holder == "Outback Tribune Pty Ltd"
    assert graph.keywords == ("agriculture", "drought", "soil", "native grasses")


def test_header_lines_leave_the_body_and_the_standfirst_becomes_the_subheadline() -> None:
    item = read_page("magazine-feature")
    assert item.body[0].text.startswith("The boat from the mainland")
    assert item.subheadline is not None and item.subheadline.startswith("Automation ended")
    paywall = read_page("paywall")
    assert len(paywall.body) == 2  # the teaser only: no subscription box, no blurred text
    assert paywall.subheadline is not None


# What never reaches the text --------------------------------------------------------------


def test_scripts_styles_and_comments_never_in_the_text() -> None:
    body = (
        "<article><h1>Harbour reopens after storm</h1>"
        "<p>The harbour reopened on Tuesday after engineers checked the sea wall.<script>"
        "alert(1)</script> Fishing boats were back at sea by the afternoon.</p>"
        "<script>document.write('injected words here')</script>"
        "<style>p { color: red } .secret-style {}</style>"
        "<!-- a comment the editor left: do not publish -->"
        "<p>The ferry to the islands will run to its usual timetable from Wednesday, "
        "the operator said in a statement on its website.</p>"
        "<noscript>Please enable JavaScript</noscript></article>"
    )
    text = "\n".join(b.text for b in read(page(body)).body)
    for leaked in ("alert", "injected", "color", "secret", "do not publish", "JavaScript"):
        assert leaked not in text
    assert "Fishing boats were back at sea" in text


def test_entity_declarations_refused_in_one_line() -> None:
    hostile = (
        '<?xml version="1.0"?><!DOCTYPE html [<!ENTITY lol "lol"><!ENTITY lol2 '
        '"&lol;&lol;&lol;&lol;">]><html><body><p>&lol2;</p></body></html>'
    )
    with pytest.raises(InputError) as caught:
        read(hostile)
    assert "\n" not in str(caught.value)
    assert "entities" in str(caught.value)


def test_a_page_of_navigation_only_has_no_article_text() -> None:
    nav = "".join(f'<li><a href="/s{i}">Section {i}</a></li>' for i in range(30))
    markup = page(f"<header><nav><ul>{nav}</ul></nav></header><footer>© 2024 Site</footer>")
    with pytest.raises(InputError, match=r"^no article text found in this page$"):
        read(markup)
    with pytest.raises(InputError, match="no article text"):
        read(page(""))


def test_no_network_access(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"network access attempted: {args}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    remote = (
        '<!DOCTYPE html SYSTEM "http://192.0.2.1/remote.dtd">'
        '<html lang="en"><head><title>Harbour reopens</title>'
        '<link rel="stylesheet" href="http://192.0.2.1/site.css">'
        '<script src="http://192.0.2.1/app.js"></script>'
        '<base href="http://192.0.2.1/"></head><body>'
        f'<img src="http://192.0.2.1/a.jpg"><iframe src="http://192.0.2.1/ad"></iframe>{ARTICLE}'
        '<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="http://192.0.2.1/x"/>'
        "</body></html>"
    )
    assert read(remote).headline == "Harbour reopens after storm"
    for name in PAGES:
        read_page(name)


def test_html_saved_as_txt_is_read_as_html(tmp_path: Path) -> None:
    path = tmp_path / "saved-page.txt"
    path.write_bytes((CORPUS / "pages" / "wire-story.html").read_bytes())
    item = docexport.read(path)
    assert item.headline == PAGES["wire-story"]["headline"]
    assert item.bylines == ("Christopher Rugaber", "Ana Swanson")
    assert not any("<" in b.text for b in item.body)


# Characters, dates, names, languages -------------------------------------------------------


def test_encodings_bom_declaration_and_a_wrong_declaration() -> None:
    markup = page(ARTICLE.replace("harbour master", "harbour master’s café"))
    declared = markup.replace("<head>", '<head><meta charset="windows-1252">')
    item = read(declared.encode("cp1252"))
    assert item.source.encoding == "windows-1252"
    assert "harbour master’s café" in item.body[1].text
    latin1 = markup.replace("<head>", '<head><meta charset="iso-8859-1">').encode("cp1252")
    assert "café" in read(latin1).body[1].text  # WHATWG: ISO-8859-1 means Windows-1252
    wrong = markup.replace("<head>", '<head><meta charset="windows-1251">').encode()
    assert "harbour master’s café" in read(wrong).body[1].text  # UTF-8 bytes, not cp1251
    utf16 = read(b"\xff\xfe" + markup.encode("utf-16-le"))
    assert utf16.source.encoding == "utf-16-le"
    assert "café" in utf16.body[1].text


def test_dates_keep_the_precision_the_page_gives() -> None:
    assert parse_date("2024-03-05") == date(2024, 3, 5)
    assert parse_date("2024-03-05T10:00:00Z") == datetime(2024, 3, 5, 10, tzinfo=UTC)
    stamp = parse_date("2024-03-05T10:00:00+05:30")
    assert isinstance(stamp, datetime) and stamp.utcoffset() == timedelta(hours=5, minutes=30)
    # No offset: which zone is not stated, so only the date is kept.
    assert parse_date("2024-03-05T10:00:00") == date(2024, 3, 5)
    assert type(parse_date("2024-03-05T10:00:00")) is date
    assert parse_date("Tue, 05 Mar 2024 10:00:00 GMT") == datetime(2024, 3, 5, 10, tzinfo=UTC)
    for junk in ("yesterday", "0001-01-01", "2024-02-30", "9999-12-31T00:00:00Z", ""):
        assert parse_date(junk) is None
    undated = read(page(ARTICLE))
    assert undated.created is None


def test_first_usable_source_wins_in_order_of_trust() -> None:
    head = (
        "<title>Page title | Site</title>"
        '<meta property="og:title" content="OG headline">'
        '<meta property="article:published_time" content="2024-05-01T08:00:00+02:00">'
        '<meta name="author" content="Meta Author">'
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline": '
        '"Rock &amp; roll JSON-LD headline", "datePublished": "not a date", '
        '"author": {"@type": "Person", "name": "Ana Ruiz"}}</script>'
    )
    item = read(page(ARTICLE, head))
    assert item.headline == "Rock & roll JSON-LD headline"
    assert item.created == datetime(2024, 5, 1, 8, tzinfo=timezone(timedelta(hours=2)))
    assert item.bylines == ("Ana Ruiz",)
    broken = head.replace('"@type"', "@type")  # invalid JSON-LD is skipped, not fatal
    item = read(page(ARTICLE, broken))
    assert (item.headline, item.bylines) == ("OG headline", ("Meta Author",))


def test_headline_falls_back_to_h1_and_title_without_the_site_name() -> None:
    assert read(page(ARTICLE, "<title>Harbour news - The Gazette</title>")).headline == (
        "Harbour reopens after storm"
    )
    no_h1 = ARTICLE.replace("<h1>Harbour reopens after storm</h1>", "")
    head = '<title>Harbour reopens | The Gazette</title><meta property="og:site_name" '
    head += 'content="The Gazette">'
    assert read(page(no_h1, head)).headline == "Harbour reopens"


@pytest.mark.parametrize(
    ("author", "bylines"),
    [
        ("Jane Doe and John Roe", ("Jane Doe", "John Roe")),
        ("By Jane Doe, John Roe", ("Jane Doe", "John Roe")),
        ("Doe, Jane", ("Doe, Jane",)),
        ("https://www.example.com/staff/jane-doe", ()),
    ],
)
def test_meta_author_names(author: str, bylines: tuple[str, ...]) -> None:
    item = read(page(ARTICLE, f'<title>t</title><meta name="author" content="{author}">'))
    assert item.bylines == bylines


def test_language_declared_normalised_or_guessed() -> None:
    assert read(page(ARTICLE, lang="en_gb")).language == "en-GB"
    undeclared = page(ARTICLE).replace(' lang="en"', "")
    assert read(undeclared).language == "en"  # guessed from the text
    locale = undeclared.replace("<head>", '<head><meta property="og:locale" content="en_AU">')
    assert read(locale).language == "en-AU"


def test_links_resolved_against_the_page_and_unsafe_ones_dropped() -> None:
    body = ARTICLE.replace(
        "the harbour master said",
        'the <a href="/people/harbour-master">harbour master</a> said '
        '<a href="javascript:alert(1)">here</a>',
    )
    head = '<title>t</title><link rel="canonical" href="https://news.example/2024/harbour">'
    (link,) = read(page(body, head)).body[1].links
    assert link.href == "https://news.example/people/harbour-master"


# Robustness and cost -----------------------------------------------------------------------


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.binary(max_size=2000) | st.text(max_size=2000).map(str.encode))
def test_any_bytes_give_an_item_or_an_input_error(data: bytes) -> None:
    try:
        read(data)
    except InputError as exc:
        assert "\n" not in str(exc)


_MARKUP = st.lists(
    st.sampled_from(
        [
            "<p>",
            "</p>",
            "<article>",
            "</article>",
            "<h2>",
            "<ul><li>",
            "</li></ul>",
            "<table>",
            "<tr><td>",
            '<a href="x">',
            "</a>",
            "<script>",
            "</script>",
            "<br>",
            "&amp;",
            "&#0;",
            '<script type="application/ld+json">{"@graph": [{"@id": "a", "author": {"@id": "a"}}',
            "]}</script>",
            "<title>",
            "</title>",
            "\x00",
            "\ufffe",
            "é",
        ]
    )
    | st.text(max_size=40),
    max_size=60,
)


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(_MARKUP)
def test_any_markup_gives_an_item_or_an_input_error(parts: list[str]) -> None:
    try:
        item = read(page("".join(parts)))
    except InputError:
        return
    validate_dict(item.to_dict())


def test_importing_the_reader_does_not_import_trafilatura() -> None:
    code = "import sys, docexport.readers.html; print('trafilatura' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert result.stdout.strip() == "False", result.stderr
    src = Path(docexport.__file__).parent
    users = [
        str(path.relative_to(src))
        for path in src.rglob("*.py")
        if re.search(r"^\s*(import|from)\s+trafilatura", path.read_text("utf-8"), re.M)
    ]
    assert users == ["readers/html/body.py"]


def test_reading_a_page_loads_no_language_identifier_and_leaves_it_importable() -> None:
    """trafilatura would import py3langid and numpy (~110 ms a process) for a language
    filter we never use; the reader keeps them out, and unblocks the name afterwards."""
    code = (
        "import sys\n"
        "from docexport.readers import read_data, get_reader\n"
        "page = b'<html><head><title>T</title></head><body><article><h1>Bridge shut</h1>'"
        " + b'<p>The council closed the bridge on Monday after engineers found cracks.</p>'"
        " + b'<p>It will stay shut for a month, the council said.</p></article></body></html>'\n"
        "item = read_data(page, 'p.html', get_reader('html'))\n"
        "assert 'trafilatura' in sys.modules\n"
        "assert item.body, item\n"
        "print(sorted(n for n in ('numpy', 'py3langid') if n in sys.modules))\n"
        "try:\n    import py3langid\nexcept ImportError as exc:\n"
        "    print('absent' if 'No module named' in str(exc) else f'blocked: {exc}')\n"
        "else:\n    print('importable')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    loaded, after = result.stdout.splitlines()
    assert loaded == "[]"
    assert after in ("importable", "absent")  # never left blocked
