"""Writers: one module per output format behind one small protocol.

A writer is a class with ``name``, ``media_type``, ``extension`` and ``binary``
class attributes, a constructor taking ``WriterOptions`` and one method
``write(item, out)`` that writes bytes to a binary stream. Writers are pure: they use
only the item and the options (no clock, no globals, no printing).

Lookup order for a name: the built-ins below (dotted paths, imported on first use, so
``--to newsml`` never imports python-docx or reportlab), then the ``docexport.writers``
entry-point group, scanned once per process.
"""

from __future__ import annotations

import functools
import importlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, ClassVar, Protocol

from docexport.errors import UnknownFormatError

if TYPE_CHECKING:
    from importlib import metadata

    from docexport.model import Entity, NewsItem

__all__ = [
    "BUILTIN_WRITERS",
    "ENTRY_POINT_GROUP",
    "FormatInfo",
    "Writer",
    "WriterOptions",
    "available_formats",
    "create_writer",
    "get_writer",
    "mentions_by_block",
    "rendition_time",
]

ENTRY_POINT_GROUP = "docexport.writers"


@dataclass(frozen=True, slots=True, kw_only=True)
class WriterOptions:
    """Options every writer accepts; a writer ignores those it has no use for."""

    generated: datetime | None = None
    """When this rendition is made (from ``SOURCE_DATE_EPOCH``); ``None``: use the item date."""
    now: datetime = field(default_factory=lambda: datetime.now(UTC))
    """The wall clock when the options were made. Used only where a standard requires a
    time that neither ``generated`` nor the item gives (NewsML-G2 ``versionCreated`` of an
    undated or date-only article); nothing else ever reads the clock."""
    classification: str = "UNCLASSIFIED"
    """Handling marking for briefings (DOCX, PDF)."""
    page_size: str = "A4"
    template: Path | None = None
    """A user's DOCX reference document replacing the packaged one."""
    ninjs_version: str = "3.1"
    """ninjs output: ``3.1`` (camelCase) or ``2.2`` (lowercase keys) for older consumers."""


class Writer(Protocol):
    name: ClassVar[str]
    media_type: ClassVar[str]
    extension: ClassVar[str]
    binary: ClassVar[bool]
    """True for formats that must not be printed to a terminal (DOCX, PDF)."""

    def __init__(self, options: WriterOptions) -> None: ...

    def write(self, item: NewsItem, out: BinaryIO) -> None: ...


def rendition_time(item: NewsItem, options: WriterOptions) -> datetime | None:
    """When a rendition counts as made, without reading the clock.

    ``SOURCE_DATE_EPOCH`` if set, else the article's own date-time; ``None`` for a
    date-only or undated article (a bare date is never turned into a made-up midnight).
    """
    if options.generated is not None:
        return options.generated
    if isinstance(item.created, datetime):
        return item.created
    return None


def mentions_by_block(item: NewsItem) -> dict[int, list[tuple[int, int, Entity]]]:
    """Each body block's entity mentions as ``(start, end, entity)``; headline ones left out
    (writers mark mentions inside body text)."""
    marks: dict[int, list[tuple[int, int, Entity]]] = {}
    for entity in item.entities or ():
        for span in entity.mentions:
            if span.block >= 0:
                marks.setdefault(span.block, []).append((span.start, span.end, entity))
    return marks


# name → "module:Class". Keep in step with [project.entry-points."docexport.writers"].
BUILTIN_WRITERS: dict[str, str] = {
    "json": "docexport.writers.json:JsonWriter",
    "newsml": "docexport.writers.newsml:NewsMLWriter",
    "ninjs": "docexport.writers.ninjs:NinjsWriter",
    "nitf": "docexport.writers.nitf:NitfWriter",
    "html": "docexport.writers.html:HtmlWriter",
    "md": "docexport.writers.markdown:MarkdownWriter",
    "docx": "docexport.writers.docx:DocxWriter",
    "pdf": "docexport.writers.pdf:PdfWriter",
}

# Built-ins whose dependency is an optional extra: the message names the extra to install.
_EXTRA_FOR: dict[str, str] = {}


@dataclass(frozen=True, slots=True)
class FormatInfo:
    name: str
    media_type: str
    extension: str
    origin: str
    """``built-in`` or the distribution that provides the plugin."""


def get_writer(name: str) -> type[Writer]:
    """The writer class registered as ``name``; raises ``UnknownFormatError``."""
    target = BUILTIN_WRITERS.get(name)
    if target is None:
        entry = _plugin_entry_points().get(name)
        if entry is None:
            known = ", ".join(sorted({*BUILTIN_WRITERS, *_plugin_entry_points()}))
            raise UnknownFormatError(f"unknown format {name!r} (available: {known})")
        target = entry.value
    return _load(name, target)


def create_writer(name: str, options: WriterOptions | None = None) -> Writer:
    return get_writer(name)(options or WriterOptions())


def available_formats() -> list[FormatInfo]:
    """Every writer that can be loaded, built-ins first; a broken plugin is skipped."""
    infos = []
    names = [*BUILTIN_WRITERS, *sorted(set(_plugin_entry_points()) - set(BUILTIN_WRITERS))]
    for name in names:
        try:
            cls = get_writer(name)
        except UnknownFormatError:
            continue
        entry = _plugin_entry_points().get(name)
        origin = "built-in" if name in BUILTIN_WRITERS else _dist_name(entry)
        infos.append(FormatInfo(name, cls.media_type, cls.extension, origin))
    return infos


def broken_plugins() -> dict[str, str]:
    """Plugins that failed to import, name → reason (filled as they are tried)."""
    return dict(_BROKEN)


_BROKEN: dict[str, str] = {}


@functools.cache
def _load(name: str, target: str) -> type[Writer]:
    module_name, _, attr = target.partition(":")
    if name in BUILTIN_WRITERS:
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name == module_name:  # a format this installation does not ship
                reason = f"format {name!r} is not supported by this installation"
                raise UnknownFormatError(reason) from None
            if name not in _EXTRA_FOR:
                raise
            raise UnknownFormatError(
                f"format {name!r} needs {exc.name}, which is not installed: "
                f"pip install 'docexport[{_EXTRA_FOR[name]}]'"
            ) from exc
        cls: type[Writer] = getattr(module, attr)
        return cls
    try:
        plugin: type[Writer] = getattr(importlib.import_module(module_name), attr)
    except Exception as exc:
        _BROKEN[name] = f"{type(exc).__name__}: {exc}"
        raise UnknownFormatError(
            f"format {name!r} ({target}) failed to load: {_BROKEN[name]}"
        ) from exc
    return plugin


@functools.cache
def _plugin_entry_points() -> dict[str, metadata.EntryPoint]:
    # importlib.metadata walks every installed distribution (~10 ms with a few hundred
    # packages, plus ~20 ms to import), so this runs only for names that are not built
    # in, once per process.
    from importlib import metadata  # noqa: PLC0415

    return {ep.name: ep for ep in metadata.entry_points(group=ENTRY_POINT_GROUP)}


def _dist_name(entry: metadata.EntryPoint | None) -> str:
    dist = getattr(entry, "dist", None)
    return dist.name if dist is not None else "plugin"
