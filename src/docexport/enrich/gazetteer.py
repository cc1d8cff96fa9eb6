"""Lookup tables loaded once per process from ``enrich/data`` (package data).

Loading takes a few milliseconds and happens only when enrichment runs, never for
``--no-enrich`` conversions.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources

__all__ = [
    "Place",
    "load_mediatopics",
    "load_organisations",
    "load_places",
    "load_titles",
    "load_topic_cues",
]


@dataclass(frozen=True, slots=True)
class Place:
    name: str
    country_code: str | None
    kind: str
    """``country``, ``region`` or ``city``."""


def _lines(name: str) -> list[str]:
    text = resources.files("docexport.enrich").joinpath("data", name).read_text("utf-8")
    return [line for line in text.splitlines() if line and not line.startswith("#")]


class _Places(dict[str, str]):
    """Surface form → raw table row, parsed into a ``Place`` only when looked up.

    Building 9,000 ``Place`` objects up front cost ~15 ms of every enriching process;
    an article looks up a few dozen.
    """

    def get(self, key: str, default: None = None) -> Place | None:  # type: ignore[override]
        row = super().get(key)
        if row is None:
            return default
        canonical, code, kind = row.split("\t")
        return Place(canonical, code or None, kind)


@functools.cache
def load_places() -> _Places:
    """Surface form → place (``US`` and ``U.S.`` → United States, code ``US``)."""
    return _Places(line.split("\t", 1) for line in _lines("places.tsv"))


@functools.cache
def load_organisations() -> dict[str, str]:
    """Surface form → canonical organisation name, for bodies with no cue word."""
    return dict(line.split("\t") for line in _lines("organisations.tsv"))  # type: ignore[misc]


@functools.cache
def load_titles() -> tuple[tuple[str, ...], ...]:
    """Titles as token tuples, longest first (``("Major", "General")`` before ``("Major",)``)."""
    titles = {tuple(line.split()) for line in _lines("titles.txt")}
    return tuple(sorted(titles, key=len, reverse=True))


@functools.cache
def load_mediatopics() -> dict[str, tuple[str, tuple[str, ...]]]:
    """IPTC Media Topic qcode → (English label, broader qcodes)."""
    table = {}
    for line in _lines("mediatopics.tsv"):
        qcode, label, broader = line.split("\t")
        table[qcode] = (label, tuple(b for b in broader.split(",") if b))
    return table


@functools.cache
def load_topic_cues() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(qcode, cue words) rows from ``topics.tsv``."""
    rows = []
    for line in _lines("topics.tsv"):
        qcode, cues = line.split("\t")
        rows.append((qcode, tuple(c.strip() for c in cues.split(","))))
    return tuple(rows)
