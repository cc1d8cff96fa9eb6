"""Lookup tables loaded once per process from ``enrich/data`` (package data).

Loading takes a few milliseconds and happens only when enrichment runs, never for
``--no-enrich`` conversions.

Places: ``places.tsv`` keeps every namesake (Paris, France and Paris, Texas); ``resolve_place``
picks the one an editor would mean, from the words around it:

1. a qualifier right after the name or a name it qualifies ("Richmond, Virginia",
   "Paris, Texas", "London, Ontario", "Portland, Ore.");
2. a state or province named nearby: "Portland" near "Maine", "Georgia" near "Texas";
3. a country reading before a town's or a region's ("Georgia" alone is the country);
4. a national capital (London, not London, Ontario);
5. a country named nearby, or a city of it ("Valencia" near "Spain" or "Madrid");
6. the largest population (Birmingham, England over Birmingham, Alabama).

Towns under 100,000 people (and towns named like everyday words: Mobile, Reading) are places
only when qualified, so "Paris" alone is never Paris, Texas.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources
from mmap import mmap
from typing import NamedTuple

from docexport.enrich.package_data import mapped

__all__ = [
    "Place",
    "load_mediatopics",
    "load_organisations",
    "load_places",
    "load_titles",
    "load_topic_cues",
    "resolve_place",
]


@dataclass(frozen=True, slots=True, kw_only=True)
class Place:
    """One reading of a place name; codes are ``None`` where the data has none."""

    name: str
    kind: str
    """``country``, ``region`` or ``city``."""
    country_code: str | None = None
    """ISO 3166-1 alpha-2 (``US``); the country's own code for a country."""
    subdivision_code: str | None = None
    """ISO 3166-2 first-level subdivision (``US-VA``)."""
    geonames_id: int | None = None


_CHUNK = 8192  # bytes of the places table split at a time (about 150 rows)


class _Candidate(NamedTuple):
    place: Place
    population: int
    role: str
    """``capital`` (national), ``qualified`` (a place only when qualified) or empty."""


def _lines(name: str) -> list[str]:
    text = resources.files("docexport.enrich").joinpath("data", name).read_text("utf-8")
    return [line for line in text.splitlines() if line and not line.startswith("#")]


class _Places:
    """Surface form → candidate places, parsed only when a form is looked up.

    The table (40,000 rows, 2 MB, sorted) stays as undecoded bytes and is searched by
    bisection: splitting it into a dict would cost ~20 ms of every enriching process, and
    an article looks up about a hundred forms. Even splitting it into lines took 4 ms, so
    it is cut into chunks of about ``_CHUNK`` bytes at line ends, each chunk split into
    lines the first time a lookup lands in it (an article touches a few dozen of 250).
    ``name in places`` is true when the form can be a place on its own;
    ``places.get(name)`` is its reading without context.
    """

    def __init__(self, table: bytes | mmap) -> None:
        end = len(table)
        while end and table[end - 1] == ord("\n"):  # no copy of the table to strip it
            end -= 1
        starts = [0]
        while (cut := table.find(b"\n", starts[-1] + _CHUNK, end)) >= 0:
            starts.append(cut + 1)
        self._table = table
        self._starts = [*starts, end + 1]
        """Where each chunk starts; the last entry is one past the table's end."""
        self._firsts = [table[at : table.find(b"\n", at, end)] for at in starts]
        """The first line of each chunk (the last one's may run to the end: no newline)."""
        self._firsts[-1] = table[starts[-1] : end].split(b"\n", 1)[0]
        self._chunks: dict[int, list[bytes]] = {}
        self._parsed: dict[str, tuple[_Candidate, ...]] = {}

    def candidates(self, surface: str) -> tuple[_Candidate, ...]:
        """Every namesake, qualified-only towns included."""
        found = self._parsed.get(surface)
        if found is None:
            found = self._parsed[surface] = self._parse(surface)
        return found

    def rows(self) -> Iterator[bytes]:
        """Every row, in table order (for tests and tools, not for lookups)."""
        for chunk in range(len(self._firsts)):
            yield from self._lines(chunk)

    def _lines(self, chunk: int) -> list[bytes]:
        lines = self._chunks.get(chunk)
        if lines is None:
            text = self._table[self._starts[chunk] : self._starts[chunk + 1] - 1]
            lines = self._chunks[chunk] = text.split(b"\n")
        return lines

    def _parse(self, surface: str) -> tuple[_Candidate, ...]:
        key = surface.encode() + b"\t"
        # Rows >= key begin in the last chunk whose first row is < key (or the next one).
        chunk = max(0, bisect.bisect_left(self._firsts, key) - 1)
        lines = self._lines(chunk)
        at = bisect.bisect_left(lines, key)
        found = []
        while True:
            if at == len(lines):  # the rows of a form may run on into the next chunk
                chunk += 1
                if chunk == len(self._firsts):
                    break
                lines, at = self._lines(chunk), 0
            if not lines[at].startswith(key):
                break
            _, name, kind, country, sub, gid, population, role = lines[at].decode().split("\t")
            place = Place(
                name=name,
                kind=kind,
                country_code=country or None,
                subdivision_code=sub or None,
                geonames_id=int(gid) if gid else None,
            )
            found.append(_Candidate(place, int(population or 0), role))
            at += 1
        return tuple(found)

    def __contains__(self, surface: object) -> bool:
        return isinstance(surface, str) and any(
            c.role != "qualified" for c in self.candidates(surface)
        )

    def get(self, surface: str, default: None = None) -> Place | None:
        return resolve_place(surface) or default


@functools.cache
def load_places() -> _Places:
    """Surface form → places (``US`` and ``U.S.`` → United States, code ``US``)."""
    return _Places(mapped("places.tsv"))


def resolve_place(name: str, context: str = "") -> Place | None:
    """The place ``name`` most likely means in ``context`` (its sentence or paragraph, perhaps
    with the article's other place names), or ``None`` if it is no place there.

    A subdivision read from a qualifier fills in one the data lacks: "London, Ontario" gives
    London (CA) with ``CA-ON``.
    """
    candidates = load_places().candidates(name)
    if not candidates:
        return None
    alone = len(candidates) == 1 and candidates[0].role != "qualified"
    if alone and "," not in context:
        return candidates[0].place  # the common case (Iraq, Mainz), kept cheap
    return _resolve(name, candidates, context, _NO_EVIDENCE if alone else _evidence(context, name))


class _Evidence(NamedTuple):
    subdivisions: frozenset[str] = frozenset()
    """Of the states and provinces named nearby."""
    region_countries: frozenset[str] = frozenset()
    """Countries of the states and provinces named nearby."""
    countries: frozenset[str] = frozenset()
    """Of every place named nearby."""


_NO_EVIDENCE = _Evidence()


def _resolve(
    name: str, candidates: tuple[_Candidate, ...], context: str, evidence: _Evidence
) -> Place | None:
    qualified = _qualified(name, candidates, context) if "," in context else {}
    eligible = [
        c
        for c in candidates
        if c.role != "qualified"
        or c in qualified
        or c.place.subdivision_code in evidence.subdivisions
    ]
    if not eligible:
        return None
    cities = [c.place for c in eligible if c.place.kind == "city"]

    def rank(c: _Candidate) -> tuple[int | bool, ...]:
        place = qualified.get(c, c.place)
        return (
            c in qualified,
            _near(place, evidence),
            place.kind == "country",
            c.role == "capital",
            place.country_code in evidence.countries,
            not _absorbed(place, cities),
            place.kind == "region" and place.country_code is None,  # "Punjab": not guessed
            c.population // _REGION_DISCOUNT if place.kind == "region" else c.population,
        )

    winner = max(eligible, key=rank)
    return qualified.get(winner, winner.place)


_REGION_DISCOUNT = 10
"""A region's population is a rough estimate (its country's share per region); a city of its
name elsewhere wins unless the region is ten times larger: Granada and Santander (Spain) over
the Nicaraguan and Colombian departments, but Virginia over Virginia, South Africa."""


def _near(place: Place, evidence: _Evidence) -> bool:
    """A state or province named nearby holds the place, or is of the same country as a
    region or country reading (Texas and Georgia: the state; Jalisco and Mexico: the country)."""
    sub, code = place.subdivision_code, place.country_code
    if sub and place.kind != "country":
        return sub in evidence.subdivisions or (
            place.kind == "region" and code in evidence.region_countries
        )
    return code in evidence.region_countries


def _absorbed(place: Place, cities: list[Place]) -> bool:
    """A region named after a city of its own (New York, Madrid, São Paulo): the city is meant."""
    return place.kind == "region" and any(
        c.country_code == place.country_code
        and c.subdivision_code in (None, place.subdivision_code)
        for c in cities
    )


def _qualified(
    name: str, candidates: tuple[_Candidate, ...], context: str
) -> dict[_Candidate, Place]:
    """Candidates a qualifier fits ("Richmond, Virginia" either way round), with their
    reading: a town takes the qualifier's subdivision if it had none."""
    qualified: dict[_Candidate, Place] = {}
    for qualifier in _qualifiers_after(name, context):
        for town, container in _pairs(candidates, load_places().candidates(qualifier)):
            qualified.setdefault(town, _with_subdivision(town.place, container.place))
    for town in _towns_before(name, context):
        for _, container in _pairs(load_places().candidates(town), candidates):
            qualified.setdefault(container, container.place)
    return qualified


def _pairs(
    towns: tuple[_Candidate, ...], containers: tuple[_Candidate, ...]
) -> list[tuple[_Candidate, _Candidate]]:
    """(town, container) readings that fit one another, best fits first: a subdivision
    match before a mere country match."""
    fits = [
        (level, t, q)
        for q in containers
        if q.place.kind != "city" and q.place.country_code is not None
        for t in towns
        if t.place.kind != "country" and t.place != q.place and (level := _fit(t, q))
    ]
    fits.sort(key=lambda f: -f[0])
    return [(t, q) for _, t, q in fits]


def _fit(town: _Candidate, container: _Candidate) -> int:
    t, q = town.place, container.place
    if q.kind == "country":
        return 2 if t.country_code == q.country_code else 0
    if t.subdivision_code:
        return 2 if t.subdivision_code == q.subdivision_code else 0
    return 1 if t.country_code == q.country_code else 0


def _with_subdivision(town: Place, container: Place) -> Place:
    if town.subdivision_code or container.kind != "region":
        return town
    return Place(
        name=town.name,
        kind=town.kind,
        country_code=town.country_code,
        subdivision_code=container.subdivision_code,
        geonames_id=town.geonames_id,
    )


_WORD = r"[\w.'’-]+"
_QUALIFIER_WORDS = re.compile(rf"{_WORD}(?: {_WORD}){{0,3}}")
_QUALIFIER_REACH = 40
"""Characters either side of a name that may hold its qualifier (four words or so)."""
_WORDS_BEFORE = re.compile(rf"(?:{_WORD} ){{0,3}}{_WORD}$")


# Plain string searches, not patterns built from each name: compiling those cost more
# than all the rest of place resolution.


def _qualifiers_after(name: str, context: str) -> list[str]:
    """Places written right after ``name, ``: "Virginia" in "Richmond, Virginia" (or in a
    dateline's "RICHMOND, Va.")."""
    lowered = context.lower()
    haystack, key = (lowered, name.lower()) if len(lowered) == len(context) else (context, name)
    found, at = [], haystack.find(key + ", ")
    while at >= 0:
        if at == 0 or not haystack[at - 1].isalnum():
            words = _QUALIFIER_WORDS.match(context, at + len(key) + 2)
            found += _longest_place(words.group().split(), from_start=True) if words else []
        at = haystack.find(key + ", ", at + 1)
    return found


def _towns_before(name: str, context: str) -> list[str]:
    """Places written right before ``, name``: "Richmond" in "Richmond, Virginia"."""
    found, at = [], context.find(", " + name)
    while at >= 0:
        after = context[at + len(name) + 2 : at + len(name) + 3]
        if not after.isalnum() and (words := _WORDS_BEFORE.search(context, 0, at)):
            found += _longest_place(words.group().split(), from_start=False)
        at = context.find(", " + name, at + 1)
    return found


def _longest_place(words: list[str], *, from_start: bool) -> list[str]:
    """The longest run of ``words`` from one end that the table knows ("New South Wales"
    before "New"), with a possessive or full stop dropped: "Venezuela's", "Virginia."."""
    places = load_places()
    for size in range(len(words), 0, -1):
        run = " ".join(words[:size] if from_start else words[-size:])
        for form in (run, run.removesuffix("'s").removesuffix("’s"), run.rstrip(".")):
            if places.candidates(form):
                return [form]
    return []


_CAPITAL = "[A-ZÀ-ÖØ-Þ]"  # Latin capitals, accented ones too (Île-de-France, Örebro)
_CAPITALISED_RUN = re.compile(
    rf"{_CAPITAL}[\w'’.-]*(?: (?:of |de |do |da |del )?{_CAPITAL}[\w'’.-]*)*"
)


def _evidence(context: str, name: str) -> _Evidence:
    """What the other places named in ``context`` say about ``name``."""
    if not context:
        return _NO_EVIDENCE
    subs: set[str] = set()
    region_countries: set[str] = set()
    countries: set[str] = set()
    for form, place in _readings(context):
        if form == name or place.country_code is None:
            continue
        countries.add(place.country_code)
        if place.kind == "region" and place.subdivision_code:
            subs.add(place.subdivision_code)
            region_countries.add(place.country_code)
    return _Evidence(frozenset(subs), frozenset(region_countries), frozenset(countries))


@functools.lru_cache(maxsize=256)
def _readings(context: str) -> tuple[tuple[str, Place], ...]:
    """Every place named in ``context``, read alone or with its qualifier ("Atlanta,
    Georgia": the US state), never with evidence, which would go round in circles."""
    readings = []
    places = load_places()
    for run in _CAPITALISED_RUN.findall(context):
        for form in _places_in(run):
            candidates = places.candidates(form)
            place = _resolve(form, candidates, _qualifier_context(form, context), _NO_EVIDENCE)
            if place is not None:
                readings.append((form, place))
    return tuple(readings)


def _qualifier_context(form: str, context: str) -> str:
    """Only the words around ``form`` where a qualifier could stand."""
    at = context.find(form)
    if at < 0 or "," not in context:
        return ""
    start = context.rfind(" ", 0, max(0, at - _QUALIFIER_REACH)) + 1
    end = context.find(" ", at + len(form) + _QUALIFIER_REACH)
    return context[start : end if end >= 0 else len(context)]


def _places_in(run: str) -> list[str]:
    """Known place names in a capitalised run, longest first from the left."""
    words, found, at = run.split(), [], 0
    places = load_places()
    while at < len(words):
        for size in range(min(len(words) - at, 4), 0, -1):
            form = " ".join(words[at : at + size]).removesuffix("'s").removesuffix("’s")
            if places.candidates(form) or places.candidates(form := form.rstrip(".")):
                found.append(form)
                at += size
                break
        else:
            at += 1
    return found


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
