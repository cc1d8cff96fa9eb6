"""Key figures: money, percentages, measures and counts, each with what it counts.

A figure is a number (digits, or words: "two", "twenty-five", "a dozen", "three million",
"half a million"), optionally a range ("between 108 and 110 yen", "3-4 percent", "from 5
to 7 million people") and a qualifier that makes it approximate ("about", "nearly",
"more than", "some", "roughly", "up to"), followed or preceded by a unit:

* a currency: symbols and codes before (``$``, ``US$``, ``€``, ``£``, ``¥``, ``USD``) or
  words and codes after ("250 million euros", "108 yen", "5,000 rupees") → ISO 4217 code;
* percent and points ("3.5 percent", "2.1%", "50 basis points") → ``percent`` etc.;
* a unit of measure ("12 km", "4,275 tonnes", "1.2 million barrels") → the unit as written;
* a counted plural noun ("40,000 US troops", "two people") → the noun.

``Figure.context`` is what the figure counts or measures: the counted noun with the
participle that follows ("50 people were killed" → "people killed"), else what
``figure_context`` reads from the clause: the noun after the figure ("a 5% stake",
"10 percent of overall imports" → "imports"), the object a verb sets to it ("kept rates on
hold at 4.25%" → "rates") or the head of the subject ("Shares in VinaTech rose 6.9%" →
"shares", "the fund raised $250 million" → "fund raised"); a unit is never the context.
A figure with the same value, unit and context as an
earlier one is dropped (an article repeats its key number).

Not figures: years ("in 2024", "2024 elections"), dates and clock times, ordinals ("13th",
"World War Two"), decades ("1990s"), digits inside names (MI5, G20, COVID-19), phone
numbers, and match scores ("won 2-1": a "range" that does not rise), numbers with no unit
or counted noun ("one of them", "in six months": time spans are not counts), and a
number under ten in words counting a noun in passing ("two countries"; but "two people
were killed" is a figure).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

from docexport.enrich.figure_context import figure_context
from docexport.enrich.text import Sentence
from docexport.model import Figure, Span
from docexport.normalise import word_set as _words

__all__ = ["extract_figures"]


_SYMBOLS = {
    "$": "USD",
    "US$": "USD",
    "A$": "AUD",
    "C$": "CAD",
    "HK$": "HKD",
    "S$": "SGD",
    "NZ$": "NZD",
    "R$": "BRL",
    "€": "EUR",
    "£": "GBP",
    "¥": "JPY",
    "₹": "INR",
    "₦": "NGN",
    "₫": "VND",
    "₩": "KRW",
}
_CODES = "USD|EUR|GBP|JPY|CNY|INR|NGN|BRL|VND|KRW|CHF|CAD|AUD|ZAR|RUB|TRY|MYR|EGP|KES|HKD|SGD"
_CURRENCY_WORDS = {
    "dollars": "USD",
    "dollar": "USD",
    "euros": "EUR",
    "euro": "EUR",
    "pounds": "GBP",
    "sterling": "GBP",
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
    "rubles": "RUB",
    "marks": "DEM",
    "pesos": "MXN",
}
_DOLLAR_COUNTRIES = {"us": "USD", "u.s.": "USD", "australian": "AUD", "canadian": "CAD"}
_SCALES = {
    "hundred": 1e2,
    "dozen": 12.0,
    "thousand": 1e3,
    "k": 1e3,
    "million": 1e6,
    "m": 1e6,
    "mln": 1e6,
    "mn": 1e6,
    "billion": 1e9,
    "bln": 1e9,
    "bn": 1e9,
    "b": 1e9,
    "trillion": 1e12,
    "tn": 1e12,
    "lakh": 1e5,
    "crore": 1e7,
}
_UNITS = (
    "km|kilometres|kilometers|miles|metres|meters|feet|tonnes|tons|barrels|bpd|kg|kilograms"
    "|grams|litres|liters|gallons|hectares|acres|megawatts|MW|gigawatts|GW|kWh|degrees|mph"
)
# "a 350-kilometre line", "a 200-megawatt plant": the unit as an adjective
_UNITS_OF = "kilometre|kilometer|mile|metre|meter|tonne|ton|barrel|hectare|acre|megawatt|gigawatt"
_ONES = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_TEENS = "ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"
_TENS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_WORD_VALUES = {w: float(i + 1) for i, w in enumerate(_ONES)} | {
    w: float(i + 10) for i, w in enumerate(_TEENS.split("|"))
}
_WORD_VALUES |= {w: float(10 * (i + 2)) for i, w in enumerate(_TENS)}
_WORD_VALUES |= {"a": 1.0, "an": 1.0, "half a": 0.5, "half": 0.5, "dozen": 12.0}

_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"


def _either_case(words: str) -> str:
    """``about|some`` → ``[Aa]bout|[Ss]ome``: a sentence may start with it. Faster than
    ``(?i:...)``, which the engine would try at every position of every sentence."""
    return "|".join(f"[{w[0].upper()}{w[0]}]{w[1:]}" for w in words.split("|"))


def _starts(words: str) -> str:
    """A lookahead on the first letters of ``a|b|c`` in either case. The regex engine
    tries alternatives one by one at every word; behind this test it tries them only
    where one can start (a quarter less time on every sentence, the same matches)."""
    return "(?=[" + "".join(sorted({w[0].upper() + w[0] for w in words.split("|")})) + "])"


_WORDS = _starts(f"{'|'.join(_TENS)}|{_TEENS}|{'|'.join(_ONES)}|half|a") + (
    rf"(?:(?:{_either_case('|'.join(_TENS))})(?:-(?:{'|'.join(_ONES)}))?|{_either_case(_TEENS)}"
    rf"|{_either_case('|'.join(_ONES))}|[Hh]alf\s+a"
    r"|[Aa]n?(?=\s+(?:dozen|hundred|thousand|million|billion)))\b"
)
# Atomic digits, never started inside a number: a failed match cannot backtrack digit by
# digit (a million digits in a row stay linear).
_NUM = rf"(?:(?<![\d,.])(?>{_DIGITS})|{_WORDS})"
_NUM2 = rf"(?:(?>{_DIGITS})|{_WORDS})"
_CUR = (
    rf"(?=[UACRSHN$€£¥₹₦₫₩{''.join(sorted({code[0] for code in _CODES.split('|')}))}])"
    rf"(?:US\$|[ACRS]\$|HK\$|NZ\$|[$€£¥₹₦₫₩]|(?:{_CODES})\s?)"
)
_SCALE = r"(?:\s?(?:bn|bln|mln|mn|tn|[mkb](?![\w.]))|\s+(?:hundred|dozen|thousand|million|billion|trillion|lakh|crore))\b"
_QUALIFIERS = (
    "about|around|roughly|some|nearly|almost|approximately|close to|an estimated|more than"
    "|over|less than|fewer than|at least|up to|just over|just under|under|as many as"
)
_UNIT_AFTER = (
    r"\s?(?P<pct>%|percent\b|per\s+cent\b|percentage\s+points?\b|basis\s+points?\b|bps\b)"
    rf"|\s(?:(?P<country>US|U\.S\.|Australian|Canadian)\s+)?(?P<money>{'|'.join(_CURRENCY_WORDS)}|{_CODES})\b"
    rf"|\s?(?P<measure>{_UNITS})\b"
    rf"|-(?P<measure_of>{_UNITS_OF})\b"
    # the modifier is lazy: "45 warships across" counts warships, "40,000 US troops" troops
    r"|\s(?:(?P<mod>[A-Z]{2,}|[a-z]+(?:-[a-z]+)?)\s)??"
    r"(?P<noun>(?:people|personnel|staff|children|police|cattle|sheep|men|women|aircraft)"
    r"(?!\s[a-z]+(?:ers|ors|ists|ians)\b)|[a-z]{2,}s)\b"  # "police officers" counts officers
    r"(?:(?:\s(?:were|was|have\s+been|had\s+been|are|been))?\s(?P<verb>[a-z]{3,}ed|hurt|shot|held|hit|slain|taken|found|left|lost|caught|struck)\b)?"
)
_AFTER = re.compile(_UNIT_AFTER)
_QUANTITY = re.compile(
    # a figure starts a word: the engine skips the inside of every other word at once
    rf"(?<!\w)(?:(?P<qual>{_starts(_QUALIFIERS)}(?:{_either_case(_QUALIFIERS)}))\s+)?(?:(?P<between>[Bb]etween|[Ff]rom)\s+)?"
    rf"(?P<cur>{_CUR})?(?P<num>{_NUM})(?P<scale>{_SCALE})?"
    rf"(?:(?P<sep>\s?[-–]\s?|\s+(?:to|and)\s+)(?P<cur2>{_CUR})?(?P<num2>{_NUM2})(?P<scale2>{_SCALE})?)?"
    # without a currency, a unit must follow: the regex engine, not Python, drops "1 1 1"
    rf"(?(cur)|(?(cur2)|(?={re.sub(r'[(][?]P<[a-z0-9]+>', '(?:', _UNIT_AFTER)})))"
)
_YEAR = re.compile(r"(?:1[5-9]|20)\d\d")  # "in 2024 elections" is a date, not a count
_NOT_COUNTS = _words(
    "years months weeks days hours minutes seconds times points goals runs wickets decades"
    " centuries"
)
_NOT_MODIFIERS = _words(
    "in on at of for to from by with and or but the a an is are was were than per as"
)
_GLUED = frozenset("-:/.+#")
_SMALL = 10  # "nine" counts a noun in passing; "nine people killed" or "twelve" is a figure


class _Found(NamedTuple):
    start: int
    end: int
    value: float
    value_max: float | None
    unit: str
    approximate: bool
    context: str | None


def extract_figures(sentences: list[Sentence]) -> tuple[Figure, ...]:
    """Figures in reading order, each value + unit + context once."""
    figures: list[Figure] = []
    seen: set[tuple[float, float | None, str, str | None]] = set()
    for sentence in sentences:
        for found in _figures_in(sentence.text):
            key = (found.value, found.value_max, found.unit, found.context)
            if key in seen:
                continue
            seen.add(key)
            start = sentence.start + found.start
            figures.append(
                Figure(
                    text=sentence.text[found.start : found.end],
                    value=found.value,
                    value_max=found.value_max,
                    approximate=found.approximate,
                    unit=found.unit,
                    context=found.context,
                    span=Span(block=sentence.block, start=start, end=sentence.start + found.end),
                )
            )
    return tuple(figures)


def _figures_in(text: str) -> Iterator[_Found]:
    last: _Found | None = None
    for match in _QUANTITY.finditer(text):
        if not _stands_alone(text, match):
            continue
        after = _AFTER.match(text, match.end())
        unit, context, end = _unit(match, after)
        if unit is None or (after is None and text[end : end + 1].isalpha()):
            continue  # "13th", "1990s", "won 2-1", "one of them"
        values = _values(match)
        if values is None or (unit == "count" and _not_a_count(match, values[0], context)):
            continue
        start = match.start() if match["num2"] or not match["between"] else match.start("num")
        if match["cur"] and start == match.start("num"):
            start = match.start("cur")  # "from $5": "from" belongs to a range only
        if unit == "count" and after is not None:
            unit = after["noun"]
        elif last is not None and text[last.end : match.start()] == " (":
            context = last.context  # "10,925 pounds ($16,935)": the same thing converted
        elif context is None:
            money = bool(match["cur"] or match["cur2"] or (after is not None and after["money"]))
            context = figure_context(text, start, end, money=money)
        last = _Found(start, end, *values, unit, bool(match["qual"]), context)
        yield last


def _not_a_count(match: re.Match[str], value: float, context: str | None) -> bool:
    """A year ("2024 elections"), or a small number in words counting things in passing
    ("two countries", "three dissenters"); "two people were killed" is a figure."""
    number = match["num"]
    if number[0].isdigit():
        return bool(_YEAR.fullmatch(number))
    return value < _SMALL and not match["scale"] and " " not in (context or "")


def _stands_alone(text: str, match: re.Match[str]) -> bool:
    """Not glued to a name or code (MI5, COVID-19, 10:30, +44), nor a capitalised number
    word inside a sentence ("World War Two")."""
    before = text[match.start() - 1 : match.start()]
    if before and (before.isalnum() or before in _GLUED):
        return False
    number = match["num"]
    if number[0].isupper() and text[: match.start("num")].strip(" \"“'‘(") != "":
        return False
    return not (match["num2"] and match["num2"][:1].isupper())


def _unit(match: re.Match[str], after: re.Match[str] | None) -> tuple[str | None, str | None, int]:
    """Unit, context if the unit gives it (a counted noun), and where the figure ends."""
    currency = match["cur"] or match["cur2"]
    if currency:
        return _SYMBOLS.get(currency.strip(), currency.strip()), None, match.end()
    if after is None:
        return None, None, match.end()
    if after["pct"]:
        return _percent_unit(after["pct"]), None, after.end()
    unit = _money_word(after) if after["money"] else after["measure"]
    if after["measure_of"]:
        unit = after["measure_of"] + "s"
    if unit:
        return unit, None, after.end()
    return _count(after, match.end())


def _money_word(after: re.Match[str]) -> str:
    word = after["money"].lower()
    if word in ("dollars", "dollar") and after["country"]:
        return _DOLLAR_COUNTRIES[after["country"].lower()]  # "5 Australian dollars"
    return _CURRENCY_WORDS.get(word, after["money"])


def _count(after: re.Match[str], end: int) -> tuple[str | None, str | None, int]:
    """A counted noun: "people", with the participle after it ("people killed")."""
    noun = after["noun"]
    if after["mod"] in ("square", "cubic") and noun in _UNITS.split("|"):
        return f"{after['mod']} {noun}", None, after.end("noun")  # a unit, never a context
    if noun in _NOT_COUNTS or (after["mod"] or "") in _NOT_MODIFIERS:
        return None, None, end
    context = f"{noun} {after['verb']}" if after["verb"] else noun
    return "count", context, after.end("noun")


def _percent_unit(unit: str) -> str:
    unit = " ".join(unit.lower().split())
    if unit in ("%", "percent", "per cent"):
        return "percent"
    if unit.startswith("percentage"):
        return "percentage points"
    return "basis points"


def _values(match: re.Match[str]) -> tuple[float, float | None] | None:
    """(value, upper end of a range); ``None`` when the number is not a quantity."""
    scale2 = match["scale2"]
    low = _number(match["num"], match["scale"] or scale2)
    if low is None:
        return None
    if match["num2"] is None:
        return low, None
    high = _number(match["num2"], scale2 or match["scale"])
    if high is None or high <= low or (match["sep"].strip() == "and" and not match["between"]):
        return None  # "won 2-1", "1-1 draw", "2 and 3 percent"
    return low, high


def _number(number: str, scale: str | None) -> float | None:
    key = " ".join(number.lower().split())
    if key[0].isdigit():
        value = float(key.replace(",", ""))
    elif "-" in key:
        tens, _, ones = key.partition("-")
        value = _WORD_VALUES[tens] + _WORD_VALUES[ones]
    else:
        value = _WORD_VALUES[key]
        if key in ("a", "an", "half a") and not scale:
            return None
    return value * _SCALES.get(" ".join((scale or "").lower().split()), 1.0)
