"""The Dask engine: the same batch on a Dask cluster (``--engine dask``).

``--scheduler tcp://HOST:PORT`` connects to a running cluster (``dask-ssh``, Kubernetes,
``dask scheduler`` + ``dask worker``); without it a ``LocalCluster`` of ``-j`` worker
processes (one thread each: conversion is CPU-bound Python) is started for the batch
and closed after it. Planning, the manifest, the report and the console stay in this
process; workers get small ``Task`` records and return ``Result`` records, converting
each with ``execute_task`` as the local engine does. Workers therefore need docexport
(and ``docexport[dask]``) installed, and must reach every input and output: a shared
file system or object-store URLs (``docexport.storage``).

Tasks go in small chunks (a round trip to the scheduler costs ~1-2 ms against 1-15 ms a
task), a bounded number in flight, and results come back in task order (a queue of
futures, oldest first), so output order and bytes are those of ``-j 1``. Each worker
loads readers, enrichment tables and writers once, when it joins (``_WarmUp``, a worker
plugin: workers that join later or are restarted get it too).

A worker that dies (killed, out of memory) is restarted by its nanny, and the scheduler
gives its tasks to other workers; a chunk that keeps killing workers fails with
``KilledWorker`` after ``distributed.scheduler.allowed-failures`` tries. Its tasks are then
tried one at a time, so only the input that kills its worker fails, with that reason.
"""

from __future__ import annotations

import contextlib
import uuid
from collections import deque
from typing import TYPE_CHECKING, Any

import dask
from distributed import Client, LocalCluster, WorkerPlugin
from distributed.scheduler import KilledWorker

from docexport.engines import Result, Task
from docexport.engines.task import died, execute_task, next_chunk, sync_outputs, warm_up

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from distributed import Future

    from docexport.batch import Settings

__all__ = ["DaskEngine"]

CHUNK = 32
"""Tasks per Dask task: a round trip through the scheduler costs ~1-2 ms (2,000 items
to NewsML on 2 workers: 8 a chunk 6.8-8.1 s, 32 a chunk 5.6-6.9 s, the pool 5.3-5.5 s)."""
CHUNKS_IN_FLIGHT_PER_WORKER = 4
"""Enough queued work that no worker waits, few enough that memory stays flat."""
DIED = "the Dask worker converting it died (killed, out of memory or crashed) on every try"


class DaskEngine:
    """Tasks on a Dask cluster: the one at ``scheduler``, or a ``LocalCluster`` of ``jobs``."""

    name = "dask"

    def __init__(self, *, jobs: int, scheduler: str | None = None) -> None:
        self.jobs = max(1, jobs)
        self.scheduler = scheduler

    def run(self, tasks: Iterable[Task], settings: Settings) -> Iterator[Result]:
        return self._run(iter(tasks), settings)

    def _connect(self) -> tuple[Client, LocalCluster | None]:
        if self.scheduler is not None:
            return Client(self.scheduler, set_as_default=False), None  # type: ignore[no-untyped-call]
        # One retry for a chunk whose worker died (the default, 3, restarts up to four
        # workers for an input that kills each one).
        with dask.config.set({"distributed.scheduler.allowed-failures": 1}):
            cluster = LocalCluster(  # type: ignore[no-untyped-call]
                n_workers=self.jobs,
                threads_per_worker=1,
                processes=True,
                dashboard_address=":0",  # any free port: never clashes with a cluster's 8787
                silence_logs=50,  # logging.CRITICAL: the console is the batch's
            )
        return Client(cluster, set_as_default=False), cluster  # type: ignore[no-untyped-call]

    def _run(self, tasks: Iterator[Task], settings: Settings) -> Iterator[Result]:
        first = next_chunk(tasks, CHUNK)
        if not first:
            return
        client, cluster = self._connect()
        try:
            formats = tuple(t.fmt for t in first[0].targets)
            client.register_plugin(_WarmUp(settings, formats), name="docexport-warm-up")
            threads = client.nthreads()  # type: ignore[no-untyped-call]
            slots = sum(threads.values()) or self.jobs  # threads on all workers
            if self.scheduler is not None:
                self.jobs = slots  # the report's figure: what the cluster has
            yield from _Submitter(client, settings, slots).run(first, tasks)
        finally:
            with contextlib.suppress(Exception):  # the batch is over; closing must not hide it
                client.close()  # type: ignore[no-untyped-call]
            if cluster is not None:
                with contextlib.suppress(Exception):
                    cluster.close()


class _Submitter:
    def __init__(self, client: Client, settings: Settings, workers: int) -> None:
        self.client = client
        # Sent with every chunk (a few hundred bytes), not scattered once: scattered data
        # is lost with the workers holding it, and every later task with it.
        self.settings = settings
        self.limit = max(1, workers) * CHUNKS_IN_FLIGHT_PER_WORKER
        self.run_id = uuid.uuid4().hex[:12]

    def _submit(self, chunk: list[Task]) -> Future[list[Result]]:
        key = f"docexport-{self.run_id}-{chunk[0].index}-{len(chunk)}"
        return self.client.submit(_execute_chunk, chunk, self.settings, key=key, pure=False)

    def run(self, first: list[Task], tasks: Iterator[Task]) -> Iterator[Result]:
        in_flight: deque[tuple[list[Task], Future[list[Result]]]] = deque()
        chunk = first
        try:
            while True:
                while chunk and len(in_flight) < self.limit:
                    in_flight.append((chunk, self._submit(chunk)))
                    chunk = next_chunk(tasks, CHUNK)
                if not in_flight:
                    return
                done, future = in_flight.popleft()
                try:
                    results: list[Result] = future.result()
                except KilledWorker:
                    results = [self._alone(task) for task in done]
                yield from results
        finally:
            for _, future in in_flight:
                future.cancel()  # type: ignore[no-untyped-call]

    def _alone(self, task: Task) -> Result:
        """A task of a chunk that killed workers, tried on its own."""
        try:
            [result] = self._submit([task]).result()
        except KilledWorker:
            return Result(task.index, task.source, None, failures=(died(task, DIED),))
        return result


class _WarmUp(WorkerPlugin):
    """Loads readers, enrichment tables and writers once per worker (``warm_up``)."""

    def __init__(self, settings: Settings, formats: tuple[str, ...]) -> None:
        self.settings = settings
        self.formats = formats

    def setup(self, worker: Any) -> None:
        warm_up(self.settings, self.formats)


def _execute_chunk(chunk: list[Task], settings: Settings) -> list[Result]:
    results = [execute_task(task, settings) for task in chunk]
    if any(task.in_directory for task in chunk):
        sync_outputs()  # this worker's outputs are on disk before the manifest records them
    return results
