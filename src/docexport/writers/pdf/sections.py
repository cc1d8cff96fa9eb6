"""The brief's sections: banners, header, bottom line, key points and footer.

Each function appends operations for one section at a given position and returns the
height it took (and whether it had to cut anything), so the auto-fit in ``layout.py``
can try them at several scales. Sections fed by enrichment are simply absent when the
item has none.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from docexport import __version__
from docexport.dates import MONTH_NAMES, date_in_words
from docexport.writers.pdf.lines import WrappedLine, ellipsize
from docexport.writers.pdf.page import Brief, Op, Rect, Rule, Style

__all__ = [
    "banner",
    "bluf_box",
    "footer",
    "header",
    "key_points",
    "label_style",
    "notable_quotes",
]

_PAD = 8.0


def label_style(brief: Brief, scale: float = 1.0) -> Style:
    """Small bold tracked capitals in the accent colour: every section label."""
    size = brief.theme.sizes["label"] * scale
    return Style(size, 1.5, bold=True, colour="accent", tracking=brief.theme.tracking["label"])


def banner(brief: Brief, ops: list[Op], top: float) -> None:
    """The handling marking (``WriterOptions.classification``) in a full-width bar."""
    theme = brief.theme
    fill, ink = theme.banner_colours(brief.classification)
    height = theme.banner_height
    ops.append(Rect(brief.left, top - height, brief.right - brief.left, height, fill))
    style = Style(theme.banner_size, height / theme.banner_size, True, ink, theme.banner_tracking)
    box = (brief.left, top, brief.right - brief.left)
    brief.place(ops, brief.classification.upper(), style, box, align="center", max_lines=1)


def header(brief: Brief, ops: list[Op], top: float) -> float:
    """Kicker, headline, subheadline, meta line and rule; returns the y below them."""
    item, theme = brief.item, brief.theme
    width = brief.right - brief.left
    kicker = theme.labels["kicker"] + (f" · {item.slugline.upper()}" if item.slugline else "")
    kicker_style = Style(theme.sizes["kicker"], 1.5, True, "accent", theme.tracking["label"])
    y = top - brief.place(ops, kicker, kicker_style, (brief.left, top, width), align="start")
    y -= 2
    y -= _headline(brief, ops, y, width)
    if item.subheadline:
        style = Style(theme.sizes["subheadline"], 1.3, colour="muted")
        y -= 2 + brief.place(ops, item.subheadline, style, (brief.left, y - 2, width), max_lines=2)
    if meta := meta_line(brief):
        style = Style(theme.sizes["meta"], 1.5, colour="muted", tracking=theme.tracking["meta"])
        y -= 3 + brief.place(
            ops, meta, style, (brief.left, y - 3, width), align="start", max_lines=2
        )
    y -= 5
    ops.append(Rule(brief.left, y, brief.right, y, 1.2, "accent"))
    return y - 10


def _headline(brief: Brief, ops: list[Op], top: float, width: float) -> float:
    """The headline at the largest theme size that needs at most ``max_lines`` lines.

    Last resort for a monstrous headline: the smallest size, cut with an ellipsis after
    ``last_resort_lines`` lines. It is never dropped.
    """
    theme = brief.theme
    for size in theme.headline_sizes:
        style = Style(size, theme.headline_leading, bold=True)
        prepared, wrapped = brief.lines(brief.content.headline, style, width)
        if len(wrapped) <= theme.headline_max_lines:
            break
    else:
        prepared, wrapped = brief.lines(
            brief.content.headline, style, width, theme.headline_last_resort_lines
        )
    brief.emit(ops, wrapped, style, (brief.left, top, width), rtl=prepared.rtl, align="natural")
    return len(wrapped) * style.line_height


def meta_line(brief: Brief) -> str:
    """DATE · DATELINE · BY BYLINES, in capitals (the small caps of the meta line).

    Each fact once: a dateline that repeats the article's date ("FRANKFURT, March 3") loses
    it, and a byline that only names the dateline's agency is left out.
    """
    item = brief.item
    parts = []
    if item.created is not None:
        parts.append(_date_text(item.created))
    if item.dateline is not None:
        parts.append(_without_date(item.dateline.text, item.created))
    agency = item.dateline.source if item.dateline is not None else None
    bylines = [b for b in item.bylines if agency is None or b.casefold() != agency.casefold()]
    if bylines:
        parts.append(f"{brief.theme.labels['by']} {' and '.join(bylines)}")
    return " · ".join(p for p in parts if p).upper()


_MONTH = r"(?P<month>[A-Za-z]{3,9})\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?:,?\s+(?P<year>\d{4}))?"
_WEEKDAY = r"(?:(?:Mon|Tues?|Wed(?:nes)?|Thu(?:rs)?|Fri|Sat(?:ur)?|Sun)(?:day)?\.?,?\s+)?"
_DATELINE_DATE = re.compile(
    rf",?\s*{_WEEKDAY}(?:{_MONTH}\s+{_DAY}|(?P<day2>\d{{1,2}})\s+(?P<month2>[A-Za-z]{{3,9}})\.?){_YEAR}",
)


def _without_date(dateline: str, created: date | None) -> str:
    """``dateline`` without a date that is the article's own ("FRANKFURT, March 3
    (Reuters)" → "FRANKFURT (Reuters)"); a different date is a fact of its own and stays."""
    if created is None:
        return dateline
    for found in _DATELINE_DATE.finditer(dateline):
        month = _month_number(found["month"] or found["month2"])
        day = int(found["day"] or found["day2"])
        year = int(found["year"]) if found["year"] else created.year
        if (year, month, day) == (created.year, created.month, created.day):
            return (dateline[: found.start()] + dateline[found.end() :]).strip(" ,")
    return dateline


def _month_number(name: str) -> int:
    """1-12 for an English month name or its abbreviation ("Sept", "Feb"), else 0."""
    key = name[:3].casefold()
    names = [m[:3].casefold() for m in MONTH_NAMES]
    return names.index(key) + 1 if key in names else 0


def bluf_box(
    brief: Brief, ops: list[Op], top: float, scale: float, max_height: float
) -> tuple[float, bool]:
    """The bottom line in a tinted box; returns (height, cut). Cut only as a last resort."""
    bluf = brief.content.bluf
    if not bluf.strip():
        return 0.0, False
    x, width, bar = brief.left, brief.right - brief.left, 3.0
    label = label_style(brief, scale)
    style = Style(brief.theme.sizes["bluf"] * scale, 1.36)
    inner = (x + _PAD + (0.0 if brief.rtl else bar), top - _PAD, width - 2 * _PAD - bar)
    prepared, full = brief.lines(bluf, style, inner[2])
    room = max_height - 2 * _PAD - label.line_height
    max_lines = max(1, int(room // style.line_height))
    wrapped = ellipsize(prepared, full, max_lines, inner[2] / style.size)
    height = 2 * _PAD + label.line_height + len(wrapped) * style.line_height
    ops.append(Rect(x, top - height, width, height, "tint"))
    ops.append(Rect(x + width - bar if brief.rtl else x, top - height, bar, height, "accent"))
    brief.place(ops, brief.theme.labels["bluf"], label, inner, align="start")
    body = (inner[0], inner[1] - label.line_height, inner[2])
    brief.emit(ops, wrapped, style, body, rtl=prepared.rtl)
    return height, len(full) > max_lines


def key_points(
    brief: Brief, ops: list[Op], box: tuple[float, float, float], scale: float, max_height: float
) -> tuple[float, bool]:
    """Bulleted key points in ``box`` = (x, top, width); returns (height, cut)."""
    points = [p for p in brief.content.key_points if p.strip()]
    if not points:
        return 0.0, False
    x, top, width = box
    label = label_style(brief, scale)
    style = Style(brief.theme.sizes["body"] * scale, 1.36)
    indent, gap = 11.0 * scale, 3.0 * scale
    room = max_height - label.line_height
    blocks, cut = _fit_blocks(brief, points, style, (width - indent, room), below=0.0, gap=gap)
    brief.place(ops, brief.theme.labels["key_points"], label, box, align="start")
    y = top - label.line_height
    for rtl, wrapped in blocks:
        # The bullet sits where the point's own text starts (right of an Arabic point).
        _bullet(ops, (x, y, width), style, indent, rtl=rtl)
        start = x if rtl else x + indent
        brief.emit(ops, wrapped, style, (start, y, width - indent), rtl=rtl)
        y -= len(wrapped) * style.line_height + gap
    return top - y - gap, cut


def notable_quotes(
    brief: Brief, ops: list[Op], box: tuple[float, float, float], scale: float, max_height: float
) -> tuple[float, bool]:
    """Quotes with their speakers, a bar at each quote's start side, in ``box`` = (x, top,
    width); dropped from the end when the page is crowded. Returns (height, cut)."""
    quotes = brief.content.quotes
    if not quotes:
        return 0.0, False
    x, top, width = box
    label = label_style(brief, scale)
    style = Style(brief.theme.sizes["quote"] * scale, 1.36)
    speaker = Style(brief.theme.sizes["speaker"] * scale, 1.4, colour="muted")
    indent, gap = 10.0 * scale, 5.0 * scale
    texts = [f"“{q.text}”" for q in quotes]
    room = max_height - label.line_height
    fit = (width - indent, room)
    blocks, cut = _fit_blocks(brief, texts, style, fit, below=speaker.line_height, gap=gap)
    brief.place(ops, brief.theme.labels["quotes"], label, box, align="start")
    y = top - label.line_height
    for quote, (rtl, wrapped) in zip(quotes, blocks, strict=False):
        height = len(wrapped) * style.line_height + speaker.line_height
        ops.append(
            Rect(x + width - 2.0 if rtl else x, y - height + 1.5, 2.0, height - 2.0, "accent")
        )
        inner = (x if rtl else x + indent, y, width - indent)
        brief.emit(ops, wrapped, style, inner, rtl=rtl)
        attribution = f"— {quote.speaker}"
        align = "end" if rtl != brief.rtl else "start"
        low = (inner[0], y - len(wrapped) * style.line_height, inner[2])
        brief.place(ops, attribution, speaker, low, align=align, max_lines=1)
        y -= height + gap
    return top - y - gap, cut


def _fit_blocks(
    brief: Brief,
    texts: list[str],
    style: Style,
    fit: tuple[float, float],
    *,
    below: float,
    gap: float,
) -> tuple[list[tuple[bool, list[WrappedLine]]], bool]:
    """The texts that fit ``fit`` = (width, room), each with ``below`` under its lines (a
    speaker) and ``gap`` after it, dropped from the end; the first is always kept, cut with
    an ellipsis if it must be. Returns ([(rtl, lines)], cut)."""
    width, room = fit
    blocks: list[tuple[bool, list[WrappedLine]]] = []
    used = 0.0
    for text in texts:
        prepared, wrapped = brief.lines(text, style, width)
        height = len(wrapped) * style.line_height + below
        if used + height > room:
            if not blocks:
                lines = max(1, int((room - below) // style.line_height))
                blocks.append(
                    (prepared.rtl, ellipsize(prepared, wrapped, lines, width / style.size))
                )
            return blocks, True
        blocks.append((prepared.rtl, wrapped))
        used += height + gap
    return blocks, False


def _bullet(
    ops: list[Op], box: tuple[float, float, float], style: Style, indent: float, *, rtl: bool
) -> None:
    """A small accent square centred on the first line, at the start side."""
    x, top, width = box
    side = 0.32 * style.size
    middle = top - style.line_height / 2 + 0.05 * style.size
    left = x + width - indent / 2 - side / 2 if rtl else x + indent / 2 - side / 2 - 1
    ops.append(Rect(left, middle - side / 2, side, side, "accent"))


def footer(brief: Brief, ops: list[Op], top: float) -> float:
    """Rule, source file and guid (start side), generator and page (end side); returns
    the footer's height."""
    theme, item = brief.theme, brief.item
    style = Style(theme.sizes["footer"], 1.5, colour="muted")
    ops.append(Rule(brief.left, top, brief.right, top, 0.5, "rule"))
    tail = f"docexport {__version__} · {theme.labels['page']}"
    if brief.stamp is not None:
        generated = theme.labels["generated"].format(date=brief.stamp.date().isoformat())
        tail = f"{generated} · {tail}"
    tail_width = brief.prepare(tail, style).measure(tail) * style.size
    width = brief.right - brief.left
    y = top - 3
    brief.place(ops, tail, style, (brief.left, y, width), align="end")
    source = f"{item.source.file_name} · {item.guid}"
    start = brief.left + (tail_width + 12 if brief.rtl else 0.0)
    brief.place(ops, source, style, (start, y, width - tail_width - 12), align="start", max_lines=1)
    return 3 + style.line_height


def _date_text(value: date | datetime) -> str:
    text = date_in_words(value)
    if isinstance(value, datetime):
        offset = value.strftime("%z")
        zone = "UTC" if offset in ("", "+0000") else f"UTC{offset[:3]}:{offset[3:]}"
        text += f", {value:%H:%M} {zone}"
    return text
