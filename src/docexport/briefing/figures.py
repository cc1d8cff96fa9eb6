"""Key figures of a briefing: which figures are shown, with what label and value.

A figure is worth a line only with a label that names what it counts ("inflation 2.3 %");
the enrichment's ``Figure.context`` is the candidate, and the rules here drop one that
names nothing (a verb phrase, a period, a unit, a bare "rate"). One figure per value and
unit, one per label, at most ``MAX_FIGURES``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from docexport.briefing.text import SPACE, WORD, bounded, word_set

if TYPE_CHECKING:
    from docexport.model import Figure

__all__ = ["MAX_FIGURES", "BriefFigure", "figure_label", "key_figures"]

MAX_FIGURES = 6
MAX_FIGURE_LABEL_CHARS = 60
MAX_FIGURE_VALUE_CHARS = 40
# Words pointing at something named elsewhere: "them" counts nothing on its own.
_POINTERS = word_set("it its them they this these those")
# Words enrichment sometimes takes for what a figure counts that say nothing on their own.
_EMPTY_LABELS = word_set("further more less another other some same total overall worldwide")
# Heads of a label that never name what a figure counts: a period, an area, an agreement,
# a reporting verb, a unit ("1.9 % year", "2.3 % zone", "78 % deal" for a share of votes,
# "12 % barrel" for a fall in the price of a barrel).
_NEVER_HEADS = word_set(
    """year years month months week weeks day days time times period zone area deal deals
    agreement says said say reported reports came comes went told showed shows barrel
    barrels tonne tonnes ton tons litre litres gallon gallons ounce ounces hour hours metre
    metres kilometre kilometres mile miles"""
)
# Heads that name a kind of figure but not of what: fine with a qualifier ("deposit rate",
# "unemployment rate"), empty alone ("2 % rate", "0.4 % fall", "10 % average").
_BARE_HEADS = word_set(
    """rate rates level share average total number figure amount fall rise drop increase
    decrease gain cut low high record stretch value percent"""
)
# Past forms ending in -ed that are nouns, so a label ending in one is no verb phrase.
_NOT_VERBS = word_set("need needs speed seed feed bed red hundred shed breed greed")
_CURRENCY_SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥"}
# Currencies by name: a money figure whose label is one is the price of that currency in
# another ("the euro stood at $1.048"), an exchange rate shown "$1.05 per euro".
_CURRENCY_NAMES = word_set(
    """euro euros dollar dollars greenback yen pound pounds sterling yuan renminbi franc
    francs rupee rupees won rouble roubles ruble rubles lira real peso pesos rand ringgit
    baht rupiah zloty forint crown crowns krona krone shekel dirham riyal naira"""
)
_CURRENCY_SAID = {"sterling": "pound sterling", "greenback": "dollar"}  # after "per"
_PERCENT_UNITS = {"percent": "%", "percentage points": "pp", "basis points": "bp"}


@dataclass(frozen=True, slots=True)
class BriefFigure:
    """A key figure: what it counts ("inflation") and its value as shown ("2.3 %")."""

    label: str
    value_text: str


def key_figures(figures: tuple[Figure, ...]) -> tuple[BriefFigure, ...]:
    """One labelled figure per value and unit, in article order, at most ``MAX_FIGURES``.

    One figure per label too: the first is the article's main one ("inflation 2.3 %");
    a second "inflation 2.6 %" (last month's) would contradict it on the page, where the
    words telling them apart are not."""
    kept: list[BriefFigure] = []
    seen: set[tuple[float, float | None, str]] = set()
    labels: set[str] = set()
    for figure in figures:
        key = (figure.value, figure.value_max, figure.unit.casefold())
        label = figure_label(figure)
        if key in seen or label is None or label.casefold() in labels:
            continue
        seen.add(key)
        labels.add(label.casefold())
        value = bounded(_value_text(figure), MAX_FIGURE_VALUE_CHARS)
        kept.append(BriefFigure(bounded(label, MAX_FIGURE_LABEL_CHARS), value))
        if len(kept) == MAX_FIGURES:
            break
    return tuple(kept)


def figure_label(figure: Figure) -> str | None:
    """What ``figure`` counts as a label worth showing (``_label``), or ``None``; an exchange
    rate's "per euro", so that value and label read "$1.05 per euro", never "$1.05 euro"
    (a price in euros?)."""
    label = _label(figure)
    if label is not None and _is_money(figure.unit) and label.casefold() in _CURRENCY_NAMES:
        return "per " + _CURRENCY_SAID.get(label.casefold(), label)
    return label


def _label(figure: Figure) -> str | None:
    """What ``figure`` counts as a label worth showing, or ``None`` when it names nothing.

    A label names what is counted ("inflation", "deposit rate", "people killed"). None for
    no letters ("0"), a head that never names it (``_NEVER_HEADS``: "year", "deal"), a bare
    head without a qualifier (``_BARE_HEADS``: "rate", "fall"), or a verb phrase ("Spain
    reported", "employers offered") unless the figure counts its noun ("40 flights
    delayed": the unit is "flights").
    """
    label = SPACE.sub(" ", figure.context or "").strip()
    words = [w.casefold() for w in WORD.findall(label)]
    if not words or label.casefold() in _EMPTY_LABELS:
        return None
    head = words[-1]
    if head in _NEVER_HEADS or head in _POINTERS:  # "them": whose?
        return None
    if len(words) == 1 and head in _BARE_HEADS:
        return None
    verb = head.endswith("ed") and head not in _NOT_VERBS
    if verb and (len(words) == 1 or words[0] != figure.unit.casefold()):
        return None
    if len(words) == 1 and head.endswith("ier"):  # "heavier": a comparison, not a thing
        return None
    return label


def _is_money(unit: str) -> bool:
    """An ISO 4217 code, as enrichment writes a money figure's unit ("USD", "EUR")."""
    return len(unit) == 3 and unit.isupper()  # noqa: PLR2004


def _value_text(figure: Figure) -> str:
    """The value with its unit: "2.3 %", "$250 million", "about 40,000", "108–110 yen"."""
    number = _number(figure.value)
    if figure.value_max is not None:
        number += "–" + _number(figure.value_max)
    unit = figure.unit
    if unit in _PERCENT_UNITS:
        shown = f"{number} {_PERCENT_UNITS[unit]}"
    elif unit in _CURRENCY_SYMBOLS:
        shown = _CURRENCY_SYMBOLS[unit] + number
    elif _is_money(unit):  # another ISO 4217 code
        shown = f"{unit} {number}"
    elif unit == "count" or unit in (figure.context or "").split():
        shown = number  # the label already says what is counted
    else:
        shown = f"{number} {unit}"
    return f"about {shown}" if figure.approximate else shown


def _number(value: float) -> str:
    for size, word in ((1e9, "billion"), (1e6, "million")):
        if abs(value) >= size:
            return f"{value / size:,.2f}".rstrip("0").rstrip(".") + f" {word}"
    if value == int(value):
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")
