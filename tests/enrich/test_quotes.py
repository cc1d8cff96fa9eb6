"""Quotations and their speakers, on small hand-written articles.

Most tests give ``extract_quotes`` the entities by hand, so that they test the quotation
rules alone, whatever the entity extractor finds; the last ones run the whole enrichment.
"""

from __future__ import annotations

import pytest

from docexport.enrich import enrich
from docexport.enrich.quotes import extract_quotes
from docexport.model import Entity, EntityType, Quote, Span
from docexport.readers.text import read_bytes
from tests.conftest import article

PERSON, ORG, PLACE = EntityType.PERSON, EntityType.ORGANISATION, EntityType.PLACE


def entity(body: list[str], name: str, kind: EntityType, *surfaces: str) -> Entity:
    """The entity with a mention at every place one of its surfaces (or its name) occurs."""
    spans = []
    for block, text in enumerate(body):
        for surface in surfaces or (name,):
            start = text.find(surface)
            while start >= 0:
                spans.append(Span(block=block, start=start, end=start + len(surface)))
                start = text.find(surface, start + len(surface))
    return Entity(name=name, type=kind, mentions=tuple(sorted(spans, key=lambda s: s.start)))


def speakers(body: list[str], *entities: Entity) -> list[tuple[str, str | None]]:
    """(first three words, speaker) of every quotation found."""
    quotes = extract_quotes(body, entities)
    return [(" ".join(q.text.split()[:3]), q.speaker) for q in quotes]


def test_quote_over_two_paragraphs_takes_the_speaker_named_in_the_second() -> None:
    body = [
        "Finance Minister Karin Holm presented the budget on Tuesday.",
        '"We will cut the deficit this year. Every ministry will share the burden.',
        '"Nobody will be spared," Holm said.',
    ]
    people = entity(body, "Karin Holm", PERSON, "Karin Holm", "Holm")
    assert speakers(body, people) == [
        ("We will cut", "Karin Holm"),
        ("Nobody will be", "Karin Holm"),
    ]
    quotes = extract_quotes(body, (people,))
    assert [q.span.block for q in quotes] == [1, 2]
    assert quotes[0].text.endswith("share the burden.")  # the unclosed part ends its paragraph


def test_quote_paragraph_without_attribution_continues_the_last_speaker() -> None:
    body = [
        '"The harvest was the worst in a decade," said farmer Piet Olsen.',
        '"We lost half the wheat to the rain."',
        "Prices for bread have risen since June.",
        "Olsen said he would plant barley next year.",
        '"Barley stands the wet better."',
    ]
    people = entity(body, "Piet Olsen", PERSON, "Piet Olsen", "Olsen")
    assert [s for _, s in speakers(body, people)] == ["Piet Olsen"] * 3


def test_bare_surname_resolves_to_the_full_name_the_entities_missed() -> None:
    body = [
        "Mayor Ilse Brandt opened the new bridge on Monday.",
        '"It took ten years to build," Brandt said.',
    ]
    only_full_name = entity(body, "Ilse Brandt", PERSON)
    assert speakers(body, only_full_name) == [("It took ten", "Ilse Brandt")]


def test_role_resolves_to_the_one_person_introduced_with_it() -> None:
    body = [
        "Defence Minister Tomas Varga met his Polish counterpart in Warsaw.",
        '"The talks were useful and frank," the minister said.',
    ]
    varga = entity(body, "Tomas Varga", PERSON)
    assert speakers(body, varga) == [("The talks were", "Tomas Varga")]


def test_role_shared_by_two_people_stays_unattributed() -> None:
    body = [
        "Defence Minister Tomas Varga met Foreign Minister Ana Lukic on Friday.",
        '"The talks were useful and frank," the minister said.',
    ]
    two = (entity(body, "Tomas Varga", PERSON), entity(body, "Ana Lukic", PERSON))
    assert speakers(body, *two) == [("The talks were", None)]


@pytest.mark.parametrize(
    "paragraph",
    [
        '"We will not retreat," said Joachim Wendt.',
        '"We will not retreat," Joachim Wendt told reporters.',
        '"We will not retreat," Joachim Wendt, the party leader, said on Sunday.',
        'Joachim Wendt said: "We will not retreat."',
        '"We will not retreat", according to Joachim Wendt.',
        "“We will not retreat,” said Joachim Wendt.",
        "« We will not retreat », said Joachim Wendt.",
    ],
)
def test_attribution_patterns(paragraph: str) -> None:
    body = [paragraph]
    wendt = entity(body, "Joachim Wendt", PERSON)
    assert speakers(body, wendt) == [("We will not", "Joachim Wendt")]


def test_colon_at_the_end_of_a_paragraph_introduces_the_next() -> None:
    body = ["The party's leader, Joachim Wendt, said:", '"We will not retreat."']
    wendt = entity(body, "Joachim Wendt", PERSON)
    assert speakers(body, wendt) == [("We will not", "Joachim Wendt")]


def test_pronoun_takes_the_person_the_paragraph_before_is_about() -> None:
    body = [
        "Coach Lena Fischer named her squad for the final against Norway.",
        '"We are ready for them," she said.',
    ]
    fischer = entity(body, "Lena Fischer", PERSON)
    norway = entity(body, "Norway", PLACE)
    assert speakers(body, fischer, norway) == [("We are ready", "Lena Fischer")]


@pytest.mark.parametrize(
    "paragraph",
    [
        'Critics called the merger a "game changer" for the region.',
        'The classic film "Gone With the Wind" returns to cinemas.',
        'Troops took part in Operation "Northern Shield" last spring.',
        'The minister warned of a "resurgent" threat.',
        'The paper "Daily Courier" closed in May.',
    ],
)
def test_scare_quotes_titles_and_labels_are_not_quotations(paragraph: str) -> None:
    assert extract_quotes([paragraph], ()) == ()


def test_partial_quote_that_is_a_clause_is_a_quotation() -> None:
    body = ['The spokesman said Clinton "plans to hold regular news conferences" next year.']
    assert [q.text for q in extract_quotes(body, ())] == ["plans to hold regular news conferences"]


def test_quote_inside_a_quote_stays_inside() -> None:
    body = ["\"He told me 'we will win' before the match,\" said coach Rafael Ortiz."]
    ortiz = entity(body, "Rafael Ortiz", PERSON)
    quotes = extract_quotes(body, (ortiz,))
    assert [(q.text, q.speaker) for q in quotes] == [
        ("He told me 'we will win' before the match", "Rafael Ortiz")
    ]
    nested = ["« Il a dit “nous gagnerons” hier », a déclaré Rafael Ortiz."]
    assert [q.text for q in extract_quotes(nested, ())] == ["Il a dit “nous gagnerons” hier"]


def test_organisation_statement_is_credited_to_the_organisation() -> None:
    body = ['"Supplies remain secure," Norvik Energy said in a statement.']
    norvik = entity(body, "Norvik Energy", ORG)
    assert speakers(body, norvik) == [("Supplies remain secure", "Norvik Energy")]


def test_the_company_is_the_organisation_that_spoke_before() -> None:
    body = [
        "Norvik Energy said on Friday it would close two plants.",
        '"Demand has fallen for three years," the company said.',
    ]
    norvik = entity(body, "Norvik Energy", ORG)
    assert speakers(body, norvik) == [("Demand has fallen", "Norvik Energy")]


def test_spokesperson_named_or_not() -> None:
    named = ['Norvik Energy spokesman Jens Aune said: "We regret the delay."']
    aune = entity(named, "Jens Aune", PERSON)
    norvik = entity(named, "Norvik Energy", ORG)
    assert speakers(named, aune, norvik) == [("We regret the", "Jens Aune")]
    # An unnamed spokesperson is not the company's voice by name: no speaker, no guess.
    unnamed = ['A spokeswoman for Norvik Energy said: "We regret the delay."']
    assert speakers(unnamed, entity(unnamed, "Norvik Energy", ORG)) == [("We regret the", None)]


def test_unnamed_source_gives_no_speaker_and_its_follow_up_none_either() -> None:
    body = [
        "Analyst Maria Pinto expects rates to hold.",
        '"Prices will fall before the summer," one trader said.',
        '"Nobody is buying."',
    ]
    pinto = entity(body, "Maria Pinto", PERSON)
    assert [s for _, s in speakers(body, pinto)] == [None, None]


def test_building_is_never_a_speaker() -> None:
    body = [
        '"The launch is on schedule," said an official at Kennedy Space Center.',
        'NASA Administrator Bill Nelson, at Kennedy Space Center, said: "We are ready."',
    ]
    # The entity extractor's mistake, as in issue #13: the space centre as a person.
    center = entity(body, "Kennedy Space Center", PERSON)
    nelson = entity(body, "Bill Nelson", PERSON)
    assert speakers(body, center, nelson) == [
        ("The launch is", None),
        ("We are ready.", "Bill Nelson"),
    ]
    lone = ['"The launch is on schedule," Kennedy Space Center said.']
    assert speakers(lone, entity(lone, "Kennedy Space Center", PERSON)) == [("The launch is", None)]


def test_no_quotation_marks_no_quotes() -> None:
    assert extract_quotes(["Rates were held at 4.5 percent."], ()) == ()
    assert extract_quotes([], ()) == ()


def test_same_input_same_output() -> None:
    body = ['"Rates must fall," said Anna Berg.', '"And soon."']
    berg = (entity(body, "Anna Berg", PERSON),)
    assert extract_quotes(body, berg) == extract_quotes(body, berg)
    assert all(isinstance(q, Quote) for q in extract_quotes(body, berg))


def test_whole_enrichment_attributes_a_multi_paragraph_quote() -> None:
    text = article(
        "Port strike ends",
        "Union leader Marta Kowalska announced the end of the strike on Monday.",
        '"The workers have won a fair deal. The ships will move again tomorrow.',
        '"We thank everyone who stood with us," Kowalska said.',
        'Shipping firms called the deal a "relief".',
    )
    item = enrich(read_bytes(text.encode(), "t.txt"))
    assert [(q.text.split()[0], q.speaker) for q in item.quotes] == [
        ("The", "Marta Kowalska"),
        ("We", "Marta Kowalska"),
    ]


@pytest.mark.parametrize(
    ("paragraph", "name", "words"),
    [
        (
            'Minister Ilse Varga said Orvania would "respond with all means" to any raid.',
            "Ilse Varga",
            "respond with all",
        ),
        (
            'The prosecutor, Tomas Reyes, said the clerk had "sold secrets for a new car".',
            "Tomas Reyes",
            "sold secrets for",
        ),
        (
            'Governor Lena Fisk said the two parties were "pulling in opposite directions".',
            "Lena Fisk",
            "pulling in opposite",
        ),
    ],
)
def test_a_verb_phrase_worked_into_the_sentence_is_a_quotation(
    paragraph: str, name: str, words: str
) -> None:
    person = entity([paragraph], name, PERSON)
    assert speakers([paragraph], person) == [(words, name)]


@pytest.mark.parametrize(
    "paragraph",
    [
        (
            'Mayor Ruth Alder called the plan "a bridge to nowhere paid for by our children" and'
            " said she would oppose it."
        ),
        'Analysts described the price as "steep but not absurd".',
        'The army said the patrol was "entirely routine in scope".',
    ],
)
def test_a_verbless_fragment_after_called_or_was_is_not_a_quotation(paragraph: str) -> None:
    assert extract_quotes([paragraph], ()) == ()


def test_a_sentence_that_names_its_own_subject_beats_the_last_speaker() -> None:
    body = [
        '"We will win on appeal," said coach Ana Ruiz.',
        (
            "Senator Paul Dunmore, who chairs the sports committee, called the ruling"
            ' "a decision that will haunt the league for years".'
        ),
    ]
    people = (entity(body, "Ana Ruiz", PERSON), entity(body, "Paul Dunmore", PERSON))
    assert speakers(body, *people) == [
        ("We will win", "Ana Ruiz"),
        ("a decision that", "Paul Dunmore"),
    ]


def test_called_it_and_said_takes_the_subject_of_both() -> None:
    body = [
        (
            'Spokesman Ivo Marek called the fine "a tax on success" and said the firm would'
            ' "fight it in every court".'
        )
    ]
    marek = entity(body, "Ivo Marek", PERSON)
    assert speakers(body, marek) == [("fight it in", "Ivo Marek")]


def test_according_to_a_statement_issued_by_the_company() -> None:
    body = [
        (
            'Orvik Telecom said it would appeal. "We reject the findings", according to a'
            " statement issued by the company."
        )
    ]
    orvik = entity(body, "Orvik Telecom", ORG)
    assert speakers(body, orvik) == [("We reject the", "Orvik Telecom")]


def test_he_said_after_a_paragraph_opening_with_reported_speech() -> None:
    body = [
        '"Demand is strong," said analyst Mira Chen.',
        'Karl Obst said the plant would open in May. "We are ready for it," he said.',
    ]
    people = (entity(body, "Mira Chen", PERSON), entity(body, "Karl Obst", PERSON))
    assert speakers(body, *people) == [
        ("Demand is strong", "Mira Chen"),
        ("We are ready", "Karl Obst"),
    ]
