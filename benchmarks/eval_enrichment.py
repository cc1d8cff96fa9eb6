"""The whole enrichment evaluation of issue #13 in one command, run on demand.

    python benchmarks/eval_enrichment.py --conll DIR [--subjects DIR] [--held-out]
    DOCEXPORT_CONLL=DIR DOCEXPORT_SUBJECTS_DATA=DIR python benchmarks/eval_enrichment.py

Runs, one after the other, each evaluation with its own tables (entities beside spaCy,
quotations, figures, sentences, subjects, per-stage timings). Nothing is fetched and no data set is
part of this repository: where to put each one is in the docstring of the script that
reads it and in the README ("Enrichment on news it was never tuned on"). An evaluation
whose data is absent is reported as skipped, with the reason, and the rest still run.

Without ``--held-out`` only the tuning splits are scored (what to look at while changing
the rules or retraining); ``--held-out`` adds the splits kept aside (CoNLL-2003 ``eng.testb``,
the held-out BBC articles, AG News), to be run once a change is settled.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


Run = tuple[str, str, list[str] | None]


def runs(conll: str | None, subjects: str | None, held_out: bool) -> list[Run]:
    """(title, script, arguments) of each evaluation; ``None`` arguments: data missing."""
    entity_split = "both" if held_out else "testa"
    split = "both" if held_out else "tune"
    data = None if conll is None else ["--data", conll]
    also_conll = [] if conll is None else ["--conll", conll]
    return [
        ("Entities (CoNLL-2003, beside spaCy)", "bench_entities_heldout.py",
         data and [*data, "--split", entity_split]),
        ("Quotations (hand-annotated CoNLL-2003 stories)", "bench_quotes.py",
         data and [*data, "--peers", "--set", "both" if held_out else "tuning"]),
        ("Figures: what each counts (in-repo gold; CoNLL-2003 testb annotations)",
         "bench_figures.py", data),
        ("Sentences (CoNLL-2003 sentence boundaries)", "bench_sentences.py",
         data and [*data, "--split", split]),
        ("Subjects (BBC News, AG News; CoNLL coverage)", "bench_subjects.py",
         None if subjects is None else ["--data", subjects, *also_conll, "--split", split]),
        ("Per-stage timings (seed, and CoNLL-2003 testa if given)", "bench_enrich_stages.py",
         [*(data or []), "--runs", "11"]),
    ]  # fmt: skip


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--conll", default=os.environ.get("DOCEXPORT_CONLL"))
    ap.add_argument("--subjects", default=os.environ.get("DOCEXPORT_SUBJECTS_DATA"))
    ap.add_argument("--held-out", action="store_true", help="also score the held-out splits")
    args = ap.parse_args()
    failed = 0
    for title, script, arguments in runs(args.conll, args.subjects, args.held_out):
        print(f"\n## {title}\n", flush=True)
        if arguments is None:
            print(f"skipped: its data set is not given (see the docstring of {script})")
            continue
        command = [sys.executable, str(HERE / script), *arguments]
        failed += subprocess.run(command, check=False).returncode != 0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
