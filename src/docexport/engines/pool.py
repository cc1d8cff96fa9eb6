"""The local engine's pool of worker processes (``-j N``).

Workers are started with ``forkserver`` where the platform has it (else ``spawn``): never
a plain ``fork`` of a process that may hold threads and locks (tqdm's monitor thread, a
logging handler). Measured on a 2-core machine (shared, so ranges), a pool of 2 workers
warmed up for NewsML with enrichment starts in 0.35-0.53 s with forkserver and 0.40-0.78 s
with spawn; with the preloaded modules a later pool of the same run starts in 0.13 s. Each worker loads readers,
enrichment tables and writers once (``warm_up``), ignores Ctrl-C (the main process
stops the pool: a worker never dies half-way through a write), and converts tasks in
small chunks (fewer round trips) while a bounded number of chunks is in flight.

A worker that dies (killed, out of memory, a crash in a C library) breaks the pool:
the tasks it held are tried again one at a time in a new pool, so that only the task
that kills its worker again fails, with that reason, and the batch goes on.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import threading
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TYPE_CHECKING

from docexport.engines import Result, Task
from docexport.engines.task import died, execute_task, next_chunk, warm_up

if TYPE_CHECKING:
    from collections.abc import Iterator
    from multiprocessing.connection import Connection

    from docexport.batch import Settings

__all__ = ["Pool"]

CHUNK = 16
"""Tasks per round trip to a worker. A task costs 0.5-15 ms; a round trip costs the main
process ~0.4 ms of CPU (submit, pickling, a future), which on 2 cores it takes from the
workers: measured on 2,000 NewsML items, chunks of 4 cost the main process 0.39 s of CPU,
chunks of 16 0.26 s. A worker's last chunk is at most 16 items (~0.2 s of PDFs) long.
The first chunks are smaller (``Pool.run``)."""
CHUNKS_IN_FLIGHT_PER_WORKER = 4
"""Enough queued work that no worker waits, few enough that memory stays flat."""
DIED = "the worker process converting it died (killed, out of memory or crashed), twice"


PRELOAD = ("docexport.engines.task", "docexport.readers", "docexport.writers")


def _context() -> multiprocessing.context.BaseContext:
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    # Imported once in the fork server, so every worker (and a pool restarted after a
    # worker died: 0.13 s instead of 0.35 s) starts with them.
    context.set_forkserver_preload(list(PRELOAD))
    return context


def _start_worker(settings: Settings, formats: tuple[str, ...], lifeline: Connection) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_exit_with_main, args=(lifeline,), daemon=True).start()
    warm_up(settings, formats)


def _exit_with_main(lifeline: Connection) -> None:
    """End this worker once the main process is gone (``kill -9``). A worker's task
    queue holds both ends of its pipe, so it would wait for work forever; the lifeline's
    sending end lives only in the main process, closed by the kernel when it dies (a pid
    check would not do: a killed process stays a zombie until its parent reaps it)."""
    with contextlib.suppress(EOFError, OSError):
        lifeline.recv()
    _ORPHANED.set()  # a chunk in hand stops before its next task
    _BUSY.acquire()  # the task in hand is finished first: no temporary file is left behind
    os._exit(1)


_BUSY = threading.Lock()
"""Held by a worker while it converts a task."""
_ORPHANED = threading.Event()
"""Set when the main process is gone. Checked between the tasks of a chunk: the loop
takes ``_BUSY`` again at once, and a lock is not fair, so the lifeline thread could wait
for the whole chunk."""


def _execute_chunk(chunk: list[Task], settings: Settings) -> list[Result]:
    results = []
    for task in chunk:
        if _ORPHANED.is_set():
            os._exit(1)
        with _BUSY:
            results.append(execute_task(task, settings))
    return results


class Pool:
    def __init__(self, jobs: int, settings: Settings) -> None:
        self.jobs = jobs
        self.settings = settings
        self.formats: tuple[str, ...] = ()
        self.executor: ProcessPoolExecutor | None = None
        self.lifeline: tuple[Connection, Connection] | None = None

    def _executor(self) -> ProcessPoolExecutor:
        if self.lifeline is None:
            self.lifeline = multiprocessing.Pipe(duplex=False)
        if self.executor is None:
            self.executor = ProcessPoolExecutor(
                self.jobs,
                mp_context=_context(),
                initializer=_start_worker,
                initargs=(self.settings, self.formats, self.lifeline[0]),
            )
        return self.executor

    def _discard(self) -> None:
        if self.executor is not None:
            self.executor.shutdown(wait=True, cancel_futures=True)
            self.executor = None

    def run(self, tasks: Iterator[Task]) -> Iterator[Result]:
        in_flight: deque[tuple[list[Task], Future[list[Result]]]] = deque()
        limit = self.jobs * CHUNKS_IN_FLIGHT_PER_WORKER
        size = 1  # chunks grow 1, 2, 4 … CHUNK: first results come at once, and a small
        # batch is still spread over every worker
        finished = False
        try:
            while True:
                while len(in_flight) < limit and (chunk := next_chunk(tasks, size)):
                    size = min(CHUNK, size * 2)
                    if not self.formats:
                        self.formats = tuple(t.fmt for t in chunk[0].targets)
                    future = self._executor().submit(_execute_chunk, chunk, self.settings)
                    in_flight.append((chunk, future))
                if not in_flight:
                    finished = True
                    return
                chunk, future = in_flight.popleft()
                try:
                    results = future.result()
                except BrokenProcessPool:
                    lost = [*chunk, *(t for c, _ in in_flight for t in c)]
                    in_flight.clear()
                    self._discard()
                    yield from self._one_by_one(lost)
                    continue
                yield from results
        finally:
            if not finished and self.lifeline is not None:
                # Stopped early (Ctrl-C, a full disk): workers stop before their next task
                # (``_exit_with_main``), not after the chunks they hold and the queued ones.
                self.lifeline[1].close()
            self._discard()
            if self.lifeline is not None:
                for end in self.lifeline:
                    end.close()

    def _one_by_one(self, tasks: list[Task]) -> Iterator[Result]:
        """Tasks a dead worker took with it, each alone: only a task that kills its
        worker again fails."""
        for task in tasks:
            future = self._executor().submit(_execute_chunk, [task], self.settings)
            try:
                [result] = future.result()
            except BrokenProcessPool:
                self._discard()
                result = Result(task.index, task.source, None, failures=(died(task, DIED),))
            yield result
