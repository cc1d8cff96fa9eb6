"""Batch planning: find the inputs, decide every output path, hand tasks to an engine.

A batch is walked twice and never held: a first pass over the input *names* counts them
(for the progress bar and the ``-o`` checks) and finds inputs that would write the same
output (both are refused before anything is written); a second pass streams tasks to the
engine while results stream back, each output recorded in the manifest as it lands.
Converting a task is ``engines/task.py``'s job, in whatever process the engine chooses.
"""

from __future__ import annotations

import functools
import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from typing import TYPE_CHECKING

from docexport.engines import Target, Task
from docexport.errors import DocExportError, InputError, printable
from docexport.io import STDIN_NAME, read_input_bytes
from docexport.metadata import ItemMetadata
from docexport.storage import ObjectPath, location

if TYPE_CHECKING:
    from collections.abc import Generator, Iterable, Iterator, Mapping

    from docexport.engines import Engine, Result
    from docexport.manifest import Manifest
    from docexport.writers import WriterOptions

__all__ = ["Plan", "Settings", "Source", "iter_inputs", "plan_batch", "run_batch"]

OWN_FILE_PREFIX = ".docexport"
MANIFEST_NAME = OWN_FILE_PREFIX + "-manifest.jsonl"
"""As ``docexport.manifest.MANIFEST_NAME`` (a test checks): planning imports no manifest."""
"""Our manifest and temporary files start so; discovery never reads them as input."""


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
class Source:
    path: str
    """An input path, or ``-`` for stdin."""
    relative: PurePath
    """The input's path relative to the argument it was found under: names its outputs."""


def iter_inputs(
    arguments: Iterable[str],
    *,
    exclude: Iterable[Path | ObjectPath] = (),
    problems: list[InputError] | None,
) -> Iterator[Source]:
    """Files as given, directories walked in sorted order for known extensions, ``-`` as
    stdin. ``exclude`` (the output folder, the report) and our own files are skipped in
    directories; a directory with no article file is added to ``problems``."""
    from docexport.readers import input_extensions  # noqa: PLC0415

    # Scanning the readers' entry points costs ~10 ms: only a walk needs the extensions.
    extensions = functools.cache(input_extensions)
    exclude = tuple(exclude)
    skipped = {os.path.realpath(p) for p in exclude if not isinstance(p, ObjectPath)}
    for given in arguments:
        argument = location(given)
        if isinstance(argument, ObjectPath):
            yield from _objects(argument, extensions(), exclude, problems)
        elif argument == STDIN_NAME:
            yield Source(argument, PurePath("stdin"))
        elif not os.path.isdir(argument):
            yield Source(argument, PurePath(PurePath(argument).name))
        else:
            found = 0
            for path, relative in _walk(argument, extensions(), skipped, set()):
                found += 1
                yield Source(path, PurePath(relative))
            if not found and problems is not None:
                known = ", ".join(sorted(extensions()))
                reason = f"directory has no article files ({known})"
                problems.append(InputError(reason, path=argument))


def _objects(
    argument: ObjectPath,
    extensions: frozenset[str],
    exclude: tuple[Path | ObjectPath, ...],
    problems: list[InputError] | None,
) -> Iterator[Source]:
    """An object-store URL: one object, or every article object under a prefix."""
    from docexport.storage import walk  # noqa: PLC0415

    try:
        is_dir = argument.is_dir()
    except DocExportError as exc:  # fsspec or the store's package is not installed
        if problems is not None:
            problems.append(InputError(exc.reason, path=argument.url))
        return
    if not is_dir:
        yield Source(argument.url, PurePath(argument.name))
        return
    skip = frozenset(p.url for p in exclude if isinstance(p, ObjectPath))
    found = 0
    for path in walk(argument, extensions, skip):
        found += 1
        yield Source(path.url, PurePath(path.relative_to(argument)))
    if not found and problems is not None:
        reason = f"prefix has no article objects ({', '.join(sorted(extensions))})"
        problems.append(InputError(reason, path=argument.url))


def _walk(
    directory: str,
    extensions: frozenset[str],
    skipped: set[str],
    seen: set[tuple[int, int]],
    prefix: str = "",
) -> Iterator[tuple[str, str]]:
    """Article files under ``directory``, depth first in name order (as sorted paths), each
    with its path relative to the folder named (``prefix`` + name: no ``relpath`` call).

    Symbolic links to folders are followed once (``seen``: no loops). A folder below the
    one named that holds our manifest is an earlier run's output folder: never read back
    as input (name it on the command line to convert its files)."""
    try:
        info = os.stat(directory)
        if (info.st_dev, info.st_ino) in seen or os.path.realpath(directory) in skipped:
            return
        seen.add((info.st_dev, info.st_ino))
        with os.scandir(directory) as scan:
            entries = sorted(scan, key=lambda e: e.name)
    except OSError:
        return
    if prefix and any(entry.name == MANIFEST_NAME for entry in entries):
        return
    for entry in entries:
        if entry.name.startswith(OWN_FILE_PREFIX):
            continue
        try:
            is_dir = entry.is_dir()
            is_file = not is_dir and entry.is_file()
        except OSError:
            continue
        if is_dir:
            yield from _walk(entry.path, extensions, skipped, seen, f"{prefix}{entry.name}{os.sep}")
        elif (
            is_file
            and os.path.splitext(entry.name)[1].lower() in extensions
            and not _excluded(entry.path, skipped)
        ):
            yield entry.path, prefix + entry.name


def _excluded(path: str, skipped: set[str]) -> bool:
    # realpath costs a system call per folder level: only for names that could match.
    name = os.path.basename(path)
    return any(os.path.basename(s) == name for s in skipped) and os.path.realpath(path) in skipped


class UsageProblem(DocExportError):
    """The command line asks for something impossible (the CLI's exit 2)."""


@dataclass(slots=True)
class Plan:
    """Where a batch's inputs come from and where each output goes."""

    arguments: tuple[str, ...]
    extensions: dict[str, str]
    """Format → output extension, in the order of ``--to``."""
    out: Path | ObjectPath | None
    """The output file or directory (or object-store prefix); ``None``: standard output."""
    to_directory: bool
    exclude: tuple[Path | ObjectPath, ...] = ()
    count: int = 0
    problems: list[InputError] = field(default_factory=list)
    clashes: dict[PurePath, list[str]] = field(default_factory=dict)
    """Output stem → the inputs that would all write it (each refused)."""

    def sources(self) -> Iterator[Source]:
        """The second, streaming pass over the inputs."""
        return iter_inputs(self.arguments, exclude=self.exclude, problems=None)

    def target(self, source: Source, fmt: str) -> Path | ObjectPath | None:
        if self.out is None or not self.to_directory:
            return self.out
        return self.out / source.relative.with_suffix(self.extensions[fmt])


def plan_batch(
    arguments: tuple[str, ...],
    output: str | None,
    extensions: Mapping[str, str],
    *,
    exclude: tuple[Path, ...] = (),
) -> Plan:
    """Count the inputs, decide what ``-o`` means, find inputs clashing on an output.

    ``-o -`` is standard output; ``-o DIR/`` (trailing slash) or an existing directory is
    always a directory; else ``-o`` names a file for one input in one format, and a
    (new) directory otherwise. Raises ``UsageProblem`` for what cannot work.
    """
    out = None if output is None or output == STDIN_NAME else _output(output)
    keep_out = () if out is None else (out,)
    plan = Plan(arguments, dict(extensions), out, False, exclude=(*keep_out, *exclude))
    seen: set[int] = set()
    clashing: set[int] = set()
    for source in iter_inputs(arguments, exclude=plan.exclude, problems=plan.problems):
        plan.count += 1
        digest = _digest(source.relative.with_suffix(""))
        (clashing if digest in seen else seen).add(digest)
    del seen
    several = plan.count > 1 or len(extensions) > 1
    walked = any(a != STDIN_NAME and _is_dir(location(a)) for a in arguments)
    plan.to_directory = out is not None and (
        several or walked or output.endswith(("/", os.sep)) or out.is_dir()  # type: ignore[union-attr]
    )
    _check_output(plan, output, several)
    if clashing and plan.to_directory:
        plan.clashes = _clashes(plan, clashing)
    return plan


def _output(output: str) -> Path | ObjectPath:
    """``-o``'s path; a URL's store is opened now, so that a missing extra or an unknown
    scheme is a usage problem, not a failure of every input."""
    where = location(output)
    if not isinstance(where, ObjectPath):
        return Path(where)
    try:
        where.exists()
    except DocExportError as exc:
        raise UsageProblem(str(exc)) from None
    return where


def _is_dir(where: str | ObjectPath) -> bool:
    try:
        return where.is_dir() if isinstance(where, ObjectPath) else os.path.isdir(where)
    except DocExportError:
        return False


def _check_output(plan: Plan, output: str | None, several: bool) -> None:
    what = f"{plan.count} inputs" if plan.count > 1 else f"{len(plan.extensions)} formats"
    if plan.out is None and several:
        where = "-o - (standard output)" if output == STDIN_NAME else "standard output"
        raise UsageProblem(f"{where} takes one input in one format; {what} need -o DIRECTORY")
    if plan.to_directory and plan.out is not None and plan.out.exists() and not plan.out.is_dir():
        if several:
            reason = f"-o {printable(str(plan.out))} names a file but {what} need a directory"
        else:
            reason = f"-o {printable(output or '')} names a directory but that is a file"
        raise UsageProblem(reason)


def _digest(key: PurePath) -> int:
    raw = str(key).encode("utf-8", "surrogateescape")
    return int.from_bytes(hashlib.blake2b(raw, digest_size=8).digest(), "big")


def _clashes(plan: Plan, clashing: set[int]) -> dict[PurePath, list[str]]:
    """Third pass, only when the first saw a clash: the inputs behind each one."""
    found: dict[PurePath, list[str]] = {}
    for source in plan.sources():
        stem = source.relative.with_suffix("")
        if _digest(stem) in clashing:
            found.setdefault(stem, []).append(source.path)
    return {stem: paths for stem, paths in found.items() if len(paths) > 1}


def build_tasks(
    plan: Plan, fingerprints: Mapping[str, str], manifest: Manifest | None
) -> Iterator[Task]:
    """One task per input, streamed: targets with the manifest's record of each."""
    for index, source in enumerate(plan.sources()):
        targets = []
        for fmt in plan.extensions:
            path = plan.target(source, fmt)
            previous = None if manifest is None or path is None else manifest.lookup(path)
            where = None if path is None else str(path)
            targets.append(Target(fmt, where, fingerprints[fmt], previous))
        data, refused = None, _refusal(plan, source, targets)
        if source.path == STDIN_NAME and refused is None:
            data, refused = _read_stdin()
        yield Task(index, source.path, tuple(targets), data, refused, plan.to_directory)


def _refusal(plan: Plan, source: Source, targets: list[Target]) -> str | None:
    sharing = plan.clashes.get(source.relative.with_suffix(""))
    if sharing is None:
        return None
    others = ", ".join(p for p in sharing if p != source.path) or "itself (given twice)"
    output = targets[0].path if len(targets) == 1 else f"{plan.out}/{source.relative.stem}.*"
    reason = f"output {output} would also be written from {others}; all of them are refused"
    return printable(f"{source.path}: {reason} (rename one, or convert them separately)")


def _read_stdin() -> tuple[bytes | None, str | None]:
    """Standard input is read here, by the main process: no worker has it."""
    try:
        return read_input_bytes(STDIN_NAME), None
    except InputError as exc:
        exc.path = STDIN_NAME
        return None, str(exc)


def run_batch(
    plan: Plan, settings: Settings, engine: Engine, manifest: Manifest | None
) -> Generator[Result, None, None]:
    """Results in input order; each output that lands is recorded in ``manifest``."""
    from docexport.manifest import options_fingerprint  # noqa: PLC0415

    fingerprints = {fmt: options_fingerprint(settings, fmt) for fmt in plan.extensions}
    results = engine.run(build_tasks(plan, fingerprints, manifest), settings)
    try:
        for result in results:
            if manifest is not None and result.input_sha256 is not None:
                _record(manifest, result, fingerprints)
            yield result
    finally:
        # Stopped early (a full disk, Ctrl-C): the engine stops its workers now.
        close = getattr(results, "close", None)
        if close is not None:
            close()


def _record(manifest: Manifest, result: Result, fingerprints: Mapping[str, str]) -> None:
    assert result.input_sha256 is not None
    for output in result.outputs:
        if output.path is not None and output.status != "current":
            options = fingerprints[output.fmt]
            manifest.record(output.path, output.sha256, result.source, result.input_sha256, options)
