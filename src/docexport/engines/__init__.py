"""Where a batch runs: the ``Engine`` seam between planning a batch and converting it.

A batch is planned once (``docexport.batch``: inputs, output paths, what the manifest says
is already done) into ``Task`` records, and every engine turns tasks into ``Result``
records *in task order*, converting each with ``execute_task`` (``engines/task.py``).
The manifest, the run report and the progress bar consume results outside the engine,
so an engine that runs elsewhere (a process pool today, Dask later) shares all three and
only has to move small picklable records: an engine adds no behaviour of its own.

To add an engine: a module here with a class following ``Engine``, and a name in
``ENGINES`` (``--engine NAME``).
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from docexport.batch import Settings

__all__ = [
    "ENGINES",
    "Engine",
    "EngineUnavailable",
    "Failure",
    "Output",
    "Recorded",
    "Result",
    "Target",
    "Task",
    "create_engine",
]

ENGINES = {
    "local": "docexport.engines.local:LocalEngine",
    "dask": "docexport.engines.dask:DaskEngine",
}
"""``--engine`` name → class by dotted path, imported only when chosen."""
EXTRAS = {"dask": "dask"}
"""Engines whose dependencies are an extra: ``pip install 'docexport[EXTRA]'``."""


class EngineUnavailable(ImportError):
    """The chosen engine's optional dependencies are not installed."""


@dataclass(frozen=True, slots=True)
class Recorded:
    """What the manifest says an earlier run wrote at a target."""

    input_sha256: str
    options: str
    sha256: str


@dataclass(frozen=True, slots=True)
class Target:
    """One output of a task: its format, where it goes (``None``: standard output)."""

    fmt: str
    path: str | None
    options: str = ""
    """The fingerprint of everything besides the input that decides these bytes."""
    previous: Recorded | None = None
    """The manifest's record for ``path``, if an earlier run wrote it."""


@dataclass(frozen=True, slots=True)
class Task:
    """One input and all its outputs: read and enriched once, written once per format."""

    index: int
    source: str
    """The input path as found, or ``-`` for standard input (then ``data`` holds it)."""
    targets: tuple[Target, ...]
    data: bytes | None = None
    refused: str | None = None
    """Why the input is refused without being read (two inputs, one output)."""
    in_directory: bool = False
    """Outputs go to a directory with a manifest: identical or our own stale outputs are
    not conflicts (see ``engines/task.py``)."""


@dataclass(frozen=True, slots=True)
class Failure:
    """Why an input, or one of its outputs, failed: the line a user sees."""

    line: str
    fatal: bool = False
    """Carrying on is pointless (the disk is full): the batch stops."""
    internal: bool = False
    """A bug in docexport, not a problem with the input."""
    traceback: str | None = None
    fmt: str | None = None
    """The format that failed; ``None``: the input itself (read, enrich)."""


@dataclass(frozen=True, slots=True)
class Output:
    """One output of a task. ``status``: ``written``; ``replaced`` (our own stale output);
    ``identical`` (the same bytes were there already); ``current`` (up to date: skipped)."""

    fmt: str
    path: str | None
    sha256: str
    status: str
    stdout: bytes | None = None


@dataclass(frozen=True, slots=True)
class Result:
    """What became of a task: outputs, failures, and where the time went."""

    index: int
    source: str
    input_sha256: str | None
    outputs: tuple[Output, ...] = ()
    failures: tuple[Failure, ...] = ()
    seconds: tuple[float, float, float] = (0.0, 0.0, 0.0)
    """Time spent reading, enriching (with the schema check) and writing."""

    @property
    def skipped(self) -> bool:
        """Every output was already current: nothing was converted."""
        return bool(self.outputs) and all(o.status == "current" for o in self.outputs)


class Engine(Protocol):
    """Runs tasks and yields one result per task, in the order the tasks came.

    An engine must convert each task with ``execute_task`` (no behaviour of its own),
    hold only a bounded number of tasks at a time (a batch can be millions), report a
    task whose worker died as a failed result and carry on, and stop cleanly when the
    consumer stops iterating (``close()``), e.g. after a fatal failure or Ctrl-C.
    """

    name: str
    jobs: int
    """How many tasks it converts at once (workers), for the report."""

    def run(self, tasks: Iterable[Task], settings: Settings) -> Iterator[Result]: ...


def create_engine(name: str, *, jobs: int, **options: str) -> Engine:
    """The engine called ``name`` with ``jobs`` workers and its own ``options`` (dask:
    ``scheduler``); raises ``KeyError`` if unknown, ``EngineUnavailable`` naming the extra
    to install if its dependencies are missing."""
    module, _, attribute = ENGINES[name].partition(":")
    try:
        found = importlib.import_module(module)
    except ModuleNotFoundError as exc:
        if name not in EXTRAS or (exc.name or "").startswith("docexport"):
            raise
        extra = EXTRAS[name]
        reason = f"--engine {name} needs {exc.name}: pip install 'docexport[{extra}]'"
        raise EngineUnavailable(reason) from exc
    engine: Engine = getattr(found, attribute)(jobs=jobs, **options)
    return engine
