"""Enrichment's one-time cost in a fresh process, and its cost per item in a batch (#15).

    python benchmarks/bench_enrich_startup.py [--runs N] [--corpus DIR] [--src DIR ...]

Everything is CPU time (``time.process_time`` inside each fresh process), the best of
``--runs`` processes, so that other work on a shared machine hardly moves it; byte code is
cached (under the temporary folder, never in the tree) as an installed package has it. Rows:

* ``import``: ``import docexport.enrich`` after the seed was read (the reader's imports
  are not counted; ``importlib.resources`` is imported first, as ``docexport.resources``
  has in the CLI by then; its first ``files()`` call, ~2 ms that a writer would otherwise
  pay later in the same process, falls in ``first enrich``);
* ``first enrich``: the first ``enrich(seed)``: every table it touches loaded, every
  memo empty; ``warm enrich``: the best of 30 calls after it; ``one-time``: import plus
  first minus warm, what one process pays once on top of the per-item cost;
* ``first guess <lang>``: the first ``guess_language`` of a French, Russian and Hindi
  sentence (English prose is decided without any table).

``--corpus DIR`` (made by ``benchmarks/make_corpus.py DIR --count 2000``) adds the per-item
cost of ``enrich`` over the corpus read once beforehand: the first pass (every item once,
as a batch does) and the best warm pass of five. ``--src`` runs the same rows for other
source trees (say a checkout of an earlier commit's ``src``) in the same run, column by
column: compare like with like on the same machine at the same moment.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from _timing import REPO, SEED, table

_STARTUP = """
import importlib.resources, sys, time
from docexport.readers import read_path
item = read_path(sys.argv[1])
T = time.process_time
t0 = T()
from docexport.enrich import enrich
t1 = T()
enrich(item)
t2 = T()
warm = 1e9
for _ in range(30):
    s = T()
    enrich(item)
    warm = min(warm, T() - s)
print((t1 - t0) * 1000, (t2 - t1) * 1000, warm * 1000)
"""

_GUESS = """
import sys, time
from docexport.language import guess_language
t = time.process_time()
guess_language(sys.argv[1])
print((time.process_time() - t) * 1000)
"""

_CORPUS = """
import sys, time
from pathlib import Path
from docexport.enrich import enrich
from docexport.readers import read_path
items = [read_path(str(p)) for p in sorted(Path(sys.argv[1]).rglob("*")) if p.is_file()]
T = time.process_time
t = T()
for item in items:
    enrich(item)
first = T() - t
warm = 1e9
for _ in range(5):
    t = T()
    for item in items:
        enrich(item)
    warm = min(warm, T() - t)
print(first * 1000 / len(items), warm * 1000 / len(items), len(items))
"""

SAMPLES = {
    "fr": "Le gouvernement a annoncé mardi une réforme des retraites présentée au parlement.",
    "ru": "Правительство во вторник объявило о пенсионной реформе, которую представят парламенту.",
    "hi": "सरकार ने मंगलवार को पेंशन सुधार की घोषणा की, जिसे संसद में पेश किया जाएगा।",
}


# Byte code as an installed wheel has it, written outside the work tree: without it
# every fresh process would compile the sources again (~20 ms more import).
_PYCACHE = Path(tempfile.gettempdir()) / "docexport-bench-pycache"


def _run(src: Path, code: str, *args: str) -> list[float]:
    env = dict(os.environ, PYTHONPATH=str(src), PYTHONPYCACHEPREFIX=str(_PYCACHE))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    out = subprocess.run(
        [sys.executable, "-c", code, *args], env=env, capture_output=True, text=True, check=True
    )
    return [float(x) for x in out.stdout.split()]


def _best(src: Path, runs: int, code: str, *args: str) -> list[float]:
    results = [_run(src, code, *args) for _ in range(runs)]
    return [min(column) for column in zip(*results, strict=True)]


def _column(src: Path, runs: int, corpus: str | None) -> dict[str, str]:
    _run(src, _STARTUP, str(SEED))  # writes the byte code; not timed
    imported, first, warm = _best(src, runs, _STARTUP, str(SEED))
    column = {
        "import docexport.enrich": f"{imported:.1f}",
        "first enrich (seed)": f"{first:.1f}",
        "warm enrich (seed)": f"{warm:.2f}",
        "one-time: import + first - warm": f"{imported + first - warm:.1f}",
    }
    for lang, text in SAMPLES.items():
        column[f"first guess_language ({lang})"] = f"{_best(src, runs, _GUESS, text)[0]:.1f}"
    if corpus:
        first_pass, warm_pass, count = _best(src, max(1, runs // 3), _CORPUS, corpus)
        column[f"corpus first pass, per item ({count:.0f})"] = f"{first_pass:.3f}"
        column["corpus warm pass, per item"] = f"{warm_pass:.3f}"
    return column


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--corpus", help="a folder made by make_corpus.py (per-item rows)")
    ap.add_argument("--src", action="append", type=Path, default=[], help="another src/")
    args = ap.parse_args()
    sources = [REPO / "src", *args.src]
    columns = [_column(src, args.runs, args.corpus) for src in sources]
    rows = [("CPU ms (best of runs)", *(str(src) for src in sources))]
    rows += [(name, *(c[name] for c in columns)) for name in columns[0]]
    print(table(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
