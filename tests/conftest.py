"""Shared fixtures: the IPTC reference files in ../shared, schema validators, sample bytes.

The official schemas are never copied into this repo. Tests find them in ``../shared``
beside the checkout, or wherever ``DOCEXPORT_SHARED`` points. Where they are absent the
tests that need them skip with a reason, unless ``DOCEXPORT_REQUIRE_SHARED=1`` (set by
``.ci/run``), which turns that skip into a failure so CI always validates.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "seeds" / "pentagon-iraq-raid.txt"
DATA = Path(__file__).resolve().parent / "data"


def shared_path(*parts: str) -> Path:
    """A file under the shared reference folder, or skip/fail when it is missing."""
    root = Path(os.environ.get("DOCEXPORT_SHARED", REPO.parent / "shared"))
    path = root.joinpath(*parts)
    if not path.exists():
        reason = f"IPTC reference file {path} not found (set DOCEXPORT_SHARED to ../shared)"
        if os.environ.get("DOCEXPORT_REQUIRE_SHARED") == "1":
            pytest.fail(reason + "; DOCEXPORT_REQUIRE_SHARED=1 forbids skipping")
        pytest.skip(reason)
    return path


def system_tool(*names: str) -> str:
    """The path of the first of ``names`` on PATH, or skip/fail when none is installed.

    LibreOffice, poppler-utils and Chromium come from the system's packages, not pip;
    ``.ci/run`` installs them and sets ``DOCEXPORT_REQUIRE_TOOLS=1`` so that CI never
    skips the tests that use them.
    """
    for name in names:
        if found := shutil.which(name):
            return found
    reason = f"{' or '.join(names)} is not installed (a system package)"
    if os.environ.get("DOCEXPORT_REQUIRE_TOOLS") == "1":
        pytest.fail(reason + "; DOCEXPORT_REQUIRE_TOOLS=1 forbids skipping")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def newsml_schema() -> Any:
    xsd = shared_path("newsml-g2", "NewsML-G2_2.35-spec-All-Power.xsd")
    return etree.XMLSchema(etree.parse(str(xsd), etree.XMLParser(no_network=True)))


@pytest.fixture(scope="session")
def newsml_catalog_aliases() -> set[str]:
    catalog = etree.parse(str(shared_path("newsml-g2", "catalog.IPTC-G2-Standards_41.xml")))
    ns = {"n": "http://iptc.org/std/nar/2006-10-01/"}
    return {s.get("alias") for s in catalog.iterfind(".//n:scheme", ns)}


@pytest.fixture(scope="session")
def mediatopics() -> dict[str, Any]:
    table: dict[str, Any] = json.loads(
        shared_path("iptc-vocab", "mediatopics-en.json").read_text("utf-8")
    )
    return table


@pytest.fixture
def seed_bytes() -> bytes:
    return SEED.read_bytes()


def article(headline: str, *paragraphs: str, date: str | None = "2024-10-22") -> str:
    """A plain-text article in the seed format."""
    first = f" date {date} {headline}" if date else headline
    return "\n\n".join([first, *paragraphs]) + "\n"
