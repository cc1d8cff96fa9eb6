"""Warm time of each enrichment stage, on the seed and on a set of documents (on demand).

    python benchmarks/bench_enrich_stages.py [--data DIR] [--runs N] [--docs N] [--profile]
    DOCEXPORT_CONLL=DIR python benchmarks/bench_enrich_stages.py

Stages, each timed alone on the inputs the one before produced (so a stage's row is its
own cost, not its inputs'): ``split_sentences`` over the body's blocks, the name tagger
(``Tagger.tag`` on the headline and every sentence), ``extract_entities`` (the tagger
included), ``extract_quotes``, ``extract_figures``, ``choose_subjects``, ``summarise``, and
the whole ``enrich(item)``. Each figure is the median of ``--runs`` calls after one warm-up
call (data loaded, caches filled), in milliseconds. The floor row, measured in the same run
on the same text, is one pass of one compiled word regex over the headline and body: what
no stage that reads every word can beat.

``--data DIR`` adds the CoNLL-2003 English documents of ``DIR/eng.testa`` (the first
``--docs`` of them; see ``bench_entities_heldout.py`` for the files, which are never part of
this repository), each rebuilt as text by that benchmark's ``doc_text``; their rows are the
mean over documents of each document's median, beside the mean word count. Warm medians
favour the caches the tagger keeps per word, so the line under the table gives the other
case too: every document enriched once, in turn, before any of them is timed warm (the
caches hold only what earlier documents left, as in a batch conversion). ``--profile``
prints cProfile's top functions of ``enrich`` on the seed.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import re
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _timing import SEED, table
from bench_entities_heldout import doc_text, read_conll

from docexport.enrich import _enriched_blocks, enrich
from docexport.enrich.entities import extract_entities
from docexport.enrich.figures import extract_figures
from docexport.enrich.quotes import extract_quotes
from docexport.enrich.subjects import choose_subjects
from docexport.enrich.summary import summarise
from docexport.enrich.tagger import load_tagger
from docexport.enrich.text import split_sentences
from docexport.model import NewsItem
from docexport.readers import get_reader, read_data

_WORD = re.compile(r"\w+|\S")
STAGES = (
    "floor: one regex pass",
    "split_sentences",
    "tagger",
    "extract_entities",
    "extract_quotes",
    "extract_figures",
    "choose_subjects",
    "summarise",
    "enrich (whole)",
)


def median_ms(fn: Callable[[], object], runs: int) -> float:
    """Median wall time of ``runs`` calls after one warm-up call; with ``runs=0``, the time
    of one call (no warm-up)."""
    if runs == 0:
        start = time.perf_counter()
        fn()
        return 1000 * (time.perf_counter() - start)
    fn()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return 1000 * statistics.median(times)


def stage_calls(item: NewsItem) -> dict[str, Callable[[], object]]:
    """Each stage as a call on precomputed inputs, keyed as in ``STAGES``."""
    texts = _enriched_blocks(item)
    sentences = [s for i, text in enumerate(texts) for s in split_sentences(i, text)]
    entities = extract_entities(item.headline, sentences)
    tagged = [item.headline, *(s.text for s in sentences)]
    whole = "\n".join([item.headline, *texts])
    return {
        STAGES[0]: lambda: _WORD.findall(whole),
        STAGES[1]: lambda: [split_sentences(i, text) for i, text in enumerate(texts)],
        STAGES[2]: lambda: load_tagger().tag(tagged, headline=True),
        STAGES[3]: lambda: extract_entities(item.headline, sentences),
        STAGES[4]: lambda: extract_quotes(texts, entities),
        STAGES[5]: lambda: extract_figures(sentences),
        STAGES[6]: lambda: choose_subjects(item.headline, sentences, entities),
        STAGES[7]: lambda: summarise(item.headline, sentences, entities),
        STAGES[8]: lambda: enrich(item),
    }


def time_stages(item: NewsItem, runs: int) -> dict[str, float]:
    return {name: median_ms(fn, runs) for name, fn in stage_calls(item).items()}


def words(item: NewsItem) -> int:
    return len(item.headline.split()) + sum(len(b.text.split()) for b in item.body)


def read_text(text: str) -> NewsItem:
    return read_data(text.encode("utf-8"), "x.txt", get_reader("text"))


def load_ms() -> float:
    """Reading the tagger's weights, as on first use (the cache emptied first)."""
    load_tagger.cache_clear()
    start = time.perf_counter()
    load_tagger()
    return 1000 * (time.perf_counter() - start)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", default=os.environ.get("DOCEXPORT_CONLL"))
    ap.add_argument("--runs", type=int, default=21)
    ap.add_argument("--docs", type=int, default=0, help="first N documents only (0: all)")
    ap.add_argument("--profile", action="store_true")
    args = ap.parse_args()

    seed = read_text(SEED.read_text("utf-8"))
    columns = {f"seed ({words(seed)} words)": time_stages(seed, args.runs)}
    if args.data:
        docs = [read_text(doc_text(d)) for d in read_conll(Path(args.data) / "eng.testa")]
        docs = docs[: args.docs] if args.docs else docs
        once = [median_ms(lambda item=item: enrich(item), 0) for item in docs]
        per_doc = [time_stages(item, args.runs) for item in docs]
        mean_words = statistics.mean(words(item) for item in docs)
        label = f"CoNLL testa mean ({len(docs)} docs, {mean_words:.0f} words)"
        columns[label] = {s: statistics.mean(d[s] for d in per_doc) for s in STAGES}
        per_word = {s: sum(d[s] for d in per_doc) for s in STAGES}
        total_words = sum(words(item) for item in docs)
        columns["CoNLL, per 400 words"] = {s: 400 * per_word[s] / total_words for s in STAGES}
    rows = [("stage (warm median, ms)", *columns)]
    rows += [(s, *(f"{c[s]:.3f}" for c in columns.values())) for s in STAGES]
    print(table(rows))
    if args.data:
        print(f"\nCoNLL testa, each document enriched once: {statistics.mean(once):.3f} ms mean")
    print(f"\ntagger weights load (cold, once per process): {load_ms():.1f} ms")
    if args.profile:
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(200):
            enrich(seed)
        profiler.disable()
        pstats.Stats(profiler).sort_stats("tottime").print_stats(25)
    return 0


if __name__ == "__main__":
    sys.exit(main())
