"""Key figures: money, percentages and counted things, with value, unit and sentence.

Recognised: currency amounts (``$250 million``, ``€1.2bn``, ``£12bn``, ``250 million euros``,
``₹85,000 crore``), percentages and points (``3.5 percent``, ``2.1%``, ``50 basis points``)
and counts of a plural noun (``roughly 40,000 US troops``). Years, dates, ordinals, scores
and digits inside names (MI5, G20) are not figures.
"""

from __future__ import annotations

import re

from docexport.enrich.text import Sentence
from docexport.model import Figure, Span

__all__ = ["extract_figures"]

_SYMBOLS = {
    "$": "USD",
    "US$": "USD",
    "€": "EUR",
    "£": "GBP",
    "¥": "JPY",
    "₹": "INR",
    "₦": "NGN",
    "R$": "BRL",
    "₫": "VND",
    "₩": "KRW",
    "CHF": "CHF",
}
_CODES = "USD|EUR|GBP|JPY|CNY|INR|NGN|BRL|VND|KRW|CHF|CAD|AUD|ZAR|RUB|TRY|MYR|EGP|KES"
_WORDS = {
    "dollars": "USD",
    "euros": "EUR",
    "euro": "EUR",
    "pounds": "GBP",
    "yen": "JPY",
    "yuan": "CNY",
    "rupees": "INR",
    "naira": "NGN",
    "reais": "BRL",
    "dong": "VND",
    "won": "KRW",
    "francs": "CHF",
    "ringgit": "MYR",
    "rand": "ZAR",
    "roubles": "RUB",
}
_SCALE = {
    "thousand": 1e3,
    "k": 1e3,
    "million": 1e6,
    "m": 1e6,
    "mn": 1e6,
    "billion": 1e9,
    "bn": 1e9,
    "b": 1e9,
    "trillion": 1e12,
    "tn": 1e12,
    "lakh": 1e5,
    "crore": 1e7,
}
_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_SCALE_WORDS = r"thousand|million|billion|trillion|lakh|crore|bn|mn|tn|m|k|b"
_QUALIFIER = r"(?:(?:about|around|roughly|some|nearly|almost|over|more than|less than|at least|up to|an estimated)\s+)?"

_MONEY = re.compile(
    rf"{_QUALIFIER}(?P<cur>US\$|R\$|[$€£¥₹₦₫₩]|(?:{_CODES}|CHF)\s?)(?P<num>{_NUMBER})"
    rf"(?:\s?(?P<scale>{_SCALE_WORDS})\b)?"
    rf"|{_QUALIFIER}(?P<num2>{_NUMBER})(?:\s(?P<scale2>{_SCALE_WORDS}))?\s(?P<word>{'|'.join(_WORDS)}|{_CODES})\b",
)
_PERCENT = re.compile(
    rf"{_QUALIFIER}(?P<num>{_NUMBER})\s?(?P<unit>%|percent(?:age points?)?|per cent|basis points?|bps|points?\b)"
)
_COUNT = re.compile(
    rf"{_QUALIFIER}(?P<num>{_NUMBER})(?:\s(?P<scale>thousand|million|billion))?"
    r"\s(?P<mods>(?:[A-Z]{2,}\s|[a-z]+-[a-z]+\s|[a-z]+\s)?)(?P<noun>[a-z]{3,}s|people|personnel|staff|children|police|cattle)\b"
)
_DIGIT = re.compile(r"\d")
_YEAR = re.compile(r"^(?:19|20)\d\d$")  # "in 2024 elections" is a date, not a count
_NOT_COUNTS = frozenset(
    ["years", "months", "weeks", "days", "hours", "minutes", "seconds", "times"]
)


def extract_figures(sentences: list[Sentence]) -> tuple[Figure, ...]:
    """Figures in reading order; each character of the text belongs to one figure at most."""
    figures: list[Figure] = []
    for sentence in sentences:
        if _DIGIT.search(sentence.text) is None:
            continue  # most sentences have no number: skip the three regexes
        taken: list[tuple[int, int]] = []
        for finder in (_money, _percentages, _counts):
            for start, end, value, unit in finder(sentence.text):
                if any(start < e and s < end for s, e in taken) or _inside_word(
                    sentence.text, start, end
                ):
                    continue
                taken.append((start, end))
                span = Span(
                    block=sentence.block, start=sentence.start + start, end=sentence.start + end
                )
                text = sentence.text[start:end]
                figures.append(
                    Figure(text=text, value=value, unit=unit, span=span, context=sentence.text)
                )
    return tuple(sorted(figures, key=lambda f: (f.span.block, f.span.start)))


def _number(text: str, scale: str | None) -> float:
    value = float(text.replace(",", ""))
    return value * _SCALE.get((scale or "").lower(), 1.0)


def _money(text: str):
    for m in _MONEY.finditer(text):
        if m.group("num") is not None:
            unit = _SYMBOLS.get(m.group("cur").strip(), m.group("cur").strip())
            yield m.start(), m.end(), _number(m.group("num"), m.group("scale")), unit
        else:
            word = m.group("word")
            unit = _WORDS.get(word.lower(), word.upper())
            yield m.start(), m.end(), _number(m.group("num2"), m.group("scale2")), unit


def _percentages(text: str):
    for m in _PERCENT.finditer(text):
        unit = m.group("unit").lower()
        if unit in ("%", "percent", "per cent"):
            unit = "percent"
        elif unit.startswith("percentage"):
            unit = "percentage points"
        elif unit in ("bps",) or unit.startswith("basis"):
            unit = "basis points"
        else:
            unit = "points"
        yield m.start(), m.end(), _number(m.group("num"), None), unit


def _counts(text: str):
    for m in _COUNT.finditer(text):
        noun = m.group("noun")
        number = m.group("num")
        if noun in _NOT_COUNTS or _YEAR.match(number):
            continue
        yield m.start(), m.end(), _number(number, m.group("scale")), noun


def _inside_word(text: str, start: int, end: int) -> bool:
    """Digits glued to letters (MI5, G20, COVID-19) are part of a name, not a figure."""
    before = text[start - 1 : start]
    return bool(before) and (before.isalnum() or before == "-")
