"""``--to pdf``: a one-page brief, on exactly one page whatever the article.

Banner, headline, meta line, bottom line, key points, notable quotes, as much of the
article as fits (one column when it is short, two otherwise), ending with "… continued in
the full text" when it is cut, and an entities/figures band right after it (``layout.py``
explains the auto-fit). What the sections hold is chosen and bounded by
``docexport.briefing``, shared with the DOCX briefing; this package only lays it out. Any script: Latin, Greek, Cyrillic, Arabic (shaped,
right to left), Hebrew and, with the ``cjk`` extra, Chinese/Japanese/Korean, in embedded
subset fonts from PyPI packages (``fonts.py``).

Reproducible: the same item and options give the same bytes. The creation date is
``WriterOptions.generated`` (from ``SOURCE_DATE_EPOCH``), else the article's own
date-time; a date-only or undated article gets no PDF dates at all (they are optional),
never a made-up midnight, 1970 or the clock. ReportLab's invariant mode is set per
document, not in the global ``rl_config``.

This module imports ReportLab, so it is imported only through the writer registry.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, BinaryIO, ClassVar

from reportlab.lib.pagesizes import A4, LETTER
from reportlab.pdfbase.pdfdoc import PDFDictionary, PDFInfo, PDFName, PDFString
from reportlab.pdfgen.canvas import Canvas

from docexport import __version__
from docexport.briefing import MAX_BLUF_CHARS, bounded, brief_content
from docexport.errors import WriterError
from docexport.writers import rendition_time
from docexport.writers.pdf.draw import draw
from docexport.writers.pdf.fonts import DocumentFonts
from docexport.writers.pdf.layout import font_texts, lay_out
from docexport.writers.pdf.page import Brief
from docexport.writers.pdf.theme import load_theme

if TYPE_CHECKING:
    from docexport.briefing import BriefContent
    from docexport.model import NewsItem
    from docexport.writers import WriterOptions

__all__ = ["PAGE_SIZES", "PdfWriter", "creation_time", "pdf_date"]

PAGE_SIZES = {"a4": A4, "letter": LETTER}


class PdfWriter:
    name: ClassVar[str] = "pdf"
    media_type: ClassVar[str] = "application/pdf"
    extension: ClassVar[str] = ".pdf"
    binary: ClassVar[bool] = True

    def __init__(self, options: WriterOptions) -> None:
        self.options = options

    def write(self, item: NewsItem, out: BinaryIO) -> None:
        """Write the brief to ``out``; raises ``WriterError`` for an unknown page size or
        for CJK text without the ``cjk`` extra."""
        options = self.options
        page = _page_size(options.page_size)
        stamp = creation_time(item, options)
        content = brief_content(item)
        text, bold = font_texts(item, content, options.classification)
        with DocumentFonts(text, bold) as fonts:
            brief = Brief(
                item=item,
                content=content,
                theme=load_theme(),
                fonts=fonts,
                page=page,
                stamp=stamp,
                classification=options.classification,
            )
            ops = lay_out(brief)
            canvas = Canvas(
                out,
                pagesize=page,
                invariant=1,
                # Without it ReportLab sets (and lists) unembedded Helvetica on every page.
                # types-reportlab 5.0 hints this as a float by mistake.
                initialFontName=fonts.regular.primary.name,  # type: ignore[arg-type]
                lang=item.language,
            )
            _set_info(canvas, item, content, stamp)
            draw(canvas, ops, brief)
            canvas.showPage()
            canvas.save()


def creation_time(item: NewsItem, options: WriterOptions) -> datetime | None:
    """``SOURCE_DATE_EPOCH`` if given, else the article's own date-time, else ``None``
    (a date-only or undated article): never a made-up time, never the wall clock."""
    value = rendition_time(item, options)
    if value is None:
        return None
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def pdf_date(value: datetime) -> str:
    """A PDF date string: ``D:20241022093000+02'00'``, in the time's own offset.

    The year always has four digits (``strftime("%Y")`` writes 999 as ``999``, which
    shifts every later field); the local time is kept, so no offset can push it past 9999.
    """
    offset = value.utcoffset()
    minutes = int(offset.total_seconds() // 60) if offset is not None else 0
    sign = "-" if minutes < 0 else "+"
    hours, minutes = divmod(abs(minutes), 60)
    return f"D:{value.year:04d}{value:%m%d%H%M%S}{sign}{hours:02d}'{minutes:02d}'"


def _page_size(name: str) -> tuple[float, float]:
    size = PAGE_SIZES.get(name.lower())
    if size is None:
        known = ", ".join(PAGE_SIZES)
        raise WriterError(f"unknown page size {name!r} for PDF (use one of: {known})")
    return (float(size[0]), float(size[1]))


def _set_info(
    canvas: Canvas, item: NewsItem, content: BriefContent, stamp: datetime | None
) -> None:
    """Document information: title, author, subject, keywords, creator, dates; every
    field bounded as the page shows it (no 14 kB ``/Subject`` from one unbroken word)."""
    if stamp is None:
        canvas._doc.info = _UndatedInfo()
    canvas.setTitle(content.headline)
    canvas.setAuthor(" and ".join(item.bylines) or item.provider or "")
    lead = bounded(item.paragraphs[0], MAX_BLUF_CHARS) if item.paragraphs else ""
    canvas.setSubject(content.bluf or lead or content.headline)
    keywords = [s.label for s in item.subjects or ()] or ([item.slugline] if item.slugline else [])
    canvas.setKeywords(", ".join(keywords))
    canvas.setCreator(f"docexport {__version__}")
    if stamp is not None:
        created = pdf_date(stamp)
        # The formatter replaces ReportLab's own date (its clock, or SOURCE_DATE_EPOCH) for
        # both CreationDate and ModDate.
        canvas.setDateFormatter(lambda *_: created)


class _UndatedInfo(PDFInfo):  # type: ignore[misc]
    """The information dictionary without CreationDate and ModDate (both optional in
    PDF): ReportLab would otherwise write its clock or SOURCE_DATE_EPOCH there."""

    def format(self, document: Any) -> bytes:
        entries = {
            "Title": PDFString(self.title),
            "Author": PDFString(self.author),
            "Producer": PDFString(self.producer),
            "Creator": PDFString(self.creator),
            "Subject": PDFString(self.subject),
            "Keywords": PDFString(self.keywords),
            "Trapped": PDFName(self.trapped),
        }
        formatted: bytes = PDFDictionary(entries).format(document)
        return formatted
