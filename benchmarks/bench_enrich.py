"""Entity extraction quality on the gold set, and enrichment speed, in one run.

    python benchmarks/bench_enrich.py

Scores precision / recall / F1 per entity type against ``tests/data/gold/`` (hand-annotated
articles), plus quote speakers and figures, then times enrichment of the seed beside the
bare read+write rate. Where spaCy and its small English pipeline are installed, the same
gold set is scored with ``en_core_web_sm`` in the same run, as the anchor to beat.

Figures: a gold figure is found when its text and a returned figure's text contain one
another; precision counts returned figures against gold figures found. Where the gold
gives what a figure counts (``"context"``, the counted noun), the first returned figure
that matches it is scored on whether its ``Figure.context`` holds that noun as whole words
("people killed" holds "people"), reported apart from the figure counts.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys

from _timing import REPO, SEED, rate, table

from docexport.enrich import enrich
from docexport.readers.text import read_bytes
from docexport.writers import WriterOptions
from docexport.writers.newsml import NewsMLWriter

GOLD = REPO / "tests" / "data" / "gold"
TYPES = {"person": "people", "organisation": "organisations", "place": "places"}


def _norm(name: str) -> str:
    return " ".join(name.lower().replace("’", "'").removeprefix("the ").split())


def _gold_forms(gold: dict, key: str) -> dict[str, str]:
    aliases = gold.get("aliases", {})
    return {_norm(f): name for name in gold[key] for f in (name, *aliases.get(name, []))}


def score_entities(predict) -> dict[str, tuple[int, int, int]]:
    """type → (true positives, predicted, gold) over the whole gold set."""
    totals = {t: [0, 0, 0] for t in TYPES}
    for path in sorted(GOLD.glob("*.txt")):
        gold = json.loads(path.with_suffix(".json").read_text("utf-8"))
        predicted = predict(path.read_bytes(), path.name)
        for kind, key in TYPES.items():
            forms = _gold_forms(gold, key)
            names = {forms.get(_norm(n), "?" + n) for n in predicted.get(kind, ())}
            hits = {n for n in names if not n.startswith("?")}
            totals[kind][0] += len(hits)
            totals[kind][1] += len(names)
            totals[kind][2] += len(gold[key])
    return {k: tuple(v) for k, v in totals.items()}


def ours(data: bytes, name: str) -> dict[str, list[str]]:
    item = enrich(read_bytes(data, name))
    out: dict[str, list[str]] = {k: [] for k in TYPES}
    for entity in item.entities or ():
        out[entity.type.value].append(entity.name)
    return out


def spacy_predictor():
    try:
        import spacy  # noqa: PLC0415

        nlp = spacy.load("en_core_web_sm")
    except (ImportError, OSError):
        return None
    labels = {"PERSON": "person", "ORG": "organisation", "GPE": "place", "LOC": "place"}

    def predict(data: bytes, name: str) -> dict[str, list[str]]:
        item = read_bytes(data, name)
        doc = nlp(item.headline + "\n\n" + "\n\n".join(b.text for b in item.body))
        out: dict[str, list[str]] = {k: [] for k in TYPES}
        for ent in doc.ents:
            if ent.label_ in labels:
                out[labels[ent.label_]].append(ent.text.removesuffix("'s"))
        return out

    return predict, nlp


def prf(tp: int, predicted: int, gold: int) -> tuple[float, float, float]:
    p = tp / predicted if predicted else 0.0
    r = tp / gold if gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def _matches(gold_text: str, found_text: str) -> bool:
    return gold_text in found_text or found_text in gold_text


def _context_right(gold: str, found: str | None) -> tuple[bool, bool]:
    """(the counted noun is right, the whole context is the noun): the gold names only the
    noun ("people"); the system may add the participle or verb ("people killed"), which
    is still the right noun, so the noun is looked for as whole words."""
    if not found:
        return False, False
    noun, words = gold.lower().split(), found.lower().split()
    right = any(words[i : i + len(noun)] == noun for i in range(len(words)))
    return right, words == noun


def score_quotes_and_figures() -> tuple[str, ...]:
    speakers = [0, 0, 0]  # right speaker, gold quotes, returned runs the gold does not list
    figures = [0, 0, 0]
    context = [0, 0, 0]  # noun right, exactly the noun, gold figures found that have one
    for path in sorted(GOLD.glob("*.txt")):
        gold = json.loads(path.with_suffix(".json").read_text("utf-8"))
        item = enrich(read_bytes(path.read_bytes(), path.name))
        people = _gold_forms(gold, "people") | _gold_forms(gold, "organisations")
        for q in gold["quotes"]:
            found = [x for x in item.quotes if q["text_contains"] in x.text]
            speakers[1] += 1
            got = (
                people.get(_norm(found[0].speaker), found[0].speaker)
                if found and found[0].speaker
                else None
            )
            speakers[0] += bool(found) and got == q["speaker"]
        speakers[2] += sum(
            not any(q["text_contains"] in x.text for q in gold["quotes"]) for x in item.quotes
        )
        for g in gold["figures"]:
            found = [f for f in item.figures if _matches(g["text_contains"], f.text)]
            figures[0] += bool(found)
            if found and "context" in g:
                right, exact = _context_right(g["context"], found[0].context)
                context[0] += right
                context[1] += exact
                context[2] += 1
        figures[1] += len(item.figures)
        figures[2] += len(gold["figures"])
    p, r, f = prf(figures[0], figures[1], figures[2])
    found = f"{figures[0]} of {figures[2]} gold found, {figures[1]} returned"
    exact = f"{context[1]} exactly the noun, no more"
    extra = f"{speakers[2]} returned runs that the gold does not list as quotations"
    return (
        f"{speakers[0]}/{speakers[1]} quotes with the right speaker ({extra})",
        f"figures P {p:.2f} R {r:.2f} F1 {f:.2f} ({found})",
        f"figure context: counted noun right for {context[0]}/{context[2]} found ({exact})",
    )


def main() -> None:
    rows = [("extractor", "type", "precision", "recall", "F1")]
    for label, predict in [("docexport rules", ours), *_spacy_rows()]:
        for kind, counts in score_entities(predict).items():
            p, r, f = prf(*counts)
            rows.append((label, kind, f"{p:.2f}", f"{r:.2f}", f"{f:.2f}"))
    print(table(rows))
    print()
    for line in score_quotes_and_figures():
        print("-", line)
    print()
    print(table(_speed_rows()))


def _spacy_rows():
    loaded = spacy_predictor()
    if loaded is None:
        print("spaCy en_core_web_sm: not installable here (the pipeline is not on PyPI); skipped\n")
        return []
    return [("spaCy en_core_web_sm", loaded[0])]


def _speed_rows() -> list[tuple[str, ...]]:
    data = SEED.read_bytes()
    item = read_bytes(data, SEED.name)
    writer = NewsMLWriter(WriterOptions())
    probe = (
        "import time, sys\nfrom docexport.readers.text import read_bytes\n"
        f"item = read_bytes(open({str(SEED)!r}, 'rb').read(), 'seed')\n"
        "t = time.perf_counter()\nfrom docexport.enrich import enrich\nenrich(item)\n"
        "print((time.perf_counter() - t) * 1000)"
    )
    colds = [
        float(
            subprocess.run(
                [sys.executable, "-c", probe], capture_output=True, text=True, check=True
            ).stdout
        )
        for _ in range(5)
    ]
    cold = sorted(colds)[2]  # median of five fresh processes: import + gazetteers + enrich

    def read_write() -> None:
        writer.write(read_bytes(data, SEED.name), io.BytesIO())

    def read_enrich_write() -> None:
        writer.write(enrich(read_bytes(data, SEED.name)), io.BytesIO())

    enrich_rate = rate(lambda: enrich(item))
    rows = [("measure", "per second", "ms each", "target")]
    rows.append(
        ("enrich the seed (warm)", f"{enrich_rate:,.0f}", f"{1000 / enrich_rate:.2f}", "≤ 5 ms")
    )
    rows.append(("first enrich in a fresh process (import + load)", "", f"{cold:.1f}", "once"))
    for label, fn in [
        ("read + write (no enrich)", read_write),
        ("read + enrich + write", read_enrich_write),
    ]:
        r = rate(fn)
        rows.append((label, f"{r:,.0f}", f"{1000 / r:.2f}", ""))
    return rows


if __name__ == "__main__":
    main()
