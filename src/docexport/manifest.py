"""The manifest: what a batch wrote into an output directory, so that a rerun resumes.

``OUTDIR/.docexport-manifest.jsonl`` holds one JSON line per output written: its path
(relative to OUTDIR) and SHA-256, the input it came from and that input's SHA-256, and
the fingerprint of every option that decides the bytes (format, writer options,
enrichment, validation, metadata, docexport's version). The last line for a path wins.

Why JSON lines, not SQLite: lines are appended with one ``write`` on a file opened
``O_APPEND`` after their outputs were given their names, every ``FLUSH_LINES`` lines or
``FLUSH_SECONDS`` and at the end (also after Ctrl-C). A kill can at worst lose the lines
not yet written (those outputs are then found identical on the rerun and recorded again)
or cut the last one (a line that does not parse is ignored); no journal, no lock,
readable with ``jq``, and it works on file systems where SQLite's locking does not
(NFS). The manifest is only ever appended to, never rewritten; lines of outputs
replaced later are ignored on load. One ``write`` per line cost the main process ~60 us
an output while workers were creating files in the same folder (ext4), a tenth of a
NewsML item's whole cost: the main process's time is taken from the workers.

An object store has no append: for an output prefix (``s3://bucket/out/``) the manifest
is a compacted object plus segments (``ObjectManifest``), read at the start; the records
since the last segment are written as a new segment (one small atomic PUT) every
``FLUSH_LINES`` outputs or ``FLUSH_SECONDS``, and at the end, also after Ctrl-C or a fatal
error. A run killed outright loses the records since the last segment; its outputs are
then found identical on the rerun (their bytes are read back and compared), recorded
again and not rewritten. Two runs into one prefix at once would write the same segment
names (the second is refused, and its batch stops): run one batch per output prefix at a
time.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import time
from dataclasses import asdict, fields
from typing import TYPE_CHECKING, Any

from docexport import __version__
from docexport.engines import Recorded
from docexport.errors import DocExportError, OutputError
from docexport.storage import ObjectPath

if TYPE_CHECKING:
    from collections.abc import Iterable
    from pathlib import Path

    from docexport.batch import Settings

__all__ = ["MANIFEST_NAME", "Manifest", "ObjectManifest", "options_fingerprint"]

MANIFEST_NAME = ".docexport-manifest.jsonl"
"""Also what input discovery (``batch._walk``) looks for to leave output folders out."""


class Manifest:
    """The records of one output directory: load once, look up, append as outputs land.

    ``Manifest(prefix)`` for an object-store prefix is an ``ObjectManifest``."""

    def __new__(cls, directory: Path | ObjectPath) -> Manifest:
        if cls is Manifest and isinstance(directory, ObjectPath):
            return super().__new__(ObjectManifest)
        return super().__new__(cls)

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.path = directory / MANIFEST_NAME
        self._prefix = os.path.join(str(directory), "")
        # Output path -> (input sha, options, output sha). Digests are kept as bytes and
        # fingerprints shared: ~200 bytes per output, for resuming millions of items.
        self._records: dict[str, tuple[bytes, str, bytes]] = {}
        self._fd: int | None = None
        self._pending: list[bytes] = []
        self._flushed_at = time.monotonic()
        self._load()

    def _load(self) -> None:
        try:
            fh = open(self.path, "rb")  # noqa: SIM115 - closed below; absent is normal
        except FileNotFoundError:
            return
        with fh:
            self._parse(fh)

    def _parse(self, lines: Iterable[bytes]) -> None:
        """Records from JSON lines; the last line for an output wins, broken lines are
        ignored."""
        options: dict[str, str] = {}
        for line in lines:
            with contextlib.suppress(ValueError, KeyError, TypeError):
                entry = json.loads(line)
                fingerprint = options.setdefault(entry["options"], entry["options"])
                self._records[entry["output"]] = (
                    bytes.fromhex(entry["input_sha256"]),
                    fingerprint,
                    bytes.fromhex(entry["sha256"]),
                )
                self._parsed(entry["output"], line)

    def _parsed(self, key: str, line: bytes) -> None:
        """A line kept (``ObjectManifest`` keeps them to rewrite them)."""

    def __len__(self) -> int:
        return len(self._records)

    def lookup(self, output: Path | ObjectPath) -> Recorded | None:
        """The record of the output at ``output`` (a path inside the directory)."""
        found = self._records.get(self._key(output))
        if found is None:
            return None
        return Recorded(found[0].hex(), found[1], found[2].hex())

    def record(
        self, output: Path | str, sha256: str, source: str, input_sha256: str, options: str
    ) -> None:
        """Append one output's line; raises a fatal ``OutputError`` if that fails (the
        batch stops: going on would convert items no rerun could tell apart)."""
        key = self._key(output)
        entry = {
            "output": key,
            "sha256": sha256,
            "input": source,
            "input_sha256": input_sha256,
            "options": options,
        }
        line = json.dumps(entry, ensure_ascii=True, separators=(",", ":")) + "\n"
        self._append(key, line)
        self._records[key] = (bytes.fromhex(input_sha256), options, bytes.fromhex(sha256))

    FLUSH_LINES = 64
    FLUSH_SECONDS = 0.1
    """Pending lines are written at the next record once this old (or 64 of them): short,
    so a kill loses little and a small batch shows its progress at once; ten writes a
    second cost nothing."""

    def _append(self, key: str, line: str) -> None:
        self._pending.append(line.encode("ascii"))
        now = time.monotonic()
        if len(self._pending) >= self.FLUSH_LINES or now - self._flushed_at >= self.FLUSH_SECONDS:
            self.flush()

    def flush(self) -> None:
        """Write out the lines recorded since the last flush, in one piece."""
        self._flushed_at = time.monotonic()
        if not self._pending:
            return
        data, self._pending = b"".join(self._pending), []
        self._write(data)

    def _write(self, data: bytes) -> None:
        """Append ``data`` to the manifest file (one ``write``)."""
        try:
            if self._fd is None:
                self.directory.mkdir(parents=True, exist_ok=True)
                flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_CLOEXEC", 0)
                self._fd = os.open(self.path, flags, 0o644)
            view = memoryview(data)
            while view:  # a regular file takes it all at once; a short write goes on
                view = view[os.write(self._fd, view) :]
        except OSError as exc:
            reason = f"cannot write the manifest: {exc.strerror or exc}"
            raise OutputError(reason, path=str(self.path), fatal=True) from exc

    def close(self) -> None:
        """End of the batch: the last records are written, then its outputs (written
        without ``fsync``, see ``io.atomic_write``) and these records reach the disk
        before docexport exits."""
        self.flush()
        if self._fd is not None:
            from docexport.engines.task import sync_outputs  # noqa: PLC0415

            with contextlib.suppress(OSError):
                sync_outputs()
                os.fsync(self._fd)
            os.close(self._fd)
            self._fd = None

    def _key(self, output: Path | ObjectPath | str) -> str:
        path = str(output)
        # Outputs are built as ``directory / relative``: cut the prefix (relpath costs
        # ~20 us, twice per output); anything else takes the general way.
        inside = self._prefix
        if path.startswith(inside) and ".." not in path:
            relative = path[len(inside) :]
        else:
            relative = os.path.relpath(path, self.directory)
        # surrogateescape: a file name that is not UTF-8 still gets one stable key.
        return relative.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


class ObjectManifest(Manifest):
    """The manifest of an object-store prefix, which has no append (module doc).

    ``PREFIX/.docexport-manifest.jsonl`` holds the records compacted so far;
    ``PREFIX/.docexport-manifest.d/`` holds segments, each the lines recorded since the
    previous one, written every ``FLUSH_LINES`` outputs or ``FLUSH_SECONDS`` (one small
    PUT each, however big the batch: rewriting the whole manifest each time cost O(n) per
    flush, O(n²) per batch). At the end of a run with ``COMPACT_AT`` segments or more, the
    records are written as the new compacted object, whose first line names the last
    segment it holds, then the segments are deleted: a run killed between the two steps
    leaves segments that the next load skips rather than replays over newer records.
    """

    FLUSH_LINES = 1000
    FLUSH_SECONDS = 30.0
    COMPACT_AT = 16
    SEGMENTS = MANIFEST_NAME.removesuffix(".jsonl") + ".d"

    def __init__(self, directory: ObjectPath) -> None:
        from docexport.storage import list_names  # noqa: PLC0415

        self.directory = directory  # type: ignore[assignment]
        self.path = directory / MANIFEST_NAME  # type: ignore[assignment]
        self._segments = directory / self.SEGMENTS
        self._records = {}
        self._fd = None
        self._pending = []
        self._flushed_at = time.monotonic()
        self._lines: dict[str, bytes] = {}
        self._through = -1  # the last segment the compacted object holds
        base = self._read(self.path)
        if base is not None:
            header, _, rest = base.partition(b"\n")
            with contextlib.suppress(ValueError, KeyError, TypeError):
                self._through = int(json.loads(header)["compacted_through"])
            self._parse((rest if self._through >= 0 else base).splitlines(keepends=True))
        names = list_names(self._segments)
        self._numbers = sorted(n for n in map(_segment_number, names) if n is not None)
        for number in self._numbers:
            if number > self._through:
                data = self._read(self._segment(number))
                if data is not None:
                    self._parse(data.splitlines(keepends=True))
        self._next = max([self._through, *self._numbers]) + 1

    def _segment(self, number: int) -> ObjectPath:
        return self._segments / f"{number:012d}.jsonl"

    @staticmethod
    def _read(url: ObjectPath) -> bytes | None:
        from docexport.storage import read_bytes  # noqa: PLC0415

        try:
            return read_bytes(str(url), limit=1 << 40)
        except DocExportError as exc:
            if "no such object" not in exc.reason:
                raise
            return None

    def _parsed(self, key: str, line: bytes) -> None:
        self._lines.pop(key, None)  # the last line for a key goes last
        self._lines[key] = line if line.endswith(b"\n") else line + b"\n"

    def _append(self, key: str, line: str) -> None:
        self._parsed(key, line.encode("ascii"))  # kept for compaction
        super()._append(key, line)

    def _write(self, data: bytes) -> None:
        """``data`` as the next segment (one PUT); a fatal ``OutputError`` if that fails."""
        self._put(self._segment(self._next), data, replace=False)
        self._numbers.append(self._next)
        self._next += 1

    def close(self) -> None:
        self.flush()
        if len(self._numbers) >= self.COMPACT_AT or any(n <= self._through for n in self._numbers):
            self.compact()

    def compact(self) -> None:
        """Every record in the compacted object, then the segments it holds deleted."""
        from docexport.storage import remove  # noqa: PLC0415

        header = json.dumps({"compacted_through": self._next - 1}).encode("ascii") + b"\n"
        self._put(self.path, header + b"".join(self._lines.values()), replace=True)
        self._through = self._next - 1
        # Any left behind are skipped on load (``compacted_through``) and deleted next time.
        with contextlib.suppress(DocExportError):
            remove([str(self._segment(number)) for number in self._numbers])
        self._numbers = []

    @staticmethod
    def _put(url: ObjectPath, data: bytes, *, replace: bool) -> None:
        from docexport.storage import put_bytes  # noqa: PLC0415

        try:
            put_bytes(str(url), data, replace=replace)
        except OutputError as exc:
            raise OutputError(
                f"cannot write the manifest: {exc.reason}", path=exc.path, fatal=True
            ) from exc

    def _key(self, output: Path | ObjectPath | str) -> str:
        return ObjectPath(str(output)).relative_to(self.directory)  # type: ignore[arg-type]


def _segment_number(name: str) -> int | None:
    stem, dot, extension = name.partition(".")
    return int(stem) if dot and extension == "jsonl" and stem.isdigit() else None


def options_fingerprint(settings: Settings, fmt: str) -> str:
    """SHA-256 of everything besides the input that decides an output's bytes.

    ``WriterOptions.now`` (the wall clock, used only for undated articles without
    ``SOURCE_DATE_EPOCH``) is left out, else no output would ever be current. A
    ``--template`` counts by its content, not its name.
    """
    options = {
        f.name: getattr(settings.options, f.name)
        for f in fields(settings.options)
        if f.name != "now"
    }
    template = options.get("template")
    if template is not None:
        try:
            options["template"] = hashlib.sha256(template.read_bytes()).hexdigest()
        except OSError:
            options["template"] = str(template)
    described: dict[str, Any] = {
        "docexport": __version__,
        "format": fmt,
        "options": options,
        "from": settings.source_format,
        "enrich": settings.enrich,
        "enricher": settings.enricher,
        "spacy_model": settings.spacy_model,
        "validate": settings.validate,
        "metadata": asdict(settings.metadata),
    }
    text = json.dumps(described, sort_keys=True, default=str, ensure_ascii=True)
    return hashlib.sha256(text.encode("ascii")).hexdigest()
