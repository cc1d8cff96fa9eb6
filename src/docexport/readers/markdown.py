"""Reader for Markdown articles (CommonMark, plus tables) with optional YAML front matter.

Front matter: title (else the first ``#`` heading, else an opening heading, is the
headline), subtitle, date (YYYY-MM-DD or ISO 8601 with offset), byline/author(s),
dateline, language/lang, keywords/tags, slug, provider, rights, credit, urgency; any
other key goes to ``extra["markdown"]`` as JSON. Body: headings (``##`` is level 2; if
sections use ``#``, all move down one), block quotes, list items, code blocks and tables
(preformatted), links (offsets in the block's plain text). Emphasis and code marks go;
HTML keeps its text, never its markup; images leave the text and are listed in
``extra["markdown"]["inline_images"]``. Without a front-matter byline or dateline, a
"By …" first paragraph and a ``PLACE (Agency) —`` lead are read as the text reader does.

Front matter is untrusted YAML, read by ``front_matter.load_front_matter``: at most
64 KiB, no aliases (a "billion laughs" needs them), bounded nesting and size.
"""

from __future__ import annotations

import functools
import json
import re
from datetime import date, datetime
from html.parser import HTMLParser
from typing import TYPE_CHECKING, Any

from markdown_it import MarkdownIt

from docexport.errors import InputError, shorten
from docexport.io import decode_text
from docexport.model import Block, BlockKind, Dateline, NewsItem, Rights
from docexport.normalise import XML_FORBIDDEN, normalise_line, normalise_text
from docexport.readers.blocks import (
    InlineText,
    finish_item,
    is_language_tag,
    parse_dateline,
    parse_names,
    safe_href,
    source_of,
)
from docexport.readers.front_matter import load_front_matter

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from markdown_it.token import Token

__all__ = ["read_bytes"]

_SLUGLINE = re.compile(r"[A-Za-z0-9][A-Za-z0-9/-]*")  # the schema's pattern


def read_bytes(data: bytes, name: str) -> NewsItem:
    """Decode and parse Markdown bytes; raises ``InputError`` with a one-line reason."""
    text, encoding = decode_text(data)
    source = source_of(data, name, encoding)
    front, markdown = _split_front_matter(normalise_text(text))
    fields, extra = _front_matter_fields(load_front_matter(front)) if front else ({}, {})
    collector = _Collector()
    for token in _parser().parse(markdown):
        collector.feed(token)
    blocks = collector.blocks
    fields["headline"] = _take_headline(blocks, fields.get("headline"))
    if collector.images:
        extra["inline_images"] = collector.images
    fields["extra"] = {"markdown": extra} if extra else {}
    return finish_item(blocks, fields, source)


# --- front matter -------------------------------------------------------------------------


def _split_front_matter(text: str) -> tuple[str | None, str]:
    """``(front matter, Markdown)``: YAML between a first ``---`` line and the next
    ``---`` or ``...`` line; ``(None, text)`` when the text does not open that way."""
    lines = text.lstrip(" \t\n").split("\n")
    if lines[0].rstrip() == "---":
        for index, line in enumerate(lines[1:], 1):
            if line.rstrip() in ("---", "..."):
                return "\n".join(lines[1:index]), "\n".join(lines[index + 1 :])
    return None, text  # no closing line: the ``---`` is a thematic break


def _front_matter_fields(front: Mapping[Any, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """``NewsItem`` keyword arguments from the known keys; the other keys, and known ones
    whose value the model cannot hold (empty, a slug with spaces), as JSON values."""
    fields: dict[str, Any] = {}
    extra: dict[str, Any] = {}
    for key, value in front.items():
        known = _FIELDS.get(key.casefold()) if isinstance(key, str) else None
        field, convert = known or ("", None)
        taken = field in fields and field != "keywords"  # keywords and tags add up
        converted = (
            convert(str(key), value) if convert and value is not None and not taken else None
        )
        if not converted:
            extra[str(key)] = _json_value(value)
        elif field == "keywords":
            fields[field] = tuple(dict.fromkeys((*fields.get(field, ()), *converted)))
        else:
            fields[field] = converted
    return fields, extra


def _text(key: str, value: Any) -> str:
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise InputError(f"front matter {key}: expected text, got {type(value).__name__}")
    return normalise_line(normalise_text(str(value)))


def _created(key: str, value: Any) -> date | datetime:
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    stamp = value
    if isinstance(value, str):
        token = value.strip()
        try:
            if len(token) == len("YYYY-MM-DD"):
                return date.fromisoformat(token)
            stamp = datetime.fromisoformat(token)
        except ValueError:
            raise InputError(
                f"front matter {key}: {shorten(token, 40)!r} is not a date "
                "(YYYY-MM-DD or ISO 8601 date-time with UTC offset)"
            ) from None
    if not isinstance(stamp, datetime):
        raise InputError(f"front matter {key}: expected a date, got {type(value).__name__}")
    if stamp.tzinfo is None:
        raise InputError(f"front matter {key}: date-time {stamp} has no UTC offset (add Z)")
    return stamp


def _names(key: str, value: Any) -> tuple[str, ...]:
    entries = value if isinstance(value, list) else [value]
    names: list[str] = []
    for entry in entries:  # an author object (Hugo, Jekyll) names its author in "name"
        named = entry.get("name", entry) if isinstance(entry, dict) else entry
        names.extend(parse_names(_text(key, named)))
    return tuple(dict.fromkeys(names))


def _keywords(key: str, value: Any) -> tuple[str, ...]:
    entries = value.split(",") if isinstance(value, str) else value
    if not isinstance(entries, list):
        entries = [entries]
    return tuple(dict.fromkeys(word for word in (_text(key, e) for e in entries) if word))


def _dateline(key: str, value: Any) -> Dateline | None:
    return parse_dateline(_text(key, value))


def _slugline(key: str, value: Any) -> str | None:
    slug = _text(key, value)
    return slug if _SLUGLINE.fullmatch(slug) and len(slug) <= 64 else None  # noqa: PLR2004


def _language(key: str, value: Any) -> str:
    tag = _text(key, value).replace("_", "-")
    if tag and not is_language_tag(tag):
        raise InputError(
            f"front matter {key}: {shorten(tag, 40)!r} is not a BCP 47 tag (en, pt-BR)"
        )
    return tag


def _rights(key: str, value: Any) -> Rights | None:
    notice = _text(key, value)
    return Rights(notice=notice) if notice else None


def _urgency(key: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 9:  # noqa: PLR2004
        raise InputError(f"front matter {key}: urgency is a whole number from 1 to 9")
    return value


_FIELDS: dict[str, tuple[str, Callable[[str, Any], Any]]] = {
    **dict.fromkeys(("title", "headline"), ("headline", _text)),
    **dict.fromkeys(("subtitle", "subheadline"), ("subheadline", _text)),
    **dict.fromkeys(("date", "created"), ("created", _created)),
    **dict.fromkeys(("byline", "bylines", "author", "authors"), ("bylines", _names)),
    "dateline": ("dateline", _dateline),
    **dict.fromkeys(("language", "lang"), ("language", _language)),
    **dict.fromkeys(("keywords", "tags"), ("keywords", _keywords)),
    **dict.fromkeys(("slug", "slugline"), ("slugline", _slugline)),
    "provider": ("provider", _text),
    **dict.fromkeys(("rights", "copyright"), ("rights", _rights)),
    **dict.fromkeys(("credit", "credit_line"), ("credit_line", _text)),
    "urgency": ("urgency", _urgency),
}


def _json_value(value: Any) -> Any:
    """``value`` as JSON holds it: dates as ISO text, the odd YAML type (a set, binary, a
    date as a key, NaN) as its text, without lone surrogates (no UTF-8 output has them)."""
    try:
        text = json.dumps(value, ensure_ascii=False, allow_nan=False, default=_as_text)
    except (TypeError, ValueError):
        text = json.dumps(str(value), ensure_ascii=False)
    return json.loads(XML_FORBIDDEN.sub("", text))


def _as_text(value: Any) -> str:
    return value.isoformat() if isinstance(value, date) else str(value)


# --- Markdown body ------------------------------------------------------------------------


@functools.cache
def _parser() -> MarkdownIt:
    parser = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
    # Every link is parsed, so that a refused address (``safe_href``) leaves its text
    # rather than the raw ``[text](javascript:…)`` markup markdown-it would leave.
    parser.validateLink = lambda url: True  # type: ignore[method-assign]
    return parser


class _Collector:
    """Blocks from markdown-it's token stream; containers decide a paragraph's kind."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.images: list[dict[str, str]] = []
        self._containers: list[BlockKind] = []
        self._ordered: list[bool] = []
        self._heading: int | None = None
        self._rows: list[list[str]] | None = None

    def feed(self, token: Token) -> None:
        kind = token.type
        if kind in ("blockquote_open", "list_item_open"):
            quote = kind == "blockquote_open"
            self._containers.append(BlockKind.BLOCKQUOTE if quote else BlockKind.LIST_ITEM)
        elif kind in ("blockquote_close", "list_item_close"):
            self._containers.pop()
        elif kind in ("bullet_list_open", "ordered_list_open"):
            self._ordered.append(kind == "ordered_list_open")
        elif kind in ("bullet_list_close", "ordered_list_close"):
            self._ordered.pop()
        elif kind == "heading_open":
            self._heading = int(token.tag[1:])
        elif kind == "heading_close":
            self._heading = None
        elif kind == "inline":
            self._inline(token)
        else:
            self._leaf(token)

    def _leaf(self, token: Token) -> None:
        if token.type in ("fence", "code_block"):
            self._add(BlockKind.PREFORMATTED, token.content.rstrip())
        elif token.type == "html_block":
            for text in _html_text(token.content):
                self._add(self._kind(), text)
        elif token.type == "table_open":
            self._rows = []
        elif token.type == "tr_open" and self._rows is not None:
            self._rows.append([])
        elif token.type == "table_close" and self._rows is not None:
            self._add(BlockKind.PREFORMATTED, "\n".join(" | ".join(r) for r in self._rows))
            self._rows = None

    def _inline(self, token: Token) -> None:
        text = InlineText()
        for child in token.children or ():
            self._inline_child(text, child)
        plain, links = text.finish(trim_links=True)
        if self._rows is not None:
            if self._rows:
                self._rows[-1].append(plain)
        elif self._heading is not None:
            self._add(BlockKind.HEADING, plain, level=self._heading, links=links)
        else:
            self._add(self._kind(), plain, links=links)

    def _inline_child(self, text: InlineText, child: Token) -> None:
        if child.type in ("text", "code_inline"):
            text.add(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            text.add(" ")
        elif child.type == "link_open":
            text.open_link(safe_href(str(child.attrGet("href") or "")))
        elif child.type == "link_close":
            text.close_link()
        elif child.type == "image":
            alt = "".join(c.content for c in child.children or () if c.type == "text")
            self.images.append({"src": str(child.attrGet("src") or ""), "alt": alt})
        elif child.type == "html_inline" and child.content[:3].casefold() == "<br":
            text.add(" ")  # every other tag is dropped, its text stays

    def _kind(self) -> BlockKind:
        return self._containers[-1] if self._containers else BlockKind.PARAGRAPH

    def _add(self, kind: BlockKind, text: str, **rest: Any) -> None:
        if text.strip():
            ordered = kind is BlockKind.LIST_ITEM and bool(self._ordered) and self._ordered[-1]
            self.blocks.append(Block(kind=kind, text=text, ordered=ordered, **rest))


class _HtmlText(HTMLParser):
    """The text of an HTML block, one string per block-level element; never markup."""

    _BLOCKS = frozenset({"p", "div", "br", "li", "dt", "dd", "tr", "blockquote", "pre", "hr"})
    _BLOCKS |= {"h1", "h2", "h3", "h4", "h5", "h6"}
    _HIDDEN = frozenset(("script", "style", "template", "head", "title"))

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.chunks: list[list[str]] = [[]]
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: Any, step: int = 1) -> None:
        if tag in self._HIDDEN:
            self._hidden = max(0, self._hidden + step)
        elif tag in self._BLOCKS:
            self.chunks.append([])

    def handle_endtag(self, tag: str) -> None:
        self.handle_starttag(tag, (), step=-1)

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.chunks[-1].append(data)


def _html_text(html: str) -> list[str]:
    parser = _HtmlText()
    parser.feed(html)
    parser.close()
    return [text for chunk in parser.chunks if (text := normalise_line("".join(chunk)))]


def _take_headline(blocks: list[Block], title: str | None) -> str:
    """The front-matter title (a first ``#`` heading repeating it goes), else the first
    ``#`` heading, else a heading opening the document; it leaves ``blocks``."""
    first = blocks[0] if blocks else None
    is_h1 = first is not None and first.kind is BlockKind.HEADING and first.level == 1
    if title:
        if is_h1 and first is not None and first.text.casefold() == title.casefold():
            del blocks[0]
        return title
    index = next(
        (i for i, b in enumerate(blocks) if b.kind is BlockKind.HEADING and b.level == 1), None
    )
    if index is None and first is not None and first.kind is BlockKind.HEADING:
        index = 0
    if index is None:
        raise InputError("no headline: give the front matter a title or add a # heading")
    return blocks.pop(index).text
