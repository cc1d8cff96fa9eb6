"""HTML article pages: our reader against peer extractors on the same hand-marked pages.

Run on demand (never in CI)::

    python benchmarks/bench_html.py [--runs N] [--split tuned|heldout|all] [--fast]

The corpus is ``tests/data/html``: each ``pages/NAME.html`` has the article text a reader
should get in ``expected/NAME.txt`` and its headline, date, byline and language in
``expected/metadata.json``, which also says whether the page was looked at while tuning
the reader ("tuned") or kept aside until the end ("heldout").

Body text is scored as a bag of words (lower-cased runs of letters and digits, with
multiplicity): precision = extracted words found in the expected text / extracted words,
recall = expected words found / expected words, F1 their harmonic mean; "overall" pools
the words of all pages of a split. Every extractor gets the same decoded text. Peers are
measured when installed (none is a dependency of docexport): trafilatura's plain
``extract()`` with its defaults, ``readability-lxml`` (``pip install readability-lxml``),
and ``jusText`` (given the stoplist of the page's declared language, as it requires).
``--fast`` adds our reader with trafilatura's fast mode (no comparison with readability
and jusText), which the reader does not use: the row shows what it would save and lose.
Times are CPU milliseconds per page, the best of ``--runs`` rounds.

Metadata: exact match of headline, date (ISO text, precision and offset included), the
list of bylines and the language tag; trafilatura's own metadata is scored beside ours
(its dates are days, so they are compared as days, and it reports no language).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import re
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from _timing import process_ms, python, table

from docexport.readers.html import read_bytes
from docexport.readers.html.encoding import decode_page

CORPUS = Path(__file__).resolve().parents[1] / "tests" / "data" / "html"
WORD = re.compile(r"[^\W_]+")
STOPLISTS = {"en": "English", "fr": "French", "de": "German"}
Extract = Callable[[bytes, str, str], str]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="timing runs per page")
    parser.add_argument("--split", choices=("tuned", "heldout", "all"), default="all")
    parser.add_argument("--fast", action="store_true", help="add trafilatura's fast mode")
    args = parser.parse_args()
    pages = json.loads((CORPUS / "expected" / "metadata.json").read_text("utf-8"))["pages"]
    if args.split != "all":  # while tuning, the held-out pages stay unread
        pages = {p: e for p, e in pages.items() if e["split"] == args.split}
    extractors = _extractors()
    if args.fast:
        extractors = {"docexport": _ours, "docexport, trafilatura fast": _ours_fast, **extractors}
    body_rows = [("extractor", "split", "pages", "precision", "recall", "F1", "ms/page")]
    page_rows = [("page", "split", *extractors)]
    per_page: dict[str, dict[str, tuple[int, int, int]]] = {}
    for name, extract in extractors.items():
        scores = {page: _score(extract, page, pages[page]) for page in pages}
        per_page[name] = scores
        ms = _ms_per_page(extract, pages, args.runs)
        for split in sorted({e["split"] for e in pages.values()}, reverse=True):
            chosen = [scores[p] for p in pages if pages[p]["split"] == split]
            p, r, f = _pooled(chosen)
            body_rows.append(
                (name, split, str(len(chosen)), f"{p:.3f}", f"{r:.3f}", f"{f:.3f}", ms)
            )
    for page, expected in sorted(pages.items(), key=lambda kv: (kv[1]["split"], kv[0])):
        cells = [_prf(per_page[name][page]) for name in extractors]
        page_rows.append((page, expected["split"], *cells))
    print(f"pages: {len(pages)} ({sum(p['split'] == 'heldout' for p in pages.values())} held out)")
    print("\n## Body text (bag of words)\n")
    print(table(body_rows))
    print("\n## Per page (P / R / F1)\n")
    print(table(page_rows))
    print("\n## Metadata (exact match)\n")
    print(table(_metadata_rows(pages)))
    print("\n## Import cost (fresh process, ms over a bare interpreter)\n")
    print(table(_import_rows()))


def _extractors() -> dict[str, Extract]:
    found: dict[str, Extract] = {"docexport": _ours}
    try:
        import trafilatura  # noqa: F401, PLC0415

        found["trafilatura extract()"] = _trafilatura
    except ImportError:
        pass
    try:
        import readability  # noqa: F401, PLC0415

        found["readability-lxml"] = _readability
    except ImportError:
        pass
    try:
        import justext  # noqa: F401, PLC0415

        found["jusText"] = _justext
    except ImportError:
        pass
    return found


def _ours(data: bytes, name: str, language: str) -> str:
    return "\n".join(block.text for block in read_bytes(data, name).body)


def _ours_fast(data: bytes, name: str, language: str) -> str:
    from docexport.readers.html import body  # noqa: PLC0415

    options = body._extractor()
    options.fast = True  # the cached options: set back at once, whatever happens
    try:
        return _ours(data, name, language)
    finally:
        options.fast = False


def _trafilatura(data: bytes, name: str, language: str) -> str:
    import trafilatura  # noqa: PLC0415

    return trafilatura.extract(decode_page(data)[0]) or ""


def _readability(data: bytes, name: str, language: str) -> str:
    import lxml.html  # noqa: PLC0415
    from readability import Document  # noqa: PLC0415

    summary = Document(decode_page(data)[0]).summary(html_partial=True)
    return lxml.html.fromstring(summary).text_content()


def _justext(data: bytes, name: str, language: str) -> str:
    import justext  # noqa: PLC0415

    stoplist = justext.get_stoplist(STOPLISTS.get(language.split("-", maxsplit=1)[0], "English"))
    paragraphs = justext.justext(decode_page(data)[0], stoplist)
    return "\n".join(p.text for p in paragraphs if not p.is_boilerplate)


def _words(text: str) -> Counter[str]:
    return Counter(word.casefold() for word in WORD.findall(text))


def _score(extract: Extract, page: str, expected: dict) -> tuple[int, int, int]:
    """(common words, extracted words, expected words) for one page."""
    data = (CORPUS / "pages" / f"{page}.html").read_bytes()
    try:
        got = _words(extract(data, f"{page}.html", expected["language"]))
    except Exception:  # noqa: BLE001 - a peer's failure scores as no text, and we go on
        got = Counter()
    want = _words((CORPUS / "expected" / f"{page}.txt").read_text("utf-8"))
    return sum((got & want).values()), sum(got.values()), sum(want.values())


def _pooled(scores: list[tuple[int, int, int]]) -> tuple[float, float, float]:
    common = sum(s[0] for s in scores)
    got = sum(s[1] for s in scores)
    want = sum(s[2] for s in scores)
    return _f1(common, got, want)


def _f1(common: int, got: int, want: int) -> tuple[float, float, float]:
    precision = common / got if got else 0.0
    recall = common / want if want else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def _prf(score: tuple[int, int, int]) -> str:
    p, r, f = _f1(*score)
    return f"{p:.2f} / {r:.2f} / {f:.2f}"


def _ms_per_page(extract: Extract, pages: dict, runs: int) -> str:
    items = [
        ((CORPUS / "pages" / f"{p}.html").read_bytes(), f"{p}.html", e["language"])
        for p, e in pages.items()
    ]
    for item in items:  # warm-up: imports, compiled patterns, caches
        _safely(extract, *item)
    times = []
    for _ in range(runs):
        start = time.process_time()  # CPU time: other load on the machine hardly moves it
        for item in items:
            _safely(extract, *item)
        times.append((time.process_time() - start) * 1000 / len(items))
    return f"{min(times):.2f}"


def _safely(extract: Extract, data: bytes, name: str, language: str) -> None:
    # Timing only: a failure is scored (as no text) by _score.
    with contextlib.suppress(Exception):
        extract(data, name, language)


def _metadata_rows(pages: dict) -> list[tuple[str, ...]]:
    rows = [("extractor", "split", "headline", "date", "byline", "language")]
    for name, read in (("docexport", _our_metadata), ("trafilatura metadata", _peer_metadata)):
        try:
            found = {page: read(page) for page in pages}
        except ImportError:
            continue
        for split in sorted({e["split"] for e in pages.values()}, reverse=True):
            chosen = [p for p in pages if pages[p]["split"] == split]
            cells = []
            for field in ("headline", "date", "bylines", "language"):
                if name != "docexport" and field == "language":
                    cells.append("n/a")
                    continue
                want = {p: pages[p][field] for p in chosen}
                if name != "docexport" and field == "date":
                    want = {p: (d or "")[:10] or None for p, d in want.items()}
                right = sum(found[p][field] == want[p] for p in chosen)
                cells.append(f"{right}/{len(chosen)}")
            rows.append((name, split, *cells))
    return rows


def _our_metadata(page: str) -> dict:
    item = read_bytes((CORPUS / "pages" / f"{page}.html").read_bytes(), page)
    return {
        "headline": item.headline,
        "date": item.created.isoformat() if item.created else None,
        "bylines": list(item.bylines),
        "language": item.language,
    }


def _peer_metadata(page: str) -> dict:
    import trafilatura  # noqa: PLC0415

    text = decode_page((CORPUS / "pages" / f"{page}.html").read_bytes())[0]
    document = trafilatura.bare_extraction(text, with_metadata=True)
    if document is None:
        return {"headline": None, "date": None, "bylines": [], "language": None}
    authors = [a.strip() for a in (document.author or "").split(";") if a.strip()]
    return {"headline": document.title, "date": document.date, "bylines": authors}


def _import_rows() -> list[tuple[str, ...]]:
    bare = process_ms(python("-c", "pass"), runs=7)
    rows = [("import", "ms")]
    for module in ("docexport.readers.html", "trafilatura", "readability", "justext"):
        try:
            ms = process_ms(python("-c", f"import {module}"), runs=7) - bare
        except Exception:  # noqa: BLE001 - not installed: say so
            rows.append((module, "not installed"))
            continue
        rows.append((module, f"{ms:.0f}"))
    return rows


if __name__ == "__main__":
    main()
