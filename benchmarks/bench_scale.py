"""Cost model: time and peak memory per format for 1 KB … 10 MB articles (run on demand).

    python benchmarks/bench_scale.py [--sizes 1e3,1e5,1e6,1e7] [--formats newsml,json,docx,pdf]

Each conversion runs as a fresh ``docexport convert`` process (enrichment on, as by
default), so the figures include start-up and are what a user waits for; peak RSS is the
child's own ``ru_maxrss`` (``os.wait4``). A cost that grows faster than the input shows as a time ratio per
10x step well above 10. The floor row is reading the same file with ``--to json
--no-enrich`` (decoding, normalising, the model), in the same run.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _timing import SEED, table

LIMIT_SECONDS = 10.0
"""The target: any accepted article converts in every format in under this."""


def make_article(size: int) -> bytes:
    """A plausible article of about ``size`` bytes: the seed's paragraphs, renamed per copy
    so that names, quotes and figures keep coming (a repeated text would hide costs)."""
    lines = SEED.read_text("utf-8").split("\n\n")
    head, body = lines[0], lines[1:]
    out, n = [head], 0
    total = len(head)
    while total < size:
        paragraph = body[n % len(body)].replace("Ryder", f"Ryder{n // len(body)}")
        paragraph = paragraph.replace("40,000", f"{40_000 + n:,}")
        out.append(paragraph)
        total += len(paragraph) + 2
        n += 1
    return "\n\n".join(out).encode()[: max(size, len(head) + 50)] + b"\n"


def convert(source: Path, fmt: str, *, enrich: bool = True) -> tuple[float, float, int]:
    """Seconds, peak RSS in MiB and exit code of one fresh conversion process."""
    out = source.with_suffix(f".{fmt}.out")
    args = [sys.executable, "-m", "docexport", "convert", str(source), "--to", fmt, "-o", str(out)]
    args += [] if enrich else ["--no-enrich"]
    start = time.perf_counter()
    child = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=_env())
    # wait4 gives this child's own peak RSS (RUSAGE_CHILDREN would be the largest so far).
    _, status, usage = os.wait4(child.pid, 0)
    elapsed = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    out.unlink(missing_ok=True)
    return elapsed, usage.ru_maxrss / 1024, child.returncode


def _env() -> dict[str, str]:
    return {**os.environ, "SOURCE_DATE_EPOCH": "1729555200"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1e3,1e5,1e6,1e7")
    parser.add_argument("--formats", default="newsml,json,docx,pdf")
    args = parser.parse_args()
    sizes = [int(float(s)) for s in args.sizes.split(",")]
    formats = args.formats.split(",")
    rows = [("input", "format", "seconds", "peak RSS MiB", "exit", "verdict")]
    with tempfile.TemporaryDirectory() as tmp:
        for size in sizes:
            source = Path(tmp) / f"article-{size}.txt"
            source.write_bytes(make_article(size))
            label = f"{len(source.read_bytes()):,} B"
            floor = convert(source, "json", enrich=False)
            rows.append((label, "floor: json --no-enrich", f"{floor[0]:.2f}", f"{floor[1]:.0f}",
                         str(floor[2]), ""))  # fmt: skip
            for fmt in formats:
                seconds, rss, code = convert(source, fmt)
                verdict = "ok" if code == 0 and seconds < LIMIT_SECONDS else "OVER"
                rows.append((label, fmt, f"{seconds:.2f}", f"{rss:.0f}", str(code), verdict))
                print(rows[-1], file=sys.stderr)
    print(table(rows))


if __name__ == "__main__":
    main()
