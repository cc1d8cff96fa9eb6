"""Language guess: ours against peer libraries on the same dev and held-out sets.

Run on demand (never in CI)::

    python benchmarks/bench_language.py

Peers are measured when installed (none is a dependency of docexport):
``pip install py3langid lingua-language-detector langdetect``. Each is run the way its
documentation shows, and its answer is mapped to our tags (``no`` -> ``nb``, ``zh-cn`` ->
``zh``); an exception or ``None`` counts as ``und``. Scoring is the test suite's: ``und``
is right only for a text under 40 characters, a wrong tag is always wrong.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from _timing import process_ms, python, table

SETS = Path(__file__).resolve().parents[1] / "tests" / "data" / "languages"
SHORT = 40
Guess = Callable[[str], str]
# Each detector: (name, import statement, a first call that loads its model).
DETECTORS = {
    "docexport": (
        "import docexport.language",
        "docexport.language.guess_language('Le gouvernement a annoncé un plan.')",
    ),
    "py3langid": ("import py3langid", "py3langid.classify('Le gouvernement a annoncé un plan.')"),
    "lingua": (
        "import lingua",
        (
            "lingua.LanguageDetectorBuilder.from_all_languages().build()"
            ".detect_language_of('Le gouvernement a annoncé un plan.')"
        ),
    ),
    "langdetect": ("import langdetect", "langdetect.detect('Le gouvernement a annoncé un plan.')"),
}
_ALIASES = {"no": "nb", "zh-cn": "zh", "zh-tw": "zh", "iw": "he"}


def main() -> None:
    sets = {name: _read(name) for name in ("dev.tsv", "heldout.tsv")}
    rows = [("detector", "dev", "held-out", "wrong tags", "µs/text", "import ms", "+1st call ms")]
    bare = process_ms(python("-c", "pass"))
    for name, guess in _detectors().items():
        dev, (held_out, wrong) = _score(guess, sets["dev.tsv"]), _score(guess, sets["heldout.tsv"])
        micros = _micros_per_text(guess, [text for _, text in sets["heldout.tsv"]])
        imported, first_call = DETECTORS[name]
        import_ms = process_ms(python("-c", imported), runs=5) - bare
        first_ms = process_ms(python("-c", f"{imported}; {first_call}"), runs=3) - bare
        rows.append(
            (
                name,
                f"{dev[0]:.3f}",
                f"{held_out:.3f}",
                str(wrong),
                f"{micros:.0f}",
                f"{import_ms:.0f}",
                f"{first_ms:.0f}",
            )
        )
    sizes = {name: len(rows_) for name, rows_ in sets.items()}
    print(f"texts: dev {sizes['dev.tsv']}, held-out {sizes['heldout.tsv']}\n")
    print(table(rows))


def _read(name: str) -> list[tuple[str, str]]:
    lines = (SETS / name).read_text(encoding="utf-8").splitlines()[1:]
    return [(lang, text) for lang, text in (line.split("\t") for line in lines)]


def _score(guess: Guess, rows: list[tuple[str, str]]) -> tuple[float, int]:
    """Accuracy with the und rule, and how many answers were a wrong tag."""
    right = wrong = 0
    for lang, text in rows:
        tag = guess(text)
        right += tag == lang or (tag == "und" and len(text) < SHORT)
        wrong += tag not in (lang, "und")
    return right / len(rows), wrong


def _micros_per_text(guess: Guess, texts: list[str]) -> float:
    for text in texts:  # warm-up: models loaded, caches filled
        guess(text)
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        for text in texts:
            guess(text)
        best = min(best, time.perf_counter() - start)
    return best / len(texts) * 1e6


def _detectors() -> dict[str, Guess]:
    found: dict[str, Guess] = {}
    for name, make in (
        ("docexport", _ours),
        ("py3langid", _py3langid),
        ("lingua", _lingua),
        ("langdetect", _langdetect),
    ):
        try:
            found[name] = make()
        except ImportError:
            print(f"({name} is not installed: skipped)")
    return found


def _ours() -> Guess:
    from docexport.language import guess_language  # noqa: PLC0415

    return guess_language


def _py3langid() -> Guess:
    import py3langid  # noqa: PLC0415

    return lambda text: _alias(py3langid.classify(text)[0])


def _lingua() -> Guess:
    from lingua import LanguageDetectorBuilder  # noqa: PLC0415

    detector = LanguageDetectorBuilder.from_all_languages().build()

    def guess(text: str) -> str:
        language = detector.detect_language_of(text)
        return "und" if language is None else _alias(language.iso_code_639_1.name.lower())

    return guess


def _langdetect() -> Guess:
    import langdetect  # noqa: PLC0415

    langdetect.DetectorFactory.seed = 0  # its results are random otherwise

    def guess(text: str) -> str:
        try:
            return _alias(langdetect.detect(text))
        except langdetect.LangDetectException:
            return "und"

    return guess


def _alias(tag: str) -> str:
    return _ALIASES.get(tag, tag)


if __name__ == "__main__":
    main()
