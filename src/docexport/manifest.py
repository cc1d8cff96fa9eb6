"""The manifest: what a batch wrote into an output directory, so that a rerun resumes.

``OUTDIR/.docexport-manifest.jsonl`` holds one JSON line per output written: its path
(relative to OUTDIR) and SHA-256, the input it came from and that input's SHA-256, and
the fingerprint of every option that decides the bytes (format, writer options,
enrichment, validation, metadata, docexport's version). The last line for a path wins.

Why JSON lines, not SQLite: a line is appended with one ``write`` on a file opened
``O_APPEND`` after its output was given its name, so a kill can at worst lose the last
line (the output is then found identical on the rerun and recorded again) or cut it (a
line that does not parse is ignored); no journal, no lock, readable with ``jq``, and it
works on file systems where SQLite's locking does not (NFS). The manifest is only ever
appended to, never rewritten; lines of outputs replaced later are ignored on load.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from dataclasses import asdict, fields
from typing import TYPE_CHECKING, Any

from docexport import __version__
from docexport.engines import Recorded
from docexport.errors import OutputError

if TYPE_CHECKING:
    from pathlib import Path

    from docexport.batch import Settings

__all__ = ["MANIFEST_NAME", "Manifest", "options_fingerprint"]

MANIFEST_NAME = ".docexport-manifest.jsonl"


class Manifest:
    """The records of one output directory: load once, look up, append as outputs land."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.path = directory / MANIFEST_NAME
        # Output path -> (input sha, options, output sha). Digests are kept as bytes and
        # fingerprints shared: ~200 bytes per output, for resuming millions of items.
        self._records: dict[str, tuple[bytes, str, bytes]] = {}
        self._fd: int | None = None
        self._load()

    def _load(self) -> None:
        try:
            fh = open(self.path, "rb")  # noqa: SIM115 - closed below; absent is normal
        except FileNotFoundError:
            return
        options: dict[str, str] = {}
        with fh:
            for line in fh:
                with contextlib.suppress(ValueError, KeyError, TypeError):
                    entry = json.loads(line)
                    fingerprint = options.setdefault(entry["options"], entry["options"])
                    self._records[entry["output"]] = (
                        bytes.fromhex(entry["input_sha256"]),
                        fingerprint,
                        bytes.fromhex(entry["sha256"]),
                    )

    def __len__(self) -> int:
        return len(self._records)

    def lookup(self, output: Path) -> Recorded | None:
        """The record of the output at ``output`` (a path inside the directory)."""
        found = self._records.get(self._key(output))
        if found is None:
            return None
        return Recorded(found[0].hex(), found[1], found[2].hex())

    def record(
        self, output: Path, sha256: str, source: str, input_sha256: str, options: str
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
        try:
            if self._fd is None:
                self.directory.mkdir(parents=True, exist_ok=True)
                flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_CLOEXEC", 0)
                self._fd = os.open(self.path, flags, 0o644)
            os.write(self._fd, line.encode("ascii"))
        except OSError as exc:
            reason = f"cannot write the manifest: {exc.strerror or exc}"
            raise OutputError(reason, path=str(self.path), fatal=True) from exc
        self._records[key] = (bytes.fromhex(input_sha256), options, bytes.fromhex(sha256))

    def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None

    def _key(self, output: Path) -> str:
        # surrogateescape: a file name that is not UTF-8 still gets one stable key.
        relative = os.path.relpath(output, self.directory)
        return relative.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


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
