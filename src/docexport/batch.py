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
from typing import TYPE_CHECKING, TypeVar

from docexport import read, render, write
from docexport.errors import DocExportError, InputError, InternalError, OutputError
from docexport.io import STDIN_NAME
from docexport.metadata import ItemMetadata, apply_metadata
from docexport.readers import input_extensions

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator, Mapping

    from docexport.model import NewsItem
    from docexport.writers import WriterOptions

_T = TypeVar("_T")

__all__ = ["Job", "Settings", "convert_one", "expand_inputs", "plan_jobs", "run_jobs"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Settings:
    options: WriterOptions
    source_format: str | None = None
    """``--from``: the reader for every input; ``None`` detects each input's format."""
    enrich: bool = True
    enricher: str = "rules"
    """Where entities come from: ``rules`` or ``spacy`` (``docexport.enrich.ENRICHERS``)."""
    spacy_model: str | None = None
    """The spaCy pipeline (package name or folder) for ``spacy``; ``None``: the enrichment's
    default, ``en_core_web_sm``."""
    validate: bool = True
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
    fmt: str = "newsml"
    """The output format; an input with several formats has one job per format."""


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
    inputs: list[tuple[str, PurePath]],
    out: Path | None,
    extensions: Mapping[str, str],
    *,
    to_directory: bool,
) -> list[Job]:
    """One job per input and format (format name → output extension), input by input.

    ``out`` ``None`` means stdout (one input, one format); a file, one input in one
    format; else a directory where outputs keep the inputs' sub-folders.
    """
    jobs = []
    for source, relative in inputs:
        for fmt, extension in extensions.items():
            if out is None or not to_directory:
                target = out
            else:
                target = out / relative.with_suffix(extension)
            jobs.append(Job(source, target, relative, fmt))
    return jobs


def run_jobs(
    jobs: Iterable[Job], settings: Settings
) -> Iterator[tuple[Job, bytes | None, DocExportError | None]]:
    """Convert each job, yielding ``(job, stdout bytes or None, error or None)``.

    An input is read and enriched once for all its formats (jobs come input by input);
    an input that cannot be read is reported once, not once per format.
    """
    claimed: dict[Path, str] = {}
    prepared: tuple[str, NewsItem | DocExportError] | None = None
    for job in jobs:
        if job.target is not None and job.target in claimed:
            reason = f"output {job.target} would overwrite the output of {claimed[job.target]}"
            yield job, None, OutputError(reason, path=job.source)
            continue
        if job.target is not None:
            claimed[job.target] = job.source
        if prepared is None or prepared[0] != job.source:
            prepared = (job.source, _guarded(job, lambda j: _read_prepared(j, settings)))
            if isinstance(prepared[1], DocExportError):
                yield job, None, prepared[1]
                if prepared[1].fatal:
                    return
        item = prepared[1]
        if isinstance(item, DocExportError):
            continue  # already reported for this input
        result = _guarded(job, lambda j, i=item: convert_one(j, i, settings))
        if isinstance(result, DocExportError):
            yield job, None, result
            if result.fatal:
                return
        else:
            yield job, result, None


def _read_prepared(job: Job, settings: Settings) -> NewsItem:
    return _prepare(read(job.source, settings.source_format), settings, job.source)


def _guarded(job: Job, step: Callable[[Job], _T]) -> _T | DocExportError:
    """``step(job)``, or the error that input ends with: the one batch boundary."""
    try:
        return step(job)
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


def convert_one(job: Job, item: NewsItem, settings: Settings) -> bytes | None:
    """Write ``item`` for ``job``; returns the bytes when the target is stdout, else ``None``."""
    if job.target is None:
        buffer = io.BytesIO()
        render(item, job.fmt, buffer, settings.options)
        return buffer.getvalue()
    try:
        write(item, job.fmt, job.target, settings.options, force=settings.force)
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

        if settings.spacy_model is None:
            item = enrich(item, enricher=settings.enricher)
        else:
            item = enrich(item, enricher=settings.enricher, spacy_model=settings.spacy_model)
    if settings.validate:
        from docexport.model import validate_dict  # noqa: PLC0415

        try:
            validate_dict(item.to_dict())
        except DocExportError as exc:
            exc.path = exc.path or path
            raise
    return item
