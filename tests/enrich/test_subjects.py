"""IPTC Media Topics chosen for small hand-written articles (``enrich/subjects.py``)."""

from __future__ import annotations

import pytest

from docexport.enrich.gazetteer import load_mediatopics, load_topic_cues
from docexport.enrich.subjects import MAX_SUBJECTS, choose_subjects, level1_scores
from docexport.enrich.text import split_sentences
from docexport.model import Origin, Subject


def level1(qcode: str) -> str:
    topics = load_mediatopics()
    while topics[qcode][1]:
        qcode = topics[qcode][1][0]
    return qcode


def subjects(headline: str, *paragraphs: str) -> tuple[Subject, ...]:
    sentences = [s for i, p in enumerate(paragraphs, 1) for s in split_sentences(i, p)]
    return choose_subjects(headline, sentences, ())


ARTICLES = {
    "football match report": (
        "Late header sends Rovers top of the table",
        (
            "A stoppage-time header from the Rovers captain beat Albion 2-1 on Saturday and "
            "lifted his side to the top of the league. Albion's goalkeeper had saved a penalty "
            "before half-time, and the visiting fans sang throughout the second half."
        ),
        "medtop:15000000",
        "medtop:20001065",
    ),
    "central bank decision": (
        "Central bank holds rates as inflation cools",
        (
            "The central bank kept its benchmark interest rate at 4.5 per cent on Thursday, "
            "saying consumer prices had risen more slowly than expected. Economists had "
            "forecast the pause; bond yields fell and the currency weakened after the decision."
        ),
        "medtop:04000000",
        "medtop:20000371",
    ),
    "election": (
        "Opposition leader concedes after close vote",
        (
            "The opposition leader conceded defeat on Monday after the governing party won "
            "the general election by fewer than 2,000 votes. Turnout was 61 per cent, and the "
            "prime minister promised to form a cabinet before parliament returns."
        ),
        "medtop:11000000",
        "medtop:20000574",
    ),
    "earthquake": (
        "Strong earthquake shakes coastal towns",
        (
            "A magnitude 6.8 earthquake struck off the coast early on Tuesday, collapsing "
            "houses and cutting power to thousands. Rescue teams searched the rubble for "
            "survivors, and officials said the death toll was likely to rise as aftershocks "
            "continued."
        ),
        "medtop:03000000",
        "medtop:20000153",
    ),
    "court verdict": (
        "Jury finds former mayor guilty of bribery",
        (
            "A jury found the former mayor guilty of taking bribes from building firms. The "
            "judge said he would be sentenced next month; prosecutors asked for a prison "
            "term, and his lawyer said the defence would appeal the verdict."
        ),
        "medtop:02000000",
        "medtop:20000111",
    ),
    "drug trial": (
        "New pill halves relapse risk in clinical trial",
        (
            "Patients with early breast cancer who took the drug were half as likely to see "
            "the disease return, doctors told a medical conference. The treatment will now be "
            "reviewed by health regulators, and hospitals could prescribe it next year."
        ),
        "medtop:07000000",
        "medtop:20000446",
    ),
    "film festival": (
        "Debut feature wins top prize at film festival",
        (
            "A first-time director took the festival's main award on Sunday for a film about "
            "two sisters running a cinema. The actress in the lead role thanked the jury, and "
            "critics praised the screenplay."
        ),
        "medtop:01000000",
        "medtop:20000005",
    ),
    "storm forecast": (
        "Forecasters warn of gales and heavy rain",
        (
            "The national weather service issued a severe weather warning for the weekend, "
            "forecasting gales of up to 80 mph and heavy rain. Temperatures will drop sharply "
            "behind the storm, with snow possible on high ground."
        ),
        "medtop:17000000",
        "medtop:20001128",
    ),
    "rail strike": (
        "Rail workers walk out over pay",
        (
            "Thousands of rail workers began a 48-hour strike on Wednesday after their union "
            "rejected a pay deal. Union leaders said wages had fallen behind prices, and "
            "pickets gathered outside the main stations."
        ),
        "medtop:09000000",
        "medtop:20000530",
    ),
    "space mission": (
        "Probe sends first pictures from Mars orbit",
        (
            "The spacecraft entered orbit around Mars on Friday and sent back its first "
            "images, the space agency said. Scientists will use its instruments to study the "
            "planet's thin atmosphere for two years."
        ),
        "medtop:13000000",
        "medtop:20000739",
    ),
}


@pytest.mark.parametrize("name", ARTICLES)
def test_article_gets_its_field_first_and_a_confident_narrower_topic(name: str) -> None:
    headline, body, field, narrower = ARTICLES[name]
    found = subjects(headline, body)
    assert found, f"{name}: no topic"
    assert level1(found[0].qcode) == field
    assert narrower in {s.qcode for s in found}


def test_text_without_topical_words_gets_no_topic() -> None:
    # Coverage against precision: a field is given on one headline cue or two in the
    # text; plain narration with none gets nothing rather than a guess.
    assert subjects("A quiet afternoon", "They talked for an hour and then walked home.") == ()


def test_a_field_is_given_alone_only_when_nothing_narrower_is_sure() -> None:
    headline, body, field, _ = ARTICLES["central bank decision"]
    found = subjects(headline, body)
    assert field not in {s.qcode for s in found}  # its narrower topics name it already
    assert {level1(s.qcode) for s in found} == {field}
    vague = subjects("Markets and the economy", "Shares rose. The company said sales grew.")
    assert [s.qcode for s in vague] == ["medtop:04000000"]


def test_a_weak_second_reading_adds_no_narrow_topic() -> None:
    # One passing mention of a court is not enough for a crime topic in a sports story.
    found = subjects(
        "Champions beat leaders to close the gap",
        "The champions won 3-0 at the leaders' stadium, their striker scoring twice before "
        "half-time. The coach, cleared by a court last year, praised the team.",
    )
    assert level1(found[0].qcode) == "medtop:15000000"
    assert not any(s.qcode.startswith("medtop:2000010") for s in found)  # no court/trial


def test_names_and_broader_chains_are_the_official_ones(mediatopics) -> None:
    for headline, body, *_ in ARTICLES.values():
        for subject in subjects(headline, body):
            official = mediatopics[subject.qcode]
            assert subject.name == official["label"]
            assert list(subject.broader) == official["broader"]
            assert subject.origin is Origin.MACHINE


def test_at_most_five_subjects() -> None:
    text = " ".join(body for _, body, *_ in ARTICLES.values())
    assert 0 < len(subjects("News of the day", text)) <= MAX_SUBJECTS


def test_many_word_cue_takes_its_words() -> None:
    # "clinical trial" is health, not the court's "trial"; "European Union" is no trade union.
    scores = dict(level1_scores("Clinical trial ends early", split_sentences(1, "It worked.")))
    assert "medtop:07000000" in scores
    assert "medtop:02000000" not in scores
    eu = dict(level1_scores("European Union talks", split_sentences(1, "They met.")))
    assert "medtop:09000000" not in eu


def test_possessive_does_not_hide_a_cue() -> None:
    scores = dict(level1_scores("The government's plan", split_sentences(1, "Nothing else.")))
    assert "medtop:11000000" in scores


def test_same_input_same_output() -> None:
    headline, body, *_ = ARTICLES["earthquake"]
    assert subjects(headline, body) == subjects(headline, body)
    assert level1_scores(headline, split_sentences(1, body)) == level1_scores(
        headline, split_sentences(1, body)
    )


def test_every_cue_row_names_an_official_topic(mediatopics) -> None:
    for qcode, cues in load_topic_cues():
        assert qcode in mediatopics, qcode
        assert all(c and c == c.lower() for c in cues), qcode


SHORT_ITEMS = {
    # Short wire items: a headline and a sentence or a table, little room for many cues.
    "results table": (
        "ICE HOCKEY - LEAGUE STANDINGS AFTER SATURDAY'S GAMES",
        (
            "Standings after Saturday's games (tabulate under won, lost, tied, points): "
            "Northfield 12 4 2 26, Eastport 11 6 1 23, Lakeside 9 8 1 19."
        ),
        "medtop:15000000",
    ),
    "market report": (
        "Wheat futures ease on harvest outlook",
        (
            "Chicago wheat futures slipped 4 cents a bushel as dealers priced in a large "
            "harvest; corn and soybean contracts were steady."
        ),
        "medtop:04000000",
    ),
    "tech product launch": (
        "Handheld maker unveils slimmer model",
        (
            "The new handheld runs an updated operating system and syncs with desktop "
            "computers over Bluetooth."
        ),
        "medtop:13000000",
    ),
    "all-caps sports headline": (
        "UNSEEDED TEENAGER REACHES SEMI-FINAL",
        "She saved two match points before winning the tie-break in front of her family.",
        "medtop:15000000",
    ),
    "baseball brief": (
        "Late homer lifts visitors",
        "A two-run homer in the ninth inning settled it after a long, tense afternoon.",
        "medtop:15000000",
    ),
}


@pytest.mark.parametrize("name", SHORT_ITEMS)
def test_short_item_gets_its_field(name: str) -> None:
    headline, body, field = SHORT_ITEMS[name]
    found = subjects(headline, body)
    assert found, f"{name}: no topic"
    assert level1(found[0].qcode) == field


def test_one_lead_cue_is_enough_only_for_a_short_item() -> None:
    # A single cue in the first sentence decides a brief; in a long text it is not enough,
    # nor in a fragment too short to be a brief.
    lead = "The rookie was cheered by the crowd as the doors closed late on Friday night."
    brief = subjects("An evening to remember", lead)
    assert [level1(s.qcode) for s in brief] == ["medtop:15000000"]
    filler = " ".join(["They talked for an hour and then walked home."] * 12)
    assert subjects("An evening to remember", lead + " " + filler) == ()
    assert subjects("An evening", "The rookie was cheered.") == ()


def test_a_tie_between_single_cues_in_a_short_item_gives_nothing() -> None:
    # One sport cue and one science cue, equally placed: a guess, so no topic.
    lead = "The rookie met the astronaut as the doors closed late on Friday night."
    assert subjects("An evening to remember", lead) == ()
