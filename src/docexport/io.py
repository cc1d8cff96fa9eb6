"""Bytes in and out: size limits, binary and encoding sniffing, atomic writes.

Everything here raises ``InputError``/``OutputError`` with a one-line reason; the caller
adds the path.
"""

from __future__ import annotations

import codecs
import contextlib
import errno
import functools
import os
import re
import stat
import sys
import time
from pathlib import Path
from typing import IO, TYPE_CHECKING, BinaryIO

from docexport.errors import DocExportError, InputError, OutputError
from docexport.normalise import has_no_forbidden

if TYPE_CHECKING:
    from collections.abc import Iterator

__all__ = ["MAX_INPUT_BYTES", "atomic_write", "decode_text", "read_input_bytes"]

MAX_INPUT_BYTES = 10 * 1024 * 1024
"""Largest input accepted: a long feature is ~100 KB; 10 MiB leaves room, refuses junk."""

STDIN_NAME = "-"

# Magic numbers of files that get renamed to .txt by accident (checked before decoding,
# so the message says what the file is rather than "undecodable").
BINARY_SIGNATURES = (
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or DOCX/XLSX)"),  # sniffing looks inside ZIPs first
    (b"\x1f\x8b", "a gzip archive"),
    (b"\xd0\xcf\x11\xe0", "an old Office document"),
    (b"\x7fELF", "an executable"),
    (b"RIFF", "a RIFF media file"),
    (b"{\\rtf", "an RTF document"),
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
    """Read a file (or stdin for ``-``) refusing anything over ``limit`` bytes.

    Only regular files are opened: a named pipe would block forever and a device such
    as ``/dev/zero`` never ends, so both are refused before anything is read.
    """
    try:
        if path == STDIN_NAME:
            return _read_limited(sys.stdin.buffer, limit)
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):
            raise InputError(f"not a regular file ({_file_kind(info.st_mode)})", path=path)
        if info.st_size > limit:
            raise InputError(_too_big(info.st_size, limit), path=path)
        # O_NONBLOCK: should the path be swapped for a pipe after the check, open() still
        # returns at once instead of waiting for a writer.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as fh:
            if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):
                raise InputError("not a regular file", path=path)
            return _read_limited(fh, limit, expected=info.st_size)
    except FileNotFoundError:
        raise InputError("no such file", path=path) from None
    except PermissionError:
        raise InputError("permission denied", path=path) from None
    except InputError as exc:
        exc.path = path
        raise
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", path=path) from exc


def _file_kind(mode: int) -> str:
    kinds = (
        (stat.S_ISDIR, "a directory"),
        (stat.S_ISFIFO, "a named pipe"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
    )
    return next((what for test, what in kinds if test(mode)), "not a file")


def _read_limited(fh: IO[bytes], limit: int, expected: int | None = None) -> bytes:
    """At most ``limit`` bytes, or ``InputError``. ``expected``: the size a stat gave, so
    that a small file is read into a small buffer, not one of ``limit`` bytes (~10 us an
    input); a file that grew since is read on up to the limit."""
    data = fh.read(limit + 1 if expected is None else min(limit, expected) + 1)
    if expected is not None and len(data) > expected:
        data += fh.read(limit + 1 - len(data))
    if len(data) > limit:
        raise InputError(_too_big(len(data), limit, at_least=True))
    return data


def _too_big(size: int, limit: int, *, at_least: bool = False) -> str:
    # Exact bytes: "10.0 MiB; the limit is 10 MiB" reads as a contradiction.
    more = "over " if at_least else ""
    return f"too large ({more}{size:,} bytes; the limit is {limit:,} bytes, {limit >> 20} MiB)"


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode article bytes, returning ``(text, encoding name)``; raises ``InputError``.

    Order: byte-order mark, strict UTF-8, then Windows-1252 (a superset of Latin-1's
    printable range) only when the bytes are plausible for it. Anything else is refused
    rather than guessed, because a wrong guess silently corrupts every name in the text.
    """
    if not data or data.isspace():
        raise InputError("empty file" if not data else "file contains only whitespace")
    for magic, what in BINARY_SIGNATURES:
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


TEMP_PREFIX = ".docexport."
TEMP_SUFFIX = ".part"


@contextlib.contextmanager
def atomic_write(path: Path, *, force: bool = False, durable: bool = True) -> Iterator[BinaryIO]:
    """Yield a binary stream whose bytes appear at ``path`` only if the block succeeds.

    The bytes go to a temporary file in the target directory, are flushed to disk
    (``durable``), then take the final name in one step: a hard link, which fails if
    anything (a file, a directory, a dangling symlink, another process's output) holds the
    name, or with ``force`` a rename over it. A failure or a kill never leaves a partial file under the
    final name; temporary files of dead processes are removed on the next write there.

    ``durable=False`` leaves out the ``fsync``: a batch into a directory (``engines/task.py``)
    syncs once when it ends instead of once per output, which cost 0.3-0.9 ms per item. A
    kill cannot lose those bytes (they are in the kernel's cache); only a power cut before
    the end can, and the manifest's SHA-256 of each output finds such an output on rerun.
    """
    where = str(path)
    # Without --force the hard link below refuses whatever holds the name (and says what
    # it is): no stat calls ahead of it, on the path every output of a batch takes.
    if force and os.path.isdir(path):
        raise OutputError(_IS_A_DIRECTORY, path=where)
    directory = path.parent
    try:
        fd, tmp = _create_temp(directory)
    except OSError as exc:
        fatal = exc.errno in FATAL_ERRNOS
        raise OutputError(f"cannot write: {exc.strerror or exc}", path=where, fatal=fatal) from exc
    try:
        with os.fdopen(fd, "wb") as fh:
            yield fh
            fh.flush()
            if durable:
                os.fsync(fh.fileno())
        _publish(tmp, path, force=force)
    except DocExportError:
        _discard(tmp)
        raise
    except OSError as exc:
        _discard(tmp)
        raise OutputError(
            f"cannot write: {exc.strerror or exc}", path=where, fatal=exc.errno in FATAL_ERRNOS
        ) from exc
    except BaseException:
        _discard(tmp)
        raise


FATAL_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EIO})
"""Write errors after which the next input would fail the same way: the batch stops."""


def _discard(tmp: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(tmp)


_IS_A_DIRECTORY = "output is a directory; name a file, or several inputs"
_READY: set[str] = set()
"""Output folders made (and swept of dead processes' temporary files) by this process."""


def _create_temp(directory: Path) -> tuple[int, str]:
    """A new file with a short name (any output name fits): prefix, host, pid, random.

    Created with the permissions a plain ``open()`` gives (0644 less the umask), so it
    needs no ``chmod`` before it takes its name. The folder is made (and swept) on its
    first output in this process, and again if it was removed meanwhile."""
    key = str(directory)
    if key not in _READY:
        directory.mkdir(parents=True, exist_ok=True)
        remove_stale_temp_files(directory)
        _READY.add(key)
    for _ in range(100):
        name = f"{TEMP_PREFIX}{_host()}.{os.getpid()}.{os.urandom(6).hex()}{TEMP_SUFFIX}"
        tmp = os.path.join(directory, name)
        try:
            return os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644), tmp
        except FileExistsError:
            continue
        except FileNotFoundError:  # the folder was removed since its first output
            directory.mkdir(parents=True, exist_ok=True)
    raise OSError(errno.EEXIST, "no free temporary file name")


def _publish(tmp: str, path: Path, *, force: bool) -> None:
    if force:
        try:
            os.replace(tmp, path)
        except IsADirectoryError:
            raise OutputError(_IS_A_DIRECTORY, path=str(path)) from None
        return
    try:
        os.link(tmp, path)  # atomic and exclusive: never replaces what is there
    except FileExistsError:
        raise _taken(path) from None
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EXDEV, errno.EMLINK):
            raise
        _publish_without_links(tmp, path)
        return
    os.unlink(tmp)


def _publish_without_links(tmp: str, path: Path) -> None:
    # File systems without hard links (some FUSE and SMB mounts): an exclusive create
    # claims the name, then the rename fills it.
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644))
    except FileExistsError:
        raise _taken(path) from None
    os.replace(tmp, path)


def _taken(path: Path) -> OutputError:
    """Why the name ``path`` cannot be taken without ``--force``: what already holds it."""
    if os.path.isdir(path):
        return OutputError(_IS_A_DIRECTORY, path=str(path))
    return OutputError("output exists (use --force to overwrite)", path=str(path))


@functools.cache
def _host() -> str:
    """This machine, as 8 hex digits (socket and hashlib are imported only to write)."""
    import hashlib  # noqa: PLC0415
    import socket  # noqa: PLC0415

    return hashlib.sha256(socket.gethostname().encode()).hexdigest()[:8]


_TEMP_NAME = re.compile(r"^\.docexport\.([0-9a-f]{8})\.([0-9]+)\.[0-9a-f]{12}\.part$")
_FOREIGN_TEMP_AGE = 24 * 3600
"""A temporary file of another host (a shared folder) is stale only after a day."""
_SWEPT: set[str] = set()


def remove_stale_temp_files(directory: Path) -> int:
    """Delete temporary files left in ``directory`` by docexport processes that died
    (``kill -9``, power loss); files of live processes are left alone. Each directory is
    swept once per process. Returns how many files were removed."""
    key = os.path.abspath(directory)
    if key in _SWEPT:
        return 0
    _SWEPT.add(key)
    try:
        names = [n for n in os.listdir(directory) if n.startswith(TEMP_PREFIX)]
    except OSError:
        return 0
    removed = 0
    for name in names:
        path = os.path.join(directory, name)
        if _is_stale(name, path):
            with contextlib.suppress(OSError):
                os.unlink(path)
                removed += 1
    return removed


def _is_stale(name: str, path: str) -> bool:
    match = _TEMP_NAME.match(name)
    if match is None:
        return False
    host, pid = match.group(1), int(match.group(2))
    if host == _host():
        return not _alive(pid)
    try:
        return time.time() - os.lstat(path).st_mtime > _FOREIGN_TEMP_AGE
    except OSError:
        return False


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # exists, but not ours to signal
    return True
