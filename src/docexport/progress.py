"""What a batch shows while it runs: a progress bar on a terminal, one line per input else.

On a terminal (stderr a TTY, no ``--quiet``) a tqdm bar shows items/s, the ETA and the
failures so far; failures are printed above it and successful outputs are not listed
(the bar says how far it got). Anywhere else (a log, a pipe, CI) there is no bar: one
``input -> output`` line per output and one ``path: reason`` line per failure, as always.
tqdm is imported only when a bar is shown.
"""

from __future__ import annotations

import contextlib
import sys
from typing import TYPE_CHECKING, Any

from docexport.errors import DocExportError, printable

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from docexport.batch import Plan, Settings
    from docexport.engines import Engine, Result
    from docexport.report import RunReport

__all__ = ["BatchConsole", "run_on_console"]


def run_on_console(
    plan: Plan,
    settings: Settings,
    engine: Engine,
    report_path: Path | None,
    *,
    quiet: bool,
    debug: bool,
    to_stdout: Callable[[bytes], None],
) -> RunReport:
    """Run a planned batch, showing it as it goes, recording it in the manifest (into a
    directory) and the report; Ctrl-C ends it cleanly (``report.interrupted``)."""
    from docexport.batch import run_batch  # noqa: PLC0415
    from docexport.manifest import Manifest  # noqa: PLC0415
    from docexport.report import RunReport  # noqa: PLC0415

    formats = tuple(plan.extensions)
    report = RunReport(engine.name, engine.jobs, formats, plan.count)
    console = BatchConsole(plan.count, quiet=quiet, debug=debug, formats=formats)
    manifest = Manifest(plan.out) if plan.to_directory and plan.out is not None else None
    for problem in plan.problems:
        console.failure(str(problem))
        report.add_problem(problem.path, str(problem))
    unit = "inputs" if len(formats) == 1 else "outputs"
    try:
        with contextlib.closing(run_batch(plan, settings, engine, manifest)) as results:
            for result in results:
                report.add(result)
                console.show(result, to_stdout)
                if fatal := next((f for f in result.failures if f.fatal), None):
                    report.stopped = fatal.line
                    if left := (plan.count - report.tried) * len(formats):
                        console.say(f"stopping: {left} {unit} not tried")
                    break
    except KeyboardInterrupt:
        report.interrupted = True
    except DocExportError as exc:  # the manifest cannot be written
        console.failure(str(exc))
        report.stopped = str(exc)
        report.add_problem(exc.path, str(exc))
    finally:
        console.close()
        if manifest is not None:
            manifest.close()
    _finish(report, console, report_path, unit=unit, quiet=quiet)
    return report


def _finish(
    report: RunReport, console: BatchConsole, path: Path | None, *, unit: str, quiet: bool
) -> None:
    units = len(report.formats)
    if report.inputs * units + report.problems > 1 and not quiet:
        console.say(report.summary(unit, units))
    if report.interrupted:
        console.say("interrupted: run the same command again to finish the batch")
    if path is not None:
        from docexport.report import write_report  # noqa: PLC0415

        try:
            write_report(report, path)
        except DocExportError as exc:
            console.failure(str(exc))
            report.add_problem(str(path), str(exc))


class BatchConsole:
    """Prints a batch's results as they come, in input order."""

    def __init__(self, total: int, *, quiet: bool, debug: bool, formats: tuple[str, ...]) -> None:
        self.quiet = quiet
        self.debug = debug
        self.formats = formats
        self.failures = 0
        self._bar: Any = None
        if not quiet and total > 1 and _is_terminal(sys.stderr):
            from tqdm import tqdm  # type: ignore[import-untyped]  # noqa: PLC0415 - terminal only

            self._bar = tqdm(
                total=total, unit="item", file=sys.stderr, dynamic_ncols=True, leave=True
            )

    def say(self, line: str) -> None:
        """A line on stderr that never tears the bar."""
        if self._bar is not None:
            self._bar.write(line, file=sys.stderr)
        else:
            sys.stderr.write(line + "\n")
            sys.stderr.flush()

    def failure(self, line: str, *, internal: bool = False, traceback: str | None = None) -> None:
        if internal and not self.debug:
            line += " (--debug shows the traceback)"
        self.say(line)
        if self.debug and traceback:
            self.say(traceback.rstrip("\n"))
        self.failures += 1

    def show(self, result: Result, to_stdout: Callable[[bytes], None]) -> None:
        """Lines for one result, format by format, then advance the bar."""
        for failure in (f for f in result.failures if f.fmt is None):
            self.failure(failure.line, internal=failure.internal, traceback=failure.traceback)
        outputs = {o.fmt: o for o in result.outputs}
        failed = {f.fmt: f for f in result.failures if f.fmt is not None}
        for fmt in self.formats:
            if (output := outputs.get(fmt)) is not None:
                if output.stdout is not None:
                    to_stdout(output.stdout)
                elif output.status != "current" and not self.quiet and self._bar is None:
                    note = " (identical file already there)" if output.status == "identical" else ""
                    self.say(printable(f"{result.source} -> {output.path}") + note)
            elif (refused := failed.get(fmt)) is not None:
                self.failure(refused.line, internal=refused.internal, traceback=refused.traceback)
        if self._bar is not None:
            self._bar.set_postfix_str(f"{self.failures} failed", refresh=False)
            self._bar.update(1)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None


def _is_terminal(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False
