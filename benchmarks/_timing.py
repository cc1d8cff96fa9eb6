"""Small timing helpers shared by the benchmark scripts (run on demand, never in CI)."""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "seeds" / "pentagon-iraq-raid.txt"


def rate(fn: Callable[[], object], *, seconds: float = 1.0, rounds: int = 5) -> float:
    """Best calls/second over ``rounds`` rounds of about ``seconds`` each (after a warm-up)."""
    fn()
    n = 1
    while True:  # calibrate: how many calls fill about a tenth of a round
        start = time.perf_counter()
        for _ in range(n):
            fn()
        if (elapsed := time.perf_counter() - start) > seconds / 10:
            break
        n *= 2
    per_round = max(1, int(n * seconds / elapsed))
    best = 0.0
    for _ in range(rounds):
        start = time.perf_counter()
        for _ in range(per_round):
            fn()
        best = max(best, per_round / (time.perf_counter() - start))
    return best


def process_ms(argv: list[str], *, runs: int = 15) -> float:
    """Median wall time in ms of running ``argv`` as a fresh process."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, check=True, capture_output=True)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def python(*args: str) -> list[str]:
    return [sys.executable, *args]


def table(rows: list[tuple[str, ...]]) -> str:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = [
        "| " + " | ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) + " |" for r in rows
    ]
    lines.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(lines)
