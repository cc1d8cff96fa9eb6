"""docexport: turn news articles into the standard formats newsrooms, archives and analysts use.

The public API is small::

    import docexport
    item = docexport.read("article.txt")          # -> NewsItem
    docexport.write(item, "newsml", "article.xml") # atomic: no partial files
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

__version__ = "0.1.0"

if TYPE_CHECKING:
    from docexport.model import NewsItem
    from docexport.writers import WriterOptions

__all__ = ["__version__", "generation_time", "read", "render", "write"]


def read(path: str | os.PathLike[str], fmt: str | None = None) -> NewsItem:
    """Read one article (``-`` is stdin) into a ``NewsItem``; raises ``DocExportError``.

    ``fmt`` names the input format (``docexport formats`` lists them); by default the
    content, then the file's extension, decide.
    """
    from docexport.readers import read_path  # noqa: PLC0415 - keep `import docexport` light

    return read_path(os.fspath(path), fmt)


def render(item: NewsItem, fmt: str, out: BinaryIO, options: WriterOptions | None = None) -> None:
    """Write ``item`` in format ``fmt`` to the binary stream ``out``."""
    from docexport.writers import create_writer  # noqa: PLC0415

    create_writer(fmt, options).write(item, out)


def write(
    item: NewsItem,
    fmt: str,
    path: str | os.PathLike[str],
    options: WriterOptions | None = None,
    *,
    force: bool = False,
) -> Path:
    """Write ``item`` as ``fmt`` to ``path`` atomically (temp file + rename); returns the path."""
    from docexport.io import atomic_write  # noqa: PLC0415

    target = Path(path)
    with atomic_write(target, force=force) as out:
        render(item, fmt, out, options)
    return target


def generation_time(environ: dict[str, str] | None = None) -> datetime | None:
    """The ``SOURCE_DATE_EPOCH`` time if set (reproducible builds), else ``None``.

    ``None`` tells writers to stamp outputs with the article's own date, never the wall
    clock, so the same input always gives the same bytes.
    """
    from docexport.errors import DocExportError  # noqa: PLC0415

    value = (environ if environ is not None else os.environ).get("SOURCE_DATE_EPOCH")
    if not value:
        return None
    try:
        return datetime.fromtimestamp(int(value), tz=UTC)
    except (ValueError, OverflowError, OSError):
        raise DocExportError(
            f"SOURCE_DATE_EPOCH={value!r} is not a Unix timestamp in seconds"
        ) from None
