"""PDF one-pager speed against a bare-ReportLab floor, in one run.

    python benchmarks/bench_pdf.py

Prints a Markdown table. The hard cases of ``tests/data/briefs/`` (short, very long,
multiscript, numbers-heavy, quote-heavy; hand-written, in the repository) are rendered
enriched by ``docexport.enrich``, as ``convert --to pdf`` does; their rows time the
writer alone (enrichment is ``bench_enrich.py``'s). The floor is the very text our writer puts on the page (every
line, at its position and size, taken once from our own layout) drawn with bare canvas
calls in one embedded TrueType font: what any one-page PDF of that text costs in
ReportLab, without reading, fitting, font fallback, bidi or styling. A platypus build
(SimpleDocTemplate + Paragraph, the usual "bare ReportLab" document) is shown for scale.
"""

from __future__ import annotations

import io
import sys
import time

from _timing import REPO, SEED, process_ms, python, rate, table
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate

from docexport.briefing import brief_content
from docexport.enrich import enrich
from docexport.readers.text import read_bytes
from docexport.writers import WriterOptions
from docexport.writers.pdf import PdfWriter, creation_time, embedding, fonts
from docexport.writers.pdf.layout import font_texts, lay_out
from docexport.writers.pdf.page import Brief, Text
from docexport.writers.pdf.theme import load_theme

sys.path.insert(0, str(REPO))
from tests.writers.conftest import enrich_by_hand, stress

DATA = SEED.read_bytes()
BRIEFS = REPO / "tests" / "data" / "briefs"
HARD_CASES = ("short", "long", "multiscript", "numbers", "quotes")
WRITER = PdfWriter(WriterOptions())


def write(item) -> bytes:
    out = io.BytesIO()
    WRITER.write(item, out)
    return out.getvalue()


def page_lines(item) -> list[tuple[float, float, float, str]]:
    """(x, y, size, text) of every line our writer draws for ``item``."""
    content = brief_content(item)
    text, bold = font_texts(item, content, "UNCLASSIFIED")
    with fonts.DocumentFonts(text, bold) as document_fonts:
        brief = Brief(
            item=item,
            content=content,
            theme=load_theme(),
            fonts=document_fonts,
            page=A4,
            stamp=creation_time(item, WriterOptions()),
            classification="UNCLASSIFIED",
        )
        return [
            (op.x, op.y, op.style.size, op.text) for op in lay_out(brief) if isinstance(op, Text)
        ]


def canvas_floor(item):
    """The same lines, bare canvas, one embedded TrueType font, invariant output."""
    lines = page_lines(item)
    font = fonts.process_face(fonts.OPEN_SANS).name

    def build() -> bytes:
        out = io.BytesIO()
        canvas = Canvas(out, pagesize=A4, invariant=1, initialFontName=font)
        for x, y, size, text in lines:
            canvas.setFont(font, size)
            canvas.drawString(x, y, text)
        canvas.showPage()
        canvas.save()
        return out.getvalue()

    return build


def platypus_floor(item):
    """Headline and paragraphs through SimpleDocTemplate, as a typical bare document."""
    font = fonts.process_face(fonts.OPEN_SANS).name
    style = ParagraphStyle("body", fontName=font, fontSize=9.4, leading=13)
    title = ParagraphStyle("title", fontName=font, fontSize=22, leading=25)
    texts = [(item.headline, title), *((p, style) for p in item.paragraphs)]

    def build() -> bytes:
        out = io.BytesIO()
        document = SimpleDocTemplate(out, pagesize=A4, invariant=1, initialFontName=font)
        document.build([Paragraph(_escape(t), s) for t, s in texts])
        return out.getvalue()

    return build


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def hard_case(name: str):
    path = BRIEFS / f"{name}.txt"
    return enrich(read_bytes(path.read_bytes(), path.name))


def first_render_seconds(name: str) -> float:
    """One cold render of a stress article (its per-document CJK fonts not yet cached)."""
    embedding._font_bytes.cache_clear()
    item = stress(name)
    start = time.perf_counter()
    write(item)
    return time.perf_counter() - start


def main() -> None:
    seed = read_bytes(DATA, SEED.name)
    enriched = enrich_by_hand(seed)
    floor = rate(canvas_floor(enriched))
    rows = [("measure", "pages/s", "vs floor", "target")]
    rows.append(("floor: same lines, bare canvas, 1 TTF", f"{floor:,.0f}", "1.00", ""))
    platypus = rate(platypus_floor(seed))
    rows.append(
        ("for scale: platypus, seed text, 1 TTF", f"{platypus:,.0f}", f"{platypus / floor:.2f}", "")
    )
    cases = [
        ("ours: enriched seed, A4", enriched, "≥ 0.40"),
        ("ours: seed, no enrichment", seed, "≥ 0.40"),
        ("ours: read + write seed", None, ""),
        ("ours: 60 paragraphs (shrink + cut)", stress("sixty-paragraphs"), ""),
        ("ours: 8,000-char word", stress("long-word"), ""),
        ("ours: Arabic (after first use)", stress("arabic"), ""),
        ("ours: Chinese (fonts cached)", stress("chinese"), ""),
        *((f"ours: hard case {name}, enriched", hard_case(name), "") for name in HARD_CASES),
    ]
    for label, item, target in cases:
        fn = (
            (lambda: write(read_bytes(DATA, SEED.name)))
            if item is None
            else (lambda i=item: write(i))
        )
        pages = rate(fn)
        rows.append((label, f"{pages:,.0f}", f"{pages / floor:.2f}", target))
    rows.append(
        (
            "Chinese, first render (subset + instance)",
            f"{first_render_seconds('chinese'):.2f} s",
            "",
            "",
        )
    )
    # Import floor: docexport's registry plus bare ReportLab, what any PDF writer of ours
    # must load; the difference is the cost of this writer's own modules.
    floor_import = "import docexport.writers, reportlab.pdfgen.canvas"
    bare = process_ms(python("-c", floor_import), runs=9)
    ours = process_ms(python("-c", "import docexport.writers.pdf"), runs=9)
    rows.append((f"process: {floor_import}", f"{bare:.0f} ms", "1.00", ""))
    rows.append(
        ("process: import docexport.writers.pdf", f"{ours:.0f} ms", f"{ours / bare:.2f}", "")
    )
    print(table(rows))


if __name__ == "__main__":
    main()
