"""``--to md``: CommonMark with YAML front matter, in the shape the Markdown reader reads.

- Front matter (PyYAML's safe dumper, keys sorted, never an alias): ``title``, ``language``
  and each other field the item has: ``subtitle``, ``date`` (``YYYY-MM-DD`` for a date, ISO
  8601 with its offset for a date-time, never a made-up time), ``byline``/``bylines``,
  ``dateline``, ``keywords``, ``slug``, ``provider``, ``credit``, ``rights`` (the notice)
  with ``rights_holder``/``usage_terms``, ``urgency``; enrichment's summary as ``summary``
  and ``key_points`` with ``summary_origin: machine``. Text values are YAML strings,
  quoted wherever YAML would read them as something else. ``extra["markdown"]`` (the keys
  a Markdown input carried beyond the model) goes back as read; where a key names a field
  the item has, the item's value wins.
- Body: ``# headline``, then ``##``-``######`` headings, ``>`` quotes, ``-`` and ``1.``
  lists, fenced code for preformatted text, ``[text](href)`` for http, https and mailto
  links (the text of any other link stays, unlinked).
- Article text is escaped so that it never becomes markup: ``\\`*_[]<~|`` always, ``&``
  before what would read as an entity, ``#>+-=`` and a list number (``1. ``) opening a
  line, a heading's final ``#``, ``!`` before a link. The Markdown reader reads the text back.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, BinaryIO, ClassVar
from urllib.parse import urlsplit

import yaml

from docexport.model import Block, BlockKind, Origin

if TYPE_CHECKING:
    from docexport.model import NewsItem, Rights, Summary
    from docexport.writers import WriterOptions

__all__ = ["MarkdownWriter", "escape_text", "front_matter", "render_markdown"]

_LINK_SCHEMES = frozenset({"http", "https", "mailto"})
# Markup anywhere in a line: code spans, emphasis, links, autolinks and HTML, strikethrough
# and tables (the reader enables both), backslash escapes; & only where an entity would
# start (markdown-it: &name; or &#123; / &#x1F;), so that "AT&T" stays readable.
_INLINE_MARKUP = re.compile(r"[\\`*_\[\]<~|]|&(?=#?[0-9A-Za-z]+;)")
# At the start of a line: ATX heading, block quote, bullet, thematic break, setext line.
_LINE_START = frozenset("#>+-=")
# "1. ", "1) " (or "1." ending the line) open an ordered list; "1.5 million" does not.
_LIST_NUMBER = re.compile(r"\d{1,9}(?=[.)](?: |$))")
_BREAKING_SPACE = re.compile(r"[^\S\xa0\u202f]")  # the no-break spaces are text
_BACKTICKS = re.compile(r"`+")
_HREF_MARKUP = re.compile(r"[\\()<>&]")  # what would end or change a link destination
_YAML_WIDTH = 1_000_000  # one value per line: no folding of long titles
# Front-matter keys the Markdown reader takes for one field (compared casefolded); a key
# from extra["markdown"] is left out when the item's own value for that field is written.
_SAME_FIELD = (
    ("title", "headline"),
    ("subtitle", "subheadline"),
    ("date", "created"),
    ("byline", "bylines", "author", "authors"),
    ("language", "lang"),
    ("keywords", "tags"),
    ("slug", "slugline"),
    ("rights", "copyright"),
    ("credit", "credit_line"),
)
_ALIASES = {key: group for group in _SAME_FIELD for key in group}


class MarkdownWriter:
    name: ClassVar[str] = "md"
    media_type: ClassVar[str] = "text/markdown; charset=utf-8"
    extension: ClassVar[str] = ".md"
    binary: ClassVar[bool] = False

    def __init__(self, options: WriterOptions) -> None:
        self.options = options

    def write(self, item: NewsItem, out: BinaryIO) -> None:
        out.write(render_markdown(item).encode("utf-8"))


def render_markdown(item: NewsItem) -> str:
    """The item as a Markdown document: front matter, ``# headline``, the body."""
    front = yaml.dump(
        front_matter(item),
        Dumper=_Dumper,
        sort_keys=True,
        allow_unicode=True,
        default_flow_style=False,
        width=_YAML_WIDTH,
    )
    headline = "# " + _inline(Block(kind=BlockKind.HEADING, text=item.headline), heading=True)
    return "\n\n".join([f"---\n{front}---", headline, *_body(item.body)]) + "\n"


class _Dumper(yaml.SafeDumper):
    """Never writes ``&anchor``/``*alias``: the reader refuses aliases (billion laughs)."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def front_matter(item: NewsItem) -> dict[str, Any]:
    """The front-matter keys and values for ``item`` (text as ``str``, urgency as ``int``)."""
    stated: dict[str, Any] = {
        "title": item.headline,
        "language": item.language,
        "subtitle": item.subheadline,
        "date": item.created.isoformat() if item.created is not None else None,
        "dateline": item.dateline.text if item.dateline is not None else None,
        "keywords": list(item.keywords),
        "slug": item.slugline,
        "provider": item.provider,
        "credit": item.credit_line,
        "urgency": item.urgency,
        **_bylines(item.bylines),
        **_rights(item.rights),
        **_summary(item.summary),
    }
    fields = {key: value for key, value in stated.items() if value not in (None, "", [])}
    taken = {alias for key in fields for alias in _ALIASES.get(key, (key,))}
    passed_on = item.extra.get("markdown")
    if isinstance(passed_on, Mapping):
        for key, value in passed_on.items():
            if str(key).casefold() not in taken:
                fields[str(key)] = value
    return fields


def _bylines(bylines: tuple[str, ...]) -> dict[str, Any]:
    if len(bylines) == 1:
        return {"byline": bylines[0]}
    return {"bylines": list(bylines)} if bylines else {}


def _rights(rights: Rights | None) -> dict[str, str | None]:
    """The notice as ``rights`` (what the reader reads back); the holder and the terms
    under their own keys, which the reader keeps in ``extra``. Nothing is made up."""
    if rights is None:
        return {}
    return {
        "rights": rights.notice,
        "rights_holder": rights.holder,
        "usage_terms": rights.usage_terms,
    }


def _summary(summary: Summary | None) -> dict[str, Any]:
    """Enrichment's summary, marked machine-made: in the front matter, not in the body,
    so that the body reads back as the article's own text."""
    if summary is None or not (summary.bluf or summary.key_points):
        return {}
    return {
        "summary": summary.bluf,
        "key_points": list(summary.key_points),
        "summary_origin": Origin.MACHINE.value,
    }


# --- body ---------------------------------------------------------------------------------


def _body(blocks: tuple[Block, ...]) -> list[str]:
    """One string per Markdown block; the items of one list share a string (tight list)."""
    chunks: list[str] = []
    number = 0
    previous: Block | None = None
    for block in blocks:
        if block.kind is BlockKind.LIST_ITEM:
            same_list = (
                previous is not None
                and previous.kind is BlockKind.LIST_ITEM
                and previous.ordered == block.ordered
            )
            number = number + 1 if same_list else 1
            line = f"{number}. " if block.ordered else "- "
            line += _inline(block)
            if same_list:
                chunks[-1] += "\n" + line
            else:
                chunks.append(line)
        else:
            chunks.append(_leaf(block))
        previous = block
    return chunks


def _leaf(block: Block) -> str:
    if block.kind is BlockKind.PREFORMATTED:
        return _fenced(block.text)
    if block.kind is BlockKind.HEADING:
        level = min(max(block.level or 2, 2), 6)  # level 1 is the headline's
        return "#" * level + " " + _inline(block, heading=True)
    if block.kind is BlockKind.BLOCKQUOTE:
        return "> " + _inline(block)
    return _inline(block)


def _fenced(text: str) -> str:
    """A backtick fence longer than any backtick run in ``text``, so none can close it."""
    longest = max((len(run) for run in _BACKTICKS.findall(text)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}\n{text}\n{fence}"


def _inline(block: Block, *, heading: bool = False) -> str:
    """The block's text as one line of escaped text and links."""
    # A line break or tab in the text would start a new line of markup: it is a space.
    text = _BREAKING_SPACE.sub(" ", block.text)
    segments = _segments(text, block)
    parts = []
    for index, (start, end, href) in enumerate(segments):
        escaped = escape_text(
            text[start:end],
            line_start=index == 0,
            heading=heading and index == len(segments) - 1,
            link_follows=index + 1 < len(segments) and segments[index + 1][2] is not None,
        )
        if href is not None:
            escaped = f"[{escaped}]({_HREF_MARKUP.sub(_backslashed, href)})"
        parts.append(escaped)
    return "".join(parts)


def _backslashed(match: re.Match[str]) -> str:
    return "\\" + match.group()


def _segments(text: str, block: Block) -> list[tuple[int, int, str | None]]:
    """``(start, end, href)`` pieces of ``text`` without its outer blanks, ``href`` for
    links. A link loses the blanks at its ends (the reader trims them); overlapping,
    out-of-range, blank and unsafe links are left as text."""
    first = len(text) - len(text.lstrip())
    last = len(text.rstrip())
    segments: list[tuple[int, int, str | None]] = []
    done = first
    for link in sorted(block.links, key=lambda k: (k.start, k.end)):
        start, end = max(link.start, first), min(link.end, last)
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start < done or start >= end or not _safe_href(link.href):
            continue
        if start > done:
            segments.append((done, start, None))
        segments.append((start, end, link.href))
        done = end
    if done < last or not segments:
        segments.append((done, last, None))
    return segments


def _safe_href(href: str) -> bool:
    if not href or any(c.isspace() or not c.isprintable() for c in href):
        return False
    try:
        scheme = urlsplit(href).scheme.lower()
    except ValueError:  # e.g. a malformed IPv6 host
        return False
    return scheme in _LINK_SCHEMES


def escape_text(
    text: str, *, line_start: bool = True, heading: bool = False, link_follows: bool = False
) -> str:
    """``text`` with every character that Markdown would read as markup backslash-escaped.

    ``line_start``: the text opens a line (after any ``#``, ``>``, ``-`` or ``1.``
    marker), where ``#>+-=`` and a number with ``.`` or ``)`` are markup too.
    ``heading``: the text ends an ATX heading, where a final ``#`` would be dropped.
    ``link_follows``: a link comes next, so a final ``!`` would make it an image.
    """
    marked = {match.start() for match in _INLINE_MARKUP.finditer(text)}
    if line_start and text[:1] in _LINE_START:
        marked.add(0)
    elif line_start and (number := _LIST_NUMBER.match(text)):
        marked.add(number.end())
    if (heading and text.endswith("#")) or (link_follows and text.endswith("!")):
        marked.add(len(text) - 1)
    if not marked:
        return text
    parts, done = [], 0
    for index in sorted(marked):
        parts += [text[done:index], "\\"]
        done = index
    parts.append(text[done:])
    return "".join(parts)
