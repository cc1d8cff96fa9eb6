"""Readers: one module per input format, each turning bytes into a ``NewsItem``.

A reader module exposes ``read_bytes(data: bytes, name: str) -> NewsItem`` and raises
only ``InputError``/``SchemaError``. The registry maps file extensions to dotted module
paths, imported on first use.
"""

from __future__ import annotations

import importlib
from pathlib import PurePath
from typing import TYPE_CHECKING, Protocol

from docexport.errors import DocExportError
from docexport.io import STDIN_NAME, read_input_bytes
from docexport.limits import check_item

if TYPE_CHECKING:
    from docexport.model import NewsItem

__all__ = ["READERS", "Reader", "read_data", "read_path", "reader_for"]


class Reader(Protocol):
    def read_bytes(self, data: bytes, name: str) -> NewsItem: ...


# extension → module; ``text`` is also the reader for stdin and unknown extensions.
READERS: dict[str, str] = {
    ".txt": "docexport.readers.text",
    ".text": "docexport.readers.text",
    ".json": "docexport.readers.json",
}
_DEFAULT = "docexport.readers.text"


def reader_for(path: str) -> Reader:
    """The reader module for ``path`` by extension (plain text when unknown or stdin)."""
    suffix = "" if path == STDIN_NAME else PurePath(path).suffix.lower()
    module: Reader = importlib.import_module(READERS.get(suffix, _DEFAULT))  # type: ignore[assignment]
    return module


def read_data(data: bytes, name: str, reader: Reader) -> NewsItem:
    """Parse ``data`` with ``reader``, then hold the item to the rules every item meets
    (``limits.check_item``): the one boundary that every reader's output passes."""
    return check_item(reader.read_bytes(data, name))


def read_path(path: str) -> NewsItem:
    """Read one input (a path, or ``-`` for stdin) into a ``NewsItem``."""
    data = read_input_bytes(path)
    name = "stdin" if path == STDIN_NAME else PurePath(path).name
    try:
        return read_data(data, name, reader_for(path))
    except DocExportError as exc:
        # Readers know only the bytes; the path is added here, once.
        if exc.path is None:
            exc.path = path
        raise
