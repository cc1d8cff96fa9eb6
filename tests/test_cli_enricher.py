"""``docexport convert --enricher rules|spacy --spacy-model NAME`` and its config.

The spaCy pipeline is a blank English one with an entity ruler (built in
``tests/enrich/test_spacy_backend.py``), saved to a folder and named by path, so no
statistical model is needed.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from docexport import enrich as enrich_module
from docexport.cli import ENRICHERS, cli
from tests.conftest import SEED, article
from tests.enrich.test_spacy_backend import HEADLINE, PARAGRAPHS, build_pipeline


def run(*args: str, cwd: Path | None = None):
    runner = CliRunner()
    if cwd is None:
        return runner.invoke(cli, list(args), catch_exceptions=False)
    with runner.isolated_filesystem(temp_dir=cwd):
        return runner.invoke(cli, list(args), catch_exceptions=False)


@pytest.fixture(scope="module")
def model(tmp_path_factory: pytest.TempPathFactory) -> str:
    return str(build_pipeline(tmp_path_factory.mktemp("spacy") / "ruler"))


@pytest.fixture
def story(tmp_path: Path) -> Path:
    path = tmp_path / "story.txt"
    path.write_text(article(HEADLINE, *PARAGRAPHS), "utf-8")
    return path


def _entities(output: bytes) -> dict[str, str]:
    return {e["name"]: e["type"] for e in json.loads(output)["entities"]}


def test_the_cli_offers_the_enrichers_the_library_knows() -> None:
    assert ENRICHERS == enrich_module.ENRICHERS
    help_text = run("convert", "--help").output
    assert "--enricher [rules|spacy]" in help_text
    assert "--spacy-model NAME" in help_text
    assert "python -m spacy download en_core_web_sm" in " ".join(help_text.split())


def test_spacy_enricher_takes_entities_from_the_pipeline(story: Path, model: str) -> None:
    result = run("convert", str(story), "--to", "json", "--enricher", "spacy",
                 "--spacy-model", model)  # fmt: skip
    assert result.exit_code == 0, result.stderr
    found = _entities(result.stdout_bytes)
    assert found["easyJet"] == "organisation"
    assert found["Ulemiste Airport"] == "place"
    assert "Kaja Tamm" not in found  # not in the ruler's patterns


def test_the_default_is_the_rules(story: Path) -> None:
    default = run("convert", str(story), "--to", "json")
    rules = run("convert", str(story), "--to", "json", "--enricher", "rules")
    assert default.exit_code == rules.exit_code == 0
    assert default.stdout_bytes == rules.stdout_bytes
    assert "easyJet" not in _entities(default.stdout_bytes)


def test_a_missing_model_is_a_usage_error_of_one_line(story: Path, tmp_path: Path) -> None:
    result = run("convert", str(story), "--enricher", "spacy",
                 "--spacy-model", str(tmp_path / "nothing-here"))  # fmt: skip
    assert result.exit_code == 2
    [error] = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert "pip install 'docexport[spacy]'" in error
    assert "python -m spacy download" in error
    assert "Traceback" not in result.stderr


def test_no_enrich_never_loads_the_model(story: Path, tmp_path: Path) -> None:
    result = run("convert", str(story), "--to", "json", "--no-enrich", "--enricher", "spacy",
                 "--spacy-model", str(tmp_path / "nothing-here"))  # fmt: skip
    assert result.exit_code == 0, result.stderr


@pytest.mark.parametrize("enricher", ["stanza", "combined"])  # combined: measured, left out
def test_an_unknown_enricher_is_a_usage_error(story: Path, enricher: str) -> None:
    result = run("convert", str(story), "--enricher", enricher)
    assert result.exit_code == 2
    assert enricher in result.stderr


def test_the_config_file_can_choose_the_enricher(story: Path, model: str, tmp_path: Path) -> None:
    config = tmp_path / "docexport.toml"
    config.write_text(f'enricher = "spacy"\nspacy_model = {json.dumps(model)}\n', "utf-8")
    result = run("convert", str(story), "--to", "json", "--config", str(config))
    assert result.exit_code == 0, result.stderr
    assert "easyJet" in _entities(result.stdout_bytes)
    overridden = run("convert", str(story), "--to", "json", "--config", str(config),
                     "--enricher", "rules")  # fmt: skip
    assert "easyJet" not in _entities(overridden.stdout_bytes)  # the command line wins


def test_a_bad_enricher_in_the_config_file_is_a_usage_error(story: Path, tmp_path: Path) -> None:
    config = tmp_path / "docexport.toml"
    config.write_text('enricher = "magic"\n', "utf-8")
    result = run("convert", str(story), "--config", str(config))
    assert result.exit_code == 2
    assert "'magic' is not one of rules, spacy" in result.stderr


def test_a_real_default_conversion_never_imports_spacy(tmp_path: Path) -> None:
    probe = (
        "import sys\nfrom docexport.cli import main\ntry:\n    main()\nfinally:\n"
        "    print('SPACY', 'spacy' in sys.modules, file=sys.stderr)\n"
    )
    out = tmp_path / "seed.json"
    result = subprocess.run(
        [sys.executable, "-c", probe, "convert", str(SEED), "--to", "json", "-o", str(out)],
        capture_output=True, text=True, check=False, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "SPACY False" in result.stderr
    assert json.loads(out.read_text("utf-8"))["entities"]
