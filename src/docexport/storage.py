"""Inputs and outputs at object-store URLs (``s3://bucket/prefix/``, ``memory://``), via fsspec.

A batch on a cluster needs inputs and outputs every worker can reach: a shared file
system (plain paths: ``io.py``'s code path, unchanged) or an object store. A URL argument
or ``-o URL`` becomes an ``ObjectPath``; ``file://`` URLs are plain local paths
(``location``), so they keep the local guarantees (temporary file + rename).

Writes: an output is one ``put`` of its whole bytes. An S3 PUT is atomic (readers see the
old object or the new one, never a part: up to 100 MB fsspec sends one PUT, beyond it a
multipart upload, which also appears only when completed), so a killed run leaves no
partial object and no temporary object to clean up. The refusal to overwrite an object
that is not ours is a check before the put: two runs writing the same key at the same
moment can both pass it (S3's conditional ``If-None-Match`` write would close that gap,
but not every S3-compatible store has it).

Credentials and endpoints come from the store's usual configuration (for S3:
``AWS_ACCESS_KEY_ID``/``AWS_SECRET_ACCESS_KEY``, ``AWS_ENDPOINT_URL`` for MinIO and other
S3-compatible stores, ``~/.aws``), the same on every worker. fsspec (and s3fs for
``s3://``) is imported only when a URL is used: ``pip install 'docexport[dask]'``.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import PurePath, PurePosixPath
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

from docexport.errors import DocExportError, InputError, OutputError, printable
from docexport.io import MAX_INPUT_BYTES

if TYPE_CHECKING:
    from collections.abc import Iterator

__all__ = [
    "ObjectPath",
    "is_url",
    "list_names",
    "location",
    "put_bytes",
    "read_bytes",
    "remove",
    "sha256",
    "walk",
]

_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


def is_url(text: str) -> bool:
    """``scheme://…``: a location for fsspec, not a local path."""
    return bool(_URL.match(text))


def location(text: str) -> str | ObjectPath:
    """A command-line path as the batch handles it: ``file://`` URLs become local paths,
    other URLs ``ObjectPath``s, anything else stays as it is."""
    if not is_url(text):
        return text
    if text.lower().startswith("file://"):
        return unquote(urlsplit(text).path) or "/"
    return ObjectPath(text)


@dataclass(frozen=True, slots=True)
class ObjectPath:
    """A key (or prefix) in an object store, with the bits of ``Path`` a batch uses."""

    url: str

    def __post_init__(self) -> None:
        scheme, _, rest = self.url.partition("://")
        # One spelling per key: no trailing or doubled slashes (the manifest's keys).
        object.__setattr__(self, "url", f"{scheme}://{re.sub('/+', '/', rest).rstrip('/')}")

    def __str__(self) -> str:
        return self.url

    def __truediv__(self, other: str | PurePath) -> ObjectPath:
        return ObjectPath(f"{self.url}/{PurePosixPath(other).as_posix()}")

    @property
    def name(self) -> str:
        return self.url.rpartition("/")[2]

    @property
    def parent(self) -> ObjectPath:
        return ObjectPath(self.url.rpartition("/")[0])

    def relative_to(self, other: ObjectPath) -> str:
        if not self.url.startswith(other.url + "/"):
            raise ValueError(f"{self.url} is not inside {other.url}")
        return self.url[len(other.url) + 1 :]

    def exists(self) -> bool:
        fs, path = _fs(self.url)
        return bool(fs.exists(path))

    def is_dir(self) -> bool:
        fs, path = _fs(self.url)
        return bool(fs.isdir(path))

    def mkdir(self, *, parents: bool = True, exist_ok: bool = True) -> None:
        """Object stores have no folders to make: a key's prefixes exist with it."""


def _fs(url: str) -> tuple[Any, str]:
    """The fsspec file system of ``url`` (one instance per store and process: fsspec caches
    them) and the path within it."""
    try:
        from fsspec.core import url_to_fs  # type: ignore[import-untyped]  # noqa: PLC0415
    except ImportError as exc:
        reason = f"{printable(url)}: URLs need fsspec: pip install 'docexport[dask]'"
        raise DocExportError(reason) from exc
    try:
        fs, path = url_to_fs(url)
    except (ImportError, ValueError) as exc:
        raise DocExportError(f"cannot open {printable(url)}: {exc}") from exc
    return fs, path


def read_bytes(url: str, limit: int = MAX_INPUT_BYTES) -> bytes:
    """An object's bytes, refusing objects over ``limit`` (as ``io.read_input_bytes``)."""
    fs, path = _fs(url)
    try:
        size = fs.size(path)
        if size is not None and size > limit:
            raise InputError(f"too big ({size:,} bytes; the limit is {limit:,})", path=url)
        data = fs.cat_file(path)
    except FileNotFoundError:
        raise InputError("no such object", path=url) from None
    except IsADirectoryError:
        raise InputError("not an object (a prefix)", path=url) from None
    except PermissionError:
        raise InputError("permission denied", path=url) from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", path=url) from exc
    if len(data) > limit:
        raise InputError(f"too big (more than {limit:,} bytes)", path=url)
    return bytes(data)


def sha256(url: str) -> str | None:
    """The SHA-256 of an object's bytes, or ``None`` if there is none to read."""
    fs, path = _fs(url)
    try:
        return hashlib.sha256(fs.cat_file(path)).hexdigest()
    except OSError:
        return None


def put_bytes(url: str, data: bytes, *, replace: bool) -> None:
    """Store ``data`` at ``url`` in one write; an existing object is replaced only with
    ``replace`` (else ``OutputError``, as ``io.atomic_write``)."""
    fs, path = _fs(url)
    try:
        if not replace and fs.exists(path):
            raise OutputError("output exists (use --force to overwrite)", path=url)
        fs.pipe_file(path, data)
    except OutputError:
        raise
    except PermissionError:
        raise OutputError("permission denied", path=url) from None
    except OSError as exc:
        raise OutputError(f"cannot write: {exc.strerror or exc}", path=url) from exc


def list_names(prefix: ObjectPath) -> list[str]:
    """The names of the objects directly under ``prefix``, sorted (none if it is empty or
    cannot be listed)."""
    fs, path = _fs(prefix.url)
    try:
        entries = fs.ls(path, detail=True, refresh=True)
    except OSError:
        return []
    return sorted(
        e["name"].rstrip("/").rpartition("/")[2] for e in entries if e["type"] != "directory"
    )


def remove(urls: list[str]) -> None:
    """Delete objects (in as few requests as the store allows); gone ones are no error."""
    if not urls:
        return
    fs, _ = _fs(urls[0])
    paths = [_fs(url)[1] for url in urls]
    try:
        fs.rm(paths)
    except FileNotFoundError:
        pass
    except OSError as exc:
        raise OutputError(f"cannot delete: {exc.strerror or exc}", path=urls[0]) from exc


def walk(
    directory: ObjectPath, extensions: frozenset[str], skip: frozenset[str] = frozenset()
) -> Iterator[ObjectPath]:
    """Article objects under ``directory`` in the local walk's order (names sorted,
    sub-prefixes entered where they sort); our own objects (the manifest) and the
    prefixes in ``skip`` (the output folder) are left out."""

    if directory.url in skip:
        return
    fs, path = _fs(directory.url)
    try:
        entries = sorted(fs.ls(path, detail=True), key=lambda e: e["name"].rstrip("/"))
    except OSError:  # gone, or not ours to list: as the local walk, nothing found there
        return
    for entry in entries:
        name = entry["name"].rstrip("/").rpartition("/")[2]
        if not name or name.startswith(".docexport"):  # batch.OWN_FILE_PREFIX
            continue
        if entry["type"] == "directory":
            yield from walk(directory / name, extensions, skip)
        elif PurePosixPath(name).suffix.lower() in extensions:
            yield directory / name
