"""Batch engine overhead and scaling (issue #15), on generated articles; run on demand.

    python benchmarks/bench_batch.py [--items 2000] [--rss-items 2000,10000] [--to newsml]

1. Engine overhead: the same conversions (read, enrich, validate, write each article into
   a folder) as a bare library loop and through ``docexport.batch.run_batch`` with the
   in-process engine (manifest, hashing, tasks), both in this process, best of 3.
2. ``-j 1`` vs ``-j 2``: whole ``docexport convert`` processes (start-up and pool
   included), items/s, with and without enrichment.
3. Peak RSS of the main process (VmHWM at exit, via a probe; each worker holds
   what one ``-j 1`` process holds for one item), at 2,000 and 10,000 items (``--no-enrich``, ``-j 2``): flat means the batch is
   streamed, not held.

The articles are generated here (seeded, varied headlines, names, places, figures,
quotes); no data set is needed.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PEOPLE = ["Maria Lopez", "John Smith", "Aiko Tanaka", "Kwame Mensah", "Olga Petrova", "Ravi Nair"]
PLACES = ["Paris", "Leeds", "Lagos", "Osaka", "Denver", "Lyon", "Toronto", "Pune"]
ORGS = ["Acme Corp", "the city council", "the central bank", "Globex", "the Lions"]
EVENTS = ["approved a plan", "cut 300 jobs", "raised rates by 0.25 points", "won the final 3-1",
          "opened a new plant", "delayed the vote"]  # fmt: skip
PROBE = (
    "import sys\nfrom docexport.cli import main\ntry:\n    main()\nfinally:\n"
    "    hwm = [l for l in open('/proc/self/status') if l.startswith('VmHWM')][0]\n"
    "    print('RSS', hwm.split()[1], file=sys.stderr)\n"
)
"""Peak RSS as VmHWM (Linux): ``ru_maxrss`` would carry over this benchmark's own peak,
which Linux keeps across fork and exec."""


def generate(folder: Path, count: int, seed: int = 15) -> Path:
    """``count`` varied plain-text articles of 150-400 words in 10 sub-folders."""
    rng = random.Random(seed)  # noqa: S311 - varied text, not secrets
    for n in range(count):
        who, where, org = rng.choice(PEOPLE), rng.choice(PLACES), rng.choice(ORGS)
        headline = f"{org.capitalize()} {rng.choice(EVENTS)} in {where}"
        paragraphs = []
        for p in range(rng.randint(5, 12)):
            figure = rng.randint(2, 90_000)
            paragraphs.append(
                f"{rng.choice(ORGS).capitalize()} said on Monday that {figure:,} people in "
                f'{rng.choice(PLACES)} were affected. "We will act," said {rng.choice(PEOPLE)}, '
                f"who spoke to reporters in {where} after the meeting with {who} ({n}.{p})."
            )
        sub = folder / f"d{n % 10}"
        sub.mkdir(parents=True, exist_ok=True)
        text = f" date 2024-10-{1 + n % 28:02d} {headline}\n\n" + "\n\n".join(paragraphs) + "\n"
        (sub / f"a{n:05d}.txt").write_text(text, "utf-8")
    return folder


def bare_loop(inputs: Path, out: Path, fmt: str) -> float:
    from docexport import read, write  # noqa: PLC0415
    from docexport.batch import Settings  # noqa: PLC0415
    from docexport.engines.task import _prepare  # noqa: PLC0415
    from docexport.writers import WriterOptions  # noqa: PLC0415

    settings = Settings(options=WriterOptions())
    start = time.perf_counter()
    for path in sorted(inputs.rglob("*.txt")):
        item = _prepare(read(path), settings, str(path))
        target = out / path.relative_to(inputs).with_suffix(".xml")
        target.parent.mkdir(parents=True, exist_ok=True)
        write(item, fmt, target, settings.options)
    return time.perf_counter() - start


def engine_loop(inputs: Path, out: Path, fmt: str) -> float:
    from docexport.batch import Settings, plan_batch, run_batch  # noqa: PLC0415
    from docexport.engines import create_engine  # noqa: PLC0415
    from docexport.manifest import Manifest  # noqa: PLC0415
    from docexport.writers import WriterOptions  # noqa: PLC0415

    settings = Settings(options=WriterOptions())
    start = time.perf_counter()
    plan = plan_batch((str(inputs),), str(out), {fmt: ".xml"})
    manifest = Manifest(out)
    for _ in run_batch(plan, settings, create_engine("local", jobs=1), manifest):
        pass
    manifest.close()
    return time.perf_counter() - start


def cli_run(inputs: Path, out: Path, *args: str) -> tuple[float, int]:
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1729555200"}
    command = [sys.executable, "-c", PROBE, "convert", str(inputs), "-o", str(out), "-q", *args]
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    wall = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(done.stderr)
    rss = next(line for line in done.stderr.splitlines() if line.startswith("RSS"))
    return wall, int(rss.split()[1]) // 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=2000)
    parser.add_argument("--rss-items", default="2000,10000")
    parser.add_argument("--to", default="newsml")
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="bench-batch-"))
    try:
        inputs = generate(root / "in", args.items)
        results: dict[str, object] = {"items": args.items, "cores": len(os.sched_getaffinity(0))}
        bare = min(bare_loop(inputs, _fresh(root / "bare"), args.to) for _ in range(3))
        engine = min(engine_loop(inputs, _fresh(root / "engine"), args.to) for _ in range(3))
        results["in_process"] = {"bare_items_s": round(args.items / bare, 1),
                                 "engine_items_s": round(args.items / engine, 1),
                                 "overhead_pct": round(100 * (engine / bare - 1), 1)}  # fmt: skip
        for label, extra in (("enriched", ()), ("no_enrich", ("--no-enrich",))):
            row = {}
            for jobs in ("1", "2"):
                wall, _ = cli_run(inputs, _fresh(root / "cli"), "--to", args.to, "-j", jobs, *extra)
                row[f"j{jobs}_items_s"] = round(args.items / wall, 1)
            row["speed_up"] = round(row["j2_items_s"] / row["j1_items_s"], 2)
            results[f"process_{label}"] = row
        rss = {}
        for count in (int(c) for c in args.rss_items.split(",")):
            many = generate(_fresh(root / f"rss{count}"), count)
            for jobs in ("1", "2"):
                wall, main_mb = cli_run(many, _fresh(root / "rss-out"), "--to", args.to,
                                         "--no-enrich", "-j", jobs)  # fmt: skip
                rss[f"{count}_j{jobs}"] = {"main_mb": main_mb, "items_s": round(count / wall, 1)}
        results["peak_rss"] = rss
        print(json.dumps(results, indent=2))
    finally:
        shutil.rmtree(root, ignore_errors=True)


def _fresh(folder: Path) -> Path:
    shutil.rmtree(folder, ignore_errors=True)
    return folder


if __name__ == "__main__":
    main()
