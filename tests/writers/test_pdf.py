"""PDF one-pager: one page for any article, embedded fonts, every script, reproducible bytes.

Text is read back with pypdf (a test dependency) and, where poppler is installed, with
``pdftotext``/``pdffonts``; those checks skip with a reason otherwise. Arabic comes back
as presentation forms and with direction marks, so it is compared after NFKC and with
the marks removed, word by word (extractors do not agree on the order of runs).
"""

from __future__ import annotations

import importlib.util
import io
import os
import re
import subprocess
import sys
import unicodedata
from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader
from pypdf.generic import DictionaryObject
from reportlab import rl_config

from docexport import __version__
from docexport.briefing import brief_content
from docexport.errors import InputError, WriterError
from docexport.readers.text import read_bytes
from docexport.writers import WriterOptions
from docexport.writers.pdf import PdfWriter
from docexport.writers.pdf.fonts import DocumentFonts
from tests.conftest import REPO, SEED, article
from tests.writers.conftest import STRESS_TEXTS, enrich_by_hand, poppler, stress

PAGE_POINTS = {"A4": (595.28, 841.89), "letter": (612.0, 792.0)}
MARKER = "continued in the full text"
_MARKS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_WORD = re.compile(r"[^\W\d_]+")  # letters only: "جديدة22" (a line joined to a date) splits

# A headline and a phrase from the body of each stress article, as the reader gives them.
EXPECTED = {
    "latin-diacritics": ("Žluťoučký kůň úpěl ďábelské ódy", "smörgåsbord, Ærøskøbing, İstanbul"),
    "cyrillic": ("Правительство объявило план", "реформа начнётся в январе"),
    "greek": ("Η κυβέρνηση ανακοίνωσε σχέδιο", "η μεταρρύθμιση ξεκινά"),
    "arabic": ("الحكومة تعلن خطة اقتصادية جديدة", "خطة جديدة للاقتصاد الوطني"),
    "hebrew": ("הממשלה הודיעה על תוכנית חדשה", "השר אמר שהרפורמה תתחיל בינואר"),
    "chinese": ("政府宣布新的经济计划", "政府今天宣布了新的经济计划，改革将于一月开始。"),
}
RTL = {"arabic", "hebrew"}
CJK_INSTALLED = importlib.util.find_spec("justmytype_intl_cjk") is not None


def needs_fonts_for(name: str) -> None:
    """Skip Chinese when the optional ``cjk`` extra (its fonts) is not installed."""
    if name == "chinese" and not CJK_INSTALLED:
        pytest.skip("CJK fonts are the optional extra: pip install 'docexport[cjk]'")


def render(item, **options) -> bytes:
    out = io.BytesIO()
    PdfWriter(WriterOptions(**options)).write(item, out)
    return out.getvalue()


def reader(data: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(data))


def page_text(data: bytes) -> str:
    return normalise(reader(data).pages[0].extract_text())


def normalise(text: str) -> str:
    """NFKC (Arabic presentation forms → letters) without bidi control marks."""
    return _MARKS.sub("", unicodedata.normalize("NFKC", text))


def contains(extracted: str, expected: str, rtl: bool) -> bool:
    """``expected`` is in ``extracted``: as a phrase, or for RTL scripts word by word."""
    expected = normalise(expected)
    if rtl:
        return set(_WORD.findall(expected)) <= set(_WORD.findall(extracted))
    squeeze = re.compile(r"\s+")
    # Lines break at spaces (extracted as newlines) or, in CJK, between any two characters.
    return squeeze.sub("", expected) in squeeze.sub("", extracted)


# --- one page, whatever the article ---------------------------------------------------


@pytest.mark.parametrize("page_size", ["A4", "letter"])
def test_every_stress_article_fits_on_exactly_one_page(stress_item, page_size) -> None:
    needs_fonts_for(stress_item.source.file_name.removesuffix(".txt"))
    pdf = reader(render(stress_item, page_size=page_size))
    assert len(pdf.pages) == 1
    box = pdf.pages[0].mediabox
    assert (float(box.width), float(box.height)) == pytest.approx(PAGE_POINTS[page_size], abs=0.1)


@pytest.mark.parametrize("page_size", ["A4", "letter", "LETTER"])
def test_enriched_seed_fits_on_exactly_one_page(enriched_item, page_size) -> None:
    assert len(reader(render(enriched_item, page_size=page_size)).pages) == 1


def test_unknown_page_size_is_refused(seed_item) -> None:
    with pytest.raises(WriterError, match="page size 'A3'"):
        render(seed_item, page_size="A3")


def test_monstrous_headline_is_cut_with_an_ellipsis_but_kept() -> None:
    headline = "Officials confirm " + "an extraordinarily long and winding headline " * 60
    item = read_bytes(article(headline.strip(), "Body.").encode(), "long-headline.txt")
    text = page_text(render(item))
    assert len(reader(render(item)).pages) == 1
    assert "Officials confirm an extraordinarily" in text
    assert "winding headline ..." not in text
    assert re.search(r"\w\.\.\.\s", text), "an ellipsis (NFKC: '...') ends the headline"
    assert "Body." in text


def test_characters_no_font_has_are_replaced_not_dropped_or_crashing() -> None:
    item = read_bytes(article("Emoji \U0001f600 and Devanagari नमस्ते", "Body.").encode(), "x.txt")
    data = render(item)
    assert len(reader(data).pages) == 1
    assert "\ufffd" in page_text(data)


# Every character of the stress articles but the CJK ones (each new CJK character set
# costs a font subset, ~0.3 s), plus paragraph breaks; long runs make unbreakable words.
_ANY = sorted({c for c in "".join(STRESS_TEXTS.values()) if ord(c) < 0x2E80} | {"\n\n"})


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.sampled_from(_ANY), min_size=1, max_size=3000).map("".join),
    st.text(alphabet="abcdefghijklmnopqrstuvwxyz ", min_size=1, max_size=300),
)
def test_any_text_gives_exactly_one_page(body: str, headline: str) -> None:
    try:
        item = read_bytes(article(headline, *body.split("\n\n")).encode(), "any.txt")
    except InputError:
        assume(False)
    assert len(reader(render(item)).pages) == 1


# --- body cut and enrichment sections --------------------------------------------------


def test_long_article_is_cut_with_the_marker() -> None:
    text = page_text(render(stress("sixty-paragraphs")))
    assert MARKER in text
    assert "Paragraph 1:" in text
    assert "Paragraph 60:" not in text
    assert re.search(r"\d+ more paragraphs", text)


def test_short_article_has_no_marker() -> None:
    text = page_text(render(stress("three-lines")))
    assert "One line of body." in text
    assert MARKER not in text


def test_enriched_brief_shows_every_section(enriched_item) -> None:
    text = page_text(render(enriched_item))
    summary = enriched_item.summary
    assert "BOTTOM LINE" in text
    assert "KEY POINTS" in text
    assert contains(text, summary.bluf, rtl=False)
    for point in summary.key_points:
        assert contains(text, point, rtl=False)
    for heading in ("PEOPLE", "ORGANISATIONS", "PLACES", "KEY FIGURES", "TOPICS"):
        assert heading in text
    assert "Patrick Ryder" in text
    # Each figure as the shared briefing content gives it: the value, and what it counts.
    for figure in brief_content(enriched_item).figures:
        assert figure.value_text in text
        assert figure.label.split()[0] in text


def test_without_enrichment_the_sections_are_omitted(seed_item) -> None:
    text = page_text(render(seed_item))
    for heading in ("BOTTOM LINE", "KEY POINTS", "PEOPLE", "KEY FIGURES"):
        assert heading not in text
    assert contains(text, seed_item.paragraphs[0], rtl=False)


def test_banner_footer_and_classification(seed_item) -> None:
    text = page_text(render(seed_item, classification="Secret//NoForn"))
    assert text.count("SECRET//NOFORN") == 2
    assert "Page 1 of 1" in text
    assert seed_item.guid in text.replace("\n", "")
    assert f"docexport {__version__}" in text


@pytest.mark.parametrize(
    "classification",
    ["SECRET\x00\x01\x1b\x7f\x85\t\n\r//NOFORN", "SECRET " * 714 + "//NOFORN", "S" * 5000],
    ids=["control-characters", "5000-characters", "5000-character-word"],
)
def test_any_classification_gives_one_page(seed_item, classification: str) -> None:
    data = render(seed_item, classification=classification)
    assert len(reader(data).pages) == 1
    assert "SECRET" in page_text(data) or "SSSS" in page_text(data)


# --- scripts and fonts -----------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_script_is_extractable_with_pypdf(name: str) -> None:
    needs_fonts_for(name)
    headline, phrase = EXPECTED[name]
    text = page_text(render(stress(name)))
    assert contains(text, headline, rtl=name in RTL)
    assert contains(text, phrase, rtl=name in RTL)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_script_is_extractable_with_pdftotext(name: str, tmp_path) -> None:
    needs_fonts_for(name)
    headline, phrase = EXPECTED[name]
    text = normalise(poppler("pdftotext", render(stress(name)), tmp_path))
    assert contains(text, headline, rtl=name in RTL)
    assert contains(text, phrase, rtl=name in RTL)


@pytest.mark.parametrize("name", sorted(STRESS_TEXTS))
def test_every_character_has_a_glyph_in_both_weights(name: str) -> None:
    needs_fonts_for(name)
    text = STRESS_TEXTS[name]
    with DocumentFonts(text, text) as fonts:
        for chain in (fonts.regular, fonts.bold):
            missing = {c for c in set(text) - set("\n") if chain.face_for(c) is None}
            assert not missing, f"no font draws {sorted(missing)}"


@pytest.mark.parametrize("name", ["seed", "arabic", "hebrew", "chinese", "cyrillic"])
def test_all_fonts_are_embedded_subsets(name: str, enriched_item) -> None:
    needs_fonts_for(name)
    fonts = _fonts(reader(render(enriched_item if name == "seed" else stress(name))))
    assert fonts, name
    for font in fonts:
        descriptor = _descriptor(font)
        assert descriptor is not None, f"{font['/BaseFont']} has no descriptor (base-14?)"
        assert "/FontFile2" in descriptor or "/FontFile3" in descriptor
        assert re.fullmatch(r"/[A-Z]{6}\+\S+", str(font["/BaseFont"])), "subsets are tagged"


@pytest.mark.parametrize("name", ["seed", "arabic", "chinese"])
def test_pdffonts_reports_every_font_embedded(name: str, enriched_item, tmp_path) -> None:
    needs_fonts_for(name)
    item = enriched_item if name == "seed" else stress(name)
    listing = poppler("pdffonts", render(item), tmp_path).splitlines()[2:]
    assert listing
    for line in listing:
        assert re.search(r"\byes\s+yes\s+yes\b", line), line


def _fonts(pdf: PdfReader) -> list[DictionaryObject]:
    resources = pdf.pages[0]["/Resources"]
    return [font.get_object() for font in resources["/Font"].values()]


def _descriptor(font: DictionaryObject) -> DictionaryObject | None:
    if "/DescendantFonts" in font:
        font = font["/DescendantFonts"][0].get_object()
    descriptor = font.get("/FontDescriptor")
    return descriptor.get_object() if descriptor is not None else None


# --- document information and reproducibility -------------------------------------------


def test_document_information(seed_item) -> None:
    item = read_bytes(article("A headline", "By Jane Reporter", "Body text.").encode(), "a.txt")
    info = reader(render(item)).metadata
    assert info.title == "A headline"
    assert info.author == "Jane Reporter"
    assert info.creator == f"docexport {__version__}"
    assert "/CreationDate" not in info  # a date-only article: no made-up midnight
    assert info.subject == "Body text."


def test_enriched_information_uses_summary_and_subjects(enriched_item) -> None:
    info = reader(render(enriched_item)).metadata
    assert info.subject == enriched_item.summary.bluf
    assert info["/Keywords"] == "conflict, war and peace, act of terror, politics"


def test_creation_date_is_generated_else_article_time_else_none() -> None:
    item = read_bytes(article("Headline", "Body.").encode(), "a.txt")
    timed = read_bytes(article("Headline", "Body.", date="2024-10-22T09:30:00+02:00").encode(), "a")
    undated = read_bytes(article("Headline", "Body.", date=None).encode(), "a.txt")
    zone = timezone(timedelta(hours=2))
    generated = datetime(2025, 1, 2, 3, 4, 5, tzinfo=zone)
    assert _created(render(item, generated=generated)) == "D:20250102030405+02'00'"
    assert _created(render(timed)) == "D:20241022093000+02'00'"
    for no_time in (item, undated):
        data = render(no_time)
        assert "/CreationDate" not in reader(data).metadata
        assert "/ModDate" not in reader(data).metadata
        assert data == render(no_time)
        assert "1970" not in page_text(data)
        assert "Generated" not in page_text(data)
    assert "22 OCTOBER 2024" in page_text(render(item))  # the date, in words, no time


def _created(data: bytes) -> str:
    return str(reader(data).metadata["/CreationDate"])


@pytest.mark.parametrize("name", ["seed", "arabic", "chinese"])
def test_same_input_gives_the_same_bytes(name: str, enriched_item) -> None:
    needs_fonts_for(name)
    item = enriched_item if name == "seed" else stress(name)
    assert render(item) == render(item)


@pytest.mark.skipif(CJK_INSTALLED, reason="the cjk extra is installed")
def test_cjk_text_without_the_extra_names_it() -> None:
    with pytest.raises(WriterError, match=re.escape("pip install 'docexport[cjk]'")):
        render(stress("chinese"))


def test_different_generation_time_changes_the_creation_date(seed_item) -> None:
    first = render(seed_item, generated=datetime(2025, 1, 1, tzinfo=UTC))
    second = render(seed_item, generated=datetime(2025, 6, 1, tzinfo=UTC))
    assert first != second
    assert _created(first) != _created(second)


def test_bytes_do_not_depend_on_what_the_process_rendered_before(tmp_path) -> None:
    # A fresh process renders only the seed; this one has rendered every script already.
    script = (
        "import io, sys\n"
        "from tests.writers.conftest import enrich_by_hand\n"
        "from tests.conftest import SEED\n"
        "from docexport.readers.text import read_bytes\n"
        "from docexport.writers import WriterOptions\n"
        "from docexport.writers.pdf import PdfWriter\n"
        "out = io.BytesIO()\n"
        "item = enrich_by_hand(read_bytes(SEED.read_bytes(), SEED.name))\n"
        "PdfWriter(WriterOptions()).write(item, out)\n"
        "sys.stdout.buffer.write(out.getvalue())\n"
    )
    fresh = subprocess.run(
        [sys.executable, "-c", script], cwd=REPO, capture_output=True, check=True
    ).stdout
    for name in ("arabic", "hebrew", *(("chinese",) if CJK_INSTALLED else ())):
        render(stress(name))
    assert render(enrich_by_hand(read_bytes(SEED.read_bytes(), SEED.name))) == fresh


def test_rendering_leaves_reportlab_and_environment_settings_alone(seed_item) -> None:
    before = (rl_config.invariant, dict(os.environ))
    render(seed_item)
    assert (rl_config.invariant, dict(os.environ)) == before


def test_importing_docexport_does_not_import_reportlab() -> None:
    code = (
        "import sys, docexport, docexport.cli, docexport.writers\n"
        "assert 'reportlab' not in sys.modules, 'reportlab imported'\n"
        "import docexport.writers.pdf\n"
        "assert 'reportlab' in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], cwd=REPO, check=True)
