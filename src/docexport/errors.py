"""The one exception hierarchy of docexport.

Library code raises these; only ``cli.py`` turns them into messages and exit codes.
Each carries the path it concerns and a one-line, actionable reason, so
``str(error)`` is exactly the line a user sees: ``article.txt: empty file``.
"""

from __future__ import annotations

import re

__all__ = [
    "DocExportError",
    "InputError",
    "InternalError",
    "OutputError",
    "SchemaError",
    "UnknownFormatError",
    "WriterError",
    "printable",
    "shorten",
]

MESSAGE_VALUE_CHARS = 120
"""How much of a quoted value an error line shows: one line, never megabytes."""


def shorten(text: str, limit: int = MESSAGE_VALUE_CHARS) -> str:
    """``text`` cut to ``limit`` characters with an ellipsis, for error messages."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


class DocExportError(Exception):
    """Root of every error docexport raises on purpose."""

    fatal: bool = False
    """True when carrying on is pointless (the disk is full): a batch stops cleanly."""

    def __init__(self, reason: str, *, path: str | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.path = path

    def with_cause(self, cause: BaseException) -> DocExportError:
        """This error, recording ``cause`` (for ``--debug``) as ``raise ... from`` would."""
        self.__cause__ = cause
        return self

    def __str__(self) -> str:
        """One line, whatever the path holds (a newline, bytes that are not UTF-8)."""
        line = f"{self.path}: {self.reason}" if self.path else self.reason
        return printable(line)


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

    def __init__(self, reason: str, *, path: str | None = None, fatal: bool = False) -> None:
        super().__init__(reason, path=path)
        self.fatal = fatal


class InternalError(DocExportError):
    """A bug: an unexpected exception while converting one input, caught at the batch
    boundary so that the other inputs still convert. ``__cause__`` holds the original."""


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def printable(text: str) -> str:
    """``text`` safe to print as one line: undecodable file-name bytes become ``\\xNN``
    and control characters (newlines included) their escapes."""
    try:
        raw = text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # a lone surrogate that no file name produced
        raw = text.encode("utf-8", "backslashreplace")
    text = raw.decode("utf-8", "backslashreplace")
    if _CONTROL.search(text) is None:
        return text
    return _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)
