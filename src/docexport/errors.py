"""The one exception hierarchy of docexport.

Library code raises these; only ``cli.py`` turns them into messages and exit codes.
Each carries the path it concerns and a one-line, actionable reason, so
``str(error)`` is exactly the line a user sees: ``article.txt: empty file``.
"""

from __future__ import annotations

__all__ = [
    "DocExportError",
    "InputError",
    "OutputError",
    "SchemaError",
    "UnknownFormatError",
    "WriterError",
]


class DocExportError(Exception):
    """Root of every error docexport raises on purpose."""

    def __init__(self, reason: str, *, path: str | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.path = path

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}" if self.path else self.reason


class InputError(DocExportError, ValueError):
    """The input cannot be read as an article: missing, empty, binary, mis-encoded, too big."""


class SchemaError(DocExportError, ValueError):
    """A news item does not conform to ``schemas/news-item.schema.json``."""


class UnknownFormatError(DocExportError, LookupError):
    """No writer (or reader) is registered under that name, or its extra is not installed."""


class WriterError(DocExportError):
    """A writer could not produce output for a valid item (e.g. a template it cannot use)."""


class OutputError(DocExportError, OSError):
    """The output cannot be written: it exists (without ``--force``) or the target is unwritable."""
