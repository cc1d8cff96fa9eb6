"""The Markdown reader: front matter, headline fallback, block structure, links, hostile YAML."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from docexport.errors import InputError
from docexport.model import BlockKind, NewsItem, validate_dict
from docexport.readers import markdown, read_data, read_path
from tests.conftest import DATA

MARKDOWN = DATA / "markdown"


def read(text: str | bytes, name: str = "a.md") -> NewsItem:
    data = text.encode() if isinstance(text, str) else text
    return read_data(data, name, markdown)


def read_file(name: str) -> NewsItem:
    return read((MARKDOWN / name).read_bytes(), name)


def refusal(text: str | bytes) -> str:
    with pytest.raises(InputError) as caught:
        read(text)
    reason = str(caught.value)
    assert "\n" not in reason
    return reason


# --- front matter -------------------------------------------------------------------------


def test_front_matter_fills_the_model() -> None:
    item = read_file("front-matter.md")
    assert item.headline == "Harbour reopens after storm"
    assert item.subheadline == "Ferries resume on Wednesday after three days of closure"
    assert item.created == datetime(2024, 10, 22, 9, 30, tzinfo=timezone(timedelta(hours=1)))
    assert item.bylines == ("Ana Lima", "Li Wei")
    assert item.dateline is not None
    assert (item.dateline.text, item.dateline.place) == ("LISBON (Lusa)", "Lisbon")
    assert item.dateline.source == "Lusa"
    assert item.language == "pt-PT"
    assert item.keywords == ("storm", "harbour", "shipping")  # tags and keywords, each once
    assert item.slugline == "harbour-reopens"
    assert item.provider == "Lusa"
    assert item.rights is not None
    assert item.rights.notice == "© 2024 Lusa"
    assert item.credit_line == "Lusa/Reuters"
    assert item.urgency == 4
    assert item.info_sources == ("Lusa",)
    assert item.source.encoding == "utf-8"


def test_unknown_keys_and_images_are_kept_in_extra_as_json() -> None:
    extra = read_file("front-matter.md").extra["markdown"]
    assert extra["draft"] is False
    assert extra["series"] == "Storm season"
    assert extra["seo"] == {
        "description": "The port of Lisbon reopened.",
        "published": "2024-10-22",  # a YAML date, as ISO text
    }
    assert extra["inline_images"] == [{"src": "cranes.jpg", "alt": "Cranes at the port"}]
    validate_dict(read_file("front-matter.md").to_dict())


def test_a_date_stays_a_date_and_a_time_keeps_its_offset() -> None:
    body = "\n# Head\n\nBody text.\n"
    assert read(f"---\ndate: 2024-10-22\n---{body}").created == date(2024, 10, 22)
    assert read(f"---\ndate: '2024-10-22'\n---{body}").created == date(2024, 10, 22)
    stamp = read(f"---\ndate: '2024-10-22T09:30:00-05:00'\n---{body}").created
    assert isinstance(stamp, datetime)
    assert stamp.utcoffset() == timedelta(hours=-5)
    assert read(f"---\ncreated: 2024-10-22T09:30:00Z\n---{body}").created == datetime(
        2024, 10, 22, 9, 30, tzinfo=UTC
    )


@pytest.mark.parametrize(
    ("front", "reason"),
    [
        ("date: 2024-10-22T09:30:00", "has no UTC offset"),
        ("date: '22 October 2024'", "is not a date"),
        ("date: 2024-02-30", "day is out of range"),
        ("title: [a, b]", "front matter title: expected text, got list"),
        ("urgency: 12", "urgency is a whole number from 1 to 9"),
        ("language: English please", "is not a BCP 47 tag"),
        ("title: 'unclosed", "front matter is not valid YAML (line 2)"),
        ("- just\n- a list", "front matter is not a set of 'key: value' lines"),
    ],
)
def test_bad_front_matter_values_are_refused_in_one_line(front: str, reason: str) -> None:
    assert reason in refusal(f"---\n{front}\n---\n# Head\n\nBody text.\n")


def test_values_the_model_cannot_hold_go_to_extra() -> None:
    item = read("---\ntitle: Head\nslug: not a slug\nsubtitle: ''\n---\nBody text.\n")
    assert item.slugline is None
    assert item.subheadline is None
    assert item.extra["markdown"] == {"slug": "not a slug", "subtitle": ""}


def test_author_text_is_split_into_names() -> None:
    item = read("---\ntitle: Head\nbyline: By Ana Lima and Li Wei; Bo Chen\n---\nBody text.\n")
    assert item.bylines == ("Ana Lima", "Li Wei", "Bo Chen")


# --- hostile YAML -------------------------------------------------------------------------


def test_billion_laughs_is_refused_in_one_line() -> None:
    reason = refusal((MARKDOWN / "billion-laughs.md").read_bytes())
    assert reason == "front matter uses a YAML alias (*name); write the value out"


def test_python_tags_are_refused_by_the_safe_loader() -> None:
    reason = refusal((MARKDOWN / "python-object.md").read_bytes())
    assert "could not determine a constructor" in reason


def test_deep_nesting_huge_front_matter_and_huge_numbers_are_refused() -> None:
    assert "nests deeper than 32" in refusal("---\nx: " + "[" * 5000 + "\n---\nBody.\n")
    big = "---\n" + "".join(f"k{i}: {'v' * 60}\n" for i in range(1200)) + "---\n# H\n\nB.\n"
    assert "front matter is over 64 KiB" in refusal(big)
    assert "a value YAML cannot hold" in refusal("---\nx: " + "9" * 5000 + "\n---\n# H\n\nB.\n")
    many = "---\nx: [" + ",".join(["1"] * 12_000) + "]\n---\n# H\n\nB.\n"
    assert "more than 10,000 values" in refusal(many)


# --- front matter libyaml would read otherwise (tests/readers/test_front_matter.py) -------


@pytest.mark.parametrize(
    ("front", "reason"),
    [
        ("title: Head \t", "found character '\\t' that cannot start any token"),
        ("title: Head\ntags: [a, b?]", "expected ',' or ']', but got '?'"),
        ("title: Head\nnote: |#\n  x", "expected chomping or indentation indicators"),
    ],
)
def test_front_matter_libyaml_would_take_is_refused_as_pyyaml_refuses_it(
    front: str, reason: str
) -> None:
    assert reason in refusal(f"---\n{front}\n---\nBody text.\n")


def test_an_empty_tag_is_null_as_pyyaml_reads_it() -> None:
    item = read("---\ntitle: Head\nsubtitle: !\n---\nBody text.\n")  # libyaml: ""
    assert item.extra["markdown"] == {"subtitle": None}


# --- headline -----------------------------------------------------------------------------


def test_first_heading_is_the_headline_without_a_title() -> None:
    item = read_file("no-front-matter.md")
    assert item.headline == "Storm closes the harbour"
    assert item.body[-2].kind is BlockKind.HEADING
    assert (item.body[-2].text, item.body[-2].level) == ("Second top-level heading", 2)


def test_a_title_drops_a_first_heading_that_repeats_it() -> None:
    item = read("---\ntitle: Storm\n---\n# Storm\n\nBody text.\n")
    assert item.headline == "Storm"
    assert [b.text for b in item.body] == ["Body text."]


def test_an_opening_subheading_is_the_headline_when_nothing_else_is() -> None:
    assert read_file("opening-subheading.md").headline == "Briefly: harbour reopens"


def test_no_headline_is_a_clear_refusal() -> None:
    reason = refusal((MARKDOWN / "no-headline.md").read_bytes())
    assert reason == "no headline: give the front matter a title or add a # heading"
    assert refusal("# Only a headline\n") == "no body text: only a headline"


# --- body ---------------------------------------------------------------------------------


def test_block_structure_is_kept() -> None:
    blocks = [(b.kind.value, b.level, b.ordered, b.text) for b in read_file("front-matter.md").body]
    assert blocks == [
        ("paragraph", None, False, "The harbour reopened on Tuesday, the port authority said."),
        ("heading", 2, False, "Damage"),
        ("paragraph", None, False, "Three cranes were damaged; repairs will take weeks."),
        (
            "blockquote",
            None,
            False,
            '"We are open again," said harbour master João Silva. See the notice.',
        ),
        ("list_item", None, False, "Cranes inspected"),
        ("list_item", None, False, "Ferries resume"),
        ("list_item", None, True, "Cacilhas first"),
        ("list_item", None, True, "Barreiro next"),
        ("heading", 3, False, "Timetable"),
        ("preformatted", None, False, "Line       First  Last\nCacilhas   06:00  23:00"),
        ("preformatted", None, False, "Berth | Status\n1 | open\n2 | closed"),
        ("paragraph", None, False, "Updated at 18:00."),  # HTML block: text only, no script
        ("paragraph", None, False, "Visit our site or https://example.org/live. Thanks."),
    ]


def test_sections_at_level_one_move_down_with_their_subsections() -> None:
    item = read("---\ntitle: Head\n---\n# Part one\n\n## Detail\n\nText.\n\n# Part two\n\nMore.\n")
    headings = [(b.text, b.level) for b in item.body if b.kind is BlockKind.HEADING]
    assert headings == [("Part one", 2), ("Detail", 3), ("Part two", 2)]


def test_links_are_offsets_in_the_plain_text() -> None:
    item = read_file("front-matter.md")
    found = [(b.text[k.start : k.end], k.href) for b in item.body for k in b.links]
    assert found == [
        ("the port authority", "https://example.org/port"),
        ("the notice", "https://example.org/notice"),
        ("https://example.org/live", "https://example.org/live"),  # the javascript: one went
    ]


def test_link_text_with_emphasis_and_spaces_is_trimmed() -> None:
    item = read("# H\n\nSee [ the *big*  report ](http://x.org/r) now.\n")
    block = item.body[0]
    assert block.text == "See the big report now."
    (link,) = block.links
    assert block.text[link.start : link.end] == "the big report"


def test_html_is_never_markup() -> None:
    item = read("# H\n\nA <span class='x'>styled</span> word<br/>and a <b>bold</b> one.\n")
    assert item.body[0].text == "A styled word and a bold one."


def test_byline_and_dateline_leads_are_read_from_the_body() -> None:
    item = read_file("no-front-matter.md")
    assert item.bylines == ("Ana Lima", "Li Wei")
    assert item.dateline is not None
    assert item.dateline.place == "Lisbon"
    first = item.body[0]
    assert first.text.startswith("The port of Lisbon closed on Sunday")
    (link,) = first.links  # shifted with the text the dateline took
    assert first.text[link.start : link.end] == "port authority"


# --- encodings and the registry -----------------------------------------------------------


def test_windows_1252_is_decoded() -> None:
    item = read_file("windows-1252.md")
    assert item.source.encoding == "windows-1252"
    assert item.headline == "Café reopens"
    assert (
        item.body[0].text == "The café’s owner, Zoë, said it was “a relief” — prices stay at 2 €."
    )


def test_undecodable_and_binary_bytes_are_refused() -> None:
    assert "not valid UTF-8" in refusal(b"# H\n\n\x81\x8d\xd0\xb0\xff text\n")
    assert "NUL" in refusal(b"# H\n\nBody\x00 text.\n")


def test_read_path_detects_front_matter_and_md_files() -> None:
    assert read_path(str(MARKDOWN / "front-matter.md")).headline == "Harbour reopens after storm"
    assert read_path(str(MARKDOWN / "opening-subheading.md")).headline.startswith("Briefly")


PIECES = ["---\n", "title: T\n", "date: 2024-10-22\n", "# H\n", "> q\n", "- i\n", "1. n\n",
          "```\n", "<div>", "[a](http://b)", "![i](j)", "| a |\n|---|\n", "&amp;", "x: &a [1]\n",
          "y: *a\n", "By Ana Lima\n\n", "PARIS (AFP) — ", "\n\n"]  # fmt: skip


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(text=st.lists(st.sampled_from(PIECES) | st.text(max_size=40), max_size=25).map("".join))
def test_any_text_gives_a_valid_item_or_an_input_error(text: str) -> None:
    try:
        item = read(text.encode("utf-8", "surrogatepass"))
    except InputError as error:
        assert "\n" not in str(error)
    else:
        validate_dict(item.to_dict())
        assert NewsItem.from_dict(item.to_dict()) == item
