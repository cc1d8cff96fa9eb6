"""Batch conversion: expand inputs, plan output paths, convert each input on its own.

One bad input never stops the batch: ``run_jobs`` is the one boundary where anything
raised for an input, our own errors and bugs alike, becomes that input's error and the
next input is tried. Only a fatal output error (the disk is full) ends the batch early.
"""

from __future__ import annotations

import io
import os
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from typing import TYPE_CHECKING

from docexport import read, render, write
from docexport.errors import DocExportError, InputError, InternalError, OutputError
from docexport.io import STDIN_NAME
from docexport.metadata import ItemMetadata, apply_metadata
from docexport.readers import input_extensions

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from docexport.model import NewsItem
    from docexport.writers import WriterOptions

__all__ = ["Job", "Settings", "convert_one", "expand_inputs", "plan_jobs", "run_jobs"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Settings:
    fmt: str
    options: WriterOptions
    source_format: str | None = None
    """``--from``: the reader for every input; ``None`` detects each input's format."""
    enrich: bool = True
    validate: bool = False
    force: bool = False
    metadata: ItemMetadata = field(default_factory=ItemMetadata)
    """Provenance and rights for what the inputs leave unknown (options, docexport.toml)."""


@dataclass(frozen=True, slots=True)
class Job:
    source: str
    """An input path, or ``-`` for stdin."""
    target: Path | None
    """Where the output goes; ``None`` means standard output."""
    relative: PurePath
    """The input's path relative to the argument it was found under."""


def expand_inputs(arguments: Iterable[str]) -> tuple[list[tuple[str, PurePath]], list[InputError]]:
    """Files as given, directories walked (sorted) for known extensions, ``-`` as stdin."""
    found: list[tuple[str, PurePath]] = []
    problems: list[InputError] = []
    for argument in arguments:
        if argument == STDIN_NAME:
            found.append((argument, PurePath("stdin")))
            continue
        if not os.path.isdir(argument):
            found.append((argument, PurePath(PurePath(argument).name)))
            continue
        root = Path(argument)
        extensions = input_extensions()
        matches = sorted(
            p for p in root.rglob("*") if p.suffix.lower() in extensions and p.is_file()
        )
        if not matches:
            known = ", ".join(sorted(extensions))
            problems.append(InputError(f"directory has no article files ({known})", path=argument))
        found.extend((str(p), p.relative_to(root)) for p in matches)
    return found, problems


def plan_jobs(
    inputs: list[tuple[str, PurePath]], out: Path | None, extension: str, *, to_directory: bool
) -> list[Job]:
    """Pair each input with its output path (``None``: stdout, for a single input)."""
    if out is None:
        return [Job(source, None, relative) for source, relative in inputs]
    if not to_directory:
        return [Job(source, out, relative) for source, relative in inputs]
    return [
        Job(source, out / relative.with_suffix(extension), relative) for source, relative in inputs
    ]


def run_jobs(
    jobs: Iterable[Job], settings: Settings
) -> Iterator[tuple[Job, bytes | None, DocExportError | None]]:
    """Convert each job, yielding ``(job, stdout bytes or None, error or None)``."""
    claimed: dict[Path, str] = {}
    for job in jobs:
        if job.target is not None and job.target in claimed:
            reason = f"output {job.target} would overwrite the output of {claimed[job.target]}"
            yield job, None, OutputError(reason, path=job.source)
            continue
        if job.target is not None:
            claimed[job.target] = job.source
        result = _convert_guarded(job, settings)
        if isinstance(result, DocExportError):
            yield job, None, result
            if result.fatal:
                return
        else:
            yield job, result, None


def _convert_guarded(job: Job, settings: Settings) -> bytes | DocExportError | None:
    """``convert_one``'s result, or the error that input ends with."""
    try:
        return convert_one(job, settings)
    except DocExportError as exc:
        exc.path = exc.path or job.source
        return exc
    except RecursionError as exc:
        return InputError("structure nested too deeply to convert", path=job.source).with_cause(exc)
    except MemoryError as exc:
        return InputError("not enough memory to convert this input", path=job.source).with_cause(
            exc
        )
    except Exception as exc:  # noqa: BLE001 - the batch boundary: a bug must not stop the rest
        reason = f"internal error ({type(exc).__name__}: {exc}); please report it"
        return InternalError(reason, path=job.source).with_cause(exc)


def convert_one(job: Job, settings: Settings) -> bytes | None:
    """Convert one input; returns the bytes when the target is stdout, else ``None``."""
    item = _prepare(read(job.source, settings.source_format), settings, job.source)
    if job.target is None:
        buffer = io.BytesIO()
        render(item, settings.fmt, buffer, settings.options)
        return buffer.getvalue()
    try:
        write(item, settings.fmt, job.target, settings.options, force=settings.force)
    except OutputError as exc:
        exc.path = exc.path or str(job.target)
        raise
    return None


def _prepare(item: NewsItem, settings: Settings, path: str) -> NewsItem:
    item = apply_metadata(item, settings.metadata)
    # Items from JSON keep their enrichment; NewsML-G2 or ninjs items keep the subjects and
    # people they carry, and only their empty slots are filled.
    if settings.enrich and not item.fully_enriched:
        from docexport.enrich import enrich  # noqa: PLC0415 - gazetteers load only when used

        item = enrich(item)
    if settings.validate:
        from docexport.model import validate_dict  # noqa: PLC0415

        try:
            validate_dict(item.to_dict())
        except DocExportError as exc:
            exc.path = exc.path or path
            raise
    return item
