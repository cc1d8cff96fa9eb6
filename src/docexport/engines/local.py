"""The local engine: in this process (``-j 1``) or a pool of worker processes (``-j N``,
``docexport.engines.pool``).

A run in this process imports nothing of ``multiprocessing`` or ``concurrent.futures``
(~10 ms of a one-file conversion's start-up): the pool's module is imported only when a
pool is used.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docexport.engines.task import execute_task

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from docexport.batch import Settings
    from docexport.engines import Result, Task

__all__ = ["LocalEngine"]


class LocalEngine:
    """``jobs`` 1: convert in this process; more: a pool of that many worker processes."""

    name = "local"

    def __init__(self, *, jobs: int) -> None:
        self.jobs = max(1, jobs)

    def run(self, tasks: Iterable[Task], settings: Settings) -> Iterator[Result]:
        if self.jobs == 1:
            return (execute_task(task, settings) for task in tasks)
        from docexport.engines.pool import Pool  # noqa: PLC0415 - only with workers

        return Pool(self.jobs, settings).run(iter(tasks))
