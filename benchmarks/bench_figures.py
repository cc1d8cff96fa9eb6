"""Figure context (what each figure counts) on the gold set and on held-out wire copy.

    python benchmarks/bench_figures.py --data DIR
    DOCEXPORT_CONLL=DIR python benchmarks/bench_figures.py

Two sets, scored apart:

* **tuned**: the figures of ``tests/data/gold/`` that have a ``context`` (the rules in
  ``figures.py`` were tuned on them, so this row flatters);
* **held-out**: ``benchmarks/data/figures-gold.tsv``, 15 CoNLL-2003 ``eng.testb`` documents
  whose figures were annotated by hand before the system was run on them, and not looked
  at while tuning. ``DIR`` holds ``eng.testb`` (Reuters RCV1, 1996; not part of this
  repository and never should be: Reuters licence; get it from the CoNLL-2003 shared task
  page or a copy you are licensed to use). The text is rebuilt as in
  ``bench_entities_heldout.py``; without ``DIR`` the held-out row is skipped.

A gold figure is *found* when a returned figure's text holds the gold figure as whole
numbers ("$1" is not in "$109-111"), or the other way round; rows with the same figure in
one document take returned figures in order. A found figure's context is *right* when it
holds the gold noun as whole words ("people killed" holds "people"), as in
``bench_enrich.py``. Peer: ``figures.py`` as it was before the head-noun work (from git),
on the same sentences. The last lines time figures and quotes together on the seed, for
both (best of five rounds; the ratio means more than the absolute time on a shared machine).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import time
import types
from collections.abc import Callable, Iterator
from pathlib import Path

from _timing import REPO, SEED
from bench_entities_heldout import doc_text, read_conll

from docexport.enrich import enrich
from docexport.enrich.quotes import extract_quotes
from docexport.enrich.text import split_sentences
from docexport.model import NewsItem
from docexport.readers import get_reader, read_data

GOLD = REPO / "tests" / "data" / "gold"
HELD_OUT = Path(__file__).resolve().parent / "data" / "figures-gold.tsv"
OLD_FIGURES = "1ca32a9:src/docexport/enrich/figures.py"  # before the head-noun work
Row = tuple[str, str]  # (figure as written, context noun)
Figures = Callable[[NewsItem], list[tuple[str, str | None]]]


def ours(item: NewsItem) -> list[tuple[str, str | None]]:
    from docexport.enrich.figures import extract_figures  # noqa: PLC0415

    return [(f.text, f.context) for f in extract_figures(_sentences(item))]


def _sentences(item: NewsItem) -> list:
    """The body's sentences, as ``enrich`` splits them (the headline is not read for figures)."""
    return [s for i, b in enumerate(item.body) for s in split_sentences(i, b.text)]


def old_figures() -> Figures | str:
    try:
        source = subprocess.run(
            ["git", "show", OLD_FIGURES],
            cwd=REPO,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return f"no git checkout with {OLD_FIGURES}"
    module = types.ModuleType("old_figures")
    sys.modules["old_figures"] = module
    exec(compile(source, OLD_FIGURES, "exec"), module.__dict__)
    return lambda item: [(f.text, f.context) for f in module.extract_figures(_sentences(item))]


def _holds(outer: str, inner: str) -> bool:
    return re.search(rf"(?<![\d.,]){re.escape(inner)}(?![\d.,]*\d)", outer) is not None


def _noun_in(noun: str, context: str | None) -> bool:
    words = (context or "").lower().split()
    return noun in words


def score(docs: Iterator[tuple[NewsItem, list[Row]]], system: Figures) -> tuple[int, int, int]:
    """(context right, gold figures found, gold figures)."""
    right = found = total = 0
    for item, rows in docs:
        returned = system(item)
        used: set[int] = set()
        for figure, noun in rows:
            total += 1
            hit = next(
                (
                    i
                    for i, (text, _) in enumerate(returned)
                    if i not in used and (_holds(text, figure) or _holds(figure, text))
                ),
                None,
            )
            if hit is None:
                continue
            used.add(hit)
            found += 1
            right += _noun_in(noun, returned[hit][1])
    return right, found, total


def tuned_docs() -> Iterator[tuple[NewsItem, list[Row]]]:
    for path in sorted(GOLD.glob("*.txt")):
        gold = json.loads(path.with_suffix(".json").read_text("utf-8"))
        rows = [(g["text_contains"], g["context"]) for g in gold["figures"] if "context" in g]
        yield _read(path.read_bytes(), path.name), rows


def held_out_docs(data: Path) -> Iterator[tuple[NewsItem, list[Row]]]:
    rows: dict[int, list[Row]] = {}
    for line in HELD_OUT.read_text("utf-8").splitlines():
        doc, _, rest = line.partition("\t")
        if doc.isdigit():  # not a comment nor the header
            figure, noun = rest.split("\t")
            rows.setdefault(int(doc), []).append((figure, noun))
    docs = list(read_conll(data / "eng.testb"))
    for index, doc_rows in sorted(rows.items()):
        yield _read(doc_text(docs[index]).encode("utf-8"), "x.txt"), doc_rows


def _read(data: bytes, name: str) -> NewsItem:
    """Read and enrich: the figures' sentences come from the same reader as for a user."""
    return enrich(read_data(data, name, get_reader("text")))


def _ms_figures_and_quotes(system: Figures) -> float:
    """Figures (sentences split beforehand, as ``enrich`` shares them) and quotes on the
    seed, warm, best of five rounds: the machine may be shared."""
    from docexport.enrich.figures import extract_figures  # noqa: PLC0415

    item = enrich(read_data(SEED.read_bytes(), SEED.name, get_reader("text")))
    texts, sentences = [b.text for b in item.body], _sentences(item)
    figures = extract_figures if system is ours else sys.modules["old_figures"].extract_figures
    runs, best = 100, float("inf")
    for _ in range(5):
        started = time.perf_counter()
        for _ in range(runs):
            figures(sentences)
            extract_quotes(texts, item.entities or ())
        best = min(best, (time.perf_counter() - started) / runs)
    return 1000 * best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=os.environ.get("DOCEXPORT_CONLL"))
    args = parser.parse_args()
    systems: list[tuple[str, Figures | str]] = [("this tree", ours), ("before", old_figures())]
    print("| figures.py | set | context right | of found | found of gold |")
    print("|---|---|---|---|---|")
    for name, system in systems:
        if isinstance(system, str):
            print(f"| {name} | skipped: {system} | | | |")
            continue
        sets = [("tuned (tests/data/gold)", tuned_docs)]
        if args.data and (Path(args.data) / "eng.testb").exists():
            sets.append(("held-out (eng.testb)", lambda: held_out_docs(Path(args.data))))
        for label, docs in sets:
            right, found, total = score(docs(), system)
            share = f"{right}/{found} ({right / max(1, found):.0%})"
            print(f"| {name} | {label} | {share} | {found} | {found}/{total} |")
    if not args.data:
        print("\nheld-out skipped: pass --data DIR holding eng.testb (or DOCEXPORT_CONLL)")
    print()
    for name, system in systems:
        if not isinstance(system, str):
            ms = _ms_figures_and_quotes(system)
            print(f"figures ({name}) + quotes on the seed, warm: {ms:.3f} ms")


if __name__ == "__main__":
    main()
