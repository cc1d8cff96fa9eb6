"""Every script in the PDF one-pager: shaped with HarfBuzz, extractable as typed, same bytes.

The articles are written by hand for these tests. Text is read back with poppler's
``pdftotext`` (it honours ``/ActualText``) and fonts listed with ``pdffonts``.
"""

from __future__ import annotations

import importlib.util
import io
import os
import re
import subprocess
import sys
import unicodedata

import pytest

from docexport.enrich import enrich
from docexport.readers.text import read_bytes
from docexport.writers import WriterOptions
from docexport.writers.pdf import PdfWriter, bidi
from docexport.writers.pdf.fonts import DocumentFonts
from docexport.writers.pdf.lines import _pieces
from docexport.writers.pdf.theme import load_theme
from tests.conftest import DATA, REPO, article, system_tool
from tests.writers.conftest import poppler

CJK_INSTALLED = importlib.util.find_spec("justmytype_intl_cjk") is not None
ETHIOPIC_INSTALLED = importlib.util.find_spec("justmytype_intl_africa") is not None

# (headline, body paragraph, words that must come back as typed)
SCRIPTS = {
    "arabic": (
        "الوزير يعلن ميزانية جديدة للتعليم",
        "قال الوزير إن الميزانية ستزيد رواتب المعلمين، وإن المدارس الجديدة ستفتح في الخريف.",
        ["الوزير", "ميزانية", "المعلمين", "المدارس", "الخريف"],
    ),
    "hebrew": (
        "העירייה פותחת ספרייה חדשה",
        "ראש העירייה אמר שהספרייה תפתח בחודש הבא ותכלול אולם קריאה גדול.",
        ["העירייה", "ספרייה", "הספרייה", "קריאה"],
    ),
    "hindi": (
        "राज्य में नई शिक्षा नीति लागू",
        "मंत्री ने कहा कि प्रत्येक विद्यालय में पुस्तकालय और विज्ञान प्रयोगशाला होगी।",
        ["शिक्षा", "प्रत्येक", "विद्यालय", "पुस्तकालय", "विज्ञान", "प्रयोगशाला"],
    ),
    "thai": (
        "กระทรวงเปิดโรงเรียนใหม่",
        "รัฐมนตรีกล่าวว่าโรงเรียนใหม่จะเปิดในเดือนหน้าและมีห้องสมุดขนาดใหญ่",
        ["กระทรวง", "โรงเรียน", "รัฐมนตรี", "ห้องสมุด"],
    ),
    "chinese": (
        "市政府宣布新建图书馆",
        "市长表示，新图书馆将于明年开放，并设有大型阅览室。",
        ["市政府", "图书馆", "阅览室"],
    ),
}
MIXED = (
    "Briefing: عاجل — ข่าว — समाचार — 新闻",
    "The envoy said «السلام ممكن» before the talks.",
    "ผู้แทนกล่าวว่าการเจรจาจะดำเนินต่อไป",
    "प्रतिनिधि ने कहा कि वार्ता जारी रहेगी।",
    "代表说谈判将继续。",
)
MIXED_WORDS = ["Briefing", "السلام", "ممكن", "ผู้แทน", "प्रतिनिधि", "वार्ता", "谈判将继续"]


def needs(name: str) -> None:
    if name in {"chinese", "mixed"} and not CJK_INSTALLED:
        pytest.skip("CJK fonts are the optional extra: pip install 'docexport[cjk]'")


def source(name: str) -> str:
    if name == "mixed":
        return article(*MIXED)
    headline, body, _ = SCRIPTS[name]
    return article(headline, body)


def render(name: str) -> bytes:
    out = io.BytesIO()
    item = read_bytes(source(name).encode(), f"{name}.txt")
    PdfWriter(WriterOptions()).write(item, out)
    return out.getvalue()


NAMES = [*SCRIPTS, "mixed"]


@pytest.mark.parametrize("name", NAMES)
def test_words_come_back_as_typed(name: str, tmp_path) -> None:
    needs(name)
    data = render(name)
    text = poppler("pdftotext", data, tmp_path)
    assert "\ufffd" not in text
    # Logical order, NFC, nothing in between: bidi marks poppler adds around RTL lines aside.
    squeezed = re.sub(r"[\s\u200e\u200f\u202a-\u202e]+", " ", unicodedata.normalize("NFC", text))
    words = MIXED_WORDS if name == "mixed" else SCRIPTS[name][2]
    for word in words:
        assert word in squeezed, word
    # No presentation forms (U+FB50-FDFF, FE70-FEFF): search finds the letters as typed.
    assert not re.search("[\ufb50-\ufdff\ufe70-\ufeff]", text)


@pytest.mark.parametrize("name", NAMES)
def test_one_page_every_font_embedded(name: str, tmp_path) -> None:
    needs(name)
    data = render(name)
    assert data.count(b"/Type /Page\n") + data.count(b"/Type /Page ") == 1 or (
        "Pages:          1" in poppler("pdfinfo", data, tmp_path)
    )
    listing = poppler("pdffonts", data, tmp_path).splitlines()[2:]
    assert len(listing) >= 2
    for line in listing:
        assert re.search(r"\byes\s+yes\s+yes\b", line), line


def test_conjunct_and_vowel_sign_are_shaped() -> None:
    # क्ष is one conjunct glyph, and the i sign of कि is drawn before its consonant:
    # neither is what the cmap gives character by character.
    with DocumentFonts("क्षकि", "") as fonts:
        face = fonts.regular.face_for("क")
        assert face is not None
        conjunct = face.shape("क्ष", rtl=False)
        assert len(conjunct) < 3
        assert [g.gid for g in conjunct] != [face.nominal(c) for c in "क्ष"]
        assert "".join(g.text for g in conjunct) == "क्ष"
        sign = face.shape("कि", rtl=False)
        # Drawn first, in a width fitted to its consonant; the cluster's text goes with it.
        assert sign[1].gid == face.nominal("क")
        assert sign[0].gid not in {face.nominal("क"), None}
        assert [g.text for g in sign] == ["कि", ""]


def test_arabic_letters_join_and_marks_sit_on_letters() -> None:
    with DocumentFonts("سلام", "") as fonts:
        face = fonts.regular.face_for("س")
        glyphs = face.shape("سلام", rtl=True)
        # Initial, medial and final forms: not the isolated glyph of any letter.
        assert {g.gid for g in glyphs} - {face.nominal(c) for c in "سلام"}
        marked = face.shape("سَ", rtl=True)
        assert any(g.x_offset or g.y_offset for g in marked) or marked[-1].advance == 0


@pytest.mark.parametrize(
    "text",
    ["المصدرين قال", "قال الوزير إن الميزانية ستزيد", "ראש העירייה אמר", "שָׁלוֹם עֲלֵיכֶם"],
)
def test_right_to_left_width_is_what_is_drawn(text: str) -> None:
    # Right-aligned lines start at (box edge - width): a width measured left-to-right
    # (Arabic then lacks its cursive positioning) put Arabic lines 11-13 pt past the box.
    with DocumentFonts(text, "") as fonts:
        face = fonts.regular.face_for(text[0])
        assert face is not None
        drawn = sum(glyph.advance for glyph in face.shape(text, rtl=True))
        assert face.width(text) == pytest.approx(drawn, abs=1e-9)


def test_right_to_left_width_with_arabic_digits_is_what_is_drawn() -> None:
    # Arabic-Indic digits (drawn by the Arabic face, unlike 0-9) are a left-to-right run
    # of their own: the line is drawn as bidi runs, each shaped in its direction
    # (draw.py), and must be measured the same way.
    text = "بنحو ٢٠ في المئة"
    with DocumentFonts(text, "") as fonts:
        face = fonts.regular.face_for(text[0])
        assert face is not None and face is fonts.regular.face_for("٢")
        runs = bidi.visual_runs(text, True)
        assert [rtl for _, rtl in runs] == [True, False, True]
        drawn = sum(g.advance for part, rtl in runs for g in face.shape(part, rtl=rtl))
        assert face.width(text) == pytest.approx(drawn, abs=1e-9)


def _text_lines(data: bytes, tmp_path) -> list[tuple[float, float, str]]:
    """(xMin, xMax, text) of every line ``pdftotext -bbox-layout`` finds."""
    system_tool("pdftotext")
    path = tmp_path / "brief.pdf"
    path.write_bytes(data)
    xhtml = subprocess.run(
        ["pdftotext", "-bbox-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    found = re.finditer(
        r'<line xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)"(.*?)</line>', xhtml, re.S
    )
    return [
        (float(m[1]), float(m[2]), " ".join(re.findall(r">([^<]*)</word>", m[3]))) for m in found
    ]


def test_arabic_lines_stay_inside_their_column(tmp_path) -> None:
    path = DATA / "briefs" / "multiscript.txt"
    item = enrich(read_bytes(path.read_bytes(), path.name))
    out = io.BytesIO()
    PdfWriter(WriterOptions()).write(item, out)
    theme = load_theme()
    left, right = theme.margins["left"], 595.2756 - theme.margins["right"]  # A4
    gap = theme.layout["column_gap"]
    middle = left + (right - left - gap) / 2  # right edge of column 1 when there are two
    arabic = [
        line
        for line in _text_lines(out.getvalue(), tmp_path)
        if re.search("[\u0600-\u06ff]", line[2])
    ]
    assert len(arabic) >= 3  # the paragraph (two columns) and its key point
    for x_min, x_max, text in arabic:
        assert left - 0.5 <= x_min and x_max <= right + 0.5, (x_min, x_max, text)
        # A line of column 1 ends at its edge, not in the gutter; a full-width line
        # (a key point) crosses the gutter whole.
        assert not middle + 0.5 < x_max < middle + gap, (x_min, x_max, text)
        assert not middle < x_min < middle + gap - 0.5, (x_min, x_max, text)


SCRIPT_ARTICLES = sorted((DATA / "briefs" / "scripts").glob("*.txt"))


@pytest.mark.parametrize("path", SCRIPT_ARTICLES, ids=lambda path: path.stem)
def test_a_page_per_script_is_one_page_with_its_headline_as_typed(path, tmp_path) -> None:
    # The README gallery's pages: one article per script, enriched as the CLI does.
    needs(path.stem)
    item = enrich(read_bytes(path.read_bytes(), path.name))
    out = io.BytesIO()
    PdfWriter(WriterOptions()).write(item, out)
    assert re.search(r"^Pages:\s+1$", poppler("pdfinfo", out.getvalue(), tmp_path), re.M)
    text = poppler("pdftotext", out.getvalue(), tmp_path)
    squeezed = re.sub(r"[\s\u200e\u200f\u202a-\u202e]+", " ", unicodedata.normalize("NFC", text))
    assert "\ufffd" not in text
    for word in item.headline.split():
        assert word in squeezed, word


def test_thai_breaks_between_clusters_never_before_a_vowel_or_tone_mark() -> None:
    pieces = _pieces("ผู้เชี่ยวชาญแนะนำ")
    assert "".join(pieces) == "ผู้เชี่ยวชาญแนะนำ"
    for piece in pieces:
        assert unicodedata.category(piece[0])[0] != "M", pieces
        assert piece[0] not in "ะาำ", pieces
        assert piece[-1] not in "เแโใไ", pieces
    assert "เชี่" in "|".join(pieces) and "นำ" in "|".join(pieces)


def test_thai_breaks_between_words_of_the_word_list() -> None:
    # "The weather in the city got much hotter": no line may break inside "ร้อน" (hot)
    assert _pieces("อากาศในเมืองร้อนขึ้นมาก") == ["อากาศ", "ใน", "เมือง", "ร้อน", "ขึ้น", "มาก"]
    # the abbreviation mark stays with its word, and the word is still found
    assert _pieces("กรุงเทพฯเปิดตลาดใหม่") == ["กรุงเทพฯ", "เปิด", "ตลาด", "ใหม่"]
    # letters no word covers still break, between clusters
    assert _pieces("ฟฺรฺซฺ") == ["ฟฺ", "รฺ", "ซฺ"]


_FRESH = (
    "import io, sys\n"
    "sys.path.insert(0, '.')\n"
    "from tests.writers.test_pdf_scripts import render\n"
    "sys.stdout.buffer.write(render(sys.argv[1]))\n"
    "print(sorted(m for m in ('uharfbuzz', 'fontTools') if m in sys.modules), file=sys.stderr)\n"
)


def fresh_render(name: str, epoch: str | None) -> tuple[bytes, str]:
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    if epoch is not None:
        env["SOURCE_DATE_EPOCH"] = epoch
    done = subprocess.run(
        [sys.executable, "-c", _FRESH, name], cwd=REPO, env=env, capture_output=True, check=True
    )
    return done.stdout, done.stderr.decode()


@pytest.mark.parametrize("epoch", [None, "1700000000"])
@pytest.mark.parametrize("name", ["arabic", "hindi", "thai", "mixed"])
def test_same_bytes_in_fresh_processes(name: str, epoch: str | None) -> None:
    needs(name)
    first, _ = fresh_render(name, epoch)
    second, _ = fresh_render(name, epoch)
    assert first == second
    assert first.startswith(b"%PDF")


def test_latin_text_never_shapes_or_loads_fonttools() -> None:
    # ReportLab itself imports uharfbuzz when it is installed; no face is shaped, though.
    script = (
        "import io, sys\n"
        "from docexport.readers.text import read_bytes\n"
        "from docexport.writers import WriterOptions\n"
        "from docexport.writers.pdf import PdfWriter\n"
        "item = read_bytes(b'Plain news\\n\\nA council met on Tuesday.\\n', 'a.txt')\n"
        "PdfWriter(WriterOptions()).write(item, io.BytesIO())\n"
        "from docexport.writers.pdf import shaping\n"
        "assert shaping.shaped_face.cache_info().currsize == 0\n"
        "assert 'fontTools' not in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", script], cwd=REPO, check=True)


@pytest.mark.skipif(ETHIOPIC_INSTALLED, reason="the ethiopic extra is installed")
def test_script_without_its_font_package_is_one_line_naming_the_extra(tmp_path) -> None:
    path = tmp_path / "amharic.txt"
    path.write_text(article("ዜና ከአዲስ አበባ", "መንግስት አዲስ እቅድ አወጣ።"), "utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "docexport", "convert", str(path), "--to", "pdf",
         "-o", str(tmp_path / "out.pdf")],
        cwd=REPO, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith(f"{path}: ")
    assert "Ethiopic" in lines[0]
    assert "pip install 'docexport[ethiopic]'" in lines[0]
    assert not (tmp_path / "out.pdf").exists()
