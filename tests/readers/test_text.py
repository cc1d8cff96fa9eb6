"""The plain-text reader: the seed format and what a newsroom meets in the wild."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from docexport.errors import InputError
from docexport.readers.text import read_bytes
from tests.conftest import SEED, article


def read(text: str | bytes, name: str = "a.txt"):
    return read_bytes(text.encode() if isinstance(text, str) else text, name)


def test_seed_headline_date_and_paragraphs() -> None:
    item = read(SEED.read_bytes(), SEED.name)
    assert item.created == date(2024, 10, 22)
    assert item.headline.startswith("U.S. Military Personnel Sustain Injuries")
    assert item.headline.endswith("According to Pentagon Statement")
    assert len(item.body) == 10
    assert item.body[0].text.startswith("According to Major General Patrick Ryder")
    assert item.body[-1].text.endswith("combat this global threat.")
    assert item.language == "en"
    assert item.source.encoding == "utf-8"
    assert item.source.file_name == SEED.name
    assert item.dateline is None
    assert item.bylines == ()


def test_guid_is_stable_and_content_derived() -> None:
    first = read(SEED.read_bytes())
    again = read(SEED.read_bytes(), "renamed.txt")
    assert first.guid == again.guid
    assert first.guid.startswith("urn:newsml:docexport.invalid:20241022:")
    edited = read(SEED.read_bytes().replace(b"stable condition", b"critical condition"))
    assert edited.guid != first.guid


def test_crlf_bom_and_cp1252_give_the_same_item_content() -> None:
    text = article("Café owners protest", "Prices rose 5 % – “sharply”, they said.")
    variants = {
        "utf-8": text.encode("utf-8"),
        "utf-8-bom": b"\xef\xbb\xbf" + text.encode("utf-8"),
        "crlf": text.replace("\n", "\r\n").encode("utf-8"),
        "cp1252": text.encode("cp1252"),
    }
    items = {k: read(v) for k, v in variants.items()}
    assert {i.guid for i in items.values()} == {items["utf-8"].guid}
    assert items["cp1252"].source.encoding == "windows-1252"
    assert items["utf-8-bom"].source.encoding == "utf-8"
    assert items["cp1252"].body[0].text == "Prices rose 5 % – “sharply”, they said."
    assert items["cp1252"].headline == "Café owners protest"


def test_latin1_bytes_decode_as_western_text() -> None:
    item = read(
        article(
            "Réunion à Genève",
            "Le président a parlé des accords avec les ministres à Zürich, qui sont pour la paix.",
        ).encode("latin-1")
    )
    assert item.headline == "Réunion à Genève"
    assert item.language == "fr"


def test_utf16_with_bom_is_read() -> None:
    item = read(article("Headline", "Body text here.").encode("utf-16"))
    assert item.headline == "Headline"
    assert item.source.encoding.startswith("utf-16")


def test_iso_datetime_with_offset_replaces_the_date() -> None:
    item = read(article("Markets open", "Shares rose.", date="2024-10-22T09:30:00+02:00"))
    assert item.created == datetime(2024, 10, 22, 7, 30, tzinfo=UTC)
    assert item.created.utcoffset() == timedelta(hours=2)
    assert isinstance(item.created, datetime)
    assert item.created.tzinfo == timezone(timedelta(hours=2))


def test_no_date_line_first_line_is_headline_and_date_is_absent() -> None:
    item = read("Storm hits coast\n\nWinds reached 150 km/h overnight.\n")
    assert item.headline == "Storm hits coast"
    assert item.created is None
    assert item.guid.split(":")[3] == "undated"
    assert [b.text for b in item.body] == ["Winds reached 150 km/h overnight."]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("By Jane Reporter", ("Jane Reporter",)),
        ("BY JANE REPORTER", ("JANE REPORTER",)),
        ("By Jane Reporter and John Roe", ("Jane Reporter", "John Roe")),
        ("By Ana Lima & Kenji Sato", ("Ana Lima", "Kenji Sato")),
    ],
)
def test_byline_line(line: str, expected: tuple[str, ...]) -> None:
    item = read(article("Headline", line, "First paragraph."))
    assert item.bylines == expected
    assert [b.text for b in item.body] == ["First paragraph."]


def test_sentence_starting_with_by_is_not_a_byline_when_it_is_body_text() -> None:
    text = "By the end of the week, officials expect the bridge to reopen after repairs."
    item = read(article("Bridge", text, "Second."))
    assert item.bylines == ()
    assert item.body[0].text == text


@pytest.mark.parametrize(
    ("lead", "place", "source", "text"),
    [
        ("FRANKFURT (Reuters) — ", "Frankfurt", "Reuters", "FRANKFURT (Reuters)"),
        ("CAIRO — ", "Cairo", None, "CAIRO"),
        ("NEW YORK, Oct. 22 (AP) – ", "New York", "AP", "NEW YORK, Oct. 22 (AP)"),
        ("SÃO PAULO (Reuters) - ", "São Paulo", "Reuters", "SÃO PAULO (Reuters)"),
        ("MÜNCHEN -- ", "München", None, "MÜNCHEN"),
    ],
)
def test_dateline_lead_is_split_off(lead: str, place: str, source: str | None, text: str) -> None:
    item = read(article("Headline", lead + "The central bank held rates.", "More."))
    assert item.dateline is not None
    assert (item.dateline.place, item.dateline.source, item.dateline.text) == (place, source, text)
    assert item.body[0].text == "The central bank held rates."


@pytest.mark.parametrize(
    "first",
    [
        "Officials - who declined to be named - said so.",
        "The UN - led mission ended.",
        "Berlin — the capital — was quiet.",
    ],
)
def test_ordinary_first_paragraphs_are_not_datelines(first: str) -> None:
    item = read(article("Headline", first))
    assert item.dateline is None
    assert item.body[0].text == first


def test_whitespace_collapses_but_scripts_quotes_and_nbsp_survive() -> None:
    body = "  Он  сказал:\t«Да»  —\nи ушёл.  “Curly” ‘quotes’ 10\u00a0000 中文 عربي  "
    item = read(article("Заголовок", body))
    assert item.body[0].text == "Он сказал: «Да» — и ушёл. “Curly” ‘quotes’ 10\u00a0000 中文 عربي"


def test_nfc_normalisation() -> None:
    decomposed = "Cafe\u0301 in Zu\u0308rich"
    item = read(article(decomposed, decomposed))
    assert item.headline == "Café in Zürich"
    assert item.body[0].text == "Café in Zürich"


def test_characters_xml_forbids_are_dropped() -> None:
    item = read(article("Head\x0bline", "Bell\x07 and form\x0cfeed \x1b[0m and DEL\x7f."))
    assert item.headline == "Headline"
    assert item.body[0].text == "Bell and formfeed [0m and DEL."


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Der Bundestag hat am Montag über die Reform abgestimmt, die nicht für alle gilt.", "de"),
        ("El gobierno anunció los cambios para el próximo año, como se esperaba.", "es"),
        ("الحكومة أعلنت اليوم عن خطة جديدة للاقتصاد", "ar"),
        ("政府今天宣布了新的经济计划", "zh"),
        ("Η κυβέρνηση ανακοίνωσε σήμερα νέο σχέδιο", "el"),
    ],
)
def test_language_is_guessed(text: str, language: str) -> None:
    assert read(article("Headline", text)).language == language


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty file"),
        (b"  \n\n\t ", "only whitespace"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG image"),
        (b"%PDF-1.7\n%\xe2\xe3", "PDF document"),
        (b"hello\x00world\x00" * 10, "NUL bytes"),
        ("Привет мир, это тест".encode("cp1251"), "not valid UTF-8"),
        (b"Headline\n\nbad \x81\x8d bytes", "not valid UTF-8"),
        (b" date 2024-13-45 Headline\n\nBody.", "is not a date"),
        (b" date 2024-10-22T10:00:00 Headline\n\nBody.", "no UTC offset"),
        (b" date 2024-10-22\n\nBody.", "no headline"),
        (b" date 2024-10-22 Only a headline\n", "no body text"),
        (bytes(range(1, 32)) * 40, "control characters"),
    ],
)
def test_bad_input_raises_input_error_with_reason(data: bytes, reason: str) -> None:
    with pytest.raises(InputError, match=reason) as caught:
        read(data)
    assert "\n" not in str(caught.value)
