"""PDF one-pager under attack: joiners in Arabic, dates at the edge of the calendar, any mix
of right-to-left text, marks and emoji. Always one page that pypdf parses, never a crash.
"""

from __future__ import annotations

import dataclasses
import io
import re
import unicodedata
from datetime import UTC, datetime, timedelta, timezone

import arabic_reshaper
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from docexport.errors import InputError
from docexport.readers.text import read_bytes
from docexport.writers import WriterOptions
from docexport.writers.pdf import PdfWriter, bidi, pdf_date
from tests.conftest import article

ZWJ, ZWNJ, TATWEEL = "\u200d", "\u200c", "\u0640"
FAMILY = "\U0001f468\u200d\U0001f469\u200d\U0001f467"  # man ZWJ woman ZWJ girl


def render(item, **options) -> bytes:
    out = io.BytesIO()
    PdfWriter(WriterOptions(**options)).write(item, out)
    return out.getvalue()


def one_page(data: bytes) -> PdfReader:
    pdf = PdfReader(io.BytesIO(data))
    assert len(pdf.pages) == 1
    pdf.pages[0].extract_text()  # the content stream parses too
    return pdf


def item_of(headline: str, *paragraphs: str):
    return read_bytes(article(headline, *paragraphs).encode("utf-8"), "a.txt")


# --- zero-width joiners and the Arabic reshaper ------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        f"{ZWJ}لا",  # the crash: ZWJ before lam-alef at the end of the text
        f"{FAMILY} لا",  # an emoji sequence before it, as in social media posts
        f"قال{ZWJ} إن الاتفاق لا يشمل {FAMILY} الأطفال",
        f"{ZWJ}{ZWJ}{ZWNJ}لا{ZWJ}",
    ],
)
def test_joiner_before_lam_alef_renders(text: str) -> None:
    data = render(item_of(text, f"النص: {text}"))
    extracted = unicodedata.normalize("NFKC", one_page(data).pages[0].extract_text())
    assert "لا" in extracted or "ال" in extracted  # lam-alef, read back in either order


def test_joiner_joins_as_the_reshaper_does_and_is_dropped() -> None:
    # ZWJ after a letter asks for its joining form; the letters after a ZWJ keep their
    # ligature (one letter off before the fix: wrong letters, or an IndexError).
    assert bidi.shape(f"ب{ZWJ}") == arabic_reshaper.reshape(f"ب{ZWJ}") == "\ufe91"
    assert bidi.shape(f"ب{ZWJ}لا") == "\ufe91\ufefc"
    assert bidi.shape(f"{FAMILY} لا") == f"{FAMILY.replace(ZWJ, '')} \ufefb"
    assert bidi.shape(f"سـلام{ZWJ} لا") == f"\ufeb3{TATWEEL}\ufefc\ufee3 \ufefb"  # tatweel kept


_ARABIC = [chr(c) for c in range(0x0621, 0x064B)] + ["لا", "لأ", "لإ", "لآ", "الله"]
_ALPHABET = st.sampled_from(
    [
        *_ARABIC,
        *(chr(c) for c in range(0x064B, 0x0653)),  # harakat
        *(chr(c) for c in range(0x05D0, 0x05EB)),  # Hebrew letters
        *(chr(c) for c in range(0x05B0, 0x05BD)),  # niqqud
        ZWJ, ZWNJ, TATWEEL, "\u0301", "\u0308", "\u20dd",  # joiners, combining marks
        "\U0001f600", "\U0001f468", "\U0001f469", "\U0001f3fd", "\u2764", "\ufe0f", FAMILY,
        *"0123456789", *"٠١٢٣٤٥٦٧٨٩", *"abc", " ", " ", ".", "(", ")", "«", "»",
    ]
)  # fmt: skip
_HARAKAT = re.compile("[\u064b-\u0652]")  # those of the alphabet; the reshaper drops them
_MIXED = st.lists(_ALPHABET, min_size=1, max_size=200).map("".join)


@settings(max_examples=500, deadline=None)
@given(_MIXED)
def test_shaping_keeps_every_letter_and_drops_only_joiners_and_harakat(text: str) -> None:
    # Presentation forms and ligatures fold back to their letters under NFKC: a ligature
    # placed one letter off (the ZWJ bug) shows as letters lost or doubled.
    shaped = bidi.shape(text)
    if not any("\u0600" <= char <= "\u06ff" for char in text):
        assert shaped == text
        return
    expected = _HARAKAT.sub("", text.replace(ZWJ, ""))
    assert unicodedata.normalize("NFKC", shaped) == unicodedata.normalize("NFKC", expected)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_MIXED, st.lists(_MIXED, min_size=1, max_size=4))
def test_any_mix_of_right_to_left_text_gives_one_page(headline: str, paragraphs: list[str]) -> None:
    try:
        item = item_of(headline, *paragraphs)
    except InputError:
        assume(False)
    one_page(render(item, classification=f"SECRET {headline[:40]}"))


# --- dates at the edge of the calendar ---------------------------------------------------


def test_year_below_1000_has_a_four_digit_creation_date() -> None:
    moment = datetime(999, 1, 1, tzinfo=UTC)
    assert pdf_date(moment) == "D:09990101000000+00'00'"
    pdf = one_page(render(item_of("Headline", "Body."), generated=moment))
    assert pdf.metadata["/CreationDate"] == "D:09990101000000+00'00'"
    assert pdf.metadata.creation_date == moment


def test_far_future_offset_keeps_its_local_time() -> None:
    created = datetime(9999, 12, 31, 23, 59, 59, tzinfo=timezone(timedelta(hours=-14)))
    item = dataclasses.replace(item_of("Headline", "Body."), created=created)
    pdf = one_page(render(item))
    assert pdf.metadata["/CreationDate"] == "D:99991231235959-14'00'"
    assert pdf.metadata.creation_date == created


def test_a_second_cjk_document_in_one_process_keeps_its_own_glyphs() -> None:
    """ReportLab files TrueType fonts by PostScript name and returned the first CJK
    subset for every later one: the second Chinese article of a batch drew no text."""
    pytest.importorskip("justmytype_intl_cjk", reason="the cjk extra is not installed")
    first = item_of("中文文本在这里", "第一篇文章的内容。")
    second = item_of("政府宣布新的经济计划", "政府今天宣布了新的经济计划。")
    renders = [render(first), render(second), render(first)]
    for item, data in zip([first, second, first], renders, strict=True):
        text = one_page(data).pages[0].extract_text()
        assert item.headline in text
        assert "\x00" not in text
    assert renders[0] == renders[2]  # the same bytes whatever the process converted between
