"""Bytes in and out: size limits, binary and encoding sniffing, atomic writes.

Everything here raises ``InputError``/``OutputError`` with a one-line reason; the caller
adds the path.
"""

from __future__ import annotations

import codecs
import contextlib
import os
import re
import sys
import tempfile
from pathlib import Path
from typing import IO, TYPE_CHECKING, BinaryIO

from docexport.errors import InputError, OutputError
from docexport.normalise import has_no_forbidden

if TYPE_CHECKING:
    from collections.abc import Iterator

__all__ = ["MAX_INPUT_BYTES", "atomic_write", "decode_text", "read_input_bytes"]

MAX_INPUT_BYTES = 10 * 1024 * 1024
"""Largest input accepted: a long feature is ~100 KB; 10 MiB leaves room, refuses junk."""

STDIN_NAME = "-"

# Magic numbers of files that get renamed to .txt by accident (checked before decoding,
# so the message says what the file is rather than "undecodable").
_MAGIC = (
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or DOCX/XLSX)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\xd0\xcf\x11\xe0", "an old Office document"),
    (b"\x7fELF", "an executable"),
    (b"RIFF", "a RIFF media file"),
)

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Windows-1252 leaves these five bytes undefined; in Latin-1 they are C1 controls that
# never occur in real prose. Either way their presence means "not a Western legacy file".
_CP1252_UNDEFINED = re.compile(rb"[\x81\x8d\x8f\x90\x9d]")
# French or German prose has well under 10 % non-ASCII letters; mojibake has over half.
_MAX_NON_ASCII_SHARE = 0.3
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def read_input_bytes(path: str, limit: int = MAX_INPUT_BYTES) -> bytes:
    """Read a file (or stdin for ``-``) refusing anything over ``limit`` bytes."""
    try:
        if path == STDIN_NAME:
            return _read_limited(sys.stdin.buffer, limit)
        p = Path(path)
        if p.is_dir():
            raise InputError("is a directory, not an article file", path=path)
        size = p.stat().st_size
        if size > limit:
            raise InputError(_too_big(size, limit), path=path)
        with p.open("rb") as fh:
            return _read_limited(fh, limit)
    except FileNotFoundError:
        raise InputError("no such file", path=path) from None
    except PermissionError:
        raise InputError("permission denied", path=path) from None
    except InputError as exc:
        exc.path = path
        raise
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", path=path) from exc


def _read_limited(fh: IO[bytes], limit: int) -> bytes:
    data = fh.read(limit + 1)
    if len(data) > limit:
        raise InputError(_too_big(len(data), limit, at_least=True))
    return data


def _too_big(size: int, limit: int, *, at_least: bool = False) -> str:
    mib = 1024 * 1024
    more = "over " if at_least else ""
    return f"too large ({more}{size / mib:.1f} MiB; the limit is {limit / mib:.0f} MiB)"


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode article bytes, returning ``(text, encoding name)``; raises ``InputError``.

    Order: byte-order mark, strict UTF-8, then Windows-1252 (a superset of Latin-1's
    printable range) only when the bytes are plausible for it. Anything else is refused
    rather than guessed, because a wrong guess silently corrupts every name in the text.
    """
    if not data or data.isspace():
        raise InputError("empty file" if not data else "file contains only whitespace")
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise InputError(f"binary file ({what}), not a text article")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(encoding).removeprefix("\ufeff")
                return _check_text(text), encoding.removesuffix("-sig")
            except UnicodeDecodeError as exc:
                raise InputError(f"invalid {encoding} after its byte-order mark") from exc
    if b"\x00" in data:
        raise InputError("binary file (contains NUL bytes), not a text article")
    try:
        return _check_text(data.decode("utf-8")), "utf-8"
    except UnicodeDecodeError as exc:
        utf8_error = exc
    if _CP1252_UNDEFINED.search(data) is None:
        text = data.decode("cp1252")
        if _plausible_western(text):
            return _check_text(text), "windows-1252"
    raise InputError(
        f"not valid UTF-8 (byte 0x{data[utf8_error.start]:02x} at offset {utf8_error.start}) "
        "and not plausible Windows-1252/Latin-1; re-save the file as UTF-8"
    )


def _plausible_western(text: str) -> bool:
    """Western prose decoded right is mostly ASCII letters with the odd accent or dash.

    Cyrillic or Greek legacy files (cp1251, KOI8-R, ISO 8859-7) decoded as cp1252 turn
    into long runs of accented letters instead; refuse those rather than produce mojibake.
    """
    letters = sum(c.isalpha() for c in text)
    high = sum(1 for c in text if not c.isascii())
    return letters > 0 and high / letters < _MAX_NON_ASCII_SHARE


def _check_text(text: str) -> str:
    if has_no_forbidden(text) or _CONTROL.search(text) is None:
        return text
    controls = len(_CONTROL.findall(text[:65536]))
    if controls > max(8, len(text[:65536]) // 100):
        raise InputError("binary file (too many control characters), not a text article")
    return text


@contextlib.contextmanager
def atomic_write(path: Path, *, force: bool = False) -> Iterator[BinaryIO]:
    """Yield a binary stream whose bytes appear at ``path`` only if the block succeeds.

    Writes to a temporary file in the target directory and renames it over ``path``, so a
    failure never leaves a partial or empty file behind.
    """
    if path.exists() and not force:
        raise OutputError("output exists (use --force to overwrite)", path=str(path))
    directory = path.parent
    try:
        directory.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=directory)
    except OSError as exc:
        raise OutputError(f"cannot write: {exc.strerror or exc}", path=str(path)) from exc
    try:
        with os.fdopen(fd, "wb") as fh:
            yield fh
        os.chmod(tmp, 0o644 & ~_umask())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _umask() -> int:
    # mkstemp creates 0600 files; give the output the permissions a plain open() would.
    mask = os.umask(0)
    os.umask(mask)
    return mask
