"""The run report: what a batch did, for the summary line and ``--report FILE`` (JSON).

Counts per format and outcome, every failure with its input and reason, throughput and
where the time went. It is built from the engine's results outside the engine, so every
engine reports the same way; it holds counts and failures, never the converted items.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from docexport import __version__

if TYPE_CHECKING:
    from pathlib import Path

    from docexport.engines import Result

__all__ = ["REPORT_MARK", "RunReport", "is_report"]

REPORT_MARK = "docexport_report"
"""The key that tells a report file apart from anything else (``--report`` replaces only
a missing file or an earlier report without ``--force``)."""
OUTCOMES = ("written", "replaced", "identical", "current", "failed")


@dataclass(slots=True)
class RunReport:
    engine: str
    jobs: int
    formats: tuple[str, ...]
    inputs: int
    """Inputs found (the first pass), whether or not they were all tried."""
    started_at: str = field(default_factory=lambda: datetime.now(UTC).isoformat(timespec="seconds"))
    started: float = field(default_factory=time.perf_counter)
    converted: int = 0
    current: int = 0
    failed: int = 0
    problems: int = 0
    """Arguments that yielded no input (a folder without articles)."""
    outputs: dict[str, dict[str, int]] = field(default_factory=dict)
    failures: list[dict[str, str | None]] = field(default_factory=list)
    stage_seconds: list[float] = field(default_factory=lambda: [0.0, 0.0, 0.0])
    interrupted: bool = False
    stopped: str | None = None
    """Why the batch stopped early (the disk is full), if it did."""

    def __post_init__(self) -> None:
        self.outputs = {fmt: dict.fromkeys(OUTCOMES, 0) for fmt in self.formats}

    def add_problem(self, source: str | None, line: str) -> None:
        """An argument that yielded no input (an empty directory)."""
        self.failed += 1
        self.problems += 1
        self.failures.append({"input": source, "format": None, "reason": line})

    def add(self, result: Result) -> None:
        for output in result.outputs:
            self.outputs[output.fmt][output.status] += 1
        for failure in result.failures:
            formats = [failure.fmt] if failure.fmt else list(self.formats)
            for fmt in formats:
                self.outputs[fmt]["failed"] += 1
            entry = {"input": result.source, "format": failure.fmt, "reason": failure.line}
            self.failures.append(entry)
        if result.failures:
            self.failed += 1
        elif result.skipped:
            self.current += 1
        else:
            self.converted += 1
        for stage, seconds in enumerate(result.seconds):
            self.stage_seconds[stage] += seconds

    @property
    def tried(self) -> int:
        return self.converted + self.current + self.failed - self.problems

    def wall(self) -> float:
        return time.perf_counter() - self.started

    def to_dict(self) -> dict[str, Any]:
        wall = self.wall()
        return {
            REPORT_MARK: 1,
            "docexport": __version__,
            "started_at": self.started_at,
            "engine": self.engine,
            "jobs": self.jobs,
            "formats": list(self.formats),
            "inputs": {
                "found": self.inputs,
                "converted": self.converted,
                "up_to_date": self.current,
                "failed": self.failed,
                "not_tried": max(0, self.inputs - self.tried),
            },
            "outputs": self.outputs,
            "failures": self.failures,
            "seconds": {
                "wall": round(wall, 3),
                # Summed over workers: with -j N they add up to about N x the wall time.
                "read": round(self.stage_seconds[0], 3),
                "enrich": round(self.stage_seconds[1], 3),
                "write": round(self.stage_seconds[2], 3),
            },
            "inputs_per_second": round(self.tried / wall, 1) if wall > 0 else None,
            "interrupted": self.interrupted,
            "stopped": self.stopped,
        }

    def summary(self, unit: str, units_per_input: int) -> str:
        """``converted 8 of 10 inputs, 1 up to date, 1 failed in 2.1 s (4.8 inputs/s)``."""
        done = sum(self.outputs[f][s] for f in self.formats for s in OUTCOMES[:3])
        total = self.inputs * units_per_input + self.problems
        parts = [f"converted {done} of {total} {unit}"]
        if self.current:
            parts.append(f"{self.current} inputs already up to date")
        wall = self.wall()
        rate = f" ({self.tried / wall:.1f} inputs/s)" if wall > 0 and self.tried else ""
        return ", ".join(parts) + f" in {wall:.1f} s{rate}"


def is_report(path: Path) -> bool:
    """True if ``path`` holds a report we wrote (so ``--report`` may replace it)."""
    try:
        with open(path, "rb") as fh:
            found = json.loads(fh.read(1 << 20))
    except (OSError, ValueError):
        return False
    return isinstance(found, dict) and REPORT_MARK in found


def write_report(report: RunReport, path: Path) -> None:
    """Write the report as JSON, atomically (raises ``OutputError``)."""
    from docexport.io import atomic_write  # noqa: PLC0415

    text = json.dumps(report.to_dict(), indent=2, ensure_ascii=False) + "\n"
    with atomic_write(path, force=True) as out:
        out.write(text.encode("utf-8", "surrogateescape"))
