"""Entity extraction: the seed's quality bar and the traps of capitalised English."""

from __future__ import annotations

import pytest

from docexport.enrich import HEADLINE_BLOCK, enrich
from docexport.model import EntityType
from docexport.readers.text import read_bytes
from tests.conftest import SEED, article


def entities(text: str, headline: str = "Headline"):
    item = enrich(read_bytes(article(headline, text).encode(), "t.txt"))
    return {e.name: e for e in item.entities}


def names(found, kind: EntityType) -> set[str]:
    return {n for n, e in found.items() if e.type is kind}


@pytest.fixture(scope="module")
def seed():
    return enrich(read_bytes(SEED.read_bytes(), SEED.name))


def test_seed_people_are_exactly_the_three(seed) -> None:
    people = {e.name for e in seed.entities if e.type is EntityType.PERSON}
    assert people == {"Patrick Ryder", "Erik Kurilla", "Ken McCallum"}


def test_seed_organisations_and_places(seed) -> None:
    orgs = {e.name for e in seed.entities if e.type is EntityType.ORGANISATION}
    places = {e.name for e in seed.entities if e.type is EntityType.PLACE}
    assert {"CENTCOM", "ISIS", "Pentagon", "Hezbollah", "Hamas", "MI5", "al Qaeda"} <= orgs
    assert {
        "Iraq",
        "Syria",
        "Israel",
        "Lebanon",
        "Gaza",
        "Iran",
        "Middle East",
        "United Kingdom",
        "United States",
    } <= places


def test_seed_has_no_junk_entities(seed) -> None:
    every = {e.name for e in seed.entities}
    for junk in (
        "Furthermore",
        "Lastly",
        "Despite",
        "According",
        "Since",
        "However",
        "The",
        "Operation Inherent Resolve",
        "Iraqi",
        "Ryder",
        "August",
        "April",
    ):
        assert junk not in every


def test_titles_are_kept_apart_and_surnames_merge(seed) -> None:
    ryder = next(e for e in seed.entities if e.name == "Patrick Ryder")
    assert ryder.titles == ("Major General",)
    assert ryder.mention_count == 5  # full name once, "Ryder" four times
    kurilla = next(e for e in seed.entities if e.name == "Erik Kurilla")
    assert kurilla.titles == ("Gen.",)


def test_mention_offsets_point_at_the_text(seed) -> None:
    for entity in seed.entities:
        for span in entity.mentions:
            source = seed.headline if span.block == HEADLINE_BLOCK else seed.body[span.block].text
            written = source[span.start : span.end]
            assert written, entity
            assert written[0].isupper() or written.startswith("al"), (entity.name, written)


def test_us_variants_are_one_place_with_a_country_code(seed) -> None:
    us = [e for e in seed.entities if e.name == "United States"]
    assert len(us) == 1
    assert us[0].country_code == "US"
    written = {
        seed.body[m.block].text[m.start : m.end] if m.block >= 0 else seed.headline[m.start : m.end]
        for m in us[0].mentions
    }
    assert written == {"US", "U.S."}


def test_pentagon_found_in_the_headline_only(seed) -> None:
    pentagon = next(e for e in seed.entities if e.name == "Pentagon")
    assert {m.block for m in pentagon.mentions} == {HEADLINE_BLOCK}


def test_possessives_and_hyphen_suffixes() -> None:
    found = entities("CENTCOM's statement followed the US-led strike. NATO's chief spoke.")
    assert names(found, EntityType.ORGANISATION) >= {"CENTCOM", "NATO"}
    assert "United States" in names(found, EntityType.PLACE)
    assert not any("'s" in n or "led" in n for n in found)


def test_sentence_initial_words_are_not_entities() -> None:
    found = entities(
        "Furthermore, the talks stalled. Meanwhile, prices rose. Despite this, Officials "
        "stayed calm. Lastly, nothing happened."
    )
    assert found == {}


def test_acronyms_stay_as_written_and_parenthesised_acronyms_split() -> None:
    found = entities("The European Central Bank (ECB) and the FBI met MI5 officers in London.")
    assert {"European Central Bank", "FBI", "MI5"} <= names(found, EntityType.ORGANISATION)
    assert "London" in names(found, EntityType.PLACE)
    assert not any("(" in n or "ECB" in n.split() for n in found if n != "ECB")


def test_non_us_names_with_particles_and_double_titles() -> None:
    found = entities(
        "Commission President Ursula von der Leyen met Railway Minister Dr. Farah Siddiqui "
        "and Luiz Inácio Lula da Silva in Brasília. Von der Leyen said little."
    )
    people = names(found, EntityType.PERSON)
    assert {"Ursula von der Leyen", "Farah Siddiqui", "Luiz Inácio Lula da Silva"} <= people
    assert found["Farah Siddiqui"].titles == ("Minister", "Dr.")
    assert found["Ursula von der Leyen"].titles == ("President",)
    assert found["Ursula von der Leyen"].mention_count == 2  # "Von der Leyen said"
    assert "Railway" not in found
    assert "Commission" not in found


def test_organisation_cue_words_and_company_names() -> None:
    found = entities(
        "The Office for National Statistics and Dalal Securities disagreed with Google "
        "DeepMind and the Higher Military Commission."
    )
    orgs = names(found, EntityType.ORGANISATION)
    assert {
        "Office for National Statistics",
        "Dalal Securities",
        "Higher Military Commission",
    } <= orgs
    assert not names(found, EntityType.PERSON)


def test_events_and_laws_are_not_entities() -> None:
    found = entities("Troops joined Operation Inherent Resolve under the National Security Act.")
    assert found == {}
