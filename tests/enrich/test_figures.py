"""Key figures on hand-written examples: every kind of issue #13, what each counts, and
numbers that are not figures."""

from __future__ import annotations

import pytest

from docexport.briefing.figures import key_figures
from docexport.enrich import enrich
from docexport.enrich.figures import extract_figures
from docexport.enrich.text import split_sentences
from docexport.model import Figure, validate_dict
from docexport.readers.text import read_bytes
from tests.conftest import article


def figures(text: str) -> tuple[Figure, ...]:
    return extract_figures(split_sentences(0, text))


def one(text: str) -> Figure:
    found = figures(text)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    ("text", "figure", "value", "value_max", "unit"),
    [
        ("The yen traded between 108 and 110 yen.", "between 108 and 110 yen", 108, 110, "JPY"),
        ("Growth of 3-4 percent is forecast.", "3-4 percent", 3, 4, "percent"),
        ("Growth of 3 to 4 percent is forecast.", "3 to 4 percent", 3, 4, "percent"),
        (
            "From 5 to 7 million people were displaced.",
            "From 5 to 7 million people",
            5e6,
            7e6,
            "people",
        ),
        ("The bill is $5-7 million.", "$5-7 million", 5e6, 7e6, "USD"),
    ],
)
def test_ranges(text: str, figure: str, value: float, value_max: float, unit: str) -> None:
    found = one(text)
    assert (found.text, found.value, found.value_max, found.unit) == (
        figure,
        value,
        value_max,
        unit,
    )
    assert text[found.span.start : found.span.end] == figure


@pytest.mark.parametrize(
    ("text", "figure"),
    [
        ("About 300 people marched.", "About 300 people"),
        ("Nearly 40 percent voted.", "Nearly 40 percent"),
        ("It raised more than $2 billion.", "more than $2 billion"),
        ("Some 10,000 fans came.", "Some 10,000 fans"),
        ("Roughly 12 km of road washed away.", "Roughly 12 km"),
        ("Up to 500 tonnes of grain spoiled.", "Up to 500 tonnes"),
    ],
)
def test_approximate_values(text: str, figure: str) -> None:
    found = one(text)
    assert found.text == figure
    assert found.approximate


def test_an_exact_value_is_not_approximate() -> None:
    assert not one("It raised $2 billion.").approximate


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("Two people were hurt.", 2, "people"),
        ("Rebels freed twenty-five hostages.", 25, "hostages"),
        ("The flood displaced three million people.", 3e6, "people"),
        ("Police held a dozen protesters.", 12, "protesters"),
        ("The region pumps half a million barrels a day.", 5e5, "barrels"),
        ("Yields fell two basis points.", 2, "basis points"),
        ("The firm lost five million dollars.", 5e6, "USD"),
    ],
)
def test_numbers_in_words(text: str, value: float, unit: str) -> None:
    found = one(text)
    assert (found.value, found.unit) == (value, unit)


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("The fund raised $250 million.", 250e6, "USD"),
        ("The deal was worth US$3bn.", 3e9, "USD"),
        ("The fine was €40 million.", 40e6, "EUR"),
        ("Rents rose to £1,200.", 1200, "GBP"),
        ("A ticket costs ¥300.", 300, "JPY"),
        ("The plan costs 250 million euros.", 250e6, "EUR"),
        ("He sold it for 10,925 pounds.", 10925, "GBP"),
        ("The dollar bought 108 yen.", 108, "JPY"),
        ("Farmers earn 5,000 rupees a month.", 5000, "INR"),
        ("Aid reached 4 million dollars.", 4e6, "USD"),
        ("The contract is worth 30 Australian dollars a tonne.", 30, "AUD"),
        ("Exports hit USD 5 billion.", 5e9, "USD"),
    ],
)
def test_currencies(text: str, value: float, unit: str) -> None:
    found = one(text)
    assert (found.value, found.unit) == (value, unit)


@pytest.mark.parametrize(
    ("text", "figure", "unit"),
    [
        ("Inflation was 2.1% in March.", "2.1%", "percent"),
        ("Inflation was 2.1 per cent in March.", "2.1 per cent", "percent"),
        ("Rates rose 50 basis points.", "50 basis points", "basis points"),
        ("The pipeline runs 1,200 km.", "1,200 km", "km"),
        ("The ship carried 4,275 tonnes of wheat.", "4,275 tonnes", "tonnes"),
        ("Output rose by 200,000 barrels.", "200,000 barrels", "barrels"),
        ("The storm killed 14 people.", "14 people", "people"),
        ("There are 40,000 US troops there.", "40,000 US troops", "troops"),
        ("They sent 45 warships across the sea.", "45 warships", "warships"),
        ("Over 3,000 police officers stood by.", "Over 3,000 police officers", "officers"),
        ("They built a 350-kilometre railway.", "350-kilometre", "kilometres"),
        ("Rescuers lifted 120 aircraft parts.", "120 aircraft", "aircraft"),
    ],
)
def test_units(text: str, figure: str, unit: str) -> None:
    found = one(text)
    assert (found.text, found.unit) == (figure, unit)


@pytest.mark.parametrize(
    ("text", "context"),
    [
        ("Inflation rose to 2.1% in March.", "inflation"),
        ("Annual inflation was 2.1%.", "inflation"),
        ("Growth of 3-4 percent is forecast.", "growth"),
        ("The quake left 50 people killed and many homeless.", "people killed"),
        ("In the north, 50 people were killed.", "people killed"),
        ("Halvorsen bought a 5% stake in the port.", "stake"),
        ("He won 52 percent of the vote.", "vote"),
        ("Wheat made up some 10 percent of overall imports.", "imports"),
        ("The ship carried 4,275 tonnes of Canadian wheat.", "wheat"),
        ("The fund raised $250 million on Monday.", "fund raised"),
        ("A collector paid 9,000 pounds ($11,700) for it.", "collector paid"),
        ("The agency appealed for $45 million.", "agency appealed"),
        ("They formed a $250 million joint venture with Orvik.", "venture"),
        ("Shares rose 3 percent after the company raised its forecast.", "shares"),
    ],
)
def test_the_counted_noun(text: str, context: str) -> None:
    assert {f.context for f in figures(text)} == {context}


@pytest.mark.parametrize(
    "text",
    [
        "It cost €1.2bn last year.",  # a pronoun
        "They reached a small village about 345 miles away.",  # no verb before it
        "In addition, another $12 million was pledged.",
        "Overall, they said, 40% was a fair share.",  # a pronoun, a clause away
    ],
)
def test_no_context_rather_than_a_wrong_one(text: str) -> None:
    assert one(text).context is None


def test_a_second_figure_counts_what_the_first_does() -> None:
    """ "by N to M": both are the rate's; an earlier figure is stepped over, not taken."""
    found = figures("The bank raised its rate by 75 basis points to 28.5%.")
    assert [(f.text, f.context) for f in found] == [("75 basis points", "rate"), ("28.5%", "rate")]
    found = figures("Inflation slowed to 6.1 percent in May from 7.4 percent in April.")
    assert [f.context for f in found] == ["inflation", "inflation"]
    found = figures("Exports climbed 5 percent to $11 billion in the third quarter.")
    assert [f.context for f in found] == ["exports", "exports"]


@pytest.mark.parametrize(
    ("text", "context"),
    [
        # the head of the subject, not the noun of a phrase after it
        ("Shares in Norvik Mining fell 4% on Friday.", "shares"),
        ("Unemployment across the southern provinces climbed to 9.1 percent.", "unemployment"),
        ("Foreign spending into rural schools rose 12 percent.", "spending"),
        ("The number of complaints it receives rose by 20%.", "complaints"),
        ("Output in Tolvania, the region's largest producer, rose 8%.", "output"),
        ("Analysts said the country's reserves, which fell to $12 billion, were thin.", "reserves"),
        ("Farmers are already borrowing at 31 percent.", "farmers borrowing"),
        # what moved, not what it moved against
        ("The peso fell 2% against the dollar to $0.055.", "peso"),
        # the object a verb sets to the figure
        ("The central bank kept its key rate on hold at 6.5%.", "rate"),
        ("The IMF cut its growth forecast for Kenya to 4.8%.", "forecast"),
        ("The council will reduce its holdings of bonds by £3bn.", "holdings"),
        # money: the noun it is in, the subject that moves it
        ("Donors are weighing a further $80 million in grants.", "grants"),
        ("The startup raised €40 million in a funding round led by Argo.", "round"),
        ("Regulators on Tuesday fined Orvik Telecom €30 million.", "regulators fined"),
        ("The council remains on track to borrow $300 million from banks.", "council"),
        ("He was paid in gold worth about £50,000 a year.", "gold"),
        ("The fine, equivalent to about $9 million, was upheld.", "fine"),
        ("It approved an ₹12,000 crore ($1.4 billion) metro line linking two towns.", "line"),
        # "N percent of Y": the head of Y, past its adjectives
        ("Firms face fines of up to 4% of their total annual revenue.", "revenue"),
        ("Mortgage rates fell, with the average fixed deal now at 5.2 percent.", "deal"),
        ("The plan is to cost $31 million.", "plan"),
        ("The new bridge cost $31 million.", "bridge cost"),
    ],
)
def test_the_head_of_the_phrase_the_figure_counts(text: str, context: str) -> None:
    assert {f.context for f in figures(text)} == {context}


def test_a_unit_is_never_the_context() -> None:
    found = one("Forest loss in the state fell to 1,200 square kilometres.")
    assert (found.unit, found.context) == ("square kilometres", "loss")


def test_the_same_figure_twice_is_kept_once() -> None:
    found = figures(
        "Twenty-five soldiers were killed on Monday. The army said 25 soldiers were killed. "
        "Another 25 soldiers were wounded."
    )
    assert [(f.text, f.context) for f in found] == [
        ("Twenty-five soldiers", "soldiers killed"),
        ("25 soldiers", "soldiers wounded"),
    ]
    assert found[0].span.start == 0


def test_a_conversion_is_a_second_figure() -> None:
    found = figures("A collector paid 9,000 pounds ($11,700) for it.")
    assert [(f.value, f.unit) for f in found] == [(9000, "GBP"), (11700, "USD")]


@pytest.mark.parametrize(
    "text",
    [
        "Elections were held in 2024.",
        "The 2024 elections were close.",
        "The talks open on March 6, 2025.",
        "The talks open on 6 March.",
        "The train leaves at 10:30 GMT.",
        "It was the 13th time.",
        "He scored in the 88th minute.",
        "Veterans of World War Two met.",
        "It was popular in the 1990s.",
        "Call +44 171 542 6320 for details.",
        "Porto won 2-1 on Sunday.",
        "The match ended in a 1-1 draw.",
        "MI5 and the G20 met over COVID-19.",
        "One of them left.",
        "He will serve six months.",
        "The ban lasts 10 years.",
        "Between 1990 and 1995 nothing changed.",
        "Delegates from two countries and three cities came.",
        "The dispute lasted four decades.",
    ],
)
def test_not_figures(text: str) -> None:
    assert figures(text) == ()


def test_figures_are_in_reading_order_with_block_offsets() -> None:
    sentences = split_sentences(2, "Prices rose 3%. Then 200 workers quit.")
    found = extract_figures(sentences)
    assert [f.text for f in found] == ["3%", "200 workers"]
    assert all(f.span.block == 2 for f in found)


def test_ranges_and_approximations_round_trip() -> None:
    text = "The yen traded between 108 and 110 yen. About 300 people marched."
    item = enrich(read_bytes(article("Headline", text).encode(), "t.txt"))
    data = item.to_dict()
    validate_dict(data)
    assert [(f.get("value_max"), f.get("approximate")) for f in data["figures"]] == [
        (110, None),
        (None, True),
    ]
    assert type(item).from_dict(data) == item


def test_a_currency_priced_in_another_reads_as_an_exchange_rate() -> None:
    found = figures(
        "The euro stood at $1.048 on Friday. The dollar rose to 151.2 yen. Sterling fell "
        "to $1.21. The university received a $40 million grant."
    )
    shown = [(f.label, f.value_text) for f in key_figures(found)]
    assert ("per euro", "$1.05") in shown
    assert ("per dollar", "¥151.2") in shown
    assert ("per pound sterling", "$1.21") in shown
    assert ("grant", "$40 million") in shown  # money that is no rate keeps its label
