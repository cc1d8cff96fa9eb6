"""Convert one task: the work every engine does, in whatever process it runs.

This is the batch's one boundary (as ``run_jobs`` was): anything raised for an input,
our own errors and bugs alike, becomes a ``Failure`` of that input and the engine goes on
with the next task. Only a fatal output error (the disk is full) stops the batch.

Outputs into a directory follow the manifest's rules (README, "Command line"): an output
that is current (same input bytes, same options, file still holding the bytes recorded)
is skipped; one we wrote earlier but that is stale is replaced; one that holds exactly
the bytes we would write is left as it is; anything else there is refused without
``--force``.

Inputs and outputs at object-store URLs (``s3://…``) go through ``docexport.storage``:
read in one GET, written in one PUT (atomic on S3), with the same rules as files.
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import os
import time
import traceback
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, TypeVar

from docexport.engines import Failure, Output, Result, Target, Task
from docexport.errors import DocExportError, InputError, InternalError, OutputError, printable
from docexport.io import STDIN_NAME, atomic_write, read_input_bytes, remove_stale_temp_files
from docexport.storage import is_url

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from docexport.batch import Settings
    from docexport.model import NewsItem

_T = TypeVar("_T")

__all__ = ["died", "execute_task", "file_sha256", "next_chunk", "sync_outputs", "warm_up"]


def execute_task(task: Task, settings: Settings) -> Result:
    """Read, enrich and write one task's input; never raises for a problem of the input."""
    if task.refused is not None:
        return Result(task.index, task.source, None, failures=(Failure(task.refused),))
    started = time.perf_counter()
    data = _guarded(task.source, lambda: _input_bytes(task))
    if isinstance(data, Failure):
        return Result(task.index, task.source, None, failures=(data,))
    input_sha256 = hashlib.sha256(data).hexdigest()
    current = (
        set() if settings.force else {t.path for t in task.targets if _is_current(t, input_sha256)}
    )
    if len(current) == len(task.targets):
        skipped = tuple(_current_output(t) for t in task.targets)
        return Result(task.index, task.source, input_sha256, outputs=skipped)
    item = _guarded(task.source, lambda: _read_item(data, task.source, settings))
    read_done = time.perf_counter()
    if isinstance(item, Failure):
        return Result(task.index, task.source, input_sha256, failures=(item,))
    prepared = _guarded(task.source, lambda: _prepare(item, settings, task.source))
    enriched = time.perf_counter()
    if isinstance(prepared, Failure):
        seconds = (read_done - started, enriched - read_done, 0.0)
        return Result(task.index, task.source, input_sha256, failures=(prepared,), seconds=seconds)
    outputs: list[Output] = []
    failures: list[Failure] = []
    for target in task.targets:
        if target.path in current:
            outputs.append(_current_output(target))
            continue
        written = _guarded(task.source, _writing(prepared, target, task, input_sha256, settings))
        if isinstance(written, Failure):
            failures.append(dataclasses.replace(written, fmt=target.fmt))
            if written.fatal:
                break
        else:
            outputs.append(written)
    seconds = (read_done - started, enriched - read_done, time.perf_counter() - enriched)
    return Result(task.index, task.source, input_sha256, tuple(outputs), tuple(failures), seconds)


def _input_bytes(task: Task) -> bytes:
    if task.data is not None:
        return task.data
    if is_url(task.source):
        from docexport.storage import read_bytes  # noqa: PLC0415

        return read_bytes(task.source)
    return read_input_bytes(task.source)


def _is_current(target: Target, input_sha256: str) -> bool:
    recorded = target.previous
    if target.path is None or recorded is None:
        return False
    if recorded.input_sha256 != input_sha256 or recorded.options != target.options:
        return False
    if is_url(target.path):  # an object store leaves no temporary objects
        return _object_sha256(target.path) == recorded.sha256
    # Nothing is written here this time: clear what a killed run left (once per folder).
    remove_stale_temp_files(Path(target.path).parent)
    return file_sha256(target.path) == recorded.sha256


def _current_output(target: Target) -> Output:
    recorded = target.previous
    assert recorded is not None  # only current targets come here
    return Output(target.fmt, target.path, recorded.sha256, "current")


def file_sha256(path: str) -> str | None:
    """The SHA-256 of a regular file's bytes, or ``None`` if there is none to read."""
    try:
        with open(path, "rb") as fh:
            return hashlib.file_digest(fh, "sha256").hexdigest()
    except OSError:
        return None


def _object_sha256(url: str) -> str | None:
    from docexport.storage import sha256  # noqa: PLC0415

    return sha256(url)


def _read_item(data: bytes, source: str, settings: Settings) -> NewsItem:
    """The bytes already read (and hashed) become the item: the input is read once."""
    from docexport.readers import detect, get_reader, read_data  # noqa: PLC0415

    name = "stdin" if source == STDIN_NAME else PurePath(source).name
    try:
        return read_data(data, name, get_reader(settings.source_format or detect(data, source)))
    except DocExportError as exc:
        exc.path = exc.path or source
        raise


def _prepare(item: NewsItem, settings: Settings, path: str) -> NewsItem:
    from docexport.metadata import apply_metadata  # noqa: PLC0415

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


def _writing(
    item: NewsItem, target: Target, task: Task, input_sha256: str, settings: Settings
) -> Callable[[], Output]:
    return lambda: _write(item, target, task, input_sha256, settings)


def _write(
    item: NewsItem, target: Target, task: Task, input_sha256: str, settings: Settings
) -> Output:
    from docexport import render  # noqa: PLC0415

    buffer = io.BytesIO()
    render(item, target.fmt, buffer, settings.options)
    data = buffer.getvalue()
    sha256 = hashlib.sha256(data).hexdigest()
    if target.path is None:
        return Output(target.fmt, None, sha256, "written", stdout=data)
    if is_url(target.path):
        status = _put(data, target.path, target, task.in_directory, settings.force)
    else:
        status = _publish(data, Path(target.path), target, task.in_directory, settings.force)
    return Output(target.fmt, target.path, sha256, status)


def _publish(data: bytes, path: Path, target: Target, in_directory: bool, force: bool) -> str:
    """Give ``data`` its name; returns the output's status (see ``Output``)."""
    ours = (
        in_directory
        and target.previous is not None
        and file_sha256(str(path)) == target.previous.sha256
    )
    try:
        # Into a directory, the batch syncs once at its end (``sync_outputs``), not per file.
        with atomic_write(path, force=force or ours, durable=not in_directory) as out:
            out.write(data)
    except OutputError as exc:
        exc.path = exc.path or str(path)
        # Another run (or a run killed before it recorded this output) left the very
        # bytes we would write: nothing to refuse, nothing to replace.
        if not exc.fatal and in_directory and _holds(path, data):
            return "identical"
        raise
    return "replaced" if ours else "written"


def _put(data: bytes, url: str, target: Target, in_directory: bool, force: bool) -> str:
    """``_publish`` for an object store: one PUT, the same statuses and refusals."""
    from docexport.storage import put_bytes  # noqa: PLC0415

    there = _object_sha256(url) if in_directory else None
    ours = target.previous is not None and there == target.previous.sha256
    try:
        put_bytes(url, data, replace=force or ours)
    except OutputError as exc:
        if not exc.fatal and there is not None and there == hashlib.sha256(data).hexdigest():
            return "identical"
        raise
    return "replaced" if ours else "written"


def _holds(path: Path, data: bytes) -> bool:
    try:
        if not path.is_file() or path.stat().st_size != len(data):
            return False
        return path.read_bytes() == data
    except OSError:
        return False


def sync_outputs() -> None:
    """Flush every output written without ``fsync`` (a batch into a directory) to disk: once
    per batch in the main process, and once per chunk in a Dask worker, whose files the
    main process's kernel never sees."""
    if hasattr(os, "sync"):
        os.sync()


def _guarded(source: str, step: Callable[[], _T]) -> _T | Failure:
    """``step()``, or the failure that input ends with: the one batch boundary."""
    try:
        return step()
    except DocExportError as exc:
        exc.path = exc.path or source
        return _failure(exc)
    except RecursionError as exc:
        error = InputError("structure nested too deeply to convert", path=source)
        return _failure(error.with_cause(exc))
    except MemoryError as exc:
        error = InputError("not enough memory to convert this input", path=source)
        return _failure(error.with_cause(exc))
    except Exception as exc:  # noqa: BLE001 - the batch boundary: a bug must not stop the rest
        reason = f"internal error ({type(exc).__name__}: {exc}); please report it"
        return _failure(InternalError(reason, path=source).with_cause(exc))


def _failure(error: DocExportError) -> Failure:
    cause = error.__cause__
    # The traceback travels as text: exceptions do not always survive pickling.
    text = "".join(traceback.format_exception(cause)) if cause is not None else None
    internal = isinstance(error, InternalError)
    return Failure(str(error), fatal=error.fatal, internal=internal, traceback=text)


def warm_up(settings: Settings, formats: tuple[str, ...]) -> None:
    """Load readers, enrichment tables and writers now, once per worker process, so the
    first items of each worker do not pay for them (and timings stay comparable)."""
    from docexport.readers import read_data  # noqa: PLC0415
    from docexport.writers import get_writer  # noqa: PLC0415

    for fmt in formats:
        get_writer(fmt)
    if settings.enrich and settings.enricher == "rules":
        from docexport.enrich import enrich  # noqa: PLC0415
        from docexport.readers import get_reader  # noqa: PLC0415

        sample = b"Warm-up\n\nJohn Smith said in Paris on Monday that 3 people left.\n"
        enrich(read_data(sample, "warm-up.txt", get_reader("text")))


def died(task: Task, reason: str) -> Failure:
    """The failure of a task whose worker died under it (every engine words it alike)."""
    return Failure(printable(f"{task.source}: {reason}"))


def next_chunk(tasks: Iterator[Task], size: int) -> list[Task]:
    """Up to ``size`` next tasks, as one unit of work for a worker (empty: none left)."""
    chunk = []
    for task in tasks:
        chunk.append(task)
        if len(chunk) == size:
            break
    return chunk
