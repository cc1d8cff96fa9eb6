"""The spaCy entity backend (``enricher="spacy"``) on a real spaCy pipeline.

No statistical model is needed: each test builds a blank English pipeline with an entity
ruler whose hand-written patterns say exactly which spans are entities, saves it to disk
and passes its folder as the model, as a user would pass ``--spacy-model PATH``.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from docexport.enrich import HEADLINE_BLOCK, EnricherError, enrich
from docexport.enrich.spacy_backend import load_pipeline
from docexport.model import Entity, EntityType, NewsItem, Span
from docexport.readers import get_reader, read_data
from tests.conftest import article

spacy = pytest.importorskip("spacy", reason="spaCy is not installed (docexport[spacy] extra)")

PATTERNS = [
    {"label": "PERSON", "pattern": "Marta Ilves"},
    {"label": "PERSON", "pattern": "Ilves"},
    {"label": "ORG", "pattern": [{"LOWER": "the"}, {"TEXT": "Baltic"}, {"TEXT": "Grain"},
                                 {"TEXT": "Board"}]},
    {"label": "ORG", "pattern": "easyJet"},
    {"label": "ORG", "pattern": "Hollow Pine Collective"},
    {"label": "GPE", "pattern": "Tallinn"},
    {"label": "GPE", "pattern": "Riga"},
    {"label": "FAC", "pattern": "Ulemiste Airport"},
    {"label": "NORP", "pattern": "Estonian"},
    {"label": "DATE", "pattern": "Monday"},
]  # fmt: skip

HEADLINE = "Ilves opens grain talks in Tallinn"
PARAGRAPHS = (
    "Minister Marta Ilves met the Baltic Grain Board in Tallinn on Monday, officials said.",
    '"The harvest is safe," Ilves said after the meeting.',
    "Grain will leave from Ulemiste Airport for Riga on easyJet freighters, Kaja Tamm said.",
    "Traders from Jordan, Estonian buyers and the Hollow Pine Collective joined the talks.",
)


def build_pipeline(where: Path) -> Path:
    """A blank English pipeline whose only component is an entity ruler, saved to disk."""
    nlp = spacy.blank("en")
    nlp.add_pipe("entity_ruler").add_patterns(PATTERNS)
    nlp.to_disk(where)
    return where


@pytest.fixture(scope="module")
def model(tmp_path_factory: pytest.TempPathFactory) -> str:
    return str(build_pipeline(tmp_path_factory.mktemp("spacy") / "ruler"))


def _item(headline: str = HEADLINE, *paragraphs: str) -> NewsItem:
    text = article(headline, *(paragraphs or PARAGRAPHS))
    return read_data(text.encode(), "story.txt", get_reader("text"))


def _by_name(item: NewsItem) -> dict[str, Entity]:
    found: dict[str, Entity] = {}
    for entity in item.entities or ():
        assert entity.name not in found, f"{entity.name} twice"
        found[entity.name] = entity
    return found


def _span(item: NewsItem, block: int, surface: str, nth: int = 0) -> Span:
    text = item.headline if block == HEADLINE_BLOCK else item.body[block].text
    start = -1
    for _ in range(nth + 1):
        start = text.index(surface, start + 1)
    return Span(block=block, start=start, end=start + len(surface))


def test_labels_map_to_our_types_with_block_offsets(model: str) -> None:
    item = enrich(_item(), enricher="spacy", spacy_model=model)
    found = _by_name(item)
    ilves = found["Marta Ilves"]
    assert ilves.type is EntityType.PERSON
    assert ilves.titles == ("Minister",)  # kept apart from the name
    assert _span(item, HEADLINE_BLOCK, "Ilves") in ilves.mentions
    assert _span(item, 0, "Marta Ilves") in ilves.mentions
    assert _span(item, 1, "Ilves") in ilves.mentions  # the lone surname joins the full name
    board = found["Baltic Grain Board"]
    assert board.type is EntityType.ORGANISATION
    assert board.mentions == (_span(item, 0, "Baltic Grain Board"),)  # "the" trimmed
    assert found["easyJet"].type is EntityType.ORGANISATION
    assert found["Ulemiste Airport"].type is EntityType.PLACE
    assert "Estonian" not in found  # NORP, dates and the rest have no slot
    assert "Monday" not in found


def test_places_are_resolved_through_the_gazetteer(model: str) -> None:
    found = _by_name(enrich(_item(), enricher="spacy", spacy_model=model))
    tallinn = found["Tallinn"]
    assert (tallinn.type, tallinn.country_code, tallinn.geonames_id) == (
        EntityType.PLACE,
        "EE",
        588409,
    )
    assert len(tallinn.mentions) == 2  # headline and body, one place
    assert found["Riga"].country_code == "LV"
    assert found["Ulemiste Airport"].geonames_id is None  # not in the gazetteer: no codes


def test_quotes_are_attributed_to_a_spacy_person(model: str) -> None:
    item = enrich(_item(), enricher="spacy", spacy_model=model)
    [quote] = item.quotes or ()
    assert quote.text.startswith("The harvest is safe")
    assert quote.speaker == "Marta Ilves"
    assert item.summary
    assert item.figures is not None
    assert item.subjects is not None


def test_rules_is_the_default_and_spacy_only_sees_its_ruler(model: str) -> None:
    rules = enrich(_item())
    assert rules == enrich(_item(), enricher="rules")
    spacy_names = set(_by_name(enrich(_item(), enricher="spacy", spacy_model=model)))
    assert "Kaja Tamm" not in spacy_names  # no pattern for her: spaCy alone misses her
    assert "easyJet" not in {
        entity.name for entity in rules.entities or ()
    }  # a lower-case brand: the rules miss it


def test_the_same_input_gives_the_same_output(model: str) -> None:
    first = enrich(_item(), enricher="spacy", spacy_model=model)
    assert enrich(_item(), enricher="spacy", spacy_model=model) == first


def test_a_pipeline_loads_once_per_name(model: str) -> None:
    assert load_pipeline(model) is load_pipeline(model)
    assert "parser" not in load_pipeline(model).pipe_names


def test_a_block_over_the_chunk_size_keeps_its_offsets(model: str) -> None:
    long_block = "Grain prices held steady all week. " * 3000 + "Marta Ilves spoke in Riga."
    item = enrich(_item("Grain report", long_block), enricher="spacy", spacy_model=model)
    found = _by_name(item)
    assert found["Marta Ilves"].mentions == (_span(item, 0, "Marta Ilves"),)
    assert found["Riga"].mentions == (_span(item, 0, "Riga"),)


def test_a_missing_model_is_one_line_naming_what_to_install(tmp_path: Path) -> None:
    with pytest.raises(EnricherError) as caught:
        enrich(_item(), enricher="spacy", spacy_model=str(tmp_path / "no-such-pipeline"))
    message = str(caught.value)
    assert "\n" not in message
    assert "pip install 'docexport[spacy]'" in message
    assert "python -m spacy download" in message


def test_missing_spacy_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "spacy", None)  # what `import spacy` meets without it
    with pytest.raises(EnricherError, match=r"pip install 'docexport\[spacy\]'"):
        enrich(_item(), enricher="spacy", spacy_model="never_loaded_model")


@pytest.mark.parametrize("enricher", ["stanza", "combined"])  # combined: measured, left out
def test_an_unknown_enricher_is_refused(enricher: str) -> None:
    with pytest.raises(EnricherError, match=r"known: rules, spacy\)"):
        enrich(_item(), enricher=enricher)


def test_the_default_enrichment_never_imports_spacy() -> None:
    probe = (
        "import sys\n"
        "from docexport.enrich import enrich\n"
        "from docexport.readers import get_reader, read_data\n"
        "text = b' date 2024-10-22 Talks in Tallinn\\n\\nMarta Ilves met the board.\\n'\n"
        "item = enrich(read_data(text, 'x.txt', get_reader('text')))\n"
        "assert item.entities, item\n"
        "print('SPACY', 'spacy' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=False, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "SPACY False"
