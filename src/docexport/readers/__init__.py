"""Readers: one module per input format, each turning bytes into a ``NewsItem``.

A reader is a module (or, for plugins, any object) with ``read_bytes(data: bytes, name:
str) -> NewsItem`` that raises only ``DocExportError`` subclasses. Built-in readers are
looked up by dotted path and imported on first use (the HTML reader's extraction library
costs nothing to a text conversion); plugins register in the ``docexport.readers``
entry-point group, optionally with ``EXTENSIONS`` (a tuple such as ``(".rss",)``) and
``sniff(head: bytes) -> bool``.

Which reader reads an input (``detect``): ``--from`` if given; else what the bytes are
(a ZIP holding ``word/document.xml`` is Word, ``<newsItem`` NewsML-G2, ``<nitf`` NITF,
``<html`` HTML, a JSON object with ``guid`` and ``source`` docexport JSON and one with
``uri`` ninjs, ``---`` front matter Markdown); else the file's extension. A ``.txt``
that starts with ``<?xml`` is not plain text; an input that no reader accepts is refused,
never read as text.
"""

from __future__ import annotations

import functools
import importlib
from pathlib import PurePath
from typing import TYPE_CHECKING, Any, Protocol

from docexport.errors import DocExportError, InputError, UnknownFormatError
from docexport.io import STDIN_NAME, read_input_bytes
from docexport.limits import check_item
from docexport.readers.sniff import sniff_format

if TYPE_CHECKING:
    from importlib import metadata

    from docexport.model import NewsItem

__all__ = [
    "BUILTIN_READERS",
    "ENTRY_POINT_GROUP",
    "EXTENSIONS",
    "Reader",
    "detect",
    "extensions_by_reader",
    "get_reader",
    "input_extensions",
    "read_data",
    "read_path",
    "reader_names",
]

ENTRY_POINT_GROUP = "docexport.readers"


class Reader(Protocol):
    def read_bytes(self, data: bytes, name: str) -> NewsItem: ...


# name → module. Keep in step with [project.entry-points."docexport.readers"].
BUILTIN_READERS: dict[str, str] = {
    "text": "docexport.readers.text",
    "json": "docexport.readers.json",
    "newsml": "docexport.readers.newsml",
    "ninjs": "docexport.readers.ninjs",
    "nitf": "docexport.readers.nitf",
    "html": "docexport.readers.html",
    "markdown": "docexport.readers.markdown",
    "docx": "docexport.readers.docx",
}

# Extension → the reader a file of that name goes to when its bytes do not say.
EXTENSIONS: dict[str, str] = {
    ".txt": "text",
    ".text": "text",
    ".json": "json",
    ".xml": "newsml",
    ".newsml": "newsml",
    ".nitf": "nitf",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".md": "markdown",
    ".markdown": "markdown",
    ".docx": "docx",
}

# Built-in readers whose library is an optional extra: the message names the extra.
_EXTRA_FOR: dict[str, str] = {}


def detect(data: bytes, path: str) -> str:
    """The name of the reader for ``data`` (read from ``path``); raises ``InputError``."""
    suffix = "" if path == STDIN_NAME else PurePath(path).suffix.lower()
    by_extension = EXTENSIONS.get(suffix)
    found = sniff_format(data, by_extension)
    if found.reader is not None:
        return found.reader
    if by_extension is not None and found.plain:
        return by_extension
    # Plugins only now: scanning the installed distributions costs tens of milliseconds.
    for name, entry in _plugins().items():
        sniff = getattr(_load_plugin(name, entry), "sniff", None)
        if sniff is not None and sniff(data[:4096]):
            return name
    if (plugin := _plugin_extensions().get(suffix)) is not None:
        return plugin
    if path == STDIN_NAME and found.plain:
        return "text"
    hint = "" if not found.plain else " (use --from text to read it as a plain-text article)"
    raise InputError(f"not a supported article format (looks like {found.looks_like}){hint}")


def get_reader(name: str) -> Reader:
    """The reader registered as ``name``; raises ``UnknownFormatError``."""
    target = BUILTIN_READERS.get(name)
    if target is not None:
        return _load_builtin(name, target)
    plugin = _plugins().get(name)
    if plugin is None:
        known = ", ".join(reader_names())
        raise UnknownFormatError(f"unknown input format {name!r} (available: {known})")
    reader: Reader = _load_plugin(name, plugin)
    return reader


def reader_names() -> list[str]:
    return [*BUILTIN_READERS, *sorted(set(_plugins()) - set(BUILTIN_READERS))]


def extensions_by_reader() -> dict[str, list[str]]:
    """Reader name → the extensions that go to it (built-ins and plugins)."""
    found: dict[str, list[str]] = {name: [] for name in reader_names()}
    for extension, name in {**_plugin_extensions(), **EXTENSIONS}.items():
        found.setdefault(name, []).append(extension)
    return found


def input_extensions() -> frozenset[str]:
    """Extensions a directory is searched for."""
    return frozenset(EXTENSIONS) | frozenset(_plugin_extensions())


def read_data(data: bytes, name: str, reader: Reader) -> NewsItem:
    """Parse ``data`` with ``reader``, then hold the item to the rules every item meets
    (``limits.check_item``): the one boundary that every reader's output passes."""
    return check_item(reader.read_bytes(data, name))


def read_path(path: str, fmt: str | None = None) -> NewsItem:
    """Read one input (a path, or ``-`` for stdin) into a ``NewsItem``.

    ``fmt`` names the reader (``--from``); by default it is detected (``detect``).
    """
    data = read_input_bytes(path)
    name = "stdin" if path == STDIN_NAME else PurePath(path).name
    try:
        return read_data(data, name, get_reader(fmt or detect(data, path)))
    except DocExportError as exc:
        # Readers know only the bytes; the path is added here, once.
        if exc.path is None:
            exc.path = path
        raise


@functools.cache
def _load_builtin(name: str, target: str) -> Reader:
    try:
        module: Reader = importlib.import_module(target)  # type: ignore[assignment]
    except ModuleNotFoundError as exc:
        if exc.name == target:  # a reader this installation does not ship
            reason = f"reading {name} is not supported by this installation"
            raise UnknownFormatError(reason) from None
        if name not in _EXTRA_FOR:
            raise
        raise UnknownFormatError(
            f"reading {name} needs {exc.name}, which is not installed: "
            f"pip install 'docexport[{_EXTRA_FOR[name]}]'"
        ) from exc
    return module


@functools.cache
def _plugins() -> dict[str, metadata.EntryPoint]:
    # Scanned once, and only when the built-ins could not decide (see the writers' note).
    from importlib import metadata  # noqa: PLC0415

    entries = metadata.entry_points(group=ENTRY_POINT_GROUP)
    return {ep.name: ep for ep in entries if ep.name not in BUILTIN_READERS}


@functools.cache
def _load_plugin(name: str, entry: metadata.EntryPoint) -> Any:
    try:
        return entry.load()
    except Exception as exc:  # a broken plugin must not break the other formats
        raise UnknownFormatError(
            f"input format {name!r} ({entry.value}) failed to load: {type(exc).__name__}: {exc}"
        ) from exc


@functools.cache
def _plugin_extensions() -> dict[str, str]:
    found: dict[str, str] = {}
    for name, entry in _plugins().items():
        try:
            plugin = _load_plugin(name, entry)
        except UnknownFormatError:
            continue
        for extension in getattr(plugin, "EXTENSIONS", ()):
            found.setdefault(extension.lower(), name)
    return found
